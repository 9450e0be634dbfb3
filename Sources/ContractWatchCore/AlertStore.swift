import Crypto
import FPDS
import Foundation

/// Alerts (an event × a watchlist entry it matched), created exactly once, and their delivery
/// to webhook subscribers through a durable outbox.
package protocol AlertStore: Sendable {
    /// Every (stored event × watchlist entry its action matched) pair of `contracts` (nil: all)
    /// that has no alert yet: what ``AlertStore/createAlerts(for:at:)`` turns into alerts.
    func unalertedMatches(for contracts: [ContractKey]?) async throws -> [AlertCandidate]

    /// Stores `alerts` (an alert whose id is already stored is left alone) and queues one
    /// delivery of each new one for every webhook subscribed to its list, in one transaction.
    /// - Returns: How many alerts were new.
    @discardableResult
    func insertAlerts(_ alerts: [NewAlert], at time: Timestamp) async throws -> Int

    /// Withdraws what was not yet sent of the alerts whose match screening has since removed (a
    /// vendor judged a different entity, an entry edited or removed): their deliveries not yet
    /// delivered go, and so does each such alert that no subscriber has received. An alert some
    /// subscriber received stays, as the record of what was sent.
    /// - Returns: How many alerts were removed.
    @discardableResult
    func withdrawUnmatchedAlerts() async throws -> Int

    /// Alerts newest first (by creation, then id), optionally only one list's, only those created
    /// at or after `since`, and only those after `cursor` in that order (the next page).
    func alerts(watchlist: String?, since: Timestamp?, after cursor: AlertCursor?, limit: Int) async throws -> [Alert]

    /// The alert with this id, if stored (and its event still is).
    func alert(id: String) async throws -> Alert?

    /// Subscribes `url` to the alerts of `watchlist` (nil: every list), posted as `format` and
    /// signed with `secret` (``WebhookSignature``). - Returns: The new id.
    func saveWebhook(
        url: String, watchlist: String?, format: WebhookFormat, secret: String, at time: Timestamp
    ) async throws -> Int64

    /// Every subscription, without secrets.
    func webhooks() async throws -> [Webhook]

    /// Ends a subscription and drops its pending deliveries. - Returns: False if there was none.
    func removeWebhook(id: Int64) async throws -> Bool

    /// Deliveries whose time has come, oldest first.
    func dueDeliveries(at time: Timestamp, limit: Int) async throws -> [PendingDelivery]

    /// Records an attempt: delivered, or failed with the time of the next attempt (nil: give up).
    func recordAttempt(
        alertID: String, webhookID: Int64, delivered: Bool, error: String?, nextAttempt: Timestamp?, at time: Timestamp
    ) async throws
}

extension AlertStore {
    /// The newest alerts, optionally only one list's and only those created at or after `since`.
    /// - Returns: At most `limit` alerts, newest first.
    /// - Throws: The store's error.
    package func alerts(watchlist: String?, since: Timestamp?, limit: Int) async throws -> [Alert] {
        try await alerts(watchlist: watchlist, since: since, after: nil, limit: limit)
    }
}

extension RecordStore {
    /// Creates the alerts the stored events and matches call for, for `contracts` (nil: all):
    /// one for each event of an action that matched an entry, whatever the event's type, so a
    /// subscriber hears of everything that happens to a watched vendor's contracts. A disabled
    /// list (``WatchlistSummary/isEnabled``) makes none; its matches wait, and get their alerts
    /// when it is enabled again. Existing alerts are left alone, so this can run after every write.
    /// - Parameters:
    ///   - contracts: Only these contracts' events; nil for all.
    ///   - time: Now, when the new alerts are created.
    /// - Returns: How many alerts were new.
    /// - Throws: The store's error.
    @discardableResult
    package func createAlerts(for contracts: [ContractKey]?, at time: Timestamp) async throws -> Int {
        var candidates = try await unalertedMatches(for: contracts)
        guard !candidates.isEmpty else { return 0 }
        let disabled = Set(try await watchlistSummaries().filter { !$0.isEnabled }.map(\.name))
        candidates.removeAll { disabled.contains($0.watchlist) }
        guard !candidates.isEmpty else { return 0 }
        return try await insertAlerts(
            candidates.map {
                NewAlert(
                    id: Alert.id(eventID: $0.eventID, watchlist: $0.watchlist, entryID: $0.entryID),
                    candidate: $0)
            }, at: time)
    }
}

