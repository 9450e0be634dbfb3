package import ContractWatchCore
import FPDS
import Foundation
import GRDB

extension SQLiteStore {
    // MARK: - Search

    package func search(_ query: SearchQuery) async throws -> SearchPage {
        let filter = SearchSQL.filter(query, engine: .sqlite, separatingFullText: true)
        let (conditions, arguments) = (filter.conditions, StatementArguments(filter.arguments.map(\.databaseValue)))
        // What the facets count, whatever page or order is shown.
        let facetKey =
            query.withFacets
            ? ([filter.fullText ?? ""] + conditions + filter.arguments.map { String(describing: $0) })
                .joined(separator: "\u{1F}") : nil
        if let fullText = filter.fullText {
            let walk = FullTextWalk(fullText: fullText, conditions: conditions, arguments: arguments)
            return try await writer.read { db in try page(of: walk, query, facetKey: facetKey, in: db) }
        }
        if let walk = SearchSQL.agencyWalk(query, engine: .sqlite) {
            return try await writer.read { db in
                let agencyWalk = AgencyWalk(
                    codes: try AgencyCodeSQL.codes(naming: walk.code, in: db), dates: walk.dates,
                    conditions: walk.conditions,
                    arguments: walk.arguments)
                return try page(of: agencyWalk, query, facetKey: facetKey, in: db)
            }
        }
        var pageConditions = conditions
        var pageArguments = arguments
        if let after = query.after {
            // Keyset pagination: the next page starts strictly after the last row shown.
            pageConditions.append("(a.signed_date, a.ordering_key) \(query.order == .newest ? "<" : ">") (?, ?)")
            pageArguments += [after.signedDate, after.orderingKey]
        }
        let limit = min(max(query.limit, 1), 200)
        // Terms, an event or watchlist filter select few actions: fetch those and sort them,
        // rather than walk the date index past a million others looking for them. A vendor's
        // actions are read in date order by their own index (migration 024), and a page of them
        // stops there.
        let selective = SearchSQL.selectsFew(query)
        return try await page(
            pageConditions, pageArguments, facets: facetKey.map { ($0, conditions, arguments) },
            order: query.order, limit: limit, sortMatches: selective)
    }

