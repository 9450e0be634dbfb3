import Foundation
import TestSupport
import Testing

/// `contractwatch watchlist …` and `events --watchlist` through the real binary.
@Suite(.timeLimit(.minutes(3)))
struct WatchlistCommandTests {
    let directory: URL
    let db: String

    init() throws {
        (directory, db) = try CLIRunner.workspace()
    }

    private func run(_ arguments: [String]) async throws -> CLIRunner.Result {
        try await CLIRunner.run(Array(arguments.prefix(2)) + ["--db", db] + arguments.dropFirst(2), in: directory)
    }

    @Test func theParagonCaseListsAwardStopWorkAndLiftWithTheExplanation() async throws {
        #expect(try await CLIRunner.run(["ingest", "--db", db, TestData.samples.path], in: directory).status == 0)
        let result = try await CLIRunner.run(
            ["events", "--db", db, "--watchlist", "commercial-spyware", "--format", "json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let events = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(Set(events.compactMap { $0["piid"] as? String }) == ["70CMSD24RECON0001"])
        let types = events.compactMap { $0["type"] as? String }
        for type in ["award", "stop_work_issued", "stop_work_lifted"] { #expect(types.contains(type)) }
        let lift = try #require(events.first { $0["type"] as? String == "stop_work_lifted" })
        let entries = try #require(lift["watchlistEntries"] as? [[String: Any]])
        let entry = try #require(entries.first { $0["entryID"] as? String == "paragon-solutions-us" })
        #expect(entry["historical"] as? Bool == false)
        let explanation = try #require(entry["explanation"] as? [[String: Any]])
        #expect(explanation.contains { $0["rule"] as? String == "name.equal" })
        #expect(!result.stdout.contains("PARAGON TECHNOLOGY GROUP"))

        let text = try await CLIRunner.run(["events", "--db", db, "--watchlist", "commercial-spyware"], in: directory)
        #expect(text.stdout.contains("stop_work_lifted  7012 70CMSD24RECON0001 mod P00002"))
        #expect(text.stdout.contains("commercial-spyware/paragon-solutions-us 1.00: PARAGON SOLUTIONS (US) INC."))

        let unknown = try await CLIRunner.run(["events", "--db", db, "--watchlist", "no-such-list"], in: directory)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("There is no watchlist 'no-such-list'"))
    }

    @Test func addShowJudgeExportAndImport() async throws {
        #expect(try await CLIRunner.run(["ingest", "--db", db, TestData.samples.path], in: directory).status == 0)

        // add: screens history and says what it found, as history
        let add = try await run([
            "watchlist", "add", "it-vendors", "--vendor", "Paragon Technology Group Inc", "--id", "paragon-tech",
            "--reason", "look-alike", "--citation", "https://www.fpds.gov/",
        ])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stderr.contains("3 historical matches found"))
        let list = try await run(["watchlist", "list"])
        #expect(list.stdout.contains("it-vendors\t1 entries\t3 matches"))
        #expect(list.stdout.contains("commercial-spyware\t14 entries"))
        let show = try await run(["watchlist", "show", "it-vendors"])
        #expect(show.stdout.contains("matched PARAGON TECHNOLOGY GROUP, INC. (uei:SQCFFDXBQJ78) on 3 actions"))
        #expect(show.stdout.contains("name.equal"))

        // export and import round-trip, JSON and CSV
        let json = try await run(["watchlist", "export", "it-vendors"])
        #expect(json.stdout.contains("\"id\" : \"paragon-tech\""))
        let csv = try await run(["watchlist", "export", "it-vendors", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("id,kind,name,aliases,uei"))
        let csvFile = directory.appendingPathComponent("list.csv")
        try csv.stdout.write(to: csvFile, atomically: true, encoding: .utf8)
        let imported = try await run(["watchlist", "import", csvFile.path, "--name", "copy"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("Imported 1 entries into copy"))
        #expect(
            try await run(["watchlist", "export", "copy"]).stdout
                == json.stdout.replacingOccurrences(
                    of: "\"name\" : \"it-vendors\"", with: "\"name\" : \"copy\""))

        // judge: the pair is gone and stays gone
        // by the name as the record spells it: covers the vendor's UEI too
        let judge = try await run([
            "watchlist", "judge", "it-vendors", "paragon-tech", "PARAGON TECHNOLOGY GROUP, INC.", "--different",
            "--note", "IT firm",
        ])
        #expect(judge.status == 0, "\(judge.stderr)")
        #expect(judge.stderr.contains("Recorded: uei:SQCFFDXBQJ78 is not it-vendors/paragon-tech."))
        #expect(try await run(["watchlist", "list"]).stdout.contains("it-vendors\t1 entries\t0 matches"))
        _ = try await CLIRunner.run(["ingest", "--db", db, TestData.samples.path], in: directory)
        #expect(try await run(["events", "--watchlist", "it-vendors"]).stdout.isEmpty)

        // disable and enable: the built-in list is silenced, not removed
        let disable = try await run(["watchlist", "disable", "commercial-spyware"])
        #expect(disable.status == 0, "\(disable.stderr)")
        #expect(disable.stderr.contains("Disabled commercial-spyware"))
        #expect(
            try await run(["watchlist", "list"]).stdout.split(separator: "\n").contains {
                $0.hasPrefix("commercial-spyware\t") && $0.contains("\tbuilt-in\tdisabled\t")
            })
        let enable = try await run(["watchlist", "enable", "commercial-spyware"])
        #expect(enable.status == 0 && enable.stderr.contains("Enabled commercial-spyware: 0 alerts created"))
        #expect(!(try await run(["watchlist", "list"]).stdout.contains("disabled")))
        #expect(try await run(["watchlist", "disable", "no-such-list"]).status == 2)

        // remove
        #expect(try await run(["watchlist", "remove", "copy"]).status == 0)
        #expect(try await run(["watchlist", "remove", "copy"]).status == 2)
    }

    @Test func badWatchlistFilesAreNamedWithTheProblem() async throws {
        let bad = directory.appendingPathComponent("bad.json")
        try #"{"name": "x", "entries": [{"id": "a", "kind": "agency", "name": "No codes"}]}"#
            .write(to: bad, atomically: true, encoding: .utf8)
        let result = try await run(["watchlist", "import", bad.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("Watchlist entry 'a': a agency entry needs at least one code"))

        let truncated = directory.appendingPathComponent("truncated.json")
        try #"{"name": "x", "entries": [{"id": "a", "#.write(to: truncated, atomically: true, encoding: .utf8)
        let second = try await run(["watchlist", "import", truncated.path])
        #expect(second.status == 2)
        #expect(second.stderr.contains(truncated.path))

        let csv = directory.appendingPathComponent("bad.csv")
        try "id,name,threshold\nacme,Acme Inc,high\n".write(to: csv, atomically: true, encoding: .utf8)
        let third = try await run(["watchlist", "import", csv.path, "--name", "x"])
        #expect(third.status == 2)
        #expect(third.stderr.contains("\(csv.path): line 2: threshold \"high\" is not a number"))
        #expect(try await run(["watchlist", "list"]).stdout.contains("x\t") == false)
    }
}
