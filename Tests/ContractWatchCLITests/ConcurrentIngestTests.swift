import ContractWatchCore
import FeedReplay
import Foundation
import Glibc
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

    /// A newsroom's deployment at its busiest: `serve` with its own sync, a scheduled `sync` and
    /// two ingesters, all on one store at once, racing for the same contract. Every process
    /// exits 0, the server answers throughout, and the store ends equal to ingesting the same
    /// pages one after another: nothing doubled, nothing lost.
    @Test(arguments: StoreEngine.available)
    func aServerASyncAndTwoIngestersShareOneStore(engine: StoreEngine) async throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let feedPages = SyncCommandTests.directory
        let corpus = directory.appendingPathComponent("corpus")
        try ReplicatedCorpus.make(copies: 1, in: corpus)
        // The feed's own pages too, so that ingesters and syncs write the same records.
        let files = IngestPipeline.expand([corpus.path, feedPages.path]).files.map(\.path)
        let reference = directory.appendingPathComponent("reference.sqlite").path
        let alone = try await CLIRunner.run(["ingest", "--db", reference] + files, in: directory)
        #expect(alone.status == 0, "\(alone.stderr)")
        let expected = try await StoreContents.read(reference)

        let db =
            engine == .sqlite ? directory.appendingPathComponent("shared.sqlite").path : try await engine.newLocation()
        let migrated = try await CLIRunner.run(["migrate", "--db", db], in: directory)
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let configuration = FeedReplayServer.Configuration(
            recorded: [RecordedQuery(query: SyncCommandTests.query, directory: feedPages)],
            faults: [.init(.delay(.milliseconds(50)), times: nil)])
        try await FeedReplayServer.withServer(configuration) { feedServer in
            let feed = ["--feed-url", feedServer.feedURL, "--query", SyncCommandTests.query, "--retry-wait", "0.01"]
            let port = try SyncCommandTests.freePort()
            let (server, _, serverLog) = try CLIRunner.start(
                ["serve", "--db", db, "--port", String(port), "--sync-every", "6h"] + feed, in: directory)
            defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
            let workers = try [
                ["sync", "--db", db] + feed,
                ["ingest", "--db", db, "--batch-megabytes", "0.25"] + files,
                ["ingest", "--db", db, "--batch-megabytes", "0.25"] + files.reversed(),
            ].map { try CLIRunner.start($0, in: directory) }

            // While they write, the server answers searches and its health check.
            var answered = 0
            var serverSync: [String: Any] = [:]
            let deadline = Date().addingTimeInterval(240)
            while (workers.contains { $0.0.isRunning } || serverSync["outcome"] as? String != "succeeded")
                && server.isRunning && Date() < deadline
            {
                try await Task.sleep(for: .milliseconds(250))
                guard let health = try? await SyncCommandTests.json("http://127.0.0.1:\(port)/healthz") else {
                    continue
                }
                serverSync = health["sync"] as? [String: Any] ?? [:]
                let search = try await SyncCommandTests.json("http://127.0.0.1:\(port)/api/search?q=services&limit=5")
                if search["actions"] is [[String: Any]] { answered += 1 }
            }
            for (process, _, stderr) in workers {
                await process.waitForExit()
                let message = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
                #expect(process.terminationStatus == 0, "\(process.arguments ?? []): \(message)")
            }
            #expect(serverSync["outcome"] as? String == "succeeded", "\(serverSync)")
            #expect(answered > 0)
            kill(server.processIdentifier, SIGTERM)
            await server.waitForExit()
            let log = (try? String(contentsOf: serverLog, encoding: .utf8)) ?? ""
            #expect(server.terminationStatus == 0, "\(log)")
        }
        let actual = try await StoreContents.read(db, engine: engine)
        #expect(actual.count == expected.count)
        #expect(actual == expected, "\(zip(actual, expected).first { $0 != $1 }.map { "\($0)" } ?? "")")
    }
}
