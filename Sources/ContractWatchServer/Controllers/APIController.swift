import ContractWatchCore
import FPDS
import Foundation
import Hummingbird
import NIOCore

/// The JSON API of `DESIGN.md`: search, contracts, events, vendors, watchlists and judgements.
/// Reads are open; writes need `Authorization: Bearer TOKEN` (`contractwatch token create`).
struct APIController {
    let store: any RecordStore
    /// The one body limit (`ServerConfiguration.maxRequestBytes`): bodies are collected up to it.
    let maxRequestBytes: Int
    let webhookTargets: WebhookTargetPolicy
    /// Whether writes are refused: the store is a replica, or the server's role may only read.
    var readOnly = false

    func register(on router: Router<AppRequestContext>) {
        let api = router.group("api")
        api.get("search", use: search)
        api.get("search.csv", use: exportCSV)
        api.get("contracts/:agencyID/:piid", use: contract)
        api.get("contracts/:agencyID/:piid/versions/:hash", use: rawVersion)
        api.get("events", use: events)
        api.get("vendors/:uei", use: vendor)
        api.get("watchlists", use: watchlists)
        api.get("watchlists/:name", use: watchlist)
        api.put("watchlists/:name", use: writing(saveWatchlist))
        api.delete("watchlists/:name", use: writing(removeWatchlist))
        api.post("watchlists/:name/disable", use: writing(disableWatchlist))
        api.post("watchlists/:name/enable", use: writing(enableWatchlist))
        api.post("watchlists/:name/judgements", use: writing(judge))
        api.get("alerts", use: alerts)
        api.get("alerts/:id", use: alert)
        api.get("webhooks", use: webhooks)
        api.post("webhooks", use: writing(subscribe))
        api.delete("webhooks/:id", use: writing(unsubscribe))
    }

    /// `handler`, or on a read-only server a 405 that says where writes go.
    private func writing(
        _ handler: @escaping @Sendable (Request, AppRequestContext) async throws -> Response
    ) -> @Sendable (Request, AppRequestContext) async throws -> Response {
        guard readOnly else { return handler }
        return { _, _ in
            throw HTTPError(
                .methodNotAllowed, headers: [.allow: "GET, HEAD"],
                message: "This server serves the store read-only; send writes to the server that ingests.")
        }
    }

    // MARK: - Reads

    static let searchParameters = [
        "q", "agency", "office", "vendor", "psc", "naics", "from", "to", "minAmount", "maxAmount", "type", "watchlist",
        "sort", "limit", "cursor",
    ]

    /// Reads a search from query parameters, with a 400 for each thing that cannot be used.
    static func searchQuery(_ parameters: QueryParameters) throws -> SearchQuery {
        try parameters.requireKnown(searchParameters)
        var query = SearchQuery()
        if let text = parameters["q"] {
            guard text.count <= 500 else { throw HTTPError(.badRequest, message: "'q' is over 500 characters.") }
            if !text.allSatisfy(\.isWhitespace) { query.terms = try SearchExpression(parsing: text) }
        }
        query.agency = parameters["agency"]
        query.office = parameters["office"]
        query.vendor = parameters["vendor"]
        query.productOrServiceCode = parameters["psc"]
        query.naicsCode = parameters["naics"]
        query.from = try date(parameters, "from")
        query.to = try date(parameters, "to")
        query.minAmount = try number(parameters, "minAmount")
        query.maxAmount = try number(parameters, "maxAmount")
        if let type = parameters["type"] {
            guard let eventType = EventType(rawValue: type) else {
                throw HTTPError(
                    .badRequest, message: "'type' must be an event type such as stop_work_lifted, not '\(type)'.")
            }
            query.eventType = eventType
        }
        query.watchlist = parameters["watchlist"]
        if let sort = parameters["sort"] {
            guard let order = SearchOrder(rawValue: sort) else {
                throw HTTPError(.badRequest, message: "'sort' must be newest or oldest, not '\(sort)'.")
            }
            query.order = order
        }
        if let limit = try parameters.limit(maximum: 200) { query.limit = limit }
        if let cursor = try parameters.cursor(SearchCursor.init(token:)) { query.after = cursor }
        return query
    }

