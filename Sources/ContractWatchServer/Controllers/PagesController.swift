import ContractWatchCore
import FPDS
import Foundation
import Hummingbird
import Mustache

/// The HTML pages: search, contract timeline, vendor, events, watchlists. Server-rendered, no
/// scripts; every page links its Atom feed.
struct PagesController {
    let store: any RecordStore
    let library: MustacheLibrary

    init(store: any RecordStore) throws {
        self.store = store
        self.library = try Templates.library()
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/") { request, _ in try await page { try await search(request) } }
        router.get("contracts/:agencyID/:piid") { request, context in
            try await page {
                try await contract(
                    try context.parameters.decoded("agencyID"), try context.parameters.decoded("piid"),
                    QueryParameters(request))
            }
        }
        router.get("vendors/:uei") { _, context in
            try await page {
                let uei = try context.parameters.decoded("uei")
                guard let vendor = try await store.vendor(uei: uei) else {
                    throw HTTPError(.notFound, message: "No vendor with UEI \(uei) is stored.")
                }
                return vendorPage(vendor, feed: "/feeds/vendors/\(Self.path(uei)).atom")
            }
        }
        router.get("vendors/name/:name") { _, context in
            try await page {
                let name = try context.parameters.decoded("name")
                guard let vendor = try await store.vendor(normalizedName: name) else {
                    throw HTTPError(.notFound, message: "No vendor without a UEI is stored under the name \(name).")
                }
                return vendorPage(vendor, feed: nil)
            }
        }
        router.get("events") { request, _ in try await page { try await events(request) } }
        router.get("watchlists") { _, _ in try await page { try await watchlists() } }
        router.get("status") { _, _ in try await page { try await status() } }
        router.get("watchlists/:name") { _, context in
            try await page { try await watchlist(try context.parameters.decoded("name")) }
        }
        router.get("static/style.css") { _, _ in
            Response.text(Templates.stylesheet, contentType: "text/css; charset=utf-8")
        }
    }

    /// Renders `build`'s page, or the error as a page a person can read, with the right status.
    private func page(_ build: () async throws -> (template: String, data: [String: Any])) async throws -> Response {
        do {
            let (template, data) = try await build()
            return html(template, data)
        } catch let error as HTTPError {
            return html(
                "message", ["title": "\(error.status.code) \(error.status.reasonPhrase)", "message": error.body ?? ""],
                status: error.status)
        } catch let error as SearchSyntaxError {
            return html(
                "message", ["title": "That search cannot run", "message": error.description], status: .badRequest)
        }
    }

    /// The rendered page, with any character a page may not hold (a control character stored
    /// before the parsers neutralised free text, or in a key) replaced: Mustache escapes markup,
    /// not controls.
    private func html(_ template: String, _ data: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        .text(
            InputText.neutralised(library.render(PageData.withoutMissingValues(data), withTemplate: template) ?? ""),
            contentType: "text/html; charset=utf-8", status: status)
    }

    // MARK: - Pages

    private func search(_ request: Request) async throws -> (String, [String: Any]) {
        let parameters = QueryParameters(request).droppingEmpty()
        let searched = !parameters.values.isEmpty
        var data: [String: Any] = [
            "title": "Search", "feed": "/feeds/events.atom", "feedTitle": "ContractWatch: all events",
            "query": parameters.values, "searched": searched,
            "eventTypes": Self.eventTypes(selected: parameters["type"]),
        ]
        guard searched else { return ("search", data) }
        let query = try APIController.searchQuery(parameters)
        let page = try await store.search(query)
        data["title"] = "Search: \(parameters["q"] ?? "filters")"
        data["resultLabel"] =
            page.actions.isEmpty
            ? "No actions match." : "\(page.actions.count) actions\(page.nextCursor == nil ? "" : ", newest first")"
        data["results"] = page.actions.map { stored -> [String: Any] in
            let action = stored.action
            return [
                "signed": action.signedDate?.dateString ?? "", "agencyID": action.key.agencyID, "piid": action.key.piid,
                "contractHref": Self.contractHref(action.key), "modHref": Self.modificationHref(action.key),
                "mod": action.key.modNumber,
                "vendor": action.vendorName ?? "", "agency": action.contractingAgency?.label as Any,
                "vendorHref": Self.vendorHref(uei: action.vendorUEI, name: action.vendorName) as Any,
                "amount": action.obligatedAmount.map { Self.money($0) } ?? "",
                "description": String((action.description ?? "").prefix(240)), "deleted": action.isDeleted,
            ]
        }
        data["facetTotal"] = page.facetTotal
        data["facetCapped"] = page.facetTotal >= SearchPage.facetWindow
        let facetNames = [("agency", "Agency", "agency"), ("eventType", "Event", "type"), ("year", "Year signed", nil)]
        data["facets"] = facetNames.compactMap { key, name, parameter -> [String: Any]? in
            guard let counts = page.facets[key], !counts.isEmpty else { return nil }
            return [
                "name": name,
                "values": counts.map { count -> [String: Any] in
                    var link = parameters.values
                    if let parameter {
                        link[parameter] = count.value
                    } else {
                        link["from"] = "\(count.value)-01-01"
                        link["to"] = "\(Int(count.value).map { $0 + 1 } ?? 0)-01-01"
                    }
                    link["cursor"] = nil
                    return [
                        "label": count.label.map { "\($0) (\(count.value))" } ?? count.value, "count": count.count,
                        "href": Self.href("/", link),
                    ]
                },
            ]
        }
        if let next = page.nextCursor {
            var link = parameters.values
            link["cursor"] = next.token
            data["next"] = Self.href("/", link)
        }
        return ("search", data)
    }

