import ContractAwards
import ContractWatchCore
import FPDS

/// The columns every read of whole actions selects, in order, the same on both engines; rows
/// are read by position (the raw value), which is much faster than by-name lookup on wide rows.
///
/// Texts a version keeps by id (``VersionText``) read back through `version_texts`, and the
/// content hash, kept as 32 bytes, as lowercase hex: `hex` is SQLite's function, and the
/// PostgreSQL store defines one alike (its migration 016).
enum ActionColumn: Int, CaseIterable {
    case kind
    case agencyID
    case piid
    case modNumber
    case transactionNumber
    case idvAgencyID
    case idvPIID
    case signedDate
    case effectiveDate
    case currentCompletionDate
    case ultimateCompletionDate
    case obligatedAmount
    case baseAndExercisedOptionsValue
    case baseAndAllOptionsValue
    case totalObligatedAmount
    case contractActionType
    case contractActionTypeDescription
    case reasonForModification
    case reasonForModificationDescription
    case description
    case vendorName
    case vendorUEI
    case ultimateParentUEI
    case ultimateParentName
    case cageCode
    case vendorDUNS
    case vendorAlternateNames
    case vendorCountry
    case contractingAgencyID
    case contractingOfficeID
    case fundingAgencyID
    case productOrServiceCode
    case productOrServiceDescription
    case naicsCode
    case naicsDescription
    case lastModifiedDate
    case contentHash
    case firstSeen
    case lastSeen
    case sourceURL
    case source
    case format
    case isCurrent
    case isDeletion
    case isKeyOnly
    case deletionFormat
    case contractingAgencyName
    case contractingDepartmentID
    case contractingDepartmentName
    case contractingOfficeName
    case fundingAgencyName
    case fundingDepartmentID
    case fundingDepartmentName

    /// The column's SQL, read from `a` (actions), `v` (action_versions) and ``joins``.
    var sql: String {
        switch self {
        case .kind: "a.kind"
        case .agencyID: "a.agency_id"
        case .piid: "a.piid"
        case .modNumber: "a.mod_number"
        case .transactionNumber: "a.transaction_number"
        case .idvAgencyID: "a.idv_agency_id"
        case .idvPIID: "a.idv_piid"
        case .signedDate: "v.signed_date"
        case .effectiveDate: "v.effective_date"
        case .currentCompletionDate: "v.current_completion_date"
        case .ultimateCompletionDate: "v.ultimate_completion_date"
        case .obligatedAmount: "v.obligated_amount"
        case .baseAndExercisedOptionsValue: "v.base_and_exercised_options_value"
        case .baseAndAllOptionsValue: "v.base_and_all_options_value"
        case .totalObligatedAmount: "v.total_obligated_amount"
        case .contractActionType: "v.contract_action_type"
        case .contractActionTypeDescription:
            "(SELECT text FROM version_texts WHERE id = v.contract_action_type_description_id)"
        case .reasonForModification: "v.reason_for_modification"
        case .reasonForModificationDescription:
            "(SELECT text FROM version_texts WHERE id = v.reason_for_modification_description_id)"
        case .description: "v.description"
        case .vendorName: "v.vendor_name"
        case .vendorUEI: "v.vendor_uei"
        case .ultimateParentUEI: "v.ultimate_parent_uei"
        case .ultimateParentName: "v.ultimate_parent_name"
        case .cageCode: "v.cage_code"
        case .vendorDUNS: "v.vendor_duns"
        case .vendorAlternateNames: "v.vendor_alternate_names"
        case .vendorCountry: "v.vendor_country"
        case .contractingAgencyID: "v.contracting_agency_id"
        case .contractingOfficeID: "v.contracting_office_id"
        case .fundingAgencyID: "v.funding_agency_id"
        case .productOrServiceCode: "v.product_or_service_code"
        case .productOrServiceDescription:
            "(SELECT text FROM version_texts WHERE id = v.product_or_service_description_id)"
        case .naicsCode: "v.naics_code"
        case .naicsDescription: "(SELECT text FROM version_texts WHERE id = v.naics_description_id)"
        case .lastModifiedDate: "v.last_modified_date"
        case .contentHash: "lower(hex(v.content_hash))"
        case .firstSeen: "v.first_seen"
        case .lastSeen: "v.last_seen"
        case .sourceURL:
            "coalesce((SELECT text FROM version_texts WHERE id = v.source_url_address_id), '') || v.source_url_rest"
        case .source: "s.location"
        case .format: "s.format"
        case .isCurrent: "v.id = a.current_version_id"
        case .isDeletion: "v.is_deletion"
        case .isKeyOnly: "v.is_key_only"
        // Looked up only for deletions, and without the joins, so classification's reads have it.
        case .deletionFormat: "CASE WHEN v.is_deletion THEN (SELECT format FROM sources WHERE id = v.source_id) END"
        case .contractingAgencyName: "ca.name"
        case .contractingDepartmentID: "ca.department_id"
        case .contractingDepartmentName: "ca.department_name"
        case .contractingOfficeName: "co.name"
        case .fundingAgencyName: "fa.name"
        case .fundingDepartmentID: "fa.department_id"
        case .fundingDepartmentName: "fa.department_name"
        }
    }

