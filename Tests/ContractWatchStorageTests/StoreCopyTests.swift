import ContractWatchCore
import ContractWatchStorage
import FPDS
import Foundation
import GRDB
import PostgresNIO
import StoreTesting
import Synchronization
import TestSupport
import Testing

/// `copy` moves a whole store between engines: a store with a row in every table goes to the
/// other engine and back, and every table, every export, event and search stays the same.
@Suite(.timeLimit(.minutes(5)))
struct StoreCopyTests {
    /// 2026-12-04T09:00:00Z.
    static let time = Timestamp(utc: FPDSDateTime(year: 2026, month: 12, day: 4, hour: 9))

    /// Tables each engine keeps beside the copied ones: derived (the full-text index,
    /// SQLite's shadow tables of it, and the actions' agencies in date order) or its own (migration records, the counter a server's
    /// facet cache reads, `search_generation`, which a new store starts afresh, and the names of
    /// the event type codes, which migrations write).
    static let notCopied: Set<String> = [
        "action_agencies", "action_search", "action_search_names", "event_types", "grdb_migrations",
        "schema_migrations", "search_generation", "search_names",
    ]

    @Test(arguments: StoreEngine.available)
    func everyTableGoesToTheOtherEngineAndBackUnchanged(engine: StoreEngine) async throws {
        // Given an SQLite store with a row in every table
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = StoreLocation.sqlite(path: directory.appendingPathComponent("source.sqlite").path)
        try await Self.fillEveryTable(of: try SQLiteStore(path: source.description))
        let original = try await StoreCopy.digests(of: source, at: Self.time)
        #expect(original.allSatisfy { $0.rows > 0 }, "\(original.filter { $0.rows == 0 })")

        // When it is copied to the engine under test, and from there to a new SQLite file
        let middle: StoreLocation =
            engine == .sqlite
            ? .sqlite(path: directory.appendingPathComponent("middle.sqlite").path)
            : try StoreLocation(try await engine.newLocation(), environment: [:])
        let there = try await StoreCopy.copy(from: source, to: middle, at: Self.time)
        let back = StoreLocation.sqlite(path: directory.appendingPathComponent("back.sqlite").path)
        let home = try await StoreCopy.copy(from: middle, to: back, at: Self.time)

        // Then each copy verifies, holds every row of every table, and reads the same
        #expect(there.mismatches.isEmpty && home.mismatches.isEmpty)
        #expect(there.counts.map(\.rows) == original.map(\.rows))
        #expect(try await StoreCopy.digests(of: middle, at: Self.time) == original)
        #expect(try await StoreCopy.digests(of: back, at: Self.time) == original)
        let expected = try await Self.reading(try await source.open(at: Self.time))
        #expect(try await Self.reading(try await middle.open(at: Self.time)) == expected)
        #expect(try await Self.reading(try await back.open(at: Self.time)) == expected)

        // and the copy takes new rows where its ids left off
        let copy = try await middle.open(at: Self.time)
        let webhook = try await copy.saveWebhook(
            url: "https://newsroom.example/second", watchlist: nil, format: .json, secret: "whsec_second",
            at: Self.time)
        #expect(webhook == (try await copy.webhooks().map(\.id).max()))
        #expect(try await copy.webhooks().count == 2)
    }

    @Test func aCopyWritesOnlyIntoANewStore() async throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = StoreLocation.sqlite(path: directory.appendingPathComponent("source.sqlite").path)
        _ = try await IngestPipeline(store: try SQLiteStore(path: source.description))
            .run(paths: [TestData.sample("reconstructed").path])
        let existing = directory.appendingPathComponent("existing.sqlite")
        try Data("a reporter's notes".utf8).write(to: existing)

