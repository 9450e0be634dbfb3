import Foundation
import StoreTesting
import TestSupport
import Testing

/// `alerts list|show`: the citation pack in a terminal and as the webhook JSON, on both engines.
@Suite(.timeLimit(.minutes(3)))
struct AlertsCommandTests {
    @Test(arguments: StoreEngine.available)
    func alertsListAndShowCarryTheCitationPack(engine: StoreEngine) async throws {
        let directory = try CLIRunner.temporaryDirectory()
        let db = try await engine.newLocation()
        // Given the Paragon case ingested, which the built-in spyware list watches
        let ingest = try await CLIRunner.run(
            ["ingest", "--db", db, TestData.sample("reconstructed").path], in: directory)
        #expect(ingest.status == 0, "\(ingest.stderr)")

        // Then `alerts list` pages newest first, and names the next page
        let list = try await CLIRunner.run(["alerts", "list", "--db", db, "--format", "json"], in: directory)
        #expect(list.status == 0, "\(list.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        let alerts = try #require(object["alerts"] as? [[String: Any]])
        let ids = alerts.compactMap { $0["id"] as? String }
        #expect(ids.count > 1)
        let first = try await CLIRunner.run(
            ["alerts", "list", "--db", db, "--format", "json", "--limit", "1"], in: directory)
        let firstPage = try #require(
            try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let cursor = try #require(firstPage["nextCursor"] as? String)
        let second = try await CLIRunner.run(
            ["alerts", "list", "--db", db, "--format", "json", "--limit", "1", "--cursor", cursor], in: directory)
        let secondPage = try #require(
            try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        #expect(
            ((firstPage["alerts"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
                + ((secondPage["alerts"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
                == Array(ids.prefix(2)))

        // and `alerts show` gives the lift's pack: links, version, evidence, vendor, agency, amounts, timeline
        let lift = try #require(
            alerts.first { ($0["event"] as? [String: Any])?["type"] as? String == "stop_work_lifted" })
        let id = try #require(lift["id"] as? String)
        let show = try await CLIRunner.run(["alerts", "show", "--db", db, id], in: directory)
        #expect(show.status == 0, "\(show.stderr)")
        for line in [
            "stop_work_lifted  7012 70CMSD24RECON0001 mod P00002",
            "FPDS record: https://www.fpds.gov/ezsearch/",
            "USAspending award: https://www.usaspending.gov/award/CONT_AWD_70CMSD24RECON0001_7012_-NONE-_-NONE-",
            "Vendor: PARAGON SOLUTIONS (US) INC.",
            "Agency: 7012 U.S. IMMIGRATION AND CUSTOMS ENFORCEMENT",
            "Evidence: text.stop_work.lift: \"This modification is to lift the stop work order.\" [",
            "Timeline: awarded 2024-09-27 → stop-work 2024-10-08 → lifted 2025-08-29",
        ] {
            #expect(show.stdout.contains(line), "missing \(line) in \(show.stdout)")
        }
        let json = try await CLIRunner.run(["alerts", "show", "--db", db, id, "--format", "json"], in: directory)
        // The same object, byte for byte, as in the listing
        let shown = json.stdout.trimmingCharacters(in: .newlines)
        #expect(shown.hasPrefix("{\"id\":\"\(id)\"") && list.stdout.contains(shown))
        let missing = try await CLIRunner.run(["alerts", "show", "--db", db, "al_0000000000000000"], in: directory)
        #expect(missing.status == 2)
    }
}
