import ContractWatchCore
import ContractWatchServer
import ContractWatchStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport
import Testing

/// A record can carry any bytes its publisher (or an attacker upstream of a mirror) put in it:
/// terminal escapes, C1 controls, markup. Every page, feed and API answer that shows it must stay
/// well-formed and inert.
@Suite(.timeLimit(.minutes(5)))
struct HostileRecordPagesTests {
    /// Hostile text for a real record's free-text fields: an escape sequence, BEL, a C1 control
    /// (NEL, U+0085), markup and quotes.
    static let hostile = "\u{1B}[2J\u{07}\u{85}<script>alert(1)</script> & \"quoted\" 'single'"

    @Test func everyPageFeedAndAnswerOverHostileTextIsWellFormed() async throws {
        // Given a real FPDS page whose descriptions and vendor name carry hostile text
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try String(
            contentsOf: TestData.sample("fpds/kenosa-atom-harvest/W91CRB15D0018__c8a1f6aefaeb/page-0000-start-0.xml"),
            encoding: .utf8)
        let xmlSafe = Self.hostile.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
            of: "<", with: "&lt;")
        let page =
            original
            .replacingOccurrences(
                of: "STOP WORK ORDER</ns1:descriptionOfContractRequirement>",
                with: "STOP WORK ORDER \(xmlSafe)</ns1:descriptionOfContractRequirement>"
            )
            .replacingOccurrences(
                of: "JACOBS TECHNOLOGY INC.</ns1:vendorName>", with: "JACOBS \(xmlSafe) INC.</ns1:vendorName>")
        #expect(page != original)
        let file = directory.appendingPathComponent("hostile.xml")
        try page.write(to: file, atomically: true, encoding: .utf8)
        let store = try SQLiteStore.inMemory()
        let summary = try await IngestPipeline(store: store).run(paths: [file.path])
        #expect(summary.rejected == 0, "\(summary.rejections)")

        let app = try buildApplication(
            store: store, configuration: DeterministicPagesTests.configuration, logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let crawler = SiteCrawler(
                startingPoints: [
                    "/contracts/9700/W91CRB15D0018", "/events", "/?q=stop+work", "/feeds/events.atom",
                    "/feeds/contracts/9700/W91CRB15D0018.atom", "/api/events", "/api/search?q=stop+work",
                    "/api/contracts/9700/W91CRB15D0018",
                ], pageLimit: 60)
            var sawHostileRecord = false
            let visited = try await crawler.crawl(client) { path, response in
                let body = String(buffer: response.body)
                // When any of them is read, then it holds only characters XML 1.0 allows, with
                // no C1 controls, and the record's markup never becomes markup
                #expect(response.status == .ok, "\(path)")
                let illegal = body.unicodeScalars.first { Self.isForbidden($0) }
                #expect(illegal == nil, "\(path) holds U+\(String(illegal?.value ?? 0, radix: 16, uppercase: true))")
                sawHostileRecord = sawHostileRecord || body.contains("alert(1)")
                let contentType = response.headers[.contentType] ?? ""
                if !contentType.hasPrefix("application/json") {
                    #expect(!body.contains("<script>alert(1)"), "\(path) lets the record's markup through")
                }
                if contentType.hasPrefix("application/atom+xml") {
                    let lint = try Self.xmllint(body, in: directory)
                    #expect(lint.isEmpty, "\(path) is not well-formed XML: \(lint)")
                } else if contentType.hasPrefix("application/json") {
                    #expect(
                        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) != nil, "\(path) is not valid JSON")
                }
            }
            #expect(sawHostileRecord, "no answer showed the hostile record")
            #expect(visited.count >= 10)
        }
    }

    /// Characters XML 1.0 forbids (C0 but tab, LF, CR), and C1 controls, which no page should show.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00..<0x20, 0x80..<0xA0, 0xFFFE, 0xFFFF: true
        default: false
        }
    }

    /// What `xmllint --noout` says about the document: nothing when it is well-formed.
    static func xmllint(_ document: String, in directory: URL) throws -> String {
        let file = directory.appendingPathComponent("document-\(UUID().uuidString).xml")
        try document.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xmllint", "--noout", file.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? "" : output.isEmpty ? "exit \(process.terminationStatus)" : output
    }
}