/// An event and a watchlist entry its action matched, not yet alerted.
package struct AlertCandidate: Sendable, Hashable {
    package var eventID: String
    package var watchlist: String
    package var entryID: String
    /// The match was found by screening history (``WatchlistMatch/historical``).
    package var historical: Bool

    package init(eventID: String, watchlist: String, entryID: String, historical: Bool) {
        self.eventID = eventID
        self.watchlist = watchlist
        self.entryID = entryID
        self.historical = historical
    }
}

/// An alert to store: its id and what it is of.
package struct NewAlert: Sendable, Hashable {
    package var id: String
    package var candidate: AlertCandidate

    package init(id: String, candidate: AlertCandidate) {
        self.id = id
        self.candidate = candidate
    }
}

/// An event that matched a watchlist entry: what a subscriber is told about.
package struct Alert: Sendable, Hashable {
    /// `al_` and 16 hex digits of SHA-256 over the event id, the list and the entry: receivers
    /// de-duplicate on it.
    package var id: String
    package var event: ProcurementEvent
    package var watchlist: String
    package var entryID: String
    /// Found by re-screening history, not news.
    package var historical: Bool
    package var createdAt: String
    /// The citation pack, once read (``RecordStore/citing(_:)``); stores leave it nil.
    package var citation: Citation?

    package init(
        id: String, event: ProcurementEvent, watchlist: String, entryID: String, historical: Bool, createdAt: String
    ) {
        self.id = id
        self.event = event
        self.watchlist = watchlist
        self.entryID = entryID
        self.historical = historical
        self.createdAt = createdAt
    }

    /// The id of the alert of `eventID` and entry `entryID` of `watchlist`: `al_` and 16 hex
    /// digits of SHA-256 over the three, so that it is the same in every store and every run.
    /// - Returns: The id.
    package static func id(eventID: String, watchlist: String, entryID: String) -> String {
        let digest = SHA256.hash(data: Data([eventID, watchlist, entryID].joined(separator: "\u{1F}").utf8))
        return "al_" + digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// The alert as the JSON object webhooks receive, `/api/alerts` lists and `/api/alerts/{id}`
    /// serves: `id watchlist entryID historical createdAt event citation` (`citation` null until
    /// read, ``Citation/writeJSON(to:)``).
    package var json: String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("id", id)
        writer.member("watchlist", watchlist)
        writer.member("entryID", entryID)
        writer.member("historical", historical)
        writer.member("createdAt", createdAt)
        writer.key("event")
        event.writeJSON(to: &writer)
        writer.key("citation")
        if let citation { citation.writeJSON(to: &writer) } else { writer.null() }
        writer.endObject()
        return writer.output
    }

    /// The alert as text for a terminal: id, when, list and entry, the event, then the citation
    /// pack line by line. Record text is escaped.
    package var text: String {
        var lines = [
            "\(id)  \(createdAt)  \(watchlist)/\(entryID)\(historical ? "  (found in history)" : "")",
            "  \(event.type.rawValue)  \(event.action.agencyID) \(event.action.piid) mod \(event.action.modNumber)"
                + "  \(event.date?.dateString ?? "?")  \(event.amount?.text ?? "")",
        ]
        lines += (citation?.lines ?? event.evidence.map { "Evidence: \($0.summary)" }).map { "  " + $0 }
        return lines.map { InputText.escaped($0) }.joined(separator: "\n")
    }

    /// The position of this alert in the listing, for the next page.
    package var cursor: AlertCursor { AlertCursor(createdAt: createdAt, id: id) }
}

