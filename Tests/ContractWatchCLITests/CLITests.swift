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

    @Test func ingestsTheSamplesThenExportsDesignKeys() async throws {
        let ingest = try await CLIRunner.run(["ingest", "--db", db, TestData.samples.path], in: directory)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("rejected       0"))
        let newActions = try #require(
            ingest.stdout.split(separator: "\n").first { $0.contains("new actions") }?.split(separator: " ").last
                .flatMap { Int($0) })
        #expect(newActions > 700)

        let again = try await CLIRunner.run(["ingest", "--db", db, TestData.samples.path], in: directory)
        #expect(again.status == 0)
        #expect(again.stdout.contains("new actions    0"))
        #expect(again.stdout.contains("new versions   0"))

        let export = try await CLIRunner.run(["export", "--db", db, "--format", "jsonl"], in: directory)
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

        let csv = try await CLIRunner.run(["export", "--db", db, "--format", "csv"], in: directory)
        #expect(csv.stdout.hasPrefix(StoredAction.exportKeys.joined(separator: ",") + "\n"))
    }

    @Test func contractShowsModificationsInOrder() async throws {
        let sample = TestData.sample("fpds/kenosa-atom-harvest/W91CRB15D0018__c8a1f6aefaeb").path
        _ = try await CLIRunner.run(["ingest", "--db", db, sample], in: directory)
        let text = try await CLIRunner.run(["contract", "--db", db, "9700", "W91CRB15D0018"], in: directory)
        #expect(text.status == 0)
        let rows = text.stdout.split(separator: "\n")
        let stop = try #require(rows.firstIndex { $0.contains("P00001") && $0.contains("STOP WORK ORDER") })
        let lift = try #require(rows.firstIndex { $0.contains("P00002") && $0.contains("CANCEL STOP WORK ORDER") })
        #expect(stop < lift)
        #expect(text.stdout.contains("Vendor: JACOBS TECHNOLOGY INC."))

        let json = try await CLIRunner.run(
            ["contract", "--db", db, "9700", "W91CRB15D0018", "--format", "json"], in: directory)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let actions = try #require(object["actions"] as? [[String: Any]])
        #expect(actions.count == 36)
        #expect(actions.first?["modNumber"] as? String == "0")

        let missing = try await CLIRunner.run(["contract", "--db", db, "9700", "NOSUCHPIID"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no actions for agency 9700 PIID NOSUCHPIID"))
    }

    @Test func badInputExitsTwoAfterStoringTheGoodEntries() async throws {
        let page = try String(
            contentsOf: TestData.sample("fpds/NuAxis-fpds-atom/vendor_feed_result.xml"), encoding: .utf8)
        let bad = directory.appendingPathComponent("bad.xml")
        try page.replacingOccurrences(
            of: "<ns1:obligatedAmount>-4500.00</ns1:obligatedAmount>",
            with: "<ns1:obligatedAmount>-4,500</ns1:obligatedAmount>"
        )
        .write(to: bad, atomically: true, encoding: .utf8)
        let result = try await CLIRunner.run(["ingest", "--db", db, bad.path], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("rejected: \(bad.path): entry"))
        #expect(result.stderr.contains("(PIID TIRNO13P00375 mod 1): dollarValues/obligatedAmount is \"-4,500\""))
        #expect(result.stdout.contains("new actions    9"))

        let missing = try await CLIRunner.run(["ingest", "--db", db, "/no/such/file.xml"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("No such file or directory: /no/such/file.xml"))

        let usage = try await CLIRunner.run(["export", "--db", db, "--format", "xml"], in: directory)
        #expect(usage.status == 2)
    }

    @Test func databaseComesFromTheEnvironmentOrTheDefault() async throws {
        let sample = TestData.sample("fpds/NuAxis-fpds-atom/piid_feed_result.xml").path
        let viaEnvironment = directory.appendingPathComponent("env.sqlite").path
        let env = try await CLIRunner.run(
            ["ingest", sample], environment: ["CONTRACTWATCH_DB": viaEnvironment], in: directory)
        #expect(env.status == 0)
        #expect(FileManager.default.fileExists(atPath: viaEnvironment))

        let byDefault = try await CLIRunner.run(["ingest", sample], in: directory)
        #expect(byDefault.status == 0)
        #expect(byDefault.stdout.contains("xdg/contractwatch/contractwatch.sqlite"))
    }

    @Test func searchFindsPhrasesFiltersAndRefusesBadSyntax() async throws {
        #expect(try await CLIRunner.run(["ingest", "--db", db, TestData.samples.path], in: directory).status == 0)
        let lifts = try await CLIRunner.run(["search", "--db", db, "\"lift the stop work order\""], in: directory)
        #expect(lifts.status == 0)
        #expect(lifts.stdout.hasPrefix("2025-08-29  7012 70CMSD24RECON0001  P00002  PARAGON SOLUTIONS (US) INC."))

        let json = try await CLIRunner.run(
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

        let vendor = try await CLIRunner.run(
            ["search", "--db", db, "--vendor", "SQCFFDXBQJ78", "--format", "csv"], in: directory)
        #expect(vendor.stdout.split(separator: "\n").count == 4)  // the header and the look-alike's 3 actions

        let bad = try await CLIRunner.run(["search", "--db", db, "\"unterminated"], in: directory)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("at character 1, this phrase is never closed"))
    }

    @Test func ingestDeletedMarksTheTimelineAndRejectsDeletionsOfUnknownRecords() async throws {
        // Given a State Department contract's pages, then its second page read as DELETED-feed pages
        // (real public entries: DELETED-feed entries have the same shape)
        let contract = TestData.sample("fpds/kenosa-atom-harvest/SAQMMA12C1103__f69f81b8c082")
        let page = contract.appendingPathComponent("page-0001-start-10.xml").path
        #expect(try await CLIRunner.run(["ingest", "--db", db, contract.path], in: directory).status == 0)
        let deleted = try await CLIRunner.run(["ingest", "--db", db, "--deleted", page], in: directory)
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.contains("new versions   10"))
        let again = try await CLIRunner.run(["ingest", "--db", db, "--deleted", page], in: directory)
        #expect(again.stdout.contains("new versions   0") && again.stdout.contains("already held   1 file, 10 records"))
        let reread = try await CLIRunner.run(["ingest", "--db", db, "--deleted", "--reread", page], in: directory)
        #expect(reread.stdout.contains("new versions   0") && reread.stdout.contains("unchanged      10"))

        // Then the timeline lists them, marked deleted with when and where
        let text = try await CLIRunner.run(["contract", "--db", db, "1900", "SAQMMA12C1103"], in: directory)
        #expect(text.status == 0)
        #expect(text.stdout.contains("(10 deleted)"))
        let marks = text.stdout.split(separator: "\n").filter { $0.contains("✕ DELETED — seen ") }
        #expect(marks.count == 10)
        #expect(marks.allSatisfy { $0.contains("in FPDS's DELETED feed (\(page))") })
        let json = try await CLIRunner.run(
            ["contract", "--db", db, "1900", "SAQMMA12C1103", "--format", "json"], in: directory)
        let timeline = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let actions = try #require(timeline["actions"] as? [[String: Any]])
        #expect(actions.filter { $0["deleted"] as? Bool == true }.count == 10)
        let events = try await CLIRunner.run(
            ["events", "--db", db, "--type", "record_deleted", "--format", "jsonl"], in: directory)
        #expect(events.stdout.split(separator: "\n").count == 10)

        // and SAM.gov deletions that name only the key of a record never stored are refused, saying why
        let sam = TestData.awardFixture("sam-contract-awards/example5_deleted_contracts_contractId_only.json").path
        let unknown = try await CLIRunner.run(["ingest", "--db", db, "--deleted", sam], in: directory)
        #expect(unknown.status == 2)
        #expect(unknown.stdout.contains("rejected       5"))
        #expect(
            unknown.stderr.contains(
                "rejected: \(sam): record 2: a deletion that names only its key (agency 9700, PIID SPE7M520V0512, "
                    + "modification P00001) of an action this store does not hold"))
    }
}

