import ContractWatchCore
import GRDB
import Synchronization

/// The facet counts of recent searches, kept while the records they count are unchanged.
///
/// Facets count a search's newest ``SearchPage/facetWindow`` matches: reading their agencies and
/// event types is most of what a search costs once the page is found (about two thirds of a
/// `"stop work"` request at a million actions). The next page of a listing counts the same
/// window, and so does the same search by another reader, so the counts are kept by the search's
/// filter with the store's search generation: a counter in the store (`search_generation`) that
/// every write of actions, versions or events raises in its own transaction, whichever process
/// makes it. Counts are used only when read at the generation they were counted at, in the same
/// transaction as the page, so they are never older than the page they go with.
final class FacetCache: Sendable {
    /// Counts kept at one generation.
    struct Entry: Sendable {
        var generation: Int64
        var facets: [String: [FacetCount]]
        var total: Int
    }

    /// Searches kept at most; the oldest generation's go first, then any.
    static let capacity = 256

    private let entries = Mutex<[String: Entry]>([:])

    /// The store's search generation, as the transaction `db` sees it.
    static func generation(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT generation FROM search_generation")) ?? 0
    }

    /// Raises the search generation, in the writer's transaction: kept counts are no longer used.
    static func advance(in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE search_generation SET generation = generation + 1").execute()
    }

    /// The counts kept for `filter` at `generation`, if any.
    func entry(for filter: String, at generation: Int64) -> Entry? {
        entries.withLock { entries in entries[filter].flatMap { $0.generation == generation ? $0 : nil } }
    }

    /// Keeps counts for `filter`.
    func keep(_ entry: Entry, for filter: String) {
        entries.withLock { entries in
            if entries.count >= Self.capacity, entries[filter] == nil {
                let newest = entries.values.map(\.generation).max() ?? entry.generation
                entries = entries.filter { $0.value.generation == newest }
                if entries.count >= Self.capacity { entries.removeAll() }
            }
            entries[filter] = entry
        }
    }
}
