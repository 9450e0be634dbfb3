-- A version keeps the times it was first and last seen as integer seconds since the epoch
-- (StoredTime), and an action none: its own were its versions' first and last, and nothing read
-- them. As SQLite's migration 034.
ALTER TABLE action_versions
    ALTER COLUMN first_seen TYPE BIGINT USING extract(epoch FROM first_seen::timestamptz)::bigint,
    ALTER COLUMN last_seen TYPE BIGINT USING extract(epoch FROM last_seen::timestamptz)::bigint;
ALTER TABLE actions DROP COLUMN first_seen, DROP COLUMN last_seen;
