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
