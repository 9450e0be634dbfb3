package import ContractAwards
package import FPDS

/// One contract action normalised to the fields every source maps to (FPDS XML, the SAM.gov
/// Contract Awards API, USAspending files), named as `DESIGN.md` names the JSON keys.
package struct ContractAction: Sendable, Hashable {
    package var key: ActionKey
    package var signedDate: FPDSDateTime?
    package var effectiveDate: FPDSDateTime?
    package var currentCompletionDate: FPDSDateTime?
    package var ultimateCompletionDate: FPDSDateTime?
    /// This action's obligation (signed: de-obligations are negative).
    package var obligatedAmount: FPDSAmount?
    package var baseAndExercisedOptionsValue: FPDSAmount?
    package var baseAndAllOptionsValue: FPDSAmount?
    /// Cumulative obligations of the contract after this action.
    package var totalObligatedAmount: FPDSAmount?
    package var contractActionType: FPDSCode?
    package var reasonForModification: FPDSCode?
    package var description: String?
    package var vendorName: String?
    package var vendorUEI: String?
    package var ultimateParentUEI: String?
    package var ultimateParentName: String?
    package var cageCode: String?
    /// Legacy DUNS number (records before April 2022 carry it; later ones carry only the UEI).
    package var vendorDUNS: String?
    /// The vendor's other names in the record (legal, doing-business-as, alternate, UEI legal
    /// business name), without `vendorName` and without repeats.
    package var vendorAlternateNames: [String] = []
    /// The vendor's country (ISO 3166-1 alpha-3, as FPDS writes it).
    package var vendorCountry: String?
    package var contractingAgency: FPDSRecord.Agency?
    package var contractingOffice: FPDSRecord.Office?
    package var fundingAgency: FPDSRecord.Agency?
    package var productOrServiceCode: FPDSCode?
    package var naicsCode: FPDSCode?
    package var lastModifiedDate: FPDSDateTime?
    /// Set when this rendering of the action is a deletion notice, not a publication: FPDS
    /// withdrew the record. The values stay those of the deleted record, so a deleted action still
    /// reads as what it was.
    package var deletion: Deletion?

    /// True when this rendering is a deletion notice (see ``deletion``).
    package var isDeleted: Bool { deletion != nil }

    /// Where and when a deletion notice was seen.
    ///
    /// It lives on the action, not only on the stored version, because classification and
    /// timelines see actions alone and must tell a withdrawn record from a live one.
    package struct Deletion: Sendable, Hashable {
        /// The format of the source that reported it, which says where it was seen: `fpds-xml` is
        /// FPDS's DELETED feed, `sam-json` SAM.gov's deleted records (`deletedStatus=yes`),
        /// `usaspending-csv` a delete row (`correction_delete_ind` D) of a delta file. Nil when
        /// the notice's source has no stored format, or one this build does not know: it then
        /// reads as "a deletion notice" and its event's evidence rule is plain `deleted`.
        package var format: SourceFormat?
        /// True when the notice named only the action (a SAM `includeSections=contractId`
        /// response): its values are those of the version it deleted, so its `lastModifiedDate`
        /// is that version's, not the deletion's.
        package var isKeyOnly: Bool
        /// When ContractWatch first saw the notice (UTC, ISO 8601): the stored version's
        /// `firstSeen`; nil before it is stored.
        package var seenAt: String?

        /// Where the notice was seen, in words: "FPDS's DELETED feed".
        package var seenIn: String {
            switch format {
            case .fpdsXML: "FPDS's DELETED feed"
            case .samJSON: "SAM.gov's deleted records"
            case .usaspendingCSV: "a USAspending delete row"
            case nil: "a deletion notice"
            }
        }

        /// A deletion notice read from a source of `format` (nil when it is not known).
        package init(format: SourceFormat?, isKeyOnly: Bool = false, seenAt: String? = nil) {
            self.format = format
            self.isKeyOnly = isKeyOnly
            self.seenAt = seenAt
        }
    }

    /// An action with only its identity set.
    package init(key: ActionKey) {
        self.key = key
    }
}

extension ContractAction {
    /// Maps an FPDS record to the normalised model.
    package init(_ record: FPDSRecord) {
        self.init(
            key: ActionKey(
                kind: record.kind,
                agencyID: record.id.agency.code,
                piid: record.id.piid,
                modNumber: record.id.modNumber,
                transactionNumber: record.id.transactionNumber ?? "",
                idvAgencyID: record.referencedIDV?.agency.code ?? "",
                idvPIID: record.referencedIDV?.piid ?? ""))
        signedDate = record.dates.signed
        effectiveDate = record.dates.effective
        currentCompletionDate = record.dates.currentCompletion
        ultimateCompletionDate = record.dates.ultimateCompletion
        obligatedAmount = record.dollars.obligated
        // IDVs report an estimated order value where awards report exercised options.
        baseAndExercisedOptionsValue = record.dollars.baseAndExercisedOptions
        baseAndAllOptionsValue = record.dollars.baseAndAllOptions
        totalObligatedAmount = record.totals.obligated
        contractActionType = record.contractData.contractActionType
        reasonForModification = record.contractData.reasonForModification
        description = record.contractData.description
        vendorName = record.vendor.name
        vendorUEI = record.vendor.uei
        ultimateParentUEI = record.vendor.ultimateParentUEI
        ultimateParentName = record.vendor.ultimateParentName
        cageCode = record.vendor.cageCode
        vendorDUNS = record.vendor.duns
        var otherNames: [String] = []
        for name in [
            record.vendor.legalOrganizationName, record.vendor.doingBusinessAsName, record.vendor.alternateName,
            record.vendor.ueiLegalBusinessName,
        ] {
            guard let name, !name.isEmpty, name != vendorName, !otherNames.contains(name) else { continue }
            otherNames.append(name)
        }
        vendorAlternateNames = otherNames
        vendorCountry = record.vendor.location.country?.code
        contractingAgency = record.purchaser.contractingAgency
        contractingOffice = record.purchaser.contractingOffice
        fundingAgency = record.purchaser.fundingAgency
        productOrServiceCode = record.productOrService.productOrServiceCode
        naicsCode = record.productOrService.principalNAICSCode
        lastModifiedDate = record.transaction.lastModifiedDate
    }
}