    /// Every column, comma-separated, for a `SELECT`.
    static let list = ActionColumn.allCases.map(\.sql).joined(separator: ", ")

    /// ``list`` with NULL for the columns ``joins`` supplies, for reads without them.
    static let listWithoutNames = ActionColumn.allCases.map {
        $0.sql.hasPrefix("s.") || $0.sql.hasPrefix("ca.") || $0.sql.hasPrefix("co.")
            || $0.sql.hasPrefix("fa.") ? "NULL" : $0.sql
    }.joined(separator: ", ")

    /// ``list`` with NULL for the columns a contract's outline leaves out
    /// (``ContractWindowRecords/outline``): codes and their descriptions, texts, the other dates
    /// and amounts, the parent, office and funding agency, the content hash, when the version was
    /// seen and the file it was read from, which a contract of thousands of actions would
    /// otherwise look up and decode for every one of them.
    static let outlineList = ActionColumn.allCases.map { outline.contains($0) ? $0.sql : "NULL" }
        .joined(separator: ", ")

    private static let outline: Set<ActionColumn> = [
        .kind, .agencyID, .piid, .modNumber, .transactionNumber, .idvAgencyID, .idvPIID, .signedDate,
        .currentCompletionDate, .obligatedAmount, .baseAndExercisedOptionsValue, .baseAndAllOptionsValue, .vendorName,
        .vendorUEI, .contractingAgencyID, .contractingAgencyName, .contractingDepartmentID,
        .contractingDepartmentName, .lastModifiedDate, .sourceURL, .format, .isCurrent, .isDeletion, .isKeyOnly,
        .deletionFormat,
    ]

    /// Joins for ``list``: source, agency and office names.
    static let joins = """
        LEFT JOIN sources s ON s.id = v.source_id
        LEFT JOIN agencies ca ON ca.code = v.contracting_agency_id
        LEFT JOIN agencies fa ON fa.code = v.funding_agency_id
        LEFT JOIN offices co ON co.agency_code = v.contracting_agency_id AND co.code = v.contracting_office_id
        """

    /// True for an action `a` with a version besides its current one (corrected, deleted or
    /// copied): the actions whose version histories are read. The same on both engines.
    static let hasEarlierVersions =
        "EXISTS (SELECT 1 FROM action_versions o WHERE o.action_id = a.id AND o.id <> a.current_version_id)"

