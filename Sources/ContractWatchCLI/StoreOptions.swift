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
            "The store: an SQLite file path. Defaults to $CONTRACTWATCH_DB, then \(StoreOptions.defaultPathDescription).",
            valueName: "path"))
    var db: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: LogLevel = .warning

    static let defaultPathDescription = "$XDG_DATA_HOME/contractwatch/contractwatch.sqlite (~/.local/share/…)"

    /// The database location: `--db`, then `CONTRACTWATCH_DB`, then the per-user default.
    func databasePath() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = db ?? environment["CONTRACTWATCH_DB"], !explicit.isEmpty {
            if explicit.hasPrefix("postgres://") || explicit.hasPrefix("postgresql://") {
                throw CLIError.badInput(
                    "PostgreSQL stores are not available in this build yet; use an SQLite file path.")
            }
            return explicit
        }
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/share")
        return base + "/contractwatch/contractwatch.sqlite"
    }

    /// Opens (creating if needed) the store.
    func openStore() throws -> any RecordStore {
        let path = try databasePath()
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            return try SQLiteStore(path: path)
        } catch {
            throw CLIError.cannotOpenStore(path: path, reason: String(describing: error))
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
