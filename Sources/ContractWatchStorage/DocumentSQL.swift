/// Where a version's source document is kept, in both engines' SQL: in `version_documents` once
/// compacted, in `pending_documents` from its ingest until then (``DocumentCompaction``); never
/// in both.
enum DocumentSQL {
    /// The joins that find the document of version `v`, wherever it is (as `d` or `p`).
    static let joins = """
        LEFT JOIN version_documents d ON d.version_id = v.id LEFT JOIN pending_documents p ON p.version_id = v.id
        """

    /// The document of version `v` with ``joins``: its bytes, its encoding and the version's id,
    /// the columns of ``StoredDocument``.
    static let columns = "coalesce(d.raw_document, p.raw_document), coalesce(d.raw_encoding, p.raw_encoding), v.id"

    /// The newest documents: the limit is bound three times.
    static let newest = """
        SELECT raw_document, raw_encoding, version_id FROM (
            SELECT raw_document, raw_encoding, version_id FROM version_documents ORDER BY version_id DESC LIMIT ?
        ) AS compacted
        UNION ALL
        SELECT raw_document, raw_encoding, version_id FROM (
            SELECT raw_document, raw_encoding, version_id FROM pending_documents ORDER BY version_id DESC LIMIT ?
        ) AS pending
        ORDER BY version_id DESC LIMIT ?
        """

    /// How many documents the store holds, counted no further than the limit in each table
    /// (bound twice): a store short of the mark pays little per batch.
    static let countUpTo = """
        SELECT (SELECT count(*) FROM (SELECT 1 FROM version_documents LIMIT ?) AS compacted)
            + (SELECT count(*) FROM (SELECT 1 FROM pending_documents LIMIT ?) AS pending)
        """

    /// The oldest documents waiting to be compacted (the limit bound once).
    static let oldestPending =
        "SELECT raw_document, raw_encoding, version_id FROM pending_documents ORDER BY version_id LIMIT ?"
}
