-- Each contract's timeline, stored by classification beside the events it derived from the same
-- snapshot (TimelineSummary's JSON), so that a citation tells it without reading the contract.
-- NULL until the contract is next classified: citations then read the whole contract.
ALTER TABLE contracts ADD COLUMN timeline_summary TEXT;
