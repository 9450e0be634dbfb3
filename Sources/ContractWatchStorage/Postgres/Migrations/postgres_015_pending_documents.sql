-- Documents are stored whole at ingest, in pending_documents, and compacted into
-- version_documents oldest first, as deltas against the document before each in their contract
-- (DocumentCompaction). Every document stored before waits to be compacted: the table is
-- renamed, so the migration copies nothing. As SQLite's migration 028.
ALTER TABLE version_documents RENAME TO pending_documents;
ALTER INDEX version_documents_pkey RENAME TO pending_documents_pkey;
CREATE TABLE version_documents (
    version_id BIGINT PRIMARY KEY REFERENCES action_versions(id),
    raw_document BYTEA NOT NULL,        -- the source bytes, compressed
    raw_encoding TEXT NOT NULL          -- zstd, zstd-dict:<id> or zstd-ref:<version id>
);
