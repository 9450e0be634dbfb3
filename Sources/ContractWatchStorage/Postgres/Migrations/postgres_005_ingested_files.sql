-- Files whose every record the store holds, by the SHA-256 of their bytes: ingest passes over
-- them when they are read again (IngestedFile), unless asked to read them.
CREATE TABLE ingested_files (
    sha256 TEXT NOT NULL,
    as_deletions BOOLEAN NOT NULL,      -- read as deletion notices
    bytes BIGINT NOT NULL,
    path TEXT NOT NULL,                 -- where it was read from, the first time
    records BIGINT NOT NULL,
    ingested_at TEXT NOT NULL,
    PRIMARY KEY (sha256, as_deletions)
);