    /// A contract's page: the whole contract in its summary, chart and stop-work table, and one
    /// ``ModificationWindow`` of its modifications (`?page=N`, or the page holding `?mod=`).
    private func contract(
        _ agencyID: String, _ piid: String, _ parameters: QueryParameters
    ) async throws -> (
        String, [String: Any]
    ) {
        guard
            let records = try await store.contractWindow(
                agencyID: agencyID, piid: piid,
                window: { outline in try Self.modificationWindow(of: outline, parameters).positions })
        else {
            throw HTTPError(.notFound, message: "No contract with agency \(agencyID) and PIID \(piid) is stored.")
        }
        let contract = ContractView(records)
        let (outline, histories, events, timeline) = (
            contract.outline, contract.histories, contract.events, contract.timeline
        )
        let (first, latest) = (outline[0].action, outline[outline.count - 1].action)
        // The page that holds the window's newest position is the window the read was asked for.
        let window = ModificationWindow(count: outline.count, holding: contract.window.upperBound - 1)
        let eventsByAction = Dictionary(grouping: events, by: \.action)
        let matches = Self.contractMatches(events)
        let sourceLinks = Citation.sourceLinks(of: outline).map { ["label": $0.label, "url": $0.url] }
        return (
            "contract",
            [
                "title": "\(agencyID) \(piid)", "agencyID": agencyID, "piid": piid,
                "hasMatches": !matches.isEmpty, "watchlistMatches": matches,
                "feed": "/feeds/contracts/\(Self.path(agencyID))/\(Self.path(piid)).atom",
                "feedTitle": "ContractWatch: \(agencyID) \(piid)", "state": timeline.state.rawValue,
                "summary": timeline.narrative, "vendor": latest.vendorName ?? "not reported",
                "vendorHref": Self.vendorHref(uei: latest.vendorUEI, name: latest.vendorName) as Any,
                "agency": first.contractingAgency?.label ?? "not reported",
                "completion": timeline.completionDate?.dateString as Any,
                "chart": TimelineChart(timeline: timeline).svg,
                "hasSourceLinks": !sourceLinks.isEmpty, "sourceLinks": sourceLinks,
                "hasSuspensions": !timeline.suspensions.isEmpty,
                "suspensions": timeline.suspensions.map { suspension -> [String: Any] in
                    [
                        "issued": suspension.issued?.dateString ?? "", "issuedBy": suspension.issuedBy.modNumber,
                        "cause": suspension.cause.rawValue,
                        "ended": suspension.ended?.dateString ?? "not lifted",
                        "endedBy": suspension.endedBy?.modNumber ?? "",
                        "endedAs": suspension.endedAs.map {
                            suspension.isInferred ? "resumed (inferred): \($0.rawValue)" : $0.rawValue
                        } as Any,
                        "days": suspension.days.map(String.init) ?? "", "unresolved": suspension.isUnresolved,
                    ]
                },
                "modPages": Self.modificationPages(window, count: outline.count, agencyID: agencyID, piid: piid) as Any,
                "firstListed": window.positions.lowerBound + 1,
                "mods": contract.actions.map { stored -> [String: Any] in
                    let action = stored.action
                    var mod: [String: Any] = [
                        "mod": action.key.modNumber, "signed": action.signedDate?.dateString ?? "",
                        "reason": action.reasonForModification.map { "\($0.code) \($0.description ?? "")" }
                            ?? action.contractActionType?.description ?? "base record",
                        "amount": action.obligatedAmount.map { Self.money($0) } ?? "",
                        "description": action.description as Any,
                        "events": (eventsByAction[action.key] ?? []).map {
                            Self.eventData($0, linkContract: false, withMatches: false)
                        },
                        "sourceURL": stored.sourceURL as Any,
                        "sourceLabel": stored.format?.label ?? "Source",
                    ]
                    if let history = histories[action.key] {
                        mod["history"] = Self.historyData(history, agencyID: agencyID, piid: piid)
                    }
                    // Set only when deleted: Mustache treats an optional dictionary in `Any` as a
                    // section to render even when it is nil.
                    if let deletion = action.deletion {
                        var note: [String: Any] = ["seen": stored.firstSeen, "seenIn": deletion.seenIn]
                        // A feed URL is linked; a file path on the server is nobody's business.
                        if let source = stored.source, source.hasPrefix("https://") { note["deletionFeed"] = source }
                        mod["deletion"] = note
                    }
                    return mod
                },
            ]
        )
    }

