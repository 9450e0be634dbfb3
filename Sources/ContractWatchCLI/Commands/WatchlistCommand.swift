import ArgumentParser
import ContractWatchCore
import Foundation

/// `contractwatch watchlist add|list|show|remove|disable|enable|import|export|judge`
struct WatchlistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watchlist",
        abstract: "Manage the vendor, agency, keyword and product-code lists that events are matched against.",
        discussion: """
            Every change screens all stored records against the new or changed entries and reports what it \
            finds as historical matches: they were on record before the entry existed. Built-in lists \
            (\(BuiltInWatchlists.names.joined(separator: ", "))) are installed in every store on first use; \
            `disable` silences one (or any list) without removing it.
            """,
        subcommands: [
            List.self, Show.self, Add.self, Remove.self, Disable.self, Enable.self, Import.self, Export.self,
            Judge.self,
        ])

    /// Opens the store and makes sure the built-in lists are in it.
    static func service(_ options: StoreOptions) async throws -> WatchlistService {
        options.bootstrapLogging()
        let service = WatchlistService(store: try await options.openStore())
        try await service.installBuiltIns(at: .now)
        return service
    }

    static func report(_ screening: ScreeningSummary, for list: String) {
        printError(
            "Screened \(screening.actionsScreened) stored actions: \(screening.newMatches) historical "
                + "match\(screening.newMatches == 1 ? "" : "es") found"
                + (screening.removedMatches > 0 ? ", \(screening.removedMatches) no longer matching" : "") + ".")
        for (reference, count) in screening.newMatchesByEntry.sorted(by: { $0.key.entryID < $1.key.entryID }) {
            printError("  \(list)/\(reference.entryID): \(count) action\(count == 1 ? "" : "s")")
        }
    }

    static func watchlist(_ name: String, in service: WatchlistService) async throws -> Watchlist {
        guard let list = try await service.store.watchlist(named: name) else {
            throw CLIError.badInput("There is no watchlist '\(name)'. `contractwatch watchlist list` shows them.")
        }
        return list
    }

    // MARK: - list

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the watchlists with their entry and match counts.")
        @OptionGroup var options: StoreOptions

        func run() async throws {
            let service = try await WatchlistCommand.service(options)
            let output = StandardOutput()
            for list in try await service.store.watchlistSummaries() {
                output.line(
                    "\(list.name)\t\(list.entries) entries\t\(list.matches) matches"
                        + (list.isBuiltIn ? "\tbuilt-in" : "") + (list.isEnabled ? "" : "\tdisabled")
                        + "\tupdated \(list.updatedAt)")
            }
            output.flush()
        }
    }

    // MARK: - show

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a watchlist's entries and the vendors they matched, with the explanation.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The watchlist's name.") var name: String

        func run() async throws {
            let service = try await WatchlistCommand.service(options)
            let list = try await WatchlistCommand.watchlist(name, in: service)
            let matches = try await service.store.matches(inWatchlist: name)
            let output = StandardOutput()
            output.line("\(list.name): \(list.entries.count) entries")
            if let description = list.description { output.line(description) }
            for entry in list.entries {
                let found = matches.filter { $0.match.entryID == entry.id }
                output.line("")
                output.line(
                    "\(entry.id)  [\(entry.kind.rawValue)]  \(entry.name)"
                        + (entry.kind == .vendor ? "  threshold \(entry.effectiveThreshold)" : ""))
                // One line per distinct vendor, with how many actions it matched on.
                var seen: [String: Int] = [:]
                for item in found { seen[item.match.vendorKey, default: 0] += 1 }
                var printed: Set<String> = []
                for item in found where printed.insert(item.match.vendorKey).inserted {
                    let count = seen[item.match.vendorKey] ?? 0
                    output.line(
                        "  matched \(item.vendorName ?? item.match.vendorKey) (\(item.match.vendorKey)) on \(count) "
                            + "action\(count == 1 ? "" : "s"), e.g. \(item.action): \(item.match.summary)")
                    for feature in item.match.features {
                        output.line(
                            "      \(feature.rule) \(String(format: "%+.2f", feature.contribution))  \(feature.detail)")
                    }
                }
            }
            output.flush()
        }
    }

    // MARK: - add

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an entry (creating the list if needed) and screen stored history against it.",
            discussion: """
                Give exactly one of --vendor, --agency, --keyword, --psc or --naics. Examples:
                  contractwatch watchlist add mylist --vendor "Paragon Solutions (US) Inc." --country USA
                  contractwatch watchlist add mylist --agency 7012
                  contractwatch watchlist add mylist --keyword '"stop work"'
                """)
        @OptionGroup var options: StoreOptions
        @Argument(help: "The watchlist's name (letters, digits, - and _).") var name: String
        @Option(help: "A company's name.") var vendor: String?
        @Option(help: "An agency code (repeatable).") var agency: [String] = []
        @Option(help: "A query in the search language, as `search` takes it.") var keyword: String?
        @Option(help: "A product or service code or prefix (repeatable).") var psc: [String] = []
        @Option(help: "A NAICS code or prefix (repeatable).") var naics: [String] = []
        @Option(help: "The entry's id (default: from its name).") var id: String?
        @Option(help: "Another name of the vendor (repeatable).") var alias: [String] = []
        @Option(help: "A UEI (repeatable).") var uei: [String] = []
        @Option(help: "A CAGE code (repeatable).") var cage: [String] = []
        @Option(help: "A legacy DUNS number (repeatable).") var duns: [String] = []
        @Option(help: "The vendor's country, ISO 3166-1 alpha-3 (USA, ISR).") var country: String?
        @Option(help: "The minimum match score, 0 to 1 (default \(WatchlistEntry.defaultThreshold)).")
        var threshold: Double?
        @Option(help: "Why the entry is on the list.") var reason: String?
        @Option(help: "The public source of the reason (a URL).") var citation: String?

        func validate() throws {
            let kinds = [vendor != nil, !agency.isEmpty, keyword != nil, !psc.isEmpty, !naics.isEmpty].filter { $0 }
            guard kinds.count == 1 else {
                throw ValidationError("Give exactly one of --vendor, --agency, --keyword, --psc or --naics.")
            }
        }

        func run() async throws {
            let service = try await WatchlistCommand.service(options)
            let entry = makeEntry()
            var list =
                try await service.store.watchlist(named: name) ?? Watchlist(name: name)
            list.entries.removeAll { $0.id == entry.id }
            list.entries.append(entry)
            let time = Timestamp.now
            let (changed, screening) = try await service.save(list, replacingEntries: false, at: time)
            printError(changed.isEmpty ? "\(name)/\(entry.id) is unchanged." : "Saved \(name)/\(entry.id).")
            WatchlistCommand.report(screening, for: name)
        }

        private func makeEntry() -> WatchlistEntry {
            let (kind, label, codes): (WatchlistEntry.Kind, String, [String]) =
                if let vendor { (.vendor, vendor, []) } else if let keyword {
                    (.keyword, keyword, [])
                } else if !agency.isEmpty {
                    (.agency, "agency " + agency.joined(separator: ", "), agency)
                } else if !psc.isEmpty { (.psc, "PSC " + psc.joined(separator: ", "), psc) } else {
                    (.naics, "NAICS " + naics.joined(separator: ", "), naics)
                }
            return WatchlistEntry(
                id: id ?? Self.slug(label), kind: kind, name: label, aliases: alias,
                identifiers: VendorIdentifiers(uei: uei, cage: cage, duns: duns), country: country,
                threshold: threshold,
                reasons: reason.map { [WatchlistEntry.Reason(text: $0, citation: citation)] } ?? [],
                codes: codes, query: keyword)
        }

        /// `Paragon Solutions (US) Inc.` → `paragon-solutions-us-inc`.
        static func slug(_ text: String) -> String {
            let words = text.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
            return String(words.joined(separator: "-").prefix(64))
        }
    }

    // MARK: - remove

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a watchlist, or one entry of it, with their matches (judgements are kept).")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The watchlist's name.") var name: String
        @Argument(help: "Only this entry.") var entry: String?

        func run() async throws {
            let service = try await WatchlistCommand.service(options)
            guard try await service.store.removeWatchlist(name, entry: entry) else {
                throw CLIError.badInput("There is no \(entry.map { "entry '\($0)' on " } ?? "")watchlist '\(name)'.")
            }
            printError("Removed \(entry.map { "\(name)/\($0)" } ?? name).")
        }
    }

    // MARK: - disable / enable

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop a watchlist making alerts; it keeps its entries and is still screened.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The watchlist's name.") var name: String

        func run() async throws {
            try await WatchlistCommand.setEnabled(false, name, options)
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let a disabled watchlist make alerts again, for what it matched meanwhile too.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The watchlist's name.") var name: String

        func run() async throws {
            try await WatchlistCommand.setEnabled(true, name, options)
        }
    }

    static func setEnabled(_ enabled: Bool, _ name: String, _ options: StoreOptions) async throws {
        let service = try await WatchlistCommand.service(options)
        let (found, created) = try await service.setEnabled(name, enabled, at: .now)
        guard found else {
            throw CLIError.badInput("There is no watchlist '\(name)'. `contractwatch watchlist list` shows them.")
        }
        printError(
            enabled
                ? "Enabled \(name): \(created) alert\(created == 1 ? "" : "s") created for what it matched meanwhile."
                : "Disabled \(name): it makes no alerts until `contractwatch watchlist enable \(name)`.")
    }

    // MARK: - import / export

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a watchlist from JSON (shaped as the built-in lists) or CSV, then screen history.",
            discussion: """
                CSV columns (header required; several values in one cell are separated by |): \
                \(WatchlistDocument.csvColumns.joined(separator: ",")). Relations need JSON.
                """)
        @OptionGroup var options: StoreOptions
        @Argument(help: "A .json or .csv file.") var file: String
        @Option(help: "The list's name (required for CSV; overrides the JSON's).") var name: String?
        @Flag(help: "Remove stored entries the file does not have (default: add and update only).")
        var replace = false

        func run() async throws {
            let service = try await WatchlistCommand.service(options)
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw CLIError.badInput("\(file): cannot be read (\(error.localizedDescription)).")
            }
            var list: Watchlist
            if file.lowercased().hasSuffix(".csv") {
                guard let name else { throw CLIError.badInput("Importing CSV needs --name for the list.") }
                list = Watchlist(name: name, entries: try WatchlistDocument.entries(csv: data, file: file))
            } else {
                list = try WatchlistDocument.decode(data, file: file)
                if let name { list.name = name }
            }
            let (changed, screening) = try await service.save(
                list, replacingEntries: replace, at: .now)
            printError("Imported \(list.entries.count) entries into \(list.name) (\(changed.count) new or changed).")
            WatchlistCommand.report(screening, for: list.name)
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a watchlist as JSON or CSV to standard output.")
        enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv }
        @OptionGroup var options: StoreOptions
        @Argument(help: "The watchlist's name.") var name: String
        @Option(help: "Output format.") var format: Format = .json

        func run() async throws {
            let service = try await WatchlistCommand.service(options)
            let list = try await WatchlistCommand.watchlist(name, in: service)
            let output = StandardOutput()
            switch format {
            case .json: output.line(try WatchlistDocument.json(list))
            case .csv: for row in WatchlistDocument.csv(list) { output.line(row) }
            }
            output.flush()
        }
    }

    // MARK: - judge

    struct Judge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record whether a vendor is the entity of an entry; \"different\" is never matched again.",
            discussion: """
                VENDOR is a UEI (12 characters), duns:NUMBER, or a name. Examples:
                  contractwatch watchlist judge commercial-spyware paragon-solutions-us "PARAGON SYSTEMS, INC." --different
                  contractwatch watchlist judge mylist acme ABCDEF123456 --same --note "same UEI per SAM.gov"
                """)
        enum Verdict: String, EnumerableFlag { case same, different }
        @OptionGroup var options: StoreOptions
        @Argument(help: "The watchlist's name.") var name: String
        @Argument(help: "The entry's id.") var entry: String
        @Argument(help: "The vendor: a UEI, duns:NUMBER or a name.") var vendor: String
        @Flag(help: "The verdict.") var verdict: Verdict
        @Option(help: "Why (kept with the judgement).") var note: String?

        func run() async throws {
            let service = try await WatchlistCommand.service(options)
            var keys = [VendorIdentity.key(forUserInput: vendor)]
            if keys[0].hasPrefix("name:") {
                // A name also covers the vendors of that name the entry matched under their UEI or DUNS.
                let normalized = OrganisationName(vendor).normalized
                for found in try await service.store.matches(inWatchlist: name)
                where found.match.entryID == entry && !keys.contains(found.match.vendorKey)
                    && OrganisationName(found.vendorName ?? "").normalized == normalized
                {
                    keys.append(found.match.vendorKey)
                }
            }
            let time = Timestamp.now
            for key in keys {
                let judgement = Judgement(
                    watchlist: name, entryID: entry, vendorKey: key, same: verdict == .same, note: note,
                    decidedAt: time.description
                )
                let screening = try await service.judge(judgement, at: time)
                printError("Recorded: \(key) is \(judgement.same ? "" : "not ")\(name)/\(entry).")
                if judgement.same { WatchlistCommand.report(screening, for: name) }
            }
        }
    }
}
