import ContractWatchCore
import StoreTesting
import Synchronization
import Testing

/// What two stores built from the same inputs must hold alike.
enum StoreContents {
    /// Every version of every action and every event with its watchlist matches, without the
    /// wall-clock timestamps; and the store must have classified every contract. `path` is an
    /// SQLite file or, for `engine` PostgreSQL, a database URL.
    ///
    /// A version's `source` is left out too: it names the file the content was first read from,
    /// and when two files carry the same record that depends on which ingester committed first.
    static func read(_ path: String, engine: StoreEngine = .sqlite) async throws -> [String] {
        let store = try await engine.openStore(at: path)
        let rows = Mutex<[String]>([])
        try await store.forEachAction(allVersions: true) { stored in
            var copy = stored
            copy.firstSeen = ""
            copy.lastSeen = ""
            copy.source = nil
            rows.withLock { $0.append("\(copy)") }
        }
        for var event in try await store.events(EventQuery()) {
            event.detectedAt = nil
            event.detectionLatencySeconds = nil  // measured to detectedAt, a wall-clock time
            for index in event.watchlistEntries.indices { event.watchlistEntries[index].matchedAt = nil }
            rows.withLock { $0.append("\(event)") }
        }
        #expect(try await store.contractsNeedingClassification().isEmpty)
        return rows.withLock { $0 }
    }
}
