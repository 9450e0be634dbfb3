package import ContractWatchCore
import FPDS
import Foundation
import PostgresNIO

extension PostgresStore {
    // MARK: - Search

    package func search(_ query: SearchQuery) async throws -> SearchPage {
        let filter = SearchSQL.filter(query, engine: .postgres, separatingFullText: true)
        let (conditions, arguments) = (filter.conditions, filter.arguments)
        let fullTextWalk = filter.fullText.map {
            PostgresFullTextWalk(fullText: $0, conditions: conditions, arguments: arguments)
        }
        let agencyWalk = fullTextWalk == nil ? SearchSQL.agencyWalk(query, engine: .postgres) : nil
        let limit = min(max(query.limit, 1), 200)
        // What the facets count, whatever page or order is shown.
        let facetKey =
            query.withFacets
            ? ([filter.fullText ?? ""] + conditions + arguments.map { String(describing: $0) })
                .joined(separator: "\u{1F}") : nil
        return try await read { session in
            // Facets counted at the generation this snapshot sees are used as they are (GenerationCache).
            let generation: Int64 = try await session.value(SearchGenerationSQL.current) ?? 0
            let cached = facetKey.flatMap { facetCache.value(for: $0, at: generation) }
            let counting = facetKey != nil && cached == nil
            // A walk of an index in date order, stopped at the page (or the facets' window).
            var walk: ((_ count: Int, _ order: SearchOrder, _ after: SearchCursor?) async throws -> [SearchMatch])?
            if let fullTextWalk {
                let months = try await searchMonths(at: generation, in: session)
                walk = { try await fullTextWalk.matches($0, order: $1, after: $2, months: months, in: session) }
            } else if let agencyWalk {
                let codes = try await AgencyCodeSQL.codes(naming: agencyWalk.code, in: session)
                walk = { count, order, after in
                    let statement = ActionAgencySQL.matches(
                        codes: codes, dates: agencyWalk.dates, conditions: agencyWalk.conditions,
                        arguments: agencyWalk.arguments, count: count, order: order, after: after, engine: .postgres)
                    return try await session.rows(statement.sql, statement.arguments).map(SearchMatch.init)
                }
            }
            let rows: [PostgresRandomAccessRow]
            let window: [SearchFacets.Row]?
            if let walk {
                let windowMatches = counting ? try await walk(SearchPage.facetWindow, .newest, nil) : nil
                // A first page shown newest first is the start of the facets' window.
                let matches =
                    if let windowMatches, query.order == .newest, query.after == nil {
                        Array(windowMatches.prefix(limit + 1))
                    } else {
                        try await walk(limit + 1, query.order, query.after)
                    }
                rows = try await Self.pageRows(matches.map(\.id), in: session)
                window =
                    if let windowMatches { try await Self.facetRows(windowMatches.map(\.id), in: session) } else { nil }
            } else {
                window = counting ? try await Self.facetWindow(conditions, arguments, in: session) : nil
                rows = try await Self.pageRows(conditions, arguments, query, limit: limit, in: session)
            }
            let shown = rows.prefix(limit)
            let columns = ActionColumn.allCases.count
            let next: SearchCursor? =
                rows.count > limit
                ? try shown.last.map {
                    SearchCursor(signedDate: try $0.value(columns + 1), orderingKey: try $0.value(columns))
                } : nil
            var counted = cached
            if let window, let facetKey {
                let facets = SearchFacets(window)
                var names: [String: String] = [:]
                for code in facets.shownAgencies {
                    names[code] = try await session.value("SELECT name FROM agencies WHERE code = ?", [code])
                }
                let counts = FacetCounts(facets: facets.counts(agencyNames: names), total: window.count)
                facetCache.keep(counts, for: facetKey, at: generation)
                counted = counts
            }
            return SearchPage(
                actions: shown.map(Self.storedAction), facets: counted?.facets ?? [:],
                facetTotal: counted?.total ?? 0, nextCursor: next)
        }
    }

    /// The months actions were signed in, newest first (``PostgresFullTextWalk/monthsStatement``),
    /// kept while the records are unchanged.
    private func searchMonths(at generation: Int64, in session: PostgresSession) async throws -> [String] {
        try await searchMonths.value(for: "", at: generation) {
            try await session.values(PostgresFullTextWalk.monthsStatement, as: String.self)
        }
    }

    /// The page's rows (``ActionColumn/list``, then the ordering key and signed date) read by the
    /// conditions, one more than `limit` to tell whether a next page exists.
    private static func pageRows(
        _ conditions: [String], _ arguments: [SQLArgument], _ query: SearchQuery, limit: Int,
        in session: PostgresSession
    ) async throws -> [PostgresRandomAccessRow] {
        var conditions = conditions
        var arguments = arguments
        if let after = query.after {
            // Keyset pagination: the next page starts strictly after the last row shown.
            conditions.append("(a.signed_date, a.ordering_key) \(query.order == .newest ? "<" : ">") (?, ?)")
            arguments += [.text(after.signedDate), .integer(after.orderingKey)]
        }
        let direction = query.order == .newest ? "DESC" : "ASC"
        return try await session.rows(
            """
            SELECT \(ActionColumn.list), a.ordering_key, a.signed_date
            FROM actions a JOIN action_versions v ON v.id = a.current_version_id
            \(ActionColumn.joins)
            \(SearchSQL.whereClause(conditions))
            ORDER BY a.signed_date \(direction), a.ordering_key \(direction) LIMIT ?
            """, arguments + [.integer(Int64(limit + 1))])
    }

