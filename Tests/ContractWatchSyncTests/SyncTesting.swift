import ContractWatchCore
import ContractWatchStorage
import ContractWatchSync
import FeedReplay
import Foundation
import Logging
import Synchronization
import TestSupport

/// What the sync tests share: a fast-retrying fetcher, a sync over a store, and what a store holds.
enum SyncTesting {
    /// The kenosa harvest's directory for one PIID: real pages of the live feed, in order.
    static func harvest(_ directory: String) -> URL {
        TestData.sample("fpds/kenosa-atom-harvest/\(directory)")
    }

    /// Every page file of the harvest.
    static var harvestPages: [URL] { TestData.xmlFiles(under: TestData.sample("fpds/kenosa-atom-harvest")) }

    /// Runs one sync with a fresh fetcher that retries at once and gives up on a stalled answer
    /// after ten seconds (long enough that a loaded test machine does not time out answers that are
    /// only slow).
    static func sync(
        _ store: any RecordStore, from source: any PagedSource, _ plan: SyncPlan, concurrency: Int = 4,
        now: @escaping @Sendable () -> Date = Date.init
    ) async throws -> SyncReport {
        var configuration = PageFetcher.Configuration()
        configuration.timeout = .seconds(10)
        configuration.backoff = .milliseconds(5)
        configuration.minimumInterval = .zero
        return try await PageFetcher.with(configuration: configuration, logger: Logger(label: "test.sync")) {
            fetcher in
            let engine = SourceSync(
                store: store, source: source, fetcher: fetcher, concurrency: concurrency,
                logger: Logger(label: "test.sync"), now: now)
            return try await engine.run(plan)
        }
    }

    /// Every version in the store as "key | content hash", and whether each action is current-deleted.
    static func versions(in store: any RecordStore) async throws -> [String] {
        let rows = Mutex<[String]>([])
        try await store.forEachAction(allVersions: true) { stored in
            rows.withLock { $0.append("\(stored.action.key) | \(stored.contentHash)") }
        }
        return rows.withLock { $0 }.sorted()
    }

    /// The versions the same real files give when ingested from disk.
    static func versions(ingesting files: [URL]) async throws -> [String] {
        let store = try SQLiteStore.inMemory()
        _ = try await IngestPipeline(store: store).run(paths: files.map(\.path))
        return try await versions(in: store)
    }

    /// A date well after every sample, so every window of them is final.
    static let later: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_900_000_000) }
}
