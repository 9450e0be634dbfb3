import ContractWatchCore
import ContractWatchServer
import ContractWatchStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport
import Testing

/// `/healthz` and the status page report the sync log and detection latency.
@Suite(.timeLimit(.minutes(2)))
struct StatusTests {
    @Test func aFailedSyncDegradesHealthAndTheStatusPageSaysWhyEscaped() async throws {
        let store = try SQLiteStore.inMemory()
        _ = try await IngestPipeline(store: store).run(paths: [TestData.sample("reconstructed").path])
        let app = try buildApplication(
            store: store, configuration: ServerConfiguration(port: 0), logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let fresh = try await client.execute(uri: "/healthz", method: .get)
            let health = try #require(
                try JSONSerialization.jsonObject(with: Data(String(buffer: fresh.body).utf8)) as? [String: Any])
            #expect(health["status"] as? String == "ok")
            #expect(health["sync"] is NSNull)
            let latency = try #require(health["detectionLatency"] as? [String: Any])
            // The reconstruction's events were detected just now, more than a year after FPDS's dates.
            #expect((latency["events"] as? Int ?? 0) > 0 && latency["measured"] as? Int == latency["events"] as? Int)
            #expect((latency["medianSeconds"] as? Int ?? 0) > 365 * 86_400, "\(latency)")

            // A sync that failed, with a message a hostile feed could have shaped
            let run = try await store.beginSyncRun(
                source: "fpds", endpoint: "https://www.fpds.gov/ezsearch/FEEDS/ATOM?FEEDNAME=PUBLIC",
                query: "AGENCY_CODE:\"7012\"", at: try #require(Timestamp("2026-11-25T06:00:00Z")))
            var report = SyncReport()
            report.pages = 12
            report.failures = ["<script>alert(1)</script> could not be fetched: HTTP 503 (after 6 attempts)."]
            try await store.finishSyncRun(run, report, at: try #require(Timestamp("2026-11-25T06:05:00Z")))

            let degraded = try await client.execute(uri: "/healthz", method: .get)
            let body = try #require(
                try JSONSerialization.jsonObject(with: Data(String(buffer: degraded.body).utf8)) as? [String: Any])
            #expect(body["status"] as? String == "degraded")
            let sync = try #require(body["sync"] as? [String: Any])
            #expect(sync["outcome"] as? String == "failed" && sync["pages"] as? Int == 12)

            let page = try await client.execute(uri: "/status", method: .get)
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("<h1>Status: degraded</h1>"))
            #expect(html.contains("AGENCY_CODE:&quot;7012&quot;"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; could not be fetched"))
            #expect(!html.contains("<script>"))
        }
    }
}
