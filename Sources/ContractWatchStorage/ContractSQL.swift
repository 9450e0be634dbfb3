import ContractWatchCore

/// The SQL both engines use to read one contract (agency and PIID, orders under any IDV), with
/// `?` placeholders: the agency, the PIID, then the modification when one is named.
enum ContractSQL {
    /// The current version of each action, ordered by IDV, signed date, then modification.
    static let actions = currentVersions(ActionColumn.list)

    /// ``actions`` in outline (``ActionColumn/outlineList``), then each action's row id, which
    /// the contract's events in outline name their action by (``EventSQL/outlineSelect``).
    static let outline = currentVersions(ActionColumn.outlineList + ", a.id")

    private static func currentVersions(_ columns: String) -> String {
        """
        SELECT \(columns) FROM actions a JOIN action_versions v ON v.id = a.current_version_id
        \(ActionColumn.joins)
        WHERE a.agency_id = ? AND a.piid = ?
        ORDER BY \(order)
        """
    }

    /// The rows of ``actions`` in ``windowIDs``. The window is chosen by action id first, so that
    /// only its rows look up their texts and names.
    static let window = """
        SELECT \(ActionColumn.list) FROM actions a JOIN action_versions v ON v.id = a.current_version_id
        \(ActionColumn.joins)
        WHERE a.id IN (\(windowIDs))
        ORDER BY \(order)
        """

    /// The ids of the actions of ``actions`` from a third placeholder's offset, at most a
    /// fourth's many (the order is total: it ends with every part of the key).
    static let windowIDs = """
        SELECT a.id FROM actions a JOIN action_versions v ON v.id = a.current_version_id
        WHERE a.agency_id = ? AND a.piid = ?
        ORDER BY \(order) LIMIT ? OFFSET ?
        """

    /// The values ``window`` and ``windowIDs`` bind: the contract, then the window's length and
    /// its first position.
    static func windowArguments(agencyID: String, piid: String, window: Range<Int>) -> [SQLArgument] {
        arguments(agencyID: agencyID, piid: piid).map(SQLArgument.text)
            + [.integer(Int64(window.count)), .integer(Int64(window.lowerBound))]
    }

    private static let order = "a.idv_agency_id, a.idv_piid, v.signed_date, a.mod_number, a.transaction_number, a.kind"

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

/// The SQL both engines use to read what citations quote (``RecordStore/citedRecords(of:)``).
enum CitationSQL {
    /// One action's versions, in the order stored: the current one alone, or every one when it
    /// has several. The column after ``ActionColumn/list``'s says whether the row is the current
    /// version. Binds ``ActionKey/matching(_:)``'s values.
    static let versions = """
        SELECT \(ActionColumn.list), v.id = a.current_version_id FROM actions a
        JOIN action_versions v ON v.action_id = a.id
        \(ActionColumn.joins)
        WHERE \(ActionKey.matching("a")) AND (v.id = a.current_version_id OR \(ActionColumn.hasEarlierVersions))
        ORDER BY v.id
        """

    /// One contract's stored timeline (``TimelineSummary/storedText``), or NULL. Binds
    /// ``ContractKey/matching(_:)``'s values.
    static let timeline = "SELECT timeline_summary FROM contracts WHERE \(ContractKey.matching())"
}
