-- Each event keeps its action's vendor, so that a vendor's feed reads its newest detections by
-- index and stops at the page (EventSQL.conditions), as SQLite's migration 027 does.
ALTER TABLE events ADD COLUMN vendor_id BIGINT REFERENCES vendors(id);
UPDATE events e SET vendor_id = a.vendor_id FROM actions a WHERE a.id = e.action_id;
CREATE INDEX events_by_vendor_newest_detected ON events (vendor_id, detected_at DESC, id DESC)
    WHERE vendor_id IS NOT NULL;
