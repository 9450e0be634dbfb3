-- Events are listed by date with undated events first, as SQLite orders NULL before every value;
-- PostgreSQL's default index order puts NULL last, so the listing sorted every event instead of
-- reading the index in order.
DROP INDEX events_by_date;
CREATE INDEX events_by_date ON events(date NULLS FIRST, id);
