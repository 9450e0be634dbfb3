// swift-tools-version:6.1
import PackageDescription

// The in-memory benchmarks, kept out of the main manifest so `contractwatch` and its CI never
// build ordo-one/benchmark. Run with `swift package benchmark` from here (release by default).
let package = Package(
    name: "ContractWatchBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, so the product reference below holds whatever the checkout's folder is called.
        .package(name: "ContractWatch", path: ".."),
        // ordo-one/benchmark's Linux 6.3 ARC interposer (the default `RuntimeInterposer` trait) is
        // not needed for wall-clock figures; naming the traits leaves it out.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // What both benchmark targets share: sizes from the environment, outcomes reported after measuring.
        .target(name: "BenchmarkSupport"),
        // `EventClassifier` over real contracts replicated to a million actions (one core).
        .executableTarget(
            name: "Classification",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ContractWatchWorkloads", package: "ContractWatch"),
            ],
            path: "Benchmarks/Classification",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // `WatchlistScreener` on a million actions against a thousand entries (every core), its
        // index, and the brute-force baseline.
        .executableTarget(
            name: "Screening",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ContractWatchWorkloads", package: "ContractWatch"),
            ],
            path: "Benchmarks/Screening",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
