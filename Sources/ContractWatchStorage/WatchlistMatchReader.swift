import ContractWatchCore
import Foundation

/// Makes ``WatchlistMatch``es from stored match rows (``SQLiteStore/matchSelect``'s columns, read
/// by either engine), decoding each watchlist entry once per read.
///
/// A match row carries its entry's whole JSON, and a listing cites the same few entries over and
/// over: the 500 events of `/api/events?watchlist=` decoded an entry for each of their matches,
/// half of that request's time at a million actions. The entry's name is all a match keeps of it.
struct WatchlistMatchReader {
    private var entryNames: [String: String] = [:]
    private let decoder = JSONDecoder()

    /// The match one row describes.
    /// - Parameters:
    ///   - watchlist: The list's name.
    ///   - entryID: The entry's id in the list.
    ///   - entryBody: The entry's stored JSON (`watchlist_entries.body`).
    ///   - score: The match's score.
    ///   - explanation: The match's features as stored (`watchlist_matches.explanation`).
    ///   - vendorKey: The vendor the entry matched.
    ///   - historical: Whether it matched a name from the vendor's history.
    ///   - matchedAt: When the match was stored.
    /// - Returns: The match.
    /// - Throws: A decoding error if either JSON is not what the store writes.
    mutating func match(
        watchlist: String, entryID: String, entryBody: String, score: Double, explanation: String,
        vendorKey: String, historical: Bool, matchedAt: String?
    ) throws -> WatchlistMatch {
        let entryName: String
        if let known = entryNames[entryBody] {
            entryName = known
        } else {
            entryName = try decoder.decode(WatchlistEntry.self, from: Data(entryBody.utf8)).name
            entryNames[entryBody] = entryName
        }
        var match = WatchlistMatch(
            watchlist: watchlist, entryID: entryID, entryName: entryName, score: score,
            features: try decoder.decode([MatchFeature].self, from: Data(explanation.utf8)), vendorKey: vendorKey)
        match.historical = historical
        match.matchedAt = matchedAt
        return match
    }
}
