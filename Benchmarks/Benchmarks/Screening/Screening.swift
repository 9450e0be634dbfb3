import Benchmark
import BenchmarkSupport
import ContractWatchWorkloads

// Sizes come from the environment (see `Setting`): CONTRACTWATCH_BENCH_SCREEN_ACTIONS (default
// 1,000,000), CONTRACTWATCH_BENCH_SCREEN_ENTRIES (1,000), CONTRACTWATCH_BENCH_BRUTE_FORCE_VENDORS
// (2,000) and CONTRACTWATCH_BENCH_REPETITIONS (3). The sizes are tags, so baselines compare like
// with like.
let benchmarks: @Sendable () -> Void = {
    let actions = Setting.count("CONTRACTWATCH_BENCH_SCREEN_ACTIONS", default: 1_000_000)
    let entries = Setting.count("CONTRACTWATCH_BENCH_SCREEN_ENTRIES", default: 1_000)
    let sample = Setting.count("CONTRACTWATCH_BENCH_BRUTE_FORCE_VENDORS", default: 2_000)
    let repetitions = Setting.count("CONTRACTWATCH_BENCH_REPETITIONS", default: 3)
    let tags = ["actions": "\(actions)", "entries": "\(entries)"]
    let outcome = Outcome()

    // One iteration is one whole pass: no warm-up pass and no time limit short of an hour, so every
    // repetition runs; wall clock is the figure (see Classification.swift).
    func configuration(
        tags: [String: String], timeUnits: BenchmarkTimeUnits, iterations: Int
    )
        -> Benchmark.Configuration
    {
        .init(
            metrics: [.wallClock, .cpuTotal], tags: tags, timeUnits: timeUnits, warmupIterations: 0,
            maxDuration: .seconds(3_600), maxIterations: iterations)
    }
    // Each benchmark runs in a process of its own, so each builds the workload in its setup, unmeasured.
    @Sendable func workload() throws -> ScreeningWorkload {
        let workload = try ScreeningWorkload(
            paths: WorkloadData.samplePaths, actions: actions, entries: entries,
            names: WorkloadData.labelledNamePairs)
        Outcome.note("screen workload: \(workload)")
        return workload
    }

    Benchmark(
        "WatchlistScreener.init",
        configuration: configuration(tags: tags, timeUnits: .microseconds, iterations: repetitions)
    ) { (_: Benchmark, workload: ScreeningWorkload) in
        blackHole(workload.buildIndex())
    } setup: {
        try workload()
    }

    Benchmark(
        "WatchlistScreener.screen",
        configuration: configuration(tags: tags, timeUnits: .milliseconds, iterations: repetitions)
    ) { (_: Benchmark, workload: ScreeningWorkload) in
        let matched = workload.screen()
        blackHole(matched)
        outcome.record("screen: \(matched) actions matched per run")
    } setup: {
        try workload()
    } teardown: {
        outcome.report()
    }

    // The peer without blocking, on a sample of vendors (seconds for 2,000), run once: scoring costs
    // the same for every vendor, so the reader extrapolates to all of them.
    Benchmark(
        "Brute force",
        configuration: configuration(
            tags: tags.merging(["vendors": "\(sample)"]) { $1 }, timeUnits: .milliseconds, iterations: 1)
    ) { (_: Benchmark, workload: ScreeningWorkload) in
        let matches = workload.bruteForce(vendors: sample)
        blackHole(matches)
        outcome.record(
            """
            brute force: \(min(sample, workload.vendorCount)) of \(workload.vendorCount) vendors × \
            \(workload.entryNameCount) names, \(matches) pairs scored at least 0.7
            """)
    } setup: {
        try workload()
    } teardown: {
        outcome.report()
    }
}
