import ContractWatchCore
import FPDS

/// The SQL both engines use to select events.
enum EventSQL {
    /// The `WHERE` terms of `query`, over ``select``'s `events e`, `actions a` and current version `cv`,
    /// with their bound values.
    ///
    /// A contract or vendor is selected by a subquery on the event's own columns, so that the engine
    /// reads a contract's events by `events_by_contract` and a vendor's by its actions
    /// (`actions_by_vendor_and_date`, `events_by_action`) rather than walk every event newest first.
    static func conditions(_ query: EventQuery) -> (terms: [String], arguments: [SQLArgument]) {
        var terms: [String] = []
        var arguments: [SQLArgument] = []
        if let since = query.since {
            terms.append("e.date >= ?")
            arguments.append(.integer(StoredTime.stored(since)))
        }
        if !query.types.isEmpty {
            // One placeholder per type: the values are bound, never interpolated.
            terms.append("e.type IN (\(Array(repeating: "?", count: query.types.count).joined(separator: ", ")))")
            arguments += query.types.map(EventCodes.stored).sorted().map(SQLArgument.integer)
        }
        if let contract = query.contract {
            terms.append("e.contract_id IN (SELECT id FROM contracts WHERE agency_id = ? AND piid = ?)")
            arguments += [.text(contract.agencyID), .text(contract.piid)]
        }
        if let uei = query.vendorUEI {
            // The vendor of the event's action, kept on the event row (``copyActionParties``): a
            // vendor's feed reads its newest detections by `events_by_vendor_newest_detected` and
            // stops at the page, where reading every event of a vendor with 40,000 actions to sort
            // them took 240 ms. NULL (no such vendor) selects nothing.
            terms.append("e.vendor_id = (SELECT id FROM vendors WHERE uei = ?)")
            arguments.append(.text(uei))
        }
        if let agency = query.agency {
            // The agencies of the action's current version, as search reads them, kept on the
            // event row (``copyActionParties``): a feed walks the events by detection, and testing
            // each event without reading its action and version first made a walk through 17,000
            // events of other agencies cost 125 ms on SQLite at a million actions. Not in a
            // correlated EXISTS: SQLite then rebuilt the department's agency list for every event it
            // walked. (A listing in date order reads the agency indexes instead: ``agencyListing``.)
            terms.append(AgencyCodeSQL.condition(on: "e"))
            arguments += AgencyCodeSQL.arguments(agency).map(SQLArgument.text)
        }
        if let minimum = query.minimumAmount {
            // Amounts are stored as published (text); a threshold needs no more than a double's precision.
            terms.append("abs(CAST(e.amount AS DOUBLE PRECISION)) >= ?")
            arguments.append(.real(minimum))
        }
        if let watchlist = query.watchlist {
            terms.append(
                """
                e.action_id IN (SELECT m.action_id FROM watchlist_matches m
                                JOIN watchlist_entries we ON we.id = m.entry_row
                                JOIN watchlists w ON w.id = we.watchlist_id WHERE w.name = ?)
                """)
            arguments.append(.text(watchlist))
        }
        return (terms, arguments)
    }

    /// Copies onto events their actions' vendors and the agencies of their current versions; a
    /// condition on `events`' own columns follows it (`contract_id = ?`), which it ANDs. Classification runs it with every replacement of a contract's events, and
    /// every new version of an action makes its contract due for classification, so the copy is
    /// never older than the events.
    ///
    /// Only events whose copy differs are written: a contract classified again keeps most of its
    /// events as they were, and rewriting each one moved it in three indexes.
    /// - Parameter engine: The engine the statement is for.
    /// - Returns: The statement, without placeholders, up to the condition.
    static func copyActionParties(engine: SearchSQL.Engine) -> String {
        let differs = engine == .sqlite ? "IS NOT" : "IS DISTINCT FROM"
        let contracting = """
            (SELECT cv.contracting_agency_id FROM actions a
             JOIN action_versions cv ON cv.id = a.current_version_id WHERE a.id = events.action_id)
            """
        let funding = """
            (SELECT cv.funding_agency_id FROM actions a
             JOIN action_versions cv ON cv.id = a.current_version_id WHERE a.id = events.action_id)
            """
        let vendor = "(SELECT a.vendor_id FROM actions a WHERE a.id = events.action_id)"
        return """
            UPDATE events SET contracting_agency_id = \(contracting), funding_agency_id = \(funding), vendor_id = \(vendor)
            WHERE (contracting_agency_id \(differs) \(contracting)
                OR funding_agency_id \(differs) \(funding) OR vendor_id \(differs) \(vendor)) AND
            """
    }

