import ContractWatchCore
import ContractWatchStorage
import FPDS
import Foundation
import StoreTesting
import TestSupport
import Testing

/// The search language compiled for each engine, over the real samples: known records are found, and
/// the operators combine results exactly as sets do, so no form is lost in compilation.
@Suite(.timeLimit(.minutes(3)))
struct SearchLanguageTests {
    /// The samples, ingested once per engine for the whole suite.
    private static let stores: [StoreEngine: Task<any RecordStore, any Error>] = Dictionary(
        uniqueKeysWithValues: StoreEngine.available.map { engine in
            (
                engine,
                Task {
                    let store = try await engine.makeStore()
                    _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
                    return store
                }
            )
        })

    private func store(_ engine: StoreEngine) async throws -> any RecordStore {
        try await #require(Self.stores[engine]).value
    }

    /// Every matching action's key, over all pages.
    private func matches(_ text: String?, on engine: StoreEngine) async throws -> Set<ActionKey> {
        let store = try await store(engine)
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

    /// The same samples ingested into each engine on its own answer every form of the language
    /// with the same actions, in the same order, page after page, newest or oldest first (each
    /// engine walks its full-text index in date order its own way), and count the same facets.
    @Test(.enabled(if: StoreEngine.available.contains(.postgres), "no PostgreSQL server to compare with"))
    func bothEnginesAnswerAlike() async throws {
        let queries: [String?] = [
            nil, "services", "\"stop work\"", "stop OR suspend*", "lift -cancel", "vendor:paragon",
            "agency:7012", "piid:70cmsd24recon0001", "psc:D3", "naics:5415", "(repair OR maintenance) -vendor:paragon",
            "services agency:9700", "zzzznotaword",
        ]
        // Pages of 5 read 200 actions in order on PostgreSQL before the months; pages of 50, all of them.
        for (text, limit) in queries.flatMap({ text in [(text, 50), (text, 5)] }) {
            for order in [SearchOrder.newest, .oldest] {
                var pages: [StoreEngine: [ActionKey]] = [:]
                var facets: [StoreEngine: [String: [FacetCount]]] = [:]
                for engine in [StoreEngine.sqlite, .postgres] {
                    let store = try await store(engine)
                    var query = SearchQuery()
                    query.terms = try text.map { try SearchExpression(parsing: $0) }
                    query.limit = limit
                    query.order = order
                    var keys: [ActionKey] = []
                    while true {
                        let page = try await store.search(query)
                        if query.after == nil { facets[engine] = page.facets }
                        keys += page.actions.map(\.action.key)
                        guard let next = page.nextCursor else { break }
                        query.after = next
                        query.withFacets = false
                    }
                    pages[engine] = keys
                }
                let label = "\(text ?? "no terms"), \(order), pages of \(limit)"
                #expect(pages[.sqlite] == pages[.postgres], "\(label)")
                #expect(facets[.sqlite] == facets[.postgres], "\(label)")
                #expect(
                    text == "zzzznotaword" || !(pages[.sqlite] ?? []).isEmpty, "\(label) finds nothing on either engine"
                )
            }
        }
    }

    /// A department's code finds its agencies' actions (9700 Defense: 2100 Army, 1700 Navy, …);
    /// an agency's code finds its own alone.
    @Test(arguments: StoreEngine.available)
    func aDepartmentCodeFindsEveryAgencyOfTheDepartment(engine: StoreEngine) async throws {
        let defense = try await matches("agency:9700", on: engine)
        let army = try await matches("agency:2100", on: engine)
        let navy = try await matches("agency:1700", on: engine)
        #expect(!army.isEmpty && !navy.isEmpty)
        #expect(army.union(navy).isSubset(of: defense))
        #expect(army.isDisjoint(with: navy))
        // Homeland Security (7000) is not Defense.
        let homeland = try await matches("agency:7000", on: engine)
        #expect(!homeland.isEmpty && homeland.isDisjoint(with: defense))
        #expect(try await matches("agency:7012", on: engine).isSubset(of: homeland))
    }

