import ContractWatchCore
import ContractWatchStorage
import Foundation
import PostgresNIO
import StoreTesting
import TestSupport
import Testing

/// PostgreSQL reads an agency filter from `action_agencies` and the events' agency indexes, and a
/// vendor's feed from the events' vendor index (migrations 012–014): a store made before them
/// migrates, and lists every agency's actions and events, and every vendor's feed, as it did.
@Suite(.timeLimit(.minutes(3)))
struct PostgresAgencyIndexTests {
    @Test(.enabled(if: StoreEngine.available.contains(.postgres), "no PostgreSQL server"))
    func aStoreMadeBeforeTheAgencyAndVendorIndexesMigratesAndListsAlike() async throws {
        // Given the samples stored on PostgreSQL, and what each agency and vendor lists
        let location = try await StoreEngine.postgres.newLocation()
        let store = try await StoreEngine.postgres.openStore(at: location)
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
        let before = try await Self.listings(in: store)
        #expect(before.filter { !$0.isEmpty }.count >= 40)

        // When the store is taken back to migration 011: no agencies' table, the versions' agency
        // indexes, events without their vendor
        try await StoreEngine.withPostgresClient(at: location) { client in
            for statement in [
                "DROP TABLE action_agencies",
                "DROP INDEX events_by_contracting_agency",
                "DROP INDEX events_by_funding_agency",
                "CREATE INDEX action_versions_by_contracting_agency ON action_versions(contracting_agency_id)",
                "CREATE INDEX action_versions_by_funding_agency ON action_versions(funding_agency_id)",
                "ALTER TABLE events DROP COLUMN vendor_id",
                """
                DELETE FROM schema_migrations
                WHERE identifier IN ('012-action-agencies', '013-events-by-agency', '014-events-by-vendor')
                """,
            ] {
                try await client.query(PostgresQuery(unsafeSQL: statement))
            }
        }

        // Then opening it migrates it, and every listing is as before
        let migrated = try await StoreEngine.postgres.openStore(at: location)
        #expect(try await Self.listings(in: migrated) == before)
    }

    /// For each agency code (and two departments), its search's actions page by page and its events;
    /// for each vendor, its feed.
    private static func listings(in store: any RecordStore) async throws -> [[String]] {
        var listings: [[String]] = []
        let agencies = ["9700", "7000", "1700", "2100", "7012", "1900", "3600", "4732", "1400", "6920"]
        for code in agencies {
            for order in SearchOrder.allCases {
                var query = SearchQuery()
                (query.agency, query.order, query.limit) = (code, order, 7)
                var keys: [String] = []
                repeat {
                    let page = try await store.search(query)
                    keys += page.actions.map(\.action.key.description)
                    query.after = page.nextCursor
                } while query.after != nil
                listings.append(keys)
            }
            var events = EventQuery(order: .newestFirst(after: nil))
            events.agency = code
            listings.append(try await store.events(events).map(\.id))
        }
        for uei in try await store.search(SearchQuery()).actions.compactMap(\.action.vendorUEI) {
            var feed = EventQuery()
            feed.vendorUEI = uei
            listings.append(try await store.newestEvents(feed, limit: 100).map(\.id))
        }
        return listings
    }
}
