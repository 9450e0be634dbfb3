// swift-tools-version:6.2
import PackageDescription

// One settings array for every target, applied in the loop at the end.
var swiftSettings: [SwiftSetting] = [
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    .enableUpcomingFeature("MemberImportVisibility"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
    .enableUpcomingFeature("InternalImportsByDefault"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0461-async-function-isolation.md
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]
// Strict on CI, friendly while iterating; applies to our own targets only.
if Context.environment["CI"] != nil {
    swiftSettings.append(.treatAllWarnings(as: .error))
}

let package = Package(
    name: "ContractWatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "contractwatch", targets: ["ContractWatchCLI"]),
        // For the nested Benchmarks/ package only, which as another package reaches public API
        // alone: the workloads are that API, and the domain stays `package`.
        .library(name: "ContractWatchWorkloads", targets: ["ContractWatchWorkloads"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .target(name: "FPDS"),
        // SAM.gov Contract Awards JSON and USAspending CSV, read into FPDS's record type.
        .target(name: "ContractAwards", dependencies: ["FPDS"]),
        // System zstd: raw FPDS XML compresses ~10x, which keeps the store's writes I/O-light.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .target(
            name: "ContractWatchCore",
            dependencies: [
                "FPDS",
                "ContractAwards",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The built-in watchlists are their JSON files, compiled in (README.md there says why
            // each entry is listed).
            exclude: ["Resources/Watchlists/README.md"],
            resources: [.embedInCode("Resources/Watchlists/commercial-spyware.json")]
        ),
        .target(
            name: "ContractWatchStorage",
            dependencies: [
                "ContractWatchCore",
                "ContractAwards",
                "FPDS",
                "CZstd",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The schema travels inside the binary: `contractwatch` stays one file to copy.
            resources: [
                .embedInCode("Postgres/Migrations/postgres_001_schema.sql"),
                .embedInCode("Postgres/Migrations/postgres_002_events_by_date_nulls_first.sql"),
                .embedInCode("Postgres/Migrations/postgres_003_disabled_lists_and_webhook_formats.sql"),
                .embedInCode("Postgres/Migrations/postgres_004_raw_dictionaries.sql"),
                .embedInCode("Postgres/Migrations/postgres_005_ingested_files.sql"),
                .embedInCode("Postgres/Migrations/postgres_006_contract_timelines.sql"),
                .embedInCode("Postgres/Migrations/postgres_007_search_generation.sql"),
                .embedInCode("Postgres/Migrations/postgres_008_search_months.sql"),
                .embedInCode("Postgres/Migrations/postgres_009_partial_idv_indexes.sql"),
                .embedInCode("Postgres/Migrations/postgres_010_versions_by_agency.sql"),
                .embedInCode("Postgres/Migrations/postgres_011_event_agencies.sql"),
                .embedInCode("Postgres/Migrations/postgres_012_action_agencies.sql"),
                .embedInCode("Postgres/Migrations/postgres_013_events_by_agency.sql"),
                .embedInCode("Postgres/Migrations/postgres_014_events_by_vendor.sql"),
                .embedInCode("Postgres/Migrations/postgres_015_pending_documents.sql"),
                .embedInCode("Postgres/Migrations/postgres_016_compact_versions.sql"),
                .embedInCode("Postgres/Migrations/postgres_017_one_index_by_detection.sql"),
                .embedInCode("Postgres/Migrations/postgres_018_event_times_as_seconds.sql"),
                .embedInCode("Postgres/Migrations/postgres_019_event_ids_and_types_as_integers.sql"),
                .embedInCode("Postgres/Migrations/postgres_020_seen_times_as_seconds.sql"),
            ]
        ),
        .target(
            name: "ContractWatchServer",
            dependencies: [
                "ContractWatchCore",
                "FPDS",
                .product(name: "Hummingbird", package: "hummingbird"),
                // The HTTP1 child channel, to add a request-head timeout to it.
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The page templates, the stylesheet and the OpenAPI document travel inside the binary.
            resources: [
                .embedInCode("Resources/Templates/layout-top.mustache"),
                .embedInCode("Resources/Templates/layout-bottom.mustache"),
                .embedInCode("Resources/Templates/search.mustache"),
                .embedInCode("Resources/Templates/contract.mustache"),
                .embedInCode("Resources/Templates/vendor.mustache"),
                .embedInCode("Resources/Templates/events.mustache"),
                .embedInCode("Resources/Templates/watchlist.mustache"),
                .embedInCode("Resources/Templates/message.mustache"),
                .embedInCode("Resources/Templates/event-item.mustache"),
                .embedInCode("Resources/Templates/modification-pages.mustache"),
                .embedInCode("Resources/Templates/status.mustache"),
                .embedInCode("Resources/Templates/style.css"),
                .embedInCode("Resources/openapi.json"),
            ]
        ),
        .target(
            name: "ContractWatchSync",
            dependencies: [
                "ContractWatchCore",
                "FPDS",
                "ContractAwards",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The classifier's and screener's benchmark workloads, built from real FPDS files.
        .target(name: "ContractWatchWorkloads", dependencies: ["ContractWatchCore", "FPDS"]),
        .executableTarget(
            name: "ContractWatchCLI",
            dependencies: [
                "ContractWatchCore",
                "FPDS",
                "ContractWatchServer",
                "ContractWatchSync",
                "ContractWatchStorage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Shared by the test targets only: where the real sample data lives.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // The store engines the storage and pipeline suites run on: SQLite, and PostgreSQL when
        // CONTRACTWATCH_TEST_POSTGRES_URL names a server.
        .target(
            name: "StoreTesting",
            dependencies: [
                "ContractWatchStorage", "ContractWatchCore", .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/StoreTesting"),
        // A loopback server replaying real FPDS feed pages and SAM.gov responses, with injected faults.
        .target(
            name: "FeedReplay",
            dependencies: [
                "FPDS",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/FeedReplay"
        ),
        .testTarget(name: "FPDSTests", dependencies: ["FPDS", "TestSupport"]),
        .testTarget(
            name: "ContractAwardsTests", dependencies: ["ContractAwards", "FPDS", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "ContractWatchCoreTests",
            dependencies: ["ContractWatchCore", "ContractAwards", "FPDS", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ContractWatchStorageTests",
            dependencies: [
                "ContractWatchStorage", "ContractWatchCore", "ContractAwards", "FPDS", "TestSupport", "StoreTesting",
                // Each engine's own catalogue, which the copy tests compare with the tables `copy` moves.
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "ContractWatchServerTests",
            dependencies: [
                "ContractWatchServer", "ContractWatchStorage", "ContractWatchCore", "FPDS", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ContractWatchSyncTests",
            dependencies: [
                "ContractWatchSync", "ContractWatchStorage", "ContractWatchCore", "FPDS", "FeedReplay", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ContractWatchCLITests",
            // The executable too: `swift test` then builds the binary the tests run, so they can
            // never run a stale one.
            dependencies: [
                "ContractWatchCLI", "ContractWatchStorage", "ContractWatchCore", "FeedReplay", "TestSupport",
                "StoreTesting",
            ]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}
