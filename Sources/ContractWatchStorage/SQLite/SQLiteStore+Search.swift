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
            pageConditions.append("(a.signed_date, a.ordering_key) \(query.order == .newest ? "<" : ">") (?, ?)")
            pageArguments += [after.signedDate, after.orderingKey]
        }
        let limit = min(max(query.limit, 1), 200)
        // Terms, a vendor, event or watchlist filter select few actions: fetch those and sort
        // them, rather than walk the date index past a million others looking for them.
        let selective = query.terms != nil || query.vendor != nil || query.eventType != nil || query.watchlist != nil
        return try await page(
            pageConditions, pageArguments, facets: query.withFacets ? (conditions, arguments) : nil,
            order: query.order, limit: limit, sortMatches: selective)
    }

    private func page(
        _ pageConditions: [String], _ pageArguments: StatementArguments,
        facets facetFilter: ([String], StatementArguments)?, order: SearchOrder, limit: Int, sortMatches: Bool
    ) async throws -> SearchPage {
        let direction = order == .newest ? "DESC" : "ASC"
        // `+` keeps SQLite from ordering by the date index (see the caller).
        let sortKey =
            sortMatches
            ? "+a.signed_date \(direction), +a.ordering_key \(direction)"
            : "a.signed_date \(direction), a.ordering_key \(direction)"
        return try await writer.read { db in
            // One pass over the newest matches feeds the facets; for a first page in newest order
            // it is also the page, so the full-text query runs once per request, not once per facet.
            let window = try facetFilter.map { try Self.facetWindow($0.0, $0.1, sortMatches: sortMatches, in: db) }
            let pageIDs: [Int64]? =
                order == .newest && pageConditions.count == facetFilter?.0.count
                ? window.map { Array($0.prefix(limit + 1).map(\.id)) } : nil
            let (filter, arguments, ordering): (String, StatementArguments, String) =
                if let pageIDs {
                    (
                        "WHERE a.id IN (\(pageIDs.map { _ in "?" }.joined(separator: ", ")))",
                        StatementArguments(pageIDs), "ORDER BY a.signed_date DESC, a.ordering_key DESC"
                    )
                } else {
                    (Self.whereClause(pageConditions), pageArguments + [limit + 1], "ORDER BY \(sortKey) LIMIT ?")
                }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.actionColumns), a.ordering_key AS action_ordering_key, a.signed_date AS action_signed_date
                    FROM actions a JOIN action_versions v ON v.id = a.current_version_id
                    \(Self.actionJoins)
                    \(filter)
                    \(ordering)
                    """, arguments: arguments)
            let shown = rows.prefix(limit)
            let next =
                rows.count > limit
                ? shown.last.map {
                    SearchCursor(signedDate: $0["action_signed_date"], orderingKey: $0["action_ordering_key"])
                }
                : nil
            let facets = try window.map { try Self.facets(of: $0, in: db) } ?? [:]
            return SearchPage(
                actions: shown.map(Self.storedAction), facets: facets, facetTotal: window?.count ?? 0,
                nextCursor: next ?? nil)
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
        func add(_ expression: SearchExpression) {
            let (condition, values) = expression.sqliteCondition()
            conditions.append(condition)
            arguments += values
        }
        if let terms = query.terms { add(terms) }
        if let agency = query.agency {
            add("(v.contracting_agency_id = ? OR v.funding_agency_id = ?)", [agency, agency])
        }
        if let office = query.office { add("v.contracting_office_id = ?", [office]) }
        // The filters say what the matching field terms say (`vendor=X` is `vendor:X`).
        if let vendor = query.vendor { add(.field(.vendor, vendor)) }
        if let code = query.productOrServiceCode { add(.field(.psc, code)) }
        if let code = query.naicsCode { add(.field(.naics, code)) }
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

    /// The newest ``SearchPage/facetWindow`` matches: id, signed date, agency and event types.
    private static func facetWindow(
        _ conditions: [String], _ arguments: StatementArguments, sortMatches: Bool, in db: Database
    ) throws -> [(id: Int64, signedDate: String, agency: String?, eventTypes: String?)] {
        // The window is chosen on the actions alone (joined to their versions only when a filter
        // needs them); agencies and event types are read for the chosen rows only.
        let needsVersions = conditions.contains { $0.contains("v.") }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT t.id, t.signed_date, v.contracting_agency_id,
                       (SELECT group_concat(DISTINCT e.type) FROM events e WHERE e.action_id = t.id)
                FROM (
                    SELECT a.id, a.signed_date, a.ordering_key, a.current_version_id FROM actions a
                    \(needsVersions ? "JOIN action_versions v ON v.id = a.current_version_id" : "")
                    \(whereClause(conditions))
                    ORDER BY \(sortMatches ? "+a.signed_date DESC, +a.ordering_key DESC" : "a.signed_date DESC, a.ordering_key DESC")
                    LIMIT \(SearchPage.facetWindow)
                ) t JOIN action_versions v ON v.id = t.current_version_id
                ORDER BY t.signed_date DESC, t.ordering_key DESC
                """, arguments: arguments
        ).map { ($0[0], $0[1], $0[2], $0[3]) }
    }

    /// Counts by agency (top 20, with names), year signed and event type.
    private static func facets(
        of window: [(id: Int64, signedDate: String, agency: String?, eventTypes: String?)], in db: Database
    ) throws -> [String: [FacetCount]] {
        var agencies: [String: Int] = [:]
        var years: [String: Int] = [:]
        var types: [String: Int] = [:]
        for row in window {
            if let agency = row.agency, !agency.isEmpty { agencies[agency, default: 0] += 1 }
            if row.signedDate.count >= 4 { years[String(row.signedDate.prefix(4)), default: 0] += 1 }
            for type in (row.eventTypes ?? "").split(separator: ",") { types[String(type), default: 0] += 1 }
        }
        func ranked(_ counts: [String: Int]) -> [(String, Int)] {
            counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        }
        let topAgencies = Array(ranked(agencies).prefix(20))
        var names: [String: String] = [:]
        for (code, _) in topAgencies {
            names[code] = try String.fetchOne(
                db.cachedStatement(sql: "SELECT name FROM agencies WHERE code = ?"), arguments: [code])
        }
        return [
            "agency": topAgencies.map { FacetCount(value: $0.0, label: names[$0.0], count: $0.1) },
            "year": years.sorted { $0.key > $1.key }.prefix(30).map {
                FacetCount(value: $0.key, label: nil, count: $0.value)
            },
            "eventType": ranked(types).map { FacetCount(value: $0.0, label: nil, count: $0.1) },
        ]
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
                    WHERE a.vendor_id = ? AND v.vendor_name IS NOT NULL GROUP BY v.vendor_name ORDER BY count(*) DESC, v.vendor_name
                    """, arguments: [vendorID])
            let contracts = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.agency_id, a.piid, max(a.signed_date), count(*) FROM actions a WHERE a.vendor_id = ?
                    GROUP BY a.agency_id, a.piid ORDER BY 3 DESC, 1, 2 LIMIT 500
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
