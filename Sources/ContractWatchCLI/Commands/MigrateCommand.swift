import ArgumentParser
import ContractWatchCore
import ContractWatchStorage
import Foundation

/// `contractwatch migrate [--db PATH] [--status]`
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create the store's schema, or upgrade it to this version of contractwatch.",
        discussion: """
            Every command migrates a store it opens when it needs to; run this where the roles that ingest or \
            serve may not change the schema (see docs/postgres.md), or to upgrade at a time of your choosing. \
            Migrations are numbered, applied in order, each once; on PostgreSQL an advisory lock makes \
            concurrent runs take turns. Then it compacts the stored documents that wait for it, as deltas \
            against the document before each in their contract (ingest and sync compact what they write; a \
            store from before deltas has all its documents to compact once). --status prints the state and \
            changes nothing.
            """)

    @OptionGroup var options: StoreOptions

    @Flag(help: "Print the applied and pending migrations without applying any.")
    var status = false

    func run() async throws {
        options.bootstrapLogging()
        let location = try options.location()
        do {
            if status {
                guard let state = try await location.schemaState() else {
                    throw CLIError.badInput("There is no store at \(location); `contractwatch migrate` creates one.")
                }
                print("Store: \(location)")
                print("Applied: \(state.applied.count) migration(s)\(state.applied.last.map { ", last \($0)" } ?? "")")
                print("Pending: \(state.pending.isEmpty ? "none" : state.pending.joined(separator: ", "))")
                if !state.unknown.isEmpty {
                    print("From a newer contractwatch: \(state.unknown.joined(separator: ", "))")
                }
                return
            }
            StoreOptions.announceUpgrade(of: location, from: try? await location.schemaState())
            let applied = try await location.migrate(at: .now)
            print(
                applied.isEmpty
                    ? "The schema of \(location) is current; nothing to apply."
                    : "Migrated \(location): applied \(applied.joined(separator: ", ")).")
            let progress = ProgressLine()
            let compacted = try await options.withStore { store in
                try await AfterWrite.compactDocuments(in: store) { summary in
                    progress.show { "migrate: compacted \(summary.documents) stored documents so far" }
                }
            }
            progress.finish()
            if compacted.documents > 0 {
                print(
                    """
                    Compacted \(compacted.documents) stored documents, \(compacted.deltas) of them as deltas: \
                    \(compacted.bytesBefore) bytes to \(compacted.bytesAfter).
                    """)
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError.cannotOpenStore(path: location.description, reason: StoreFailure.reason(error))
        }
    }
}
