import FPDS

/// Maps one `awardSummary` element to an ``AwardEntry``; paths follow GSA's response schema
/// (see <doc:ColumnMapping>).
struct SAMRecordMapper {
    let root: JSONValue
    let file: String
    let ordinal: Int
    /// "PIID SPE3SU25F97V0 mod 0" when the identifiers can be read, for error messages.
    let label: String?

    init(root: JSONValue, file: String, ordinal: Int) {
        self.root = root
        self.file = file
        self.ordinal = ordinal
        if case .string(let piid)? = root["contractId"]?["piid"] {
            let mod = root["contractId"]?["modificationNumber"].flatMap { value -> String? in
                if case .string(let text) = value { " mod \(text)" } else { nil }
            }
            label = "PIID \(piid)\(mod ?? "")"
        } else {
            label = nil
        }
    }

    func entry(rawDocument: String) -> Result<AwardEntry, AwardParseError> {
        do throws(AwardParseError) {
            guard case .object = root else {
                throw .unexpectedType(
                    file: file, record: ordinal, label: nil, field: "awardSummary[\(ordinal - 1)]",
                    found: root.kindDescription, expected: "an award object")
            }
            var canonical: [UInt8] = []
            root.appendCanonical(to: &canonical)
            return .success(
                AwardEntry(
                    ordinal: ordinal, record: try record(), rawDocument: rawDocument, canonicalContent: canonical,
                    format: .samJSON, link: nil, isPartial: root["coreData"] == nil || root["awardDetails"] == nil))
        } catch {
            return .failure(error)
        }
    }

    // MARK: - The record

