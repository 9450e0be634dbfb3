import ContractWatchCore
import Foundation
import TestSupport
import Testing

/// The command-line contract of DESIGN.md, exercised through the real executable.
@Suite(.timeLimit(.minutes(3)))
struct CLITests {
    let directory: URL
    let db: String

    init() throws {
        (directory, db) = try CLIRunner.workspace()
    }

    @Test func ingestsTheSamplesThenExportsDesignKeys() throws {
        let ingest = try CLIRunner.run(["ingest", "--db", db, TestData.samples.path], in: directory)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("rejected       0"))
        let newActions = try #require(
            ingest.stdout.split(separator: "\n").first { $0.contains("new actions") }?.split(separator: " ").last
                .flatMap { Int($0) })
        #expect(newActions > 700)

        let again = try CLIRunner.run(["ingest", "--db", db, TestData.samples.path], in: directory)
        #expect(again.status == 0)
        #expect(again.stdout.contains("new actions    0"))
        #expect(again.stdout.contains("new versions   0"))

        let export = try CLIRunner.run(["export", "--db", db, "--format", "jsonl"], in: directory)
        #expect(export.status == 0)
        let lines = export.stdout.split(separator: "\n")
        #expect(lines.count == newActions)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == Set(StoredAction.exportKeys))
        }
        // Amounts are JSON numbers with the published digits.
        #expect(export.stdout.contains("\"obligatedAmount\":-91918.24,"))
        #expect(
            export.stdout.contains(
                "\"reasonForModification\":{\"code\":\"F\",\"description\":\"TERMINATE FOR CONVENIENCE (COMPLETE OR PARTIAL)\"}"
            ))

        let csv = try CLIRunner.run(["export", "--db", db, "--format", "csv"], in: directory)
        #expect(csv.stdout.hasPrefix(StoredAction.exportKeys.joined(separator: ",") + "\n"))
    }

    @Test func contractShowsModificationsInOrder() throws {
        let sample = TestData.sample("fpds/kenosa-atom-harvest/W91CRB15D0018__c8a1f6aefaeb").path
        _ = try CLIRunner.run(["ingest", "--db", db, sample], in: directory)
        let text = try CLIRunner.run(["contract", "--db", db, "9700", "W91CRB15D0018"], in: directory)
        #expect(text.status == 0)
        let rows = text.stdout.split(separator: "\n")
        let stop = try #require(rows.firstIndex { $0.contains("P00001") && $0.contains("STOP WORK ORDER") })
        let lift = try #require(rows.firstIndex { $0.contains("P00002") && $0.contains("CANCEL STOP WORK ORDER") })
        #expect(stop < lift)
        #expect(text.stdout.contains("Vendor: JACOBS TECHNOLOGY INC."))

        let json = try CLIRunner.run(
            ["contract", "--db", db, "9700", "W91CRB15D0018", "--format", "json"], in: directory)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let actions = try #require(object["actions"] as? [[String: Any]])
        #expect(actions.count == 36)
        #expect(actions.first?["modNumber"] as? String == "0")

        let missing = try CLIRunner.run(["contract", "--db", db, "9700", "NOSUCHPIID"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no actions for agency 9700 PIID NOSUCHPIID"))
    }

    @Test func badInputExitsTwoAfterStoringTheGoodEntries() throws {
        let page = try String(
            contentsOf: TestData.sample("fpds/NuAxis-fpds-atom/vendor_feed_result.xml"), encoding: .utf8)
        let bad = directory.appendingPathComponent("bad.xml")
        try page.replacingOccurrences(
            of: "<ns1:obligatedAmount>-4500.00</ns1:obligatedAmount>",
            with: "<ns1:obligatedAmount>-4,500</ns1:obligatedAmount>"
        )
        .write(to: bad, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["ingest", "--db", db, bad.path], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("rejected: \(bad.path): entry"))
        #expect(result.stderr.contains("(PIID TIRNO13P00375 mod 1): dollarValues/obligatedAmount is \"-4,500\""))
        #expect(result.stdout.contains("new actions    9"))

        let missing = try CLIRunner.run(["ingest", "--db", db, "/no/such/file.xml"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("No such file or directory: /no/such/file.xml"))

        let usage = try CLIRunner.run(["export", "--db", db, "--format", "xml"], in: directory)
        #expect(usage.status == 2)
    }

    @Test func databaseComesFromTheEnvironmentOrTheDefault() throws {
        let sample = TestData.sample("fpds/NuAxis-fpds-atom/piid_feed_result.xml").path
        let viaEnvironment = directory.appendingPathComponent("env.sqlite").path
        let env = try CLIRunner.run(
            ["ingest", sample], environment: ["CONTRACTWATCH_DB": viaEnvironment], in: directory)
        #expect(env.status == 0)
        #expect(FileManager.default.fileExists(atPath: viaEnvironment))

        let byDefault = try CLIRunner.run(["ingest", sample], in: directory)
        #expect(byDefault.status == 0)
        #expect(byDefault.stdout.contains("xdg/contractwatch/contractwatch.sqlite"))
    }

    @Test func searchFindsPhrasesFiltersAndRefusesBadSyntax() throws {
        #expect(try CLIRunner.run(["ingest", "--db", db, TestData.samples.path], in: directory).status == 0)
        let lifts = try CLIRunner.run(["search", "--db", db, "\"lift the stop work order\""], in: directory)
        #expect(lifts.status == 0)
        #expect(lifts.stdout.hasPrefix("2025-08-29  7012 70CMSD24RECON0001  P00002  PARAGON SOLUTIONS (US) INC."))

        let json = try CLIRunner.run(
            ["search", "--db", db, "stop", "work", "--agency", "2100", "--limit", "0", "--format", "json"],
            in: directory)
        let actions = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(actions.count >= 5)
        #expect(
            actions.allSatisfy {
                $0["contractingAgencyID"] as? String == "2100" || $0["fundingAgencyID"] as? String == "2100"
            })
        let dates = actions.compactMap { $0["signedDate"] as? String }
        #expect(dates == dates.sorted(by: >))

        let vendor = try CLIRunner.run(
            ["search", "--db", db, "--vendor", "SQCFFDXBQJ78", "--format", "csv"], in: directory)
        #expect(vendor.stdout.split(separator: "\n").count == 4)  // the header and the look-alike's 3 actions

        let bad = try CLIRunner.run(["search", "--db", db, "\"unterminated"], in: directory)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("is not valid"))
    }

    @Test(arguments: ["sync"])
    func plannedCommandsSaySo(_ command: String) throws {
        let result = try CLIRunner.run([command, "--db", db], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("not available yet"))
    }
}

