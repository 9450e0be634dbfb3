import ContractWatchCore

/// `action_agencies`, and how both engines read an agency filter from it.
///
/// The table holds one row per agency code of each action's current version (its contracting and
/// its funding agency, once each), keyed by code, then the listing's order: signed date,
/// ``ActionKey/orderingKey``, action. A search filtered by agency reads, for each code the filter
/// names (``AgencyCodeSQL``: the agency, or every agency of a department), that code's range
/// newest (or oldest) first, stops each range at the page, and merges them. Walking every action
/// by date and testing its version instead passed 83,000 actions of other agencies before the
/// 1,000th of Defense in a five-million-action store (683 ms), and 2–5 seconds for an agency that
/// signs few actions until those were read by a separate index. The batch writers keep the rows
/// as they change an action's current version; `copy` and the migrations that add the table
/// (SQLite 025, PostgreSQL 012) fill them with ``fill``.
enum ActionAgencySQL {
    /// Fills the empty table from the actions' current versions, in key order.
    static let fill = """
        INSERT INTO action_agencies (code, signed_date, ordering_key, action_id)
        SELECT code, signed_date, ordering_key, id FROM (
            SELECT v.contracting_agency_id AS code, a.signed_date, a.ordering_key, a.id
            FROM actions a JOIN action_versions v ON v.id = a.current_version_id
            WHERE v.contracting_agency_id IS NOT NULL
            UNION
            SELECT v.funding_agency_id, a.signed_date, a.ordering_key, a.id
            FROM actions a JOIN action_versions v ON v.id = a.current_version_id
            WHERE v.funding_agency_id IS NOT NULL
        ) AS codes
        ORDER BY 1, 2, 3, 4
        """

    /// Adds one row; binds the code, the signed date, the ordering key and the action id.
    static let insert = "INSERT INTO action_agencies (code, signed_date, ordering_key, action_id) VALUES (?, ?, ?, ?)"

    /// Removes one row; binds as ``insert`` does.
    static let delete =
        "DELETE FROM action_agencies WHERE code = ? AND signed_date = ? AND ordering_key = ? AND action_id = ?"

    /// The condition that action `a` has a row for a code ``AgencyCodeSQL`` names: what
    /// ``AgencyCodeSQL/condition`` says of its current version, read from this table by the
    /// row's whole key. A text search tests each text match this way: a point read of a small
    /// index, where the version's row is a read of a wide one (a common word filtered by a rare
    /// agency tests every match: 24,675 for `paragon` at five million actions). SQLite's search
    /// compiler says `agency:` with it; binds the code twice.
    static let holds = """
        EXISTS (
            SELECT 1 FROM action_agencies g
            WHERE g.code IN (\(AgencyCodeSQL.agencies))
                AND g.signed_date = a.signed_date AND g.ordering_key = a.ordering_key AND g.action_id = a.id
        )
        """

    /// The codes of a version's rows: its contracting and funding agencies, once each.
    static func codes(contracting: String?, funding: String?) -> [String] {
        var codes = contracting.map { [$0] } ?? []
        if let funding, funding != contracting { codes.append(funding) }
        return codes
    }

    /// The statement of the first `count` actions in `order` after `cursor` whose current version
    /// names one of `codes`, signed in `dates` (on or after `from`, before `to`), and that satisfy
    /// `conditions` (over `a`, actions, and `v`, current versions): columns id, signed date,
    /// ordering key. The dates bound each range, where conditions are tested row by row.
    ///
    /// Each code's range is read in order up to `count` rows that satisfy the conditions; the
    /// first `count` of their union are the first `count` of all, since whichever range holds an
    /// action holds every match before it that the range's code names.
    /// - Returns: The SQL, with `?` placeholders, and its values in order.
    static func matches(
        codes: [String], dates: (from: String?, to: String?), conditions: [String], arguments: [SQLArgument],
        count: Int, order: SearchOrder, after cursor: SearchCursor?, engine: SearchSQL.Engine
    ) -> (sql: String, arguments: [SQLArgument]) {
        let direction = order == .newest ? "DESC" : "ASC"
        var terms = ["g.code = ?"] + conditions
        var rangeArguments = arguments
        if let from = dates.from {
            terms.append("g.signed_date >= ?")
            rangeArguments.append(.text(from))
        }
        if let to = dates.to {
            terms.append("g.signed_date < ?")
            rangeArguments.append(.text(to))
        }
        if let cursor {
            terms.append("(g.signed_date, g.ordering_key) \(order == .newest ? "<" : ">") (?, ?)")
            rangeArguments += [.text(cursor.signedDate), .integer(cursor.orderingKey)]
        }
        // SQLite's CROSS JOIN keeps the range as the outer loop: with a date condition its planner
        // would otherwise walk the actions by date and look each one up in the range.
        let join = engine == .sqlite ? "CROSS JOIN" : "JOIN"
        let actions =
            conditions.isEmpty
            ? ""
            : "\(join) actions a ON a.id = g.action_id"
                + (conditions.contains { $0.contains("v.") }
                    ? " \(join) action_versions v ON v.id = a.current_version_id" : "")
        let ordering = "signed_date \(direction), ordering_key \(direction), id \(direction)"
        let ranges = codes.indices.map { index in
            """
            SELECT * FROM (
                SELECT g.action_id AS id, g.signed_date, g.ordering_key FROM action_agencies g \(actions)
                WHERE \(terms.joined(separator: " AND "))
                ORDER BY g.signed_date \(direction), g.ordering_key \(direction), g.action_id \(direction) LIMIT ?
            ) AS range\(index)
            """
        }
        let sql =
            "SELECT id, signed_date, ordering_key FROM (\(ranges.joined(separator: " UNION "))) AS ranges "
            + "ORDER BY \(ordering) LIMIT ?"
        let values =
            codes.flatMap { [.text($0)] + rangeArguments + [.integer(Int64(count))] } + [.integer(Int64(count))]
        return (sql, values)
    }
}