    private func record() throws(AwardParseError) -> FPDSRecord {
        guard try value("contractId") != nil else { throw missing("contractId") }
        guard let owner = try agency("contractId.subtier", isKey: true), !owner.code.isEmpty else {
            throw missing("contractId.subtier.code")
        }
        guard let piid = try key("contractId.piid", .piid) else { throw missing("contractId.piid") }
        guard let modNumber = try key("contractId.modificationNumber", .modNumber) else {
            throw missing("contractId.modificationNumber")
        }
        let transactionNumber = try key("contractId.transactionNumber", .transactionNumber)
        let kind: FPDSRecord.Kind
        switch try text("coreData.awardOrIDV") {
        case let flag? where flag.uppercased() == "AWARD": kind = .award
        case let flag? where flag.uppercased() == "IDV": kind = .idv
        case let flag?:
            throw .invalidValue(
                file: file, record: ordinal, label: label, field: "coreData.awardOrIDV", value: flag,
                expected: "AWARD or IDV")
        case nil:
            // SAM publishes a transaction number for awards and omits it for IDVs, as FPDS does.
            kind = transactionNumber == nil ? .idv : .award
        }

        var record = FPDSRecord(kind: kind, id: FPDSRecord.ActionID(agency: owner, piid: piid, modNumber: modNumber))
        record.schemaVersion = try text("awardDetails.transactionData.version")
        record.id.transactionNumber = transactionNumber
        if let idvPIID = try key("contractId.referencedIDVPiid", .piid) {
            record.referencedIDV = FPDSRecord.ReferencedIDV(
                agency: try agency("contractId.referencedIDVSubtier", isKey: true) ?? FPDSRecord.Agency(code: ""),
                piid: idvPIID,
                modNumber: try text("contractId.referencedIDVModificationNumber"))
        }

        let dates = "awardDetails.dates"
        record.dates.signed = try date("\(dates).dateSigned")
        record.dates.effective = try date("\(dates).periodOfPerformanceStartDate")
        record.dates.currentCompletion = try date("\(dates).currentCompletionDate")
        record.dates.ultimateCompletion = try date("\(dates).ultimateCompletionDate")
        record.dates.lastDateToOrder = try date("\(dates).lastDateToOrder")
        record.dates.fiscalYear = try text("\(dates).fiscalYear")

        let dollars = "awardDetails.dollars"
        record.dollars.obligated = try amount("\(dollars).actionObligation")
        record.dollars.baseAndExercisedOptions = try amount("\(dollars).baseAndExercisedOptionsValue")
        record.dollars.baseAndAllOptions = try amount("\(dollars).baseAndAllOptionsValue")
        record.dollars.totalEstimatedOrderValue = try amount("\(dollars).totalEstimatedOrderValue")
        record.dollars.nonGovernmental = try amount("\(dollars).nonGovernmentDollars")

        let totals = "awardDetails.totalContractDollars"
        record.totals.obligated = try amount("\(totals).totalActionObligation")
        record.totals.baseAndExercisedOptions = try amount("\(totals).totalBaseAndExercisedOptionsValue")
        record.totals.baseAndAllOptions = try amount("\(totals).totalBaseAndAllOptionsValue")
        record.totals.nonGovernmental = try amount("\(totals).totalNonGovernmentDollars")

        let contracting = "coreData.federalOrganization.contractingInformation"
        let funding = "coreData.federalOrganization.fundingInformation"
        record.purchaser.contractingAgency = try agency(
            "\(contracting).contractingSubtier", department: "\(contracting).contractingDepartment")
        record.purchaser.contractingOffice = try office("\(contracting).contractingOffice")
        record.purchaser.fundingAgency = try agency(
            "\(funding).fundingSubtier", department: "\(funding).fundingDepartment")
        record.purchaser.fundingOffice = try office("\(funding).fundingOffice")
        record.purchaser.foreignFunding = try code("\(funding).foreignFunding")

        let acquisition = "coreData.acquisitionData"
        let details = "awardDetails.contractData"
        record.contractData.contractActionType = try code("coreData.awardOrIDVType")
        record.contractData.part8OrPart13 = try text("\(details).part8OrPart13")
        record.contractData.typeOfContractPricing = try code("\(acquisition).typeOfContractPricing")
        // SAM moved the reason for modification from contractData into contractId.
        record.contractData.reasonForModification = try code("contractId.reasonForModification")
        record.contractData.description = try text(
            "awardDetails.productOrServiceInformation.descriptionOfContractRequirement")
        // GSA's schema spells it typeOfIdc; the Data Broker reads typeOfIDC.
        record.contractData.typeOfIDC = try code("\(acquisition).typeOfIdc")
        if record.contractData.typeOfIDC == nil {
            record.contractData.typeOfIDC = try code("\(acquisition).typeOfIDC")
        }
        record.contractData.multipleOrSingleAwardIDC = try code("\(acquisition).multipleOrSingleAwardIdc")
        record.contractData.referencedIDVType = try code("\(details).referencedIDVType")
        record.contractData.referencedIDVMultipleOrSingle = try code("\(details).referencedIDVMultipleOrSingle")
        record.contractData.solicitationID = try text("coreData.solicitationId")
        record.contractData.majorProgramCode = try text("\(acquisition).majorProgramCode")
        record.contractData.nationalInterestActionCode = try code("\(acquisition).nationalInterestAction")
        record.contractData.typeOfAgreement = try typeOfAgreement()

        let product = "coreData.productOrServiceInformation"
        record.productOrService.productOrServiceCode = try code("\(product).productOrService")
        record.productOrService.productOrServiceType = try text("\(product).productOrService.type")
        record.productOrService.principalNAICSCode = try code("\(product).principalNaics")
        record.productOrService.claimantProgramCode = try code("\(product).dodClaimantProgram")

        let awardee = "awardDetails.awardeeData"
        let header = "\(awardee).awardeeHeader"
        let ueiInformation = "\(awardee).awardeeUEIInformation"
        let location = "\(awardee).awardeeLocation"
        record.vendor.name = try text("\(header).awardeeName")
        record.vendor.alternateName = try text("\(header).awardeeAlternateName")
        // GSA's variance document maps both FPDS names to legalBusinessName.
        record.vendor.legalOrganizationName = try text("\(header).legalBusinessName")
        record.vendor.ueiLegalBusinessName = try text("\(header).legalBusinessName")
        record.vendor.doingBusinessAsName = try text("\(header).awardeeDoingBusinessAsName")
        record.vendor.uei = try text("\(ueiInformation).uniqueEntityId")
        record.vendor.ultimateParentUEI = try text("\(ueiInformation).awardeeUltimateParentUniqueEntityId")
        record.vendor.ultimateParentName = try text("\(ueiInformation).awardeeUltimateParentName")
        record.vendor.cageCode = try text("\(ueiInformation).cageCode")
        record.vendor.location.streetAddress = try text("\(location).streetAddress1")
        record.vendor.location.city = try text("\(location).city")
        record.vendor.location.state = try code("\(location).state")
        record.vendor.location.zipCode = try text("\(location).zip")
        record.vendor.location.country = try code("\(location).country")
        record.vendor.stateOfIncorporation = try code("\(awardee).organizationFactors.stateOfIncorporation")
        record.vendor.countryOfIncorporation = try code("\(awardee).organizationFactors.countryOfIncorporation")

        let place = "coreData.principalPlaceOfPerformance"
        record.placeOfPerformance.state = try code("\(place).state")
        record.placeOfPerformance.country = try code("\(place).country")
        record.placeOfPerformance.zipCode = try text("\(place).zipCode")

        let competition = "coreData.competitionInformation"
        record.competition.extentCompeted = try code("\(competition).extentCompeted")
        record.competition.solicitationProcedures = try code("\(competition).solicitationProcedures")
        record.competition.typeOfSetAside = try code("\(competition).typeOfSetAside")
        record.competition.reasonNotCompeted = try code("\(competition).otherThanFullAndOpenCompetition")
        record.competition.numberOfOffersReceived = try text(
            "awardDetails.competitionInformation.numberOfOffersReceived")

        let transaction = "awardDetails.transactionData"
        record.transaction.createdBy = try text("\(transaction).createdBy")
        record.transaction.createdDate = try date("\(transaction).createdDate")
        record.transaction.lastModifiedBy = try text("\(transaction).lastModifiedBy")
        record.transaction.lastModifiedDate = try date("\(transaction).lastModifiedDate")
        record.transaction.status = try code("\(transaction).status")
        record.transaction.approvedBy = try text("\(transaction).approvedBy")
        record.transaction.approvedDate = try date("\(transaction).approvedDate")
        record.transaction.closedStatus = try text("\(transaction).closedStatus")
        record.transaction.closedBy = try text("\(transaction).closedBy")
        record.transaction.closedDate = try date("\(transaction).closedDate")
        return record
    }

