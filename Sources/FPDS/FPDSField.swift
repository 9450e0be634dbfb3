/// The record elements the parser extracts, each with its path(s) below the record element.
///
/// Paths use local names. Other Transaction records nest most blocks in `contractDetail`, which
/// the lookup trie treats as transparent, and name their ID blocks differently; those spellings
/// are listed as alternatives so one table serves all four record kinds.
enum FPDSField: Int, CaseIterable {
    case agencyID, piid, modNumber, transactionNumber
    case idvAgencyID, idvPIID, idvModNumber
    case signedDate, effectiveDate, currentCompletionDate, ultimateCompletionDate, lastDateToOrder, fiscalYear
    case obligatedAmount, baseAndExercisedOptionsValue, baseAndAllOptionsValue, totalEstimatedOrderValue
    case nonGovernmentalDollars
    case totalObligatedAmount, totalBaseAndExercisedOptionsValue, totalBaseAndAllOptionsValue
    case totalNonGovernmentalDollars
    case contractingAgency, contractingOffice, fundingAgency, fundingOffice, foreignFunding
    case contractActionType, typeOfContractPricing, reasonForModification, description
    case typeOfIDC, multipleOrSingleAwardIDC, referencedIDVType, referencedIDVMultipleOrSingle
    case solicitationID, majorProgramCode, nationalInterestActionCode, typeOfAgreement
    case productOrServiceCode, principalNAICSCode, claimantProgramCode
    case vendorName, vendorAlternateName, vendorLegalOrganizationName, vendorDoingAsBusinessName
    case uei, ueiLegalBusinessName, ultimateParentUEI, ultimateParentUEIName, cageCode
    case duns, globalParentDUNS, globalParentDUNSName
    case vendorStreet, vendorCity, vendorState, vendorZIP, vendorCountry
    case stateOfIncorporation, countryOfIncorporation
    case placeState, placeCountry, placeZIP
    case extentCompeted, solicitationProcedures, typeOfSetAside, reasonNotCompeted, numberOfOffersReceived
    case createdBy, createdDate, lastModifiedBy, lastModifiedDate, status
    case approvedBy, approvedDate, closedStatus, closedBy, closedDate

    /// True for the parts of the action's key, which `FPDSKeyField` judges as published; every
    /// other field is free text, neutralised by `InputText.neutralised(_:)`.
    var isKey: Bool {
        switch self {
        case .agencyID, .piid, .modNumber, .transactionNumber, .idvAgencyID, .idvPIID: true
        default: false
        }
    }

    /// The field's path below a record of `kind`, as error messages show it.
    func path(for kind: FPDSRecord.Kind) -> String {
        let all = paths
        switch self {
        case .agencyID, .piid, .modNumber, .transactionNumber:
            let index = FPDSRecord.Kind.allCases.firstIndex(of: kind) ?? 0
            return all[min(index, all.count - 1)]
        case .idvAgencyID, .idvPIID, .idvModNumber:
            return all[kind == .idv ? 1 : kind == .otherTransactionAward ? 2 : 0]
        default:
            let path = all[0]
            let isOtherTransaction = kind == .otherTransactionAward || kind == .otherTransactionIDV
            return isOtherTransaction && path != "PSCCode" ? "contractDetail/" + path : path
        }
    }

