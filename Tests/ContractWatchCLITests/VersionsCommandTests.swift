import Foundation
import StoreTesting
import TestSupport
import Testing

/// A record FPDS republished with another amount: `record_corrected`, both figures in `contract`,
/// and every version's raw record from `versions`, on both engines.
@Suite(.timeLimit(.minutes(3)))
struct VersionsCommandTests {
    /// The real page: three orders; the first, 9700 ZR03 mod 1 under IDV W912JB12D4001, a
    /// termination that de-obligated -91918.24, last modified 2016-05-11 13:34:34.
    static let page = TestData.sample("fpds/vzvenyach-open-fpds/get_fpds_last.interaction1.xml")

    /// The same page as FPDS would republish it after correcting that record's obligation: a copy of
    /// the real file with the first record's amount and last-modified date changed.
    static func correctedPage(in directory: URL) throws -> URL {
        var text = try String(contentsOf: page, encoding: .utf8)
        for (old, new) in [
            ("<ns1:obligatedAmount>-91918.24<", "<ns1:obligatedAmount>-90918.24<"),
            ("<ns1:lastModifiedDate>2016-05-11 13:34:34<", "<ns1:lastModifiedDate>2016-06-02 10:15:00<"),
        ] {
            let range = try #require(text.range(of: old))
            text.replaceSubrange(range, with: new)
        }
        let url = directory.appendingPathComponent("corrected").appendingPathComponent("page.xml")
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    private static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(arguments: StoreEngine.available)
    func aRepublishedAmountIsACorrectionShownAsFirstReportedAndAsCorrected(engine: StoreEngine) async throws {
        let directory = try CLIRunner.temporaryDirectory()
        let db = try await engine.newLocation()
        let corrected = try Self.correctedPage(in: directory)

        // Given the page as first published, then its correction
        let first = try await CLIRunner.run(["ingest", "--db", db, Self.page.path], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await CLIRunner.run(["ingest", "--db", db, corrected.path], in: directory)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("new versions   1"))

        // Then the correction is an event whose evidence is the change, from → to
        let events = try await CLIRunner.run(
            ["events", "--db", db, "--type", "record_corrected", "--format", "json"], in: directory)
        #expect(events.status == 0, "\(events.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(events.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 1)
        let event = try #require(list.first)
        #expect(event["piid"] as? String == "ZR03" && event["modNumber"] as? String == "1")
        #expect(event["date"] as? String == "2016-06-02T10:15:00")
        let evidence = try #require(event["evidence"] as? [[String: Any]])
        let amount = try #require(evidence.first { $0["field"] as? String == "obligatedAmount" })
        #expect(amount["from"] as? String == "-91918.24" && amount["to"] as? String == "-90918.24")
        let hashes = try #require(evidence.first { $0["field"] as? String == "contentHash" })
        let firstHash = try #require(hashes["from"] as? String)
        let correctedHash = try #require(hashes["to"] as? String)
        // Only what changed is evidence: the text and the vendor did not.
        #expect(Set(evidence.compactMap { $0["field"] as? String }) == ["contentHash", "obligatedAmount"])

        // Re-deriving every event gives the same event, same id.
        let again = try await CLIRunner.run(
            ["events", "--db", db, "--reclassify", "--type", "record_corrected", "--format", "json"], in: directory)
        let reclassified = try #require(
            try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [[String: Any]])
        #expect(reclassified.map { $0["id"] as? String } == [event["id"] as? String])

        // The contract shows both figures, in JSON and as text
        let json = try Self.object(
            try await CLIRunner.run(["contract", "--db", db, "9700", "ZR03", "--format", "json"], in: directory).stdout)
        let histories = try #require(json["versions"] as? [[String: Any]])
        let history = try #require(histories.first)
        #expect(histories.count == 1)
        #expect((history["asFirstReported"] as? [String: Any])?["obligatedAmount"] as? String == "-91918.24")
        #expect((history["asCorrected"] as? [String: Any])?["obligatedAmount"] as? String == "-90918.24")
        let versions = try #require(history["versions"] as? [[String: Any]])
        #expect(versions.map { $0["contentHash"] as? String } == [firstHash, correctedHash])
        #expect(versions.map { $0["sourceLabel"] as? String } == ["FPDS", "FPDS"])
        #expect(versions.map { $0["current"] as? Bool } == [false, true])
        let action = try #require((json["actions"] as? [[String: Any]])?.first)
        #expect("\(action["obligatedAmount"] ?? "")" == "-90918.24")
        let text = try await CLIRunner.run(["contract", "--db", db, "9700", "ZR03"], in: directory)
        #expect(text.stdout.contains("obligatedAmount: as first reported -91918.24, as corrected -90918.24"))

        // `versions` lists both, and gives each one's raw record back byte for byte
        let listing = try await CLIRunner.run(["versions", "--db", db, "9700", "ZR03", "1"], in: directory)
        #expect(listing.status == 0, "\(listing.stderr)")
        #expect(listing.stdout.contains(firstHash) && listing.stdout.contains(correctedHash))
        #expect(listing.stdout.contains("obligatedAmount: -91918.24 → -90918.24"))
        var raws: [String] = []
        for (hash, file) in [(firstHash, Self.page), (correctedHash, corrected)] {
            let raw = try await CLIRunner.run(
                ["versions", "--db", db, "9700", "ZR03", "1", "--raw", hash], in: directory)
            #expect(raw.status == 0, "\(raw.stderr)")
            #expect(raw.stdout.contains("<ns1:PIID>ZR03</ns1:PIID>"))
            #expect(try String(contentsOf: file, encoding: .utf8).contains(raw.stdout))
            raws.append(raw.stdout)
        }
        #expect(raws[0].contains("-91918.24") && raws[1].contains("-90918.24"))

        // An unknown hash or modification is exit 2, named
        let unknown = try await CLIRunner.run(
            ["versions", "--db", db, "9700", "ZR03", "1", "--raw", "feed"], in: directory)
        #expect(unknown.status == 2 && unknown.stderr.contains("has no version feed"))
        let none = try await CLIRunner.run(["versions", "--db", db, "9700", "ZR03", "P09999"], in: directory)
        #expect(none.status == 2 && none.stderr.contains("mod P09999"))
    }
}
