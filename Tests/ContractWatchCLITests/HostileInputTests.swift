import Foundation
import TestSupport
import Testing

/// A real FPDS page with hostile bytes, ingested and printed through the binary: no output line
/// carries an escape byte or starts where the file says, and JSON output stays valid.
@Suite(.timeLimit(.minutes(2)))
struct HostileInputTests {
    static let page = "fpds/kenosa-atom-harvest/W91CRB15D0018__c8a1f6aefaeb/page-0000-start-0.xml"
    static let forged = "rejected: forged.xml: entry 1: all is well"

    /// The page with the `n`th occurrence of `target` replaced.
    private static func replacing(
        _ target: String, occurrence n: Int, with replacement: String, in text: String
    )
        throws -> String
    {
        var searchStart = text.startIndex
        var found: Range<String.Index>?
        for _ in 0..<n {
            let next = try #require(text.range(of: target, range: searchStart..<text.endIndex))
            found = next
            searchStart = next.upperBound
        }
        return text.replacingCharacters(in: try #require(found), with: replacement)
    }

    @Test func hostileRecordsCannotForgeOutputLines() async throws {
        // Given a page whose stop-work description holds a forged line and terminal escapes, and
        // two entries whose PIIDs hold the same,
        var text = try String(contentsOf: TestData.sample(Self.page), encoding: .utf8)
        text = try Self.replacing(
            "IGF::OT::IGF STOP WORK ORDER<", occurrence: 1,
            with: "IGF::OT::IGF STOP WORK ORDER\n\(Self.forged)\u{1B}[2J\u{1B}]0;owned\u{7}<", in: text)
        let piid = "<ns1:PIID>W91CRB15D0018</ns1:PIID>"
        text = try Self.replacing(piid, occurrence: 3, with: "<ns1:PIID>W91\u{1B}[31m</ns1:PIID>", in: text)
        text = try Self.replacing(piid, occurrence: 4, with: "<ns1:PIID>W91\n\(Self.forged)</ns1:PIID>", in: text)
        let (directory, db) = try CLIRunner.workspace()
        let file = directory.appendingPathComponent("hostile.xml")
        try Data(text.utf8).write(to: file)

        // when it is ingested and its events and contract are printed,
        let ingest = try await CLIRunner.run(["ingest", "--db", db, file.path], in: directory)
        let events = try await CLIRunner.run(["events", "--db", db], in: directory)
        let json = try await CLIRunner.run(["events", "--db", db, "--format", "json"], in: directory)
        let contract = try await CLIRunner.run(["contract", "--db", db, "9700", "W91CRB15D0018"], in: directory)

        // then the two bad entries are rejected, one line each, naming the file and entry,
        #expect(ingest.status == 2, "\(ingest.stderr)")
        let rejections = ingest.stderr.split(separator: "\n").filter { $0.hasPrefix("rejected: ") }
        #expect(rejections.count == 2, "\(ingest.stderr)")
        #expect(rejections.allSatisfy { $0.hasPrefix("rejected: \(file.path): entry ") }, "\(rejections)")
        #expect(rejections.contains { $0.contains(#"W91\u{1B}[31m"#) })
        #expect(rejections.contains { $0.contains(#"W91\n"# + Self.forged) })
        // no output holds an escape byte or a forged line,
        for result in [ingest, events, json, contract] {
            #expect(!result.stdout.contains("\u{1B}") && !result.stderr.contains("\u{1B}"))
            #expect(!result.stdout.contains("\u{7}") && !result.stderr.contains("\u{7}"))
            let lines = (result.stdout + result.stderr).split(separator: "\n")
            #expect(!lines.contains { $0.hasPrefix("rejected: forged") }, "\(result.stdout)\(result.stderr)")
        }
        // the stop-work event is still found, and the contract's row shows the neutralised text,
        #expect(events.stdout.contains("stop_work_issued  9700 W91CRB15D0018 mod P00001"), "\(events.stdout)")
        #expect(
            contract.stdout.contains("IGF::OT::IGF STOP WORK ORDER \(Self.forged)\u{FFFD}[2J\u{FFFD}]0;owned\u{FFFD}"),
            "\(contract.stdout)")
        // and JSON output is valid and holds the neutralised text.
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [Any])
        #expect(!array.isEmpty)
        #expect(!json.stdout.contains("\u{1B}"))
    }
}
