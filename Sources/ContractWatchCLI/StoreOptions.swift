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

    /// Where the store is: `--db`, then `CONTRACTWATCH_DB`, then the per-user SQLite default.
    enum Location: CustomStringConvertible {
        case sqlite(path: String)
        case postgres(PostgresLocation)

        /// The path, or the URL without its password: what messages may print.
        var description: String {
            switch self {
            case .sqlite(let path): path
            case .postgres(let location): location.description
            }
        }
    }

    /// The store's location.
    /// - Throws: `CLIError.badInput` for a PostgreSQL URL that cannot be read.
    func location() throws -> Location {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = db ?? environment["CONTRACTWATCH_DB"], !explicit.isEmpty {
            guard PostgresLocation.isPostgresURL(explicit) else { return .sqlite(path: explicit) }
            do {
                return .postgres(
                    try PostgresLocation(url: explicit, passwordFile: dbPasswordFile, environment: environment))
            } catch {
                throw CLIError.badInput(String(describing: error))
            }
        }
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/share")
        return .sqlite(path: base + "/contractwatch/contractwatch.sqlite")
    }

    /// Opens (creating and migrating if needed) the store.
    /// - Returns: The store.
    /// - Throws: `CLIError` naming the store (never with a password) and the reason.
    func openStore() async throws -> any RecordStore {
        let location = try location()
        do {
            switch location {
            case .sqlite(let path):
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                return try SQLiteStore(path: path)
            case .postgres(let postgres):
                return try await PostgresStore.open(postgres, at: IngestPipeline.timestamp(Date()))
            }
        } catch {
            throw CLIError.cannotOpenStore(path: location.description, reason: StoreFailure.reason(error))
        }
    }

    /// Sets up logging to standard error, once per process.
    func bootstrapLogging() {
        let level = logLevel.level
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

    var description: String {
        switch self {
        case .cannotOpenStore(let path, let reason): "cannot open the store at \(path): \(reason)"
        case .badInput(let message): message
        }
    }
}

/// Log levels as command-line values.
enum LogLevel: String, ExpressibleByArgument, CaseIterable {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .warning }
}
