import ContractWatchCore
import ContractWatchStorage
import Foundation
import PostgresNIO
import StoreTesting
import TestSupport
import Testing

/// PostgreSQL reads a text search a few months at a time by the month each action's indexed text
/// holds (migration 008): a store indexed before that migration gains the months, and answers
/// every search as it did, page by page in both orders.
@Suite(.timeLimit(.minutes(3)))
struct PostgresSearchMonthsTests {
    static let queries = ["services", "\"stop work\"", "stop OR suspend*", "lift -cancel", "services agency:9700"]

    @Test(.enabled(if: StoreEngine.available.contains(.postgres), "no PostgreSQL server"))
    func aStoreIndexedBeforeTheMonthsMigratesAndAnswersAlike() async throws {
        // Given the FPDS samples stored on PostgreSQL, and their searches' pages
        let location = try await StoreEngine.postgres.newLocation()
        let store = try await StoreEngine.postgres.openStore(at: location)
        _ = try await IngestPipeline(store: store).run(paths: [TestData.sample("fpds").path])
        let before = try await Self.pages(in: store)
        let indexed = try await Self.documentsWithoutTheirMonth(at: location)
        #expect(indexed.without == 0 && indexed.total > 100)

        // When the months are taken out of the index, as a store indexed before migration 008 holds it
        try await StoreEngine.withPostgresClient(at: location) { client in
            try await client.query(
                """
                UPDATE action_search SET document = ts_delete(document,
                    ARRAY(SELECT lexeme FROM unnest(document) WHERE lexeme LIKE '~%'))
                """)
            try await client.query("DELETE FROM schema_migrations WHERE identifier = '008-search-months'")
        }
        #expect(try await Self.documentsWithoutTheirMonth(at: location).without == indexed.total)

        // Then opening it migrates it: every document holds its month, and every search answers alike
        let migrated = try await StoreEngine.postgres.openStore(at: location)
        #expect(try await Self.documentsWithoutTheirMonth(at: location).without == 0)
        #expect(try await Self.pages(in: migrated) == before)
    }

    /// Every query's pages of 5 in both orders, as action keys (read mostly by month).
    private static func pages(in store: any RecordStore) async throws -> [[ActionKey]] {
        var all: [[ActionKey]] = []
        for text in queries {
            for order in SearchOrder.allCases {
                var query = SearchQuery()
                query.terms = try SearchExpression(parsing: text)
                query.order = order
                query.limit = 5
                query.withFacets = false
                var keys: [ActionKey] = []
                repeat {
                    let page = try await store.search(query)
                    keys += page.actions.map(\.action.key)
                    query.after = page.nextCursor
                } while query.after != nil
                #expect(!keys.isEmpty, "\(text)")
                all.append(keys)
            }
        }
        return all
    }

    /// How many indexed documents lack the lexeme of the month their action was signed in, of all.
    private static func documentsWithoutTheirMonth(at location: String) async throws -> (without: Int, total: Int) {
        try await StoreEngine.withPostgresClient(at: location) { client in
            var counts = (without: 0, total: 0)
            for try await found in try await client.query(
                """
                SELECT count(*) FILTER (WHERE NOT s.document @@ ('''~' || left(a.signed_date, 7) || '''')::tsquery),
                       count(*)
                FROM action_search s JOIN actions a ON a.id = s.action_id
                """
            ).decode((Int, Int).self) {
                counts = found
            }
            return counts
        }
    }
}
