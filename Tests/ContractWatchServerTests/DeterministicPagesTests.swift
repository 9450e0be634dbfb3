import ContractWatchCore
import ContractWatchServer
import ContractWatchStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport
import Testing

/// A page a reporter cites must read the same whichever store served it: two stores built from
/// the same files, read in opposite orders at the same clock, serve the same bytes on every page,
/// feed and API answer a reader reaches by following links.
@Suite(.timeLimit(.minutes(5)))
struct DeterministicPagesTests {
    /// Every page, feed and API answer a reader reaches from these.
    static let crawler = SiteCrawler(
        startingPoints: [
            "/", "/events", "/?q=stop+work", "/contracts/7012/70CMSD24RECON0001", "/watchlists",
            "/feeds/events.atom", "/feeds/watchlists/commercial-spyware.atom", "/api/events?limit=100",
            "/api/search?q=services&limit=50",
        ], pageLimit: 150)

    /// A crawl is one client asking as fast as it can: over any reader's rate limit.
    static let configuration = ServerConfiguration(port: 0, requestsPerSecond: 10_000, burst: 10_000)

    @Test func twoStoresOfTheSameInputsServeTheSameBytes() async throws {
        // Given two stores of the samples, ingested in opposite file orders at one fixed clock
        let files = IngestPipeline.expand([TestData.samples.path]).files.map(\.path)
        let clock = Date(timeIntervalSince1970: 1_790_000_000)
        var stores: [SQLiteStore] = []
        for order in [files, files.reversed()] {
            let store = try SQLiteStore.inMemory()
            _ = try await IngestPipeline(store: store, now: { clock }).run(paths: order)
            stores.append(store)
        }
        let logger = Logger(label: "test")
        let first = try buildApplication(
            store: stores[0], configuration: Self.configuration, logger: logger)
        let second = try buildApplication(
            store: stores[1], configuration: Self.configuration, logger: logger)

        // When a reader follows every link from the starting points on both servers
        try await first.test(.live) { one in
            try await second.test(.live) { other in
                let visited = try await Self.crawler.crawl(one) { path, expected in
                    let actual = try await other.execute(uri: path, method: .get)
                    // Then both answer the same status and the same bytes
                    #expect(expected.status == actual.status, "\(path)")
                    let (left, right) = (
                        Self.withoutPort(String(buffer: expected.body), one.port),
                        Self.withoutPort(String(buffer: actual.body), other.port)
                    )
                    #expect(
                        left == right, "\(path) differs between the two stores: \(Self.firstDifference(left, right))")
                }
                #expect(visited.count >= 50, "only \(visited.count) pages were reached")
            }
        }
    }

    /// The first differing place in two bodies, with a little context, for a readable failure.
    static func firstDifference(_ left: String, _ right: String) -> String {
        let (a, b) = (Array(left.utf8), Array(right.utf8))
        let index = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        func excerpt(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[max(0, index - 80)..<min(bytes.count, index + 80)], as: UTF8.self)
        }
        return "\(excerpt(a)) ≠ \(excerpt(b))"
    }

    /// Absolute links name the port each test server happens to listen on.
    static func withoutPort(_ body: String, _ port: Int?) -> String {
        guard let port else { return body }
        return body.replacingOccurrences(of: "127.0.0.1:\(port)", with: "SERVER")
            .replacingOccurrences(of: "localhost:\(port)", with: "SERVER")
    }
}
