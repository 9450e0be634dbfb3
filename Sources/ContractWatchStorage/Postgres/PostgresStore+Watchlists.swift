package import ContractWatchCore
import FPDS
import Foundation
import PostgresNIO

extension PostgresStore {
    // MARK: - Lists

    package func watchlistSummaries() async throws -> [WatchlistSummary] {
        try await read { session in
            try await session.rows(
                """
                SELECT w.name, w.description, w.builtin, w.updated_at,
                       (SELECT count(*) FROM watchlist_entries e WHERE e.watchlist_id = w.id),
                       (SELECT count(*) FROM watchlist_matches m JOIN watchlist_entries e ON e.id = m.entry_row
                        WHERE e.watchlist_id = w.id),
                       w.enabled
                FROM watchlists w ORDER BY w.name
                """
            ).map {
                WatchlistSummary(
                    name: try $0.value(0), description: try $0.value(1), isBuiltIn: try $0.value(2),
                    isEnabled: try $0.value(6), entries: try $0.value(4), matches: try $0.value(5),
                    updatedAt: try $0.value(3))
            }
        }
    }

    package func watchlists() async throws -> [Watchlist] {
        try await read { session in
            var lists: [Watchlist] = []
            let decoder = JSONDecoder()
            for row in try await session.rows("SELECT id, name, description FROM watchlists ORDER BY name") {
                let bodies = try await session.values(
                    "SELECT body FROM watchlist_entries WHERE watchlist_id = ? ORDER BY id",
                    [try row.value(0, as: Int64.self)],
                    as: String.self)
                let entries = try bodies.map { try decoder.decode(WatchlistEntry.self, from: Data($0.utf8)) }
                lists.append(Watchlist(name: try row.value(1), description: try row.value(2), entries: entries))
            }
            return lists
        }
    }

