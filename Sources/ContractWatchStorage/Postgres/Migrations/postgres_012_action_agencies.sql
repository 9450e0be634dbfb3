-- Each action's agency codes in the listing's order, so that an agency filter reads its page
-- from one range per code and stops there, wherever the agency's actions lie in time
-- (ActionAgencySQL), as SQLite's migration 025 does.
CREATE TABLE action_agencies (
    code TEXT NOT NULL,                 -- contracting or funding agency of the current version
    signed_date TEXT NOT NULL,          -- the action's, as actions hold it
    ordering_key BIGINT NOT NULL,
    action_id BIGINT NOT NULL REFERENCES actions(id),
    PRIMARY KEY (code, signed_date, ordering_key, action_id)
);
INSERT INTO action_agencies (code, signed_date, ordering_key, action_id)
SELECT code, signed_date, ordering_key, id FROM (
    SELECT v.contracting_agency_id AS code, a.signed_date, a.ordering_key, a.id
    FROM actions a JOIN action_versions v ON v.id = a.current_version_id
    WHERE v.contracting_agency_id IS NOT NULL
    UNION
    SELECT v.funding_agency_id, a.signed_date, a.ordering_key, a.id
    FROM actions a JOIN action_versions v ON v.id = a.current_version_id
    WHERE v.funding_agency_id IS NOT NULL
) AS codes
ORDER BY 1, 2, 3, 4;
