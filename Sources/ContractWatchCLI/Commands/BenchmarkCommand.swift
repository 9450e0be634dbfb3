import ArgumentParser
import ContractWatchCore
import FPDS
import Foundation

/// `contractwatch benchmark classify`: classifier throughput, for `scripts/benchmark.py`.
///
/// Hidden from help: a measuring tool for developers, not a user feature. It lives in the
/// executable because the classifier is `package`-visible only.
struct BenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Measure the event classifier on real actions replicated to a given count.",
        shouldDisplay: false)

    @Option(help: "How many actions to classify; real actions are replicated under new PIIDs to reach it.")
    var actions = 1_000_000

    @Option(help: "Timed repetitions; the median is reported.")
    var repetitions = 3

    @Argument(help: "FPDS XML files or directories whose actions are replicated.")
    var paths: [String]

    func validate() throws {
        guard actions > 0, repetitions > 0 else {
            throw ValidationError("--actions and --repetitions must be positive.")
        }
    }

    func run() async throws {
        // Real actions, grouped by contract, in their real order and with their real texts.
        var contracts: [ContractKey: [ContractAction]] = [:]
        let parser = FPDSParser()
        for file in IngestPipeline.expand(paths) {
            let data = try Data(contentsOf: URL(fileURLWithPath: file.path))
            _ = parser.parse(data, file: file.path) { result in
                if case .success(let entry) = result {
                    let action = ContractAction(entry.record)
                    contracts[action.key.contract, default: []].append(action)
                }
            }
        }
        let real = contracts.values.map { $0 }.sorted { $0.count > $1.count }
        let realCount = real.reduce(0) { $0 + $1.count }
        guard realCount > 0 else { throw ValidationError("No FPDS actions found in \(paths).") }

        // Whole contracts are copied under prefixed PIIDs until the count is reached.
        var workload: [[ContractAction]] = []
        var total = 0
        var copy = 0
        while total < actions {
            for contract in real where total < actions {
                workload.append(
                    contract.map { action in
                        var renamed = action
                        renamed.key.piid = "R\(copy)-" + action.key.piid
                        return renamed
                    })
                total += contract.count
            }
            copy += 1
        }

        let classifier = EventClassifier()
        var seconds: [Double] = []
        var events = 0
        for _ in 0..<repetitions {
            let start = ContinuousClock.now
            events = 0
            for contract in workload { events += classifier.classify(contract: contract).count }
            let elapsed = ContinuousClock.now - start
            seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let median = seconds.sorted()[seconds.count / 2]
        print(
            """
            classify: \(total) actions (\(realCount) real, replicated \(copy)×) in \(workload.count) contracts, \
            \(events) events; median \(String(format: "%.3f", median)) s over \(repetitions) runs, \
            \(Int(Double(total) / median)) actions/s (one core)
            """)
    }
}
