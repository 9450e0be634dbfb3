package import ContractWatchCore
import FPDS
import GRDB

extension SQLiteStore {
    /// Registers the index a feed reads by: events newest detection first.
    ///
    /// Feeds used to load every event and sort them in memory (8 s and 530 MB a request on a large
    /// store); with this index a feed reads its 100 rows and stops.
    static func registerFeedIndexMigration(in migrator: inout DatabaseMigrator) {
        migrator.registerRacing("012-events-newest-first") { db in
            try db.execute(
                sql: "CREATE INDEX IF NOT EXISTS events_newest_first ON events(detected_at DESC, id DESC)")
        }
    }

    package func newestEvents(_ query: EventQuery, limit: Int) async throws -> [ProcurementEvent] {
        try await writer.read { db in
            try events(query, orderedBy: "e.detected_at DESC, e.id DESC", limit: limit, in: db)
        }
    }
}
