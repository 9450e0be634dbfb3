import ContractWatchCore
import ContractWatchStorage
import Foundation
import StoreTesting
import TestSupport
import Testing

/// A server keeps a search's facet counts while the records are unchanged; a write by another
/// process (an ingest beside the server) must show in the very next search.
@Suite(.timeLimit(.minutes(3)))
struct FacetCacheTests {
    @Test(arguments: StoreEngine.available) func facetsFollowAWriteByAnotherProcess(engine: StoreEngine) async throws {
        let location = try await engine.newLocation()
        // Given a served store of the FPDS samples without the Paragon reconstruction
        let served = try await engine.openStore(at: location)
        _ = try await IngestPipeline(store: served).run(paths: [TestData.sample("fpds").path])
        let queries = ["\"stop work\"", "services", ""]
        let before = try await Self.facets(queries, in: served)
        // and asked again, and for the next page: the same counts
        #expect(try await Self.facets(queries, in: served) == before)
        for text in queries {
            var query = try Self.query(text)
            let first = try await served.search(query)
            query.after = first.nextCursor
            #expect(try await served.search(query).facets == first.facets)
        }

        // When another process stores the Paragon contract and classifies it
        let ingest = try await engine.openStore(at: location)
        _ = try await IngestPipeline(store: ingest).run(paths: [TestData.sample("reconstructed").path])

        // Then the served store counts it at once, as a store that never counted before does
        let after = try await Self.facets(queries, in: served)
        let fresh = try await Self.facets(queries, in: try await engine.openStore(at: location))
        #expect(after == fresh)
        #expect(after != before)
        #expect(after[0]["agency"]?.contains { $0.value == "7012" } == true)
        #expect(before[0]["agency"]?.contains { $0.value == "7012" } != true)
    }

    private static func query(_ text: String) throws -> SearchQuery {
        var query = SearchQuery()
        query.terms = text.isEmpty ? nil : try SearchExpression(parsing: text)
        query.limit = 5
        return query
    }

    private static func facets(_ queries: [String], in store: any RecordStore) async throws -> [[String: [FacetCount]]]
    {
        var facets: [[String: [FacetCount]]] = []
        for text in queries { facets.append(try await store.search(try query(text)).facets) }
        return facets
    }
}
