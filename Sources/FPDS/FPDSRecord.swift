/// One FPDS contract action report, as published: an award, an IDV, or an Other Transaction
/// award or IDV, with the fields users filter on or read.
///
/// Values are faithful to the source: strings are the element text after XML decoding (never
/// trimmed or re-cased), codes keep their published `description`, amounts keep their published
/// digits, and dates keep their time of day. Everything else stays available in the raw XML of
/// the ``FPDSEntry``.
package struct FPDSRecord: Sendable, Hashable {
    /// The record element's kind.
    package var kind: Kind
    /// The record's own schema version (`version` attribute, 1.0 to 1.5); archives omit it.
    package var schemaVersion: String?
    /// The action's identity: agency, PIID, modification and transaction number.
    package var id: ActionID
    /// The IDV this order or call is placed under, if any.
    package var referencedIDV: ReferencedIDV?
    package var dates: Dates
    package var dollars: DollarValues
    package var totals: TotalDollarValues
    package var purchaser: Purchaser
    package var contractData: ContractData
    package var productOrService: ProductOrService
    package var vendor: Vendor
    package var placeOfPerformance: PlaceOfPerformance
    package var competition: Competition
    package var transaction: TransactionInformation

    /// The four FPDS record elements.
    package enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case award
        case idv = "IDV"
        case otherTransactionAward = "OtherTransactionAward"
        case otherTransactionIDV = "OtherTransactionIDV"

        /// True for IDVs (contract vehicles that orders reference), false for awards.
        package var isIDV: Bool { self == .idv || self == .otherTransactionIDV }
    }

    /// `awardContractID` / `IDVID` / `OtherTransaction…ContractID`.
    package struct ActionID: Sendable, Hashable {
        package var agency: Agency
        package var piid: String
        package var modNumber: String
        /// Awards only; IDVs have no transaction number.
        package var transactionNumber: String?

        package init(agency: Agency, piid: String, modNumber: String, transactionNumber: String? = nil) {
            self.agency = agency
            self.piid = piid
            self.modNumber = modNumber
            self.transactionNumber = transactionNumber
        }
    }

    /// `referencedIDVID`: the parent vehicle of an order or call.
    package struct ReferencedIDV: Sendable, Hashable {
        package var agency: Agency
        package var piid: String
        package var modNumber: String?

        package init(agency: Agency, piid: String, modNumber: String? = nil) {
            self.agency = agency
            self.piid = piid
            self.modNumber = modNumber
        }
    }

    /// `relevantContractDates`.
    package struct Dates: Sendable, Hashable {
        package var signed: FPDSDateTime?
        package var effective: FPDSDateTime?
        package var currentCompletion: FPDSDateTime?
        package var ultimateCompletion: FPDSDateTime?
        /// IDVs: the last date an order may be placed.
        package var lastDateToOrder: FPDSDateTime?
        /// Other Transactions report their fiscal year.
        package var fiscalYear: String?
    }

    /// `dollarValues`: this action's amounts.
    package struct DollarValues: Sendable, Hashable {
        package var obligated: FPDSAmount?
        package var baseAndExercisedOptions: FPDSAmount?
        package var baseAndAllOptions: FPDSAmount?
        /// IDVs report an estimated order value instead of exercised options.
        package var totalEstimatedOrderValue: FPDSAmount?
        package var nonGovernmental: FPDSAmount?
    }

    /// `totalDollarValues`: cumulative amounts across all actions of the contract.
    package struct TotalDollarValues: Sendable, Hashable {
        package var obligated: FPDSAmount?
        package var baseAndExercisedOptions: FPDSAmount?
        package var baseAndAllOptions: FPDSAmount?
        package var nonGovernmental: FPDSAmount?
    }

    /// `purchaserInformation`: who buys and who pays.
    package struct Purchaser: Sendable, Hashable {
        package var contractingAgency: Agency?
        package var contractingOffice: Office?
        package var fundingAgency: Agency?
        package var fundingOffice: Office?
        package var foreignFunding: FPDSCode?
    }

    /// `contractData`: what the action is.
    package struct ContractData: Sendable, Hashable {
        package var contractActionType: FPDSCode?
        /// `part8OrPart13` on BPA calls.
        package var part8OrPart13: String?
        package var typeOfContractPricing: FPDSCode?
        /// Absent on base records (modification 0).
        package var reasonForModification: FPDSCode?
        /// `descriptionOfContractRequirement`: free text, up to ~4,000 characters, often multi-line.
        package var description: String?
        package var typeOfIDC: FPDSCode?
        package var multipleOrSingleAwardIDC: FPDSCode?
        package var referencedIDVType: FPDSCode?
        package var referencedIDVMultipleOrSingle: FPDSCode?
        package var solicitationID: String?
        package var majorProgramCode: String?
        package var nationalInterestActionCode: FPDSCode?
        /// Other Transactions: e.g. PROTOTYPE.
        package var typeOfAgreement: String?
    }

    /// `productOrServiceInformation` (or an Other Transaction's `PSCCode`).
    package struct ProductOrService: Sendable, Hashable {
        package var productOrServiceCode: FPDSCode?
        /// `productOrServiceType` attribute: PRODUCT, SERVICE or R&D.
        package var productOrServiceType: String?
        package var principalNAICSCode: FPDSCode?
        package var claimantProgramCode: FPDSCode?
    }

    /// `vendor`: names, identifiers and address.
    package struct Vendor: Sendable, Hashable {
        package var name: String?
        package var alternateName: String?
        package var legalOrganizationName: String?
        package var doingBusinessAsName: String?
        package var uei: String?
        package var ueiLegalBusinessName: String?
        package var ultimateParentUEI: String?
        package var ultimateParentName: String?
        package var cageCode: String?
        /// Legacy DUNS identifiers, removed from the feed by Service Pack 13.
        package var duns: String?
        package var globalParentDUNS: String?
        package var globalParentDUNSName: String?
        package var location: Location
        package var stateOfIncorporation: FPDSCode?
        package var countryOfIncorporation: FPDSCode?
    }

    /// A postal location as FPDS reports it.
    package struct Location: Sendable, Hashable {
        package var streetAddress: String?
        package var city: String?
        /// State code, with its name in `description`.
        package var state: FPDSCode?
        package var zipCode: String?
        /// Country code, with its name in `description`.
        package var country: FPDSCode?
    }

    /// `placeOfPerformance`.
    package struct PlaceOfPerformance: Sendable, Hashable {
        package var state: FPDSCode?
        package var country: FPDSCode?
        package var zipCode: String?
    }

    /// `competition`.
    package struct Competition: Sendable, Hashable {
        package var extentCompeted: FPDSCode?
        package var solicitationProcedures: FPDSCode?
        package var typeOfSetAside: FPDSCode?
        package var reasonNotCompeted: FPDSCode?
        package var numberOfOffersReceived: String?
    }

    /// `transactionInformation`: the report's own bookkeeping.
    package struct TransactionInformation: Sendable, Hashable {
        package var createdBy: String?
        package var createdDate: FPDSDateTime?
        package var lastModifiedBy: String?
        package var lastModifiedDate: FPDSDateTime?
        /// F = FINAL; deleted records come from the DELETED feed.
        package var status: FPDSCode?
        package var approvedBy: String?
        package var approvedDate: FPDSDateTime?
        package var closedStatus: String?
        package var closedBy: String?
        package var closedDate: FPDSDateTime?
    }

    /// An FPDS agency code with the names the feed attaches to it.
    package struct Agency: Sendable, Hashable {
        package var code: String
        package var name: String?
        package var departmentID: String?
        package var departmentName: String?

        package init(code: String, name: String? = nil, departmentID: String? = nil, departmentName: String? = nil) {
            self.code = code
            self.name = name
            self.departmentID = departmentID
            self.departmentName = departmentName
        }
    }

    /// An FPDS office code with its name.
    package struct Office: Sendable, Hashable {
        package var code: String
        package var name: String?

        package init(code: String, name: String? = nil) {
            self.code = code
            self.name = name
        }
    }
}

