import ContractWatchCore
import FPDS
import Foundation
import GRDB
import StoreTesting
import TestSupport
import Testing

@testable import ContractWatchStorage

/// A store made by an earlier ContractWatch opens in this one: its migrations run on the data
/// already there, and what users saved reads as they meant it.
@Suite(.timeLimit(.minutes(1)))
struct SQLiteUpgradeTests {
    /// Keyword entries saved in SQLite's FTS5 syntax before migration 014, and what each must read
    /// as after it, in ContractWatch's own search language.
    static let savedQueries: [(saved: String, upgraded: String)] = [
        ("stop AND work NOT cancel", "stop work -cancel"),
        ("\"stop work\" OR suspend*", "\"stop work\" OR suspend*"),
        ("paragon", "paragon"),
    ]

    @Test func migration014RewritesSavedKeywordQueriesAndLeavesVendorsAlone() async throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path

        // The store as ContractWatch left it with migration 013 the newest.
        let old = try DatabaseQueue(path: path)
        try SQLiteStore.migrator.migrate(old, upTo: "013-order-independent-listings")
        let encoder = JSONEncoder()
        encoder.outputFormatting = SQLiteStore.watchlistEntryFormatting
        let vendor = WatchlistEntry(id: "paragon", kind: .vendor, name: "Paragon Solutions")
        let keywords = Self.savedQueries.enumerated().map { index, query in
            WatchlistEntry(id: "k\(index)", kind: .keyword, name: "saved \(index)", query: query.saved)
        }
        try await old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO watchlists (id, name, builtin, created_at, updated_at)
                    VALUES (1, 'desk', 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')
                    """)
            for entry in [vendor] + keywords {
                try db.execute(
                    sql: """
                        INSERT INTO watchlist_entries (watchlist_id, entry_id, kind, body, updated_at)
                        VALUES (1, ?, ?, ?, '2026-01-01T00:00:00Z')
                        """,
                    arguments: [
                        entry.id, entry.kind.rawValue, String(decoding: try encoder.encode(entry), as: UTF8.self),
                    ])
            }
        }
        try old.close()

        let store = try SQLiteStore(path: path)
        #expect(try SQLiteStore.appliedMigrations(path: path) == SQLiteStore.migrationIdentifiers)
        let entries = try #require(try await store.watchlist(named: "desk")).entries
        #expect(entries.first { $0.id == "paragon" } == vendor)
        for (index, query) in Self.savedQueries.enumerated() {
            let upgraded = try #require(entries.first { $0.id == "k\(index)" }?.query)
            #expect(upgraded == query.upgraded)
            // What was rewritten is valid in the new language.
            _ = try SearchExpression(parsing: upgraded)
        }
    }

    /// Before migration 018 the full-text index was keyed by action id; after it, by signed day
    /// and action. A store of the samples keyed the old way finds the same actions, in the same
    /// order, once migrated.
    @Test func migration018KeysTheFullTextIndexByDateAndSearchesFindTheSame() async throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let queries = ["services", "\"stop work\"", "vendor:paragon", "repair -cancel"]

        let store = try await Self.storeOfSamples(at: path)
        let before = try await Self.searches(queries, in: store)
        // The index as a store before 018 held it: rowid = action id (and its text copied, 029).
        try await store.writer.write { db in
            try Self.indexWithItsOwnText(in: db, keyedByDate: false)
            try db.execute(
                sql: """
                    DELETE FROM grdb_migrations WHERE identifier IN
                        ('018-full-text-by-date', '029-contentless-full-text', '035-full-text-by-day-and-slot')
                    """)
        }
        #expect(try SQLiteStore.appliedMigrations(path: path) != SQLiteStore.migrationIdentifiers)

        let migrated = try SQLiteStore(path: path)
        #expect(try SQLiteStore.appliedMigrations(path: path) == SQLiteStore.migrationIdentifiers)
        let after = try await Self.searches(queries, in: migrated)
        #expect(after == before)
        #expect(after.allSatisfy { !$0.isEmpty })
    }

    /// Before migration 029 the full-text index kept its own copy of the text it indexes. A store
    /// of the samples indexed that way finds the same actions, in the same order, once migrated,
    /// and its index holds exactly what one made afresh from the store holds.
    @Test func migration029DropsTheIndexsCopyOfItsTextAndSearchesFindTheSame() async throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let queries = ["services", "\"stop work\"", "vendor:paragon", "repair -cancel", "homeland"]

        let store = try await Self.storeOfSamples(at: path)
        let before = try await Self.searches(queries, in: store)
        try await store.writer.write { db in
            try Self.indexWithItsOwnText(in: db, keyedByDate: true)
            try db.execute(
                sql: """
                    DELETE FROM grdb_migrations WHERE identifier IN
                        ('029-contentless-full-text', '035-full-text-by-day-and-slot')
                    """)
        }

        let migrated = try SQLiteStore(path: path)
        #expect(try SQLiteStore.appliedMigrations(path: path) == SQLiteStore.migrationIdentifiers)
        let after = try await Self.searches(queries, in: migrated)
        #expect(after == before)
        #expect(after.allSatisfy { !$0.isEmpty })
        let (terms, differing) = try await FullTextIndexTests.indexAgainstRebuild(of: migrated)
        #expect(terms > 10_000)
        #expect(differing == [])
    }

    /// Before migration 035 the full-text index was keyed by signed day and action, and a walk
    /// read the whole last day it reached. A store of the samples keyed that way lists the same
    /// actions, in the same order, page after page, once migrated, and its index holds exactly
    /// what one made afresh from the store holds, rows keyed anew included.
    @Test func migration035KeysTheFullTextIndexBySlotAndSearchesListTheSame() async throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let queries = ["services", "\"stop work\"", "vendor:paragon", "repair -cancel", "homeland"]

        let store = try await Self.storeOfSamples(at: path)
        let before = try await Self.searches(queries, in: store, everyPage: true)
        try await store.writer.write { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT a.id, a.signed_date, \(IndexedText.columns) FROM actions a \(IndexedText.joins)")
            try db.execute(sql: "INSERT INTO action_search (action_search) VALUES ('delete-all')")
            for row in rows {
                try IndexedText(row: row, at: 2).insert(
                    key: FullTextKey.keyBefore035(signedDate: row[1], actionID: row[0]), in: db)
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = '035-full-text-by-day-and-slot'")
        }

        let migrated = try SQLiteStore(path: path)
        #expect(try SQLiteStore.appliedMigrations(path: path) == SQLiteStore.migrationIdentifiers)
        let after = try await Self.searches(queries, in: migrated, everyPage: true)
        #expect(after == before)
        #expect(after.allSatisfy { !$0.isEmpty })
        let (terms, differing) = try await FullTextIndexTests.indexAgainstRebuild(of: migrated)
        #expect(terms > 10_000)
        #expect(differing == [])
    }

    /// Before migration 030 each version kept its code descriptions, its source link and its
    /// content hash (as hex) itself. A store of the samples put back that way reads every version
    /// of every action alike once migrated, and finds each version's source document by its hash.
    @Test func migration030KeepsTextsByIDAndReadsEveryVersionAlike() async throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path

        let store = try await Self.storeOfSamples(at: path)
        let before = try await Self.everyVersion(in: store)
        let texts = try await store.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM version_texts")
        }
        // Dropping a table others refer to needs foreign keys off, which a transaction cannot set.
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let old = try DatabaseQueue(path: path, configuration: configuration)
        try await old.write { db in
            try Self.undoMigration034(in: db)
            try db.execute(
                sql: """
                    CREATE TABLE versions_before_030 AS SELECT *,
                        lower(hex(content_hash)) AS hex_hash,
                        coalesce((SELECT text FROM version_texts WHERE id = source_url_address_id), '')
                            || source_url_rest AS source_url,
                        \(Self.textOfID("contract_action_type_description")),
                        \(Self.textOfID("reason_for_modification_description")),
                        \(Self.textOfID("product_or_service_description")),
                        \(Self.textOfID("naics_description"))
                    FROM action_versions;
                    ALTER TABLE versions_before_030 DROP COLUMN content_hash;
                    ALTER TABLE versions_before_030 RENAME COLUMN hex_hash TO content_hash;
                    DROP TABLE action_versions;
                    DROP TABLE version_texts;
                    ALTER TABLE versions_before_030 RENAME TO action_versions;
                    DELETE FROM grdb_migrations WHERE identifier = '030-compact-versions';
                    """)
        }
        try old.close()

        let migrated = try SQLiteStore(path: path)
        #expect(try SQLiteStore.appliedMigrations(path: path) == SQLiteStore.migrationIdentifiers)
        let after = try await Self.everyVersion(in: migrated)
        #expect(after.count == before.count)
        let differing = zip(before, after).filter { $0 != $1 }.map { "\($0.0.action.key) \($0.0.contentHash)" }
        #expect(differing == [])
        #expect(after.contains { $0.sourceURL?.hasPrefix("https://www.fpds.gov/") == true })
        #expect(after.contains { $0.action.naicsCode?.description?.isEmpty == false })
        #expect(
            try await migrated.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM version_texts") }
                == texts)
        for version in after {
            let key = version.action.key
            let document = try await migrated.rawDocument(
                agencyID: key.agencyID, piid: key.piid, contentHash: version.contentHash)
            #expect(document != nil, "no document for \(key) \(version.contentHash)")
        }
    }

    /// Before migration 034 a version kept the times it was first and last seen as text, and an
    /// action kept its own. A store of the samples, one page read again years later and then as
    /// deletions, put back that way reads every version with the same times, deletions with the
    /// time they were seen, once migrated; a later read moves a version's last time alone.
    @Test func migration034KeepsSeenTimesAsSecondsAndReadsEveryVersionAlike() async throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let store = try await Self.storeOfSamples(at: path)
        let later = try #require(Timestamp("2031-01-02T03:04:05Z"))
        let reread = IngestPipeline(store: store, now: { later.date })
        _ = try await reread.run(paths: [TestData.sample("reconstructed").path], reread: true)
        _ = try await reread.run(paths: [TestData.sample("reconstructed").path], asDeletions: true, reread: true)
        let before = try await Self.everyVersion(in: store)
        #expect(before.contains { $0.lastSeen == later.description && $0.firstSeen != later.description })
        #expect(before.contains { $0.action.deletion?.seenAt == later.description })
        try await store.writer.write { db in
            try Self.undoMigration034(in: db)
            #expect(try String.fetchOne(db, sql: "SELECT typeof(first_seen) FROM action_versions LIMIT 1") == "text")
        }

        let migrated = try SQLiteStore(path: path)
        #expect(try SQLiteStore.appliedMigrations(path: path) == SQLiteStore.migrationIdentifiers)
        let after = try await Self.everyVersion(in: migrated)
        #expect(after.count == before.count)
        let differing = zip(before, after).filter { $0 != $1 }.map { "\($0.0.action.key) \($0.0.firstSeen)" }
        #expect(differing == [])
        let evenLater = try #require(Timestamp("2032-01-01T00:00:00Z"))
        _ = try await IngestPipeline(store: migrated, now: { evenLater.date })
            .run(paths: [TestData.sample("reconstructed").path], reread: true)
        let moved = zip(after, try await Self.everyVersion(in: migrated)).filter { $0.lastSeen != $1.lastSeen }
        #expect(!moved.isEmpty)
        #expect(moved.allSatisfy { $0.1.lastSeen == evenLater.description && $0.1.firstSeen == $0.0.firstSeen })
    }

    /// Puts the seen times back as a store before migration 034 held them: a version's as text
    /// (an INTEGER column keeps text that is no number as text), and an action's own, its
    /// versions' first and last.
    private static func undoMigration034(in db: Database) throws {
        try db.execute(
            sql: """
                UPDATE action_versions SET first_seen = strftime('%Y-%m-%dT%H:%M:%SZ', first_seen, 'unixepoch'),
                                           last_seen = strftime('%Y-%m-%dT%H:%M:%SZ', last_seen, 'unixepoch');
                ALTER TABLE actions ADD COLUMN first_seen TEXT NOT NULL DEFAULT '';
                ALTER TABLE actions ADD COLUMN last_seen TEXT NOT NULL DEFAULT '';
                UPDATE actions SET
                    first_seen = (SELECT min(first_seen) FROM action_versions WHERE action_id = actions.id),
                    last_seen = (SELECT max(last_seen) FROM action_versions WHERE action_id = actions.id);
                DELETE FROM grdb_migrations WHERE identifier = '034-seen-times-as-seconds';
                """)
    }

    /// Before migration 032 events kept their date and detection time as text. A store of the
    /// samples put back that way lists the same events with the same times, page by page, in
    /// feeds and since a date, and summarises the same detection latency, once migrated.
    @Test func migration032KeepsStoredTimesAsSecondsAndListingsReadAlike() async throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let store = try await Self.storeOfSamples(at: path)
        let before = try await Self.eventListings(in: store)
        #expect(before.pages.joined().count > 500)
        #expect(before.since.count > 10 && before.since.count < before.pages.joined().count)
        // An INTEGER column keeps text that is no number as text: the rows read as before 032.
        try await store.writer.write { db in
            try Self.undoMigration033(in: db)
            try db.execute(
                sql: """
                    UPDATE events SET date = strftime('%Y-%m-%dT%H:%M:%S', date, 'unixepoch'),
                                      detected_at = strftime('%Y-%m-%dT%H:%M:%SZ', detected_at, 'unixepoch');
                    DELETE FROM grdb_migrations WHERE identifier = '032-event-times-as-seconds';
                    """)
            #expect(try String.fetchOne(db, sql: "SELECT typeof(detected_at) FROM events LIMIT 1") == "text")
        }

        let migrated = try SQLiteStore(path: path)
        #expect(try SQLiteStore.appliedMigrations(path: path) == SQLiteStore.migrationIdentifiers)
        #expect(try await Self.eventListings(in: migrated) == before)
    }

    /// Before migration 033 events kept their id and type as text, and alerts their event's id.
    /// A store of the samples with alerts, put back that way, lists the same events with the same
    /// ids and types, page by page, by type, in feeds and since a date, finds the same actions
    /// by event type with the same facets, and reads the same alerts, once migrated.
    @Test func migration033KeepsEventIDsAndTypesAsIntegersAndListingsReadAlike() async throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let store = try await Self.storeOfSamples(at: path)
        let service = WatchlistService(store: store)
        let entry = WatchlistEntry(id: "paragon", kind: .vendor, name: "Paragon Solutions")
        let time = try #require(Timestamp("2026-12-07T00:00:00Z"))
        _ = try await service.save(Watchlist(name: "spyware", entries: [entry]), replacingEntries: false, at: time)
        _ = try await AfterWrite(store: store, screener: try await service.screener()).run(.everything, at: time)
        let before = try await Self.eventListings(in: store)
        let typesBefore = try await StoreReadings.byEventType(in: store)
        let alertsBefore = try await store.alerts(watchlist: nil, since: nil, limit: 1_000)
        #expect(!alertsBefore.isEmpty)
        #expect(typesBefore.filter { !$0.contains(": []") }.count > 10)
        try await store.writer.write { db in
            try Self.undoMigration033(in: db)
            #expect(try String.fetchOne(db, sql: "SELECT typeof(id) || typeof(type) FROM events LIMIT 1") == "texttext")
        }

        let migrated = try SQLiteStore(path: path)
        #expect(try SQLiteStore.appliedMigrations(path: path) == SQLiteStore.migrationIdentifiers)
        #expect(try await Self.eventListings(in: migrated) == before)
        #expect(try await StoreReadings.byEventType(in: migrated) == typesBefore)
        let alertsAfter = try await migrated.alerts(watchlist: nil, since: nil, limit: 1_000)
        #expect(alertsAfter.map(\.id) == alertsBefore.map(\.id))
        #expect(alertsAfter.map(\.event) == alertsBefore.map(\.event))
        // `event_types` names every type by the code the store keeps.
        let named = try await migrated.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT code, name FROM event_types ORDER BY code").map {
                "\($0[0] as Int64) \($0[1] as String)"
            }
        }
        #expect(named == EventCodes.allTypes.map { "\($0.code) \($0.type.rawValue)" })
    }

    /// Puts `events` and `alerts` back as a store before migration 033 held them: an event's id
    /// and type as text, and an alert's event id.
    private static func undoMigration033(in db: Database) throws {
        let idText = DatabaseFunction("event_id_text", argumentCount: 1, pure: true) { values in
            Int64.fromDatabaseValue(values[0]).map(EventCodes.id(stored:))
        }
        db.add(function: idText)
        defer { db.remove(function: idText) }
        try db.execute(
            sql: """
                CREATE TABLE events_with_texts (
                    id TEXT PRIMARY KEY,
                    contract_id INTEGER NOT NULL REFERENCES contracts(id),
                    action_id INTEGER NOT NULL REFERENCES actions(id),
                    type TEXT NOT NULL,
                    date INTEGER,
                    amount TEXT,
                    confidence REAL NOT NULL,
                    is_partial INTEGER NOT NULL,
                    evidence TEXT NOT NULL,
                    detected_at INTEGER NOT NULL,
                    detection_latency_seconds INTEGER,
                    contracting_agency_id TEXT,
                    funding_agency_id TEXT,
                    vendor_id INTEGER REFERENCES vendors(id)
                );
                INSERT INTO events_with_texts
                    SELECT event_id_text(e.id), e.contract_id, e.action_id, t.name, e.date, e.amount, e.confidence,
                           e.is_partial, e.evidence, e.detected_at, e.detection_latency_seconds,
                           e.contracting_agency_id, e.funding_agency_id, e.vendor_id
                    FROM events e JOIN event_types t ON t.code = e.type ORDER BY e.rowid;
                DROP TABLE events;
                ALTER TABLE events_with_texts RENAME TO events;
                \(SQLiteStore.eventsIndexes)
                DROP TABLE event_types;
                UPDATE alerts SET event_id = event_id_text(event_id);
                DELETE FROM grdb_migrations WHERE identifier = '033-event-ids-and-types-as-integers';
                """)
    }

    /// Every page of the events newest first, those since mid-2016, the newest detected and the
    /// detection latency since 2020, each event as its id, type, date and detection time.
    private struct EventListings: Equatable {
        var pages: [[String]]
        var since: [String]
        var feed: [String]
        var latency: DetectionLatencySummary
    }

    private static func eventListings(in store: SQLiteStore) async throws -> EventListings {
        func described(_ events: [ProcurementEvent]) -> [String] {
            events.map { "\($0.id) \($0.type) \($0.date?.description ?? "-") \($0.detectedAt ?? "-")" }
        }
        var pages: [[String]] = []
        var query = EventQuery()
        query.limit = 50
        var cursor: EventCursor?
        repeat {
            let page = try await store.eventPage(query, after: cursor)
            pages.append(described(page.events))
            cursor = page.nextCursor
        } while cursor != nil
        var since = EventQuery()
        since.since = FPDSDateTime(year: 2016, month: 7, day: 1)
        return EventListings(
            pages: pages, since: described(try await store.events(since)),
            feed: described(try await store.newestEvents(EventQuery(), limit: 100)),
            latency: try await store.detectionLatency(detectedSince: try #require(Timestamp("2020-01-01"))))
    }

    /// A column `<name>` with the text of the version's `<name>_id`, as before migration 030.
    private static func textOfID(_ name: String) -> String {
        "(SELECT text FROM version_texts WHERE id = \(name)_id) AS \(name)"
    }

    /// Every version of every action, in the order stored.
    private static func everyVersion(in store: SQLiteStore) async throws -> [StoredAction] {
        try await store.writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(ActionColumn.list) FROM actions a JOIN action_versions v ON v.action_id = a.id
                    \(ActionColumn.joins) ORDER BY v.id
                    """
            ).map(SQLiteStore.storedAction)
        }
    }

    /// Puts the full-text index back as a store before migration 029 held it: with its own copy
    /// of the text, keyed by signed day and action (from 018 on) or by action, and no names.
    private static func indexWithItsOwnText(in db: Database, keyedByDate: Bool) throws {
        let rows = try Row.fetchAll(
            db, sql: "SELECT a.id, a.signed_date, \(IndexedText.columns) FROM actions a \(IndexedText.joins)")
        try db.execute(
            sql: """
                DROP TABLE action_search;
                DROP TABLE action_search_names;
                DROP TABLE search_names;
                CREATE VIRTUAL TABLE action_search USING fts5(
                    description, vendor_name, agency_name, office_name,
                    tokenize = 'porter unicode61'
                );
                """)
        for row in rows {
            let key: Int64 = keyedByDate ? FullTextKey.keyBefore035(signedDate: row[1], actionID: row[0]) : row[0]
            try db.execute(sql: IndexedText.insert, arguments: [key, row[2], row[3], row[4], row[5]])
        }
    }

    /// Before migration 020 the store kept no timelines: citations then tell each timeline from
    /// the contract's records, and once the contracts are classified again, from the stored one,
    /// alike.
    @Test func migration020AddsTimelinesAndCitationsReadAlikeBeforeAndAfterReclassifying() async throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let store = try await Self.storeOfSamples(at: path)
        // Told from the records, a PIID's orders under several IDVs share one timeline; those
        // are left out.
        let contractsByPIID = Dictionary(grouping: try await store.allContracts()) { [$0.agencyID, $0.piid] }
        let events = try await store.events(EventQuery()).filter {
            contractsByPIID[[$0.action.agencyID, $0.action.piid]]?.count == 1
        }
        let before = try await store.citations(for: events)
        // The contracts table as a store before 020 held it.
        try await store.writer.write { db in
            try db.execute(
                sql: """
                    ALTER TABLE contracts DROP COLUMN timeline_summary;
                    DELETE FROM grdb_migrations WHERE identifier = '020-contract-timelines';
                    """)
        }

        let migrated = try SQLiteStore(path: path)
        #expect(try await migrated.citedRecords(of: events.map(\.action)).timelines.isEmpty)
        let untold = try await migrated.citations(for: events)
        try await AfterWrite(store: migrated, screener: nil).run(.everything, at: .now)
        let told = try await migrated.citedRecords(of: events.map(\.action)).timelines
        #expect(told.count == Set(events.map(\.action.contract)).count)
        let after = try await migrated.citations(for: events)
        #expect(before.count == events.count)
        #expect(untold == before)
        #expect(after == before)
    }

    /// Before migration 023 events did not keep their actions' agencies; the migration copies
    /// them, and the events listing filtered by agency lists the same events after it.
    @Test func migration023CopiesEachEventsAgenciesAndAgencyListingsReadAlike() async throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let store = try await Self.storeOfSamples(at: path)
        let codes = ["9700", "2100", "7012", "1900", "3600", "7000"]
        let before = try await Self.events(byAgency: codes, in: store)
        #expect(before.allSatisfy { !$0.isEmpty })
        // The events table as a store before 023 held it (and the indexes as 026 found them).
        try await store.writer.write { db in
            try db.execute(
                sql: """
                    \(Self.undoingMigration026)
                    ALTER TABLE events DROP COLUMN contracting_agency_id;
                    ALTER TABLE events DROP COLUMN funding_agency_id;
                    DELETE FROM grdb_migrations WHERE identifier = '023-event-agencies';
                    """)
        }

        let migrated = try SQLiteStore(path: path)
        #expect(try await Self.events(byAgency: codes, in: migrated) == before)
    }

    /// Before migration 027 events did not keep their actions' vendors; the migration copies
    /// them, and every vendor's feed lists the same events after it.
    @Test func migration027CopiesEachEventsVendorAndVendorFeedsReadAlike() async throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let store = try await Self.storeOfSamples(at: path)
        let vendors = try await store.writer.read { db in try String.fetchAll(db, sql: "SELECT uei FROM vendors") }
        let before = try await Self.feeds(ofVendors: vendors, in: store)
        #expect(before.filter { !$0.isEmpty }.count >= 10)
        try await store.writer.write { db in
            try db.execute(
                sql: """
                    DROP INDEX events_by_vendor_newest_detected;
                    ALTER TABLE events DROP COLUMN vendor_id;
                    DELETE FROM grdb_migrations WHERE identifier = '027-events-by-vendor';
                    """)
        }

        let migrated = try SQLiteStore(path: path)
        #expect(try await Self.feeds(ofVendors: vendors, in: migrated) == before)
    }

    /// The ids of the events of each vendor's feed.
    private static func feeds(ofVendors vendors: [String], in store: SQLiteStore) async throws -> [[String]] {
        var listed: [[String]] = []
        for uei in vendors {
            var query = EventQuery()
            query.vendorUEI = uei
            listed.append(try await store.newestEvents(query, limit: 100).map(\.id))
        }
        return listed
    }

    /// Before migrations 025 and 026 an agency filter tested each action's current version, and
    /// each event's agencies, as it walked them by date; since, it reads ranges of the agency
    /// indexes. A store the migrations fill lists the same actions as one ingest filled, in the
    /// same order, page by page, with the same facets, and the same events. (That the ranges find
    /// what testing each version finds: `SearchLanguageTests.theAgencyFilterFindsWhatTheAgencyFieldFinds`.)
    @Test func migrations025And026ListEveryAgencyAsIngestDoes() async throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let store = try await Self.storeOfSamples(at: path)
        let codes =
            try await store.writer.read { db in try String.fetchAll(db, sql: "SELECT code FROM agencies") }
            + ["9700", "7000", "1400"]
        let queries = codes.flatMap { code in
            [SearchOrder.newest, .oldest].map { order in
                var query = SearchQuery()
                (query.agency, query.order, query.limit) = (code, order, 9)
                return query
            }
        }
        let before = try await Self.pages(of: queries, in: store)
        let eventsBefore = try await Self.events(byAgency: codes, in: store)
        #expect(before.pages.filter { !$0[0].isEmpty }.count >= 20)
        try await store.writer.write { db in
            try db.execute(
                sql: """
                    \(Self.undoingMigration026)
                    DROP TABLE action_agencies;
                    DELETE FROM grdb_migrations WHERE identifier = '025-action-agencies';
                    """)
        }

        let migrated = try SQLiteStore(path: path)
        let after = try await Self.pages(of: queries, in: migrated)
        #expect(after.pages == before.pages)
        #expect(after.facets == before.facets)
        #expect(try await Self.events(byAgency: codes, in: migrated) == eventsBefore)
    }

    /// What undoes migration 026 in a store that has it: its indexes go, 022's come back.
    private static let undoingMigration026 = """
        DROP INDEX events_by_contracting_agency;
        DROP INDEX events_by_funding_agency;
        CREATE INDEX action_versions_by_contracting_agency ON action_versions(contracting_agency_id);
        CREATE INDEX action_versions_by_funding_agency ON action_versions(funding_agency_id);
        DELETE FROM grdb_migrations WHERE identifier = '026-events-by-agency';
        """

    /// Every page of each query, in order, and each first page's facets.
    private static func pages(
        of queries: [SearchQuery], in store: SQLiteStore
    ) async throws -> (pages: [[[ActionKey]]], facets: [[String: [FacetCount]]]) {
        var answers: (pages: [[[ActionKey]]], facets: [[String: [FacetCount]]]) = ([], [])
        for var query in queries {
            let first = try await store.search(query)
            var pages = [first.actions.map(\.action.key)]
            query.after = first.nextCursor
            while query.after != nil {
                let page = try await store.search(query)
                pages.append(page.actions.map(\.action.key))
                query.after = page.nextCursor
            }
            answers.pages.append(pages)
            answers.facets.append(first.facets)
        }
        return answers
    }

    /// A store file at `path` holding the samples, as this build ingests them.
    private static func storeOfSamples(at path: String) async throws -> SQLiteStore {
        let store = try SQLiteStore(path: path)
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
        return store
    }

    /// The ids of the events listed for each agency code, newest first.
    private static func events(byAgency codes: [String], in store: SQLiteStore) async throws -> [[String]] {
        var listed: [[String]] = []
        for code in codes {
            var query = EventQuery()
            query.agency = code
            listed.append(try await store.events(query).map(\.id))
        }
        return listed
    }

    /// The keys of the first 20 results of each query, newest first, or with `everyPage` all of
    /// them, read 7 a page.
    private static func searches(
        _ queries: [String], in store: SQLiteStore, everyPage: Bool = false
    ) async throws -> [[ActionKey]] {
        var results: [[ActionKey]] = []
        for text in queries {
            var query = SearchQuery()
            query.terms = try SearchExpression(parsing: text)
            query.limit = everyPage ? 7 : 20
            var keys: [ActionKey] = []
            repeat {
                let page = try await store.search(query)
                keys += page.actions.map(\.action.key)
                query.after = everyPage ? page.nextCursor : nil
            } while query.after != nil
            results.append(keys)
        }
        return results
    }
}