    package func saveWatchlist(
        _ list: Watchlist, replacingEntries: Bool, builtin: Bool, at time: Timestamp
    ) async throws -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = SQLiteStore.watchlistEntryFormatting
        let bodies = try list.entries.map { ($0, String(decoding: try encoder.encode($0), as: UTF8.self)) }
        return try await write { session in
            let listID: Int64 =
                try await session.value(
                    """
                    INSERT INTO watchlists (name, description, builtin, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET description = excluded.description, updated_at = excluded.updated_at,
                        builtin = excluded.builtin
                    RETURNING id
                    """, [list.name, list.description, builtin, time.description, time.description]) ?? 0
            var changed: [String] = []
            for (entry, body) in bodies {
                let stored: String? = try await session.value(
                    "SELECT body FROM watchlist_entries WHERE watchlist_id = ? AND entry_id = ?", [listID, entry.id])
                guard stored != body else { continue }
                changed.append(entry.id)
                try await session.execute(
                    """
                    INSERT INTO watchlist_entries (watchlist_id, entry_id, kind, body, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (watchlist_id, entry_id) DO UPDATE SET
                        kind = excluded.kind, body = excluded.body, updated_at = excluded.updated_at
                    """, [listID, entry.id, entry.kind.rawValue, body, time.description])
            }
            if replacingEntries {
                let keep = Set(list.entries.map(\.id))
                for id in try await session.values(
                    "SELECT entry_id FROM watchlist_entries WHERE watchlist_id = ?", [listID], as: String.self)
                where !keep.contains(id) {
                    try await Self.deleteEntry(id, listID: listID, in: session)
                }
            }
            return changed
        }
    }

    package func setWatchlistEnabled(_ name: String, _ enabled: Bool, at time: Timestamp) async throws -> Bool {
        try await write { session in
            try await session.execute(
                "UPDATE watchlists SET enabled = ?, updated_at = ? WHERE name = ?", [enabled, time.description, name])
                > 0
        }
    }

    package func removeWatchlist(_ name: String, entry: String?) async throws -> Bool {
        try await write { session in
            guard let listID: Int64 = try await session.value("SELECT id FROM watchlists WHERE name = ?", [name])
            else { return false }
            if let entry {
                guard
                    try await session.value(
                        "SELECT id FROM watchlist_entries WHERE watchlist_id = ? AND entry_id = ?", [listID, entry],
                        as: Int64.self) != nil
                else { return false }
                try await Self.deleteEntry(entry, listID: listID, in: session)
                return true
            }
            for id in try await session.values(
                "SELECT entry_id FROM watchlist_entries WHERE watchlist_id = ?", [listID], as: String.self)
            {
                try await Self.deleteEntry(id, listID: listID, in: session)
            }
            try await session.execute("DELETE FROM watchlists WHERE id = ?", [listID])
            return true
        }
    }

    private static func deleteEntry(_ id: String, listID: Int64, in session: PostgresSession) async throws {
        guard
            let row: Int64 = try await session.value(
                "SELECT id FROM watchlist_entries WHERE watchlist_id = ? AND entry_id = ?", [listID, id])
        else { return }
        try await session.execute("DELETE FROM watchlist_matches WHERE entry_row = ?", [row])
        try await session.execute("DELETE FROM watchlist_entries WHERE id = ?", [row])
    }

    // MARK: - Judgements and built-ins

    package func judgements() async throws -> [Judgement] {
        try await read { session in
            try await session.rows(
                "SELECT watchlist, entry_id, vendor_key, same, note, decided_at FROM judgements ORDER BY decided_at"
            ).map {
                Judgement(
                    watchlist: try $0.value(0), entryID: try $0.value(1), vendorKey: try $0.value(2),
                    same: try $0.value(3), note: try $0.value(4), decidedAt: try $0.value(5))
            }
        }
    }

    package func saveJudgement(_ judgement: Judgement) async throws {
        try await write { session in
            try await session.execute(
                """
                INSERT INTO judgements (watchlist, entry_id, vendor_key, same, note, decided_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (watchlist, entry_id, vendor_key) DO UPDATE SET
                    same = excluded.same, note = excluded.note, decided_at = excluded.decided_at
                """,
                [
                    judgement.watchlist, judgement.entryID, judgement.vendorKey, judgement.same, judgement.note,
                    judgement.decidedAt,
                ])
            guard !judgement.same else { return }
            try await session.execute(
                """
                DELETE FROM watchlist_matches WHERE vendor_key = ? AND entry_row IN (
                    SELECT e.id FROM watchlist_entries e JOIN watchlists w ON w.id = e.watchlist_id
                    WHERE w.name = ? AND e.entry_id = ?)
                """, [judgement.vendorKey, judgement.watchlist, judgement.entryID])
        }
    }

    package func installedBuiltIns() async throws -> [String: String] {
        try await read { session in
            Dictionary(
                try await session.rows("SELECT name, document_hash FROM builtin_watchlists").map {
                    (try $0.value(0, as: String.self), try $0.value(1, as: String.self))
                }, uniquingKeysWith: { first, _ in first })
        }
    }

    package func recordBuiltInInstalled(_ name: String, hash: String, at time: Timestamp) async throws {
        try await write { session in
            try await session.execute(
                """
                INSERT INTO builtin_watchlists (name, document_hash, installed_at) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET document_hash = excluded.document_hash, installed_at = excluded.installed_at
                """, [name, hash, time.description])
        }
    }

    // MARK: - Screening

    package func actionsToScreen(after cursor: Int64?, limit: Int) async throws -> [ScreeningCandidate] {
        try await read { session in
            try await session.rows(
                "\(Self.screeningSelect) WHERE a.id > ? ORDER BY a.id LIMIT ?", [cursor ?? 0, limit]
            ).map(Self.screeningCandidate)
        }
    }

    package func actionsToScreen(of contracts: [ContractKey]) async throws -> [ScreeningCandidate] {
        let key = contracts.columns
        return try await read { session in
            // One statement for all the contracts: each is a round trip.
            try await session.rows(
                of: """
                    \(unescaped: Self.screeningSelect)
                    JOIN unnest(\(key.agencyIDs), \(key.piids), \(key.idvAgencyIDs), \(key.idvPIIDs))
                         WITH ORDINALITY AS k(agency_id, piid, idv_agency_id, idv_piid, ordinal)
                      ON a.agency_id = k.agency_id AND a.piid = k.piid AND a.idv_agency_id = k.idv_agency_id
                         AND a.idv_piid = k.idv_piid
                    ORDER BY k.ordinal, a.id
                    """
            ).map(Self.screeningCandidate)
        }
    }

    package func actionIDs(matching expression: SearchExpression) async throws -> Set<Int64> {
        let (condition, binds) = expression.postgresCondition()
        return try await read { session in
            Set(
                try await session.values(
                    """
                    SELECT a.id FROM actions a JOIN action_versions v ON v.id = a.current_version_id
                    WHERE \(condition)
                    """, binds, as: Int64.self))
        }
    }

    package func replaceMatches(
        _ found: [Int64: [WatchlistMatch]], of actions: [Int64], for entries: Set<WatchlistEntryReference>?,
        historical: Bool, at time: Timestamp
    ) async throws -> (new: [WatchlistMatch], removed: Int) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = SQLiteStore.watchlistEntryFormatting
        let explanations = try found.mapValues { matches in
            try matches.map { String(decoding: try encoder.encode($0.features), as: UTF8.self) }
        }
        return try await write { session in
            var entryRows: [WatchlistEntryReference: Int64] = [:]
            for row in try await session.rows(
                "SELECT e.id, w.name, e.entry_id FROM watchlist_entries e JOIN watchlists w ON w.id = e.watchlist_id")
            {
                let reference = WatchlistEntryReference(watchlist: try row.value(1), entryID: try row.value(2))
                if entries?.contains(reference) ?? true { entryRows[reference] = try row.value(0) }
            }
            let scopedRows = Set(entryRows.values)
            var new: [WatchlistMatch] = []
            var removed = 0
            // What is stored, for all the actions in one statement: each is a round trip.
            var storedRows: [Int64: Set<Int64>] = [:]
            for row in try await session.rows(
                of: "SELECT action_id, entry_row FROM watchlist_matches WHERE action_id = ANY(\(actions))")
            {
                let entryRow: Int64 = try row.value(1)
                if scopedRows.contains(entryRow) { storedRows[try row.value(0), default: []].insert(entryRow) }
            }
            for actionID in actions {
                let stored = storedRows[actionID] ?? []
                let matches = zip(found[actionID] ?? [], explanations[actionID] ?? []).compactMap {
                    match, explanation in
                    entryRows[WatchlistEntryReference(watchlist: match.watchlist, entryID: match.entryID)].map {
                        (row: $0, match: match, explanation: explanation)
                    }
                }
                for row in stored.subtracting(matches.map(\.row)) {
                    try await session.execute(
                        "DELETE FROM watchlist_matches WHERE entry_row = ? AND action_id = ?", [row, actionID])
                    removed += 1
                }
                for (row, match, explanation) in matches {
                    if stored.contains(row) {
                        try await session.execute(
                            """
                            UPDATE watchlist_matches SET score = ?, explanation = ?, vendor_key = ?
                            WHERE entry_row = ? AND action_id = ?
                            """, [match.score, explanation, match.vendorKey, row, actionID])
                    } else {
                        try await session.execute(
                            """
                            INSERT INTO watchlist_matches (entry_row, action_id, vendor_key, score, explanation,
                                                           historical, matched_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """,
                            [row, actionID, match.vendorKey, match.score, explanation, historical, time.description])
                        new.append(match)
                    }
                }
            }
            return (new, removed)
        }
    }

    private static var screeningSelect: String { SQLiteStore.screeningSelect }

    private static func screeningCandidate(_ row: PostgresRandomAccessRow) throws -> ScreeningCandidate {
        ScreeningCandidate(
            id: try row.value(0), action: SQLiteStore.screeningAction { try? row.value($0, as: String?.self) ?? nil })
    }

    // MARK: - Reading matches

    package func matches(
        inWatchlist name: String
    ) async throws -> [(action: ActionKey, vendorName: String?, match: WatchlistMatch)] {
        try await read { session in
            var reader = WatchlistMatchReader()
            return try await session.rows(
                """
                \(SQLiteStore.matchSelect)
                WHERE w.name = ? ORDER BY m.score DESC, e.entry_id, a.agency_id, a.piid, a.mod_number
                """, [name]
            ).map { row in (try Self.matchActionKey(row), try row.value(9), try Self.match(row, reader: &reader).1) }
        }
    }

    /// The stored matches of these actions, by action id; only `watchlist`'s when given.
    static func matches(
        ofActions ids: [Int64], watchlist: String?, in session: PostgresSession
    ) async throws -> [Int64: [WatchlistMatch]] {
        var result: [Int64: [WatchlistMatch]] = [:]
        guard !ids.isEmpty else { return result }
        var reader = WatchlistMatchReader()
        // One statement for all the actions (each is a round trip), in SQLite's order: by entry.
        for row in try await session.rows(
            of: """
                \(unescaped: SQLiteStore.matchSelect)
                WHERE m.action_id = ANY(\(Array(Set(ids)))) AND (\(watchlist)::text IS NULL OR w.name = \(watchlist))
                ORDER BY m.action_id, m.entry_row
                """)
        {
            let (actionID, match) = try Self.match(row, reader: &reader)
            result[actionID, default: []].append(match)
        }
        return result
    }

    /// A match from the columns of ``SQLiteStore/matchSelect``.
    private static func match(
        _ row: PostgresRandomAccessRow, reader: inout WatchlistMatchReader
    ) throws -> (Int64, WatchlistMatch) {
        let match = try reader.match(
            watchlist: try row.value(6), entryID: try row.value(7), entryBody: try row.value(8),
            score: try row.value(2), explanation: try row.value(3), vendorKey: try row.value(1),
            historical: try row.value(4), matchedAt: try row.value(5))
        return (try row.value(0), match)
    }

    private static func matchActionKey(_ row: PostgresRandomAccessRow) throws -> ActionKey {
        ActionKey(
            kind: FPDSRecord.Kind(rawValue: try row.value(10)) ?? .award, agencyID: try row.value(11),
            piid: try row.value(12), modNumber: try row.value(13), transactionNumber: try row.value(14),
            idvAgencyID: try row.value(15), idvPIID: try row.value(16))
    }
}
