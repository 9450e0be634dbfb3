import ContractWatchCore
import FPDS
import GRDB

/// The natural keys of `DESIGN.md` as SQL terms and bound arguments, spelt once for every query.
extension ContractKey {
    /// `WHERE` terms on a table's (or alias's) contract key columns; the values are bound with
    /// ``arguments``, never interpolated.
    static func matching(_ alias: String? = nil) -> String {
        let prefix = alias.map { "\($0)." } ?? ""
        return "\(prefix)agency_id = ? AND \(prefix)piid = ? AND \(prefix)idv_agency_id = ? AND \(prefix)idv_piid = ?"
    }

    /// The values for ``matching(_:)``, in its order.
    var arguments: StatementArguments { [agencyID, piid, idvAgencyID, idvPIID] }

    /// The contract's row id, if it is stored.
    func id(in db: Database) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM contracts WHERE \(Self.matching())"), arguments: arguments)
    }
}

extension ActionKey {
    /// `WHERE` terms on the actions table's (or alias's) key columns, for ``arguments``.
    static func matching(_ alias: String? = nil) -> String {
        let prefix = alias.map { "\($0)." } ?? ""
        return ContractKey.matching(alias)
            + " AND \(prefix)mod_number = ? AND \(prefix)transaction_number = ? AND \(prefix)kind = ?"
    }

    /// The values for ``matching(_:)``, in its order.
    var arguments: StatementArguments { contract.arguments + [modNumber, transactionNumber, kind.rawValue] }
}
