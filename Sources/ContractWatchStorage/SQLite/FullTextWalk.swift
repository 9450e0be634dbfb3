import ContractWatchCore
import GRDB

/// A text search read in the listing's order from the full-text index (keyed by ``FullTextKey``):
/// FTS5 reads its rows by rowid, newest first or oldest, the other conditions are checked row by
/// row, and the walk stops once it has enough matches and has finished the run (a day's slot) it
/// was in.
struct FullTextWalk: SearchWalk {
    /// The FTS5 query every match satisfies.
    var fullText: String
    /// Conditions on `a` (actions) and `v` (current versions), and their values.
    var conditions: [String]
    var arguments: StatementArguments

    func matches(_ count: Int, order: SearchOrder, after cursor: SearchCursor?, in db: Database) throws -> [SearchMatch]
    {
        let newest = order == .newest
        var conditions = ["action_search MATCH ?"] + self.conditions
        var arguments: StatementArguments = [fullText]
        arguments += self.arguments
        if let cursor {
            // The index bound skips the runs before the cursor's; the row values skip its run's
            // rows up to the cursor.
            let bound = FullTextKey.key(
                signedDate: cursor.signedDate, orderingKey: cursor.orderingKey,
                actionID: newest ? FullTextKey.actionIDMask : 0)
            conditions.append("action_search.rowid \(newest ? "<=" : ">=") ?")
            conditions.append("(a.signed_date, a.ordering_key) \(newest ? "<" : ">") (?, ?)")
            arguments += [bound, cursor.signedDate, cursor.orderingKey]
        }
        let needsVersions = conditions.contains { $0.contains("v.") }
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT action_search.rowid, a.id, a.signed_date, a.ordering_key
                FROM action_search JOIN actions a ON a.id = action_search.rowid & \(FullTextKey.actionIDMask)
                \(needsVersions ? "JOIN action_versions v ON v.id = a.current_version_id" : "")
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY action_search.rowid \(newest ? "DESC" : "ASC")
                """, arguments: arguments)
        var matches: [SearchMatch] = []
        var lastRun: Int64?
        while let row = try rows.next() {
            let run = FullTextKey.run(ofKey: row[0])
            if let lastRun, run != lastRun { break }
            matches.append(SearchMatch(id: row[1], signedDate: row[2], orderingKey: row[3]))
            if matches.count == count { lastRun = run }
        }
        // The rows of one run came in id order; the listing's order within it is by key.
        matches.sort { first, second in
            let (earlier, later) = newest ? (second, first) : (first, second)
            if earlier.signedDate != later.signedDate {
                return earlier.signedDate.utf8.lexicographicallyPrecedes(later.signedDate.utf8)
            }
            return earlier.orderingKey < later.orderingKey
        }
        return Array(matches.prefix(count))
    }
}
