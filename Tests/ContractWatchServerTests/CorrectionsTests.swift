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

/// A corrected record over HTTP: the contract's JSON and page show it as first reported and as
/// corrected, and every version's raw record downloads byte for byte.
@Suite(.timeLimit(.minutes(3)))
struct CorrectionsTests {
    /// The real page; its first record is 9700 ZR03 mod 1, a -91918.24 de-obligation.
    static let page = TestData.sample("fpds/vzvenyach-open-fpds/get_fpds_last.interaction1.xml")

    @Test func theContractShowsBothFiguresAndServesEachVersionsRawRecord() async throws {
        // Given the real page, then a copy republished with that record's amount corrected
        let original = try String(contentsOf: Self.page, encoding: .utf8)
        let corrected = original.replacingOccurrences(
            of: "<ns1:obligatedAmount>-91918.24<", with: "<ns1:obligatedAmount>-90918.24<"
        ).replacingOccurrences(
            of: "<ns1:lastModifiedDate>2016-05-11 13:34:34<", with: "<ns1:lastModifiedDate>2016-06-02 10:15:00<")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let correctedURL = directory.appendingPathComponent("page.xml")
        try Data(corrected.utf8).write(to: correctedURL)
        let store = try SQLiteStore.inMemory()
        _ = try await IngestPipeline(store: store).run(paths: [Self.page.path])
        _ = try await IngestPipeline(store: store).run(paths: [correctedURL.path])

        let app = try buildApplication(
            store: store, configuration: ServerConfiguration(port: 0), logger: Logger(label: "test"))
        try await app.test(.live) { client in
            // The JSON: the action as corrected, and its history with both figures
            let json = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(
                        String(buffer: try await client.execute(uri: "/api/contracts/9700/ZR03", method: .get).body)
                            .utf8)) as? [String: Any])
            let history = try #require((json["versions"] as? [[String: Any]])?.first)
            #expect((history["asFirstReported"] as? [String: Any])?["obligatedAmount"] as? String == "-91918.24")
            #expect((history["asCorrected"] as? [String: Any])?["obligatedAmount"] as? String == "-90918.24")
            let versions = try #require(history["versions"] as? [[String: Any]])
            let hashes = versions.compactMap { $0["contentHash"] as? String }
            #expect(hashes.count == 2)
            let events = try #require(json["events"] as? [[String: Any]])
            #expect(events.contains { $0["type"] as? String == "record_corrected" })

            // The page: both figures side by side, and a link to each raw record
            let html = String(buffer: try await client.execute(uri: "/contracts/9700/ZR03", method: .get).body)
            #expect(html.contains("<th scope=\"col\">As first reported</th><th scope=\"col\">As corrected</th>"))
            #expect(html.contains("<tr><td>obligatedAmount</td><td>-91918.24</td><td>-90918.24</td></tr>"))
            #expect(html.contains("FPDS record</a>"))

            // The raw records, byte for byte as read, as XML
            for (hash, source) in zip(hashes, [original, corrected]) {
                let uri = "/api/contracts/9700/ZR03/versions/\(hash)"
                #expect(html.contains("href=\"\(uri)\""))
                let raw = try await client.execute(uri: uri, method: .get)
                #expect(raw.status == .ok)
                #expect(raw.headers[.contentType] == "application/xml; charset=utf-8")
                let body = String(buffer: raw.body)
                #expect(body.contains("<ns1:PIID>ZR03</ns1:PIID>") && source.contains(body))
            }
            let missing = try await client.execute(uri: "/api/contracts/9700/ZR03/versions/feed", method: .get)
            #expect(missing.status == .notFound)
        }
    }
}
