package import ContractWatchCore
import Foundation

/// Where a store is: an SQLite file, or a PostgreSQL database.
package enum StoreLocation: Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// Reads a location as `--db` takes it: a `postgres://` URL, else a file path.
    /// - Parameters:
    ///   - text: The path or URL.
    ///   - passwordFile: For a URL without a password: a file whose first line is it.
    ///   - environment: The process environment (`PGPASSWORD`, `USER`).
    /// - Throws: ``PostgresLocationError`` for a URL that cannot be read.
    package init(_ text: String, passwordFile: String? = nil, environment: [String: String]) throws {
        if PostgresLocation.isPostgresURL(text) {
            self = .postgres(try PostgresLocation(url: text, passwordFile: passwordFile, environment: environment))
        } else {
            self = .sqlite(path: text)
        }
    }

    /// The path, or the URL without its password: what messages may print.
    package var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.description
        }
    }

    /// Opens the store, creating it (with the SQLite file's directory) and migrating it if needed.
    /// - Parameter time: Now, recorded with migrations applied.
    /// - Returns: The store.
    /// - Throws: The engine's error.
    package func open(at time: Timestamp) async throws -> any RecordStore {
        switch self {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return try SQLiteStore(path: path)
        case .postgres(let postgres):
            return try await PostgresStore.open(postgres, at: time)
        }
    }
}

extension StoreLocation {
    /// Opens the store for as long as `body` runs, for a long-lived command (`serve`): on
    /// PostgreSQL the connection pool runs in a child task, and shuts down, closing its
    /// connections, when `body` returns or throws.
    /// - Parameters:
    ///   - time: Now, recorded with migrations applied.
    ///   - body: The work, given the open store.
    /// - Returns: What `body` returns.
    /// - Throws: ``StoreOpenError`` when the store cannot be opened, else what `body` throws.
    package func withStore<Result: Sendable>(
        at time: Timestamp, _ body: (any RecordStore) async throws -> Result
    ) async throws -> Result {
        switch self {
        case .sqlite:
            let store: any RecordStore
            do { store = try await open(at: time) } catch { throw StoreOpenError(underlying: error) }
            return try await body(store)
        case .postgres(let postgres):
            let database = PostgresDatabase(location: postgres)
            do { try await database.checkConnection() } catch { throw StoreOpenError(underlying: error) }
            return try await database.withRunningClient { _ in
                let store = PostgresStore(database: database)
                do { try await store.migrateIfNeeded(at: time) } catch { throw StoreOpenError(underlying: error) }
                return try await body(store)
            }
        }
    }
}

/// A store that could not be opened, and why.
package struct StoreOpenError: Error {
    /// The engine's error.
    package let underlying: any Error
}

/// A store's schema beside the migrations this build knows.
package struct SchemaState: Sendable, Equatable {
    /// The migrations the store records, in the order applied.
    package let applied: [String]
    /// The migrations this build knows, in order.
    package let known: [String]

    /// What `migrate` would apply.
    package var pending: [String] { known.filter { !applied.contains($0) } }
    /// Migrations of a newer ContractWatch, which this build cannot use.
    package var unknown: [String] { applied.filter { !known.contains($0) } }
}

extension StoreLocation {
    /// The schema's state, changing nothing.
    /// - Returns: The state; nil when no SQLite file is at the path.
    /// - Throws: The engine's error (a file that is not a database, a server that refuses).
    package func schemaState() async throws -> SchemaState? {
        switch self {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            return SchemaState(
                applied: try SQLiteStore.appliedMigrations(path: path), known: SQLiteStore.migrationIdentifiers)
        case .postgres(let postgres):
            let applied = try await Self.withDatabase(postgres) { try await $0.appliedMigrations() }
            return SchemaState(applied: applied, known: PostgresDatabase.migrations.map(\.identifier))
        }
    }

    /// Creates the store if there is none, and applies every migration it lacks.
    /// - Parameter time: Now, recorded with migrations applied.
    /// - Returns: The migrations applied now, in order; empty when the schema was current.
    /// - Throws: The engine's error, or ``PostgresStoreError/newerSchema(_:)``.
    package func migrate(at time: Timestamp) async throws -> [String] {
        switch self {
        case .sqlite(let path):
            let before = try await schemaState()?.applied ?? []
            _ = try await open(at: time)
            let after = try SQLiteStore.appliedMigrations(path: path)
            return after.filter { !before.contains($0) }
        case .postgres(let postgres):
            return try await Self.withDatabase(postgres) { try await $0.migrate(at: time) }
        }
    }

    /// Runs `body` on the database at `location`, once one connection showed it answers, with
    /// its pool running for as long as `body` takes.
    private static func withDatabase<Result: Sendable>(
        _ location: PostgresLocation, _ body: (PostgresDatabase) async throws -> Result
    ) async throws -> Result {
        let database = PostgresDatabase(location: location)
        try await database.checkConnection()
        return try await database.withRunningClient { _ in try await body(database) }
    }
}
