import ContractWatchCore
import Synchronization

/// Answers worked out from the records, kept while the records are unchanged.
///
/// Some answers cost much more to work out than to use: a search's facet counts (about two
/// thirds of a `"stop work"` request at a million actions), or whether an agency signs few
/// actions (``RareAgencySQL``). They are kept by key with the store's search generation: a
/// counter in the store (`search_generation`) that every write of actions, versions or events
/// raises in its own transaction, whichever process makes it. An answer is used only when read at
/// the generation it was worked out at, in a transaction that sees that generation.
final class GenerationCache<Value: Sendable>: Sendable {
    /// An answer kept at one generation.
    struct Entry: Sendable {
        var generation: Int64
        var value: Value
    }

    /// Answers kept at most; the oldest generation's go first, then any.
    static var capacity: Int { 256 }

    private let entries = Mutex<[String: Entry]>([:])

    /// The answer kept for `key` at `generation`, if any.
    func value(for key: String, at generation: Int64) -> Value? {
        entries.withLock { entries in entries[key].flatMap { $0.generation == generation ? $0.value : nil } }
    }

    /// Keeps the answer for `key`, worked out at `generation`.
    func keep(_ value: Value, for key: String, at generation: Int64) {
        entries.withLock { entries in
            if entries.count >= Self.capacity, entries[key] == nil {
                let newest = entries.values.map(\.generation).max() ?? generation
                entries = entries.filter { $0.value.generation == newest }
                if entries.count >= Self.capacity { entries.removeAll() }
            }
            entries[key] = Entry(generation: generation, value: value)
        }
    }

    /// The answer for `key` at `generation`: kept, or worked out by `answer` and kept.
    func value(for key: String, at generation: Int64, answer: () throws -> Value) rethrows -> Value {
        if let kept = value(for: key, at: generation) { return kept }
        let value = try answer()
        keep(value, for: key, at: generation)
        return value
    }

    /// The answer for `key` at `generation`: kept, or worked out by `answer`, which reads the
    /// store asynchronously (PostgreSQL), and kept.
    func value(for key: String, at generation: Int64, answer: () async throws -> Value) async rethrows -> Value {
        if let kept = value(for: key, at: generation) { return kept }
        let value = try await answer()
        keep(value, for: key, at: generation)
        return value
    }
}

/// A search's facet counts, as ``GenerationCache`` keeps them.
struct FacetCounts: Sendable {
    var facets: [String: [FacetCount]]
    var total: Int
}

/// The statements on the counter every write of actions, versions or events raises
/// (`search_generation`), alike on both engines.
enum SearchGenerationSQL {
    /// The store's search generation, as the reading transaction sees it.
    static let current = "SELECT generation FROM search_generation"
    /// Raises the search generation, in the writer's transaction: kept answers are no longer used.
    static let advance = "UPDATE search_generation SET generation = generation + 1"
}
