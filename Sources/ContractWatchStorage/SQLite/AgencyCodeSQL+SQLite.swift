import GRDB

extension AgencyCodeSQL {
    /// The agency codes `code` names (itself, and a department's agencies), each once, sorted.
    static func codes(naming code: String, in db: Database) throws -> [String] {
        Set(try String.fetchAll(db.cachedStatement(sql: agencies), arguments: [code, code])).sorted()
    }
}
