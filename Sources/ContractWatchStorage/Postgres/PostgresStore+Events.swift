package import ContractWatchCore
import FPDS
import Foundation
import PostgresNIO

extension PostgresStore {
    package func actions(of contracts: [ContractKey]) async throws -> [ContractKey: ContractSnapshot] {
        try await read { session in
            var revisions: [Int: Int64] = [:]
            var actions: [Int: [ContractAction]] = [:]
            // One statement for every contract: each is a round trip.
            let key = contracts.columns
            for row in try await session.rows(
                of: """
                    WITH c AS (
                        SELECT k.ordinal, c.id, c.revision
                        FROM unnest(\(key.agencyIDs), \(key.piids), \(key.idvAgencyIDs), \(key.idvPIIDs))
                             WITH ORDINALITY AS k(agency_id, piid, idv_agency_id, idv_piid, ordinal)
                        JOIN contracts c ON \(unescaped: Self.contractMatchesK))
                    SELECT c.ordinal, c.revision, a.id IS NOT NULL, \(unescaped: ActionColumn.listWithoutNames) FROM c
                    LEFT JOIN actions a ON a.contract_id = c.id
                    LEFT JOIN action_versions v ON v.id = a.current_version_id
                    ORDER BY c.ordinal, a.id
                    """)
            {
                let index = Int(try row.value(0, as: Int64.self)) - 1
                revisions[index] = try row.value(1)
                guard try row.value(2, as: Bool.self) else { continue }
                actions[index, default: []].append(Self.storedAction(row, from: 3).action)
            }
            // Every version of the actions that have several, sources included: what the record
            // said before it was corrected. Same transaction, so the same snapshot.
            var versions: [Int: [StoredAction]] = [:]
            for row in try await session.rows(
                of: """
                    WITH c AS (
                        SELECT k.ordinal, c.id
                        FROM unnest(\(key.agencyIDs), \(key.piids), \(key.idvAgencyIDs), \(key.idvPIIDs))
                             WITH ORDINALITY AS k(agency_id, piid, idv_agency_id, idv_piid, ordinal)
                        JOIN contracts c ON \(unescaped: Self.contractMatchesK))
                    SELECT c.ordinal, \(unescaped: ActionColumn.list) FROM c
                    JOIN actions a ON a.contract_id = c.id
                    JOIN action_versions v ON v.action_id = a.id
                    \(unescaped: ActionColumn.joins)
                    WHERE \(unescaped: ActionColumn.hasEarlierVersions)
                    ORDER BY c.ordinal, a.id, v.id
                    """)
            {
                versions[Int(try row.value(0, as: Int64.self)) - 1, default: []].append(Self.storedAction(row, from: 1))
            }
            var result: [ContractKey: ContractSnapshot] = [:]
            for (index, key) in contracts.enumerated() {
                result[key] = ContractSnapshot(
                    actions: actions[index] ?? [], histories: VersionHistory.histories(versions[index] ?? []),
                    revision: revisions[index] ?? 0)
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
        _ classifications: [ContractKey: ContractClassification], derivedFrom revisions: [ContractKey: Int64],
        detectedAt: Timestamp
    ) async throws -> Set<ContractKey> {
        let keys = Array(classifications.keys)
        guard !keys.isEmpty else { return [] }
        let expected = keys.map { revisions[$0] ?? 0 }
        let timelines = keys.map { classifications[$0]?.timeline.storedText ?? "" }
        return try await write { session in
            try await session.execute(SearchGenerationSQL.advance)
            // The check and the writes are one step of one transaction, as on SQLite; each is one
            // statement for all the contracts, since each statement is a round trip.
            var contractIDs: [Int: Int64] = [:]
            var outdated: Set<ContractKey> = []
            let key = keys.columns
            for row in try await session.rows(
                of: """
                    WITH found AS (
                        SELECT k.ordinal, c.id, c.revision = k.revision AS current, k.timeline
                        FROM unnest(
                            \(key.agencyIDs), \(key.piids), \(key.idvAgencyIDs), \(key.idvPIIDs), \(expected), \(timelines))
                             WITH ORDINALITY AS k(agency_id, piid, idv_agency_id, idv_piid, revision, timeline, ordinal)
                        JOIN contracts c ON \(unescaped: Self.contractMatchesK)),
                    marked AS (
                        UPDATE contracts SET classified_revision = contracts.revision, timeline_summary = found.timeline
                        FROM found
                        WHERE contracts.id = found.id AND found.current)
                    SELECT ordinal, id, current FROM found
                    """)
            {
                let index = Int(try row.value(0, as: Int64.self)) - 1
                if try row.value(2, as: Bool.self) {
                    contractIDs[index] = try row.value(1)
                } else {
                    outdated.insert(keys[index])
                }
            }
            guard !contractIDs.isEmpty else { return outdated }
            let classified = Array(contractIDs.values)

            var actionIDs: [Int64: [String: Int64]] = [:]
            for row in try await session.rows(
                of: """
                    SELECT contract_id, id, mod_number, transaction_number, kind FROM actions
                    WHERE contract_id = ANY(\(classified))
                    """)
            {
                let position = EventSQL.position(
                    modNumber: try row.value(2), transactionNumber: try row.value(3), kind: try row.value(4))
                actionIDs[try row.value(0), default: [:]][position] = try row.value(1)
            }

            // The rows as columns; NULL travels as a value no event has, since arrays here hold
            // no NULLs: an empty date or amount, a negative latency.
            var rows: [Int64: EventRow] = [:]
            var order: [Int64] = []
            for (index, contractID) in contractIDs {
                for event in classifications[keys[index]]?.events ?? [] {
                    let action = event.action
                    let position = EventSQL.position(
                        modNumber: action.modNumber, transactionNumber: action.transactionNumber,
                        kind: action.kind.rawValue)
                    guard let actionID = actionIDs[contractID]?[position] else { continue }
                    let row = try EventRow(event, contractID: contractID, actionID: actionID)
                    if rows[row.id] == nil { order.append(row.id) }
                    rows[row.id] = row
                }
            }
            let kept = order.compactMap { rows[$0] }
            if !kept.isEmpty {
                let ids = kept.map(\.id), contracts = kept.map(\.contractID), actions = kept.map(\.actionID)
                let types = kept.map(\.type), dates = kept.map(\.date), amounts = kept.map(\.amount)
                let confidences = kept.map(\.confidence), partial = kept.map(\.isPartial)
                let evidence = kept.map(\.evidence), latencies = kept.map(\.latency)
                // The conflict clause leaves detected_at and its latency as they were first stored,
                // and an event derived again unchanged as it is: rewriting it moved it in its indexes.
                try await session.execute(
                    query: """
                        INSERT INTO events (id, contract_id, action_id, type, date, amount, confidence, is_partial,
                                            evidence, detected_at, detection_latency_seconds)
                        SELECT id, contract_id, action_id, type, nullif(date, \(EventRow.noDate)), nullif(amount, ''),
                               confidence, is_partial, evidence, \(StoredTime.stored(detectedAt)), nullif(latency, -1)
                        FROM unnest(\(ids), \(contracts), \(actions), \(types), \(dates), \(amounts), \(confidences),
                                    \(partial), \(evidence), \(latencies))
                             AS e(id, contract_id, action_id, type, date, amount, confidence, is_partial, evidence, latency)
                        ON CONFLICT (id) DO UPDATE SET
                            date = excluded.date, amount = excluded.amount, confidence = excluded.confidence,
                            is_partial = excluded.is_partial, evidence = excluded.evidence
                        WHERE (events.date, events.amount, events.confidence, events.is_partial, events.evidence)
                            IS DISTINCT FROM
                            (excluded.date, excluded.amount, excluded.confidence, excluded.is_partial, excluded.evidence)
                        """)
            }
            // Events these actions no longer yield (a correction changed the text) go.
            try await session.execute(
                query: """
                    DELETE FROM events WHERE contract_id = ANY(\(classified)) AND NOT (id = ANY(\(kept.map(\.id))))
                    """)
            try await session.execute(
                query: "\(unescaped: EventSQL.copyActionParties(engine: .postgres)) contract_id = ANY(\(classified))")
            return outdated
        }
    }

    /// One event as the columns of the bulk insert in ``replaceEvents(_:derivedFrom:detectedAt:)``.
    private struct EventRow {
        let id: Int64
        let contractID: Int64
        let actionID: Int64
        let type: Int64
        /// ``StoredTime/stored(_:)``, or ``noDate``: PostgreSQL's arrays here hold no NULLs.
        let date: Int64
        let amount: String
        let confidence: Double
        let isPartial: Bool
        let evidence: String
        let latency: Int64

        /// The date of an undated event in the insert's array.
        static let noDate = Int64.min

        init(_ event: ProcurementEvent, contractID: Int64, actionID: Int64) throws {
            id = try EventCodes.stored(id: event.id)
            self.contractID = contractID
            self.actionID = actionID
            type = EventCodes.stored(event.type)
            date = event.date.map(StoredTime.stored) ?? Self.noDate
            amount = event.amount?.text ?? ""
            confidence = event.confidence
            isPartial = event.isPartial
            evidence = EventSQL.evidenceJSON(event)
            latency = event.detectionLatencySeconds.map { Int64($0) } ?? -1
        }
    }

    package func events(_ query: EventQuery) async throws -> [ProcurementEvent] {
        try await read { session in
            guard let code = query.agency else {
                return try await events(
                    query, orderedBy: EventSQL.ordering(query.order), limit: query.limit, in: session)
            }
            let codes = try await AgencyCodeSQL.codes(naming: code, in: session)
            return try await events(
                query,
                statement: try EventSQL.agencyListing(query, codes: codes, limit: query.limit, engine: .postgres),
                in: session)
        }
    }

    package func newestEvents(_ query: EventQuery, limit: Int) async throws -> [ProcurementEvent] {
        try await read { session in
            try await events(query, orderedBy: "e.detected_at DESC, e.id DESC", limit: limit, in: session)
        }
    }

    /// The events `query` selects in this order, each with the watchlist entries its action matched.
    func events(
        _ query: EventQuery, orderedBy ordering: String, limit: Int?, in session: PostgresSession
    ) async throws -> [ProcurementEvent] {
        var rareAgency: (term: String, arguments: [SQLArgument])?
        if let code = query.agency {
            let generation: Int64 = try await session.value(SearchGenerationSQL.current) ?? 0
            rareAgency = try await rareAgencyCondition(on: "e.action_id", code: code, at: generation, in: session)
        }
        return try await events(
            query, statement: try EventSQL.statement(query, orderedBy: ordering, limit: limit, extra: rareAgency),
            in: session)
    }

    /// ``RareAgencySQL``'s condition on the action id `column` when the agency `code` names signs
    /// few actions, nil when a feed's walk finds a page sooner; decided once per generation.
    private func rareAgencyCondition(
        on column: String, code: String, at generation: Int64, in session: PostgresSession
    ) async throws -> (term: String, arguments: [SQLArgument])? {
        // A common agency kept as such costs no round trip: its codes are not needed.
        let kept = rareAgencies.value(for: code, at: generation)
        if kept == false { return nil }
        let codes = try await AgencyCodeSQL.codes(naming: code, in: session)
        let ids = RareAgencySQL.actionIDs(ofCodes: codes.count)
        let arguments = codes.map(SQLArgument.text)
        if kept == nil {
            let rows: Int = try await session.value(RareAgencySQL.count(ids), arguments) ?? 0
            rareAgencies.keep(rows < RareAgencySQL.limit, for: code, at: generation)
            if rows >= RareAgencySQL.limit { return nil }
        }
        return ("\(column) IN (\(ids))", arguments)
    }

    /// The events a statement over ``EventSQL/select``'s columns lists, each with the watchlist
    /// entries its action matched (of `query`'s watchlist).
    func events(
        _ query: EventQuery, statement: (sql: String, arguments: [SQLArgument]), in session: PostgresSession
    ) async throws -> [ProcurementEvent] {
        try await eventRows(query, statement: statement, in: session).map(\.event)
    }

    /// ``events(_:statement:in:)``, each with its action's row id.
    func eventRows(
        _ query: EventQuery, statement: (sql: String, arguments: [SQLArgument]), in session: PostgresSession
    ) async throws -> [(event: ProcurementEvent, actionID: Int64)] {
        let rows = try await session.rows(statement.sql, statement.arguments)
        let found = try await Self.matches(
            ofActions: try rows.map { try $0.value(9, as: Int64.self) }, watchlist: query.watchlist, in: session)
        return try rows.map { row in
            var event = try Self.event(row)
            let actionID: Int64 = try row.value(9)
            event.watchlistEntries = found[actionID] ?? []
            return (event, actionID)
        }
    }

    /// An event from the columns of ``EventSQL/select``.
    static func event(_ row: PostgresRandomAccessRow) throws -> ProcurementEvent {
        // The key's columns are NULL in outline (``EventSQL/outlineSelect``), which names the action by id.
        func text(_ index: Int) throws -> String { try row.value(index, as: String?.self) ?? "" }
        var event = ProcurementEvent(
            id: EventCodes.id(stored: try row.value(0)), type: try EventCodes.type(stored: try row.value(1)),
            action: ActionKey(
                kind: FPDSRecord.Kind(rawValue: try text(10)) ?? .award, agencyID: try text(11), piid: try text(12),
                modNumber: try text(13), transactionNumber: try text(14), idvAgencyID: try text(15),
                idvPIID: try text(16)),
            date: try row.value(2, as: Int64?.self).map(StoredTime.date(stored:)),
            amount: try row.value(3, as: String?.self).flatMap { FPDSAmount($0) }, confidence: try row.value(4),
            evidence: try row.value(6, as: String?.self).map(Evidence.list(fromJSON:)) ?? [],
            isPartial: try row.value(5),
            detectedAt: try row.value(7, as: Int64?.self).map(StoredTime.instant(stored:)))
        event.detectionLatencySeconds = try row.value(8, as: Int64?.self).map { Int($0) }
        event.parties = EventParties(
            vendorName: try row.value(17), vendorUEI: try row.value(18), agencyID: try row.value(19),
            agencyName: try row.value(20), departmentID: try row.value(21), departmentName: try row.value(22))
        return event
    }

    package func detectionLatency(detectedSince: Timestamp) async throws -> DetectionLatencySummary {
        // Ranked in the server, so that only the three figures cross the connection: a week of a
        // million freshly classified events took 7 s to send one by one. The ranks are
        // DetectionLatencySummary's nearest ranks, in integers.
        try await read { session in
            let since = StoredTime.stored(detectedSince)
            // Kept per search generation, as on SQLite.
            let generation: Int64 = try await session.value(SearchGenerationSQL.current) ?? 0
            return try await latencySummaries.value(for: detectedSince.description, at: generation) {
                let events: Int =
                    try await session.value("SELECT count(*) FROM events WHERE detected_at >= ?", [since]) ?? 0
                var summary = DetectionLatencySummary(
                    events: events, measured: 0, medianSeconds: nil, p90Seconds: nil, maxSeconds: nil)
                for row in try await session.rows(
                    """
                    SELECT latency, rank, measured FROM (
                        SELECT detection_latency_seconds AS latency,
                               row_number() OVER (ORDER BY detection_latency_seconds) AS rank, count(*) OVER () AS measured
                        FROM events WHERE detected_at >= ? AND detection_latency_seconds IS NOT NULL) ranked
                    WHERE rank IN ((50 * measured + 99) / 100, (90 * measured + 99) / 100, measured)
                    """, [since])
                {
                    let (latency, rank, measured) =
                        (
                            Int(try row.value(0, as: Int64.self)), try row.value(1, as: Int64.self),
                            try row.value(2, as: Int64.self)
                        )
                    summary.measured = Int(measured)
                    if rank == (50 * measured + 99) / 100 { summary.medianSeconds = latency }
                    if rank == (90 * measured + 99) / 100 { summary.p90Seconds = latency }
                    if rank == measured { summary.maxSeconds = latency }
                }
                return summary
            }
        }
    }
}
