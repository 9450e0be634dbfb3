-- The detection latency summary reads (detected_at, latency) and feeds read (detected_at, id)
-- newest first: one index with all three serves both. As SQLite's migration 031.
DROP INDEX events_by_detection;
DROP INDEX events_newest_first;
CREATE INDEX events_newest_first ON events(detected_at DESC, id DESC, detection_latency_seconds);
