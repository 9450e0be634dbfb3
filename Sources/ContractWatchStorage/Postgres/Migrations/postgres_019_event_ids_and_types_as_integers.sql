-- An event's id and type are kept as integers (EventCodes), as SQLite's migration 033: the id as
-- the 64 bits its 16 hex digits spell, the top bit flipped so that the integers order as the texts
-- did; the type as its code, which event_types names. Alerts keep their event's id as the event
-- does. The indexes that hold them are made again with the tables. An id that is not hex fails
-- the cast to bit(64), and a type this list does not name fails NOT NULL: the migration stops.
CREATE TABLE event_types (
    code SMALLINT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
INSERT INTO event_types (code, name) VALUES
    (1, 'award'), (2, 'order'), (3, 'idv_award'), (4, 'option_exercised'), (5, 'funding'),
    (6, 'deobligation'), (7, 'value_increase'), (8, 'value_decrease'), (9, 'period_extended'),
    (10, 'period_shortened'), (11, 'stop_work_issued'), (12, 'stop_work_lifted'),
    (13, 'work_suspended'), (14, 'work_resumed'), (15, 'terminated_for_convenience'),
    (16, 'terminated_for_default'), (17, 'terminated_for_cause'), (18, 'cancelled'),
    (19, 'reinstated'), (20, 'novation'), (21, 'vendor_identity_change'), (22, 'piid_change'),
    (23, 'closeout'), (24, 'change_order'), (25, 'supplemental_agreement'), (26, 'administrative'),
    (27, 'record_corrected'), (28, 'record_deleted');

ALTER TABLE events
    ALTER COLUMN id TYPE BIGINT USING ('x' || substr(id, 4, 16))::bit(64)::bigint # (-9223372036854775807 - 1),
    ALTER COLUMN type TYPE SMALLINT USING CASE type
        WHEN 'award' THEN 1
        WHEN 'order' THEN 2
        WHEN 'idv_award' THEN 3
        WHEN 'option_exercised' THEN 4
        WHEN 'funding' THEN 5
        WHEN 'deobligation' THEN 6
        WHEN 'value_increase' THEN 7
        WHEN 'value_decrease' THEN 8
        WHEN 'period_extended' THEN 9
        WHEN 'period_shortened' THEN 10
        WHEN 'stop_work_issued' THEN 11
        WHEN 'stop_work_lifted' THEN 12
        WHEN 'work_suspended' THEN 13
        WHEN 'work_resumed' THEN 14
        WHEN 'terminated_for_convenience' THEN 15
        WHEN 'terminated_for_default' THEN 16
        WHEN 'terminated_for_cause' THEN 17
        WHEN 'cancelled' THEN 18
        WHEN 'reinstated' THEN 19
        WHEN 'novation' THEN 20
        WHEN 'vendor_identity_change' THEN 21
        WHEN 'piid_change' THEN 22
        WHEN 'closeout' THEN 23
        WHEN 'change_order' THEN 24
        WHEN 'supplemental_agreement' THEN 25
        WHEN 'administrative' THEN 26
        WHEN 'record_corrected' THEN 27
        WHEN 'record_deleted' THEN 28
    END,
    ADD FOREIGN KEY (type) REFERENCES event_types(code);

ALTER TABLE alerts
    ALTER COLUMN event_id TYPE BIGINT
        USING ('x' || substr(event_id, 4, 16))::bit(64)::bigint # (-9223372036854775807 - 1);
