import ArgumentParser
import ContractWatchCore
import ContractWatchStorage
import Foundation
import Logging

/// Options every command that touches the store shares.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            """
            The store: an SQLite file path, or postgres://USER@HOST[:PORT]/DATABASE. Defaults to \
            $CONTRACTWATCH_DB, then \(StoreOptions.defaultPathDescription).
            """,
            valueName: "path-or-url"))
    var db: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A file whose first line is the PostgreSQL password, when the URL has none (else $PGPASSWORD).",
            valueName: "file"))
    var dbPasswordFile: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: LogLevel = .warning

    static let defaultPathDescription = "$XDG_DATA_HOME/contractwatch/contractwatch.sqlite (~/.local/share/…)"

    /// The store's location: `--db`, then `CONTRACTWATCH_DB`, then the per-user SQLite default.
    /// - Throws: `CLIError.badInput` for a PostgreSQL URL that cannot be read.
    func location() throws -> StoreLocation {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = db ?? environment["CONTRACTWATCH_DB"], !explicit.isEmpty {
            return try Self.location(explicit, passwordFile: dbPasswordFile)
        }
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/share")
        return .sqlite(path: base + "/contractwatch/contractwatch.sqlite")
    }

    /// Reads a path or URL given on the command line.
    /// - Throws: `CLIError.badInput` for a PostgreSQL URL that cannot be read.
    static func location(_ text: String, passwordFile: String?) throws -> StoreLocation {
        do {
            return try StoreLocation(text, passwordFile: passwordFile, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CLIError.badInput(String(describing: error))
        }
    }

    /// Opens (creating and migrating if needed) the store.
    /// - Returns: The store.
    /// - Throws: `CLIError` naming the store (never with a password) and the reason.
    func openStore() async throws -> any RecordStore {
        let location = try location()
        return try await Self.open(location, schema: try? await location.schemaState())
    }

    /// Opens (creating and migrating if needed) the store at `location`, whose schema was read as
    /// `schema`, first naming the migrations it is about to apply (``announceUpgrade(of:from:)``).
    private static func open(_ location: StoreLocation, schema: SchemaState?) async throws -> any RecordStore {
        announceUpgrade(of: location, from: schema)
        do {
            return try await location.open(at: .now)
        } catch {
            throw CLIError.cannotOpenStore(path: location.description, reason: StoreFailure.reason(error))
        }
    }

    /// Opens a store that exists already, for the commands that read one: a mistyped `--db`
    /// is an error that names the path, never a new empty store that answers "nothing found".
    /// - Returns: The store, migrated if this build has newer migrations.
    /// - Throws: `CLIError.badInput` when there is no store there (exit 2); `CLIError` naming the
    ///   store when it cannot be read.
    func openExistingStore() async throws -> any RecordStore {
        let location = try location()
        let state: SchemaState?
        do {
            state = try await location.schemaState()
        } catch {
            throw CLIError.cannotOpenStore(path: location.description, reason: StoreFailure.reason(error))
        }
        guard let state, !state.applied.isEmpty else {
            throw CLIError.badInput(
                """
                there is no store at \(location.description). Ingest into it first \
                (contractwatch ingest --db \(location.description) FILES), or name an existing store with --db \
                or CONTRACTWATCH_DB.
                """)
        }
        return try await Self.open(location, schema: state)
    }

    /// Says on standard error which migrations a store written by an older contractwatch is about
    /// to receive, before they run: on a store of millions of actions some take minutes (one makes
    /// the full-text index again), and a command that sat silent for them would look hung.
    /// - Parameters:
    ///   - location: The store.
    ///   - state: Its schema as read before opening it, nil when that read failed: nothing is said
    ///     then, nor for a store with no migrations yet (a new one, perhaps being made by another
    ///     process that holds its lock), since saying is never worth failing the command for.
    static func announceUpgrade(of location: StoreLocation, from state: SchemaState?) {
        guard let state, !state.applied.isEmpty, !state.pending.isEmpty else { return }
        printError(
            """
            contractwatch: upgrading the store at \(location) to this version: applying \(state.pending.count) \
            migration(s) (\(state.pending.joined(separator: ", "))). On a store of millions of actions this can \
            take minutes; if it is interrupted, nothing stored is lost and the next command finishes it.
            """)
    }

    /// Sets up logging to standard error, once per process.
    func bootstrapLogging() {
        Self.bootstrapLogging(level: logLevel)
    }

    /// Opens the store for as long as `body` runs, as a long-lived command needs it: a
    /// PostgreSQL pool then shuts down with the command.
    /// - Returns: What `body` returns.
    /// - Throws: `CLIError` naming the store when it cannot be opened, else what `body` throws.
    func withStore<Result: Sendable>(_ body: (any RecordStore) async throws -> Result) async throws -> Result {
        let location = try location()
        do {
            Self.announceUpgrade(of: location, from: try? await location.schemaState())
            return try await location.withStore(at: .now, body)
        } catch let error as StoreOpenError {
            throw CLIError.cannotOpenStore(path: location.description, reason: StoreFailure.reason(error.underlying))
        }
    }

    /// Sets up logging to standard error at `level`, once per process.
    static func bootstrapLogging(level: LogLevel) {
        let level = level.level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// Failures the CLI reports itself, as full sentences.
enum CLIError: Error, CustomStringConvertible {
    case cannotOpenStore(path: String, reason: String)
    /// The user asked for something this input or build cannot do: exit status 2.
    case badInput(String)
    /// The work failed on the way, as the sentence says: exit status 1.
    case failed(String)

    var description: String {
        switch self {
        case .cannotOpenStore(let path, let reason): "cannot open the store at \(path): \(reason)"
        case .badInput(let message), .failed(let message): message
        }
    }
}

/// Log levels as command-line values.
enum LogLevel: String, ExpressibleByArgument, CaseIterable {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .warning }
}
