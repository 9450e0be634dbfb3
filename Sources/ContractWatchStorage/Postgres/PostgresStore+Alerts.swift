package import ContractWatchCore
import Foundation
import PostgresNIO

extension PostgresStore {
    package func withdrawUnmatchedAlerts() async throws -> Int {
        try await write { session in
            try await session.execute(SQLiteStore.withdrawalStatements[0])
            return try await session.execute(SQLiteStore.withdrawalStatements[1])
        }
    }

    package func unalertedMatches(for contracts: [ContractKey]?) async throws -> [AlertCandidate] {
        let unalerted = SQLiteStore.unalertedMatchesSelect
        return try await read { session in
            let rows: [PostgresRandomAccessRow]
            if let contracts {
                let key = contracts.columns
                rows = try await session.rows(
                    of: """
                        \(unescaped: unalerted) AND e.contract_id IN (
                            SELECT c.id FROM contracts c
                            JOIN unnest(\(key.agencyIDs), \(key.piids), \(key.idvAgencyIDs), \(key.idvPIIDs))
                                 AS k(agency_id, piid, idv_agency_id, idv_piid)
                              ON \(unescaped: Self.contractMatchesK))
                        """)
            } else {
                rows = try await session.rows(unalerted)
            }
            return try rows.map {
                AlertCandidate(
                    eventID: EventCodes.id(stored: try $0.value(0)), watchlist: try $0.value(1),
                    entryID: try $0.value(2),
                    historical: try $0.value(3))
            }
        }
    }

    package func insertAlerts(_ alerts: [NewAlert], at time: Timestamp) async throws -> Int {
        try await write { session in
            var created = 0
            for alert in alerts {
                let candidate = alert.candidate
                guard
                    try await session.execute(
                        """
                        INSERT INTO alerts (id, event_id, watchlist, entry_id, historical, created_at)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                        """,
                        [
                            alert.id, try EventCodes.stored(id: candidate.eventID), candidate.watchlist,
                            candidate.entryID, candidate.historical, time.description,
                        ]
                    ) > 0
                else { continue }
                created += 1
                try await session.execute(
                    """
                    INSERT INTO deliveries (alert_id, webhook_id, status, next_attempt_at)
                    SELECT ?, id, 'pending', ? FROM webhooks WHERE watchlist IS NULL OR watchlist = ?
                    """, [alert.id, time.description, candidate.watchlist])
            }
            return created
        }
    }

    package func alerts(
        watchlist: String?, since: Timestamp?, after cursor: AlertCursor?, limit: Int
    ) async throws -> [Alert] {
        try await read { session in
            var alerts: [Alert] = []
            for row in try await session.rows(
                """
                SELECT id, event_id, watchlist, entry_id, historical, created_at FROM alerts
                WHERE (? IS NULL OR watchlist = ?) AND (? IS NULL OR created_at >= ?)
                  AND (? IS NULL OR created_at < ? OR (created_at = ? AND id < ?))
                ORDER BY created_at DESC, id DESC LIMIT ?
                """,
                [
                    watchlist, watchlist, since?.description, since?.description, cursor?.createdAt,
                    cursor?.createdAt, cursor?.createdAt, cursor?.id, limit,
                ])
            {
                if let alert = try await Self.alert(row, in: session) { alerts.append(alert) }
            }
            return alerts
        }
    }

    package func alert(id: String) async throws -> Alert? {
        try await read { session in
            guard
                let row = try await session.row(
                    "SELECT id, event_id, watchlist, entry_id, historical, created_at FROM alerts WHERE id = ?", [id])
            else { return nil }
            return try await Self.alert(row, in: session)
        }
    }