    /// An action from one row, its columns read by `text`, the flags by `flag` and the times a
    /// version was seen (``StoredTime``) by `seconds`.
    static func storedAction(
        text: (ActionColumn) -> String?, flag: (ActionColumn) -> Bool, seconds: (ActionColumn) -> Int64?
    ) -> StoredAction {
        func instant(_ column: ActionColumn) -> String? { seconds(column).map(StoredTime.instant(stored:)) }
        func date(_ column: ActionColumn) -> FPDSDateTime? { text(column).flatMap { FPDSDateTime(fpds: $0) } }
        func amount(_ column: ActionColumn) -> FPDSAmount? { text(column).flatMap { FPDSAmount($0) } }
        func code(_ column: ActionColumn, _ description: ActionColumn) -> FPDSCode? {
            text(column).map { FPDSCode(code: $0, description: text(description)) }
        }
        var action = ContractAction(
            key: ActionKey(
                kind: text(.kind).flatMap(FPDSRecord.Kind.init(rawValue:)) ?? .award,
                agencyID: text(.agencyID) ?? "", piid: text(.piid) ?? "", modNumber: text(.modNumber) ?? "",
                transactionNumber: text(.transactionNumber) ?? "", idvAgencyID: text(.idvAgencyID) ?? "",
                idvPIID: text(.idvPIID) ?? ""))
        action.signedDate = date(.signedDate)
        action.effectiveDate = date(.effectiveDate)
        action.currentCompletionDate = date(.currentCompletionDate)
        action.ultimateCompletionDate = date(.ultimateCompletionDate)
        action.obligatedAmount = amount(.obligatedAmount)
        action.baseAndExercisedOptionsValue = amount(.baseAndExercisedOptionsValue)
        action.baseAndAllOptionsValue = amount(.baseAndAllOptionsValue)
        action.totalObligatedAmount = amount(.totalObligatedAmount)
        action.contractActionType = code(.contractActionType, .contractActionTypeDescription)
        action.reasonForModification = code(.reasonForModification, .reasonForModificationDescription)
        action.description = text(.description)
        action.vendorName = text(.vendorName)
        action.vendorUEI = text(.vendorUEI)
        action.ultimateParentUEI = text(.ultimateParentUEI)
        action.ultimateParentName = text(.ultimateParentName)
        action.cageCode = text(.cageCode)
        action.vendorDUNS = text(.vendorDUNS)
        action.vendorAlternateNames = text(.vendorAlternateNames)?.split(separator: "\n").map(String.init) ?? []
        action.vendorCountry = text(.vendorCountry)
        action.contractingAgency = text(.contractingAgencyID).map {
            FPDSRecord.Agency(
                code: $0, name: text(.contractingAgencyName), departmentID: text(.contractingDepartmentID),
                departmentName: text(.contractingDepartmentName))
        }
        action.contractingOffice = text(.contractingOfficeID).map {
            FPDSRecord.Office(code: $0, name: text(.contractingOfficeName))
        }
        action.fundingAgency = text(.fundingAgencyID).map {
            FPDSRecord.Agency(
                code: $0, name: text(.fundingAgencyName), departmentID: text(.fundingDepartmentID),
                departmentName: text(.fundingDepartmentName))
        }
        action.productOrServiceCode = code(.productOrServiceCode, .productOrServiceDescription)
        action.naicsCode = code(.naicsCode, .naicsDescription)
        action.lastModifiedDate = date(.lastModifiedDate)
        if flag(.isDeletion) {
            action.deletion = ContractAction.Deletion(
                format: text(.deletionFormat).flatMap(SourceFormat.init(rawValue:)), isKeyOnly: flag(.isKeyOnly),
                seenAt: instant(.firstSeen))
        }
        return StoredAction(
            action: action, contentHash: text(.contentHash) ?? "", firstSeen: instant(.firstSeen) ?? "",
            lastSeen: instant(.lastSeen) ?? "", sourceURL: text(.sourceURL), source: text(.source),
            format: text(.format).flatMap(SourceFormat.init(rawValue:)), isCurrent: flag(.isCurrent))
    }
}

extension ActionColumn {
    /// The column's position in ``ActionColumn/list``.
    var index: Int { rawValue }
}