    /// The window of `actions` that `?page=` or `?mod=` asks for; the newest without either.
    /// - Throws: A 400 for a page that is not one of the contract's, a 404 for a modification it
    ///   does not hold.
    private static func modificationWindow(
        of actions: [StoredAction], _ parameters: QueryParameters
    ) throws -> ModificationWindow {
        if let mod = parameters["mod"] {
            guard let position = actions.firstIndex(where: { $0.action.key.modNumber == mod }) else {
                throw HTTPError(.notFound, message: "This contract has no modification \(mod).")
            }
            return ModificationWindow(count: actions.count, holding: position)
        }
        let requested = parameters["page"]
        guard let window = ModificationWindow(count: actions.count, page: requested.map { Int($0) ?? 0 } ?? 1)
        else {
            let pages = ModificationWindow.pages(count: actions.count)
            throw HTTPError(
                .badRequest, message: "'page' must be a whole number from 1 to \(pages), not '\(requested ?? "")'.")
        }
        return window
    }

    /// The words and links around a window of modifications; nil when one page holds them all.
    private static func modificationPages(
        _ window: ModificationWindow, count: Int, agencyID: String, piid: String
    ) -> [String: Any]? {
        guard window.pages > 1 else { return nil }
        let contract = "/contracts/\(path(agencyID))/\(path(piid))"
        return [
            "first": window.positions.lowerBound + 1, "last": window.positions.upperBound, "count": count,
            "page": window.page, "pages": window.pages,
            "earlier": window.earlier.map { href(contract, ["page": String($0)]) } as Any,
            "later": window.later.map { href(contract, ["page": String($0)]) } as Any,
        ]
    }

    /// An action's versions for the contract page: "as first reported" beside "as corrected",
    /// and each version with its hash, when it was seen, its source, what it changed and a link
    /// to its raw document.
    private static func historyData(_ history: VersionHistory, agencyID: String, piid: String) -> [String: Any] {
        let cited = history.cited?.contentHash
        return [
            "corrected": !history.corrections.isEmpty,
            "corrections": history.corrections.map { ["field": $0.field, "from": $0.from ?? "—", "to": $0.to ?? "—"] },
            "versions": history.diffs.map { version, changes -> [String: Any] in
                [
                    "hash": version.contentHash, "firstSeen": version.firstSeen, "lastSeen": version.lastSeen,
                    "source": version.format?.label ?? "unknown source",
                    "modified": version.action.lastModifiedDate?.description ?? "",
                    "current": version.isCurrent, "cited": version.contentHash == cited,
                    "deleted": version.action.isDeleted,
                    "raw": "/api/contracts/\(path(agencyID))/\(path(piid))/versions/\(version.contentHash)",
                    "changed": !changes.isEmpty,
                    "changes": changes.map { "\($0.field): \($0.from ?? "—") → \($0.to ?? "—")" },
                ]
            },
        ]
    }

    /// A vendor's page: by UEI, or, for a vendor its records name without one, by normalised name
    /// (no feed: feeds follow a UEI).
    private func vendorPage(_ vendor: VendorProfile, feed: String?) -> (String, [String: Any]) {
        let name = vendor.name ?? vendor.uei
        return (
            "vendor",
            [
                "title": name, "name": name, "uei": (vendor.uei.isEmpty ? nil : vendor.uei) as Any, "feed": feed as Any,
                "feedTitle": "ContractWatch: \(name)", "cage": vendor.cageCode as Any, "duns": vendor.duns as Any,
                "country": vendor.country as Any,
                "parent": [vendor.ultimateParentName, vendor.ultimateParentUEI.map { "(\($0))" }].compactMap { $0 }
                    .joined(separator: " "),
                "names": vendor.names.joined(separator: "; "), "actions": vendor.actionCount,
                "contracts": vendor.contractCount, "firstSeen": vendor.firstSeen, "lastSeen": vendor.lastSeen,
                "contractRows": vendor.contracts.map { contract -> [String: Any] in
                    [
                        "agencyID": contract.agencyID, "piid": contract.piid,
                        "href": "/contracts/\(Self.path(contract.agencyID))/\(Self.path(contract.piid))",
                        "lastSigned": String((contract.lastSigned ?? "").prefix(10)), "actions": contract.actions,
                    ]
                },
            ]
        )
    }