/// `contractwatch events` and the contract timeline, on the Paragon reconstruction.
@Suite(.timeLimit(.minutes(3)))
struct EventsCommandTests {
    let directory: URL
    let db: String

    init() async throws {
        (directory, db) = try CLIRunner.workspace()
        _ = try await CLIRunner.run(["ingest", "--db", db, TestData.samples.path], in: directory)
    }

    @Test func listsStopWorkLiftsWithEvidenceAsJSON() async throws {
        let result = try await CLIRunner.run(
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
                "detectedAt", "detectionLatencySeconds", "watchlistEntries",
            ])
        #expect(event["type"] as? String == "stop_work_lifted")
        #expect(event["modNumber"] as? String == "P00002")
        let evidence = try #require((event["evidence"] as? [[String: Any]])?.first)
        #expect(evidence["text"] as? String == "This modification is to lift the stop work order.")
    }

    @Test func contractShowsStatesAndSuspension() async throws {
        let text = try await CLIRunner.run(["contract", "--db", db, "7012", "70CMSD24RECON0001"], in: directory)
        #expect(
            text.stdout.contains(
                "Timeline: awarded 2024-09-27 → stop-work 2024-10-08 → lifted 2025-08-29 (suspended 325 days)"))
        #expect(
            text.stdout.contains(
                "▸ stop_work_lifted — text.stop_work.lift: \"This modification is to lift the stop work order.\""))
        let json = try await CLIRunner.run(
            ["contract", "--db", db, "7012", "70CMSD24RECON0001", "--format", "json"], in: directory)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let suspension = try #require((object["suspensions"] as? [[String: Any]])?.first)
        #expect(suspension["days"] as? Int == 325)
        #expect(suspension["endedAs"] as? String == "stop_work_lifted")
        #expect(
            (object["states"] as? [[String: Any]])?.map { $0["state"] as? String } == ["active", "suspended", "active"])
    }

    @Test func rejectsUnknownTypesAndDates() async throws {
        let type = try await CLIRunner.run(["events", "--db", db, "--type", "stop_work"], in: directory)
        #expect(type.status == 2)
        #expect(type.stderr.contains("Unknown event type 'stop_work'"))
        let date = try await CLIRunner.run(["events", "--db", db, "--since", "08/30/2025"], in: directory)
        #expect(date.status == 2)
        #expect(date.stderr.contains("--since takes a date as YYYY-MM-DD"))
    }
}

