package import ContractWatchCore
import Foundation
import GRDB

extension SQLiteStore {
    /// Every (event, watchlist entry) pair whose action matched the entry and that has no alert:
    /// event id, watchlist, entry id, historical. Both engines' query; a scope may follow.
    static let unalertedMatchesSelect = """
        SELECT e.id, w.name, we.entry_id, m.historical FROM events e
        JOIN watchlist_matches m ON m.action_id = e.action_id
        JOIN watchlist_entries we ON we.id = m.entry_row
        JOIN watchlists w ON w.id = we.watchlist_id
        WHERE NOT EXISTS (
            SELECT 1 FROM alerts al
            WHERE al.event_id = e.id AND al.watchlist = w.name AND al.entry_id = we.entry_id)
        """

    /// The ids of the alerts whose event's action no longer matches their entry. Both engines' query.
    static let unmatchedAlertIDs = """
        SELECT al.id FROM alerts al JOIN events e ON e.id = al.event_id
        WHERE NOT EXISTS (
            SELECT 1 FROM watchlist_matches m
            JOIN watchlist_entries we ON we.id = m.entry_row
            JOIN watchlists w ON w.id = we.watchlist_id
            WHERE m.action_id = e.action_id AND w.name = al.watchlist AND we.entry_id = al.entry_id)
        """

    /// The statements of ``withdrawUnmatchedAlerts()``, in order, on both engines; the second
    /// counts the alerts withdrawn.
    static let withdrawalStatements = [
        "DELETE FROM deliveries WHERE status <> 'delivered' AND alert_id IN (\(unmatchedAlertIDs))",
        """
        DELETE FROM alerts WHERE id IN (\(unmatchedAlertIDs))
            AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = alerts.id)
        """,
    ]

    package func withdrawUnmatchedAlerts() async throws -> Int {
        try await writer.write { db in
            try db.execute(sql: Self.withdrawalStatements[0])
            try db.execute(sql: Self.withdrawalStatements[1])
            return db.changesCount
        }
    }

    package func unalertedMatches(for contracts: [ContractKey]?) async throws -> [AlertCandidate] {
        try await writer.read { db in
            var scope = ""
            var arguments: StatementArguments = []
            if let contracts {
                let ids = try contracts.compactMap { try $0.id(in: db) }
                guard !ids.isEmpty else { return [] }
                scope = "AND e.contract_id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))"
                arguments = StatementArguments(ids)
            }
            return try Row.fetchAll(db, sql: "\(Self.unalertedMatchesSelect) \(scope)", arguments: arguments).map {
                AlertCandidate(
                    eventID: EventCodes.id(stored: $0[0]), watchlist: $0[1], entryID: $0[2], historical: $0[3])
            }
        }
    }

    package func insertAlerts(_ alerts: [NewAlert], at time: Timestamp) async throws -> Int {
        try await writer.write { db in
            var created = 0
            for alert in alerts {
                let candidate = alert.candidate
                try db.cachedStatement(
                    sql: """
                        INSERT INTO alerts (id, event_id, watchlist, entry_id, historical, created_at)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                        """
                ).execute(
                    arguments: [
                        alert.id, try EventCodes.stored(id: candidate.eventID), candidate.watchlist,
                        candidate.entryID, candidate.historical, time.description,
                    ])
                guard db.changesCount > 0 else { continue }
                created += 1
                try db.cachedStatement(
                    sql: """
                        INSERT INTO deliveries (alert_id, webhook_id, status, next_attempt_at)
                        SELECT ?, id, 'pending', ? FROM webhooks WHERE watchlist IS NULL OR watchlist = ?
                        """
                ).execute(arguments: [alert.id, time.description, candidate.watchlist])
            }
            return created
        }
    }

