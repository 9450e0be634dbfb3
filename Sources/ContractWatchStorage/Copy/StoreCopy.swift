package import ContractWatchCore
import Foundation

/// Reads a store's tables for `copy`, a page at a time in key order, all from one snapshot.
protocol StoreTableReader: Sendable {
    /// Up to `limit` rows of `table` whose key comes after `key` (from the first row when nil),
    /// in key order, each value typed as its column says.
    func rows(of table: StoreTable, after key: [SQLArgument]?, limit: Int) async throws -> [[SQLArgument]]
}

/// Writes the tables of a new store for `copy`.
protocol StoreTableWriter: Sendable {
    /// Whether no copied table holds a row.
    func isEmpty() async throws -> Bool
    /// Inserts rows with every column of `table`, in its order.
    func insert(_ rows: [[SQLArgument]], into table: StoreTable) async throws
    /// Sets the later references of rows, each given as its key and then its references.
    func setLaterReferences(_ rows: [[SQLArgument]], of table: StoreTable) async throws
    /// Builds what the store derives from its rows: the full-text index, identity sequences.
    func finish() async throws
}

/// `contractwatch copy`: a whole store, SQLite or PostgreSQL, into a new store of either engine.
///
/// It moves every row of ``StoreTable/copied``, ids included, so that events, alerts and
/// deliveries keep their ids, webhooks keep their secrets and receivers see nothing new. The
/// target is written in one transaction (PostgreSQL) or as a new file renamed into place
/// (SQLite), so that a killed copy leaves no store behind, and a second try starts afresh.
package enum StoreCopy {
    /// How many rows a table held.
    package struct TableCount: Sendable, Equatable {
        package let table: String
        package let rows: Int
    }

    /// What a copy did.
    package struct Report: Sendable {
        /// The rows copied, by table, in copy order.
        package let counts: [TableCount]
        /// Tables whose copy differs from the source's snapshot, as each store's digest says;
        /// empty when the copy was verified and is whole, or not verified.
        package let mismatches: [(source: TableDigest, target: TableDigest)]
    }

    /// Copies the store at `source` into a new store at `target`.
    /// - Parameters:
    ///   - source: An existing store; it is opened (and migrated) but not written otherwise.
    ///   - target: An SQLite path where no file is, or a PostgreSQL database with no ContractWatch rows.
    ///   - time: Now, recorded with migrations applied.
    ///   - verify: Whether to compare every table's digest in both stores afterwards.
    ///   - progress: Called after each page with the table and the rows copied so far.
    /// - Returns: What was copied, and what differs.
    /// - Throws: ``StoreCopyError`` for a source or target that cannot be used, else the
    ///   engines' errors; the target is then left as it was.
    package static func copy(
        from source: StoreLocation, to target: StoreLocation, at time: Timestamp, verify: Bool = true,
        progress: @Sendable (String, Int) -> Void = { _, _ in }
    ) async throws -> Report {
        let (counts, sourceDigests) = try await withReader(of: source, at: time) { reader in
            let counts = try await withWriter(into: target, at: time) { writer in
                guard try await writer.isEmpty() else { throw StoreCopyError.targetNotEmpty(target.description) }
                return try await copyTables(from: reader, to: writer, progress: progress)
            }
            // From the snapshot the copy read, whatever was written to the source since.
            return (counts, verify ? try await digests(in: reader) : [])
        }
        guard verify else { return Report(counts: counts, mismatches: []) }
        let targetDigests = try await digests(of: target, at: time)
        return Report(counts: counts, mismatches: zip(sourceDigests, targetDigests).filter { $0 != $1 })
    }

    /// What a table holds, in a form two stores can compare: its row count and an
    /// order-independent digest of its rows' values (a sum of per-row hashes), so that engines
    /// that sort text differently still agree.
    package struct TableDigest: Sendable, Equatable, CustomStringConvertible {
        package let table: String
        package let rows: Int
        package let digest: String

        package var description: String { "\(table): \(rows) rows, digest \(digest)" }
    }

    /// The digest of every copied table of the store at `location`, from one snapshot.
    /// - Parameters:
    ///   - location: An existing store.
    ///   - time: Now, recorded if opening it migrates it.
    /// - Returns: One digest per table of ``StoreTable/copied``, in order.
    /// - Throws: ``StoreCopyError/noSource(_:)``, else the engine's error.
    package static func digests(of location: StoreLocation, at time: Timestamp) async throws -> [TableDigest] {
        try await withReader(of: location, at: time) { reader in try await digests(in: reader) }
    }

    private static func digests(in reader: any StoreTableReader) async throws -> [TableDigest] {
        var digests: [TableDigest] = []
        for table in StoreTable.copied {
            var rows = 0
            var sums: (UInt64, UInt64) = (0, 0)
            try await forEachPage(of: table, in: reader) { page in
                for row in page {
                    let hash = RowHash(row)
                    sums = (sums.0 &+ hash.first, sums.1 &+ hash.second)
                }
                rows += page.count
            }
            let digest = String(format: "%016llx%016llx", sums.0, sums.1)
            digests.append(TableDigest(table: table.name, rows: rows, digest: digest))
        }
        return digests
    }

    /// The copy itself: every table in order, then the references that had to wait.
    static func copyTables(
        from reader: any StoreTableReader, to writer: any StoreTableWriter, progress: (String, Int) -> Void
    ) async throws -> [TableCount] {
        var counts: [TableCount] = []
        for table in StoreTable.copied {
            let waiting = table.positions(of: table.laterReferences)
            var rows = 0
            try await forEachPage(of: table, in: reader) { page in
                let firstPass = page.map { row in
                    var row = row
                    // Every later reference is an integer id.
                    for position in waiting { row[position] = .integer(nil) }
                    return row
                }
                for chunk in firstPass.chunked(into: table.rowsPerInsert) {
                    try await writer.insert(Array(chunk), into: table)
                }
                rows += page.count
                progress(table.name, rows)
            }
            counts.append(TableCount(table: table.name, rows: rows))
        }
        for table in StoreTable.copied where !table.laterReferences.isEmpty {
            let pass = table.laterReferencePass
            try await forEachPage(of: pass, in: reader) { page in
                let set = page.filter { row in row.dropFirst(table.key.count).contains { !$0.isNull } }
                if !set.isEmpty { try await writer.setLaterReferences(set, of: table) }
            }
        }
        try await writer.finish()
        return counts
    }

    /// Reads `table` a page at a time, each page after the last key of the one before.
    private static func forEachPage(
        of table: StoreTable, in reader: any StoreTableReader, _ body: ([[SQLArgument]]) async throws -> Void
    ) async throws {
        let keyPositions = table.positions(of: table.key)
        var after: [SQLArgument]? = nil
        while true {
            let page = try await reader.rows(of: table, after: after, limit: 1_000)
            guard let last = page.last else { return }
            try await body(page)
            after = keyPositions.map { last[$0] }
        }
    }

    private static func withReader<Result: Sendable>(
        of location: StoreLocation, at time: Timestamp, _ body: (any StoreTableReader) async throws -> Result
    ) async throws -> Result {
        switch location {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else { throw StoreCopyError.noSource(path) }
            return try await SQLiteStore(path: path).withTableReader(body)
        case .postgres(let postgres):
            return try await PostgresStore.open(postgres, at: time).withTableReader(body)
        }
    }

    private static func withWriter<Result: Sendable>(
        into location: StoreLocation, at time: Timestamp, _ body: (any StoreTableWriter) async throws -> Result
    ) async throws -> Result {
        switch location {
        case .sqlite(let path):
            return try await SQLiteStore.creatingCopy(at: path, body)
        case .postgres(let postgres):
            return try await PostgresStore.open(postgres, at: time).withTableWriter(body)
        }
    }
}

