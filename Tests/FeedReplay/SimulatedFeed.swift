package import Foundation

/// The simulated ATOM feed: real entries, cut out of real pages, answering any query made of the
/// supported terms in pages of 10.
///
/// Entries are deduplicated by text and ordered by `lastModifiedDate`, then by text, so every run
/// sees the same pages. FPDS's own order is not documented (the real pages are not in
/// `lastModifiedDate` order), so simulated pages have the real shape and entries, not the real order.
///
/// Query terms: `LAST_MOD_DATE:[YYYY/MM/DD,YYYY/MM/DD]` (inclusive days on the date part of
/// `lastModifiedDate`), `PIID:"x"`, `AGENCY_CODE:"x"` (the contract's agency ID),
/// `CONTRACT_TYPE:"AWARD"` or `"IDV"` (other-transaction records count with awards and IDVs
/// respectively) and `*:*`; an empty or missing `q` matches every entry. Any other field, or a term
/// that does not read, is answered with **HTTP 400 and a plain-text message**: the public feed
/// documents no error format, but a silent empty feed would let a client with a typo "sync" nothing
/// and pass, so the replay fails loudly instead.
package struct SimulatedFeed: Sendable {
    /// The entries of `FEEDNAME=PUBLIC`, deduplicated and in feed order.
    package let entries: [FeedEntry]
    /// The entries of `FEEDNAME=DELETED`, deduplicated and in feed order.
    ///
    /// No page of FPDS's DELETED feed is public (see `shared/data/reference/sam-contract-awards-api.md`
    /// §9.2), so tests pass real PUBLIC entries here to play the part of deleted records; the
    /// USAspending broker reads DELETED entries exactly as PUBLIC ones, so the shape is right even if
    /// the records never were deleted.
    package let deletedEntries: [FeedEntry]

    /// A feed of the given entries.
    /// - Parameters:
    ///   - entries: The PUBLIC feed's entries, in any order; duplicates (same text) are dropped.
    ///   - deletedEntries: The DELETED feed's entries (real PUBLIC entries standing in for deleted ones).
    package init(entries: [FeedEntry], deletedEntries: [FeedEntry] = []) {
        self.entries = Self.ordered(entries)
        self.deletedEntries = Self.ordered(deletedEntries)
    }

    /// A feed of every entry of the given real pages.
    /// - Parameters:
    ///   - pages: Real ATOM page files, e.g. every page under `Samples/fpds/kenosa-atom-harvest`.
    ///   - deletedPages: Pages whose entries play the DELETED feed's records.
    /// - Throws: ``FeedReplayError/unreadablePage(file:reason:)``.
    package init(pages: [URL], deletedPages: [URL] = []) throws {
        self.init(
            entries: try FeedEntry.entries(inPages: pages), deletedEntries: try FeedEntry.entries(inPages: deletedPages)
        )
    }

    /// The entries of `feed`.
    package func entries(of feed: FeedReplayServer.FeedName) -> [FeedEntry] {
        feed == .public ? entries : deletedEntries
    }

    /// The entries of `feed` that match `query`, before any shift fault.
    /// - Throws: The ``FeedReplayError`` query case that makes the server answer 400.
    package func matches(_ query: String, in feed: FeedReplayServer.FeedName) throws(FeedReplayError) -> [FeedEntry] {
        let parsed = try ReplayQuery(parsing: query)
        return entries(of: feed).filter { parsed.matches($0) }
    }

    /// `result` after the shifts applied so far, in order: an inserted entry goes to the front if it
    /// matches the query and is not there yet; a removal drops the first entry.
    static func shifted(
        _ result: [FeedEntry], by shifts: [FeedReplayServer.Fault.Shift], query: String
    ) -> [FeedEntry] {
        guard !shifts.isEmpty, let parsed = try? ReplayQuery(parsing: query) else { return result }
        var result = result
        for shift in shifts {
            switch shift {
            case .insertAtFront(let entry):
                if parsed.matches(entry), !result.contains(entry) { result.insert(entry, at: 0) }
            case .removeFirst:
                if !result.isEmpty { result.removeFirst() }
            }
        }
        return result
    }

    private static func ordered(_ entries: [FeedEntry]) -> [FeedEntry] {
        var seen = Set<String>()
        return entries.filter { seen.insert($0.xml).inserted }.sorted { $0.orderKey < $1.orderKey }
    }
}