    // MARK: - Typed access by dotted path

    /// The value at `path`; nil when any step is absent or null.
    /// - Throws: When a step on the way is not an object.
    private func value(_ path: String) throws(AwardParseError) -> JSONValue? {
        var current = root
        var walked = path.startIndex
        for component in path.split(separator: ".") {
            switch current {
            case .object(let members):
                guard let next = members.last(where: { $0.key == component })?.value else { return nil }
                current = next
            case .null:
                return nil
            default:
                throw wrongType(String(path[..<walked]), current, expected: "an object")
            }
            walked = component.endIndex
        }
        if case .null = current { return nil }
        return current
    }

    /// A string (or a number, as its text); nil when absent, null or empty.
    private func text(_ path: String) throws(AwardParseError) -> String? {
        try scalar(value(path), at: path)
    }

    /// A key part at `path`, as published (never neutralised); nil when absent, null or empty.
    /// - Throws: When ``FPDSKeyField`` refuses it.
    private func key(_ path: String, _ rule: FPDSKeyField) throws(AwardParseError) -> String? {
        guard let value = try publishedScalar(value(path), at: path) else { return nil }
        try check(value, at: path, rule)
        return value
    }

    private func check(_ value: String, at path: String, _ rule: FPDSKeyField) throws(AwardParseError) {
        if let violation = rule.violation(in: value) {
            throw .invalidValue(
                file: file, record: ordinal, label: label, field: path, value: value,
                expected: violation.expectation)
        }
    }

    /// Free text: the published scalar with control characters neutralised.
    private func scalar(_ value: JSONValue?, at path: String) throws(AwardParseError) -> String? {
        try publishedScalar(value, at: path).map(InputText.neutralised)
    }

    private func publishedScalar(_ value: JSONValue?, at path: String) throws(AwardParseError) -> String? {
        switch value {
        case nil, .null?: nil
        case .string(let text)?: text.isEmpty ? nil : text
        case .number(let text)?: text
        case let other?: throw wrongType(path, other, expected: "a string")
        }
    }

