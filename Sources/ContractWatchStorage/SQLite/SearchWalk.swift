import ContractWatchCore
import GRDB

/// A search read in the listing's order from an index, and stopped once it has the matches
/// asked for, however many actions match.
protocol SearchWalk {
    /// The first `count` matches in `order` after `cursor`, as the listing orders them: by signed
    /// date, then ``ActionKey/orderingKey``.
    func matches(_ count: Int, order: SearchOrder, after cursor: SearchCursor?, in db: Database) throws -> [SearchMatch]
}

/// A search filtered by agency, read from `action_agencies` (``ActionAgencySQL``): one range per
/// code the filter names, each stopped at the page.
struct AgencyWalk: SearchWalk {
    /// The agency codes the filter names (``AgencyCodeSQL``).
    var codes: [String]
    /// Signed on or after / before these dates.
    var dates: (from: String?, to: String?)
    /// Conditions on `a` (actions) and `v` (current versions), and their values.
    var conditions: [String]
    var arguments: [SQLArgument]

    func matches(_ count: Int, order: SearchOrder, after cursor: SearchCursor?, in db: Database) throws -> [SearchMatch]
    {
        let statement = ActionAgencySQL.matches(
            codes: codes, dates: dates, conditions: conditions, arguments: arguments, count: count, order: order,
            after: cursor,
            engine: .sqlite)
        return try Row.fetchAll(
            db, sql: statement.sql, arguments: StatementArguments(statement.arguments.map(\.databaseValue))
        ).map { SearchMatch(id: $0[0], signedDate: $0[1], orderingKey: $0[2]) }
    }
}
