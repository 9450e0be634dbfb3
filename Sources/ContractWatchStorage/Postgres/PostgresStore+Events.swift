package import ContractWatchCore
import FPDS
import Foundation
import PostgresNIO

extension PostgresStore {
    package func actions(of contracts: [ContractKey]) async throws -> [ContractKey: ContractSnapshot] {
        try await read { session in
            var result: [ContractKey: ContractSnapshot] = [:]
            for key in contracts {
                let revision: Int64 =
                    try await session.value(
                        "SELECT revision FROM contracts WHERE \(ContractKey.matching())", key.postgresArguments) ?? 0
                let rows = try await session.rows(
                    """
                    SELECT \(ActionColumn.listWithoutNames) FROM actions a
                    JOIN action_versions v ON v.id = a.current_version_id
                    WHERE \(ContractKey.matching("a"))
                    """, key.postgresArguments)
                result[key] = ContractSnapshot(actions: rows.map { Self.storedAction($0).action }, revision: revision)
            }
            return result
        }
    }

    package func allContracts() async throws -> [ContractKey] {
        try await read { session in
            try await session.rows("SELECT agency_id, piid, idv_agency_id, idv_piid FROM contracts ORDER BY id")
                .map(Self.contractKey)
        }
    }

    package func contractsNeedingClassification() async throws -> [ContractKey] {
        try await read { session in
            try await session.rows(
                """
                SELECT agency_id, piid, idv_agency_id, idv_piid FROM contracts
                WHERE revision > classified_revision ORDER BY id
                """
            ).map(Self.contractKey)
        }
    }

    static func contractKey(_ row: PostgresRandomAccessRow) throws -> ContractKey {
        ContractKey(
            agencyID: try row.value(0), piid: try row.value(1), idvAgencyID: try row.value(2), idvPIID: try row.value(3)
        )
    }

    package func replaceEvents(
        _ events: [ContractKey: [ProcurementEvent]], derivedFrom revisions: [ContractKey: Int64], detectedAt: String
    ) async throws -> Set<ContractKey> {
        let prepared = events.mapValues { list in list.map { ($0, EventSQL.evidenceJSON($0)) } }
        return try await write { session in
            var outdated: Set<ContractKey> = []
            for (key, list) in prepared {
                guard let contractID = try await key.id(in: session) else { continue }
                // The check and the writes are one step of one transaction, as on SQLite.
                let revision = revisions[key] ?? 0
                guard
                    try await session.execute(
                        "UPDATE contracts SET classified_revision = ? WHERE id = ? AND revision = ?",
                        [revision, contractID, revision]) == 1
                else {
                    outdated.insert(key)
                    continue
                }
                var actionIDs: [String: Int64] = [:]
                for row in try await session.rows(
                    "SELECT a.id, a.mod_number, a.transaction_number, a.kind FROM actions a WHERE \(ContractKey.matching("a"))",
                    key.postgresArguments)
                {
                    let position = EventSQL.position(
                        modNumber: try row.value(1), transactionNumber: try row.value(2), kind: try row.value(3))
                    actionIDs[position] = try row.value(0)
                }
                var keep: Set<String> = []
                for (event, evidence) in list {
                    let action = event.action
                    let position = EventSQL.position(
                        modNumber: action.modNumber, transactionNumber: action.transactionNumber,
                        kind: action.kind.rawValue)
                    guard let actionID = actionIDs[position] else { continue }
                    keep.insert(event.id)
                    try await session.execute(
                        """
                        INSERT INTO events (id, contract_id, action_id, type, date, amount, confidence, is_partial,
                                            evidence, detected_at, detection_latency_seconds)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET
                            date = excluded.date, amount = excluded.amount, confidence = excluded.confidence,
                            is_partial = excluded.is_partial, evidence = excluded.evidence
                        """,
                        [
                            event.id, contractID, actionID, event.type.rawValue, event.date?.description,
                            event.amount?.text, event.confidence, event.isPartial, evidence, detectedAt,
                            event.detectionLatencySeconds.map { Int64($0) },
                        ])
                }
                for id in try await session.values(
                    "SELECT id FROM events WHERE contract_id = ?", [contractID], as: String.self)
                where !keep.contains(id) {
                    try await session.execute("DELETE FROM events WHERE id = ?", [id])
                }
            }
            return outdated
        }
    }

    package func events(_ query: EventQuery) async throws -> [ProcurementEvent] {
        try await read { session in
            try await Self.events(query, orderedBy: "e.date, e.id", limit: query.limit, in: session)
        }
    }

    package func newestEvents(_ query: EventQuery, limit: Int) async throws -> [ProcurementEvent] {
        try await read { session in
            try await Self.events(query, orderedBy: "e.detected_at DESC, e.id DESC", limit: limit, in: session)
        }
    }

    /// The events `query` selects in this order, each with the watchlist entries its action matched.
    static func events(
        _ query: EventQuery, orderedBy ordering: String, limit: Int?, in session: PostgresSession
    ) async throws -> [ProcurementEvent] {
        var (conditions, arguments) = EventSQL.conditions(query)
        var sql = EventSQL.select
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        // NULL dates last, as SQLite orders them first ascending: the same order on both engines.
        sql += " ORDER BY " + ordering.replacingOccurrences(of: "e.date,", with: "e.date NULLS FIRST,")
        if let limit {
            sql += " LIMIT ?"
            arguments.append(.integer(Int64(limit)))
        }
        let rows = try await session.rows(sql, arguments)
        let found = try await matches(
            ofActions: try rows.map { try $0.value(9, as: Int64.self) }, watchlist: query.watchlist, in: session)
        return try rows.map { row in
            var event = try Self.event(row)
            event.watchlistEntries = found[try row.value(9)] ?? []
            return event
        }
    }

    /// An event from the columns of ``EventSQL/select``.
    static func event(_ row: PostgresRandomAccessRow) throws -> ProcurementEvent {
        var event = ProcurementEvent(
            type: EventType(rawValue: try row.value(1)) ?? .administrative,
            action: ActionKey(
                kind: FPDSRecord.Kind(rawValue: try row.value(10)) ?? .award, agencyID: try row.value(11),
                piid: try row.value(12), modNumber: try row.value(13), transactionNumber: try row.value(14),
                idvAgencyID: try row.value(15), idvPIID: try row.value(16)),
            date: try row.value(2, as: String?.self).flatMap { FPDSDateTime(fpds: $0) },
            amount: try row.value(3, as: String?.self).flatMap { FPDSAmount($0) }, confidence: try row.value(4),
            evidence: try JSONDecoder().decode([Evidence].self, from: Data((try row.value(6, as: String.self)).utf8)),
            isPartial: try row.value(5), detectedAt: try row.value(7))
        event.id = try row.value(0)
        event.detectionLatencySeconds = try row.value(8, as: Int64?.self).map { Int($0) }
        return event
    }

    package func detectionLatency(detectedSince: String) async throws -> DetectionLatencySummary {
        try await read { session in
            let latencies = try await session.values(
                "SELECT detection_latency_seconds FROM events WHERE detected_at >= ?", [detectedSince],
                as: Int64?.self)
            return DetectionLatencySummary(
                events: latencies.count, latencies: latencies.compactMap { $0.map { Int($0) } })
        }
    }
}
