extension WatchlistStore {
    /// Screens the actions in `scope` and makes the stored matches agree, in transactions of a
    /// few thousand actions. A match already stored keeps its `matchedAt` and `historical` flag.
    ///
    /// Vendor, agency and code entries are the screener's to decide; a keyword entry is a search
    /// (``SearchExpression``) that the store runs once, and an action it finds matches with the
    /// explanation "the record matches the full-text query …".
    /// - Parameters:
    ///   - scope: Which actions to screen against which entries.
    ///   - screener: The watchlists and judgements to screen with.
    ///   - historical: How to flag matches found now: true when screening stored history.
    ///   - time: Now, the `matchedAt` of matches found now.
    /// - Returns: What the screening found.
    /// - Throws: The store's error.
    package func screen(
        _ scope: ScreeningScope, with screener: WatchlistScreener, historical: Bool, at time: Timestamp
    ) async throws -> ScreeningSummary {
        let entries = screener.entryReferences.intersection(scope.entries ?? screener.entryReferences)
        var summary = ScreeningSummary()
        guard !entries.isEmpty else { return summary }
        let keywordHits = try await keywordMatches(of: screener, within: entries)
        var cursor: Int64?
        var nextContract = 0
        while true {
            let batch: [ScreeningCandidate]
            if let contracts = scope.contracts {
                guard nextContract < contracts.count else { break }
                let slice = Array(contracts[nextContract..<min(contracts.count, nextContract + 200)])
                nextContract += slice.count
                batch = try await actionsToScreen(of: slice)
            } else {
                batch = try await actionsToScreen(after: cursor, limit: 2000)
                guard let last = batch.last else { break }
                cursor = last.id
            }
            var found: [Int64: [WatchlistMatch]] = [:]
            for (candidate, matches) in zip(batch, screener.screen(batch.map(\.action))) {
                found[candidate.id] = matches.filter {
                    entries.contains(WatchlistEntryReference(watchlist: $0.watchlist, entryID: $0.entryID))
                }
            }
            for (match, actionIDs) in keywordHits {
                for candidate in batch where actionIDs.contains(candidate.id) {
                    var match = match
                    match.vendorKey = VendorIdentity(candidate.action).judgementKey
                    found[candidate.id, default: []].append(match)
                }
            }
            summary.actionsScreened += batch.count
            let written = try await replaceMatches(
                found, of: batch.map(\.id), for: entries, historical: historical, at: time)
            summary.newMatches += written.new.count
            summary.removedMatches += written.removed
            for match in written.new {
                summary.newMatchesByEntry[
                    WatchlistEntryReference(watchlist: match.watchlist, entryID: match.entryID), default: 0] += 1
            }
        }
        return summary
    }

    /// Runs each keyword entry in `entries` once, as a search over the current versions.
    /// - Returns: Each entry's match (its vendor key left empty) with the ids of the actions it finds.
    private func keywordMatches(
        of screener: WatchlistScreener, within entries: Set<WatchlistEntryReference>
    ) async throws -> [(WatchlistMatch, Set<Int64>)] {
        var hits: [(WatchlistMatch, Set<Int64>)] = []
        for (list, entry) in screener.keywordEntries {
            // Entries are validated when saved, and migration 014 rewrote older ones; only a
            // query that never held a letter or digit is left unreadable, and it matches nothing.
            guard entries.contains(WatchlistEntryReference(watchlist: list, entryID: entry.id)),
                let query = entry.query, let expression = try? SearchExpression(parsing: query)
            else { continue }
            let match = WatchlistMatch(
                watchlist: list, entryID: entry.id, entryName: entry.name, score: 1,
                features: [MatchFeature("keyword.query", 1, "the record matches the full-text query \(query)")],
                vendorKey: "")
            hits.append((match, try await actionIDs(matching: expression)))
        }
        return hits
    }
}
