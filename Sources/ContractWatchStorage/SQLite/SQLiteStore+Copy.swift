import Foundation
import GRDB

extension SQLiteStore {
    /// Runs `body` with a reader of this store's tables that sees one snapshot throughout, so
    /// that a copy taken while a sync writes is the store as it was at one moment.
    func withTableReader<Result: Sendable>(
        _ body: (any StoreTableReader) async throws -> Result
    ) async throws -> Result {
        // A file store is a pool, whose snapshot holds one read transaction open; an in-memory
        // queue has no other writer to hide.
        let reader: any DatabaseReader = try (writer as? DatabasePool)?.makeSnapshot() ?? writer
        return try await body(SQLiteTableReader(reader: reader))
    }

    /// Creates the SQLite store at `path` for a copy: written beside it under a temporary name,
    /// then renamed into place once whole, so that a killed copy leaves no half-store at `path`.
    /// - Throws: ``StoreCopyError/targetExists(_:)`` when a file is at `path`.
    static func creatingCopy<Result: Sendable>(
        at path: String, _ body: (any StoreTableWriter) async throws -> Result
    ) async throws -> Result {
        guard !FileManager.default.fileExists(atPath: path) else { throw StoreCopyError.targetExists(path) }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let partial = path + ".partial"
        // What a killed copy left.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
        let result: Result
        do {
            let store = try SQLiteStore(path: partial)
            result = try await body(SQLiteTableWriter(writer: store.writer))
            // Everything into the file itself, so that the file alone is the store: closing
            // alone would not, for GRDB closes its read-only connections last, which cannot.
            _ = try await store.writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            try store.writer.close()
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
            throw error
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return result
    }
}

private struct SQLiteTableReader: StoreTableReader {
    let reader: any DatabaseReader

    func rows(of table: StoreTable, after key: [SQLArgument]?, limit: Int) async throws -> [[SQLArgument]] {
        let arguments = StatementArguments((key ?? []).map(\.databaseValue) + [limit.databaseValue])
        return try await reader.read { db in
            try Row.fetchAll(db, sql: table.pageSelect(after: key != nil), arguments: arguments).map { row in
                table.columns.indices.map { index in Self.value(row[index], as: table.columns[index].type) }
            }
        }
    }

    private static func value(_ value: DatabaseValue, as type: StoreTable.ColumnType) -> SQLArgument {
        switch type {
        case .integer: .integer(Int64.fromDatabaseValue(value))
        case .real: .real(Double.fromDatabaseValue(value))
        case .text: .text(String.fromDatabaseValue(value))
        case .boolean: .boolean(Bool.fromDatabaseValue(value))
        case .bytes: .bytes(Data.fromDatabaseValue(value) ?? Data())
        }
    }
}

private struct SQLiteTableWriter: StoreTableWriter {
    let writer: any DatabaseWriter

    func isEmpty() async throws -> Bool {
        try await writer.read { db in
            try StoreTable.copied.allSatisfy { table in
                try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM \(table.name))") ?? true
            }
        }
    }

    func insert(_ rows: [[SQLArgument]], into table: StoreTable) async throws {
        try await writer.write { db in
            try db.execute(
                sql: table.insert(rows: rows.count), arguments: StatementArguments(rows.joined().map(\.databaseValue)))
        }
    }

    func setLaterReferences(_ rows: [[SQLArgument]], of table: StoreTable) async throws {
        let keyCount = table.key.count
        try await writer.write { db in
            let statement = try db.cachedStatement(sql: table.laterReferenceUpdate)
            for row in rows {
                let values = Array(row.dropFirst(keyCount)) + Array(row.prefix(keyCount))
                try statement.execute(arguments: StatementArguments(values.map(\.databaseValue)))
            }
        }
    }

    func finish() async throws {
        try await writer.write { db in
            var names = SearchNames()
            let rows = try Row.fetchCursor(db, sql: StoreTable.searchTextSelect)
            while let row = try rows.next() {
                try IndexedText(row: row, at: 1).index(
                    actionID: row[0], key: FullTextKey.key(signedDate: row[5], orderingKey: row[6], actionID: row[0]),
                    in: db,
                    names: &names)
            }
            try db.execute(sql: ActionAgencySQL.fill)
        }
    }
}
