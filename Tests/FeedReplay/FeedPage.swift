/// Renders ATOM pages in FPDS's exact shape, copied from the real pages in
/// `Samples/fpds/kenosa-atom-harvest` (e.g. `N0001915D0003__7dce87dd6b44/page-0001-start-10.xml`):
/// the same declaration, title with the query in CDATA, link order and spelling, empty `modified`
/// and `author`, two-space indentation and no newline after `</feed>`.
enum FeedPage {
    /// FPDS serves 10 entries a page, whatever the client asks.
    static let size = 10

    /// A page of `entries` (already cut to the page) for `query` at `start`.
    /// - Parameters:
    ///   - query: The query, shown in the title and the links.
    ///   - feed: Which feed the links name.
    ///   - start: The offset of the page's first entry.
    ///   - lastStart: The `start` of the last page with entries (0 when there are none).
    ///   - hasNext: Whether a `next` link is due (entries remain after this page).
    ///   - entries: The page's `<entry>` elements, as XML text.
    ///   - origin: `http://127.0.0.1:PORT`: where the links point (FPDS's pages say `https://www.fpds.gov`).
    /// - Returns: The page's XML text.
    static func render(
        query: String, feed: FeedReplayServer.FeedName, start: Int, lastStart: Int, hasNext: Bool,
        entries: [String], origin: String
    ) -> String {
        let encodedQuery = FormEncoding.encode(query)
        let feedLink = "\(origin)\(FeedReplayServer.feedPath)?s=FPDS&amp;FEEDNAME=\(feed.rawValue)&amp;VERSION=1.5.3"
        var page = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title>FPDS-NG search results for<![CDATA[: \(cdataSafe(query))]]></title>

            """
        func link(_ relation: String, _ href: String) {
            page += "  <link rel=\"\(relation)\" type=\"text/html\" href=\"\(href)\"></link>\n"
        }
        link(
            "alternate",
            "\(origin)/ezsearch/search.do?s=FPDS&amp;indexName=awardfull&amp;templateName=1.5.3&amp;q=\(encodedQuery)"
                + "&amp;start=\(start)")
        // Real pages: page 0 has `last` and `next` only when there is a second page; later pages
        // (and pages past the end) have `first`, `last` and `previous`, plus `next` unless last.
        if start == 0 {
            if hasNext {
                link("last", "\(feedLink)&amp;q=\(encodedQuery)&amp;start=\(lastStart)")
                link("next", "\(feedLink)&amp;q=\(encodedQuery)&amp;start=\(size)")
            }
        } else {
            link("first", "\(feedLink)&amp;q=\(encodedQuery)&amp;start=0")
            link("last", "\(feedLink)&amp;q=\(encodedQuery)&amp;start=\(lastStart)")
            link("previous", "\(feedLink)&amp;q=\(encodedQuery)&amp;start=\(max(0, start - size))")
            if hasNext { link("next", "\(feedLink)&amp;q=\(encodedQuery)&amp;start=\(start + size)") }
        }
        page += """
              <modified/>
              <author>
                <name/>
              </author>

            """
        for entry in entries {
            page += "  " + entry + "\n"
        }
        page += "</feed>"
        return page
    }

    /// The `start` of the last page of `total` entries.
    static func lastStart(total: Int) -> Int {
        total == 0 ? 0 : (total - 1) / size * size
    }

    /// `]]>` would end the CDATA section early: split it across two sections.
    private static func cdataSafe(_ text: String) -> String {
        text.replacing("]]>", with: "]]]]><![CDATA[>")
    }
}