    /// The alert of a row whose first six columns are the alert's, with its event and the entry
    /// it matched; nil when the event went with a correction (its alert stays in history).
    private static func alert(_ row: PostgresRandomAccessRow, in session: PostgresSession) async throws -> Alert? {
        guard
            let eventRow = try await session.row(
                EventSQL.select + " WHERE e.id = ?", [try row.value(1, as: Int64.self)])
        else { return nil }
        var event = try Self.event(eventRow)
        let watchlist: String = try row.value(2)
        let actionID: Int64 = try eventRow.value(9)
        event.watchlistEntries =
            try await matches(ofActions: [actionID], watchlist: watchlist, in: session)[actionID] ?? []
        return Alert(
            id: try row.value(0), event: event, watchlist: watchlist, entryID: try row.value(3),
            historical: try row.value(4), createdAt: try row.value(5))
    }

    package func saveWebhook(
        url: String, watchlist: String?, format: WebhookFormat, secret: String, at time: Timestamp
    ) async throws -> Int64 {
        try await write { session in
            try await session.value(
                """
                INSERT INTO webhooks (url, watchlist, format, secret, created_at) VALUES (?, ?, ?, ?, ?)
                RETURNING id
                """, [url, watchlist, format.rawValue, secret, time.description]) ?? 0
        }
    }

    package func webhooks() async throws -> [Webhook] {
        try await read { session in
            try await session.rows(
                """
                SELECT w.id, w.url, w.watchlist, w.created_at,
                       (SELECT count(*) FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'delivered'),
                       (SELECT count(*) FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending'),
                       (SELECT count(*) FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'failed'),
                       w.format
                FROM webhooks w ORDER BY w.id
                """
            ).map {
                Webhook(
                    id: try $0.value(0), url: try $0.value(1), watchlist: try $0.value(2),
                    format: try SQLiteStore.webhookFormat(try $0.value(7), webhook: try $0.value(0)),
                    createdAt: try $0.value(3),
                    delivered: try $0.value(4), pending: try $0.value(5), failed: try $0.value(6))
            }
        }
    }

    package func removeWebhook(id: Int64) async throws -> Bool {
        try await write { session in
            try await session.execute("DELETE FROM deliveries WHERE webhook_id = ?", [id])
            return try await session.execute("DELETE FROM webhooks WHERE id = ?", [id]) > 0
        }
    }

    package func dueDeliveries(at time: Timestamp, limit: Int) async throws -> [PendingDelivery] {
        try await read { session in
            var due: [PendingDelivery] = []
            for row in try await session.rows(
                """
                SELECT a.id, a.event_id, a.watchlist, a.entry_id, a.historical, a.created_at,
                       d.webhook_id, d.attempts, w.url, w.secret, w.format
                FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN alerts a ON a.id = d.alert_id
                WHERE d.status = 'pending' AND d.next_attempt_at <= ?
                ORDER BY d.next_attempt_at, d.alert_id LIMIT ?
                """, [time.description, limit])
            {
                guard let alert = try await Self.alert(row, in: session) else { continue }
                due.append(
                    PendingDelivery(
                        alert: alert, webhookID: try row.value(6), url: try row.value(8),
                        format: try SQLiteStore.webhookFormat(try row.value(10), webhook: try row.value(6)),
                        secret: try row.value(9),
                        attempts: try row.value(7)))
            }
            return due
        }
    }

    package func recordAttempt(
        alertID: String, webhookID: Int64, delivered: Bool, error: String?, nextAttempt: Timestamp?, at time: Timestamp
    ) async throws {
        try await write { session in
            try await session.execute(
                """
                UPDATE deliveries SET attempts = attempts + 1, last_error = ?,
                    status = CASE WHEN ? THEN 'delivered' WHEN ? IS NULL THEN 'failed' ELSE 'pending' END,
                    next_attempt_at = coalesce(?, next_attempt_at),
                    delivered_at = CASE WHEN ? THEN ? ELSE delivered_at END
                WHERE alert_id = ? AND webhook_id = ?
                """,
                [
                    error, delivered, nextAttempt?.description, nextAttempt?.description, delivered, time.description,
                    alertID, webhookID,
                ])
        }
    }
}