    /// Every spelling of this field's path below the record element.
    var paths: [String] {
        let own = [
            "awardID/awardContractID", "contractID/IDVID",
            "OtherTransactionAwardID/OtherTransactionAwardContractID",
            "OtherTransactionIDVID/OtherTransactionIDVContractID",
        ]
        let referenced = [
            "awardID/referencedIDVID", "contractID/referencedIDVID",
            "OtherTransactionAwardID/referencedIDVID",
        ]
        let vendorIDs = "vendor/vendorSiteDetails/entityIdentifiers"
        let ueiInfo = "\(vendorIDs)/vendorUEIInformation"
        let dunsInfo = ["\(vendorIDs)/vendorDUNSInformation", "vendor/vendorSiteDetails/vendorDUNSInformation"]
        let location = "vendor/vendorSiteDetails/vendorLocation"
        let dates = "relevantContractDates"
        switch self {
        case .agencyID: return own.map { "\($0)/agencyID" }
        case .piid: return own.map { "\($0)/PIID" }
        case .modNumber: return own.map { "\($0)/modNumber" }
        case .transactionNumber: return own.map { "\($0)/transactionNumber" }
        case .idvAgencyID: return referenced.map { "\($0)/agencyID" }
        case .idvPIID: return referenced.map { "\($0)/PIID" }
        case .idvModNumber: return referenced.map { "\($0)/modNumber" }
        case .signedDate: return ["\(dates)/signedDate"]
        case .effectiveDate: return ["\(dates)/effectiveDate"]
        case .currentCompletionDate: return ["\(dates)/currentCompletionDate"]
        case .ultimateCompletionDate: return ["\(dates)/ultimateCompletionDate"]
        case .lastDateToOrder: return ["\(dates)/lastDateToOrder"]
        case .fiscalYear: return ["\(dates)/fiscalYear"]
        case .obligatedAmount: return ["dollarValues/obligatedAmount"]
        case .baseAndExercisedOptionsValue: return ["dollarValues/baseAndExercisedOptionsValue"]
        case .baseAndAllOptionsValue: return ["dollarValues/baseAndAllOptionsValue"]
        case .totalEstimatedOrderValue: return ["dollarValues/totalEstimatedOrderValue"]
        case .nonGovernmentalDollars: return ["dollarValues/nonGovernmentalDollars"]
        case .totalObligatedAmount: return ["totalDollarValues/totalObligatedAmount"]
        case .totalBaseAndExercisedOptionsValue: return ["totalDollarValues/totalBaseAndExercisedOptionsValue"]
        case .totalBaseAndAllOptionsValue: return ["totalDollarValues/totalBaseAndAllOptionsValue"]
        case .totalNonGovernmentalDollars: return ["totalDollarValues/totalNonGovernmentalDollars"]
        case .contractingAgency: return ["purchaserInformation/contractingOfficeAgencyID"]
        case .contractingOffice: return ["purchaserInformation/contractingOfficeID"]
        case .fundingAgency: return ["purchaserInformation/fundingRequestingAgencyID"]
        case .fundingOffice: return ["purchaserInformation/fundingRequestingOfficeID"]
        case .foreignFunding: return ["purchaserInformation/foreignFunding"]
        case .contractActionType: return ["contractData/contractActionType"]
        case .typeOfContractPricing: return ["contractData/typeOfContractPricing"]
        case .reasonForModification: return ["contractData/reasonForModification"]
        case .description: return ["contractData/descriptionOfContractRequirement"]
        case .typeOfIDC: return ["contractData/typeOfIDC"]
        case .multipleOrSingleAwardIDC: return ["contractData/multipleOrSingleAwardIDC"]
        case .referencedIDVType: return ["contractData/referencedIDVType"]
        case .referencedIDVMultipleOrSingle: return ["contractData/referencedIDVMultipleOrSingle"]
        case .solicitationID: return ["contractData/solicitationID"]
        case .majorProgramCode: return ["contractData/majorProgramCode"]
        case .nationalInterestActionCode: return ["contractData/nationalInterestActionCode"]
        case .typeOfAgreement: return ["contractData/typeOfAgreement"]
        case .productOrServiceCode: return ["productOrServiceInformation/productOrServiceCode", "PSCCode"]
        case .principalNAICSCode: return ["productOrServiceInformation/principalNAICSCode"]
        case .claimantProgramCode: return ["productOrServiceInformation/claimantProgramCode"]
        case .vendorName: return ["vendor/vendorHeader/vendorName"]
        case .vendorAlternateName: return ["vendor/vendorHeader/vendorAlternateName"]
        case .vendorLegalOrganizationName: return ["vendor/vendorHeader/vendorLegalOrganizationName"]
        case .vendorDoingAsBusinessName: return ["vendor/vendorHeader/vendorDoingAsBusinessName"]
        case .uei: return ["\(ueiInfo)/UEI"]
        case .ueiLegalBusinessName: return ["\(ueiInfo)/UEILegalBusinessName"]
        case .ultimateParentUEI: return ["\(ueiInfo)/ultimateParentUEI"]
        case .ultimateParentUEIName: return ["\(ueiInfo)/ultimateParentUEIName"]
        case .cageCode: return ["\(vendorIDs)/cageCode", "vendor/vendorSiteDetails/vendorDUNSInformation/cageCode"]
        case .duns: return dunsInfo.map { "\($0)/DUNSNumber" }
        case .globalParentDUNS: return dunsInfo.map { "\($0)/globalParentDUNSNumber" }
        case .globalParentDUNSName: return dunsInfo.map { "\($0)/globalParentDUNSName" }
        case .vendorStreet: return ["\(location)/streetAddress"]
        case .vendorCity: return ["\(location)/city"]
        case .vendorState: return ["\(location)/state"]
        case .vendorZIP: return ["\(location)/ZIPCode"]
        case .vendorCountry: return ["\(location)/countryCode"]
        case .stateOfIncorporation: return ["vendor/vendorSiteDetails/vendorOrganizationFactors/stateOfIncorporation"]
        case .countryOfIncorporation:
            return ["vendor/vendorSiteDetails/vendorOrganizationFactors/countryOfIncorporation"]
        case .placeState: return ["placeOfPerformance/principalPlaceOfPerformance/stateCode"]
        case .placeCountry: return ["placeOfPerformance/principalPlaceOfPerformance/countryCode"]
        case .placeZIP: return ["placeOfPerformance/placeOfPerformanceZIPCode"]
        case .extentCompeted: return ["competition/extentCompeted"]
        case .solicitationProcedures: return ["competition/solicitationProcedures"]
        case .typeOfSetAside: return ["competition/typeOfSetAside"]
        case .reasonNotCompeted: return ["competition/reasonNotCompeted"]
        case .numberOfOffersReceived: return ["competition/numberOfOffersReceived"]
        case .createdBy: return ["transactionInformation/createdBy"]
        case .createdDate: return ["transactionInformation/createdDate"]
        case .lastModifiedBy: return ["transactionInformation/lastModifiedBy"]
        case .lastModifiedDate: return ["transactionInformation/lastModifiedDate"]
        case .status: return ["transactionInformation/status"]
        case .approvedBy: return ["transactionInformation/approvedBy"]
        case .approvedDate: return ["transactionInformation/approvedDate"]
        case .closedStatus: return ["transactionInformation/closedStatus"]
        case .closedBy: return ["transactionInformation/closedBy"]
        case .closedDate: return ["transactionInformation/closedDate"]
        }
    }
}

/// A trie over local-name paths from the record element to the extracted fields.
///
/// Each open element of a record maps to a node (or to none, and then its whole subtree is
/// skipped without lookups), so extraction costs one short byte comparison per tracked element.
struct FPDSFieldTrie: Sendable {
    struct Node: Sendable {
        var children: [(name: [UInt8], node: Int)] = []
        var field: FPDSField?
    }

    static let shared = FPDSFieldTrie()

    private(set) var nodes: [Node] = [Node()]

    /// The record element's node.
    static let root = 0

    private init() {
        // Other Transactions wrap their blocks in `contractDetail`: map it back to the root.
        nodes[Self.root].children.append((Array("contractDetail".utf8), Self.root))
        for field in FPDSField.allCases {
            for path in field.paths {
                var node = Self.root
                for component in path.split(separator: "/") {
                    node = child(of: node, named: Array(component.utf8))
                }
                nodes[node].field = field
            }
        }
    }

    private mutating func child(of node: Int, named name: [UInt8]) -> Int {
        if let existing = nodes[node].children.first(where: { $0.name == name }) { return existing.node }
        nodes.append(Node())
        nodes[node].children.append((name, nodes.count - 1))
        return nodes.count - 1
    }
}