/// A position in the alert listing (newest first by creation time, then id): the next page
/// starts after it.
package struct AlertCursor: Sendable, Hashable {
    package var createdAt: String
    package var id: String

    package init(createdAt: String, id: String) {
        self.createdAt = createdAt
        self.id = id
    }

    /// `2026-12-06T02:31:18Z~al_0123456789abcdef`, safe in a URL.
    package var token: String { CursorToken.token(createdAt, id) }

    /// Reads a ``token``; nil when it is not one.
    package init?(token: String) {
        guard let parts = CursorToken.parts(token), parts.tiebreak.hasPrefix("al_"), parts.tiebreak.count <= 32
        else { return nil }
        self.init(createdAt: parts.position, id: parts.tiebreak)
    }
}

/// A webhook subscription as listed (the secret is never returned after creation).
package struct Webhook: Sendable, Hashable {
    package var id: Int64
    package var url: String
    package var watchlist: String?
    package var format: WebhookFormat
    package var createdAt: String
    package var delivered: Int
    package var pending: Int
    package var failed: Int

    package init(
        id: Int64, url: String, watchlist: String?, format: WebhookFormat, createdAt: String, delivered: Int,
        pending: Int, failed: Int
    ) {
        self.id = id
        self.url = url
        self.watchlist = watchlist
        self.format = format
        self.createdAt = createdAt
        self.delivered = delivered
        self.pending = pending
        self.failed = failed
    }
}

/// One alert to post to one webhook.
package struct PendingDelivery: Sendable {
    package var alert: Alert
    package var webhookID: Int64
    package var url: String
    package var format: WebhookFormat
    package var secret: String
    /// Attempts made so far.
    package var attempts: Int

    package init(
        alert: Alert, webhookID: Int64, url: String, format: WebhookFormat, secret: String, attempts: Int
    ) {
        self.alert = alert
        self.webhookID = webhookID
        self.url = url
        self.format = format
        self.secret = secret
        self.attempts = attempts
    }
}

/// What a webhook is posted: ContractWatch's alert JSON, or a Slack-compatible message for an
/// incoming-webhook URL (Slack, Mattermost, Rocket.Chat and others take `{"text": …}`).
package enum WebhookFormat: String, Sendable, Hashable, CaseIterable {
    /// ``Alert/json``.
    case json
    /// `{"text": …}`: one line naming the event, vendor, agency, amount, contract and a link to it.
    case slack
}

/// How webhook deliveries are signed, per Standard Webhooks (standardwebhooks.com): a
/// `webhook-signature` of `v1,` and the base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}`.
///
/// The timestamp is signed with the body, so a captured delivery cannot be replayed with a fresh
/// timestamp, and receivers refuse an old one. A subscription's secret is `whsec_` and the base64 of
/// the key's bytes. Subscriptions made before ContractWatch signed this way have a `cw_…` secret:
/// its UTF-8 bytes are the key, which a receiver passes to its library as bytes.
package enum WebhookSignature {
    /// A new subscription's secret: `whsec_` and the base64 of 32 random bytes.
    package static func generateSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return secretPrefix
            + Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    }

    /// The HMAC key of `secret`: the decoded bytes of a `whsec_` secret, the UTF-8 bytes of any other.
    private static func key(for secret: String) -> SymmetricKey {
        if secret.hasPrefix(secretPrefix), let bytes = Data(base64Encoded: String(secret.dropFirst(secretPrefix.count)))
        {
            return SymmetricKey(data: bytes)
        }
        return SymmetricKey(data: Data(secret.utf8))
    }

    /// The `webhook-signature` header of one delivery.
    /// - Parameters:
    ///   - body: The request body, exactly as sent.
    ///   - id: The `webhook-id` header: the alert's id, the same on every attempt.
    ///   - timestamp: The `webhook-timestamp` header: the attempt's time in whole seconds since 1970.
    ///   - secret: The subscription's secret.
    /// - Returns: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`.
    package static func sign(_ body: String, id: String, timestamp: Int64, secret: String) -> String {
        let content = Data("\(id).\(timestamp).\(body)".utf8)
        return "v1,"
            + Data(HMAC<SHA256>.authenticationCode(for: content, using: key(for: secret))).base64EncodedString()
    }

    private static let secretPrefix = "whsec_"
}
