import ArgumentParser
import ContractWatchCore
import FPDS
import Foundation

/// `contractwatch benchmark classify|screen`: in-memory throughput of the domain's hot paths, for
/// `scripts/benchmark.py`.
///
/// Hidden from help: a measuring tool for developers, not a user feature. It lives in the
/// executable because the domain types are `package`-visible only.
struct BenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Measure the classifier and the watchlist screener on real actions.",
        shouldDisplay: false,
        subcommands: [ClassifyBenchmark.self, ScreeningBenchmark.self],
        defaultSubcommand: ClassifyBenchmark.self)

    /// The real actions in `paths`, grouped by contract in their published order.
    static func realContracts(_ paths: [String]) throws -> [[ContractAction]] {
        var contracts: [ContractKey: [ContractAction]] = [:]
        let parser = FPDSParser()
        for file in IngestPipeline.expand(paths).files {
            let data = try Data(contentsOf: URL(fileURLWithPath: file.path))
            _ = parser.parse(data, file: file.path) { result in
                if case .success(let entry) = result {
                    let action = ContractAction(entry.record)
                    contracts[action.key.contract, default: []].append(action)
                }
            }
        }
        let real = contracts.values.map { $0 }.sorted { $0.count > $1.count }
        guard !real.isEmpty else { throw ValidationError("No FPDS actions found in \(paths).") }
        return real
    }

    /// Runs `body` `repetitions` times; the median wall time in seconds.
    static func median(_ repetitions: Int, _ body: () -> Void) -> Double {
        var seconds: [Double] = []
        for _ in 0..<repetitions {
            let start = ContinuousClock.now
            body()
            let elapsed = ContinuousClock.now - start
            seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        return seconds.sorted()[seconds.count / 2]
    }
}

/// `contractwatch benchmark [classify]`: classifier throughput on real actions replicated to a count.
struct ClassifyBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify", abstract: "Measure the event classifier on real actions replicated to a given count.")

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
        let real = try BenchmarkCommand.realContracts(paths)
        let realCount = real.reduce(0) { $0 + $1.count }

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
        var events = 0
        let median = BenchmarkCommand.median(repetitions) {
            events = 0
            for contract in workload { events += classifier.classify(contract: contract).count }
        }
        print(
            """
            classify: \(total) actions (\(realCount) real, replicated \(copy)×) in \(workload.count) contracts, \
            \(events) events; median \(String(format: "%.3f", median)) s over \(repetitions) runs, \
            \(Int(Double(total) / median)) actions/s (one core)
            """)
    }
}

