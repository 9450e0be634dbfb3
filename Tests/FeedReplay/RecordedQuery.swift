package import Foundation

/// A query answered with real recorded pages, byte for byte.
///
/// A request is answered from this recording when its `FEEDNAME` is ``feed`` and its `q`, decoded,
/// equals ``query`` up to runs of whitespace. Its `start` picks `page-*-start-<start>.xml` from
/// ``directory``; a `start` with no file gets the directory's empty past-the-end page (a page with
/// no `<entry>`) if it has one, else a synthesized empty page in FPDS's shape whose `last` link
/// repeats the recorded one.
///
/// Recorded pages are verbatim, so **their links point at `https://www.fpds.gov`**, not at the replay
/// server: a client that follows `next` hrefs must put its own base URL in front of their query,
/// or use the simulated feed, whose links point at the server. Shift faults do not apply here.
package struct RecordedQuery: Sendable {
    /// The `q` value, as FPDS's own links carry it decoded, e.g. `PIID:"N0001915D0003"`.
    package var query: String
    /// The directory of `page-NNNN-start-S.xml` files.
    package var directory: URL
    /// The feed the recording belongs to.
    package var feed: FeedReplayServer.FeedName

    /// A recording of `query` in `directory`.
    package init(query: String, directory: URL, feed: FeedReplayServer.FeedName = .public) {
        self.query = query
        self.directory = directory
        self.feed = feed
    }
}

/// A ``RecordedQuery`` with its pages read into memory when the server starts.
struct LoadedRecording: Sendable {
    let normalizedQuery: String
    let feed: FeedReplayServer.FeedName
    /// `start` → the page's bytes.
    let pages: [Int: [UInt8]]
    /// The recorded page with no entries, served for a `start` with no file.
    let emptyPage: [UInt8]?
    /// The `start` of the `last` link of the recorded pages.
    let lastStart: Int

    /// Reads every `page-*-start-<start>.xml` of the recording's directory.
    /// - Throws: ``FeedReplayError/noRecordedPages(directory:)`` or the file system's error.
    init(_ recording: RecordedQuery) throws {
        normalizedQuery = FormEncoding.normalizedWhitespace(recording.query)
        feed = recording.feed
        let names = try FileManager.default.contentsOfDirectory(atPath: recording.directory.path)
        var pages: [Int: [UInt8]] = [:]
        var emptyPage: [UInt8]?
        var lastStart: Int?
        for name in names.sorted() {
            guard let match = name.wholeMatch(of: /page-\d+-start-(\d+)\.xml/), let start = Int(match.output.1) else {
                continue
            }
            let bytes = Array(try Data(contentsOf: recording.directory.appendingPathComponent(name)))
            let text = String(decoding: bytes, as: UTF8.self)
            if let last = text.firstMatch(of: /rel="last"[^>]*href="[^"]*[?&;]start=(\d+)"/) {
                lastStart = Int(last.output.1)
            }
            if !text.contains("<entry") {
                emptyPage = bytes
            } else {
                pages[start] = bytes
            }
        }
        guard !pages.isEmpty || emptyPage != nil else {
            throw FeedReplayError.noRecordedPages(directory: recording.directory.path)
        }
        self.pages = pages
        self.emptyPage = emptyPage
        // A single-page recording has no `last` link: its only page is the last.
        self.lastStart = lastStart ?? pages.keys.max() ?? 0
    }

    /// Whether a request's decoded `q` is this recording's query.
    func answers(_ query: String, feed: FeedReplayServer.FeedName) -> Bool {
        feed == self.feed && FormEncoding.normalizedWhitespace(query) == normalizedQuery
    }

    /// The bytes to serve at `start`.
    func page(start: Int, query: String, origin: String) -> [UInt8] {
        if let page = pages[start] { return page }
        if let emptyPage { return emptyPage }
        return Array(
            FeedPage.render(
                query: query, feed: feed, start: start, lastStart: lastStart, hasNext: false, entries: [],
                origin: origin
            ).utf8)
    }
}
