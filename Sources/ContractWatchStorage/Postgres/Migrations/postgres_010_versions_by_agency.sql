-- Versions by contracting and funding agency, so that an agency that signs few actions is read by
-- index rather than by walking every date (RareAgencySQL), as SQLite's migration 022 does.
CREATE INDEX action_versions_by_contracting_agency ON action_versions(contracting_agency_id);
CREATE INDEX action_versions_by_funding_agency ON action_versions(funding_agency_id);