/// `contractwatch events` and the contract timeline, on the Paragon reconstruction.
@Suite(.timeLimit(.minutes(3)))
struct EventsCommandTests {
    let directory: URL
    let db: String

    init() throws {
        (directory, db) = try CLIRunner.workspace()
        _ = try CLIRunner.run(["ingest", "--db", db, TestData.samples.path], in: directory)
    }

    @Test func listsStopWorkLiftsWithEvidenceAsJSON() throws {
        let result = try CLIRunner.run(
            ["events", "--db", db, "--type", "stop_work_lifted", "--since", "2025-01-01", "--format", "jsonl"],
            in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(
            Set(event.keys) == [
                "id", "type", "agencyID", "piid", "modNumber", "date", "amount", "confidence", "partial", "evidence",
                "detectedAt", "watchlistEntries",
            ])
        #expect(event["type"] as? String == "stop_work_lifted")
        #expect(event["modNumber"] as? String == "P00002")
        let evidence = try #require((event["evidence"] as? [[String: Any]])?.first)
        #expect(evidence["text"] as? String == "This modification is to lift the stop work order.")
    }

    @Test func contractShowsStatesAndSuspension() throws {
        let text = try CLIRunner.run(["contract", "--db", db, "7012", "70CMSD24RECON0001"], in: directory)
        #expect(
            text.stdout.contains(
                "Timeline: awarded 2024-09-27 → stop-work 2024-10-08 → lifted 2025-08-29 (suspended 325 days)"))
        #expect(
            text.stdout.contains(
                "▸ stop_work_lifted — text.stop_work.lift: \"This modification is to lift the stop work order.\""))
        let json = try CLIRunner.run(
            ["contract", "--db", db, "7012", "70CMSD24RECON0001", "--format", "json"], in: directory)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let suspension = try #require((object["suspensions"] as? [[String: Any]])?.first)
        #expect(suspension["days"] as? Int == 325)
        #expect(suspension["endedAs"] as? String == "stop_work_lifted")
        #expect(
            (object["states"] as? [[String: Any]])?.map { $0["state"] as? String } == ["active", "suspended", "active"])
    }

    @Test func rejectsUnknownTypesAndDates() throws {
        let type = try CLIRunner.run(["events", "--db", db, "--type", "stop_work"], in: directory)
        #expect(type.status == 2)
        #expect(type.stderr.contains("Unknown event type 'stop_work'"))
        let date = try CLIRunner.run(["events", "--db", db, "--since", "08/30/2025"], in: directory)
        #expect(date.status == 2)
        #expect(date.stderr.contains("--since takes a date as YYYY-MM-DD"))
    }
}

/// Problems with the store itself get a sentence and the right exit status, not a usage dump.
@Suite struct StoreErrorTests {
    @Test func unreadableStoreAndUnsupportedURLAreExplained() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let notADatabase = directory.appendingPathComponent("notes.sqlite")
        try "meeting notes, not a database".write(to: notADatabase, atomically: true, encoding: .utf8)
        let damaged = try CLIRunner.run(["export", "--db", notADatabase.path], in: directory)
        #expect(damaged.status == 1)
        #expect(damaged.stderr.hasPrefix("contractwatch: cannot open the store at \(notADatabase.path):"))
        #expect(try String(contentsOf: notADatabase, encoding: .utf8) == "meeting notes, not a database")

        let postgres = try CLIRunner.run(["events", "--db", "postgres://localhost/contractwatch"], in: directory)
        #expect(postgres.status == 2)
        #expect(
            postgres.stderr
                == "contractwatch: PostgreSQL stores are not available in this build yet; use an SQLite file path.\n")
    }
}
