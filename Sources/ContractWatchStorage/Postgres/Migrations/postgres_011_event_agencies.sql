-- Each event keeps its action's agencies, so that an agency filter tests the event row alone as
-- the events listing walks them by date (as EventSQL.copyActionParties keeps them), as SQLite's migration
-- 023 does.
ALTER TABLE events ADD COLUMN contracting_agency_id TEXT;
ALTER TABLE events ADD COLUMN funding_agency_id TEXT;
UPDATE events e SET contracting_agency_id = cv.contracting_agency_id, funding_agency_id = cv.funding_agency_id
FROM actions a JOIN action_versions cv ON cv.id = a.current_version_id
WHERE a.id = e.action_id;
