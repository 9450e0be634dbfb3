import ContractWatchCore
import FPDS
package import Foundation

/// The FPDS ATOM feed: `…/FEEDS/ATOM?FEEDNAME=PUBLIC&q=…&start=N`, ten entries a page, `start`
/// the offset of the page's first entry; the `last` link's `start` is the final page's. The
/// DELETED feed has the same shape and holds the reports FPDS has withdrawn: those are stored as
/// deletion versions.
package struct FPDSFeedSource: PagedSource {
    /// The public feed's address.
    package static let defaultURL = "https://www.fpds.gov/ezsearch/FEEDS/ATOM"

    /// Which of the feeds.
    package enum Feed: String, Sendable {
        case published = "PUBLIC"
        case deleted = "DELETED"
    }

    package var feedURL: String
    package var feed: Feed
    var parser = FPDSParser()

    /// - Parameters:
    ///   - feedURL: The feed's address without a query; another server serving the same feed
    ///     (a mirror, or a replay in tests) can stand in.
    ///   - feed: Which of the feeds to read.
    package init(feedURL: String = FPDSFeedSource.defaultURL, feed: Feed = .published) {
        self.feedURL = feedURL
        self.feed = feed
    }

    package var name: String { feed == .published ? "fpds" : "fpds-deleted" }
    package var endpoint: String { "\(feedURL)?FEEDNAME=\(feed.rawValue)" }
    package var firstPage: Int { 0 }
    /// FPDS answers ten entries a request, whatever is asked.
    package var pageStep: Int { 10 }
    package var resultCap: Int? { nil }

    package func request(_ query: FeedQuery, page: Int) throws(SyncError) -> (url: String, shownAs: String) {
        let separator = feedURL.contains("?") ? "&" : "?"
        let url =
            "\(feedURL)\(separator)s=FPDS&FEEDNAME=\(feed.rawValue)&VERSION=1.5.3&q="
            + Self.percentEncoded(query.description) + "&start=\(page)"
        return (url, url)
    }

    package func read(_ body: Data, shownAs: String) throws(PageReadError) -> SourcePage {
        var records: [IngestRecord] = []
        var rejections: [IngestRejection] = []
        let isDeletion = feed == .deleted
        let summary = parser.parse(body, file: shownAs) { result in
            switch result {
            case .success(let entry):
                records.append(IngestPipeline.record(from: entry, source: endpoint, isDeletion: isDeletion))
            case .failure(let error):
                rejections.append(IngestRejection(file: shownAs, entry: error.entry, message: error.description))
            }
        }
        // A page that does not read to its end is a failed answer, retried whole: keeping the
        // entries before the cut would mark a page done that is missing some.
        if let error = summary.error { throw PageReadError(error.description) }
        guard summary.kind == .atomFeed, let feedInfo = summary.feed else {
            throw PageReadError("\(shownAs) is not an FPDS ATOM feed page")
        }
        let start = Self.start(in: shownAs) ?? 0
        let lastPage = feedInfo.last.flatMap(Self.start(in:)) ?? feedInfo.next.flatMap(Self.start(in:)) ?? start
        return SourcePage(
            records: records, entries: summary.entryCount, rejections: rejections, lastPage: lastPage, total: nil)
    }

    package func total(lastPage: Int, entriesOnLastPage: Int) -> Int { lastPage + entriesOnLastPage }

    /// The `start` parameter of a feed link.
    static func start(in link: String) -> Int? {
        URLComponents(string: link)?.queryItems?.first { $0.name == "start" }?.value.flatMap { Int($0) }
    }

    /// Strict percent-encoding (RFC 3986 unreserved characters only), as the feed's own links
    /// encode `q`: `PIID%3A%22W56HZV13D0008%22`.
    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
