import ContractWatchCore
import ContractWatchStorage
import Foundation
import TestSupport
import Testing

/// A large ingest killed with SIGKILL at several points, then re-run, must leave the same store
/// as an uninterrupted run: same actions, values and hashes, nothing doubled.
@Suite(.timeLimit(.minutes(5)))
struct CrashSafetyTests {
    @Test func killedIngestResumesToTheSameStore() async throws {
        // Given a corpus of ~6,000 distinct real-shaped entries
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let corpus = directory.appendingPathComponent("corpus")
        try ReplicatedCorpus.make(copies: 8, in: corpus)

        // and the store an uninterrupted run builds
        let reference = directory.appendingPathComponent("reference.sqlite").path
        let clean = try await CLIRunner.run(["ingest", "--db", reference, corpus.path], in: directory)
        #expect(clean.status == 0, "\(clean.stderr)")

        // When another run is killed at several points and then run to the end
        let crashed = directory.appendingPathComponent("crashed.sqlite").path
        var killedMidway = 0
        for delay in [0.4, 1.0, 1.8, 2.6] {
            let (process, _, _) = try CLIRunner.start(["ingest", "--db", crashed, corpus.path], in: directory)
            try await Task.sleep(for: .seconds(delay))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killedMidway += 1
            }
            await process.waitForExit()
        }
        let resumed = try await CLIRunner.run(["ingest", "--db", crashed, corpus.path], in: directory)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(killedMidway >= 2, "the ingest finished before it could be killed; the corpus is too small")

        // Then both stores hold exactly the same actions, values and hashes
        let expected = try await StoreContents.read(reference)
        let actual = try await StoreContents.read(crashed)
        #expect(expected.count > 5000)
        #expect(actual.count == expected.count)
        #expect(actual == expected)
        let referenceStatistics = try await SQLiteStore(path: reference).statistics()
        #expect(try await SQLiteStore(path: crashed).statistics() == referenceStatistics)
    }
}
