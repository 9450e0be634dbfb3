import ContractAwards
package import ContractWatchCore
import FPDS
import Foundation
package import GRDB

/// The embedded store: one SQLite file in WAL mode, through GRDB.
///
/// Every write is one transaction (a batch lands whole or not at all), so a killed process
/// leaves the last committed batch and a re-run picks up from there: records already held are
/// recognised by key and content hash and only have `lastSeen` moved.
package struct SQLiteStore: RecordStore {
    let writer: any DatabaseWriter
    /// Compresses and restores the raw documents, with the store's dictionaries once built.
    let codec = RawDocumentCodec()
    /// The facet counts of recent searches, while the store's records are unchanged.
    let facetCache = GenerationCache<FacetCounts>()
    /// Which agencies sign few actions (``RareAgencySQL``), while the store's records are unchanged.
    let rareAgencies = GenerationCache<Bool>()
    /// Detection latency summaries by their period's start, while the store's events are unchanged.
    let latencySummaries = GenerationCache<DetectionLatencySummary>()

    /// Opens (creating if needed) the database file at `path` and migrates it.
    /// - Throws: If the file cannot be opened or is not a ContractWatch database.
    package init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL + NORMAL: durable at each checkpoint, crash-safe at every commit.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 64 MiB of page cache keeps the key indexes in memory during large ingests.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        configuration.busyMode = .timeout(10)
        try self.init(writer: Self.openPool(path: path, configuration: configuration))
    }

    /// Opens the pool, waiting for other processes that are opening the same new file.
    ///
    /// Turning a new file to WAL takes an exclusive lock, and SQLite answers `SQLITE_BUSY` at
    /// once, without the busy timeout, where waiting could deadlock: two processes that create
    /// the same store at once (an ingest and a scheduled sync) would see one of them fail.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED)
                && ContinuousClock.now < deadline
            {
                // Jittered, so that processes that collided do not collide again.
                Thread.sleep(forTimeInterval: .random(in: 0.01...0.1))
            }
        }
    }

    /// Wraps an open database (tests use an in-memory `DatabaseQueue`) and migrates it.
    package init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrate(writer)
        try writer.read { db in try adoptNewestDictionary(db) }
    }

    /// The migrations this build knows, in order.
    package static var migrationIdentifiers: [String] { migrator.migrations }

    /// The migrations recorded in the file at `path`, which is read and not changed.
    /// - Throws: If the file cannot be read as a database.
    static func appliedMigrations(path: String) throws -> [String] {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: path, configuration: configuration).read { db in
            try migrator.appliedMigrations(db)
        }
    }

    /// Migrates, tolerating another process migrating the same new file at the same moment (a
    /// `serve` and a scheduled `sync` started together): each migration is its own immediate
    /// transaction that first checks it is not recorded (``DatabaseMigrator/registerRacing``), so
    /// the loser of a race ends its migration untouched and simply reads the applied list again.
    private static func migrate(_ writer: any DatabaseWriter) throws {
        var attempt = 0
        while true {
            do {
                try migrator.migrate(writer)
                return
            } catch is MigrationAppliedMeanwhile where attempt < 20 {
                attempt += 1
            }
        }
    }

    /// What a migration throws when it finds itself applied already: another process applied it
    /// after this one read the applied list.
    struct MigrationAppliedMeanwhile: Error {}

    /// A fresh in-memory store.
    package static func inMemory() throws -> SQLiteStore {
        try SQLiteStore(writer: DatabaseQueue())
    }

    // MARK: - Writes

    package func ingest(_ batch: IngestBatch) async throws -> [IngestOutcome] {
        let (outcomes, trained) = try await writer.write { db in
            // Another process may have trained a newer dictionary: documents compressed from
            // here on use it.
            try adoptNewestDictionary(db)
            var batchWriter = BatchWriter(db: db, seenAt: batch.seenAt, codec: codec)
            let outcomes = try batchWriter.write(batch.records)
            try SearchGeneration.advance(in: db)
            if let checkpoint = batch.checkpoint { try Self.markDone(checkpoint, at: batch.seenAt, in: db) }
            for file in batch.completedFiles(outcomes) {
                try db.cachedStatement(sql: IngestedFileSQL.insert).execute(
                    arguments: StatementArguments(IngestedFileSQL.arguments(file).map(\.databaseValue)))
            }
            return (outcomes, try trainFirstDictionaryIfDue(db, at: batch.seenAt))
        }
        // Only once committed: a dictionary rolled back must compress nothing.
        if let trained { codec.adopt(trained) }
        return outcomes
    }

    package func ingestedFiles(sha256: [String], asDeletions: Bool) async throws -> [String: IngestedFile] {
        guard !sha256.isEmpty else { return [:] }
        return try await writer.read { db in
            let rows = try Row.fetchAll(
                db, sql: IngestedFileSQL.select(count: sha256.count),
                arguments: StatementArguments(
                    IngestedFileSQL.selectArguments(sha256: sha256, asDeletions: asDeletions).map(\.databaseValue)))
            return Dictionary(
                rows.map { row in
                    let file = IngestedFileSQL.file(
                        sha256: row[0], bytes: row[1], path: row[2], records: row[3], ingestedAt: row[4],
                        asDeletions: asDeletions)
                    return (file.sha256, file)
                }, uniquingKeysWith: { first, _ in first })
        }
    }

    package func prepare(_ record: inout IngestRecord) {
        if record.preparedDocument == nil { record.preparedDocument = codec.compress(record.rawDocument) }
    }

    // MARK: - Reads

    package func forEachAction(
        allVersions: Bool,
        _ body: @Sendable (StoredAction) throws -> Void
    ) async throws {
        try await writer.read { db in
            let join = allVersions ? "v.action_id = a.id" : "v.id = a.current_version_id"
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT \(ActionColumn.list) FROM actions a JOIN action_versions v ON \(join)
                    \(ActionColumn.joins)
                    ORDER BY a.agency_id, a.piid, a.idv_agency_id, a.idv_piid, a.mod_number, a.transaction_number,
                             a.kind, v.id
                    """)
            while let row = try rows.next() {
                try body(Self.storedAction(row))
            }
        }
    }

    package func actions(agencyID: String, piid: String) async throws -> [StoredAction] {
        try await writer.read { db in try Self.actions(agencyID: agencyID, piid: piid, in: db) }
    }

    package func records(ofContracts contracts: [(agencyID: String, piid: String)]) async throws -> [ContractRecords] {
        try await writer.read { db in
            try contracts.map { agencyID, piid in
                ContractRecords(
                    actions: try Self.actions(agencyID: agencyID, piid: piid, in: db),
                    versions: try Self.versions(agencyID: agencyID, piid: piid, modNumber: nil, in: db),
                    events: try events(
                        EventQuery(contract: (agencyID, piid)), orderedBy: EventSQL.ordering(.chronological),
                        limit: nil, in: db))
            }
        }
    }

    package func contractWindow(
        agencyID: String, piid: String, window: @escaping @Sendable ([StoredAction]) throws -> Range<Int>
    ) async throws -> ContractWindowRecords? {
        try await writer.read { db in
            let contract = StatementArguments(ContractSQL.arguments(agencyID: agencyID, piid: piid))
            let rows = try RowValues.all(db.cachedStatement(sql: ContractSQL.outline), arguments: contract) { row in
                (action: Self.storedAction(row), id: row.integer(ActionColumn.allCases.count) ?? 0)
            }
            let outline = rows.map(\.action)
            guard !outline.isEmpty else { return nil }
            let positions = try window(outline).clamped(to: outline.indices)
            return ContractWindowRecords(
                outline: outline, window: positions,
                actions: positions.isEmpty
                    ? []
                    : try RowValues.all(
                        db.cachedStatement(sql: ContractSQL.window),
                        arguments: StatementArguments(
                            ContractSQL.windowArguments(agencyID: agencyID, piid: piid, window: positions)
                                .map(\.databaseValue)),
                        Self.storedAction),
                versions: try Self.versions(agencyID: agencyID, piid: piid, modNumber: nil, in: db),
                events: try contractEvents(
                    agencyID: agencyID, piid: piid, window: positions, outline: rows, in: db))
        }
    }

    /// A contract's events as ``contractWindow(agencyID:piid:window:)`` returns them
    /// (``EventSQL/contractWindow(agencyID:piid:window:of:)``), those in outline named by their
    /// action's key in `outline`, the contract's actions with their row ids.
    private func contractEvents(
        agencyID: String, piid: String, window: Range<Int>, outline actions: [(action: StoredAction, id: Int64)],
        in db: Database
    ) throws -> [ProcurementEvent] {
        let query = EventQuery(contract: (agencyID, piid))
        let statements = try EventSQL.contractWindow(agencyID: agencyID, piid: piid, window: window, of: actions.count)
        let whole = try events(query, statement: statements.whole, in: db)
        guard let outline = statements.outline else { return whole }
        return EventSQL.completing(try eventRows(query, statement: outline, in: db), actions: actions, with: whole)
    }

    package func citedRecords(of actions: [ActionKey]) async throws -> CitedRecords {
        try await writer.read { db in
            var records = CitedRecords()
            let isCurrent = ActionColumn.allCases.count
            for key in actions {
                for row in try Row.fetchAll(
                    db.cachedStatement(sql: CitationSQL.versions), arguments: key.arguments)
                {
                    let version = Self.storedAction(row)
                    if row[isCurrent] { records.actions[key] = version }
                    records.versions.append(version)
                }
            }
            for contract in Set(actions.map(\.contract)) {
                if let text = try String.fetchOne(
                    db.cachedStatement(sql: CitationSQL.timeline), arguments: contract.arguments),
                    let timeline = TimelineSummary(storedText: text)
                {
                    records.timelines[contract] = timeline
                }
            }
            return records
        }
    }

    private static func actions(agencyID: String, piid: String, in db: Database) throws -> [StoredAction] {
        try RowValues.all(
            db.cachedStatement(sql: ContractSQL.actions),
            arguments: StatementArguments(ContractSQL.arguments(agencyID: agencyID, piid: piid)), Self.storedAction)
    }

    package func statistics() async throws -> StoreStatistics {
        try await writer.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT count(*) FROM actions), (SELECT count(*) FROM action_versions),
                           (SELECT count(*) FROM contracts), (SELECT count(*) FROM vendors)
                    """)
            return StoreStatistics(
                actions: row?[0] ?? 0, versions: row?[1] ?? 0, contracts: row?[2] ?? 0, vendors: row?[3] ?? 0)
        }
    }

    package func versions(agencyID: String, piid: String, modNumber: String?) async throws -> [StoredAction] {
        try await writer.read { db in try Self.versions(agencyID: agencyID, piid: piid, modNumber: modNumber, in: db) }
    }

    private static func versions(
        agencyID: String, piid: String, modNumber: String?, in db: Database
    ) throws -> [StoredAction] {
        try Row.fetchAll(
            db.cachedStatement(sql: ContractSQL.versions(ofModification: modNumber)),
            arguments: StatementArguments(ContractSQL.arguments(agencyID: agencyID, piid: piid, modNumber: modNumber))
        ).map(Self.storedAction)
    }

    /// One action row read by position, as ``ActionColumn`` lists the columns.
    static func storedAction(_ row: Row) -> StoredAction { storedAction(RowValues(row)) }

    /// One action row read by position, as ``ActionColumn`` lists the columns.
    static func storedAction(_ values: RowValues) -> StoredAction {
        ActionColumn.storedAction(
            text: { values.text($0.index) }, flag: { values.flag($0.index) }, seconds: { values.integer($0.index) })
    }
}

extension DatabaseMigrator {
    /// Registers a migration that first makes sure, in its own immediate transaction, that no
    /// other process applied it since this one read the applied list, and ends with
    /// ``SQLiteStore/MigrationAppliedMeanwhile`` if one did. Run again, a migration would meet its
    /// winner's tables and fail on them in ways no list of error messages foresees (018, run again
    /// after 029, reads a full-text table that keeps no text).
    mutating func registerRacing(_ identifier: String, migrate: @escaping @Sendable (Database) throws -> Void) {
        registerMigration(identifier) { db in
            let applied = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM grdb_migrations WHERE identifier = ?", arguments: [identifier])
            if applied == true { throw SQLiteStore.MigrationAppliedMeanwhile() }
            try migrate(db)
        }
    }
}