/// Problems with the store itself get a sentence and the right exit status, not a usage dump.
@Suite struct StoreErrorTests {
    @Test func readingCommandsRefuseAStoreThatDoesNotExist() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        let missing = directory.appendingPathComponent("typo.sqlite").path
        for arguments in [["search", "stop"], ["events"], ["export"], ["contract", "7012", "70CMSD24RECON0001"]] {
            let result = try await CLIRunner.run(arguments + ["--db", missing], in: directory)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.hasPrefix("contractwatch: there is no store at \(missing)."), "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
        // Nothing was created in its place.
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func versionAndCompletionsArePrinted() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        let result = try await CLIRunner.run(["--version"], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout == ContractWatchRelease.version + "\n")
        // The completions the README tells users to install.
        for shell in ["bash", "zsh", "fish"] {
            let script = try await CLIRunner.run(["--generate-completion-script", shell], in: directory)
            #expect(script.status == 0 && script.stdout.contains("contractwatch"), "\(shell)")
        }
    }

    @Test func unreadableStoreAndUnreachableServerAreExplained() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        let notADatabase = directory.appendingPathComponent("notes.sqlite")
        try "meeting notes, not a database".write(to: notADatabase, atomically: true, encoding: .utf8)
        let damaged = try await CLIRunner.run(["export", "--db", notADatabase.path], in: directory)
        #expect(damaged.status == 1)
        #expect(damaged.stderr.hasPrefix("contractwatch: cannot open the store at \(notADatabase.path):"))
        #expect(try String(contentsOf: notADatabase, encoding: .utf8) == "meeting notes, not a database")

        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        let unreachable = "postgres://reporter:s3cret-password@127.0.0.1:1/contractwatch"
        let started = ContinuousClock.now
        let postgres = try await CLIRunner.run(["events", "--db", unreachable], in: directory)
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(postgres.status == 1)
        #expect(
            postgres.stderr.hasPrefix(
                "contractwatch: cannot open the store at postgres://reporter@127.0.0.1:1/contractwatch: "))
        #expect(postgres.stderr.localizedCaseInsensitiveContains("refused"))
        #expect(!postgres.stderr.contains("s3cret-password"))
        #expect(postgres.stderr.split(separator: "\n").count == 1)
    }
}