    /// The statement that lists the events `query` selects, in `ordering`, at most `limit`.
    ///
    /// A newest-first page after a dated event reads in two parts: the dated events before it, by
    /// the (date, id) index from the cursor on, then the undated ones, which list last. One
    /// condition with `OR e.date IS NULL` walked the index from the newest event down to the
    /// cursor instead: two seconds for a page of 2012 at a million actions.
    /// - Returns: The SQL and its bound values.
    /// - Parameters:
    ///   - query: The filters and the order.
    ///   - ordering: The `ORDER BY` terms.
    ///   - limit: The most events listed; nil for all.
    ///   - extra: One more condition, with its values, that the engine adds (the read of a rare
    ///     agency by index, ``RareAgencySQL``).
    ///   - selection: What is selected from `events e`: ``select``'s columns, or others that
    ///     include `id` and `date`.
    /// - Throws: ``StorageError/invalidEventID(_:)`` when the query's cursor names no event id.
    static func statement(
        _ query: EventQuery, orderedBy ordering: String, limit: Int?,
        extra: (term: String, arguments: [SQLArgument])? = nil, selecting selection: String = select
    ) throws -> (sql: String, arguments: [SQLArgument]) {
        var (conditions, arguments) = conditions(query)
        if let extra {
            conditions.append(extra.term)
            arguments += extra.arguments
        }
        let limitArgument = limit.map { [SQLArgument.integer(Int64($0))] } ?? []
        func part(_ terms: [String]) -> String {
            let terms = conditions + terms
            return selection + (terms.isEmpty ? "" : " WHERE " + terms.joined(separator: " AND ")) + " ORDER BY "
                + ordering + (limit == nil ? "" : " LIMIT ?")
        }
        guard case .newestFirst(let after?) = query.order else { return (part([]), arguments + limitArgument) }
        let afterID = SQLArgument.integer(try EventCodes.stored(id: after.eventID))
        guard let date = after.date else {
            return (part(["e.date IS NULL", "e.id < ?"]), arguments + [afterID] + limitArgument)
        }
        let sql = """
            SELECT * FROM (\(part(["(e.date, e.id) < (?, ?)"]))) AS dated
            UNION ALL
            SELECT * FROM (\(part(["e.date IS NULL"]))) AS undated
            ORDER BY \(unionOrdering(query.order))\(limit == nil ? "" : " LIMIT ?")
            """
        return (
            sql,
            arguments + [.integer(StoredTime.stored(date)), afterID] + limitArgument + arguments
                + limitArgument + limitArgument
        )
    }

    /// The statement that lists the events `query` selects in its order, at most `limit`, when it
    /// filters by agency; `codes` are the agency codes the filter names (``AgencyCodeSQL``).
    ///
    /// Each code reads two ranges by the events' agency indexes (SQLite migration 026, PostgreSQL
    /// 013), in order and stopped at `limit`: the events whose contracting agency it is, and those
    /// whose funding agency it is and not their contracting agency. The first `limit` events of
    /// their union are the listing's, since a range that holds an event holds every event before
    /// it that its code names; only those are then read whole. Walking every event by date and
    /// testing its agencies passed tens of thousands of other agencies' events before a page of
    /// Defense's in a five-million-action store (296 ms).
    /// - Returns: The SQL and its bound values.
    /// - Throws: ``StorageError/invalidEventID(_:)`` when the query's cursor names no event id.
    static func agencyListing(
        _ query: EventQuery, codes: [String], limit: Int?, engine: SearchSQL.Engine
    ) throws -> (sql: String, arguments: [SQLArgument]) {
        var rest = query
        rest.agency = nil
        // The partial index's predicate, as each engine's migration words it: where the agencies
        // are one, the first range has the event.
        let differs = engine == .sqlite ? "IS NOT" : "IS DISTINCT FROM"
        let ranges = try codes.flatMap { code in
            [
                ("e.contracting_agency_id = ?", code),
                ("e.funding_agency_id = ? AND e.funding_agency_id \(differs) e.contracting_agency_id", code),
            ]
        }.map { term, code in
            try statement(
                rest, orderedBy: ordering(query.order), limit: limit, extra: (term, [.text(code)]),
                selecting: "SELECT e.id, e.date FROM events e")
        }
        let merged =
            ranges.enumerated().map { "SELECT * FROM (\($1.sql)) AS range\($0)" }.joined(separator: " UNION ")
        let limitArgument = limit.map { [SQLArgument.integer(Int64($0))] } ?? []
        let sql = """
            \(select)
            WHERE e.id IN (
                SELECT id FROM (\(merged)) AS ranges
                ORDER BY \(unionOrdering(query.order))\(limit == nil ? "" : " LIMIT ?"))
            ORDER BY \(ordering(query.order))
            """
        return (sql, ranges.flatMap(\.arguments) + limitArgument)
    }

    /// ``ordering(_:)`` by the names of the selected columns, for a union of selects.
    static func unionOrdering(_ order: EventOrder) -> String {
        switch order {
        case .chronological: "date NULLS FIRST, id"
        case .newestFirst: "date DESC NULLS LAST, id DESC"
        }
    }

    /// The `ORDER BY` terms of `order`, the same order on both engines: SQLite sorts NULL first
    /// ascending and last descending, and PostgreSQL is told to (its `events_by_date` index holds
    /// `date NULLS FIRST`, read backwards for newest first).
    static func ordering(_ order: EventOrder) -> String {
        switch order {
        case .chronological: "e.date NULLS FIRST, e.id"
        case .newestFirst: "e.date DESC NULLS LAST, e.id DESC"
        }
    }

