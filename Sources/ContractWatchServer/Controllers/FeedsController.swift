import ContractWatchCore
import FPDS
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Atom feeds of events: everything, a watchlist's, a contract's, a vendor's. Feed readers and
/// newsrooms' tools poll these; entry ids are the stable event ids, so nothing is announced twice.
struct FeedsController {
    let store: any RecordStore
    /// `serve --public-url`: where links point. Without it, the address the connection arrived at;
    /// never the request's `Host`, which the client chooses (a forged one would put its links in
    /// the feed).
    let publicURL: String?

    /// How many entries a feed holds: the newest, by detection.
    static let pageSize = 100

    func register(on router: Router<AppRequestContext>) {
        let feeds = router.group("feeds")
        feeds.get("events.atom") { request, context in
            try await feed(
                title: "ContractWatch: all events", path: "/feeds/events.atom", request: request, context: context
            ) { _ in }
        }
        feeds.get("watchlists/:file") { request, context in
            let name = try Self.stem(context.parameters.decoded("file"))
            guard try await store.hasWatchlist(named: name) else {
                throw HTTPError(.notFound, message: "There is no watchlist '\(name)'.")
            }
            return try await feed(
                title: "ContractWatch: watchlist \(name)",
                path: "/feeds/watchlists/\(PagesController.path(name)).atom", request: request, context: context
            ) { $0.watchlist = name }
        }
        feeds.get("contracts/:agencyID/:file") { request, context in
            let agencyID = try context.parameters.decoded("agencyID")
            let piid = try Self.stem(context.parameters.decoded("file"))
            return try await feed(
                title: "ContractWatch: contract \(agencyID) \(piid)",
                path: "/feeds/contracts/\(PagesController.path(agencyID))/\(PagesController.path(piid)).atom",
                request: request, context: context
            ) { $0.contract = (agencyID, piid) }
        }
        feeds.get("vendors/:file") { request, context in
            let uei = try Self.stem(context.parameters.decoded("file"))
            return try await feed(
                title: "ContractWatch: vendor \(uei)", path: "/feeds/vendors/\(PagesController.path(uei)).atom",
                request: request, context: context
            ) { $0.vendorUEI = uei }
        }
    }

    /// `NAME.atom` → `NAME`; other extensions are 404.
    static func stem(_ file: String) throws -> String {
        guard file.hasSuffix(".atom"), file.count > 5 else {
            throw HTTPError(.notFound, message: "Feeds end in .atom.")
        }
        return String(file.dropLast(5))
    }

    /// The scheme, host and port links start with: `publicURL`, else the local address of the
    /// connection (the bound address, or the interface a wildcard bind was reached on).
    static func base(publicURL: String?, localAddress: SocketAddress?) -> String {
        if var url = publicURL {
            while url.hasSuffix("/") { url.removeLast() }
            return url
        }
        guard let address = localAddress, let ip = address.ipAddress, let port = address.port else {
            return "http://127.0.0.1"
        }
        return ip.contains(":") ? "http://[\(ip)]:\(port)" : "http://\(ip):\(port)"
    }

    /// The filters a feed takes, as `/api/events` does: a reader subscribes to the stop-work
    /// lifts alone with `?type=stop_work_lifted` (repeatable).
    static let filterParameters = ["type", "since", "watchlist", "vendor", "agency", "minAmount"]

    /// A feed of the newest events its request's filters select, within the scope `scope` sets.
    private func feed(
        title: String, path: String, request: Request, context: AppRequestContext,
        scope: (inout EventQuery) -> Void
    ) async throws
        -> Response
    {
        let parameters = QueryParameters(request)
        try parameters.requireKnown(Self.filterParameters)
        var query = try APIController.eventQuery(parameters)
        if let name = query.watchlist, try await !store.hasWatchlist(named: name) {
            throw HTTPError(.notFound, message: "There is no watchlist '\(name)'.")
        }
        scope(&query)
        // The newest page by detection, read by the store's index.
        let events = try await store.newestEvents(query, limit: Self.pageSize)
        let base = Self.base(publicURL: publicURL, localAddress: context.localAddress)
        let filters = query.types.map(\.rawValue).sorted()
        let selfURL = base + path + (request.uri.query.map { "?" + $0 } ?? "")
        let feed = AtomFeed(
            title: filters.isEmpty ? title : title + " (" + filters.joined(separator: ", ") + ")",
            selfURL: selfURL, baseURL: base, events: events, citations: try await store.citations(for: events))
        return Self.conditionalResponse(feed.xml, lastModified: feed.updated, request: request)
    }

