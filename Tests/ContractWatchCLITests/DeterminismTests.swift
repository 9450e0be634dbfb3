import ContractWatchCore
import Foundation
import TestSupport
import Testing

/// What a reporter prints must not depend on the run that produced it: stores built from the
/// same inputs, by separate processes and in either file order, print the same events, the same
/// watchlist matches and the same explanations, byte for byte.
@Suite(.timeLimit(.minutes(5)))
struct DeterminismTests {
    @Test func storesBuiltFromTheSameInputsPrintTheSameEventsAndExplanations() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = IngestPipeline.expand([TestData.samples.path]).files.map(\.path)
        // Given two stores of the samples, built by separate processes in opposite orders
        let orders = [files, files.reversed()]
        var outputs: [[String]] = []
        for (index, order) in orders.enumerated() {
            let db = directory.appendingPathComponent("store-\(index).sqlite").path
            let ingest = try await CLIRunner.run(["ingest", "--db", db] + order, in: directory)
            #expect(ingest.status == 0, "\(ingest.stderr)")
            // When each prints its events, its watchlist matches and the Paragon contract
            var printed: [String] = []
            for arguments in [
                ["events", "--db", db],
                ["events", "--db", db, "--watchlist", "commercial-spyware"],
                ["contract", "--db", db, "7012", "70CMSD24RECON0001"],
            ] {
                let result = try await CLIRunner.run(arguments, in: directory)
                #expect(result.status == 0, "\(arguments): \(result.stderr)")
                printed.append(result.stdout)
            }
            outputs.append(printed)
        }
        // Then every store prints the same bytes
        let first = try #require(outputs.first)
        #expect(first[0].split(separator: "\n").count > 500)
        #expect(first[1].contains("against name Paragon Solutions (US) Inc."))
        for (index, output) in outputs.enumerated().dropFirst() {
            for (command, (expected, actual)) in zip(["events", "events --watchlist", "contract"], zip(first, output)) {
                let difference = zip(expected.split(separator: "\n"), actual.split(separator: "\n")).first { $0 != $1 }
                #expect(
                    actual == expected, "store \(index), \(command): \(difference.map { "\($0)" } ?? "lengths differ")")
            }
        }
    }
}
