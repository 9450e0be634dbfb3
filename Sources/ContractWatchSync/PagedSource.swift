package import ContractWatchCore
package import Foundation

/// A source that answers a query one page at a time: the FPDS ATOM feeds (`start=` offsets, ten
/// entries a page) and the SAM.gov Contract Awards API (page indexes, up to 100 records a page).
/// ``SourceSync`` drives either through this.
package protocol PagedSource: Sendable {
    /// `fpds`, `fpds-deleted`, `sam`, `sam-deleted`: the name checkpoints and runs are kept under.
    var name: String { get }
    /// The endpoint as stored, logged and shown: never with a secret in it.
    var endpoint: String { get }
    /// The first page's position, and the distance from one page's position to the next.
    var firstPage: Int { get }
    var pageStep: Int { get }
    /// The most records the source lets a client page through for one query, if it caps them.
    var resultCap: Int? { get }

    /// The request for one page, and the same URL with any secret removed.
    func request(_ query: FeedQuery, page: Int) throws(SyncError) -> (url: String, shownAs: String)

    /// Reads a page body.
    /// - Throws: ``PageReadError`` when the body is not a whole page (truncated, not XML or JSON,
    ///   an error page): the fetcher retries it.
    func read(_ body: Data, shownAs: String) throws(PageReadError) -> SourcePage

    /// The result's size given its last page's position and the entries on that page.
    func total(lastPage: Int, entriesOnLastPage: Int) -> Int
}

/// One page as a source returned it.
package struct SourcePage: Sendable {
    /// The page's readable records, normalised and ready to store.
    package var records: [IngestRecord]
    /// Entries on the page, readable or not.
    package var entries: Int
    /// Entries that could not be read, each naming the page, the entry and the problem.
    package var rejections: [IngestRejection]
    /// The position of the result's last page, as this page gives it.
    package var lastPage: Int
    /// The result's size, when the source states it (SAM does; the feed does not).
    package var total: Int?

    package init(records: [IngestRecord], entries: Int, rejections: [IngestRejection], lastPage: Int, total: Int?) {
        self.records = records
        self.entries = entries
        self.rejections = rejections
        self.lastPage = lastPage
        self.total = total
    }
}
