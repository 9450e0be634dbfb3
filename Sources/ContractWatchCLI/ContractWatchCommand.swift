import ArgumentParser
import ContractWatchCore
import ContractWatchStorage
import Foundation

/// `contractwatch`: the command-line contract of `DESIGN.md`.
@main
struct ContractWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contractwatch",
        abstract: "Watch U.S. federal contracting: ingest FPDS records, rebuild contract timelines, alert on events.",
        discussion: """
            Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input.
            The store is an SQLite file or a PostgreSQL database: --db PATH-OR-URL, or CONTRACTWATCH_DB, or \
            \(StoreOptions.defaultPathDescription).
            """,
        version: ContractWatchRelease.version,
        subcommands: [
            IngestCommand.self, ExportCommand.self, ContractCommand.self, SyncCommand.self, SearchCommand.self,
            EventsCommand.self, WatchlistCommand.self, ServeCommand.self, TokenCommand.self, MigrateCommand.self,
            CopyCommand.self, VersionsCommand.self, AlertsCommand.self,
        ]
    )

    /// Runs the command, mapping ArgumentParser's usage exit code (64) to the 2 of `DESIGN.md`.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as WatchlistError {
            printError("contractwatch: \(error)")
            Foundation.exit(2)
        } catch let error as CLIError {
            printError("contractwatch: \(error)")
            if case .badInput = error { Foundation.exit(2) }
            Foundation.exit(1)
        } catch let error where StoreFailure.isDatabaseError(error) {
            printError("contractwatch: the store failed: \(StoreFailure.reason(error))")
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            // Help and the version answer what was asked, on standard output; failures go to standard error.
            if code == .success {
                print(message)
            } else if !message.isEmpty {
                printError("contractwatch: \(message)")
            }
            switch code.rawValue {
            case ExitCode.validationFailure.rawValue: Foundation.exit(2)
            default: Foundation.exit(code.rawValue)
            }
        }
    }
}
