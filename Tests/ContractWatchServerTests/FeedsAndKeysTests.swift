import ContractWatchCore
import ContractWatchServer
import ContractWatchStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport
import Testing

/// Feeds read by the store's newest-first query; keys the server percent-encodes in its own links
/// answer at those links; CSV cells are never formulas.
@Suite(.timeLimit(.minutes(3)))
struct FeedsAndKeysTests {
    /// A PIID with every character a path segment must encode.
    static let awkwardPIID = "70CMSD24 RECON/0001%#?"
    static let formula = #"=HYPERLINK("http://x","y")"#

    /// The Paragon pages, their PIID rewritten to ``awkwardPIID`` and the award's description to
    /// ``formula``, ingested into a store of their own.
    static let store = Task { () throws -> SQLiteStore in
        let original = try String(contentsOf: TestData.sample("reconstructed/paragon-ice.xml"), encoding: .utf8)
        let award =
            "<ns1:descriptionOfContractRequirement>This contract is for a fully configured proprietary "
            + "solution including license, hardware, warranty, maintenance, and training.</ns1:descriptionOfContractRequirement>"
        #expect(original.contains(award))
        let rewritten = original.replacingOccurrences(of: "70CMSD24RECON0001", with: awkwardPIID)
            .replacingOccurrences(
                of: award,
                with: "<ns1:descriptionOfContractRequirement>\(formula)</ns1:descriptionOfContractRequirement>")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cw-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("paragon-awkward.xml")
        try rewritten.write(to: file, atomically: true, encoding: .utf8)
        let store = try SQLiteStore.inMemory()
        try await WatchlistService(store: store).installBuiltIns(at: try #require(Timestamp("2026-11-25T00:00:00Z")))
        _ = try await IngestPipeline(store: store).run(paths: [file.path])
        return store
    }

    private func withServer(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try buildApplication(
            store: try await Self.store.value, configuration: ServerConfiguration(port: 0, publicURL: "http://cw.test"),
            logger: Logger(label: "test"))
        try await app.test(.live, body)
    }

    /// Every `href="…"` in `html` that starts with `prefix`, unescaped.
    private static func links(in html: String, startingWith prefix: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().compactMap { rest in
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            let link = String(rest[..<end]).replacingOccurrences(of: "&amp;", with: "&")
            return link.hasPrefix(prefix) ? link : nil
        }
    }

    @Test func aKeyTheServerEncodesAnswersAtEveryLinkItBuilds() async throws {
        try await withServer { client in
            // Given the search page, which links the contract as the server encodes it
            let search = String(buffer: try await client.execute(uri: "/?q=proprietary", method: .get).body)
            let contractLinks = Set(Self.links(in: search, startingWith: "/contracts/"))
            let encoded = "70CMSD24%20RECON%2F0001%25%23%3F"
            // (each row links the contract, and its modification on the contract's page)
            let contractPaths = Set(contractLinks.map { String($0.prefix { $0 != "?" }) })
            #expect(contractPaths == ["/contracts/7012/\(encoded)"], "\(contractLinks)")
            #expect(contractLinks.contains { $0.hasPrefix("/contracts/7012/\(encoded)?mod=") }, "\(contractLinks)")
            for link in contractLinks {
                let path = String(link.prefix { $0 != "#" })
                #expect(try await client.execute(uri: path, method: .get).status == .ok, "\(path)")
            }

            // Then the page, its feed, the feed's links and the API all answer 200 for that key
            let page = try await client.execute(uri: "/contracts/7012/\(encoded)", method: .get)
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("stop work"))
            let feedLinks = Set(Self.links(in: html, startingWith: "/feeds/contracts/"))
            #expect(feedLinks == ["/feeds/contracts/7012/\(encoded).atom"])
            let feed = try await client.execute(uri: try #require(feedLinks.first), method: .get)
            #expect(feed.status == .ok)
            let atom = String(buffer: feed.body)
            #expect(atom.contains("<link rel=\"self\" href=\"http://cw.test/feeds/contracts/7012/\(encoded).atom\"/>"))
            let entryLinks = Self.links(in: atom, startingWith: "http://cw.test/contracts/")
            #expect(entryLinks.count >= 3)
            for link in Set(entryLinks) {
                let path = String(link.dropFirst("http://cw.test".count).prefix { $0 != "#" })
                #expect(try await client.execute(uri: path, method: .get).status == .ok, "\(path)")
            }
            let api = try await client.execute(uri: "/api/contracts/7012/\(encoded)", method: .get)
            #expect(api.status == .ok)
            #expect(
                String(buffer: api.body).contains(#""piid":"70CMSD24 RECON\/0001%#?""#)
                    || String(buffer: api.body).contains(#""piid":"70CMSD24 RECON/0001%#?""#))
            // and a malformed escape is a 400, not a lookup of the raw text
            #expect(try await client.execute(uri: "/api/contracts/7012/%E0%A4%A", method: .get).status == .badRequest)
        }
    }

    @Test func csvCellsThatASpreadsheetWouldRunAreText() async throws {
        try await withServer { client in
            let csv = String(
                buffer: try await client.execute(uri: "/api/search.csv?agency=7012", method: .get).body)
            // The published text, quoted, behind a ' that keeps a spreadsheet from evaluating it
            #expect(csv.contains(#","'=HYPERLINK(""http://x"",""y"")","#), "\(csv)")
            #expect(!csv.contains(#","=HYPERLINK"#))
            // Amounts stay numbers.
            #expect(csv.contains(",2000000.00,"))
        }
    }

    @Test(arguments: [
        ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
        ("\rx", "\"'\rx\""), ("-1500.00", "-1500.00"), ("-7", "-7"), ("-1e3", "'-1e3"), ("-", "'-"), ("-.5", "'-.5"),
        ("1500.", "1500."), ("plain", "plain"), ("a=b", "a=b"), ("=a,b", "\"'=a,b\""),
    ])
    func formulaCellsArePrefixed(value: String, field: String) {
        #expect(CSV.field(value) == field)
    }

    /// The samples' store, for the feeds' filters.
    static let samples = Task { () throws -> SQLiteStore in
        let store = try SQLiteStore.inMemory()
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
        return store
    }

    @Test func feedsFilterByTypeAsTheEventsAPIDoes() async throws {
        let app = try buildApplication(
            store: try await Self.samples.value,
            configuration: ServerConfiguration(port: 0, publicURL: "http://cw.test"),
            logger: Logger(label: "test"))
        try await app.test(.live) { client in
            // A reader subscribed to the stop-work lifts gets those alone, the Paragon lift among them
            let lifts = try await client.execute(uri: "/feeds/events.atom?type=stop_work_lifted", method: .get)
            #expect(lifts.status == .ok)
            let atom = String(buffer: lifts.body)
            let titles = atom.components(separatedBy: "<entry>").dropFirst().compactMap { entry in
                entry.components(separatedBy: "<title>").dropFirst().first?.components(separatedBy: "</title>").first
            }
            #expect(!titles.isEmpty)
            #expect(titles.allSatisfy { $0.hasPrefix("stop_work_lifted:") }, "\(titles)")
            #expect(titles.contains { $0.contains("70CMSD24RECON0001") })
            #expect(atom.contains("<title>ContractWatch: all events (stop_work_lifted)</title>"))
            #expect(
                atom.contains("<link rel=\"self\" href=\"http://cw.test/feeds/events.atom?type=stop_work_lifted\"/>"))

            // Types repeat; a contract's feed takes them too
            let both = String(
                buffer: try await client.execute(
                    uri: "/feeds/contracts/7012/70CMSD24RECON0001.atom?type=stop_work_issued&type=stop_work_lifted",
                    method: .get
                ).body)
            let kinds = Set(
                both.components(separatedBy: "<entry>").dropFirst().compactMap {
                    $0.components(separatedBy: "<title>").dropFirst().first?.components(separatedBy: ":").first
                })
            #expect(kinds == ["stop_work_issued", "stop_work_lifted"], "\(kinds)")

            // A mistyped filter is a 400 that says so, not an unfiltered feed
            let typo = try await client.execute(uri: "/feeds/events.atom?type=stop_work_lfted", method: .get)
            #expect(typo.status == .badRequest)
            #expect(String(buffer: typo.body).contains("stop_work_lfted"))
            let unknown = try await client.execute(uri: "/feeds/events.atom?kind=award", method: .get)
            #expect(unknown.status == .badRequest)
        }
    }

    @Test func feedsReadTheNewestPageByDetection() async throws {
        // Given the samples' store
        let store = try SQLiteStore.inMemory()
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
        let newestFirst: ([ProcurementEvent]) -> [String] = { events in
            events.sorted { ($0.detectedAt ?? "", $0.id) > ($1.detectedAt ?? "", $1.id) }.map(\.id)
        }
        var byVendor = EventQuery()
        byVendor.vendorUEI = "SQCFFDXBQJ78"
        for query in [
            EventQuery(), EventQuery(watchlist: "commercial-spyware"),
            EventQuery(contract: ("7012", "70CMSD24RECON0001")),
            byVendor, EventQuery(types: [.stopWorkLifted, .stopWorkIssued]),
        ] {
            // Then the feed's query is the newest 100 of what the full query finds, in that order
            let expected = Array(newestFirst(try await store.events(query)).prefix(100))
            #expect(!expected.isEmpty)
            #expect(try await store.newestEvents(query, limit: 100).map(\.id) == expected, "\(query)")
        }
        #expect(try await store.newestEvents(EventQuery(), limit: 100).count == 100)
    }
}