    /// The feed, or 304 Not Modified with no body when the reader's copy is current: by `ETag` (a
    /// digest of the feed, which changes with any entry), or, when the request names none, by
    /// `Last-Modified` (the newest entry's detection, to the second).
    ///
    /// Feed readers poll every few minutes; a 304 spares them and the server the whole document.
    static func conditionalResponse(_ xml: String, lastModified: Date?, request: Request) -> Response {
        let etag = "\"" + IngestPipeline.contentHash(of: Array(xml.utf8)).prefix(32) + "\""
        var headers: HTTPFields = [.eTag: etag]
        if let lastModified { headers[.lastModified] = HTTPDate.format(lastModified) }
        let notModified: Bool
        if let tags = request.headers[.ifNoneMatch] {
            // A list of tags, or `*`; a weak comparison, as RFC 9110 asks of If-None-Match.
            notModified = tags.split(separator: ",").contains {
                let tag = $0.trimmingCharacters(in: .whitespaces)
                return tag == "*" || (tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag) == etag
            }
        } else if let since = request.headers[.ifModifiedSince].flatMap(HTTPDate.parse), let lastModified {
            notModified = lastModified.timeIntervalSince(since) < 1
        } else {
            notModified = false
        }
        guard !notModified else { return Response(status: .notModified, headers: headers) }
        headers[.contentType] = "application/atom+xml; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: xml)))
    }
}

/// HTTP's date format (RFC 9110 IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`).
enum HTTPDate {
    private static let pattern = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"

    static func format(_ date: Date) -> String {
        formatter().string(from: date)
    }

    /// The date a header names; nil when it is not an IMF-fixdate.
    static func parse(_ text: String) -> Date? {
        formatter().date(from: text)
    }

    /// A new formatter each time: DateFormatter is not safe to share across requests' threads.
    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = pattern
        return formatter
    }
}

/// Events as an Atom 1.0 document (RFC 4287).
struct AtomFeed {
    let title: String
    let selfURL: String
    let baseURL: String
    let events: [ProcurementEvent]
    /// Each event's citation pack, by event id: written into its entry.
    var citations: [String: Citation] = [:]

    /// When the newest entry was detected; nil for an empty feed.
    var updated: Date? {
        events.compactMap(\.detectedAt).max().flatMap { try? Date($0, strategy: .iso8601) }
    }

    var xml: String {
        let updated = events.compactMap(\.detectedAt).max() ?? "1970-01-01T00:00:00Z"
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <title>\(HTML.escape(title))</title>
            <id>\(HTML.escape(selfURL))</id>
            <link rel="self" href="\(HTML.escape(selfURL))"/>
            <updated>\(updated)</updated>
            <author><name>ContractWatch</name></author>

            """
        for event in events {
            let contract = baseURL + PagesController.modificationHref(event.action)
            let matches = event.watchlistEntries.map {
                "Watchlist \($0.watchlist): \($0.entryName) (score \(FixedPoint.text($0.score, places: 2))"
                    + "\($0.historical ? ", found in history" : "")) — \(PagesController.explain($0))"
            }
            // The citation pack holds the evidence, with offsets; without one, the evidence alone.
            let cited = citations[event.id]?.lines ?? event.evidence.map(\.summary)
            let summary = (cited + matches).joined(separator: "\n")
            xml += """
                <entry>
                <id>urn:contractwatch:event:\(HTML.escape(event.id))</id>
                <title>\(HTML.escape(event.headline))</title>
                <link rel="alternate" type="text/html" href="\(HTML.escape(contract))"/>
                <updated>\(event.detectedAt ?? updated)</updated>
                <published>\(event.date.map { $0.dateString + "T00:00:00Z" } ?? updated)</published>
                <category term="\(event.type.rawValue)"/>
                <summary type="text">\(HTML.escape(summary))</summary>
                </entry>

                """
        }
        return xml + "</feed>\n"
    }
}