    static func date(_ parameters: QueryParameters, _ name: String) throws -> FPDSDateTime? {
        guard let text = parameters[name] else { return nil }
        guard text.count == 10, let date = FPDSDateTime(fpds: text) else {
            throw HTTPError(.badRequest, message: "'\(name)' must be a date as YYYY-MM-DD, not '\(text)'.")
        }
        return date
    }

    static func number(_ parameters: QueryParameters, _ name: String) throws -> Double? {
        guard let text = parameters[name] else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw HTTPError(.badRequest, message: "'\(name)' must be a number, not '\(text)'.")
        }
        return value
    }

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await store.search(try Self.searchQuery(QueryParameters(request)))
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("actions")
        writer.beginArray()
        for action in page.actions { action.writeJSON(to: &writer) }
        writer.endArray()
        writer.key("facets")
        writer.beginObject()
        for (name, counts) in page.facets.sorted(by: { $0.key < $1.key }) {
            writer.key(name)
            writer.beginArray()
            for count in counts {
                writer.beginObject()
                writer.member("value", count.value)
                writer.member("label", count.label)
                writer.member("count", number: String(count.count))
                writer.endObject()
            }
            writer.endArray()
        }
        writer.endObject()
        writer.member("facetTotal", number: String(page.facetTotal))
        writer.member("nextCursor", page.nextCursor?.token)
        writer.endObject()
        return .json(writer.output)
    }

    /// Every matching action as CSV (the columns of `export --format csv`), streamed page by page
    /// so that a large result never sits in memory. `limit` and `cursor` do not apply.
    @Sendable func exportCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        var query = try Self.searchQuery(QueryParameters(request))
        query.limit = 200
        query.after = nil
        query.withFacets = false
        // The first page runs before the response starts, so bad syntax is still a clean 400.
        let first = try await store.search(query)
        let store = self.store
        let filters = query
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: CSV.exportHeader + "\r\n"))
            var page = first
            var next = filters
            while true {
                let rows = page.actions.map { $0.csvRow + "\r\n" }.joined()
                if !rows.isEmpty { try await writer.write(ByteBuffer(string: rows)) }
                guard let cursor = page.nextCursor else { break }
                next.after = cursor
                page = try await store.search(next)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"actions.csv\"",
            ],
            body: body)
    }

    /// Actions per page of a contract when `limit` is not given: nearly every contract fits one.
    static let contractPageSize = 100

    /// A contract: its whole timeline, and one page of its actions (`limit`, `cursor`) with their
    /// obligations, events and versions.
    @Sendable func contract(_ request: Request, context: AppRequestContext) async throws -> Response {
        let agencyID = try context.parameters.decoded("agencyID")
        let piid = try context.parameters.decoded("piid")
        let parameters = QueryParameters(request)
        try parameters.requireKnown(["limit", "cursor"])
        let limit = try parameters.limit(maximum: 1000) ?? Self.contractPageSize
        let cursor = try parameters.cursor(ContractCursor.init(token:))
        guard
            let records = try await store.contractWindow(
                agencyID: agencyID, piid: piid,
                window: { outline in
                    guard let page = ContractCursor.page(cursor, limit: limit, in: outline) else {
                        throw HTTPError(.badRequest, message: "'cursor' is not one of this contract's.")
                    }
                    return page
                })
        else {
            throw HTTPError(.notFound, message: "No contract with agency \(agencyID) and PIID \(piid) is stored.")
        }
        return .json(ContractView(records).json)
    }

    /// The source document of one version of one of the contract's actions, byte for byte as
    /// ContractWatch read it (FPDS XML, SAM.gov JSON or a USAspending CSV row), by content hash.
    @Sendable func rawVersion(_ request: Request, context: AppRequestContext) async throws -> Response {
        let agencyID = try context.parameters.decoded("agencyID")
        let piid = try context.parameters.decoded("piid")
        let hash = try context.parameters.decoded("hash")
        guard let document = try await store.rawDocument(agencyID: agencyID, piid: piid, contentHash: hash) else {
            throw HTTPError(
                .notFound, message: "No version \(hash) of an action of agency \(agencyID) and PIID \(piid) is stored.")
        }
        return Response(
            status: .ok,
            headers: [.contentType: document.format?.mediaType ?? "application/octet-stream"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: document.text)))
    }

    /// The filters of `/api/events`, the events page and the feeds, and the page's size and cursor.
    static let eventParameters = ["since", "type", "watchlist", "vendor", "agency", "minAmount", "limit", "cursor"]

    static func eventQuery(_ parameters: QueryParameters) throws -> EventQuery {
        try parameters.requireKnown(eventParameters)
        var types: Set<EventType> = []
        for type in parameters.all("type") {
            guard let eventType = EventType(rawValue: type) else {
                throw HTTPError(
                    .badRequest, message: "'type' must be an event type such as stop_work_lifted, not '\(type)'.")
            }
            types.insert(eventType)
        }
        var query = EventQuery(
            since: try date(parameters, "since"), types: types, watchlist: parameters["watchlist"],
            limit: try parameters.limit(maximum: 5000) ?? 500)
        query.vendorUEI = parameters["vendor"]
        query.agency = parameters["agency"]
        query.minimumAmount = try number(parameters, "minAmount")
        return query
    }

    @Sendable func events(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = QueryParameters(request)
        let query = try Self.eventQuery(parameters)
        if let name = query.watchlist, try await !store.hasWatchlist(named: name) {
            throw HTTPError(.notFound, message: "There is no watchlist '\(name)'.")
        }
        let page = try await store.eventPage(query, after: try parameters.cursor(EventCursor.init(token:)))
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("events")
        writer.beginArray()
        for event in page.events { event.writeJSON(to: &writer) }
        writer.endArray()
        writer.member("nextCursor", page.nextCursor?.token)
        writer.endObject()
        return .json(writer.output)
    }

    @Sendable func vendor(_ request: Request, context: AppRequestContext) async throws -> Response {
        let uei = try context.parameters.decoded("uei")
        guard let vendor = try await store.vendor(uei: uei) else {
            throw HTTPError(.notFound, message: "No vendor with UEI \(uei) is stored.")
        }
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("uei", vendor.uei)
        writer.member("name", vendor.name)
        writer.key("names")
        writer.beginArray()
        for name in vendor.names { writer.string(name) }
        writer.endArray()
        writer.member("cageCode", vendor.cageCode)
        writer.member("duns", vendor.duns)
        writer.member("country", vendor.country)
        writer.member("ultimateParentUEI", vendor.ultimateParentUEI)
        writer.member("ultimateParentName", vendor.ultimateParentName)
        writer.member("firstSeen", vendor.firstSeen)
        writer.member("lastSeen", vendor.lastSeen)
        writer.member("actionCount", number: String(vendor.actionCount))
        writer.member("contractCount", number: String(vendor.contractCount))
        writer.key("contracts")
        writer.beginArray()
        for contract in vendor.contracts {
            writer.beginObject()
            writer.member("agencyID", contract.agencyID)
            writer.member("piid", contract.piid)
            writer.member("lastSigned", contract.lastSigned)
            writer.member("actions", number: String(contract.actions))
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return .json(writer.output)
    }

    @Sendable func watchlists(_ request: Request, context: AppRequestContext) async throws -> Response {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("watchlists")
        writer.beginArray()
        for list in try await store.watchlistSummaries() {
            writer.beginObject()
            writer.member("name", list.name)
            writer.member("description", list.description)
            writer.member("builtin", list.isBuiltIn)
            writer.member("enabled", list.isEnabled)
            writer.member("entries", number: String(list.entries))
            writer.member("matches", number: String(list.matches))
            writer.member("updatedAt", list.updatedAt)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return .json(writer.output)
    }

    @Sendable func watchlist(_ request: Request, context: AppRequestContext) async throws -> Response {
        .json(try WatchlistDocument.json(try await stored(try context.parameters.decoded("name"))))
    }

    private func stored(_ name: String) async throws -> Watchlist {
        guard let list = try await store.watchlist(named: name) else {
            throw HTTPError(.notFound, message: "There is no watchlist '\(name)'.")
        }
        return list
    }

    // MARK: - Writes

    /// The caller's token name; 401 without a valid `Authorization: Bearer` token.
    private func authorize(_ request: Request) async throws -> String {
        let header = request.headers[.authorization] ?? ""
        guard header.hasPrefix("Bearer "), header.count > 7,
            let name = try await store.tokenName(
                secretHash: APIToken.hash(String(header.dropFirst(7))), at: .now)
        else {
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: "Bearer"],
                message: "Writes need 'Authorization: Bearer TOKEN'; create one with `contractwatch token create`.")
        }
        return name
    }

    /// The request body, refused with 413 as soon as more than `maxRequestBytes` have arrived:
    /// a chunked body has no `Content-Length` to check first, so the limit applies while reading.
    private func body(_ request: Request) async throws -> Data {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: maxRequestBytes)
            return Data(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "The request body is over \(maxRequestBytes) bytes.")
        }
    }

    @Sendable func saveWatchlist(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await authorize(request)
        let name = try context.parameters.decoded("name")
        var list = try WatchlistDocument.decode(try await body(request), file: "request body")
        list.name = name
        let (changed, screening) = try await WatchlistService(store: store).save(
            list, replacingEntries: true, at: .now)
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("name", name)
        writer.key("changedEntries")
        writer.beginArray()
        for id in changed { writer.string(id) }
        writer.endArray()
        writer.member("actionsScreened", number: String(screening.actionsScreened))
        writer.member("historicalMatches", number: String(screening.newMatches))
        writer.endObject()
        return .json(writer.output)
    }

    @Sendable func removeWatchlist(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await authorize(request)
        let name = try context.parameters.decoded("name")
        let removed: Bool
        do {
            removed = try await WatchlistService(store: store).removeForClient(name, entry: nil)
        } catch let error as WatchlistError {
            // Its webhooks and feeds would be left with nothing to deliver.
            throw HTTPError(.conflict, message: error.description)
        }
        guard removed else { throw HTTPError(.notFound, message: "There is no watchlist '\(name)'.") }
        return Response(status: .noContent)
    }

    @Sendable func disableWatchlist(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await setEnabled(false, request, context)
    }

    @Sendable func enableWatchlist(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await setEnabled(true, request, context)
    }

    /// `{"name": …, "enabled": …, "alertsCreated": n}`: enabling creates the alerts of the matches
    /// found while the list was disabled (``WatchlistService/setEnabled(_:_:at:)``).
    private func setEnabled(_ enabled: Bool, _ request: Request, _ context: AppRequestContext) async throws -> Response
    {
        _ = try await authorize(request)
        let name = try context.parameters.decoded("name")
        let (found, created) = try await WatchlistService(store: store).setEnabled(name, enabled, at: .now)
        guard found else { throw HTTPError(.notFound, message: "There is no watchlist '\(name)'.") }
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("name", name)
        writer.member("enabled", enabled)
        writer.member("alertsCreated", number: String(created))
        writer.endObject()
        return .json(writer.output)
    }

    struct JudgementRequest: Decodable {
        var entryID: String
        /// A UEI, `duns:N`, `name:…` or a vendor name.
        var vendor: String
        var same: Bool
        var note: String?
    }

    @Sendable func judge(_ request: Request, context: AppRequestContext) async throws -> Response {
        let author = try await authorize(request)
        let name = try context.parameters.decoded("name")
        let input: JudgementRequest
        do {
            input = try JSONDecoder().decode(JudgementRequest.self, from: try await body(request))
        } catch is DecodingError {
            throw HTTPError(
                .badRequest, message: "The body must be {\"entryID\", \"vendor\", \"same\": true|false, \"note\"}.")
        }
        let time = Timestamp.now
        let judgement = Judgement(
            watchlist: name, entryID: input.entryID, vendorKey: VendorIdentity.key(forUserInput: input.vendor),
            same: input.same, note: input.note.map { "\($0) (token \(author))" } ?? "token \(author)",
            decidedAt: time.description)
        _ = try await WatchlistService(store: store).judge(judgement, at: time)
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("watchlist", name)
        writer.member("entryID", judgement.entryID)
        writer.member("vendorKey", judgement.vendorKey)
        writer.member("same", judgement.same)
        writer.member("decidedAt", judgement.decidedAt)
        writer.endObject()
        return .json(writer.output, status: .created)
    }

    // MARK: - Alerts and webhooks

    @Sendable func alerts(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = QueryParameters(request)
        try parameters.requireKnown(["watchlist", "since", "limit", "cursor"])
        let limit = try parameters.limit(maximum: 1000) ?? 100
        let cursor = try parameters.cursor(AlertCursor.init(token:))
        let since = try Self.date(parameters, "since").map(Timestamp.init(utc:))
        // One more than a page: whether there is a next page.
        var alerts = try await store.alerts(
            watchlist: parameters["watchlist"], since: since, after: cursor, limit: limit + 1)
        let next = alerts.count > limit ? alerts[limit - 1].cursor : nil
        alerts = try await store.citing(Array(alerts.prefix(limit)))
        var cursorJSON = JSONWriter()
        cursorJSON.string(next?.token)
        return .json(
            "{\"alerts\":[" + alerts.map(\.json).joined(separator: ",") + "],\"nextCursor\":" + cursorJSON.output + "}")
    }

    /// One alert with its citation pack: the body its webhooks receive.
    @Sendable func alert(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.decoded("id")
        guard let alert = try await store.alert(id: id) else {
            throw HTTPError(.notFound, message: "No alert \(id) is stored.")
        }
        return .json((try await store.citing([alert]).first ?? alert).json)
    }

    @Sendable func webhooks(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await authorize(request)
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("webhooks")
        writer.beginArray()
        for hook in try await store.webhooks() {
            writer.beginObject()
            writer.member("id", number: String(hook.id))
            writer.member("url", hook.url)
            writer.member("watchlist", hook.watchlist)
            writer.member("format", hook.format.rawValue)
            writer.member("createdAt", hook.createdAt)
            writer.member("delivered", number: String(hook.delivered))
            writer.member("pending", number: String(hook.pending))
            writer.member("failed", number: String(hook.failed))
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return .json(writer.output)
    }

    struct SubscriptionRequest: Decodable {
        var url: String
        var watchlist: String?
        /// `json` (the default) or `slack`.
        var format: String?
    }

    @Sendable func subscribe(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await authorize(request)
        let input: SubscriptionRequest
        do {
            input = try JSONDecoder().decode(SubscriptionRequest.self, from: try await body(request))
        } catch is DecodingError {
            throw HTTPError(
                .badRequest,
                message:
                    "The body must be {\"url\": \"https://…\", \"watchlist\": NAME or null, \"format\": \"json\" or \"slack\"}."
            )
        }
        guard let format = WebhookFormat(rawValue: input.format ?? WebhookFormat.json.rawValue) else {
            throw HTTPError(
                .badRequest,
                message:
                    "'format' must be one of \(WebhookFormat.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")), "
                    + "not '\(input.format ?? "")'.")
        }
        guard let url = URL(string: input.url), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            url.host?.isEmpty == false
        else {
            throw HTTPError(.badRequest, message: "'url' must be an http or https URL, not '\(input.url)'.")
        }
        if let refusal = await webhookTargets.refusal(for: url, requireResolution: false) {
            throw HTTPError(
                .badRequest,
                message: "'url' may not target \(refusal): webhooks go to public addresses only "
                    + "(serve --allow-private-webhook-targets allows others).")
        }
        if let name = input.watchlist, try await !store.hasWatchlist(named: name) {
            throw HTTPError(.badRequest, message: "There is no watchlist '\(name)'.")
        }
        let secret = WebhookSignature.generateSecret()
        let id = try await store.saveWebhook(
            url: input.url, watchlist: input.watchlist, format: format, secret: secret, at: .now)
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("id", number: String(id))
        writer.member("url", input.url)
        writer.member("watchlist", input.watchlist)
        writer.member("format", format.rawValue)
        // Shown once: the receiver checks `webhook-signature` with it (Standard Webhooks).
        writer.member("secret", secret)
        writer.endObject()
        return .json(writer.output, status: .created)
    }

    @Sendable func unsubscribe(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await authorize(request)
        guard let id = Int64(try context.parameters.require("id")), try await store.removeWebhook(id: id) else {
            throw HTTPError(.notFound, message: "There is no webhook with that id.")
        }
        return Response(status: .noContent)
    }
}
