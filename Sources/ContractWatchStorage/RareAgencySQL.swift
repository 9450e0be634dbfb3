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
    /// the department's list holds, would scan the table, so there the indexes are named. Binds
    /// ``AgencyCodeSQL/arguments(_:)``.
    static func actionIDs(_ engine: SearchSQL.Engine) -> String {
        let (contracting, funding) =
            engine == .sqlite
            ? (
                "INDEXED BY action_versions_by_contracting_agency", "INDEXED BY action_versions_by_funding_agency"
            ) : ("", "")
        return """
            SELECT action_id FROM action_versions \(contracting)
            WHERE contracting_agency_id IN (\(AgencyCodeSQL.agencies))
            UNION ALL
            SELECT action_id FROM action_versions \(funding)
            WHERE funding_agency_id IN (\(AgencyCodeSQL.agencies))
            """
    }

    /// Counts the agency's version rows, up to ``limit``. Binds ``AgencyCodeSQL/arguments(_:)``.
    static func count(_ engine: SearchSQL.Engine) -> String {
        "SELECT count(*) FROM (\(actionIDs(engine)) LIMIT \(limit)) AS rows"
    }

    /// The condition on the action id `column` that reads the agency's actions by the agency
    /// indexes, with its values.
    static func condition(
        on column: String, code: String, engine: SearchSQL.Engine
    ) -> (
        term: String, arguments: [SQLArgument]
    ) {
        ("\(column) IN (\(actionIDs(engine)))", AgencyCodeSQL.arguments(code).map(SQLArgument.text))
    }
}