    /// The columns ``SQLiteStore/event(_:)`` and ``PostgresStore`` read, from `events e` joined to `actions a`.
    /// Columns 17–22 are the action's ``EventParties``, from its current version.
    static let select = """
        SELECT e.id, e.type, e.date, e.amount, e.confidence, e.is_partial, e.evidence, e.detected_at,
               e.detection_latency_seconds, e.action_id, a.kind, a.agency_id, a.piid, a.mod_number,
               a.transaction_number, a.idv_agency_id, a.idv_piid,
               cv.vendor_name, vendor.uei, cv.contracting_agency_id, agency.name, agency.department_id,
               agency.department_name
        FROM events e JOIN actions a ON a.id = e.action_id
        LEFT JOIN action_versions cv ON cv.id = a.current_version_id
        LEFT JOIN vendors vendor ON vendor.id = a.vendor_id
        LEFT JOIN agencies agency ON agency.code = cv.contracting_agency_id
        """

    /// ``select``'s columns for an event in outline: its id, type, date, confidence, whether it
    /// is partial and its action's row id; NULL for the rest, whose joins it leaves out, the
    /// action's key included: the reader takes it from the contract's outline (``ContractSQL/outline``).
    /// What a contract's timeline reads of every event.
    static let outlineSelect = """
        SELECT e.id, e.type, e.date, NULL, e.confidence, e.is_partial, NULL, NULL, NULL, e.action_id,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM events e
        """

    /// The statements that read a contract's events as
    /// ``RecordStore/contractWindow(agencyID:piid:window:)`` returns them, oldest first: every
    /// event in outline (``outlineSelect``), then whole (``select``) those of the actions of
    /// `window`, the positions of ``ContractSQL/windowIDs``; nil for the outline when the window
    /// holds every action. A contract of thousands of modifications has thousands of events, and
    /// its timeline reads only their outline; a page lists those of its window.
    /// ``completing(_:actions:with:)`` puts the two together.
    /// - Parameters:
    ///   - agencyID: The contract's agency.
    ///   - piid: Its PIID.
    ///   - window: The positions of its actions read whole.
    ///   - count: How many actions the contract has.
    /// - Returns: The SQL and its bound values of each.
    /// - Throws: Nothing in practice: a contract's query names no event cursor.
    static func contractWindow(
        agencyID: String, piid: String, window: Range<Int>, of count: Int
    ) throws -> (outline: (sql: String, arguments: [SQLArgument])?, whole: (sql: String, arguments: [SQLArgument])) {
        let query = EventQuery(contract: (agencyID, piid))
        let order = ordering(.chronological)
        guard window != 0..<count else { return (nil, try statement(query, orderedBy: order, limit: nil)) }
        return (
            try statement(query, orderedBy: order, limit: nil, selecting: outlineSelect),
            try statement(
                query, orderedBy: order, limit: nil,
                extra: (
                    "e.action_id IN (\(ContractSQL.windowIDs))",
                    ContractSQL.windowArguments(agencyID: agencyID, piid: piid, window: window)
                ))
        )
    }

    /// `outline`, a contract's events in outline with the row id of each one's action, named by
    /// the key of that action in `actions` and with those read whole in their place.
    /// - Parameters:
    ///   - outline: The events of ``outlineSelect``, each with its action's row id.
    ///   - actions: The contract's actions in outline (``ContractSQL/outline``), each with its row id.
    ///   - whole: The events read whole.
    /// - Returns: The events in `outline`'s order.
    static func completing(
        _ outline: [(event: ProcurementEvent, actionID: Int64)], actions: [(action: StoredAction, id: Int64)],
        with whole: [ProcurementEvent]
    ) -> [ProcurementEvent] {
        let keys = Dictionary(actions.map { ($0.id, $0.action.action.key) }, uniquingKeysWith: { first, _ in first })
        let byID = Dictionary(whole.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return outline.map { event, actionID in
            if let read = byID[event.id] { return read }
            var event = event
            // Read in the same transaction as the outline, which lists every action of the
            // contract: every event's action is there.
            if let key = keys[actionID] { event.action = key }
            return event
        }
    }

    /// The event's evidence as the JSON array the `evidence` column holds.
    /// - Returns: The JSON text.
    static func evidenceJSON(_ event: ProcurementEvent) -> String {
        var writer = JSONWriter()
        writer.beginArray()
        for evidence in event.evidence { evidence.writeJSON(to: &writer) }
        writer.endArray()
        return writer.output
    }

    /// The key that tells a contract's actions apart: modification, transaction and kind.
    /// - Returns: The three joined by a separator no key contains.
    static func position(modNumber: String, transactionNumber: String, kind: String) -> String {
        modNumber + "\u{1F}" + transactionNumber + "\u{1F}" + kind
    }
}
