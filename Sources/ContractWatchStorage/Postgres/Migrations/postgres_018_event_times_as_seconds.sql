-- An event's date and detection time are kept as integer seconds (EventTime), as SQLite's
-- migration 032: the date as the seconds after 1970-01-01T00:00:00 it would be read as UTC
-- (FPDS's dates name no zone), the detection time since the epoch. The indexes that hold them
-- are made again with the table.
ALTER TABLE events
    ALTER COLUMN date TYPE BIGINT USING extract(epoch FROM date::timestamp)::bigint,
    ALTER COLUMN detected_at TYPE BIGINT USING extract(epoch FROM detected_at::timestamptz)::bigint;