        await #expect(throws: StoreCopyError.targetExists(existing.path)) {
            try await StoreCopy.copy(from: source, to: .sqlite(path: existing.path), at: Self.time)
        }
        #expect(try String(contentsOf: existing, encoding: .utf8) == "a reporter's notes")
        let missing = directory.appendingPathComponent("missing.sqlite").path
        await #expect(throws: StoreCopyError.noSource(missing)) {
            try await StoreCopy.copy(from: .sqlite(path: missing), to: .sqlite(path: missing + "2"), at: Self.time)
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test(arguments: StoreEngine.available.filter { $0 == .postgres })
    func aDatabaseWithDataIsRefusedAndKept(engine: StoreEngine) async throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = StoreLocation.sqlite(path: directory.appendingPathComponent("source.sqlite").path)
        _ = try await IngestPipeline(store: try SQLiteStore(path: source.description))
            .run(paths: [TestData.sample("reconstructed").path])
        let target = try StoreLocation(try await engine.newLocation(), environment: [:])
        _ = try await StoreCopy.copy(from: source, to: target, at: Self.time)
        let before = try await StoreCopy.digests(of: target, at: Self.time)

        await #expect(throws: StoreCopyError.targetNotEmpty(target.description)) {
            try await StoreCopy.copy(from: source, to: target, at: Self.time)
        }
        #expect(try await StoreCopy.digests(of: target, at: Self.time) == before)
    }

    /// The copied tables and columns are every table and column of both schemas, less the
    /// derived ones: a column added to a migration and not to ``StoreTable/copied`` fails here.
    @Test(arguments: StoreEngine.available)
    func theCopiedTablesAreTheWholeSchema(engine: StoreEngine) async throws {
        let expected = Dictionary(uniqueKeysWithValues: StoreTable.copied.map { ($0.name, $0.columns.map(\.name)) })
        var actual: [String: [String]] = [:]
        switch engine {
        case .sqlite:
            let directory = try TestData.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("schema.sqlite").path
            _ = try SQLiteStore(path: path)
            actual = try await DatabaseQueue(path: path).read { db in
                let tables = try String.fetchAll(
                    db,
                    sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                        + " AND name NOT LIKE 'action_search_%'")
                return try Dictionary(uniqueKeysWithValues: tables.map { ($0, try db.columns(in: $0).map(\.name)) })
            }
        case .postgres:
            guard case .postgres(let location) = try StoreLocation(try await engine.newLocation(), environment: [:])
            else { return }
            _ = try await PostgresStore.open(location, at: Self.time)
            let database = PostgresDatabase(location: location)
            let columns = try await database.withRunningClient { client in
                var columns: [(String, String)] = []
                for try await column in try await client.query(
                    """
                    SELECT table_name, column_name FROM information_schema.columns
                    WHERE table_schema = 'public' ORDER BY table_name, ordinal_position
                    """
                ).decode((String, String).self) {
                    columns.append(column)
                }
                return columns
            }
            for (table, column) in columns { actual[table, default: []].append(column) }
        }
        for table in Self.notCopied { actual[table] = nil }
        #expect(Set(actual.keys) == Set(expected.keys))
        for (table, columns) in expected {
            #expect(Set(actual[table] ?? []) == Set(columns), "\(table)")
        }
    }

    // MARK: - Helpers

    /// The samples ingested (versions, their documents and a compression dictionary, events, the
    /// built-in list's matches and alerts), with a webhook in the Slack format and its deliveries
    /// (one attempted), a judgement, a token, a synced window, and a list disabled.
    static func fillEveryTable(of store: any RecordStore) async throws {
        let webhook = try await store.saveWebhook(
            url: "https://newsroom.example/hooks", watchlist: nil, format: .slack, secret: "whsec_c2VjcmV0", at: time)
        // One file (GSA's feed sample) by a writer that does not compact, so that documents wait
        // to be compacted.
        let files = TestData.xmlFiles(under: TestData.samples)
        let heldBack = try #require(files.first { $0.path.contains("kapangyu-gsa") })
        _ = try await IngestPipeline(store: store).run(paths: files.filter { $0 != heldBack }.map(\.path))
        let (results, _) = FPDSParser().parseAll(try Data(contentsOf: heldBack), file: heldBack.path)
        var records: [IngestRecord] = []
        for case .success(let entry) in results {
            records.append(IngestPipeline.record(from: entry, source: heldBack.path))
        }
        _ = try await store.ingest(IngestBatch(records: records, seenAt: time))
        _ = try await store.saveWatchlist(
            Watchlist(name: "paused", entries: [WatchlistEntry(id: "paragon", kind: .vendor, name: "Paragon")]),
            replacingEntries: true, builtin: false, at: time)
        #expect(try await store.setWatchlistEnabled("paused", false, at: time))
        _ = try #require(try await store.trainRawDocumentDictionary(at: time))
        try await store.saveToken(name: "reporter", secretHash: String(repeating: "5e", count: 32), at: time)
        try await store.saveJudgement(
            Judgement(
                watchlist: "commercial-spyware", entryID: "paragon-solutions", vendorKey: "name:PARAGON SOLUTIONS",
                same: true, note: "the vendor's own filing", decidedAt: time.description))
        let farFuture = try #require(Timestamp("2100-01-01T00:00:00Z"))
        let retry = try #require(Timestamp("2026-12-04T09:05:00Z"))
        let delivery = try #require(try await store.dueDeliveries(at: farFuture, limit: 1).first)
        try await store.recordAttempt(
            alertID: delivery.alert.id, webhookID: webhook, delivered: false, error: "HTTP 503", nextAttempt: retry,
            at: time)
        let key = SyncWindowKey(
            source: "fpds", endpoint: "https://www.fpds.gov/ezsearch/FEEDS/ATOM", query: "PIID:\"70CMSD24RECON0001\"",
            from: "2025-08-01", to: "2025-08-31")
        let window = try await store.syncWindow(key, at: time)
        _ = try await store.ingest(
            IngestBatch(
                records: [], seenAt: time,
                checkpoint: SyncPageCheckpoint(windowID: window.id, pass: window.pass, page: 0, entries: 10)))
        let run = try await store.beginSyncRun(source: key.source, endpoint: key.endpoint, query: key.query, at: time)
        var report = SyncReport()
        report.pages = 1
        try await store.finishSyncRun(run, report, at: time)
    }

    /// What a reader of the store sees: every version and its source document, the events newest
    /// first, searches and alerts, webhooks and sync runs.
    static func reading(_ store: any RecordStore) async throws -> [String] {
        var lines: [String] = []
        let versions = Mutex<[String]>([])
        try await store.forEachAction(allVersions: true) { action in versions.withLock { $0.append("\(action)") } }
        lines += versions.withLock { $0 }
        let keys = Mutex<[ActionKey]>([])
        try await store.forEachAction(allVersions: false) { action in keys.withLock { $0.append(action.action.key) } }
        for key in keys.withLock({ $0 }) {
            lines += try await store.rawDocuments(of: key)
        }
        lines += try await store.events(EventQuery()).map { "\($0)" }
        for query in ["\"stop work\"", "vendor:paragon", "services -software", "agency:7012"] {
            let expression = try SearchExpression(parsing: query)
            lines.append("\(query): \(try await store.actionIDs(matching: expression).sorted())")
        }
        lines += try await store.alerts(watchlist: nil, since: nil, limit: 1_000).map { "\($0)" }
        lines += try await store.webhooks().map { "\($0)" }
        lines += try await store.watchlistSummaries().map { "\($0)" }
        lines += try await store.recentSyncRuns(limit: 10).map { "\($0)" }
        return lines
    }
}
