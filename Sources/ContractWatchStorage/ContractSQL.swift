/// The SQL both engines use to read one contract (agency and PIID, orders under any IDV), with
/// `?` placeholders: the agency, the PIID, then the modification when one is named.
enum ContractSQL {
    /// The current version of each action, ordered by IDV, signed date, then modification.
    static let actions = """
        SELECT \(ActionColumn.list) FROM actions a JOIN action_versions v ON v.id = a.current_version_id
        \(ActionColumn.joins)
        WHERE a.agency_id = ? AND a.piid = ?
        ORDER BY a.idv_agency_id, a.idv_piid, v.signed_date, a.mod_number, a.transaction_number, a.kind
        """

    /// Every version, in the order stored, of the actions of modification `modNumber` (a third
    /// placeholder), or, when it is nil, of every action that has more than one version.
    static func versions(ofModification modNumber: String?) -> String {
        """
        SELECT \(ActionColumn.list) FROM actions a JOIN action_versions v ON v.action_id = a.id
        \(ActionColumn.joins)
        WHERE a.agency_id = ? AND a.piid = ?
          AND \(modNumber == nil ? ActionColumn.hasEarlierVersions : "a.mod_number = ?")
        ORDER BY a.idv_agency_id, a.idv_piid, a.mod_number, a.transaction_number, a.kind, v.id
        """
    }

    /// The values the statements bind.
    static func arguments(agencyID: String, piid: String, modNumber: String? = nil) -> [String] {
        [agencyID, piid] + (modNumber.map { [$0] } ?? [])
    }
}