    /// The rows of ``pageRows(_:_:_:limit:in:)`` for the actions `ids`, in that order.
    private static func pageRows(_ ids: [Int64], in session: PostgresSession) async throws -> [PostgresRandomAccessRow]
    {
        let rows = try await session.rows(
            of: """
                SELECT \(unescaped: ActionColumn.list), a.ordering_key, a.signed_date, a.id
                FROM actions a JOIN action_versions v ON v.id = a.current_version_id
                \(unescaped: ActionColumn.joins)
                WHERE a.id = ANY(\(ids))
                """)
        let idColumn = ActionColumn.allCases.count + 2
        let byID = Dictionary(try rows.map { (try $0.value(idColumn, as: Int64.self), $0) }) { first, _ in first }
        return ids.compactMap { byID[$0] }
    }

    /// The facet rows of the actions `ids`.
    private static func facetRows(_ ids: [Int64], in session: PostgresSession) async throws -> [SearchFacets.Row] {
        try await session.rows(
            of: """
                SELECT a.signed_date, v.contracting_agency_id,
                       \(unescaped: SearchSQL.eventTypeNames(ofAction: "a.id", engine: .postgres))
                FROM actions a JOIN action_versions v ON v.id = a.current_version_id
                WHERE a.id = ANY(\(ids))
                """
        ).map(Self.facetRow)
    }

    /// The newest ``SearchPage/facetWindow`` matches, with their agency and event types.
    private static func facetWindow(
        _ conditions: [String], _ arguments: [SQLArgument], in session: PostgresSession
    ) async throws -> [SearchFacets.Row] {
        try await session.rows(
            """
            SELECT t.signed_date, v.contracting_agency_id,
                   \(SearchSQL.eventTypeNames(ofAction: "t.id", engine: .postgres))
            FROM (
                SELECT a.id, a.signed_date, a.ordering_key, a.current_version_id FROM actions a
                JOIN action_versions v ON v.id = a.current_version_id
                \(SearchSQL.whereClause(conditions))
                ORDER BY a.signed_date DESC, a.ordering_key DESC
                LIMIT \(SearchPage.facetWindow)
            ) t JOIN action_versions v ON v.id = t.current_version_id
            ORDER BY t.signed_date DESC, t.ordering_key DESC
            """, arguments
        ).map(Self.facetRow)
    }

    /// A facet row: signed date, contracting agency, and the event types joined by commas.
    private static func facetRow(_ row: PostgresRandomAccessRow) throws -> SearchFacets.Row {
        SearchFacets.Row(
            signedDate: try row.value(0), agency: try row.value(1),
            eventTypes: (try row.value(2, as: String?.self) ?? "").split(separator: ",").map(String.init))
    }

    // MARK: - Vendors

    package func vendor(uei: String) async throws -> VendorProfile? {
        try await read { session in
            guard
                let row = try await session.row(
                    """
                    SELECT id, uei, name, cage_code, duns, country, ultimate_parent_uei, ultimate_parent_name,
                           first_seen, last_seen
                    FROM vendors WHERE uei = ?
                    """, [uei])
            else { return nil }
            let vendorID: Int64 = try row.value(0)
            let names = try await session.values(
                """
                SELECT v.vendor_name FROM actions a JOIN action_versions v ON v.id = a.current_version_id
                WHERE a.vendor_id = ? AND v.vendor_name IS NOT NULL GROUP BY v.vendor_name
                ORDER BY count(*) DESC, v.vendor_name
                """, [vendorID], as: String.self)
            let contracts = try await session.rows(
                """
                SELECT a.agency_id, a.piid, max(a.signed_date), count(*) FROM actions a WHERE a.vendor_id = ?
                GROUP BY a.agency_id, a.piid ORDER BY 3 DESC, 1, 2 LIMIT 500
                """, [vendorID]
            ).map {
                (
                    agencyID: try $0.value(0, as: String.self), piid: try $0.value(1, as: String.self),
                    lastSigned: try $0.value(2, as: String?.self), actions: try $0.value(3, as: Int.self)
                )
            }
            let actionCount: Int =
                try await session.value("SELECT count(*) FROM actions WHERE vendor_id = ?", [vendorID]) ?? 0
            let contractCount: Int =
                try await session.value(
                    "SELECT count(DISTINCT contract_id) FROM actions WHERE vendor_id = ?", [vendorID])
                ?? 0
            return VendorProfile(
                uei: try row.value(1), name: try row.value(2), names: names, cageCode: try row.value(3),
                duns: try row.value(4), country: try row.value(5), ultimateParentUEI: try row.value(6),
                ultimateParentName: try row.value(7), firstSeen: try row.value(8), lastSeen: try row.value(9),
                actionCount: actionCount, contractCount: contractCount, contracts: contracts)
        }
    }

    // MARK: - Tokens

    package func saveToken(name: String, secretHash: String, at time: Timestamp) async throws {
        try await write { session in
            try await session.execute(
                "INSERT INTO api_tokens (name, secret_hash, created_at) VALUES (?, ?, ?)",
                [name, secretHash, time.description])
        }
    }

    package func tokenName(secretHash: String, at time: Timestamp) async throws -> String? {
        try await write { session in
            guard
                let name: String = try await session.value(
                    "SELECT name FROM api_tokens WHERE secret_hash = ?", [secretHash])
            else { return nil }
            try await session.execute(
                "UPDATE api_tokens SET last_used_at = ? WHERE secret_hash = ?", [time.description, secretHash])
            return name
        }
    }
}
