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

/// A reporter quotes pages as they read: a field the record leaves empty is left out or written as
/// "not reported", never printed as a programming word or linked to nowhere.
@Suite(.timeLimit(.minutes(5)))
struct MissingValueWordsTests {
    /// What a missing value looked like when it leaked: Swift's and JSON's words for nothing, a
    /// printed optional, and a link with no target.
    static var leaks: [(name: String, pattern: Regex<Substring>)] {
        [("nil", /\bnil\b/), ("null", /\bnull\b/), ("Optional(", /Optional\(/), ("empty href", /href=""/)]
    }

    @Test func noPageOrFeedOfTheSampleStorePrintsAMissingValue() async throws {
        // Given the sample store, and every contract in it
        // (a store of its own: other suites add and remove lists on the shared one while this crawls)
        let store = try SQLiteStore.inMemory()
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
        let contracts = try await store.allContracts()
        #expect(contracts.count > 200)
        let contractPages = Set(contracts.map { PagesControllerPaths.contract($0.agencyID, $0.piid) })
        let crawler = SiteCrawler(
            startingPoints: [
                "/", "/events", "/?q=stop+work", "/?q=services", "/watchlists", "/status", "/feeds/events.atom",
                "/feeds/watchlists/commercial-spyware.atom",
            ] + contractPages.sorted(),
            pageLimit: 3000)

        // When a reader opens each of them and follows every link (vendors, watchlists, feeds)
        let app = try buildApplication(
            store: store, configuration: .init(port: 0, requestsPerSecond: 100_000, burst: 100_000),
            logger: Logger(label: "test"))
        try await app.test(.live) { client in
            var leaks: [String] = []
            var vendorPages = 0
            try await crawler.crawl(client) { path, response in
                guard response.status == .ok else {
                    leaks.append("\(path): HTTP \(response.status.code)")
                    return
                }
                if path.hasPrefix("/vendors/") { vendorPages += 1 }
                // JSON writes an absent value as null by design; the pages and feeds people read do not.
                guard !path.hasPrefix("/api/"), path != "/openapi.json" else { return }
                let body = String(buffer: response.body)
                for leak in Self.leaks {
                    if let found = body.firstMatch(of: leak.pattern) {
                        leaks.append("\(path): \(leak.name) after …\(body[..<found.range.lowerBound].suffix(60))")
                    }
                }
            }

            // Then no page shows one, and the crawl reached the contracts' vendors
            #expect(leaks.isEmpty, "\(leaks.count) leaks, first: \(leaks.prefix(10).joined(separator: "\n"))")
            #expect(vendorPages > 150, "only \(vendorPages) vendor pages were reached")
        }
    }

    @Test func aVendorKnownOnlyByNameHasAPageUnderItsNormalisedName() async throws {
        try await SampleServer.withServer { client in
            // The reconstructed Paragon record names its vendor without a UEI
            let contract = try await client.execute(uri: "/contracts/7012/70CMSD24RECON0001", method: .get)
            #expect(String(buffer: contract.body).contains("href=\"/vendors/name/PARAGON%20SOLUTIONS\""))
            let page = try await client.execute(uri: "/vendors/name/PARAGON%20SOLUTIONS", method: .get)
            #expect(page.status == .ok)
            let body = String(buffer: page.body)
            #expect(body.contains("<h1>PARAGON SOLUTIONS (US) INC.</h1>") && body.contains("70CMSD24RECON0001"))
            #expect(body.contains("not reported"))
            let unknown = try await client.execute(uri: "/vendors/name/NO%20SUCH%20VENDOR%20ANYWHERE", method: .get)
            #expect(unknown.status == .notFound)
        }
    }

    @Test func theContractPageLinksToItsRecordAtEachSourceItKnows() async throws {
        try await SampleServer.withServer { client in
            let page = String(
                buffer: try await client.execute(uri: "/contracts/9700/W91CRB15D0018", method: .get).body)
            let sources = try #require(page.firstMatch(of: /<p class="sources">(.*?)<\/p>/)?.1)
            #expect(sources.contains("href=\"https://www.fpds.gov/ezsearch/"))
            #expect(sources.contains("href=\"https://www.usaspending.gov/award/CONT_IDV_W91CRB15D0018_9700\""))
            // A source the store has no record from is not linked
            #expect(!sources.contains("SAM.gov"))
        }
    }
}

/// The page paths the crawler starts from, built as the pages link them.
enum PagesControllerPaths {
    static func contract(_ agencyID: String, _ piid: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return "/contracts/\(agencyID.addingPercentEncoding(withAllowedCharacters: allowed) ?? agencyID)/"
            + (piid.addingPercentEncoding(withAllowedCharacters: allowed) ?? piid)
    }
}
