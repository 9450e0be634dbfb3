import ContractWatchStorage
import Foundation
import StoreTesting
import TestSupport
import Testing

/// `migrate` and `copy` as an operator runs them: the schema made and reported explicitly, and a
/// whole store moved to the engine under test and back with identical exports and events.
@Suite(.timeLimit(.minutes(5)))
struct MigrateAndCopyCommandTests {
    @Test(arguments: StoreEngine.available)
    func migrateCreatesThenReportsTheSchema(engine: StoreEngine) async throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try await engine.newLocation()
        if engine == .sqlite {
            let missing = try await CLIRunner.run(["migrate", "--db", db, "--status"], in: directory)
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("There is no store at \(db)"))
            #expect(!FileManager.default.fileExists(atPath: db))
        }
        let first = try await CLIRunner.run(["migrate", "--db", db], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("Migrated ") && first.stdout.contains("001-"))
        let again = try await CLIRunner.run(["migrate", "--db", db], in: directory)
        #expect(again.stdout.contains("is current; nothing to apply"))
        let status = try await CLIRunner.run(["migrate", "--db", db, "--status"], in: directory)
        #expect(status.status == 0)
        #expect(status.stdout.contains("Pending: none"))
    }

    /// A store an older contractwatch wrote lacks this version's newest migration: the first
    /// command to open it says so, naming the migration, before it upgrades the store (which may
    /// take minutes), and answers as it does on a current store; the next says nothing.
    @Test func aCommandNamesTheMigrationsItIsAboutToApply() async throws {
        let (directory, db) = try CLIRunner.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sample = TestData.sample("reconstructed/paragon-ice.xml").path
        let ingest = try await CLIRunner.run(["ingest", "--db", db, sample], in: directory)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(!ingest.stderr.contains("upgrading"))
        let current = try await CLIRunner.run(["search", "stop work", "--db", db, "--format", "json"], in: directory)
        let newest = try #require(SQLiteStore.migrationIdentifiers.last)
        // What this build would find in the file of a build from before its newest migration.
        let forget = Process()
        forget.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        forget.arguments = [
            "python3", "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                + "c.execute('DELETE FROM grdb_migrations WHERE identifier = ?', (sys.argv[2],)); c.commit()",
            db, newest,
        ]
        try forget.run()
        await forget.waitForExit()
        #expect(forget.terminationStatus == 0)

        let upgraded = try await CLIRunner.run(["search", "stop work", "--db", db, "--format", "json"], in: directory)
        #expect(upgraded.status == 0, "\(upgraded.stderr)")
        #expect(upgraded.stderr.contains("upgrading the store at \(db)"))
        #expect(upgraded.stderr.contains("applying 1 migration(s) (\(newest))"))
        #expect(upgraded.stdout == current.stdout)
        let again = try await CLIRunner.run(["search", "stop work", "--db", db], in: directory)
        #expect(again.status == 0 && again.stderr.isEmpty, "\(again.stderr)")
    }

    @Test(arguments: StoreEngine.available)
    func copyMovesAStoreThereAndBackWithIdenticalExports(engine: StoreEngine) async throws {
        // Given a store of the samples, with a token
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("source.sqlite").path
        let ingest = try await CLIRunner.run(["ingest", "--db", source, TestData.samples.path], in: directory)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        _ = try await CLIRunner.run(["token", "create", "--db", source, "reporter"], in: directory)

        // When it is copied to the engine under test and from there to a new file
        let middle =
            engine == .sqlite ? directory.appendingPathComponent("middle.sqlite").path : try await engine.newLocation()
        let back = directory.appendingPathComponent("back.sqlite").path
        let there = try await CLIRunner.run(["copy", source, middle], in: directory)
        let home = try await CLIRunner.run(["copy", "--quiet", middle, back], in: directory)

        // Then both copies verify, and export and list events byte for byte alike
        #expect(there.status == 0, "\(there.stderr)")
        #expect(home.status == 0, "\(home.stderr)")
        #expect(there.stdout.contains("Verified: every table of the copy matches the source."))
        #expect(there.stdout.contains("api_tokens: 1"))
        #expect(there.stderr.contains("copying action_versions:"))
        #expect(home.stderr.isEmpty)
        for command in [
            ["export", "--versions"], ["events", "--format", "jsonl"], ["search", "stop work", "--format", "json"],
        ] {
            let expected = try await CLIRunner.run(command + ["--db", source], in: directory)
            #expect(expected.status == 0 && expected.stdout.count > 100, "\(command)")
            for db in [middle, back] {
                let actual = try await CLIRunner.run(command + ["--db", db], in: directory)
                #expect(actual.stdout == expected.stdout, "\(command) on \(engine)")
            }
        }

        // and a second copy onto a store that holds data is refused, naming it
        let refused = try await CLIRunner.run(["copy", source, middle], in: directory)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("copy writes"))
    }

    @Test(arguments: StoreEngine.available.filter { $0 == .postgres })
    func aWrongPasswordIsNamedWithoutEchoingIt(engine: StoreEngine) async throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        guard var url = URLComponents(string: try await engine.newLocation()) else { return }
        url.password = "not-the-password-9f2c"
        let result = try await CLIRunner.run(["migrate", "--db", try #require(url.string)], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("password authentication failed"))
        #expect(!result.stderr.contains("not-the-password-9f2c"))
    }
}
