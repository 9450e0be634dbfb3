import ArgumentParser
import ContractWatchCore
import FPDS
import Foundation

/// `contractwatch search [QUERY] [filters…] [--format table|json|csv]`
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Full-text search over the stored actions, with filters; newest signed first.",
        discussion: """
            QUERY is ContractWatch's search language over descriptions, vendor, agency and office names: \
            words (all must match), "a phrase", OR, -excluded, prefix*, (groups) and field:value for vendor, \
            agency, piid, psc and naics. The same search as GET /api/search. Examples:
              contractwatch search '"lift the stop work order"'
              contractwatch search 'vendor:"paragon solutions" -"stop work"'
              contractwatch search --vendor SQCFFDXBQJ78 --format csv
              contractwatch search stop --agency 9700 --from 2018-01-01 --type stop_work_lifted
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @OptionGroup var options: StoreOptions
    @Argument(help: "What to find, in the search language.") var query: [String] = []
    @Option(help: "Contracting or funding agency code.") var agency: String?
    @Option(help: "Contracting office code.") var office: String?
    @Option(help: "A UEI, or words of the vendor's name.") var vendor: String?
    @Option(help: "Product or service code, or its prefix.") var psc: String?
    @Option(help: "NAICS code, or its prefix.") var naics: String?
    @Option(help: ArgumentHelp("Signed on or after.", valueName: "YYYY-MM-DD")) var from: String?
    @Option(help: ArgumentHelp("Signed before.", valueName: "YYYY-MM-DD")) var to: String?
    @Option(help: "Only actions with an event of this type.") var type: String?
    @Option(help: "Only actions that matched this watchlist.") var watchlist: String?
    @Option(help: "Oldest signed first.") var sort: SearchOrder = .newest
    @Option(help: "At most this many actions (all when 0).") var limit = 50
    @Option(help: "Output format.") var format: Format = .table

    func validate() throws {
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, value.count != 10 || FPDSDateTime(fpds: value) == nil {
                throw ValidationError("\(name) takes a date as YYYY-MM-DD, not '\(value)'.")
            }
        }
        if let type, EventType(rawValue: type) == nil {
            throw ValidationError("Unknown event type '\(type)'.")
        }
        if limit < 0 { throw ValidationError("--limit must be 0 (all) or more.") }
    }

    func run() async throws {
        options.bootstrapLogging()
        var search = SearchQuery()
        let text = query.joined(separator: " ")
        if !text.allSatisfy(\.isWhitespace) {
            do {
                search.terms = try SearchExpression(parsing: text)
            } catch {
                throw CLIError.badInput(error.description)
            }
        }
        let store = try await options.openExistingStore()
        search.agency = agency
        search.office = office
        search.vendor = vendor
        search.productOrServiceCode = psc
        search.naicsCode = naics
        search.from = from.flatMap { FPDSDateTime(fpds: $0) }
        search.to = to.flatMap { FPDSDateTime(fpds: $0) }
        search.eventType = type.flatMap(EventType.init(rawValue:))
        search.watchlist = watchlist
        search.order = sort
        search.withFacets = false
        search.limit = 200
        let output = StandardOutput()
        var json = JSONWriter()
        switch format {
        case .csv: output.line(CSV.exportHeader)
        case .json: json.beginArray()
        case .table: break
        }
        var shown = 0
        pages: while true {
            let page = try await store.search(search)
            for stored in page.actions {
                if limit > 0 && shown == limit { break pages }
                shown += 1
                switch format {
                case .csv: output.line(stored.csvRow)
                case .json: stored.writeJSON(to: &json)
                case .table: output.line(Self.row(stored.action))
                }
            }
            guard let next = page.nextCursor else { break }
            search.after = next
        }
        if format == .json {
            json.endArray()
            output.line(json.output)
        }
        output.flush()
        if shown == 0 { printError("No actions match.") }
    }

    /// `2025-08-29  7012 70CMSD24RECON0001 P00002  PARAGON SOLUTIONS (US) INC.  $0.00  This modification…`
    ///
    /// The row is escaped whole: its text came from records, and must neither add a line of its
    /// own nor drive the terminal.
    static func row(_ action: ContractAction) -> String {
        let description = (action.description ?? "").split(whereSeparator: \.isNewline).joined(separator: " ")
        return InputText.escaped(
            [
                action.signedDate?.dateString ?? "????-??-??", "\(action.key.agencyID) \(action.key.piid)",
                action.key.modNumber, action.vendorName ?? "", action.obligatedAmount.map { "$" + $0.text } ?? "",
                String(description.prefix(100)),
            ].joined(separator: "  "))
    }
}

extension SearchOrder: ExpressibleByArgument {}
