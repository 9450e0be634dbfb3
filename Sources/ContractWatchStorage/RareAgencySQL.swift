/// How both engines read an agency filter for an agency that signs few actions.
///
/// Search and the events listing walk their date index newest first and test each row's current
/// version against the agency code (``AgencyCodeSQL``). For a department that signs most actions
/// the page is found in the first rows; for an agency with 0.13% of a million actions the walk went
/// through most of the store: 3.5–4.8 s to search, 8–14 s to list its events on SQLite. Such an
/// agency's actions are read instead by the versions' agency indexes (SQLite migration 022,
/// PostgreSQL 010) and sorted, in tens of milliseconds. Which way is chosen by counting the
/// agency's version rows up to ``limit``, once per generation of the records (``GenerationCache``).
enum RareAgencySQL {
    /// At fewer version rows than this an agency is read by its index: sorting that many matches
    /// costs less than walking to the page through a store where the agency is rare.
    static let limit = 20_000

    /// The ids of the actions with a version whose contracting or funding agency is one the code
    /// names (with repeats), by the two agency indexes. SQLite's planner, not knowing how many codes
    /// the department's list holds, would scan the table, so the indexes are named. Binds
    /// ``AgencyCodeSQL/arguments(_:)``.
    static let actionIDs = """
        SELECT action_id FROM action_versions INDEXED BY action_versions_by_contracting_agency
        WHERE contracting_agency_id IN (\(AgencyCodeSQL.agencies))
        UNION ALL
        SELECT action_id FROM action_versions INDEXED BY action_versions_by_funding_agency
        WHERE funding_agency_id IN (\(AgencyCodeSQL.agencies))
        """

    /// ``actionIDs`` for the agency codes themselves, `count` of them, each bound twice (for
    /// PostgreSQL, whose planner picks the indexes when it sees the codes, and scanned the table
    /// when it saw the department's list as a subquery).
    static func actionIDs(ofCodes count: Int) -> String {
        let list = Array(repeating: "?", count: count).joined(separator: ", ")
        return """
            SELECT action_id FROM action_versions WHERE contracting_agency_id IN (\(list))
            UNION ALL
            SELECT action_id FROM action_versions WHERE funding_agency_id IN (\(list))
            """
    }

    /// Counts the rows `ids` selects, up to ``limit``.
    static func count(_ ids: String) -> String {
        "SELECT count(*) FROM (\(ids) LIMIT \(limit)) AS rows"
    }
}