/// `contractwatch benchmark screen`: the watchlist screener on a million actions against a thousand
/// vendor entries, against scoring every vendor against every entry name (no index, no cache).
///
/// Actions are the real ones replicated; each copy gets its own UEIs, so every copy's vendors are
/// new identities to the cache (names repeat, as real vendors' do across registrations). Entries
/// are the built-in lists plus real FPDS vendor names: those in the actions and, with `--names`,
/// those of the labelled pairs.
struct ScreeningBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen", abstract: "Measure watchlist screening of many actions against many entries.")

    @Option(help: "How many actions to screen.") var actions = 1_000_000
    @Option(help: "How many vendor entries to screen against.") var entries = 1_000
    @Option(help: "Distinct vendors scored the brute-force way (then extrapolated).") var bruteForceSample = 2_000
    @Option(help: "Timed repetitions; the median is reported.") var repetitions = 3
    @Option(help: "A JSON Lines file of labelled name pairs whose names become entries.") var names: String?
    @Argument(help: "FPDS XML files or directories whose actions are replicated.") var paths: [String]

    func run() async throws {
        let real = try BenchmarkCommand.realContracts(paths).flatMap { $0 }
        let list = Watchlist(name: "benchmark", entries: try makeEntries(real))
        let lists = [list] + (try BuiltInWatchlists.names.map(BuiltInWatchlists.load))

        var workload: [ContractAction] = []
        workload.reserveCapacity(actions)
        var copy = 0
        while workload.count < actions {
            for action in real where workload.count < actions {
                var renamed = action
                renamed.vendorUEI = "C\(copy)-" + (action.vendorUEI ?? action.vendorName ?? "")
                renamed.ultimateParentUEI = action.ultimateParentUEI.map { "C\(copy)-" + $0 }
                workload.append(renamed)
            }
            copy += 1
        }
        let identities = Array(Set(workload.map(VendorIdentity.init)))

        var screener = WatchlistScreener(watchlists: lists)
        let indexSeconds = BenchmarkCommand.median(repetitions) { screener = WatchlistScreener(watchlists: lists) }
        var matched = 0
        let seconds = BenchmarkCommand.median(repetitions) {
            matched = screener.screen(workload).reduce(0) { $0 + ($1.isEmpty ? 0 : 1) }
        }

        // The baseline: every distinct vendor's name against every entry's every name.
        let entryNames = lists.flatMap(\.entries).filter { $0.kind == .vendor }.flatMap { entry in
            ([entry.name] + entry.aliases + entry.relations.filter(\.identifiesEntry).map(\.name)).map(
                OrganisationName.init)
        }
        let sample = Array(identities.prefix(bruteForceSample))
        var bruteMatches = 0
        let bruteSeconds = BenchmarkCommand.median(1) {
            for identity in sample {
                let name = OrganisationName(identity.name ?? "")
                for entry in entryNames where NameComparison(record: name, entry: entry).score >= 0.7 {
                    bruteMatches += 1
                }
            }
        }
        let bruteTotal = bruteSeconds / Double(max(1, sample.count)) * Double(identities.count)
        print(
            """
            screen: \(workload.count) actions (\(real.count) real, replicated \(copy)×, \(identities.count) distinct \
            vendors) against \(lists.reduce(0) { $0 + $1.entries.count }) entries (\(entryNames.count) names); \
            index built in \(String(format: "%.3f", indexSeconds)) s; screened in median \
            \(String(format: "%.3f", seconds)) s over \(repetitions) runs, \(Int(Double(workload.count) / seconds)) \
            actions/s (\(ProcessInfo.processInfo.activeProcessorCount) cores); \(matched) actions matched
            brute force (one core; every vendor × every name, no index or cache): \(sample.count) vendors in \
            \(String(format: "%.3f", bruteSeconds)) s → \(String(format: "%.1f", bruteTotal)) s for all \
            \(identities.count) vendors, \(Int(Double(workload.count) / bruteTotal)) actions/s; \
            indexed screener \(String(format: "%.1f", bruteTotal / seconds))× faster
            """)
    }

    /// Vendor entries: real names first (the labelled pairs', then the built-in lists are added by
    /// the caller), then names generated to reach `entries`, drawn from the real names' measured
    /// distributions of word count, words and legal forms, with a fixed seed.
    private func makeEntries(_ real: [ContractAction]) throws -> [WatchlistEntry] {
        var pool: [String] = []
        if let names {
            for line in try String(contentsOfFile: names, encoding: .utf8).split(separator: "\n") {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                pool += [object?["entryName"], object?["recordName"]].compactMap { $0 as? String }
            }
        }
        if pool.isEmpty { pool = real.compactMap(\.vendorName) }
        var seen: Set<String> = []
        var result: [WatchlistEntry] = []
        func add(_ name: String) {
            guard result.count < entries, seen.insert(OrganisationName(name).normalized).inserted else { return }
            result.append(WatchlistEntry(id: "e\(result.count)", kind: .vendor, name: name))
        }
        pool.forEach(add)
        // The measured distributions: every occurrence counts, so frequent words are drawn often.
        let parsed = pool.map { OrganisationName.tokens(of: $0) }
        let words = parsed.flatMap { $0.dropLast() }
        let lastWords = parsed.compactMap(\.last)
        let lengths = parsed.map(\.count).filter { $0 > 1 }
        var random = SplitMix64(seed: 2026)
        while result.count < entries {
            let length = lengths[Int(random.next() % UInt64(lengths.count))]
            var name = (1..<length).map { _ in words[Int(random.next() % UInt64(words.count))] }
            name.append(lastWords[Int(random.next() % UInt64(lastWords.count))])
            add(name.joined(separator: " "))
        }
        return result
    }
}

/// A small seeded generator (SplitMix64), so generated workloads are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
