import GRDB

extension RareAgencySQL {
    /// The condition on the action id `column` that reads the actions of the agency `code` names
    /// from `action_agencies`, with its values, when the agency has fewer than ``limit`` rows
    /// there; nil when it has more and the walk finds a page sooner. Counting up to the limit
    /// costs about 10 ms for a common agency at a million actions, so the answer is kept in
    /// `cache` while the records are unchanged.
    static func condition(
        on column: String, code: String, cache: GenerationCache<Bool>, in db: Database
    ) throws -> (term: String, arguments: [SQLArgument])? {
        let isRare = try cache.value(for: code, at: SearchGeneration.current(in: db)) {
            let rows = try Int.fetchOne(
                db.cachedStatement(sql: count(actionIDs)), arguments: [code, code])
            return (rows ?? 0) < limit
        }
        return isRare ? ("\(column) IN (\(actionIDs))", [.text(code), .text(code)]) : nil
    }
}
