import ContractWatchCore
import ContractWatchStorage
import FPDS
import Foundation
import PostgresNIO
import StoreTesting
import TestSupport
import Testing

/// PostgreSQL keeps a version's repeated texts by id and its hash as bytes (migration 016), one
/// index by detection time (017), an event's times as seconds (018), its id and type as
/// integers (019) and a version's seen times as seconds (020): a store made before them migrates,
/// and reads every action, version, event, alert and source document as it did.
@Suite(.timeLimit(.minutes(3)))
struct PostgresCompactRowsTests {
    @Test(.enabled(if: StoreEngine.available.contains(.postgres), "no PostgreSQL server"))
    func aStoreMadeBeforeTheCompactRowsMigratesAndReadsAlike() async throws {
        // Given the samples stored on PostgreSQL, and everything they read as
        let location = try await StoreEngine.postgres.newLocation()
        let store = try await StoreEngine.postgres.openStore(at: location)
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
        let service = WatchlistService(store: store)
        let time = try #require(Timestamp("2026-12-07T00:00:00Z"))
        _ = try await service.save(
            Watchlist(
                name: "spyware", entries: [WatchlistEntry(id: "paragon", kind: .vendor, name: "Paragon Solutions")]),
            replacingEntries: false, at: time)
        _ = try await AfterWrite(store: store, screener: try await service.screener()).run(.everything, at: time)
        let before = try await Self.reading(store)
        #expect(before.actions.count > 500)
        #expect(before.versions.count >= before.actions.count)
        #expect(before.events.count > 500)
        #expect(!before.alerts.isEmpty)

        // When the store is taken back to migration 015: the texts and hash in each version, the
        // event times, ids and types as text, two indexes by detection time, the seen times as text
        try await StoreEngine.withPostgresClient(at: location) { client in
            for statement in [
                """
                ALTER TABLE action_versions
                    ALTER COLUMN first_seen TYPE TEXT
                        USING to_char(to_timestamp(first_seen) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                    ALTER COLUMN last_seen TYPE TEXT
                        USING to_char(to_timestamp(last_seen) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                """,
                "ALTER TABLE actions ADD COLUMN first_seen TEXT NOT NULL DEFAULT '', ADD COLUMN last_seen TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE events DROP CONSTRAINT events_type_fkey, ADD COLUMN type_name TEXT",
                "UPDATE events SET type_name = t.name FROM event_types t WHERE t.code = events.type",
                """
                ALTER TABLE events DROP COLUMN type,
                    ALTER COLUMN id TYPE TEXT USING 'ev_' || lpad(to_hex(id # (-9223372036854775807 - 1)), 16, '0')
                """,
                "ALTER TABLE events RENAME COLUMN type_name TO type",
                "ALTER TABLE events ALTER COLUMN type SET NOT NULL",
                "CREATE INDEX events_by_type ON events(type, date)",
                "CREATE INDEX events_by_action ON events(action_id, type)",
                """
                ALTER TABLE alerts ALTER COLUMN event_id TYPE TEXT
                    USING 'ev_' || lpad(to_hex(event_id # (-9223372036854775807 - 1)), 16, '0')
                """,
                "DROP TABLE event_types",
                """
                ALTER TABLE action_versions ADD COLUMN source_url TEXT,
                    ADD COLUMN contract_action_type_description TEXT,
                    ADD COLUMN reason_for_modification_description TEXT,
                    ADD COLUMN product_or_service_description TEXT, ADD COLUMN naics_description TEXT
                """,
                """
                UPDATE action_versions SET
                    source_url = coalesce((SELECT text FROM version_texts WHERE id = source_url_address_id), '')
                        || source_url_rest,
                    contract_action_type_description =
                        (SELECT text FROM version_texts WHERE id = contract_action_type_description_id),
                    reason_for_modification_description =
                        (SELECT text FROM version_texts WHERE id = reason_for_modification_description_id),
                    product_or_service_description =
                        (SELECT text FROM version_texts WHERE id = product_or_service_description_id),
                    naics_description = (SELECT text FROM version_texts WHERE id = naics_description_id)
                """,
                """
                ALTER TABLE action_versions DROP COLUMN source_url_address_id, DROP COLUMN source_url_rest,
                    DROP COLUMN contract_action_type_description_id, DROP COLUMN reason_for_modification_description_id,
                    DROP COLUMN product_or_service_description_id, DROP COLUMN naics_description_id,
                    ALTER COLUMN content_hash TYPE TEXT USING encode(content_hash, 'hex')
                """,
                "DROP TABLE version_texts",
                "DROP FUNCTION hex(bytea)",
                """
                ALTER TABLE events
                    ALTER COLUMN date TYPE TEXT
                        USING to_char(to_timestamp(date) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS'),
                    ALTER COLUMN detected_at TYPE TEXT
                        USING to_char(to_timestamp(detected_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                """,
                "DROP INDEX events_newest_first",
                "CREATE INDEX events_by_detection ON events(detected_at, detection_latency_seconds)",
                "CREATE INDEX events_newest_first ON events(detected_at DESC, id DESC)",
                """
                DELETE FROM schema_migrations
                WHERE identifier IN (
                    '016-compact-versions', '017-one-index-by-detection', '018-event-times-as-seconds',
                    '019-event-ids-and-types-as-integers', '020-seen-times-as-seconds')
                """,
            ] {
                try await client.query(PostgresQuery(unsafeSQL: statement))
            }
        }

        // Then opening it migrates it, and it reads as before
        let migrated = try await StoreEngine.postgres.openStore(at: location)
        let after = try await Self.reading(migrated)
        #expect(after.actions.count == before.actions.count)
        #expect(after.versions.count == before.versions.count)
        func differing(_ before: [StoredAction], _ after: [StoredAction]) -> [String] {
            zip(before, after).filter { $0 != $1 }.map { "\($0.0.action.key) \($0.0.contentHash)" }
        }
        #expect(differing(before.actions, after.actions) == [])
        #expect(differing(before.versions, after.versions) == [])
        #expect(after.events == before.events)
        #expect(after.feed == before.feed)
        #expect(after.latency == before.latency)
        #expect(after.byType == before.byType)
        #expect(after.alerts == before.alerts)
        for version in after.versions {
            let key = version.action.key
            let document = try await migrated.rawDocument(
                agencyID: key.agencyID, piid: key.piid, contentHash: version.contentHash)
            #expect(document != nil, "no document for \(key) \(version.contentHash)")
        }
    }

