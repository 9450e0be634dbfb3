package import ContractWatchCore
import FPDS
import Foundation
import GRDB

extension SQLiteStore {
    package func actions(of contracts: [ContractKey]) async throws -> [ContractKey: ContractSnapshot] {
        try await writer.read { db in
            var result: [ContractKey: ContractSnapshot] = [:]
            for key in contracts {
                let revision =
                    try Int64.fetchOne(
                        db.cachedStatement(sql: "SELECT revision FROM contracts WHERE \(ContractKey.matching())"),
                        arguments: key.arguments) ?? 0
                // The name lookups are left out: classification does not read them.
                let rows = try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT \(ActionColumn.listWithoutNames) FROM actions a
                            JOIN action_versions v ON v.id = a.current_version_id
                            WHERE \(ContractKey.matching("a"))
                            """),
                    arguments: key.arguments)
                // Every version of the actions that have several, sources included: what the
                // record said before it was corrected.
                let versions = try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT \(ActionColumn.list) FROM actions a JOIN action_versions v ON v.action_id = a.id
                            \(ActionColumn.joins)
                            WHERE \(ContractKey.matching("a")) AND \(ActionColumn.hasEarlierVersions)
                            """),
                    arguments: key.arguments)
                result[key] = ContractSnapshot(
                    actions: rows.map { Self.storedAction($0).action },
                    histories: VersionHistory.histories(versions.map(Self.storedAction)), revision: revision)
            }
            return result
        }
    }

    package func allContracts() async throws -> [ContractKey] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT agency_id, piid, idv_agency_id, idv_piid FROM contracts ORDER BY id")
                .map { ContractKey(agencyID: $0[0], piid: $0[1], idvAgencyID: $0[2], idvPIID: $0[3]) }
        }
    }

    package func contractsNeedingClassification() async throws -> [ContractKey] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT agency_id, piid, idv_agency_id, idv_piid FROM contracts
                    WHERE revision > classified_revision ORDER BY id
                    """
            ).map { ContractKey(agencyID: $0[0], piid: $0[1], idvAgencyID: $0[2], idvPIID: $0[3]) }
        }
    }

    package func replaceEvents(
        _ classifications: [ContractKey: ContractClassification], derivedFrom revisions: [ContractKey: Int64],
        detectedAt: Timestamp
    ) async throws -> Set<ContractKey> {
        // Encode outside the writer's transaction.
        let prepared = try classifications.mapValues { classification in
            (
                try classification.events.map { ($0, try EventCodes.stored(id: $0.id), EventSQL.evidenceJSON($0)) },
                classification.timeline.storedText
            )
        }
        return try await writer.write { db in
            try SearchGeneration.advance(in: db)
            var outdated: Set<ContractKey> = []
            for (key, (list, timeline)) in prepared {
                guard let contractID = try key.id(in: db) else { continue }
                // The check and the writes below are one step of one transaction: events derived
                // from a snapshot that a later write outdated are never stored.
                try db.cachedStatement(
                    sql: """
                        UPDATE contracts SET classified_revision = ?, timeline_summary = ?
                        WHERE id = ? AND revision = ?
                        """
                )
                .execute(arguments: [revisions[key] ?? 0, timeline, contractID, revisions[key] ?? 0])
                guard db.changesCount == 1 else {
                    outdated.insert(key)
                    continue
                }
                var keep: Set<Int64> = []
                // The contract's action ids, by the key parts that vary within a contract.
                var actionIDs: [String: Int64] = [:]
                for row in try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT a.id, a.mod_number, a.transaction_number, a.kind FROM actions a
                            WHERE \(ContractKey.matching("a"))
                            """),
                    arguments: key.arguments)
                {
                    actionIDs[EventSQL.position(modNumber: row[1], transactionNumber: row[2], kind: row[3])] = row[0]
                }
                for (event, id, evidence) in list {
                    let action = event.action
                    let position = EventSQL.position(
                        modNumber: action.modNumber, transactionNumber: action.transactionNumber,
                        kind: action.kind.rawValue)
                    guard let actionID = actionIDs[position] else { continue }
                    keep.insert(id)
                    // A new event comes with its action's parties (``EventSQL/copyActionParties(engine:)``
                    // then finds nothing to change): set after, each would move it in an index. The
                    // conflict clause leaves detected_at and its latency as they were first stored, and
                    // an event derived again unchanged as it is: rewriting it moved it in its indexes.
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO events (id, contract_id, action_id, type, date, amount, confidence, is_partial,
                                                evidence, detected_at, detection_latency_seconds,
                                                contracting_agency_id, funding_agency_id, vendor_id)
                            SELECT ?, ?, a.id, ?, ?, ?, ?, ?, ?, ?, ?,
                                   cv.contracting_agency_id, cv.funding_agency_id, a.vendor_id
                            FROM actions a LEFT JOIN action_versions cv ON cv.id = a.current_version_id
                            WHERE a.id = ?
                            ON CONFLICT (id) DO UPDATE SET
                                date = excluded.date, amount = excluded.amount, confidence = excluded.confidence,
                                is_partial = excluded.is_partial, evidence = excluded.evidence
                            WHERE date IS NOT excluded.date OR amount IS NOT excluded.amount
                                OR confidence IS NOT excluded.confidence OR is_partial IS NOT excluded.is_partial
                                OR evidence IS NOT excluded.evidence
                            """
                    ).execute(arguments: [
                        id, contractID, EventCodes.stored(event.type), event.date.map(StoredTime.stored),
                        event.amount?.text, event.confidence, event.isPartial, evidence, StoredTime.stored(detectedAt),
                        event.detectionLatencySeconds, actionID,
                    ])
                }
                // Events these actions no longer yield (a correction changed the text) go.
                let stored = try Int64.fetchAll(
                    db.cachedStatement(sql: "SELECT id FROM events WHERE contract_id = ?"), arguments: [contractID])
                for id in stored where !keep.contains(id) {
                    try db.cachedStatement(sql: "DELETE FROM events WHERE id = ?").execute(arguments: [id])
                }
                try db.cachedStatement(sql: EventSQL.copyActionParties(engine: .sqlite) + " contract_id = ?")
                    .execute(arguments: [contractID])
            }
            return outdated
        }
    }

    package func events(_ query: EventQuery) async throws -> [ProcurementEvent] {
        try await writer.read { db in
            guard let code = query.agency else {
                return try events(query, orderedBy: EventSQL.ordering(query.order), limit: query.limit, in: db)
            }
            let codes = try AgencyCodeSQL.codes(naming: code, in: db)
            return try events(
                query, statement: try EventSQL.agencyListing(query, codes: codes, limit: query.limit, engine: .sqlite),
                in: db)
        }
    }

    /// The events `query` selects in this order, each with the watchlist entries its action matched.
    func events(
        _ query: EventQuery, orderedBy ordering: String, limit: Int?, in db: Database
    ) throws
        -> [ProcurementEvent]
    {
        let rareAgency = try query.agency.flatMap { code in
            try RareAgencySQL.condition(on: "e.action_id", code: code, cache: rareAgencies, in: db)
        }
        return try events(
            query, statement: try EventSQL.statement(query, orderedBy: ordering, limit: limit, extra: rareAgency),
            in: db)
    }

    /// The events a statement over ``EventSQL/select``'s columns lists, each with the watchlist
    /// entries its action matched (of `query`'s watchlist).
    func events(
        _ query: EventQuery, statement: (sql: String, arguments: [SQLArgument]), in db: Database
    ) throws -> [ProcurementEvent] {
        try eventRows(query, statement: statement, in: db).map(\.event)
    }

    /// ``events(_:statement:in:)``, each with its action's row id.
    func eventRows(
        _ query: EventQuery, statement: (sql: String, arguments: [SQLArgument]), in db: Database
    ) throws -> [(event: ProcurementEvent, actionID: Int64)] {
        let (sql, values) = statement
        // Column 9 of ``EventSQL/select`` is the action's row id.
        let rows = try RowValues.all(
            db.makeStatement(sql: sql), arguments: StatementArguments(values.map(\.databaseValue))
        ) { row in (event: try Self.event(row), actionID: row.integer(9) ?? 0) }
        let found = try Self.matches(ofActions: rows.map(\.actionID), watchlist: query.watchlist, in: db)
        return rows.map { row in
            var event = row.event
            event.watchlistEntries = found[row.actionID] ?? []
            return (event, row.actionID)
        }
    }

    /// An event from the columns of ``EventSQL/select``, read by position: GRDB's lookup by name
    /// lowercases the name on every read, which cost more than the values themselves.
    static func event(_ values: RowValues) throws -> ProcurementEvent {
        func text(_ index: Int) -> String { values.text(index) ?? "" }
        var event = ProcurementEvent(
            id: EventCodes.id(stored: values.integer(0) ?? 0),
            type: try EventCodes.type(stored: values.integer(1) ?? -1),
            action: ActionKey(
                kind: FPDSRecord.Kind(rawValue: text(10)) ?? .award, agencyID: text(11), piid: text(12),
                modNumber: text(13), transactionNumber: text(14), idvAgencyID: text(15), idvPIID: text(16)),
            date: values.integer(2).map(StoredTime.date(stored:)),
            amount: values.text(3).flatMap { FPDSAmount($0) }, confidence: values.real(4) ?? 0,
            evidence: try values.text(6).map(Evidence.list(fromJSON:)) ?? [], isPartial: values.flag(5),
            detectedAt: values.integer(7).map(StoredTime.instant(stored:)))
        event.detectionLatencySeconds = values.integer(8).map(Int.init)
        event.parties = EventParties(
            vendorName: values.text(17), vendorUEI: values.text(18), agencyID: values.text(19),
            agencyName: values.text(20), departmentID: values.text(21), departmentName: values.text(22))
        return event
    }

    package func detectionLatency(detectedSince: Timestamp) async throws -> DetectionLatencySummary {
        try await writer.read { db in
            // Kept per search generation, which every replacement of events raises: `/healthz` is
            // asked often, and a week at a million events is a second's work.
            try latencySummaries.value(for: detectedSince.description, at: SearchGeneration.current(in: db)) {
                // Read from the feeds' index alone (detected_at, id, latency); the summary sorts in memory,
                // since percentiles need every value and a status page asks about a day or a week.
                let latencies = try Int?.fetchAll(
                    db,
                    sql: "SELECT detection_latency_seconds FROM events WHERE detected_at >= ?",
                    arguments: [StoredTime.stored(detectedSince)])
                return DetectionLatencySummary(events: latencies.count, latencies: latencies.compactMap { $0 })
            }
        }
    }
}