    package func alerts(
        watchlist: String?, since: Timestamp?, after cursor: AlertCursor?, limit: Int
    ) async throws -> [Alert] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, event_id, watchlist, entry_id, historical, created_at FROM alerts
                    WHERE (? IS NULL OR watchlist = ?) AND (? IS NULL OR created_at >= ?)
                      AND (? IS NULL OR created_at < ? OR (created_at = ? AND id < ?))
                    ORDER BY created_at DESC, id DESC LIMIT ?
                    """,
                arguments: [
                    watchlist, watchlist, since?.description, since?.description, cursor?.createdAt,
                    cursor?.createdAt, cursor?.createdAt, cursor?.id, limit,
                ]
            ).compactMap { try Self.alert($0, in: db) }
        }
    }

    package func alert(id: String) async throws -> Alert? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, event_id, watchlist, entry_id, historical, created_at FROM alerts WHERE id = ?",
                arguments: [id]
            ).flatMap { try Self.alert($0, in: db) }
        }
    }

    private static func alert(_ row: Row, in db: Database) throws -> Alert? {
        guard
            let eventRow = try Row.fetchOne(
                db.cachedStatement(sql: EventSQL.select + " WHERE e.id = ?"), arguments: [row["event_id"] as Int64])
        else { return nil }  // the event went with a correction; its alert stays in history
        var event = try event(RowValues(eventRow))
        let watchlist: String = row["watchlist"]
        let actionID: Int64 = eventRow["action_id"]
        event.watchlistEntries = try matches(ofActions: [actionID], watchlist: watchlist, in: db)[actionID] ?? []
        return Alert(
            id: row["id"], event: event, watchlist: watchlist, entryID: row["entry_id"], historical: row["historical"],
            createdAt: row["created_at"])
    }

    package func saveWebhook(
        url: String, watchlist: String?, format: WebhookFormat, secret: String, at time: Timestamp
    ) async throws -> Int64 {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO webhooks (url, watchlist, format, secret, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [url, watchlist, format.rawValue, secret, time.description])
            return db.lastInsertedRowID
        }
    }

    package func webhooks() async throws -> [Webhook] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT w.id, w.url, w.watchlist, w.created_at,
                           (SELECT count(*) FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'delivered'),
                           (SELECT count(*) FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending'),
                           (SELECT count(*) FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'failed'),
                           w.format
                    FROM webhooks w ORDER BY w.id
                    """
            ).map {
                Webhook(
                    id: $0[0], url: $0[1], watchlist: $0[2], format: try Self.webhookFormat($0[7], webhook: $0[0]),
                    createdAt: $0[3],
                    delivered: $0[4], pending: $0[5], failed: $0[6])
            }
        }
    }

    package func removeWebhook(id: Int64) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM deliveries WHERE webhook_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM webhooks WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    package func dueDeliveries(at time: Timestamp, limit: Int) async throws -> [PendingDelivery] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.alert_id, d.webhook_id, d.attempts, w.url, w.format, w.secret,
                           a.id, a.event_id, a.watchlist, a.entry_id, a.historical, a.created_at
                    FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN alerts a ON a.id = d.alert_id
                    WHERE d.status = 'pending' AND d.next_attempt_at <= ?
                    ORDER BY d.next_attempt_at, d.alert_id LIMIT ?
                    """, arguments: [time.description, limit]
            ).compactMap { row in
                guard let alert = try Self.alert(row, in: db) else { return nil }
                return PendingDelivery(
                    alert: alert, webhookID: row["webhook_id"], url: row["url"],
                    format: try Self.webhookFormat(row["format"], webhook: row["webhook_id"]), secret: row["secret"],
                    attempts: row["attempts"])
            }
        }
    }

    /// The format webhook `id`'s row names; both engines read it this way.
    /// - Throws: ``StorageError/unknownWebhookFormat(webhookID:format:)``.
    static func webhookFormat(_ text: String, webhook id: Int64) throws -> WebhookFormat {
        guard let format = WebhookFormat(rawValue: text) else {
            throw StorageError.unknownWebhookFormat(webhookID: id, format: text)
        }
        return format
    }

    package func recordAttempt(
        alertID: String, webhookID: Int64, delivered: Bool, error: String?, nextAttempt: Timestamp?, at time: Timestamp
    ) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE deliveries SET attempts = attempts + 1, last_error = ?,
                        status = CASE WHEN ? THEN 'delivered' WHEN ? IS NULL THEN 'failed' ELSE 'pending' END,
                        next_attempt_at = coalesce(?, next_attempt_at),
                        delivered_at = CASE WHEN ? THEN ? ELSE delivered_at END
                    WHERE alert_id = ? AND webhook_id = ?
                    """,
                arguments: [
                    error, delivered, nextAttempt?.description, nextAttempt?.description, delivered, time.description,
                    alertID, webhookID,
                ])
        }
    }
}
