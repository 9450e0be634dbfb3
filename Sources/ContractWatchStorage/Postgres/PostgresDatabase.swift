package import ContractWatchCore
import Foundation
package import Logging
import NIOCore
import NIOPosix
package import PostgresNIO
import ServiceLifecycle

/// One PostgreSQL database: a connection pool that runs as a `Service`, and the numbered schema
/// migrations that make it a ContractWatch store.
///
/// The pool lends connections only while ``run()`` runs: a server runs it in its service group,
/// and a command wraps its work in ``withRunningClient(_:)``.
package final class PostgresDatabase: Service {
    package let location: PostgresLocation
    package let client: PostgresClient
    let logger: Logger

    /// - Parameters:
    ///   - location: Where the database is.
    ///   - logger: Where the pool logs; it never sees the password.
    package init(location: PostgresLocation, logger: Logger = Logger(label: "contractwatch.postgres")) {
        self.location = location
        self.logger = logger
        client = PostgresClient(configuration: location.clientConfiguration, backgroundLogger: logger)
    }

    /// Runs the connection pool until cancelled.
    package func run() async throws {
        await client.run()
    }

    /// Runs the pool in a task of its own for the rest of the process: for commands, which open
    /// a store, use it, and exit. A server runs ``run()`` in its service group instead.
    ///
    /// It returns once that task is about to enter `run()`, so that the first query does not find
    /// the pool not yet running (postgres-nio would queue it, but warn on standard error).
    package func startInBackground() async {
        let client = client
        await withCheckedContinuation { (started: CheckedContinuation<Void, Never>) in
            Task.detached {
                started.resume()
                // `run()` marks the pool running before its first suspension.
                await client.run()
            }
        }
    }

    /// Connects once outside the pool and disconnects. The pool retries a server that refuses
    /// it for seconds and then says only that it gave up; a command should say at once why: the
    /// server is down, the database does not exist, the password is wrong.
    /// - Throws: The connection's error, which never carries the password.
    package func checkConnection() async throws {
        let connection = try await PostgresConnection.connect(
            configuration: location.connectionConfiguration(), id: 0, logger: logger)
        try await connection.close()
    }

    /// Runs the pool for as long as `body` takes.
    /// - Parameter body: The work that needs connections.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    package func withRunningClient<Result: Sendable>(
        _ body: (PostgresClient) async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            // As in `startInBackground()`: the first query should find the pool running.
            await withCheckedContinuation { (started: CheckedContinuation<Void, Never>) in
                group.addTask {
                    started.resume()
                    await self.client.run()
                }
            }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// Creates an empty database on the server at `server` (whose own database the connection
    /// uses), for tests and for `copy` into a new store.
    /// - Parameters:
    ///   - name: The new database's name: letters, digits and `_` only.
    ///   - server: A database on the same server to connect to.
    /// - Throws: ``PostgresStoreError/invalidName(_:)``, or the server's error (one that exists already).
    package static func createDatabase(named name: String, on server: PostgresLocation) async throws {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw PostgresStoreError.invalidName(name)
        }
        let database = PostgresDatabase(location: server)
        try await database.withRunningClient { client in
            // A name cannot be bound as a value; it was checked to be a plain identifier above.
            _ = try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \"\(name)\""))
        }
    }

    // MARK: - Migrations

    /// The migrations in order: an identifier and the SQL it runs, from the files in
    /// `Postgres/Migrations/`. A migration, once released, never changes; a change is a new one.
    package static let migrations: [(identifier: String, sql: String)] = [
        ("001-schema", String(decoding: PackageResources.postgres_001_schema_sql, as: UTF8.self)),
        (
            "002-events-by-date-nulls-first",
            String(decoding: PackageResources.postgres_002_events_by_date_nulls_first_sql, as: UTF8.self)
        ),
        (
            "003-disabled-lists-and-webhook-formats",
            String(decoding: PackageResources.postgres_003_disabled_lists_and_webhook_formats_sql, as: UTF8.self)
        ),
        (
            "004-raw-dictionaries",
            String(decoding: PackageResources.postgres_004_raw_dictionaries_sql, as: UTF8.self)
        ),
        ("005-ingested-files", String(decoding: PackageResources.postgres_005_ingested_files_sql, as: UTF8.self)),
        (
            "006-contract-timelines",
            String(decoding: PackageResources.postgres_006_contract_timelines_sql, as: UTF8.self)
        ),
        (
            "007-search-generation",
            String(decoding: PackageResources.postgres_007_search_generation_sql, as: UTF8.self)
        ),
        ("008-search-months", String(decoding: PackageResources.postgres_008_search_months_sql, as: UTF8.self)),
        (
            "009-partial-idv-indexes",
            String(decoding: PackageResources.postgres_009_partial_idv_indexes_sql, as: UTF8.self)
        ),
        (
            "010-versions-by-agency",
            String(decoding: PackageResources.postgres_010_versions_by_agency_sql, as: UTF8.self)
        ),
        ("011-event-agencies", String(decoding: PackageResources.postgres_011_event_agencies_sql, as: UTF8.self)),
        (
            "012-action-agencies",
            String(decoding: PackageResources.postgres_012_action_agencies_sql, as: UTF8.self) + ActionAgencySQL.fill
        ),
        (
            "013-events-by-agency",
            String(decoding: PackageResources.postgres_013_events_by_agency_sql, as: UTF8.self)
        ),
        (
            "014-events-by-vendor",
            String(decoding: PackageResources.postgres_014_events_by_vendor_sql, as: UTF8.self)
        ),
        (
            "015-pending-documents",
            String(decoding: PackageResources.postgres_015_pending_documents_sql, as: UTF8.self)
        ),
        (
            "016-compact-versions",
            String(decoding: PackageResources.postgres_016_compact_versions_sql, as: UTF8.self)
        ),
        (
            "017-one-index-by-detection",
            String(decoding: PackageResources.postgres_017_one_index_by_detection_sql, as: UTF8.self)
        ),
        (
            "018-event-times-as-seconds",
            String(decoding: PackageResources.postgres_018_event_times_as_seconds_sql, as: UTF8.self)
        ),
        (
            "019-event-ids-and-types-as-integers",
            String(decoding: PackageResources.postgres_019_event_ids_and_types_as_integers_sql, as: UTF8.self)
        ),
        (
            "020-seen-times-as-seconds",
            String(decoding: PackageResources.postgres_020_seen_times_as_seconds_sql, as: UTF8.self)
        ),
    ]

    /// The key of the advisory lock that serialises migrations: the ASCII bytes of "CWschema".
    static let migrationLock: Int64 = 0x4357_7363_6865_6D61

    /// Applies every migration this database lacks, in order, in one transaction that holds
    /// the migration lock: of several processes starting at once, one migrates and the others
    /// wait, then find nothing left to do. A failure leaves the schema as it was.
    /// - Parameter time: Now, recorded with each migration applied.
    /// - Returns: The identifiers applied now, in order.
    /// - Throws: ``PostgresStoreError/newerSchema(_:)`` when the database was migrated by a
    ///   newer ContractWatch, or the server's error.
    @discardableResult
    package func migrate(at time: Timestamp) async throws -> [String] {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    identifier TEXT PRIMARY KEY,
                    applied_at TEXT NOT NULL
                )
                """, logger: logger)
            var applied: Set<String> = []
            for try await identifier in try await connection.query(
                "SELECT identifier FROM schema_migrations", logger: logger
            ).decode(String.self) {
                applied.insert(identifier)
            }
            let known = Set(Self.migrations.map(\.identifier))
            if let unknown = applied.subtracting(known).sorted().last {
                throw PostgresStoreError.newerSchema(unknown)
            }
            var done: [String] = []
            for (identifier, sql) in Self.migrations where !applied.contains(identifier) {
                for statement in Self.statements(of: sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (identifier, applied_at) VALUES (\(identifier), \(time.description))",
                    logger: logger)
                done.append(identifier)
            }
            return done
        }
    }

    /// The statements of a migration file, one by one (a prepared statement holds only one).
    ///
    /// Migration files are written to be split simply: comments start with `--` and run to the
    /// end of the line, and every statement ends with `;`, which appears nowhere else.
    /// - Returns: The statements, without comments or the final `;`.
    static func statements(of sql: String) -> [String] {
        let code = sql.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.range(of: "--").map { String(line[..<$0.lowerBound]) } ?? String(line) }
            .joined(separator: "\n")
        return code.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }

    /// The migrations applied to this database, in order.
    /// - Returns: Their identifiers; empty for a database ContractWatch never migrated.
    /// - Throws: The server's error.
    package func appliedMigrations() async throws -> [String] {
        let exists = try await client.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
            .decode(Bool.self)
        for try await found in exists where !found { return [] }
        var identifiers: [String] = []
        for try await identifier in try await client.query(
            "SELECT identifier FROM schema_migrations ORDER BY identifier", logger: logger
        ).decode(String.self) {
            identifiers.append(identifier)
        }
        return identifiers
    }
}

/// Failures of a PostgreSQL store that a user can act on.
package enum PostgresStoreError: Error, CustomStringConvertible, Equatable {
    /// The schema has a migration this build does not know.
    case newerSchema(String)
    /// A row the store just wrote could not be read back.
    case missingRow(String)
    /// A database name that is not a plain identifier.
    case invalidName(String)

    package var description: String {
        switch self {
        case .missingRow(let what): "The PostgreSQL store could not read back \(what)."
        case .invalidName(let name): "'\(name)' is not a database name of letters, digits and underscores."
        case .newerSchema(let identifier):
            "The database was migrated by a newer ContractWatch (migration \(identifier)); upgrade contractwatch to use it."
        }
    }
}

/// How a store's failure reads in a message.
package enum StoreFailure {
    /// What went wrong, in a sentence: for a PostgreSQL error, the server's own message, which
    /// postgres-nio's description leaves out (it never holds the password).
    /// - Returns: The sentence.
    package static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError, let message = error.serverInfo?[.message] {
            // Say which statement failed, for a report to the developers; never its values.
            return message + (error.query.map { " (in: \($0.sql.prefix(200)))" } ?? "")
        }
        if let error = error as? PostgresTransactionError {
            if let inner = error.closureError ?? error.beginError ?? error.commitError { return reason(inner) }
        }
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let refused = error.underlying as? NIOConnectionError { return connectionFailure(refused) }
        if let underlying = error.underlying { return String(describing: underlying) }
        return "\(error.code)"
    }
}

extension StoreFailure {
    /// A connection that could not be made, as a sentence with the system's reason.
    private static func connectionFailure(_ error: NIOConnectionError) -> String {
        let reasons = error.connectionErrors.map { failure in
            (failure.error as? IOError).map { String(cString: strerror($0.errnoCode)).lowercased() }
                ?? String(describing: failure.error)
        }
        let reason = reasons.first ?? (error.dnsAError != nil ? "the host name does not resolve" : "no address")
        return "no connection to \(error.host):\(error.port) (\(reason)); is the PostgreSQL server running there?"
    }

    /// Whether `error` came from the database server or the connection to it, whose own
    /// description says nothing useful.
    /// - Returns: True for PostgreSQL errors.
    package static func isDatabaseError(_ error: any Error) -> Bool {
        error is PSQLError || error is PostgresTransactionError
    }
}
