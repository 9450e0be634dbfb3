-- Each action's agency codes in the listing's order, so that an agency filter reads its page
-- from one range per code and stops there, wherever the agency's actions lie in time
-- (ActionAgencySQL), as SQLite's migration 025 does. PostgresDatabase appends ActionAgencySQL.fill,
-- which fills it from the actions' current versions.
CREATE TABLE action_agencies (
    code TEXT NOT NULL,                 -- contracting or funding agency of the current version
    signed_date TEXT NOT NULL,          -- the action's, as actions hold it
    ordering_key BIGINT NOT NULL,
    action_id BIGINT NOT NULL REFERENCES actions(id),
    PRIMARY KEY (code, signed_date, ordering_key, action_id)
);
