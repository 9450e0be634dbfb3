import ContractWatchCore
import ContractWatchStorage
import FPDS
import Foundation
import TestSupport
import Testing

/// The search language compiled for SQLite, over the real samples: known records are found, and
/// the operators combine results exactly as sets do, so no form is lost in compilation.
@Suite(.timeLimit(.minutes(3)))
struct SearchLanguageTests {
    private static let store: Task<SQLiteStore, any Error> = Task {
        let store = try SQLiteStore.inMemory()
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
        return store
    }

    /// Every matching action's key, over all pages.
    private func matches(_ text: String?) async throws -> Set<ActionKey> {
        let store = try await Self.store.value
        var query = SearchQuery()
        query.terms = try text.map { try SearchExpression(parsing: $0) }
        query.limit = 200
        query.withFacets = false
        var found: Set<ActionKey> = []
        while true {
            let page = try await store.search(query)
            found.formUnion(page.actions.map(\.action.key))
            guard let next = page.nextCursor else { return found }
            query.after = next
        }
    }

    @Test func theParagonLiftIsFoundByPhraseVendorAndPIID() async throws {
        let lift = try await matches("\"lift the stop work order\"")
        #expect(lift.map(\.piid).contains("70CMSD24RECON0001"))
        // The spyware vendor and its look-alike, an IT contractor, both carry the name.
        let byVendor = try await matches("vendor:paragon")
        #expect(Set(byVendor.map(\.piid)) == ["70CMSD24RECON0001", WatchlistStoreTests.decoyPIID])
        let paragonCase = try await matches("piid:70cmsd24recon0001")
        #expect(paragonCase.count == 3 && paragonCase.isSubset(of: byVendor))
        #expect(try await matches("vendor:\"paragon solutions\"") == paragonCase)
        #expect(try await matches("vendor:paragon -piid:\(WatchlistStoreTests.decoyPIID)") == paragonCase)
        #expect(try await matches("vendor:paragon lift*").isSubset(of: paragonCase))
        // The vendor field is the vendor's name only: the word elsewhere finds at least as much.
        #expect(try await matches("paragon").isSuperset(of: byVendor))
    }

    @Test func aPIIDFindsTheIDVAndTheOrdersPlacedUnderIt() async throws {
        let found = try await matches("piid:N0001915D0003")
        #expect(found.contains { $0.piid == "N0001915D0003" })
        #expect(found.allSatisfy { $0.piid == "N0001915D0003" || $0.idvPIID == "N0001915D0003" })
    }

    @Test(arguments: [
        ("stop", "work"), ("\"stop work\"", "lift*"), ("vendor:dyncorp", "agency:2100"), ("psc:J", "modification"),
        ("naics:54", "-vendor:dyncorp"),
    ])
    func operatorsCombineResultsAsSets(_ left: String, _ right: String) async throws {
        let all = try await matches(nil)
        let a = try await matches(left)
        let b = try await matches(right)
        #expect(!a.isEmpty && !b.isEmpty, "each side should find something in the samples")
        #expect(try await matches("\(left) \(right)") == a.intersection(b))
        #expect(try await matches("\(left) OR \(right)") == a.union(b))
        #expect(try await matches("(\(left)) -(\(right))") == a.subtracting(b))
        #expect(try await matches("-(\(left))") == all.subtracting(a))
        #expect(try await matches("-(\(left)) -(\(right))") == all.subtracting(a.union(b)))
    }

    @Test func engineSyntaxInAQueryIsPlainText() async throws {
        // FTS5 operators and column filters are not the language's: they are words here, and
        // never an error from the engine.
        for text in ["NEAR(stop work)", "^stop", "stop + work", "\"stop\"\"work\"", "{description}"] {
            _ = try await matches(text)
        }
        let caret = try await matches("^stop")
        #expect(caret == (try await matches("stop")))
        #expect(throws: SearchSyntaxError.self) { try SearchExpression(parsing: "description:stop") }
    }

    @Test func searchFiltersMeanTheMatchingFieldTerms() async throws {
        let store = try await Self.store.value
        var filter = SearchQuery()
        filter.vendor = "dyncorp international"
        filter.productOrServiceCode = "j"
        filter.limit = 200
        let filtered = Set(try await store.search(filter).actions.map(\.action.key))
        #expect(!filtered.isEmpty)
        #expect(filtered == (try await matches("vendor:\"dyncorp international\" psc:J")))
    }
}
