/// How both engines read an agency filter on a feed for an agency that signs few actions.
///
/// A feed walks the events newest detected first and tests each one's agencies against the code
/// (``AgencyCodeSQL``). For a department that signs most actions the page is found in the first
/// rows; for an agency with 0.13% of a million actions the walk went through most of the store
/// (8–14 s on SQLite). Such an agency's actions are read instead from `action_agencies`
/// (``ActionAgencySQL``) and their events tested against them, in tens of milliseconds. Which way
/// is chosen by counting the agency's rows up to ``limit``, once per generation of the records
/// (``GenerationCache``). Listings in date order read their ranges of the agency indexes instead
/// (``ActionAgencySQL/matches(codes:dates:conditions:arguments:count:order:after:engine:)``,
/// ``EventSQL/agencyListing(_:codes:limit:)``).
enum RareAgencySQL {
    /// At fewer rows than this an agency is read by its index: testing that many actions costs
    /// less than walking to the page through a store where the agency is rare.
    static let limit = 20_000

    /// The ids of the actions whose current version's contracting or funding agency is one the
    /// code names (an action under two such codes twice). Binds the code twice.
    static let actionIDs = "SELECT action_id FROM action_agencies WHERE code IN (\(AgencyCodeSQL.agencies))"

    /// ``actionIDs`` for the agency codes themselves, `count` of them, each bound once (for
    /// PostgreSQL, whose planner reads the index when it sees the codes).
    static func actionIDs(ofCodes count: Int) -> String {
        "SELECT action_id FROM action_agencies WHERE code IN (\(Array(repeating: "?", count: count).joined(separator: ", ")))"
    }

    /// Counts the rows `ids` selects, up to ``limit``.
    static func count(_ ids: String) -> String {
        "SELECT count(*) FROM (\(ids) LIMIT \(limit)) AS rows"
    }
}
