package import ContractWatchCore
import ContractWatchStorage
import Foundation
package import PostgresNIO

/// The storage engines the suites run on: SQLite always, PostgreSQL when
/// `CONTRACTWATCH_TEST_POSTGRES_URL` names a server the tests may create databases on
/// (`.ci/run` starts one; `scripts/start-postgres.sh` starts one by hand).
package enum StoreEngine: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    /// The engines available here, SQLite first.
    package static let available: [StoreEngine] = postgresServer == nil ? [.sqlite] : [.sqlite, .postgres]

    /// The server's URL, from the environment.
    package static let postgresServer: String? = {
        let url = ProcessInfo.processInfo.environment["CONTRACTWATCH_TEST_POSTGRES_URL"] ?? ""
        return url.isEmpty ? nil : url
    }()

    package var description: String { rawValue }

    /// When the stores the tests open record their migrations applied: 2026-01-01T00:00:00Z.
    static let migrationTime = Timestamp(secondsSince1970: 1_767_225_600)

    /// A new, empty store: an in-memory SQLite database, or a new PostgreSQL database on the test
    /// server, migrated.
    /// - Returns: The store.
    /// - Throws: If the server cannot be reached or the database not created.
    package func makeStore() async throws -> any RecordStore {
        switch self {
        case .sqlite: return try SQLiteStore.inMemory()
        case .postgres: return try await PostgresStore.open(try await Self.newDatabase(), at: Self.migrationTime)
        }
    }

    /// A store on an existing database or file made by ``newLocation()``.
    /// - Returns: The store.
    /// - Throws: If it cannot be opened.
    package func openStore(at location: String) async throws -> any RecordStore {
        switch self {
        case .sqlite: return try SQLiteStore(path: location)
        case .postgres:
            return try await PostgresStore.open(
                try PostgresLocation(url: location, environment: [:]), at: Self.migrationTime)
        }
    }

    /// Where a new store can be made, for tests that run the command-line tool on it: a file
    /// path in a new temporary directory, or the URL of a new, empty database.
    /// - Returns: The path or URL, for `--db`.
    /// - Throws: If the server cannot be reached or the database not created.
    package func newLocation() async throws -> String {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "contractwatch-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return directory.appendingPathComponent("store.sqlite").path
        case .postgres:
            return try await Self.newDatabaseURL()
        }
    }

    private static func newDatabase() async throws -> PostgresLocation {
        try PostgresLocation(url: try await newDatabaseURL(), environment: [:])
    }

    /// Creates a database named for this run on the test server.
    private static func newDatabaseURL() async throws -> String {
        guard let server = postgresServer, var components = URLComponents(string: server) else {
            throw StoreEngineError.noServer
        }
        let name = "cw_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        try await PostgresDatabase.createDatabase(
            named: String(name), on: try PostgresLocation(url: server, environment: [:]))
        components.path = "/" + name
        return components.string ?? server
    }
}

extension StoreEngine {
    /// Runs `body` with a client of the PostgreSQL database at `location` (made by
    /// ``newLocation()``), for a test that changes it behind the store's back.
    /// - Returns: What `body` returns.
    /// - Throws: If the location is not PostgreSQL's, or what `body` throws.
    package static func withPostgresClient<Result: Sendable>(
        at location: String, _ body: (PostgresClient) async throws -> Result
    ) async throws -> Result {
        guard case .postgres(let postgres) = try StoreLocation(location, environment: [:]) else {
            throw StoreEngineError.noServer
        }
        return try await PostgresDatabase(location: postgres).withRunningClient(body)
    }

    /// A role that may only read the database at `url` (made by ``newLocation()``), as
    /// `docs/postgres.md` sets one up for `serve`.
    /// - Returns: The database's URL with that role and its password.
    /// - Throws: If the server refuses.
    package static func readOnlyURL(for url: String) async throws -> String {
        guard var components = URLComponents(string: url) else { throw StoreEngineError.noServer }
        let database = String(components.path.dropFirst())
        let role = "cw_reader_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let password = "reader-" + UUID().uuidString.prefix(8).lowercased()
        let owner = PostgresDatabase(location: try PostgresLocation(url: url, environment: [:]))
        try await owner.withRunningClient { client in
            // Names cannot be bound; these are made here of letters, digits and '_' or '-'.
            for statement in [
                "CREATE ROLE \(role) LOGIN PASSWORD '\(password)'",
                "GRANT CONNECT ON DATABASE \(database) TO \(role)",
                "GRANT USAGE ON SCHEMA public TO \(role)",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(role)",
            ] {
                _ = try await client.query(PostgresQuery(unsafeSQL: statement))
            }
        }
        components.user = role
        components.password = password
        return components.string ?? url
    }
}

package enum StoreEngineError: Error {
    case noServer
}
