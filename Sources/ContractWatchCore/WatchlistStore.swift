/// The storage that watchlists, their matches and people's judgements need.
///
/// Matching itself is the domain's (``WatchlistScreener``, ``WatchlistStore/screen(_:with:historical:at:)``);
/// the store reads the actions in scope, runs keyword entries as searches, and keeps the results.
package protocol WatchlistStore: Sendable {
    /// Every list with its counts, by name.
    func watchlistSummaries() async throws -> [WatchlistSummary]

    /// Every list, entries included.
    func watchlists() async throws -> [Watchlist]

    /// Creates the list or updates it: entries are upserted by id; with `replacingEntries`, the
    /// stored entries not in `list` are removed (with their matches). One transaction.
    /// - Returns: The ids of the entries that are new or changed, which need screening.
    func saveWatchlist(
        _ list: Watchlist, replacingEntries: Bool, builtin: Bool, at time: Timestamp
    ) async throws
        -> [String]

    /// Marks list `name` enabled or disabled (``WatchlistSummary/isEnabled``), keeping its entries
    /// and matches. - Returns: False if there is no such list.
    func setWatchlistEnabled(_ name: String, _ enabled: Bool, at time: Timestamp) async throws -> Bool

    /// Removes a list, or one entry of it, with their matches; judgements are kept.
    /// - Returns: False if there was no such list or entry.
    func removeWatchlist(_ name: String, entry: String?) async throws -> Bool

    /// Every judgement.
    func judgements() async throws -> [Judgement]

    /// Records a judgement; a "not the same" verdict also removes the pair's stored matches.
    func saveJudgement(_ judgement: Judgement) async throws

    /// The shipped document hash of each built-in list installed in this store.
    func installedBuiltIns() async throws -> [String: String]

    /// Records that the shipped version `hash` of built-in list `name` is installed.
    func recordBuiltInInstalled(_ name: String, hash: String, at time: Timestamp) async throws

    /// Stored actions in the order of their ids, after `cursor` (nil: from the first), at most
    /// `limit`: the current version of each, with the fields screening reads (``VendorIdentity``,
    /// agencies and codes). ``WatchlistStore/screen(_:with:historical:at:)`` walks them in batches.
    func actionsToScreen(after cursor: Int64?, limit: Int) async throws -> [ScreeningCandidate]

    /// The actions of these contracts, as ``actionsToScreen(after:limit:)`` reads them.
    func actionsToScreen(of contracts: [ContractKey]) async throws -> [ScreeningCandidate]

    /// The ids of the actions whose current version `expression` finds: a keyword entry's hits.
    func actionIDs(matching expression: SearchExpression) async throws -> Set<Int64>

    /// Makes the stored matches of `actions` with `entries` (nil: every entry) equal `found`, in
    /// one transaction: a match no longer found is removed, one still found is updated and keeps
    /// its `matchedAt` and `historical` flag, and a new one is stored with `historical` and `time`.
    /// A match whose entry is no longer stored is dropped.
    /// - Returns: The matches that are new, and how many were removed.
    func replaceMatches(
        _ found: [Int64: [WatchlistMatch]], of actions: [Int64], for entries: Set<WatchlistEntryReference>?,
        historical: Bool, at time: Timestamp
    ) async throws -> (new: [WatchlistMatch], removed: Int)

    /// The stored matches of one list, best first, with the action each was found on.
    func matches(
        inWatchlist name: String
    ) async throws -> [(action: ActionKey, vendorName: String?, match: WatchlistMatch)]
}

/// A list and what it holds.
package struct WatchlistSummary: Sendable, Hashable {
    package var name: String
    package var description: String?
    package var isBuiltIn: Bool
    /// False when the list is disabled: it is still screened, but makes no alerts.
    package var isEnabled: Bool
    package var entries: Int
    /// Stored matches (entry × action).
    package var matches: Int
    package var updatedAt: String

    package init(
        name: String, description: String?, isBuiltIn: Bool, isEnabled: Bool = true, entries: Int, matches: Int,
        updatedAt: String
    ) {
        self.name = name
        self.description = description
        self.isBuiltIn = isBuiltIn
        self.isEnabled = isEnabled
        self.entries = entries
        self.matches = matches
        self.updatedAt = updatedAt
    }
}

/// Which actions to screen against which entries.
package struct ScreeningScope: Sendable {
    /// Only these contracts' actions; nil for every stored action.
    package var contracts: [ContractKey]?
    /// Only these entries, as (watchlist, entry id); nil for every entry of every list. Matches
    /// of entries outside the scope are left as they are.
    package var entries: Set<WatchlistEntryReference>?

    package init(contracts: [ContractKey]? = nil, entries: Set<WatchlistEntryReference>? = nil) {
        self.contracts = contracts
        self.entries = entries
    }
}

/// A stored action as screening reads it.
package struct ScreeningCandidate: Sendable {
    /// The store's id of the action, stable for the life of the store.
    package var id: Int64
    /// The action's current version; only the fields screening reads are filled in.
    package var action: ContractAction

    package init(id: Int64, action: ContractAction) {
        self.id = id
        self.action = action
    }
}

/// A watchlist entry by its natural key.
package struct WatchlistEntryReference: Sendable, Hashable {
    package var watchlist: String
    package var entryID: String

    package init(watchlist: String, entryID: String) {
        self.watchlist = watchlist
        self.entryID = entryID
    }
}

/// What a screening pass did.
package struct ScreeningSummary: Sendable, Hashable {
    package var actionsScreened = 0
    /// Matches not stored before.
    package var newMatches = 0
    /// Stored matches that no longer hold (a corrected record, a changed entry).
    package var removedMatches = 0
    /// New matches by (watchlist, entry id).
    package var newMatchesByEntry: [WatchlistEntryReference: Int] = [:]

    package init() {}
}

extension WatchlistStore {
    /// The list called `name`, entries included; nil if there is none.
    package func watchlist(named name: String) async throws -> Watchlist? {
        try await watchlists().first { $0.name == name }
    }

    /// Whether a list called `name` exists.
    package func hasWatchlist(named name: String) async throws -> Bool {
        try await watchlistSummaries().contains { $0.name == name }
    }
}
