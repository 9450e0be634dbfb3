import ContractAwards
package import ContractWatchCore
import FPDS
import Foundation
import Logging
import PostgresNIO

/// The shared store: one PostgreSQL database, for a newsroom that serves many readers or runs a
/// sync beside several ingesters.
///
/// It keeps what ``SQLiteStore`` keeps, in the same tables (`Postgres/Migrations/`), and answers
/// every ``RecordStore`` question the same way; the domain's rules are Core's, not either
/// store's. Every write is one transaction that first takes the store's write lock (an advisory
/// lock), so writers from any number of processes take turns as they do on one SQLite file:
/// nothing is doubled, and writers cannot deadlock. Reads run beside them, each in one
/// repeatable-read snapshot.
package struct PostgresStore: RecordStore {
    package let database: PostgresDatabase
    let logger: Logger
    /// Compresses and restores the raw documents, with the store's dictionaries once read.
    let codec = RawDocumentCodec()
    /// The facet counts of recent searches, while the store's records are unchanged.
    let facetCache = GenerationCache<FacetCounts>()
    /// The months actions were signed in, newest first, while the store's records are unchanged.
    let searchMonths = GenerationCache<[String]>()
    /// Which agencies sign few actions (``RareAgencySQL``), while the store's records are unchanged.
    let rareAgencies = GenerationCache<Bool>()
    /// Detection latency summaries by their period's start, while the store's events are unchanged.
    let latencySummaries = GenerationCache<DetectionLatencySummary>()

    /// The key of the advisory lock every write transaction holds: the ASCII bytes of "CWwrites".
    static let writeLock: Int64 = 0x4357_7772_6974_6573

    /// Opens the database at `location`, creating or upgrading the schema if it needs it, with
    /// the connection pool running in the background for the life of the process.
    /// - Parameters:
    ///   - location: Where the database is.
    ///   - time: Now, recorded with migrations applied.
    /// - Returns: The store.
    /// - Throws: ``PostgresStoreError`` or the server's error, which never carries the password.
    package static func open(_ location: PostgresLocation, at time: Timestamp) async throws -> PostgresStore {
        let database = PostgresDatabase(location: location)
        try await database.checkConnection()
        await database.startInBackground()
        let store = PostgresStore(database: database)
        try await store.migrateIfNeeded(at: time)
        return store
    }

    /// A store on a database whose pool the caller runs (a service group's).
    /// - Parameter database: The database.
    package init(database: PostgresDatabase) {
        self.database = database
        logger = database.logger
    }

    /// Migrates unless every migration is applied already, so that a role that may only read
    /// (a replica, `serve`'s read-only user) can open an up-to-date store.
    /// - Parameter time: Now, recorded with migrations applied.
    /// - Throws: ``PostgresStoreError/newerSchema(_:)`` or the server's error.
    package func migrateIfNeeded(at time: Timestamp) async throws {
        let applied = try await database.appliedMigrations()
        if let unknown = Set(applied).subtracting(PostgresDatabase.migrations.map(\.identifier)).sorted().last {
            throw PostgresStoreError.newerSchema(unknown)
        }
        if applied.count < PostgresDatabase.migrations.count { try await database.migrate(at: time) }
    }

    // MARK: - Transactions

    /// Runs `body` in a read-only, repeatable-read transaction: one snapshot, as SQLite reads see.
    func read<Result: Sendable>(_ body: (PostgresSession) async throws -> Result) async throws -> Result {
        try await database.client.withConnection { connection in
            let session = PostgresSession(connection: connection, logger: logger)
            try await session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            do {
                let result = try await body(session)
                try await session.execute("COMMIT")
                return result
            } catch {
                _ = try? await session.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` in a transaction that holds the store's write lock: all of it lands, or none.
    @discardableResult
    func write<Result: Sendable>(_ body: (PostgresSession) async throws -> Result) async throws -> Result {
        try await database.client.withConnection { connection in
            let session = PostgresSession(connection: connection, logger: logger)
            try await session.execute("BEGIN")
            do {
                try await session.execute("SELECT pg_advisory_xact_lock(?)", [Self.writeLock])
                let result = try await body(session)
                try await session.execute("COMMIT")
                return result
            } catch {
                _ = try? await session.execute("ROLLBACK")
                throw error
            }
        }
    }

    // MARK: - Writes

    package func ingest(_ batch: IngestBatch) async throws -> [IngestOutcome] {
        let (outcomes, trained) = try await write { session in
            // The store's newest dictionary, which another process may have trained: documents
            // compressed from here on use it.
            try await adoptNewestDictionary(session)
            var writer = PostgresBatchWriter(session: session, seenAt: batch.seenAt, codec: codec)
            let outcomes = try await writer.write(batch.records)
            try await session.execute(SearchGenerationSQL.advance)
            if let checkpoint = batch.checkpoint { try await Self.markDone(checkpoint, at: batch.seenAt, in: session) }
            for file in batch.completedFiles(outcomes) {
                try await session.execute(IngestedFileSQL.insert, IngestedFileSQL.arguments(file))
            }
            return (outcomes, try await trainFirstDictionaryIfDue(session, at: batch.seenAt))
        }
        // Only once committed: a dictionary rolled back must compress nothing.
        if let trained { codec.adopt(trained) }
        return outcomes
    }

    package func ingestedFiles(sha256: [String], asDeletions: Bool) async throws -> [String: IngestedFile] {
        guard !sha256.isEmpty else { return [:] }
        return try await read { session in
            let rows = try await session.rows(
                IngestedFileSQL.select(count: sha256.count),
                IngestedFileSQL.selectArguments(sha256: sha256, asDeletions: asDeletions))
            var files: [String: IngestedFile] = [:]
            for row in rows {
                let file = IngestedFileSQL.file(
                    sha256: try row.value(0), bytes: try row.value(1), path: try row.value(2),
                    records: try row.value(3), ingestedAt: try row.value(4), asDeletions: asDeletions)
                files[file.sha256] = file
            }
            return files
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
        try await read { session in
            let join = allVersions ? "v.action_id = a.id" : "v.id = a.current_version_id"
            try await session.forEachRow(
                """
                SELECT \(ActionColumn.list) FROM actions a JOIN action_versions v ON \(join)
                \(ActionColumn.joins)
                ORDER BY a.agency_id, a.piid, a.idv_agency_id, a.idv_piid, a.mod_number, a.transaction_number,
                         a.kind, v.id
                """
            ) { row in try body(Self.storedAction(row)) }
        }
    }

    package func actions(agencyID: String, piid: String) async throws -> [StoredAction] {
        try await read { session in try await Self.actions(agencyID: agencyID, piid: piid, in: session) }
    }

    package func records(ofContracts contracts: [(agencyID: String, piid: String)]) async throws -> [ContractRecords] {
        try await read { session in
            var records: [ContractRecords] = []
            for (agencyID, piid) in contracts {
                records.append(
                    ContractRecords(
                        actions: try await Self.actions(agencyID: agencyID, piid: piid, in: session),
                        versions: try await Self.versions(agencyID: agencyID, piid: piid, modNumber: nil, in: session),
                        events: try await events(
                            EventQuery(contract: (agencyID, piid)), orderedBy: EventSQL.ordering(.chronological),
                            limit: nil, in: session)))
            }
            return records
        }
    }

    package func contractWindow(
        agencyID: String, piid: String, window: @escaping @Sendable ([StoredAction]) throws -> Range<Int>
    ) async throws -> ContractWindowRecords? {
        try await read { session in
            let contract = ContractSQL.arguments(agencyID: agencyID, piid: piid)
            let rows = try await session.rows(ContractSQL.outline, contract).map { row in
                (action: Self.storedAction(row), id: try row.value(ActionColumn.allCases.count, as: Int64.self))
            }
            let outline = rows.map(\.action)
            guard !outline.isEmpty else { return nil }
            let positions = try window(outline).clamped(to: outline.indices)
            return ContractWindowRecords(
                outline: outline, window: positions,
                actions: positions.isEmpty
                    ? []
                    : try await session.rows(
                        ContractSQL.window,
                        ContractSQL.windowArguments(agencyID: agencyID, piid: piid, window: positions)
                    ).map(Self.storedAction),
                versions: try await Self.versions(agencyID: agencyID, piid: piid, modNumber: nil, in: session),
                events: try await contractEvents(
                    agencyID: agencyID, piid: piid, window: positions, outline: rows, in: session))
        }
    }

    /// A contract's events as ``contractWindow(agencyID:piid:window:)`` returns them
    /// (``EventSQL/contractWindow(agencyID:piid:window:of:)``), those in outline named by their
    /// action's key in `outline`, the contract's actions with their row ids.
    private func contractEvents(
        agencyID: String, piid: String, window: Range<Int>, outline actions: [(action: StoredAction, id: Int64)],
        in session: PostgresSession
    ) async throws -> [ProcurementEvent] {
        let query = EventQuery(contract: (agencyID, piid))
        let statements = try EventSQL.contractWindow(agencyID: agencyID, piid: piid, window: window, of: actions.count)
        let whole = try await events(query, statement: statements.whole, in: session)
        guard let outline = statements.outline else { return whole }
        return EventSQL.completing(
            try await eventRows(query, statement: outline, in: session), actions: actions, with: whole)
    }

    package func citedRecords(of actions: [ActionKey]) async throws -> CitedRecords {
        // Two statements for the whole list, not two per event: each statement is a round trip,
        // and a feed cites a hundred events.
        let keys = Array(Set(actions))
        let key = keys.columns
        let contracts = Array(Set(actions.map(\.contract)))
        let contract = contracts.columns
        return try await read { session in
            var records = CitedRecords()
            let isCurrent = ActionColumn.allCases.count
            for row in try await session.rows(
                of: """
                    SELECT \(unescaped: ActionColumn.list), v.id = a.current_version_id, k.ordinal
                    FROM unnest(
                        \(key.agencyIDs), \(key.piids), \(key.idvAgencyIDs), \(key.idvPIIDs), \(key.modNumbers),
                        \(key.transactionNumbers), \(key.kinds))
                         WITH ORDINALITY AS k(agency_id, piid, idv_agency_id, idv_piid, mod_number, transaction_number, kind, ordinal)
                    JOIN actions a ON \(unescaped: Self.actionMatchesK)
                    JOIN action_versions v ON v.action_id = a.id
                    \(unescaped: ActionColumn.joins)
                    WHERE v.id = a.current_version_id OR \(unescaped: ActionColumn.hasEarlierVersions)
                    ORDER BY k.ordinal, v.id
                    """)
            {
                let version = Self.storedAction(row)
                if try row.value(isCurrent, as: Bool.self) {
                    records.actions[keys[Int(try row.value(isCurrent + 1, as: Int64.self)) - 1]] = version
                }
                records.versions.append(version)
            }
            for row in try await session.rows(
                of: """
                    SELECT k.ordinal, c.timeline_summary
                    FROM unnest(\(contract.agencyIDs), \(contract.piids), \(contract.idvAgencyIDs), \(contract.idvPIIDs))
                         WITH ORDINALITY AS k(agency_id, piid, idv_agency_id, idv_piid, ordinal)
                    JOIN contracts c ON \(unescaped: Self.contractMatchesK)
                    """)
            {
                if let text = try row.value(1, as: String?.self), let timeline = TimelineSummary(storedText: text) {
                    records.timelines[contracts[Int(try row.value(0, as: Int64.self)) - 1]] = timeline
                }
            }
            return records
        }
    }

    private static func actions(
        agencyID: String, piid: String, in session: PostgresSession
    ) async throws -> [StoredAction] {
        try await session.rows(ContractSQL.actions, ContractSQL.arguments(agencyID: agencyID, piid: piid))
            .map(Self.storedAction)
    }

    package func statistics() async throws -> StoreStatistics {
        try await read { session in
            let row = try await session.row(
                """
                SELECT (SELECT count(*) FROM actions), (SELECT count(*) FROM action_versions),
                       (SELECT count(*) FROM contracts), (SELECT count(*) FROM vendors)
                """)
            return StoreStatistics(
                actions: try row?.value(0) ?? 0, versions: try row?.value(1) ?? 0, contracts: try row?.value(2) ?? 0,
                vendors: try row?.value(3) ?? 0)
        }
    }

    package func versions(agencyID: String, piid: String, modNumber: String?) async throws -> [StoredAction] {
        try await read { session in
            try await Self.versions(agencyID: agencyID, piid: piid, modNumber: modNumber, in: session)
        }
    }

    private static func versions(
        agencyID: String, piid: String, modNumber: String?, in session: PostgresSession
    ) async throws -> [StoredAction] {
        try await session.rows(
            ContractSQL.versions(ofModification: modNumber),
            ContractSQL.arguments(agencyID: agencyID, piid: piid, modNumber: modNumber)
        ).map(Self.storedAction)
    }

    /// One action row read by position, as ``ActionColumn`` lists the columns.
    /// The action in `row`, whose columns are ``ActionColumn/list``'s (or a prefix of them).
    static func storedAction(_ row: PostgresRandomAccessRow) -> StoredAction {
        storedAction(row, from: 0)
    }

    /// The action in `row`, whose columns from `offset` on are ``ActionColumn/list``'s (or a prefix of them).
    static func storedAction(_ row: PostgresRandomAccessRow, from offset: Int) -> StoredAction {
        // Every column is text, boolean or seconds by the schema, so a value that does not decode is NULL.
        ActionColumn.storedAction(
            text: { column in (try? row.value(offset + column.index, as: String?.self)).flatMap { $0 } },
            flag: { column in (try? row.value(offset + column.index, as: Bool?.self)).flatMap { $0 } ?? false },
            seconds: { column in (try? row.value(offset + column.index, as: Int64?.self)).flatMap { $0 } })
    }
}

extension PostgresStore {
    /// A contract row `c` that has the key in row `k`, a row of ``Swift/Array/columns`` unnested.
    static let contractMatchesK = """
        c.agency_id = k.agency_id AND c.piid = k.piid AND c.idv_agency_id = k.idv_agency_id AND c.idv_piid = k.idv_piid
        """

    /// An action row `a` that has the key in row `k`, a row of an action key list's `columns` unnested.
    static let actionMatchesK = """
        a.agency_id = k.agency_id AND a.piid = k.piid AND a.idv_agency_id = k.idv_agency_id
            AND a.idv_piid = k.idv_piid AND a.mod_number = k.mod_number
            AND a.transaction_number = k.transaction_number AND a.kind = k.kind
        """
}

extension [ContractKey] {
    /// The keys as columns, for `unnest(…)`: agency, PIID, IDV agency, IDV PIID.
    var columns: (agencyIDs: [String], piids: [String], idvAgencyIDs: [String], idvPIIDs: [String]) {
        (map(\.agencyID), map(\.piid), map(\.idvAgencyID), map(\.idvPIID))
    }
}

extension [ActionKey] {
    /// The keys as columns, for `unnest(…)`: agency, PIID, IDV agency, IDV PIID, modification,
    /// transaction and kind.
    var columns:
        (
            agencyIDs: [String], piids: [String], idvAgencyIDs: [String], idvPIIDs: [String], modNumbers: [String],
            transactionNumbers: [String], kinds: [String]
        )
    {
        (
            map(\.agencyID), map(\.piid), map(\.idvAgencyID), map(\.idvPIID), map(\.modNumber),
            map(\.transactionNumber), map(\.kind.rawValue)
        )
    }
}

extension ContractKey {
    /// The values for ``matching(_:)``, in its order, for a PostgreSQL query.
    var postgresArguments: [any SQLArgumentConvertible] { [agencyID, piid, idvAgencyID, idvPIID] }
}

extension ActionKey {
    /// The values for ``matching(_:)``, in its order, for a PostgreSQL query.
    var postgresArguments: [any SQLArgumentConvertible] {
        contract.postgresArguments + [modNumber, transactionNumber, kind.rawValue]
    }
}