    /// Every action as search lists it, every version of each of their modifications, every event
    /// (id, type, date and detection time), the newest detected, the detection latency since 2020,
    /// the events of each type with the actions a search by it finds, and every alert.
    private static func reading(
        _ store: any RecordStore
    ) async throws -> (
        actions: [StoredAction], versions: [StoredAction], events: [String], feed: [String],
        latency: DetectionLatencySummary, byType: [String], alerts: [Alert]
    ) {
        var actions: [StoredAction] = []
        var query = SearchQuery()
        query.limit = 200
        repeat {
            let page = try await store.search(query)
            actions += page.actions
            query.after = page.nextCursor
        } while query.after != nil
        var versions: [StoredAction] = []
        var modifications = Set<String>()
        for action in actions {
            let key = action.action.key
            guard modifications.insert("\(key.agencyID) \(key.piid) \(key.modNumber)").inserted else { continue }
            versions += try await store.versions(agencyID: key.agencyID, piid: key.piid, modNumber: key.modNumber)
        }
        func described(_ events: [ProcurementEvent]) -> [String] {
            events.map { "\($0.id) \($0.type) \($0.date?.description ?? "-") \($0.detectedAt ?? "-")" }
        }
        return (
            actions, versions, described(try await store.events(EventQuery())),
            described(try await store.newestEvents(EventQuery(), limit: 100)),
            try await store.detectionLatency(detectedSince: try #require(Timestamp("2020-01-01"))),
            try await StoreReadings.byEventType(in: store),
            try await store.alerts(watchlist: nil, since: nil, limit: 1_000)
        )
    }
}
