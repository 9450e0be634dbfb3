import Crypto
import Foundation

/// What users do with watchlists, on any ``RecordStore``: save lists and re-screen history,
/// record judgements, keep the built-in lists installed, screen newly ingested contracts.
package struct WatchlistService: Sendable {
    package let store: any RecordStore

    package init(store: any RecordStore) {
        self.store = store
    }

    /// A screener over every stored list and judgement.
    package func screener() async throws -> WatchlistScreener {
        WatchlistScreener(watchlists: try await store.watchlists(), judgements: try await store.judgements())
    }

    /// Validates and saves `list`, then screens all stored history against its new and changed
    /// entries. What that finds is flagged historical: it was on record before the entry existed.
    /// - Parameters:
    ///   - list: The list to save.
    ///   - replacingEntries: Remove stored entries that `list` does not have (import of a
    ///     whole list); otherwise entries are only added or updated.
    ///   - builtin: Whether `list` is one of the built-in lists.
    ///   - time: Now, when the list is saved and its matches are found.
    /// - Returns: The ids of the entries that changed, and what re-screening found.
    /// - Throws: ``WatchlistError`` when `list` is invalid, or the store's error.
    package func save(
        _ list: Watchlist, replacingEntries: Bool, builtin: Bool = false, at time: Timestamp
    ) async throws
        -> (changed: [String], screening: ScreeningSummary)
    {
        try list.validate()
        let changed = try await store.saveWatchlist(
            list, replacingEntries: replacingEntries, builtin: builtin, at: time)
        guard !changed.isEmpty else { return (changed, ScreeningSummary()) }
        let entries = Set(changed.map { WatchlistEntryReference(watchlist: list.name, entryID: $0) })
        let summary = try await AfterWrite(store: store, screener: try await screener()).run(
            .entries(entries), at: time)
        return (changed, summary.screening)
    }

    /// Records a person's verdict on a vendor against an entry; "not the same" removes the pair's
    /// matches now, withdraws their alerts not yet sent, and keeps them out of every later screening.
    /// - Parameters:
    ///   - judgement: The verdict, whose `decidedAt` is normally `time`'s text.
    ///   - time: Now, when the matches a "same" verdict adds are found.
    /// - Returns: What re-screening the entry found.
    /// - Throws: ``WatchlistError`` if the list or entry does not exist.
    package func judge(_ judgement: Judgement, at time: Timestamp) async throws -> ScreeningSummary {
        guard let list = try await store.watchlist(named: judgement.watchlist) else {
            throw WatchlistError.unreadable(file: judgement.watchlist, problem: "there is no watchlist of that name")
        }
        guard list.entries.contains(where: { $0.id == judgement.entryID }) else {
            throw WatchlistError.invalidEntry(entry: judgement.entryID, problem: "it is not on '\(list.name)'")
        }
        try await store.saveJudgement(judgement)
        guard judgement.same else {
            // The pair's matches are gone, and with them what their alerts had not yet sent.
            try await store.withdrawUnmatchedAlerts()
            return ScreeningSummary()
        }
        // A "same" verdict can add matches that no rule found: re-screen that entry.
        let entry = WatchlistEntryReference(watchlist: judgement.watchlist, entryID: judgement.entryID)
        let summary = try await AfterWrite(store: store, screener: try await screener())
            .run(.entries([entry]), at: time)
        return summary.screening
    }

    /// Removes a watchlist, or one entry of it, for a client of the API: a built-in list is
    /// ContractWatch's own, which webhooks and feeds subscribe to by name, and only the local
    /// operator removes it (`contractwatch watchlist remove`).
    /// - Parameters:
    ///   - name: The watchlist.
    ///   - entry: One entry's id, or nil for the whole list.
    /// - Returns: False when there is no such list or entry.
    /// - Throws: ``WatchlistError/builtIn(_:)`` for a built-in list, or the store's error.
    package func removeForClient(_ name: String, entry: String?) async throws -> Bool {
        if try await store.watchlistSummaries().contains(where: { $0.name == name && $0.isBuiltIn }) {
            throw WatchlistError.builtIn(name)
        }
        return try await store.removeWatchlist(name, entry: entry)
    }

    /// Disables or enables a list. A disabled list is still screened, so its matches and pages stay
    /// current, but it makes no alerts: this is how a built-in list the user does not want is
    /// silenced, since the API does not remove one. Enabling it again creates the alerts of the
    /// matches it found meanwhile, so a subscriber misses nothing that happened while it was off.
    /// Its alerts made before it was disabled, delivered or not, are left as they are.
    /// - Parameters:
    ///   - name: The watchlist.
    ///   - enabled: Whether it makes alerts.
    ///   - time: Now, when alerts created by enabling it are created.
    /// - Returns: False when there is no such list; else how many alerts enabling it created.
    /// - Throws: The store's error.
    package func setEnabled(
        _ name: String, _ enabled: Bool, at time: Timestamp
    ) async throws -> (
        found: Bool, alertsCreated: Int
    ) {
        guard try await store.setWatchlistEnabled(name, enabled, at: time) else { return (false, 0) }
        guard enabled else { return (true, 0) }
        return (true, try await store.createAlerts(for: nil, at: time))
    }

    /// Installs each built-in list the store has not taken in yet, and updates one whose shipped
    /// version changed. A built-in list the user removed stays removed until its shipped version
    /// changes.
    /// - Returns: The lists installed or updated, with what screening history found.
    @discardableResult
    package func installBuiltIns(at time: Timestamp) async throws -> [(name: String, screening: ScreeningSummary)] {
        let installed = try await store.installedBuiltIns()
        var result: [(String, ScreeningSummary)] = []
        for name in BuiltInWatchlists.names {
            guard let document = BuiltInWatchlists.document(name) else { continue }
            let hash = SHA256.hash(data: Data(document.utf8)).map { String(format: "%02x", $0) }.joined()
            guard installed[name] != hash else { continue }
            let list = try BuiltInWatchlists.load(name)
            let (_, screening) = try await save(list, replacingEntries: true, builtin: true, at: time)
            try await store.recordBuiltInInstalled(name, hash: hash, at: time)
            result.append((name, screening))
        }
        return result
    }
}
