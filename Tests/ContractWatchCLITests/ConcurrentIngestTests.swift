import ContractWatchCore
import Foundation
import StoreTesting
import TestSupport
import Testing

/// Several ingesters writing the same real pages into one new store at once (an SQLite file, or a
/// PostgreSQL database) must end with the store one ingester builds alone in SQLite: the same
/// versions, the same events with the same ids, and every contract classified. Each waits for
/// the others' transactions; none fails.
@Suite(.timeLimit(.minutes(10)))
struct ConcurrentIngestTests {
    /// Trials per run; `CONTRACTWATCH_STRESS_TRIALS` raises it (`scripts/stress.sh`).
    private static let trials =
        ProcessInfo.processInfo.environment["CONTRACTWATCH_STRESS_TRIALS"]
        .flatMap(Int.init) ?? 3

    @Test(arguments: StoreEngine.available)
    func concurrentIngestersEndEqualToOneIngester(engine: StoreEngine) async throws {
        // Given two copies of the sample pages, and the store one ingester makes of them
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let corpus = directory.appendingPathComponent("corpus")
        try ReplicatedCorpus.make(copies: 2, in: corpus)
        let files = IngestPipeline.expand([corpus.path]).files.map(\.path)
        // Small batches, so that the ingesters' writes and classifications interleave often.
        let options = ["--batch-megabytes", "0.25"]
        let reference = directory.appendingPathComponent("reference.sqlite").path
        let alone = try await CLIRunner.run(["ingest", "--db", reference] + options + files, in: directory)
        #expect(alone.status == 0, "\(alone.stderr)")
        let expected = try await StoreContents.read(reference)
        #expect(expected.count > 1000)

        for trial in 0..<Self.trials {
            // When two or three ingesters start on one new store at once, in the same or opposite
            // orders, so that they race for the same contracts
            let db =
                engine == .sqlite
                ? directory.appendingPathComponent("trial-\(trial).sqlite").path : try await engine.newLocation()
            let orders = trial % 2 == 0 ? [files, files.reversed(), files] : [files, files]
            let processes = try orders.map {
                try CLIRunner.start(["ingest", "--db", db] + options + $0, in: directory)
            }
            for (process, _, stderr) in processes {
                await process.waitForExit()
                let message = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
                // Then every ingester succeeds
                #expect(process.terminationStatus == 0, "trial \(trial): \(message)")
            }
            // and the store equals the one ingester's, events and their ids included
            let actual = try await StoreContents.read(db, engine: engine)
            #expect(actual.count == expected.count, "trial \(trial)")
            #expect(
                actual == expected, "trial \(trial): \(zip(actual, expected).first { $0 != $1 }.map { "\($0)" } ?? "")")
        }
    }
}
