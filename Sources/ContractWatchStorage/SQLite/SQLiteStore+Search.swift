package import ContractWatchCore
import FPDS
import Foundation
import GRDB

extension SQLiteStore {
    // MARK: - Search

    package func search(_ query: SearchQuery) async throws -> SearchPage {
        let (conditions, arguments) = Self.searchConditions(query)
        var pageConditions = conditions
        var pageArguments = arguments
        if let after = query.after {
            // Keyset pagination: the next page starts strictly after the last row shown.
            pageConditions.append("(a.signed_date, a.id) < (?, ?)")
            pageArguments += [after.signedDate, after.actionID]
        }
        let limit = min(max(query.limit, 1), 200)
        do {
            return try await page(pageConditions, pageArguments, facets: (conditions, arguments), limit: limit)
        } catch let error as DatabaseError
            where error.resultCode == .SQLITE_ERROR && (query.text != nil || query.vendor != nil)
        {
            // The rest of the SQL is fixed; a plain SQL error here is FTS5 rejecting the user's words
            // ("unterminated string", "fts5: syntax error near …").
            throw SearchError.invalidQuery(query.text ?? query.vendor ?? "")
        }
    }

    private func page(
        _ pageConditions: [String], _ pageArguments: StatementArguments,
        facets facetFilter: ([String], StatementArguments), limit: Int
    ) async throws -> SearchPage {
        try await writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.actionColumns), a.id AS action_id, a.signed_date AS action_signed_date
                    FROM actions a JOIN action_versions v ON v.id = a.current_version_id
                    \(Self.actionJoins)
                    \(Self.whereClause(pageConditions))
                    ORDER BY a.signed_date DESC, a.id DESC LIMIT ?
                    """, arguments: pageArguments + [limit + 1])
            let shown = rows.prefix(limit)
            let next =
                rows.count > limit
                ? shown.last.map {
                    SearchCursor(signedDate: $0["action_signed_date"], actionID: $0["action_id"])
                } : nil
            let (facets, total) = try Self.facets(facetFilter.0, facetFilter.1, in: db)
            return SearchPage(
                actions: shown.map(Self.storedAction), facets: facets, facetTotal: total, nextCursor: next ?? nil)
        }
    }

    /// SQL conditions over `a` (actions) and `v` (current versions), with their arguments bound.
    private static func searchConditions(_ query: SearchQuery) -> ([String], StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        func add(_ condition: String, _ values: [(any DatabaseValueConvertible)?]) {
            conditions.append(condition)
            arguments += StatementArguments(values)
        }
        if let text = query.text, !text.isEmpty {
            add("a.id IN (SELECT rowid FROM action_search WHERE action_search MATCH ?)", [text])
        }
        if let agency = query.agency {
            add("(v.contracting_agency_id = ? OR v.funding_agency_id = ?)", [agency, agency])
        }
        if let office = query.office { add("v.contracting_office_id = ?", [office]) }
        if let vendor = query.vendor {
            if Self.looksLikeUEI(vendor) {
                add("v.vendor_uei = ?", [vendor])
            } else {
                // The vendor's name words, as a phrase in the vendor column only.
                let phrase = "\"" + vendor.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                add(
                    "a.id IN (SELECT rowid FROM action_search WHERE action_search MATCH ?)", ["vendor_name : " + phrase]
                )
            }
        }
        if let code = query.productOrServiceCode {
            add("substr(v.product_or_service_code, 1, length(?)) = ?", [code, code])
        }
        if let code = query.naicsCode { add("substr(v.naics_code, 1, length(?)) = ?", [code, code]) }
        if let from = query.from { add("a.signed_date >= ?", [from.description]) }
        if let to = query.to { add("a.signed_date < ?", [to.description]) }
        if let minimum = query.minAmount { add("CAST(v.obligated_amount AS REAL) >= ?", [minimum]) }
        if let maximum = query.maxAmount { add("CAST(v.obligated_amount AS REAL) <= ?", [maximum]) }
        if let type = query.eventType {
            add("a.id IN (SELECT action_id FROM events WHERE type = ?)", [type.rawValue])
        }
        if let watchlist = query.watchlist {
            add(
                """
                a.id IN (SELECT m.action_id FROM watchlist_matches m JOIN watchlist_entries e ON e.id = m.entry_row
                         JOIN watchlists w ON w.id = e.watchlist_id WHERE w.name = ?)
                """, [watchlist])
        }
        return (conditions, arguments)
    }

    private static func whereClause(_ conditions: [String]) -> String {
        conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }

    /// 12 upper-case letters and digits: the shape of a SAM.gov Unique Entity ID.
    static func looksLikeUEI(_ text: String) -> Bool {
        text.count == 12 && text.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }

    private static func facets(
        _ conditions: [String], _ arguments: StatementArguments, in db: Database
    ) throws -> ([String: [FacetCount]], Int) {
        let matched = """
            WITH matched AS (
                SELECT a.id, a.signed_date, v.contracting_agency_id AS agency
                FROM actions a JOIN action_versions v ON v.id = a.current_version_id
                \(whereClause(conditions))
                ORDER BY a.signed_date DESC, a.id DESC LIMIT \(SearchPage.facetWindow))
            """
        func counts(_ select: String) throws -> [FacetCount] {
            try Row.fetchAll(db, sql: matched + select, arguments: arguments).map {
                FacetCount(value: $0[0] ?? "", label: $0[1], count: $0[2])
            }
        }
        let total = try Int.fetchOne(db, sql: matched + " SELECT count(*) FROM matched", arguments: arguments) ?? 0
        let facets: [String: [FacetCount]] = [
            "agency": try counts(
                """
                SELECT m.agency, g.name, count(*) FROM matched m LEFT JOIN agencies g ON g.code = m.agency
                WHERE m.agency IS NOT NULL GROUP BY m.agency ORDER BY 3 DESC, 1 LIMIT 20
                """),
            "year": try counts(
                """
                SELECT substr(m.signed_date, 1, 4), NULL, count(*) FROM matched m WHERE m.signed_date <> ''
                GROUP BY 1 ORDER BY 1 DESC LIMIT 30
                """),
            "eventType": try counts(
                """
                SELECT e.type, NULL, count(DISTINCT e.action_id) FROM events e JOIN matched m ON m.id = e.action_id
                GROUP BY e.type ORDER BY 3 DESC, 1
                """),
        ]
        return (facets, total)
    }

    // MARK: - Vendors

    package func vendor(uei: String) async throws -> VendorProfile? {
        try await writer.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, uei, name, cage_code, duns, country, ultimate_parent_uei, ultimate_parent_name,
                               first_seen, last_seen
                        FROM vendors WHERE uei = ?
                        """, arguments: [uei])
            else { return nil }
            let vendorID: Int64 = row["id"]
            let names = try String.fetchAll(
                db,
                sql: """
                    SELECT v.vendor_name FROM actions a JOIN action_versions v ON v.id = a.current_version_id
                    WHERE a.vendor_id = ? AND v.vendor_name IS NOT NULL GROUP BY v.vendor_name ORDER BY count(*) DESC
                    """, arguments: [vendorID])
            let contracts = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.agency_id, a.piid, max(a.signed_date), count(*) FROM actions a WHERE a.vendor_id = ?
                    GROUP BY a.agency_id, a.piid ORDER BY 3 DESC LIMIT 500
                    """, arguments: [vendorID]
            ).map {
                (agencyID: $0[0] as String, piid: $0[1] as String, lastSigned: $0[2] as String?, actions: $0[3] as Int)
            }
            let actionCount =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM actions WHERE vendor_id = ?", arguments: [vendorID]) ?? 0
            let contractCount =
                try Int.fetchOne(
                    db, sql: "SELECT count(DISTINCT contract_id) FROM actions WHERE vendor_id = ?",
                    arguments: [vendorID]) ?? 0
            return VendorProfile(
                uei: row["uei"], name: row["name"], names: names, cageCode: row["cage_code"], duns: row["duns"],
                country: row["country"], ultimateParentUEI: row["ultimate_parent_uei"],
                ultimateParentName: row["ultimate_parent_name"], firstSeen: row["first_seen"],
                lastSeen: row["last_seen"], actionCount: actionCount, contractCount: contractCount,
                contracts: contracts)
        }
    }

    // MARK: - Tokens

    package func saveToken(name: String, secretHash: String, at time: String) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO api_tokens (name, secret_hash, created_at) VALUES (?, ?, ?)",
                arguments: [name, secretHash, time])
        }
    }

    package func tokenName(secretHash: String, at time: String) async throws -> String? {
        try await writer.write { db in
            guard
                let name = try String.fetchOne(
                    db, sql: "SELECT name FROM api_tokens WHERE secret_hash = ?", arguments: [secretHash])
            else { return nil }
            try db.execute(
                sql: "UPDATE api_tokens SET last_used_at = ? WHERE secret_hash = ?", arguments: [time, secretHash])
            return name
        }
    }
}
