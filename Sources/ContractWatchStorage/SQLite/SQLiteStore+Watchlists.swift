package import ContractWatchCore
import FPDS
import Foundation
import GRDB

extension SQLiteStore {
    // MARK: - Lists

    package func watchlistSummaries() async throws -> [WatchlistSummary] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT w.name, w.description, w.builtin, w.updated_at,
                           (SELECT count(*) FROM watchlist_entries e WHERE e.watchlist_id = w.id),
                           (SELECT count(*) FROM watchlist_matches m JOIN watchlist_entries e ON e.id = m.entry_row
                            WHERE e.watchlist_id = w.id),
                           w.enabled
                    FROM watchlists w ORDER BY w.name
                    """
            ).map {
                WatchlistSummary(
                    name: $0[0], description: $0[1], isBuiltIn: $0[2], isEnabled: $0[6], entries: $0[4],
                    matches: $0[5], updatedAt: $0[3])
            }
        }
    }

    package func watchlists() async throws -> [Watchlist] {
        try await writer.read { db in
            var lists: [Watchlist] = []
            let decoder = JSONDecoder()
            for row in try Row.fetchAll(db, sql: "SELECT id, name, description FROM watchlists ORDER BY name") {
                let bodies = try String.fetchAll(
                    db, sql: "SELECT body FROM watchlist_entries WHERE watchlist_id = ? ORDER BY id",
                    arguments: [row[0] as Int64])
                let entries = try bodies.map { try decoder.decode(WatchlistEntry.self, from: Data($0.utf8)) }
                lists.append(Watchlist(name: row[1], description: row[2], entries: entries))
            }
            return lists
        }
    }

    /// How entry bodies are encoded: stable, so that an unchanged entry stores the same bytes.
    static let watchlistEntryFormatting: JSONEncoder.OutputFormatting = [.sortedKeys, .withoutEscapingSlashes]

    package func saveWatchlist(
        _ list: Watchlist, replacingEntries: Bool, builtin: Bool, at time: Timestamp
    ) async throws
        -> [String]
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = Self.watchlistEntryFormatting
        let bodies = try list.entries.map { ($0, String(decoding: try encoder.encode($0), as: UTF8.self)) }
        return try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO watchlists (name, description, builtin, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET description = excluded.description, updated_at = excluded.updated_at,
                        builtin = excluded.builtin
                    """, arguments: [list.name, list.description, builtin, time.description, time.description])
            let listID =
                try Int64.fetchOne(db, sql: "SELECT id FROM watchlists WHERE name = ?", arguments: [list.name]) ?? 0
            var changed: [String] = []
            for (entry, body) in bodies {
                let stored = try String.fetchOne(
                    db, sql: "SELECT body FROM watchlist_entries WHERE watchlist_id = ? AND entry_id = ?",
                    arguments: [listID, entry.id])
                guard stored != body else { continue }
                changed.append(entry.id)
                try db.execute(
                    sql: """
                        INSERT INTO watchlist_entries (watchlist_id, entry_id, kind, body, updated_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (watchlist_id, entry_id) DO UPDATE SET
                            kind = excluded.kind, body = excluded.body, updated_at = excluded.updated_at
                        """, arguments: [listID, entry.id, entry.kind.rawValue, body, time.description])
            }
            if replacingEntries {
                let keep = Set(list.entries.map(\.id))
                for id in try String.fetchAll(
                    db, sql: "SELECT entry_id FROM watchlist_entries WHERE watchlist_id = ?", arguments: [listID])
                where !keep.contains(id) {
                    try Self.deleteEntry(id, listID: listID, in: db)
                }
            }
            return changed
        }
    }

    package func setWatchlistEnabled(_ name: String, _ enabled: Bool, at time: Timestamp) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE watchlists SET enabled = ?, updated_at = ? WHERE name = ?",
                arguments: [enabled, time.description, name])
            return db.changesCount > 0
        }
    }

    package func removeWatchlist(_ name: String, entry: String?) async throws -> Bool {
        try await writer.write { db in
            guard
                let listID = try Int64.fetchOne(db, sql: "SELECT id FROM watchlists WHERE name = ?", arguments: [name])
            else { return false }
            if let entry {
                guard
                    try Int64.fetchOne(
                        db, sql: "SELECT id FROM watchlist_entries WHERE watchlist_id = ? AND entry_id = ?",
                        arguments: [listID, entry]) != nil
                else { return false }
                try Self.deleteEntry(entry, listID: listID, in: db)
                return true
            }
            for id in try String.fetchAll(
                db, sql: "SELECT entry_id FROM watchlist_entries WHERE watchlist_id = ?", arguments: [listID])
            {
                try Self.deleteEntry(id, listID: listID, in: db)
            }
            try db.execute(sql: "DELETE FROM watchlists WHERE id = ?", arguments: [listID])
            return true
        }
    }

    private static func deleteEntry(_ id: String, listID: Int64, in db: Database) throws {
        let row = try Int64.fetchOne(
            db, sql: "SELECT id FROM watchlist_entries WHERE watchlist_id = ? AND entry_id = ?",
            arguments: [listID, id])
        guard let row else { return }
        try db.execute(sql: "DELETE FROM watchlist_matches WHERE entry_row = ?", arguments: [row])
        try db.execute(sql: "DELETE FROM watchlist_entries WHERE id = ?", arguments: [row])
    }

    // MARK: - Judgements and built-ins

    package func judgements() async throws -> [Judgement] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT watchlist, entry_id, vendor_key, same, note, decided_at FROM judgements ORDER BY decided_at"
            ).map {
                Judgement(
                    watchlist: $0[0], entryID: $0[1], vendorKey: $0[2], same: $0[3], note: $0[4], decidedAt: $0[5])
            }
        }
    }

    package func saveJudgement(_ judgement: Judgement) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO judgements (watchlist, entry_id, vendor_key, same, note, decided_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (watchlist, entry_id, vendor_key) DO UPDATE SET
                        same = excluded.same, note = excluded.note, decided_at = excluded.decided_at
                    """,
                arguments: [
                    judgement.watchlist, judgement.entryID, judgement.vendorKey, judgement.same, judgement.note,
                    judgement.decidedAt,
                ])
            guard !judgement.same else { return }
            try db.execute(
                sql: """
                    DELETE FROM watchlist_matches WHERE vendor_key = ? AND entry_row IN (
                        SELECT e.id FROM watchlist_entries e JOIN watchlists w ON w.id = e.watchlist_id
                        WHERE w.name = ? AND e.entry_id = ?)
                    """, arguments: [judgement.vendorKey, judgement.watchlist, judgement.entryID])
        }
    }

    package func installedBuiltIns() async throws -> [String: String] {
        try await writer.read { db in
            Dictionary(
                try Row.fetchAll(db, sql: "SELECT name, document_hash FROM builtin_watchlists").map { ($0[0], $0[1]) },
                uniquingKeysWith: { first, _ in first })
        }
    }

    package func recordBuiltInInstalled(_ name: String, hash: String, at time: Timestamp) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO builtin_watchlists (name, document_hash, installed_at) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET document_hash = excluded.document_hash, installed_at = excluded.installed_at
                    """, arguments: [name, hash, time.description])
        }
    }

    // MARK: - Screening

    package func actionsToScreen(after cursor: Int64?, limit: Int) async throws -> [ScreeningCandidate] {
        try await writer.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "\(Self.screeningSelect) WHERE a.id > ? ORDER BY a.id LIMIT ?"),
                arguments: [cursor ?? 0, limit]
            ).map(Self.screeningCandidate)
        }
    }

    package func actionsToScreen(of contracts: [ContractKey]) async throws -> [ScreeningCandidate] {
        try await writer.read { db in
            try contracts.flatMap { key in
                try Row.fetchAll(
                    db.cachedStatement(sql: "\(Self.screeningSelect) WHERE \(ContractKey.matching("a"))"),
                    arguments: key.arguments
                ).map(Self.screeningCandidate)
            }
        }
    }

    package func actionIDs(matching expression: SearchExpression) async throws -> Set<Int64> {
        let (condition, binds) = expression.sqliteCondition()
        return try await writer.read { db in
            try Int64.fetchSet(
                db,
                sql: """
                    SELECT a.id FROM actions a JOIN action_versions v ON v.id = a.current_version_id
                    WHERE \(condition)
                    """, arguments: StatementArguments(binds))
        }
    }

    package func replaceMatches(
        _ found: [Int64: [WatchlistMatch]], of actions: [Int64], for entries: Set<WatchlistEntryReference>?,
        historical: Bool, at time: Timestamp
    ) async throws -> (new: [WatchlistMatch], removed: Int) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = Self.watchlistEntryFormatting
        let explanations = try found.mapValues { matches in
            try matches.map { String(decoding: try encoder.encode($0.features), as: UTF8.self) }
        }
        return try await writer.write { db in
            var entryRows: [WatchlistEntryReference: Int64] = [:]
            for row in try Row.fetchAll(
                db,
                sql:
                    "SELECT e.id, w.name, e.entry_id FROM watchlist_entries e JOIN watchlists w ON w.id = e.watchlist_id"
            ) {
                let reference = WatchlistEntryReference(watchlist: row[1], entryID: row[2])
                if entries?.contains(reference) ?? true { entryRows[reference] = row[0] }
            }
            let scopedRows = Set(entryRows.values)
            var new: [WatchlistMatch] = []
            var removed = 0
            for actionID in actions {
                let stored = Set(
                    try Int64.fetchAll(
                        db.cachedStatement(sql: "SELECT entry_row FROM watchlist_matches WHERE action_id = ?"),
                        arguments: [actionID]
                    ).filter(scopedRows.contains))
                let matches = zip(found[actionID] ?? [], explanations[actionID] ?? []).compactMap {
                    match, explanation in
                    entryRows[WatchlistEntryReference(watchlist: match.watchlist, entryID: match.entryID)].map {
                        (row: $0, match: match, explanation: explanation)
                    }
                }
                for row in stored.subtracting(matches.map(\.row)) {
                    try db.cachedStatement(sql: "DELETE FROM watchlist_matches WHERE entry_row = ? AND action_id = ?")
                        .execute(arguments: [row, actionID])
                    removed += 1
                }
                for (row, match, explanation) in matches {
                    if stored.contains(row) {
                        try db.cachedStatement(
                            sql: """
                                UPDATE watchlist_matches SET score = ?, explanation = ?, vendor_key = ?
                                WHERE entry_row = ? AND action_id = ?
                                """
                        ).execute(arguments: [match.score, explanation, match.vendorKey, row, actionID])
                    } else {
                        try db.cachedStatement(
                            sql: """
                                INSERT INTO watchlist_matches (entry_row, action_id, vendor_key, score, explanation,
                                                               historical, matched_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?)
                                """
                        ).execute(
                            arguments: [
                                row, actionID, match.vendorKey, match.score, explanation, historical, time.description,
                            ])
                        new.append(match)
                    }
                }
            }
            return (new, removed)
        }
    }

    /// The columns screening reads: the action's id, vendor and codes.
    static let screeningSelect = """
        SELECT a.id, v.vendor_name, v.vendor_alternate_names, v.vendor_uei, v.cage_code, v.vendor_duns,
               v.ultimate_parent_uei, v.ultimate_parent_name, v.vendor_country, v.contracting_agency_id,
               v.funding_agency_id, v.product_or_service_code, v.naics_code
        FROM actions a JOIN action_versions v ON v.id = a.current_version_id
        """

    private static func screeningCandidate(_ row: Row) -> ScreeningCandidate {
        ScreeningCandidate(id: row[0], action: screeningAction { row[$0] })
    }

    /// The action of a ``screeningSelect`` row, its text columns read by position from `text`.
    /// - Returns: The action, with only the fields screening reads.
    static func screeningAction(_ text: (Int) -> String?) -> ContractAction {
        var action = ContractAction(
            key: ActionKey(
                kind: .award, agencyID: "", piid: "", modNumber: "", transactionNumber: "", idvAgencyID: "", idvPIID: ""
            ))
        action.vendorName = text(1)
        action.vendorAlternateNames = text(2)?.split(separator: "\n").map(String.init) ?? []
        action.vendorUEI = text(3)
        action.cageCode = text(4)
        action.vendorDUNS = text(5)
        action.ultimateParentUEI = text(6)
        action.ultimateParentName = text(7)
        action.vendorCountry = text(8)
        action.contractingAgency = text(9).map { FPDSRecord.Agency(code: $0) }
        action.fundingAgency = text(10).map { FPDSRecord.Agency(code: $0) }
        action.productOrServiceCode = text(11).map { FPDSCode(code: $0) }
        action.naicsCode = text(12).map { FPDSCode(code: $0) }
        return action
    }

    // MARK: - Reading matches

    package func matches(
        inWatchlist name: String
    ) async throws -> [(
        action: ActionKey, vendorName: String?, match: WatchlistMatch
    )] {
        try await writer.read { db in
            var reader = WatchlistMatchReader()
            return try Row.fetchAll(
                db,
                sql: """
                    \(Self.matchSelect)
                    WHERE w.name = ? ORDER BY m.score DESC, e.entry_id, a.agency_id, a.piid, a.mod_number
                    """, arguments: [name]
            ).map { row in (Self.actionKey(row), row["vendor_name"], try Self.match(row, reader: &reader).1) }
        }
    }

    /// The stored matches of these actions, by action id; only `watchlist`'s when given.
    static func matches(ofActions ids: [Int64], watchlist: String?, in db: Database) throws -> [Int64: [WatchlistMatch]]
    {
        var result: [Int64: [WatchlistMatch]] = [:]
        guard !ids.isEmpty else { return result }
        var reader = WatchlistMatchReader()
        // One statement for all the actions, whatever their number (a JSON array of ids), in
        // PostgreSQL's order: a contract's page asks about each of its actions.
        let list = "[" + Set(ids).map(String.init).joined(separator: ",") + "]"
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    \(Self.matchSelect)
                    WHERE m.action_id IN (SELECT value FROM json_each(?)) AND (? IS NULL OR w.name = ?)
                    ORDER BY m.action_id, m.entry_row
                    """),
            arguments: [list, watchlist, watchlist])
        {
            let (actionID, match) = try Self.match(row, reader: &reader)
            result[actionID, default: []].append(match)
        }
        return result
    }

    static let matchSelect = """
        SELECT m.action_id, m.vendor_key, m.score, m.explanation, m.historical, m.matched_at, w.name AS watchlist,
               e.entry_id, e.body, v.vendor_name,
               a.kind, a.agency_id, a.piid, a.mod_number, a.transaction_number, a.idv_agency_id, a.idv_piid
        FROM watchlist_matches m
        JOIN watchlist_entries e ON e.id = m.entry_row
        JOIN watchlists w ON w.id = e.watchlist_id
        JOIN actions a ON a.id = m.action_id
        LEFT JOIN action_versions v ON v.id = a.current_version_id
        """

    private static func match(_ row: Row, reader: inout WatchlistMatchReader) throws -> (Int64, WatchlistMatch) {
        let match = try reader.match(
            watchlist: row["watchlist"], entryID: row["entry_id"], entryBody: row["body"], score: row["score"],
            explanation: row["explanation"], vendorKey: row["vendor_key"], historical: row["historical"],
            matchedAt: row["matched_at"])
        return (row["action_id"], match)
    }

    static func actionKey(_ row: Row) -> ActionKey {
        ActionKey(
            kind: FPDSRecord.Kind(rawValue: row["kind"]) ?? .award, agencyID: row["agency_id"], piid: row["piid"],
            modNumber: row["mod_number"], transactionNumber: row["transaction_number"],
            idvAgencyID: row["idv_agency_id"], idvPIID: row["idv_piid"])
    }
}