    /// The `agency` filter, read from the actions' agencies in date order (`action_agencies`),
    /// finds what the `agency:` field of the search language finds (each match tested against its
    /// current version), page by page in the same order, newest or oldest first, alone or with
    /// dates and an amount, and its facets count the same.
    @Test(arguments: StoreEngine.available)
    func theAgencyFilterFindsWhatTheAgencyFieldFinds(engine: StoreEngine) async throws {
        let store = try await store(engine)
        var variants: [SearchQuery] = []
        for order in [SearchOrder.newest, .oldest] {
            var plain = SearchQuery()
            plain.order = order
            var dated = plain
            (dated.from, dated.to) = (
                FPDSDateTime(year: 2015, month: 1, day: 1), FPDSDateTime(year: 2025, month: 1, day: 1)
            )
            var large = plain
            large.minAmount = 1000
            variants += [plain, dated, large]
        }
        for code in ["9700", "2100", "7012", "1900", "3600"] {
            for variant in variants {
                var filtered = variant
                filtered.agency = code
                var field = variant
                field.terms = try SearchExpression(parsing: "agency:\(code)")
                let label = "\(code) \(variant)"
                var pages: [[[ActionKey]]] = [[], []]
                for (index, var query) in [filtered, field].enumerated() {
                    query.limit = 7
                    let first = try await store.search(query)
                    pages[index].append(first.actions.map(\.action.key))
                    query.after = first.nextCursor
                    while query.after != nil {
                        let page = try await store.search(query)
                        pages[index].append(page.actions.map(\.action.key))
                        query.after = page.nextCursor
                    }
                }
                #expect(pages[0] == pages[1], "\(label)")
                #expect(try await store.search(filtered).facets == store.search(field).facets, "\(label)")
                if variant.from == nil && variant.minAmount == nil { #expect(!pages[0][0].isEmpty, "\(label)") }
            }
        }
    }

    @Test(arguments: StoreEngine.available)
    func theParagonLiftIsFoundByPhraseVendorAndPIID(engine: StoreEngine) async throws {
        let lift = try await matches("\"lift the stop work order\"", on: engine)
        #expect(lift.map(\.piid).contains("70CMSD24RECON0001"))
        // The spyware vendor and its look-alike, an IT contractor, both carry the name.
        let byVendor = try await matches("vendor:paragon", on: engine)
        #expect(Set(byVendor.map(\.piid)) == ["70CMSD24RECON0001", WatchlistStoreTests.decoyPIID])
        let paragonCase = try await matches("piid:70cmsd24recon0001", on: engine)
        #expect(paragonCase.count == 3 && paragonCase.isSubset(of: byVendor))
        #expect(try await matches("vendor:\"paragon solutions\"", on: engine) == paragonCase)
        #expect(try await matches("vendor:paragon -piid:\(WatchlistStoreTests.decoyPIID)", on: engine) == paragonCase)
        #expect(try await matches("vendor:paragon lift*", on: engine).isSubset(of: paragonCase))
        // The vendor field is the vendor's name only: the word elsewhere finds at least as much.
        #expect(try await matches("paragon", on: engine).isSuperset(of: byVendor))
    }

    @Test(arguments: StoreEngine.available)
    func aPIIDFindsTheIDVAndTheOrdersPlacedUnderIt(engine: StoreEngine) async throws {
        let found = try await matches("piid:N0001915D0003", on: engine)
        #expect(found.contains { $0.piid == "N0001915D0003" })
        #expect(found.allSatisfy { $0.piid == "N0001915D0003" || $0.idvPIID == "N0001915D0003" })
    }

    @Test(
        arguments: StoreEngine.available,
        [
            ("stop", "work"), ("\"stop work\"", "lift*"), ("vendor:dyncorp", "agency:2100"), ("psc:J", "modification"),
            ("naics:54", "-vendor:dyncorp"),
        ])
    func operatorsCombineResultsAsSets(engine: StoreEngine, _ pair: (String, String)) async throws {
        let (left, right) = pair
        let all = try await matches(nil, on: engine)
        let a = try await matches(left, on: engine)
        let b = try await matches(right, on: engine)
        #expect(!a.isEmpty && !b.isEmpty, "each side should find something in the samples")
        #expect(try await matches("\(left) \(right)", on: engine) == a.intersection(b))
        #expect(try await matches("\(left) OR \(right)", on: engine) == a.union(b))
        #expect(try await matches("(\(left)) -(\(right))", on: engine) == a.subtracting(b))
        #expect(try await matches("-(\(left))", on: engine) == all.subtracting(a))
        #expect(try await matches("-(\(left)) -(\(right))", on: engine) == all.subtracting(a.union(b)))
    }

    @Test(arguments: StoreEngine.available)
    func engineSyntaxInAQueryIsPlainText(engine: StoreEngine) async throws {
        // FTS5 operators and column filters are not the language's: they are words here, and
        // never an error from the engine.
        for text in ["NEAR(stop work)", "^stop", "stop + work", "\"stop\"\"work\"", "{description}"] {
            _ = try await matches(text, on: engine)
        }
        let caret = try await matches("^stop", on: engine)
        #expect(caret == (try await matches("stop", on: engine)))
        #expect(throws: SearchSyntaxError.self) { try SearchExpression(parsing: "description:stop") }
    }

    /// A text search reads the full-text index in date order and stops when its page is full. It
    /// lists what sorting every match lists, in the same order, page after page, either way, with
    /// pages small enough to end inside a day and facets over the same newest matches.
    @Test(
        arguments: StoreEngine.available,
        [
            "services", "\"stop work\"", "vendor:paragon", "services agency:9700", "modification -cancel",
            "lift* OR stop",
        ])
    func aTextSearchListsWhatSortingEveryMatchLists(engine: StoreEngine, _ text: String) async throws {
        let store = try await store(engine)
        // With a field beside it under OR, the text cannot drive a walk: every match is sorted.
        let sorted = try SearchExpression(parsing: "(\(text)) OR piid:NO-SUCH-CONTRACT")
        for order in [SearchOrder.newest, .oldest] {
            let walked = try await pages(try SearchExpression(parsing: text), order: order, on: store)
            let reference = try await pages(sorted, order: order, on: store)
            #expect(!walked.keys.isEmpty, "\(text) finds nothing in the samples")
            #expect(walked.keys == reference.keys, "\(text), \(order)")
            #expect(walked.facets == reference.facets, "\(text), \(order)")
        }
    }

    /// On a day of hundreds of matches a text search reads its page and one slot of the day more
    /// (`FullTextKey`), and lists what sorting every match lists, page after page, either way:
    /// the Paragon contract's three records copied 300 times (PIIDs prefixed), each copy signed
    /// the day its original was, so two days hold 300 `"stop work"` matches each.
    @Test(arguments: StoreEngine.available)
    func aDayOfHundredsOfMatchesListsWhatSortingEveryMatchLists(engine: StoreEngine) async throws {
        let store = try await engine.makeStore()
        let url = TestData.sample("reconstructed/paragon-ice.xml")
        let records = try FPDSParser().parseAll(try Data(contentsOf: url), file: url.path).0.map {
            IngestPipeline.record(from: try $0.get(), source: url.path)
        }
        var copies: [IngestRecord] = []
        for copy in 0..<300 {
            for (index, var record) in records.enumerated() {
                record.action.key.piid = "R\(copy)" + record.action.key.piid
                record.contentHash = String(repeating: "0", count: 56) + String(format: "%08x", copy * 10 + index)
                copies.append(record)
            }
        }
        _ = try await store.ingest(
            IngestBatch(records: copies, seenAt: try #require(Timestamp("2026-01-01T00:00:00Z"))))
        let text = try SearchExpression(parsing: "\"stop work\"")
        let sorted = try SearchExpression(parsing: "(\"stop work\") OR piid:NO-SUCH-CONTRACT")
        for order in [SearchOrder.newest, .oldest] {
            let walked = try await pages(text, order: order, on: store)
            let reference = try await pages(sorted, order: order, on: store)
            #expect(walked.keys.count == 600, "\(order)")
            #expect(walked.keys == reference.keys, "\(order)")
            #expect(walked.facets == reference.facets, "\(order)")
        }
    }

    /// Every page of a search of 7 at a time, and the first page's facets.
    private func pages(
        _ terms: SearchExpression, order: SearchOrder, on store: any RecordStore
    ) async throws
        -> (keys: [ActionKey], facets: [String: [FacetCount]])
    {
        var query = SearchQuery()
        query.terms = terms
        query.order = order
        query.limit = 7
        var keys: [ActionKey] = []
        var facets: [String: [FacetCount]]?
        while true {
            let page = try await store.search(query)
            keys += page.actions.map(\.action.key)
            facets = facets ?? page.facets
            guard let next = page.nextCursor else { return (keys, facets ?? [:]) }
            query.after = next
        }
    }

    @Test(arguments: StoreEngine.available)
    func searchFiltersMeanTheMatchingFieldTerms(engine: StoreEngine) async throws {
        let store = try await store(engine)
        var filter = SearchQuery()
        filter.vendor = "dyncorp international"
        filter.productOrServiceCode = "j"
        filter.limit = 200
        let filtered = Set(try await store.search(filter).actions.map(\.action.key))
        #expect(!filtered.isEmpty)
        #expect(filtered == (try await matches("vendor:\"dyncorp international\" psc:J", on: engine)))
    }
}
