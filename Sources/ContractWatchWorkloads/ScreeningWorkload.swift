import ContractWatchCore
import Foundation

/// The watchlist screener's workload: real actions replicated to a count, screened in memory on
/// every core against vendor entries made from real names, and the brute-force baseline that
/// scores every vendor against every entry name with no index and no cache.
///
/// Each copy of the real actions gets its own UEIs (prefixed `C<copy>-`), so every copy's vendors
/// are new identities to the screener's per-vendor cache, while names repeat, as real vendors' do
/// across registrations. The entries are the labelled real names (or, without them, the actions'
/// own vendor names), topped up with names generated with a fixed seed from those names' word
/// counts, words and legal forms; the built-in lists are screened too.
public struct ScreeningWorkload: Sendable, CustomStringConvertible {
    /// The generated list first, then the built-in ones.
    private let lists: [Watchlist]
    private let actions: [ContractAction]
    /// The distinct vendors of ``actions``, in no particular order.
    private let vendors: [VendorIdentity]
    /// Every vendor entry's name, aliases and identifying relations: what the baseline scores.
    private let entryNames: [OrganisationName]
    private let screener: WatchlistScreener

    /// The score at or above which the baseline counts a name pair as a match (the default threshold).
    static let bruteForceThreshold = 0.7

    /// How many actions one ``screen()`` screens.
    public var actionCount: Int { actions.count }
    /// How many real actions were replicated.
    public let realActionCount: Int
    /// How many times the real actions were copied (the last copy may be partial).
    public let copies: Int
    /// How many distinct vendors the actions have.
    public var vendorCount: Int { vendors.count }
    /// How many entries the lists hold: the generated vendor entries and the built-in lists' entries.
    public var entryCount: Int { lists.reduce(0) { $0 + $1.entries.count } }
    /// How many names the vendor entries are matched under: names, aliases and identifying relations.
    public var entryNameCount: Int { entryNames.count }

    /// Loads the real actions, makes the entries and replicates the actions.
    /// - Parameters:
    ///   - paths: FPDS XML files or directories, such as ``WorkloadData/samplePaths``.
    ///   - actions: How many actions to screen.
    ///   - entries: How many vendor entries to make (the built-in lists come on top).
    ///   - names: A JSON Lines file of labelled name pairs (`entryName`, `recordName`), such as
    ///     ``WorkloadData/labelledNamePairs``, whose names become the first entries; without it,
    ///     the actions' vendor names do.
    /// - Throws: ``WorkloadError`` when a count is not positive or the files hold no action, or the
    ///   error of a file that could not be read or parsed.
    public init(paths: [String], actions: Int, entries: Int, names: String? = nil) throws {
        guard actions > 0 else { throw WorkloadError.notPositive(name: "actions", value: actions) }
        guard entries > 0 else { throw WorkloadError.notPositive(name: "entries", value: entries) }
        let real = try RealContracts.load(paths).flatMap { $0 }
        let list = Watchlist(
            name: "benchmark", entries: try Self.makeEntries(count: entries, real: real, names: names))
        lists = [list] + (try BuiltInWatchlists.names.map(BuiltInWatchlists.load))

        var workload: [ContractAction] = []
        workload.reserveCapacity(actions)
        var copy = 0
        while workload.count < actions {
            for action in real where workload.count < actions {
                var renamed = action
                renamed.vendorUEI = "C\(copy)-" + (action.vendorUEI ?? action.vendorName ?? "")
                renamed.ultimateParentUEI = action.ultimateParentUEI.map { "C\(copy)-" + $0 }
                workload.append(renamed)
            }
            copy += 1
        }
        self.actions = workload
        vendors = Array(Set(workload.map(VendorIdentity.init)))
        let vendorEntries = lists.flatMap(\.entries).filter { $0.kind == .vendor }
        entryNames = vendorEntries.flatMap { entry -> [OrganisationName] in
            let names: [String] = [entry.name] + entry.aliases + entry.relations.filter(\.identifiesEntry).map(\.name)
            return names.map(OrganisationName.init)
        }
        screener = WatchlistScreener(watchlists: lists)
        realActionCount = real.count
        copies = copy
    }

    // MARK: - Measured work

    /// Builds the screener's index of the entries' name words, joined names, initials and
    /// identifiers, as ``screen()`` uses it.
    /// - Returns: The index, opaque: pass it to the benchmark's `blackHole` so the work is kept.
    public func buildIndex() -> some Sendable {
        WatchlistScreener(watchlists: lists)
    }

    /// Screens every action against every list, each distinct vendor scored once, on every core.
    /// - Returns: How many actions matched at least one entry, the same on every run.
    public func screen() -> Int {
        screener.screen(actions).reduce(0) { $0 + ($1.isEmpty ? 0 : 1) }
    }

    /// The baseline: the first `count` distinct vendors' names, each scored against every entry
    /// name, on one core, with no index and no cache.
    ///
    /// Scoring is the same for every vendor, so the time for all ``vendorCount`` vendors is this
    /// run's time × ``vendorCount`` ÷ `min(count, vendorCount)`.
    /// - Parameter count: How many distinct vendors to score.
    /// - Returns: How many (vendor, entry name) pairs scored at least 0.7.
    public func bruteForce(vendors count: Int) -> Int {
        var matches = 0
        for vendor in vendors.prefix(count) {
            let name = OrganisationName(vendor.name ?? "")
            for entry in entryNames
            where NameComparison(record: name, entry: entry).score >= Self.bruteForceThreshold {
                matches += 1
            }
        }
        return matches
    }

    // MARK: - Description

    /// The workload's size, for example `1000000 actions (779 real, replicated 1284×, 291305
    /// distinct vendors) against 1014 entries (1052 names)`.
    public var description: String {
        """
        \(actionCount) actions (\(realActionCount) real, replicated \(copies)×, \(vendorCount) distinct vendors) \
        against \(entryCount) entries (\(entryNameCount) names)
        """
    }

    // MARK: - Entries

    /// Vendor entries: real names first (the labelled pairs', else the actions' vendors'), then
    /// names generated to reach `count`, drawn from the real names' measured distributions of word
    /// count, words and legal forms, with a fixed seed.
    private static func makeEntries(count: Int, real: [ContractAction], names: String?) throws -> [WatchlistEntry] {
        var pool: [String] = []
        if let names {
            for line in try String(contentsOfFile: names, encoding: .utf8).split(separator: "\n") {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                pool += [object?["entryName"], object?["recordName"]].compactMap { $0 as? String }
            }
        }
        if pool.isEmpty { pool = real.compactMap(\.vendorName) }
        var seen: Set<String> = []
        var result: [WatchlistEntry] = []
        func add(_ name: String) {
            guard result.count < count, seen.insert(OrganisationName(name).normalized).inserted else { return }
            result.append(WatchlistEntry(id: "e\(result.count)", kind: .vendor, name: name))
        }
        pool.forEach(add)
        // The measured distributions: every occurrence counts, so frequent words are drawn often.
        let parsed = pool.map { OrganisationName.tokens(of: $0) }
        let words = parsed.flatMap { $0.dropLast() }
        let lastWords = parsed.compactMap(\.last)
        let lengths = parsed.map(\.count).filter { $0 > 1 }
        var random = SplitMix64(seed: 2026)
        while result.count < count {
            let length = lengths[Int(random.next() % UInt64(lengths.count))]
            var name = (1..<length).map { _ in words[Int(random.next() % UInt64(words.count))] }
            name.append(lastWords[Int(random.next() % UInt64(lastWords.count))])
            add(name.joined(separator: " "))
        }
        return result
    }
}