    /// A `{code, name}` object (or a bare code string), or the first of an array of them, as SAM
    /// publishes `principalNaics`. Nil when it has no code.
    private func code(_ path: String) throws(AwardParseError) -> FPDSCode? {
        guard var found = try value(path) else { return nil }
        var shownPath = path
        if case .array(let elements) = found {
            guard let first = elements.first else { return nil }
            found = first
            shownPath += "[0]"
        }
        switch found {
        case .object:
            guard let code = try scalar(found["code"], at: "\(shownPath).code") else { return nil }
            return FPDSCode(code: code, description: try scalar(found["name"], at: "\(shownPath).name"))
        case .string(let code), .number(let code):
            return code.isEmpty ? nil : FPDSCode(code: InputText.neutralised(code))
        case .null:
            return nil
        default:
            throw wrongType(shownPath, found, expected: "an object with code and name")
        }
    }

    /// An agency `{code, name}`, with its department's code and name when `department` is given.
    /// Kept when it has only a name (as the FPDS parser keeps a named, empty agency element).
    /// - Parameters:
    ///   - path: The dotted path of the agency.
    ///   - department: The dotted path of the department's `{code, name}`, if any.
    ///   - isKey: The code is part of the action's key: kept as published, and refused
    ///     unless ``FPDSKeyField/agencyID`` accepts it (an empty one is left for the caller).
    /// - Returns: The agency, or nil when it is absent or has neither a code nor a name.
    /// - Throws: ``AwardParseError/unexpectedType(file:record:label:field:found:expected:)`` when a
    ///   value has the wrong type, or ``AwardParseError/invalidValue(file:record:label:field:value:expected:)``
    ///   when a key code is refused.
    private func agency(
        _ path: String, department: String? = nil, isKey: Bool = false
    ) throws(AwardParseError) -> FPDSRecord.Agency? {
        guard let found = try value(path) else { return nil }
        var code: String?
        let name: String?
        let codePath: String
        switch found {
        case .object:
            codePath = "\(path).code"
            code = try publishedScalar(found["code"], at: codePath)
            name = try scalar(found["name"], at: "\(path).name")
        case .string(let text), .number(let text):
            codePath = path
            code = text
            name = nil
        default:
            throw wrongType(path, found, expected: "an object with code and name")
        }
        if isKey, let published = code, !published.isEmpty {
            try check(published, at: codePath, .agencyID)
        } else {
            code = code.map(InputText.neutralised)
        }
        guard code != nil || name != nil else { return nil }
        var agency = FPDSRecord.Agency(code: code ?? "", name: name)
        if let department {
            agency.departmentID = try text("\(department).code")
            agency.departmentName = try text("\(department).name")
        }
        return agency
    }

    /// SAM's `{code, name}` for the Other Transaction agreement type, which FPDS publishes as
    /// plain text (`PROTOTYPE`): its code, or its name when it has no code.
    private func typeOfAgreement() throws(AwardParseError) -> String? {
        let path = "awardDetails.competitionInformation.typeOfAgreement"
        guard case .object? = try value(path) else { return try text(path) }
        if let code = try text("\(path).code") { return code }
        return try text("\(path).name")
    }

    private func office(_ path: String) throws(AwardParseError) -> FPDSRecord.Office? {
        guard let agency = try agency(path) else { return nil }
        return FPDSRecord.Office(code: agency.code, name: agency.name)
    }

    private func date(_ path: String) throws(AwardParseError) -> FPDSDateTime? {
        guard let text = try text(path) else { return nil }
        guard let date = FPDSDateTime(source: text) else {
            throw .invalidValue(
                file: file, record: ordinal, label: label, field: path, value: text,
                expected: "a date such as 2025-02-20T00:00:00Z or 2025-02-20 00:00:00.000")
        }
        return date
    }

    private func amount(_ path: String) throws(AwardParseError) -> FPDSAmount? {
        guard let text = try text(path) else { return nil }
        guard let amount = FPDSAmount(text) else {
            throw .invalidValue(
                file: file, record: ordinal, label: label, field: path, value: text,
                expected: "a decimal amount such as -7183.74")
        }
        return amount
    }

    private func missing(_ field: String) -> AwardParseError {
        .missingField(file: file, record: ordinal, label: label, field: field)
    }

    private func wrongType(_ path: String, _ value: JSONValue, expected: String) -> AwardParseError {
        .unexpectedType(
            file: file, record: ordinal, label: label, field: path.isEmpty ? "the award" : path,
            found: value.kindDescription, expected: expected)
    }
}
