import ContractWatchCore

/// The SQL both engines use to remember files ingested whole (`ingested_files`) and to look
/// them up by the SHA-256 of their bytes.
enum IngestedFileSQL {
    /// Remembers one file; a file already remembered keeps its first row.
    static let insert = """
        INSERT INTO ingested_files (sha256, as_deletions, bytes, path, records, ingested_at)
        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256, as_deletions) DO NOTHING
        """

    /// The values ``insert`` binds for `file`.
    static func arguments(_ file: IngestedFile) -> [SQLArgument] {
        [
            .text(file.sha256), .boolean(file.asDeletions), .integer(Int64(file.bytes)), .text(file.path),
            .integer(Int64(file.records)), .text(file.ingestedAt.description),
        ]
    }

    /// The files among `count` hashes, read one way (`as_deletions`, then each hash bound).
    /// Columns: `sha256`, `bytes`, `path`, `records`, `ingested_at`.
    static func select(count: Int) -> String {
        """
        SELECT sha256, bytes, path, records, ingested_at FROM ingested_files
        WHERE as_deletions = ? AND sha256 IN (\(Array(repeating: "?", count: count).joined(separator: ", ")))
        """
    }

    /// The values ``select(count:)`` binds.
    static func selectArguments(sha256: [String], asDeletions: Bool) -> [SQLArgument] {
        [.boolean(asDeletions)] + sha256.map { .text($0) }
    }

    /// One row of ``select(count:)``, read by the engine's accessors.
    static func file(
        sha256: String, bytes: Int64, path: String, records: Int64, ingestedAt: String, asDeletions: Bool
    ) -> IngestedFile {
        IngestedFile(
            sha256: sha256, asDeletions: asDeletions, bytes: Int(bytes), path: path, records: Int(records),
            ingestedAt: Timestamp(ingestedAt) ?? Timestamp(secondsSince1970: 0))
    }
}
