import Foundation
import PostgresNIO

extension PostgresStore {
    /// Runs `body` with a reader of this store's tables inside one repeatable-read transaction:
    /// one snapshot, whatever writes beside it.
    func withTableReader<Result: Sendable>(
        _ body: (any StoreTableReader) async throws -> Result
    ) async throws -> Result {
        try await read { session in try await body(PostgresTableReader(session: session)) }
    }

    /// Runs `body` with a writer of this store's tables inside one write transaction: a copy
    /// lands whole or not at all.
    func withTableWriter<Result: Sendable>(
        _ body: (any StoreTableWriter) async throws -> Result
    ) async throws -> Result {
        try await write { session in try await body(PostgresTableWriter(session: session)) }
    }
}

private struct PostgresTableReader: StoreTableReader {
    let session: PostgresSession

    func rows(of table: StoreTable, after key: [SQLArgument]?, limit: Int) async throws -> [[SQLArgument]] {
        try await session.rows(table.pageSelect(after: key != nil), (key ?? []) + [SQLArgument.integer(Int64(limit))])
            .map { row in
                try table.columns.indices.map { index in try Self.value(row[index], as: table.columns[index].type) }
            }
    }

    private static func value(_ cell: PostgresCell, as type: StoreTable.ColumnType) throws -> SQLArgument {
        switch type {
        case .integer: .integer(try cell.decode(Int64?.self))
        case .real: .real(try cell.decode(Double?.self))
        case .text: .text(try cell.decode(String?.self))
        case .boolean: .boolean(try cell.decode(Bool?.self))
        case .bytes: .bytes(Data(try cell.decode(ByteBuffer.self).readableBytesView))
        }
    }
}

private struct PostgresTableWriter: StoreTableWriter {
    let session: PostgresSession

    func isEmpty() async throws -> Bool {
        let tables = StoreTable.copied.map { "SELECT 1 FROM \($0.name)" }.joined(separator: " UNION ALL ")
        return try await session.value("SELECT NOT EXISTS (\(tables))", as: Bool.self) ?? true
    }

    func insert(_ rows: [[SQLArgument]], into table: StoreTable) async throws {
        try await session.execute(table.insert(rows: rows.count), Array(rows.joined()))
    }

    func setLaterReferences(_ rows: [[SQLArgument]], of table: StoreTable) async throws {
        let keyCount = table.key.count
        for row in rows {
            try await session.execute(table.laterReferenceUpdate, Array(row.dropFirst(keyCount) + row.prefix(keyCount)))
        }
    }

    func finish() async throws {
        // The index as `PostgresBatchWriter` writes it, from the same text.
        var rows: [(id: Int64, texts: [String], signedDate: String)] = []
        try await session.forEachRow(StoreTable.searchTextSelect) { row in
            rows.append(
                (
                    try row.value(0),
                    try (1...4).map { PostgresFullText.words(try row.value($0, as: String?.self) ?? "") },
                    try row.value(5, as: String?.self) ?? ""
                ))
        }
        // A thousand rows a statement, as arrays: one round trip each, not one per row.
        for start in stride(from: 0, to: rows.count, by: 1000) {
            let chunk = rows[start..<min(rows.count, start + 1000)]
            let texts = (0..<4).map { column in chunk.map { $0.texts[column] } }
            try await session.execute(
                query: """
                        INSERT INTO action_search (action_id, document)
                    SELECT id, \(unescaped: PostgresBatchWriter.searchDocument(["a", "b", "c", "d"], signedDate: "e"))
                    FROM unnest(
                        \(chunk.map(\.id)), \(texts[0]), \(texts[1]), \(texts[2]), \(texts[3]), \(chunk.map(\.signedDate)))
                        AS t(id, a, b, c, d, e)
                    """)
        }
        try await session.execute(ActionAgencySQL.fill)
        // Rows copied with their ids leave each identity's sequence behind them.
        for table in StoreTable.copied where table.hasGeneratedID {
            try await session.execute(
                "SELECT setval(pg_get_serial_sequence(?, 'id'), coalesce(max(id), 0) + 1, false) FROM \(table.name)",
                [table.name])
        }
    }
}