    private func events(_ request: Request) async throws -> (String, [String: Any]) {
        let parameters = QueryParameters(request).droppingEmpty()
        var query = try APIController.eventQuery(parameters)
        query.limit = min(query.limit ?? 100, 200)
        let feed =
            query.watchlist.map { "/feeds/watchlists/\(Self.path($0)).atom" } ?? "/feeds/events.atom"
        if let name = query.watchlist, try await !store.hasWatchlist(named: name) {
            throw HTTPError(.notFound, message: "There is no watchlist '\(name)'.")
        }
        let page = try await store.eventPage(query, after: try parameters.cursor(EventCursor.init(token:)))
        var data: [String: Any] = [
            "title": "Events", "heading": query.watchlist.map { "Events on watchlist \($0)" } ?? "Events",
            "feed": Self.href(feed, parameters.values.filter { FeedsController.filterParameters.contains($0.key) }),
            "feedTitle": "ContractWatch events", "query": parameters.values,
            "eventTypes": Self.eventTypes(selected: parameters["type"]),
            "events": page.events.map { Self.eventData($0, linkContract: true) },
        ]
        if let next = page.nextCursor {
            var link = parameters.values
            link["cursor"] = next.token
            data["next"] = Self.href("/events", link)
        }
        return ("events", data)
    }

    private func status() async throws -> (String, [String: Any]) {
        let status = try await ServiceStatus.read(from: store, runs: 20, latencyDays: [7, 30])
        func latency(_ days: Int, _ summary: DetectionLatencySummary) -> [String: Any] {
            [
                "period": "\(days) days", "events": summary.events, "measured": summary.measured,
                "median": ServiceStatus.duration(summary.medianSeconds),
                "p90": ServiceStatus.duration(summary.p90Seconds), "max": ServiceStatus.duration(summary.maxSeconds),
            ]
        }
        return (
            "status",
            [
                "title": "Status", "feed": "/feeds/events.atom", "feedTitle": "All events", "health": status.health,
                "actions": status.statistics.actions, "versions": status.statistics.versions,
                "contracts": status.statistics.contracts, "hasRuns": !status.runs.isEmpty,
                "latency": status.latency.map { latency($0.days, $0.summary) },
                "runs": status.runs.map { run -> [String: Any] in
                    [
                        "startedAt": run.startedAt, "finishedAt": run.finishedAt ?? "—", "source": run.source,
                        "query": run.query, "outcome": run.finishedAt == nil ? "running or interrupted" : run.outcome,
                        "failed": run.outcome == "failed", "windows": run.windows, "pages": run.pages,
                        "newActions": run.newActions, "newVersions": run.newVersions, "rejected": run.rejected,
                        "message": run.message ?? "",
                    ]
                },
            ]
        )
    }

    private func watchlists() async throws -> (String, [String: Any]) {
        (
            "watchlist",
            [
                "title": "Watchlists", "heading": "Watchlists", "feed": "/feeds/events.atom", "feedTitle": "All events",
                "lists": try await store.watchlistSummaries().map { list -> [String: Any] in
                    ["name": list.name, "entries": list.entries, "matches": list.matches, "builtin": list.isBuiltIn]
                },
            ]
        )
    }

