import Benchmark
import BenchmarkSupport
import ContractWatchWorkloads

// Sizes come from the environment (see `Setting`): CONTRACTWATCH_BENCH_CLASSIFY_ACTIONS (default
// 1,000,000) and CONTRACTWATCH_BENCH_REPETITIONS (default 3). The size is a tag, so baselines
// compare like with like.
let benchmarks: @Sendable () -> Void = {
    let actions = Setting.count("CONTRACTWATCH_BENCH_CLASSIFY_ACTIONS", default: 1_000_000)
    let repetitions = Setting.count("CONTRACTWATCH_BENCH_REPETITIONS", default: 3)
    let outcome = Outcome()

    // One iteration is one pass over the whole workload, seconds long: no warm-up pass (a million
    // distinct actions leave nothing for a cache to keep), and no time limit short of an hour, so
    // every repetition runs. Wall clock is the figure, and actions/s is the workload's action count
    // over its median; the throughput metric counts iterations per second and records none below one.
    Benchmark(
        "EventClassifier.classify",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal],
            tags: ["actions": "\(actions)"],
            timeUnits: .milliseconds,
            warmupIterations: 0,
            maxDuration: .seconds(3_600),
            maxIterations: repetitions)
    ) { (_: Benchmark, workload: ClassificationWorkload) in
        let events = workload.run()
        blackHole(events)
        outcome.record("classify: \(events) events per run")
    } setup: {
        let workload = try ClassificationWorkload(paths: WorkloadData.samplePaths, actions: actions)
        Outcome.note("classify workload: \(workload)")
        return workload
    } teardown: {
        outcome.report()
    }
}
