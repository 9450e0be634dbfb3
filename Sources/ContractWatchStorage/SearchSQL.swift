import ContractWatchCore
import FPDS

/// The SQL both engines use to select search results.
enum SearchSQL {
    enum Engine {
        case sqlite, postgres
    }

    /// SQL conditions over `a` (actions) and `v` (current versions), with a `?` for each value.
    /// - Returns: The conditions, to be joined by `AND`, and their values in order.
    static func conditions(_ query: SearchQuery, engine: Engine) -> ([String], [SQLArgument]) {
        let filter = filter(query, engine: engine, separatingFullText: false)
        return (filter.conditions, filter.arguments)
    }

    /// A subquery of the names of the event types of the action whose id `action` names,
    /// comma-separated (nil for none): the event-type facet's value for one action. Events keep
    /// their type as a code (``EventCodes``), which `event_types` names.
    static func eventTypeNames(ofAction action: String, engine: Engine) -> String {
        let names =
            switch engine {
            case .sqlite: "group_concat(DISTINCT event_type.name)"
            case .postgres: "string_agg(DISTINCT event_type.name, ',')"
            }
        return """
            (SELECT \(names) FROM events e JOIN event_types event_type ON event_type.code = e.type
             WHERE e.action_id = \(action))
            """
    }

    /// The conditions of ``conditions(_:engine:)``, with the query's full-text part apart when
    /// `separatingFullText` and the engine can walk its index in date order with it
    /// (``SearchExpression/sqliteFullTextWalk()``, ``SearchExpression/postgresFullTextWalk()``):
    /// every match satisfies `fullText` (an FTS5 query, or a `tsquery`), and `conditions` say the rest.
    static func filter(
        _ query: SearchQuery, engine: Engine, separatingFullText: Bool
    ) -> (fullText: String?, conditions: [String], arguments: [SQLArgument]) {
        var fullText: String?
        var conditions: [String] = []
        var arguments: [SQLArgument] = []
        func add(_ condition: String, _ values: [any SQLArgumentConvertible]) {
            conditions.append(condition)
            arguments += values.map(\.sqlArgument)
        }
        func add(_ expression: SearchExpression) {
            let (condition, binds) =
                switch engine {
                case .sqlite: expression.sqliteCondition()
                case .postgres: expression.postgresCondition()
                }
            add(condition, binds)
        }
        if let terms = query.terms {
            let walk =
                switch engine {
                case .sqlite: terms.sqliteFullTextWalk()
                case .postgres: terms.postgresFullTextWalk()
                }
            if separatingFullText, let walk {
                fullText = walk.fullText
                if let rest = walk.rest { add(rest.sql, rest.binds) }
            } else {
                add(terms)
            }
        }
        if let office = query.office { add("v.contracting_office_id = ?", [office]) }
        // The filters say what the matching field terms say (`vendor=X` is `vendor:X`).
        if let agency = query.agency { add(.field(.agency, agency)) }
        if let vendor = query.vendor { add(.field(.vendor, vendor)) }
        if let code = query.productOrServiceCode { add(.field(.psc, code)) }
        if let code = query.naicsCode { add(.field(.naics, code)) }
        if let from = query.from { add("a.signed_date >= ?", [from.description]) }
        if let to = query.to { add("a.signed_date < ?", [to.description]) }
        // Amounts are stored as the decimal text FPDS published.
        let amount = engine == .sqlite ? "CAST(v.obligated_amount AS REAL)" : "CAST(v.obligated_amount AS numeric)"
        if let minimum = query.minAmount { add("\(amount) >= ?", [minimum]) }
        if let maximum = query.maxAmount { add("\(amount) <= ?", [maximum]) }
        if let type = query.eventType {
            add("a.id IN (SELECT action_id FROM events WHERE type = ?)", [EventCodes.stored(type)])
        }
        if let watchlist = query.watchlist {
            add(
                """
                a.id IN (SELECT m.action_id FROM watchlist_matches m JOIN watchlist_entries e ON e.id = m.entry_row
                         JOIN watchlists w ON w.id = e.watchlist_id WHERE w.name = ?)
                """, [watchlist])
        }
        return (fullText, conditions, arguments)
    }

    /// Whether `query` has a filter that selects few actions, whose matches are best fetched and
    /// sorted rather than found by walking an index in date order: terms, an event type or a watchlist.
    static func selectsFew(_ query: SearchQuery) -> Bool {
        query.terms != nil || query.eventType != nil || query.watchlist != nil
    }

    /// How `query` is read from `action_agencies` (``ActionAgencySQL``), or nil when another
    /// filter selects fewer actions (``selectsFew(_:)``, or a vendor, whose actions are read in
    /// date order by their own index).
    /// - Returns: The agency code, the signed dates that bound each range, and the conditions of
    ///   the rest of the query with their values.
    static func agencyWalk(
        _ query: SearchQuery, engine: Engine
    ) -> (code: String, dates: (from: String?, to: String?), conditions: [String], arguments: [SQLArgument])? {
        guard let code = query.agency, !selectsFew(query), query.vendor == nil else { return nil }
        var rest = query
        (rest.agency, rest.from, rest.to) = (nil, nil, nil)
        let (conditions, arguments) = conditions(rest, engine: engine)
        return (code, (query.from?.description, query.to?.description), conditions, arguments)
    }

    /// `WHERE` and the conditions, or nothing without any.
    static func whereClause(_ conditions: [String]) -> String {
        conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }
}

/// Which agencies an agency code names, as users know codes: a department's code (9700, Defense)
/// stands for every agency of the department (2100 Army, 1700 Navy, 97AS DLA, …) as well as
/// itself, and an agency's code for that agency alone.
enum AgencyCodeSQL {
    /// The condition on a version `v` whose contracting or funding agency is one a code names,
    /// with ``placeholders`` `?`, each bound to the code.
    static let condition = condition(on: "v")

    /// ``condition`` on the version named `version` in the query.
    static func condition(on version: String) -> String {
        "(\(version).contracting_agency_id IN (\(agencies)) OR \(version).funding_agency_id IN (\(agencies)))"
    }

    /// The codes a code names: the agencies of the department it is, and itself. Binds the code twice.
    static let agencies = "SELECT code FROM agencies WHERE department_id = ? UNION ALL SELECT ?"

    /// How many times ``condition`` binds the code.
    static let placeholders = 4

    /// The values ``condition`` binds.
    static func arguments(_ code: String) -> [String] {
        Array(repeating: code, count: placeholders)
    }
}
