import ArgumentParser
import ContractWatchCore
import Foundation

/// `contractwatch alerts [--db PATH] list|show ID [--format text|json]`
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Alerts (an event of a watched vendor's, agency's or keyword's contract) with their citation pack.",
        discussion: """
            Each alert carries its citation pack: the FPDS, USAspending and SAM.gov links, the content hash and \
            first-seen time of the version, the evidence with its offsets, the vendor, agency and amounts, and \
            the contract's timeline. The JSON is what webhooks receive and /api/alerts serves.
            """,
        subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List alerts, newest first.")
        @OptionGroup var options: StoreOptions

        @Option(help: "Only this watchlist's alerts.")
        var watchlist: String?

        @Option(help: "At most this many.")
        var limit = 50

        @Option(help: "Start after this position (the nextCursor of the previous page).")
        var cursor: String?

        @Option(help: "Output format.")
        var format: TextOrJSON = .text

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be a positive number.") }
            if let cursor, AlertCursor(token: cursor) == nil {
                throw ValidationError("--cursor '\(cursor)' is not a cursor ContractWatch gave out.")
            }
        }

        func run() async throws {
            options.bootstrapLogging()
            let store = try await options.openExistingStore()
            // One more than a page: whether there is a next one.
            let page = try await store.alerts(
                watchlist: watchlist, since: nil, after: cursor.flatMap(AlertCursor.init(token:)), limit: limit + 1)
            let next = page.count > limit ? page[limit - 1].cursor : nil
            let alerts = try await store.citing(Array(page.prefix(limit)))
            switch format {
            case .json:
                var cursorJSON = JSONWriter()
                cursorJSON.string(next?.token)
                print(
                    "{\"alerts\":[" + alerts.map(\.json).joined(separator: ",") + "],\"nextCursor\":"
                        + cursorJSON.output + "}")
            case .text:
                print(alerts.map(\.text).joined(separator: "\n\n"))
                if let next { printError("More: contractwatch alerts list --cursor '\(next.token)'") }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one alert with its citation pack.")
        @OptionGroup var options: StoreOptions

        @Argument(help: "The alert's id (al_…).")
        var id: String

        @Option(help: "Output format.")
        var format: TextOrJSON = .text

        func run() async throws {
            options.bootstrapLogging()
            let store = try await options.openExistingStore()
            guard let stored = try await store.alert(id: id) else {
                printError("contractwatch: no alert \(id) in \(try options.location())")
                throw ExitCode(2)
            }
            let alert = try await store.citing([stored]).first ?? stored
            print(format == .json ? alert.json : alert.text)
        }
    }
}
