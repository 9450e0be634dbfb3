import ContractWatchCore
import FPDS
import Foundation
import Hummingbird

/// Atom feeds of events: everything, a watchlist's, a contract's, a vendor's. Feed readers and
/// newsrooms' tools poll these; entry ids are the stable event ids, so nothing is announced twice.
struct FeedsController {
    let store: any RecordStore

    func register(on router: Router<AppRequestContext>) {
        let feeds = router.group("feeds")
        feeds.get("events.atom") { request, _ in
            try await feed(
                title: "ContractWatch: all events", path: "/feeds/events.atom", request: request, EventQuery())
        }
        feeds.get("watchlists/:file") { request, context in
            let name = try Self.stem(context.parameters.require("file"))
            guard try await store.hasWatchlist(named: name) else {
                throw HTTPError(.notFound, message: "There is no watchlist '\(name)'.")
            }
            return try await feed(
                title: "ContractWatch: watchlist \(name)", path: "/feeds/watchlists/\(name).atom", request: request,
                EventQuery(watchlist: name))
        }
        feeds.get("contracts/:agencyID/:file") { request, context in
            let agencyID = try context.parameters.require("agencyID")
            let piid = try Self.stem(context.parameters.require("file"))
            return try await feed(
                title: "ContractWatch: contract \(agencyID) \(piid)", path: "/feeds/contracts/\(agencyID)/\(piid).atom",
                request: request, EventQuery(contract: (agencyID, piid)))
        }
        feeds.get("vendors/:file") { request, context in
            let uei = try Self.stem(context.parameters.require("file"))
            var query = EventQuery()
            query.vendorUEI = uei
            return try await feed(
                title: "ContractWatch: vendor \(uei)", path: "/feeds/vendors/\(uei).atom", request: request, query)
        }
    }

    /// `NAME.atom` → `NAME`; other extensions are 404.
    static func stem(_ file: String) throws -> String {
        guard file.hasSuffix(".atom"), file.count > 5 else {
            throw HTTPError(.notFound, message: "Feeds end in .atom.")
        }
        return String(file.dropLast(5))
    }

    private func feed(title: String, path: String, request: Request, _ query: EventQuery) async throws -> Response {
        // The newest 100 by detection, which is what a reader polls for.
        let events = try await store.events(query).sorted {
            ($0.detectedAt ?? "", $0.id) > ($1.detectedAt ?? "", $1.id)
        }.prefix(100)
        let base = "http://\(request.head.authority ?? "localhost")"
        return .text(
            AtomFeed(title: title, selfURL: base + path, baseURL: base, events: Array(events)).xml,
            contentType: "application/atom+xml; charset=utf-8")
    }
}

/// Events as an Atom 1.0 document (RFC 4287).
struct AtomFeed {
    let title: String
    let selfURL: String
    let baseURL: String
    let events: [ProcurementEvent]

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
            let contract =
                "\(baseURL)/contracts/\(PagesController.path(event.action.agencyID))/"
                + "\(PagesController.path(event.action.piid))#mod-\(event.action.modNumber)"
            let matches = event.watchlistEntries.map {
                "Watchlist \($0.watchlist): \($0.entryName) (score \(String(format: "%.2f", $0.score))"
                    + "\($0.historical ? ", found in history" : "")) — \(PagesController.explain($0))"
            }
            let summary = (event.evidence.map(\.summary) + matches).joined(separator: "\n")
            xml += """
                <entry>
                <id>urn:contractwatch:event:\(HTML.escape(event.id))</id>
                <title>\(HTML.escape("\(event.type.rawValue): \(event.action.agencyID) \(event.action.piid) mod \(event.action.modNumber)"))</title>
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
