package import ContractWatchCore
import FPDS
import GRDB

extension SQLiteStore {
    /// Registers the index a feed reads by: events newest detection first.
    ///
    /// Feeds used to load every event and sort them in memory (8 s and 530 MB a request on a large
    /// store); with this index a feed reads its 100 rows and stops.
    static func registerFeedIndexMigration(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("012-events-newest-first") { db in
            try db.execute(
                sql: "CREATE INDEX IF NOT EXISTS events_newest_first ON events(detected_at DESC, id DESC)")
        }
    }

    package func newestEvents(_ query: EventQuery, limit: Int) async throws -> [ProcurementEvent] {
        try await writer.read { db in
            try Self.events(query, orderedBy: "e.detected_at DESC, e.id DESC", limit: limit, in: db)
        }
    }

    /// The `WHERE` terms of `query`, over `events e` joined to `actions a`, with their bound values.
    ///
    /// A contract or vendor is selected by a subquery on the event's own columns, so that SQLite
    /// reads a contract's events by `events_by_contract` and a vendor's by its actions
    /// (`actions_by_vendor`, `events_by_action`) rather than walk every event newest first.
    static func eventConditions(_ query: EventQuery) -> (terms: [String], arguments: StatementArguments) {
        var terms: [String] = []
        var arguments: StatementArguments = []
        if let since = query.since {
            terms.append("e.date >= ?")
            arguments += [since.description]
        }
        if !query.types.isEmpty {
            // One placeholder per type: the values are bound, never interpolated.
            terms.append("e.type IN (\(Array(repeating: "?", count: query.types.count).joined(separator: ", ")))")
            arguments += StatementArguments(query.types.map(\.rawValue).sorted())
        }
        if let contract = query.contract {
            terms.append("e.contract_id IN (SELECT id FROM contracts WHERE agency_id = ? AND piid = ?)")
            arguments += [contract.agencyID, contract.piid]
        }
        if let uei = query.vendorUEI {
            terms.append(
                "e.action_id IN (SELECT id FROM actions WHERE vendor_id IN (SELECT id FROM vendors WHERE uei = ?))")
            arguments += [uei]
        }
        if let watchlist = query.watchlist {
            terms.append(
                """
                e.action_id IN (SELECT m.action_id FROM watchlist_matches m
                                JOIN watchlist_entries we ON we.id = m.entry_row
                                JOIN watchlists w ON w.id = we.watchlist_id WHERE w.name = ?)
                """)
            arguments += [watchlist]
        }
        return (terms, arguments)
    }
}