    private func page(
        _ pageConditions: [String], _ pageArguments: StatementArguments,
        facets facetFilter: (key: String, conditions: [String], arguments: StatementArguments)?, order: SearchOrder,
        limit: Int, sortMatches: Bool
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
            let generation = try SearchGeneration.current(in: db)
            let cached = facetFilter.flatMap { facetCache.value(for: $0.key, at: generation) }
            let window = try facetFilter.flatMap { filter in
                cached == nil
                    ? try Self.facetWindow(filter.conditions, filter.arguments, sortMatches: sortMatches, in: db) : nil
            }
            let pageIDs: [Int64]? =
                order == .newest && pageConditions.count == facetFilter?.conditions.count
                ? window.map { Array($0.prefix(limit + 1).map(\.id)) } : nil
            let (filter, arguments, ordering): (String, StatementArguments, String) =
                if let pageIDs {
                    (
                        "WHERE a.id IN (\(pageIDs.map { _ in "?" }.joined(separator: ", ")))",
                        StatementArguments(pageIDs), "ORDER BY a.signed_date DESC, a.ordering_key DESC"
                    )
                } else {
                    (SearchSQL.whereClause(pageConditions), pageArguments + [limit + 1], "ORDER BY \(sortKey) LIMIT ?")
                }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(ActionColumn.list), a.ordering_key AS action_ordering_key, a.signed_date AS action_signed_date
                    FROM actions a JOIN action_versions v ON v.id = a.current_version_id
                    \(ActionColumn.joins)
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
            let counted =
                try cached
                ?? window.map { window in
                    FacetCounts(facets: try Self.facets(of: window, in: db), total: window.count)
                }
            if cached == nil, let counted, let key = facetFilter?.key {
                facetCache.keep(counted, for: key, at: generation)
            }
            return SearchPage(
                actions: shown.map(Self.storedAction), facets: counted?.facets ?? [:], facetTotal: counted?.total ?? 0,
                nextCursor: next ?? nil)
        }
    }

    /// A page of a search read by walking an index in date order (the full-text index, or the
    /// agencies'): the walk stops after the page (or the facet window), so a filter that matches
    /// a million actions costs what one that matches a page does.
    private func page(
        of walk: some SearchWalk, _ query: SearchQuery, facetKey: String?, in db: Database
    ) throws -> SearchPage {
        let limit = min(max(query.limit, 1), 200)
        let generation = try SearchGeneration.current(in: db)
        let cached = facetKey.flatMap { facetCache.value(for: $0, at: generation) }
        // Facets count the newest matches whatever the order shown; a first page shown newest
        // first is the start of that same window.
        let window =
            try facetKey != nil && cached == nil
            ? walk.matches(SearchPage.facetWindow, order: .newest, after: nil, in: db) : nil
        let shownWindow = query.order == .newest && query.after == nil ? window : nil
        let matches =
            try shownWindow.map { Array($0.prefix(limit + 1)) }
            ?? walk.matches(limit + 1, order: query.order, after: query.after, in: db)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(ActionColumn.list), a.id AS action_row FROM actions a
                JOIN action_versions v ON v.id = a.current_version_id
                \(ActionColumn.joins)
                WHERE a.id IN (\(matches.prefix(limit).map { _ in "?" }.joined(separator: ", ")))
                """, arguments: StatementArguments(matches.prefix(limit).map(\.id)))
        let byID = Dictionary(rows.map { ($0["action_row"] as Int64, Self.storedAction($0)) }) { first, _ in first }
        let next = matches.count > limit ? matches[limit - 1] : nil
        let counted =
            try cached
            ?? window.map { window in
                FacetCounts(
                    facets: try Self.facets(of: Self.facetValues(of: window, in: db), in: db), total: window.count)
            }
        if cached == nil, let counted, let facetKey { facetCache.keep(counted, for: facetKey, at: generation) }
        return SearchPage(
            actions: matches.prefix(limit).compactMap { byID[$0.id] }, facets: counted?.facets ?? [:],
            facetTotal: counted?.total ?? 0,
            nextCursor: next.map { SearchCursor(signedDate: $0.signedDate, orderingKey: $0.orderingKey) })
    }

    /// The agency and event types of each action of a facet window, in its order.
    private static func facetValues(
        of window: [SearchMatch], in db: Database
    ) throws -> [(id: Int64, signedDate: String, agency: String?, eventTypes: String?)] {
        guard !window.isEmpty else { return [] }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT a.id, v.contracting_agency_id,
                       \(SearchSQL.eventTypeNames(ofAction: "a.id", engine: .sqlite))
                FROM actions a JOIN action_versions v ON v.id = a.current_version_id
                WHERE a.id IN (\(window.map { _ in "?" }.joined(separator: ", ")))
                """, arguments: StatementArguments(window.map(\.id)))
        let values = Dictionary(rows.map { ($0[0] as Int64, ($0[1] as String?, $0[2] as String?)) }) { first, _ in first
        }
        return window.map { ($0.id, $0.signedDate, values[$0.id]?.0, values[$0.id]?.1) }
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
                       \(SearchSQL.eventTypeNames(ofAction: "t.id", engine: .sqlite))
                FROM (
                    SELECT a.id, a.signed_date, a.ordering_key, a.current_version_id FROM actions a
                    \(needsVersions ? "JOIN action_versions v ON v.id = a.current_version_id" : "")
                    \(SearchSQL.whereClause(conditions))
                    ORDER BY \(sortMatches ? "+a.signed_date DESC, +a.ordering_key DESC" : "a.signed_date DESC, a.ordering_key DESC")
                    LIMIT \(SearchPage.facetWindow)
                ) t JOIN action_versions v ON v.id = t.current_version_id
                ORDER BY t.signed_date DESC, t.ordering_key DESC
                """, arguments: arguments
        ).map { ($0[0], $0[1], $0[2], $0[3]) }
    }

    /// The facets of the window, with the names of the agencies shown.
    private static func facets(
        of window: [(id: Int64, signedDate: String, agency: String?, eventTypes: String?)], in db: Database
    ) throws -> [String: [FacetCount]] {
        let facets = SearchFacets(
            window.map {
                SearchFacets.Row(
                    signedDate: $0.signedDate, agency: $0.agency,
                    eventTypes: ($0.eventTypes ?? "").split(separator: ",").map(String.init))
            })
        var names: [String: String] = [:]
        for code in facets.shownAgencies {
            names[code] = try String.fetchOne(
                db.cachedStatement(sql: "SELECT name FROM agencies WHERE code = ?"), arguments: [code])
        }
        return facets.counts(agencyNames: names)
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

    package func saveToken(name: String, secretHash: String, at time: Timestamp) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO api_tokens (name, secret_hash, created_at) VALUES (?, ?, ?)",
                arguments: [name, secretHash, time.description])
        }
    }

    package func tokenName(secretHash: String, at time: Timestamp) async throws -> String? {
        try await writer.write { db in
            guard
                let name = try String.fetchOne(
                    db, sql: "SELECT name FROM api_tokens WHERE secret_hash = ?", arguments: [secretHash])
            else { return nil }
            try db.execute(
                sql: "UPDATE api_tokens SET last_used_at = ? WHERE secret_hash = ?",
                arguments: [time.description, secretHash])
            return name
        }
    }
}