/// A coded value with the human description FPDS publishes beside it (archives omit descriptions).
package struct FPDSCode: Sendable, Hashable, Codable {
    package var code: String
    package var description: String?

    package init(code: String, description: String? = nil) {
        self.code = code
        self.description = description
    }
}

/// One `<entry>` of an FPDS ATOM page (or one record of an archive file), with its record.
package struct FPDSEntry: Sendable {
    /// 1-based position of the entry in its document.
    package var ordinal: Int
    /// The Atom entry title, e.g. "New IDC … awarded to … for the amount of $0"; nil for archives.
    package var title: String?
    /// The entry's `alternate` link to the FPDS ezSearch page.
    package var link: String?
    /// The entry's `modified` timestamp (the record's last-modified date).
    package var modified: FPDSDateTime?
    package var record: FPDSRecord
    /// The entry's XML exactly as it appears in the document.
    package var rawXML: String
    /// A canonical serialisation of the record element: local names, content attributes and
    /// non-blank text, independent of namespace prefixes, CDATA, entity spelling, formatting and
    /// the lookup labels (`description`, `name`, …) that archive files omit. Equal bytes mean equal
    /// content; hash this to identify a version.
    package var canonicalContent: [UInt8]
}

/// The feed-level parts of an FPDS ATOM page.
package struct FPDSFeedInfo: Sendable, Hashable {
    package var title: String?
    /// Links by relation: alternate, first, previous, next, last.
    package var links: [String: String]

    /// The `next` page's URL; absent on the last page.
    package var next: String? { links["next"] }
    /// The `last` page's URL; its `start=` is the offset of the final page.
    package var last: String? { links["last"] }
}

extension FPDSRecord {
    /// A record with only its kind and identity set, for the sources that map other formats
    /// (SAM.gov Contract Awards JSON, USAspending CSV) onto this model field by field.
    package init(kind: Kind, id: ActionID, referencedIDV: ReferencedIDV? = nil) {
        self.init(
            kind: kind, schemaVersion: nil, id: id, referencedIDV: referencedIDV, dates: .init(), dollars: .init(),
            totals: .init(), purchaser: .init(), contractData: .init(), productOrService: .init(),
            vendor: .init(location: .init()), placeOfPerformance: .init(), competition: .init(), transaction: .init())
    }
}