/// Why a copy cannot start.
package enum StoreCopyError: Error, CustomStringConvertible, Equatable {
    case noSource(String)
    case targetExists(String)
    case targetNotEmpty(String)

    package var description: String {
        switch self {
        case .noSource(let path): "There is no store at \(path) to copy."
        case .targetExists(let path): "\(path) exists already; copy writes a new SQLite file only."
        case .targetNotEmpty(let location):
            "The store at \(location) holds data already; copy writes only into an empty database."
        }
    }
}

extension Array {
    /// The elements in runs of at most `size`.
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

/// Two 64-bit FNV-1a hashes of a row's values, each value tagged with its type and, for text
/// and bytes, its length, so that no two different rows share an encoding. A check against
/// accidents, not against forgery.
private struct RowHash {
    private(set) var first: UInt64 = 0xcbf2_9ce4_8422_2325
    private(set) var second: UInt64 = 0x8422_2325_cbf2_9ce4

    init(_ row: [SQLArgument]) {
        for value in row {
            switch value {
            case .text(nil), .integer(nil), .real(nil), .boolean(nil): add([0])
            case .text(let text?):
                add([1])
                add(UInt64(text.utf8.count))
                add(text.utf8)
            case .integer(let integer?):
                add([2])
                add(UInt64(bitPattern: integer))
            case .real(let real?):
                add([3])
                add(real.bitPattern)
            case .boolean(let boolean?): add([4, boolean ? 1 : 0])
            case .bytes(let bytes):
                add([5])
                add(UInt64(bytes.count))
                add(bytes)
            }
        }
    }

    private mutating func add(_ value: UInt64) {
        add(withUnsafeBytes(of: value.littleEndian) { Array($0) })
    }

    private mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second ^ UInt64(byte ^ 0x5a)) &* 0x0000_0100_0000_01b3
        }
    }
}
