-- Events by agency, in the listing's order, so that an agency filter reads its page from two
-- ranges per code (EventSQL.agencyListing), as SQLite's migration 026 does; the funding agency's
-- only where it is not the contracting agency's, which finds the event already. `date NULLS
-- FIRST`, as events_by_date: read backwards, undated events come last. A feed's rare agency is
-- read from action_agencies now, so the versions' agency indexes of 010 go.
CREATE INDEX events_by_contracting_agency ON events (contracting_agency_id, date NULLS FIRST, id);
CREATE INDEX events_by_funding_agency ON events (funding_agency_id, date NULLS FIRST, id)
    WHERE funding_agency_id IS DISTINCT FROM contracting_agency_id;
DROP INDEX action_versions_by_contracting_agency;
DROP INDEX action_versions_by_funding_agency;
