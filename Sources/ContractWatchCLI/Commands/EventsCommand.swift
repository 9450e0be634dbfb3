import ArgumentParser
import ContractWatchCore
import FPDS
import Foundation

/// `contractwatch events [--since DATE] [--type TYPE] [--format text|json|jsonl]`, newest first.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List what contract actions mean: stop-work orders and their lifting, terminations, options, …",
        discussion: """
            Newest first, by the date of the action. Events are derived when records are ingested, each with a confidence and its evidence (the rule, \
            the reason code, the quoted text or the value that changed). Types: \
            \(EventType.allCases.map(\.rawValue).joined(separator: ", ")).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, jsonl
    }

    @OptionGroup var options: StoreOptions

    @Option(help: ArgumentHelp("Only events dated on or after this date.", valueName: "YYYY-MM-DD"))
    var since: String?

    @Option(name: .customLong("type"), help: ArgumentHelp("Only this event type (repeatable).", valueName: "type"))
    var types: [String] = []

    @Option(
        help: ArgumentHelp(
            "Only events of actions that matched watchlist NAME; each lists the entries it matched and why.",
            valueName: "name"))
    var watchlist: String?

    @Option(
        help: ArgumentHelp(
            "Only events of actions of this agency; a department's code (9700) takes in its agencies.",
            valueName: "code"))
    var agency: String?

    @Option(help: ArgumentHelp("Only events of this vendor's actions.", valueName: "UEI"))
    var vendor: String?

    @Option(
        help: ArgumentHelp(
            "Only events whose amount is at least this many dollars, obligated or taken back.", valueName: "dollars"))
    var minAmount: Double?

    @Option(help: "Output format.")
    var format: Format = .text

    @Option(help: "At most this many events.")
    var limit: Int?

    @Flag(help: "Re-derive every contract's events first (after upgrading ContractWatch's rules).")
    var reclassify = false

    func validate() throws {
        if let since, FPDSDateTime(fpds: since) == nil {
            throw ValidationError("--since takes a date as YYYY-MM-DD, not '\(since)'.")
        }
        for type in types where EventType(rawValue: type) == nil {
            throw ValidationError(
                "Unknown event type '\(type)'. Known types: \(EventType.allCases.map(\.rawValue).joined(separator: ", "))."
            )
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
        if let minAmount, !minAmount.isFinite { throw ValidationError("--min-amount must be a number of dollars.") }
    }

    func run() async throws {
        options.bootstrapLogging()
        let store = try await options.openExistingStore()
        if let watchlist {
            try await WatchlistService(store: store).installBuiltIns(at: .now)
            guard try await store.hasWatchlist(named: watchlist) else {
                throw CLIError.badInput(
                    "There is no watchlist '\(watchlist)'. `contractwatch watchlist list` shows them.")
            }
        }
        if reclassify {
            let time = Timestamp.now
            let watchlists = WatchlistService(store: store)
            try await watchlists.installBuiltIns(at: time)
            let done = try await AfterWrite(store: store, screener: try await watchlists.screener())
                .run(.everything, at: time)
            printError(
                "Re-derived \(done.eventsStored) events for \(done.contractsClassified) contracts, "
                    + "re-screened \(done.screening.actionsScreened) actions (\(done.screening.newMatches) new matches, "
                    + "\(done.screening.removedMatches) removed) and created \(done.alertsCreated) alerts.")
        }
        var query = EventQuery(
            since: since.flatMap { FPDSDateTime(fpds: $0) }, types: Set(types.compactMap(EventType.init(rawValue:))),
            watchlist: watchlist, order: .newestFirst(after: nil), limit: limit)
        query.agency = agency
        query.vendorUEI = vendor
        query.minimumAmount = minAmount
        let events = try await store.events(query)
        let output = StandardOutput()
        switch format {
        case .jsonl:
            for event in events { output.line(event.jsonLine) }
        case .json:
            var writer = JSONWriter()
            writer.beginArray()
            for event in events { event.writeJSON(to: &writer) }
            writer.endArray()
            output.line(writer.output)
        case .text:
            for event in events { output.line(Self.text(event)) }
            if events.isEmpty { printError("No events match.") }
        }
        output.flush()
    }

    /// One event as text lines. What came from a record (the key, quoted evidence, vendor names)
    /// is escaped, so stored text can neither add a line of its own nor drive the terminal.
    static func text(_ event: ProcurementEvent) -> String {
        let date = event.date?.dateString ?? "????-??-??"
        let partial = event.isPartial ? " (partial)" : ""
        let amount = event.amount.map { " $\($0.text)" } ?? ""
        let evidence = event.evidence.first.map { " — \(InputText.escaped($0.summary))" } ?? ""
        let matches = event.watchlistEntries.map { "\n    watchlist \(InputText.escaped($0.summary))" }.joined()
        let action = InputText.escaped(event.action.description)
        return "\(date)  \(event.type.rawValue)\(partial)  \(action)\(amount)\(evidence)\(matches)"
    }
}