    private func watchlist(_ name: String) async throws -> (String, [String: Any]) {
        guard let list = try await store.watchlist(named: name) else {
            throw HTTPError(.notFound, message: "There is no watchlist '\(name)'.")
        }
        let matches = try await store.matches(inWatchlist: name)
        return (
            "watchlist",
            [
                "title": "Watchlist \(name)", "heading": "Watchlist \(name)", "description": list.description as Any,
                "feed": "/feeds/watchlists/\(Self.path(name)).atom", "feedTitle": "ContractWatch: \(name)",
                "entries": list.entries.map { entry -> [String: Any] in
                    var byVendor: [String: (vendor: String, count: Int, match: WatchlistMatch)] = [:]
                    for found in matches where found.match.entryID == entry.id {
                        let key = found.match.vendorKey
                        byVendor[key] = (found.vendorName ?? key, (byVendor[key]?.count ?? 0) + 1, found.match)
                    }
                    return [
                        "id": entry.id, "name": entry.name, "kind": entry.kind.rawValue,
                        "reasons": entry.reasons.map { ["text": $0.text, "citation": $0.citation as Any] },
                        "relations": entry.relations.map {
                            [
                                "type": $0.type.rawValue, "name": $0.name, "date": $0.date as Any,
                                "citation": $0.citation,
                            ]
                        },
                        "matched": byVendor.sorted { $0.key < $1.key }.map { key, value -> [String: Any] in
                            [
                                "vendor": value.vendor, "vendorKey": key, "count": value.count,
                                "score": FixedPoint.text(value.match.score, places: 2),
                                "explanation": Self.explain(value.match),
                            ]
                        },
                    ]
                },
            ]
        )
    }

    // MARK: - Helpers

    /// A contract's watchlist matches, once each (a list's entry against a vendor), with its
    /// explanation and the modifications whose actions matched, in the order first seen: the
    /// contract page shows them once, not under every event.
    static func contractMatches(_ events: [ProcurementEvent]) -> [[String: Any]] {
        var order: [String] = []
        var found: [String: (match: WatchlistMatch, mods: [String])] = [:]
        for event in events {
            for match in event.watchlistEntries {
                let key = [match.watchlist, match.entryID, match.vendorKey].joined(separator: "\u{1F}")
                if found[key] == nil { order.append(key) }
                var entry = found[key] ?? (match, [])
                if !entry.mods.contains(event.action.modNumber) { entry.mods.append(event.action.modNumber) }
                found[key] = entry
            }
        }
        return order.compactMap { found[$0] }.map { match, mods in
            matchData(match).merging(["mods": mods.joined(separator: ", ")]) { $1 }
        }
    }

    static func matchData(_ match: WatchlistMatch) -> [String: Any] {
        [
            "watchlist": match.watchlist, "entryName": match.entryName,
            "score": FixedPoint.text(match.score, places: 2), "historical": match.historical,
            "explanation": explain(match),
        ]
    }

    static func eventData(_ event: ProcurementEvent, linkContract: Bool, withMatches: Bool = true) -> [String: Any] {
        [
            "type": event.type.rawValue, "date": event.date?.dateString ?? "", "agencyID": event.action.agencyID,
            "piid": event.action.piid, "mod": event.action.modNumber,
            "contractHref": linkContract ? modificationHref(event.action) : NSNull(),
            "confidence": FixedPoint.text(event.confidence, places: 2),
            "vendor": event.parties?.vendorName as Any,
            "vendorHref": vendorHref(uei: event.parties?.vendorUEI, name: event.parties?.vendorName) as Any,
            "agency": event.parties?.agencyLabel as Any,
            "amount": event.amount.map { money($0) } as Any,
            "evidence": event.evidence.map(\.summary),
            "matches": withMatches ? event.watchlistEntries.map(matchData) : [],
        ]
    }

    /// The features that moved the score, in words.
    static func explain(_ match: WatchlistMatch) -> String {
        match.features.map { "\($0.rule): \($0.detail)" }.joined(separator: "; ")
    }

    static func eventTypes(selected: String?) -> [[String: Any]] {
        EventType.allCases.map { ["value": $0.rawValue, "selected": $0.rawValue == selected] }
    }

    /// A vendor's page: by UEI, else by normalised name; nil for a record that names neither.
    static func vendorHref(uei: String?, name: String?) -> String? {
        if let uei, !uei.isEmpty { return "/vendors/\(path(uei))" }
        let normalized = OrganisationName(name ?? "").normalized
        return normalized.isEmpty ? nil : "/vendors/name/\(path(normalized))"
    }

    static func contractHref(_ key: ActionKey) -> String {
        "/contracts/\(path(key.agencyID))/\(path(key.piid))"
    }

    /// The modification on its contract's page: the page that lists it (``ModificationWindow``),
    /// scrolled to it.
    static func modificationHref(_ key: ActionKey) -> String {
        "\(contractHref(key))?mod=\(path(key.modNumber))#mod-\(path(key.modNumber))"
    }

    /// A path segment, percent-encoded.
    static func path(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? segment
    }

    /// A URL with query parameters, percent-encoded, in a stable order.
    static func href(_ path: String, _ parameters: [String: String]) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let query = parameters.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map {
            "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }
        return query.isEmpty ? path : path + "?" + query.joined(separator: "&")
    }

    static func money(_ amount: FPDSAmount) -> String {
        TimelineChart.money(amount.decimal, cents: true)
    }
}
