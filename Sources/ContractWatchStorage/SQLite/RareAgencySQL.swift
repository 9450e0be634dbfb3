import GRDB

/// How SQLite reads an agency filter for an agency that signs few actions.
///
/// Search and the events listing walk their date index newest first and test each row's current
/// version against the agency code (``AgencyCodeSQL``). For a department that signs most actions
/// the page is found in the first rows; for an agency with 0.13% of a million actions the walk went
/// through most of the store: 3.5–4.8 s to search, 8–14 s to list its events. Such an agency's
/// actions are read instead by the versions' agency indexes (migration 022) and sorted, in tens of
/// milliseconds. Which way is chosen by counting the agency's version rows up to ``limit``, once per
/// generation of the records (``GenerationCache``).
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

    /// The condition on the action id `column` that reads the actions of the agency `code` names
    /// by the agency indexes, with its values, when the agency has fewer than ``limit`` version
    /// rows; nil when it has more and the date walk finds a page sooner. Counting up to the limit
    /// costs about 10 ms for a common agency at a million actions, so the answer is kept in
    /// `cache` while the records are unchanged.
    static func condition(
        on column: String, code: String, cache: GenerationCache<Bool>, in db: Database
    ) throws -> (term: String, arguments: [SQLArgument])? {
        let isRare = try cache.value(for: code, at: SearchGeneration.current(in: db)) {
            let rows = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM (\(actionIDs) LIMIT \(limit))"),
                arguments: StatementArguments(AgencyCodeSQL.arguments(code)))
            return (rows ?? 0) < limit
        }
        return isRare ? ("\(column) IN (\(actionIDs))", AgencyCodeSQL.arguments(code).map(SQLArgument.text)) : nil
    }
}
