import GRDB

/// The store's search generation on SQLite (``GenerationCache``).
enum SearchGeneration {
    /// The store's search generation, as the transaction `db` sees it.
    static func current(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: SearchGenerationSQL.current)) ?? 0
    }

    /// Raises the search generation, in the writer's transaction.
    static func advance(in db: Database) throws {
        try db.cachedStatement(sql: SearchGenerationSQL.advance).execute()
    }
}
