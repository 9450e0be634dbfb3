import FPDS

/// Maps one `Contracts_PrimeTransactions` row to an ``AwardEntry`` by column name (see
/// <doc:ColumnMapping>).
struct USAspendingRowMapper {
    let columns: USAspendingColumns
    let row: CSVReader.Row
    let file: String
    let ordinal: Int

    /// "line 5, PIID HSTS0108DHRM010 mod P00090" for error messages.
    private var label: String {
        let piid = value("award_id_piid").map { ", PIID \($0)" } ?? ""
        let mod = value("modification_number").map { " mod \($0)" } ?? ""
        return "line \(row.line)\(piid)\(mod)"
    }

    func entry(rawDocument: String) -> Result<AwardEntry, AwardParseError> {
        guard row.fields.count == columns.names.count else {
            return .failure(
                .wrongFieldCount(
                    file: file, record: ordinal, line: row.line, found: row.fields.count,
                    expected: columns.names.count))
        }
        if let (index, problem) = row.badField {
            // Replaced or cut bytes would be stored as if published (in a PIID, a phantom contract).
            return .failure(
                .invalidValue(
                    file: file, record: ordinal, label: label, field: columns.names[index], value: row.fields[index],
                    expected: problem.expectation))
        }
        do throws(AwardParseError) {
            return .success(
                AwardEntry(
                    ordinal: ordinal, record: try record(), rawDocument: rawDocument,
                    canonicalContent: canonicalContent(), format: .usaspendingCSV, link: value("usaspending_permalink"),
                    isPartial: false, isDeletion: value("correction_delete_ind")?.uppercased() == "D"))
        } catch {
            return .failure(error)
        }
    }

    // MARK: - The record

    private func record() throws(AwardParseError) -> FPDSRecord {
        guard let key = value("contract_transaction_unique_key") else {
            throw missing("contract_transaction_unique_key")
        }
        guard let piid = try keyPart("award_id_piid", .piid) else { throw missing("award_id_piid") }
        guard let modNumber = try keyPart("modification_number", .modNumber) else {
            throw missing("modification_number")
        }
        // The key is agencyID_refIDVAgencyID_PIID_mod_refIDVPIID_transaction, "-none-" for absent
        // parts; the PIID's own agency appears nowhere else in the file.
        let keyParts = key.split(separator: "_", omittingEmptySubsequences: false)
        guard keyParts.count >= 6, let agencyID = keyParts.first, !agencyID.isEmpty, agencyID != "-none-" else {
            throw .invalidValue(
                file: file, record: ordinal, label: label, field: "contract_transaction_unique_key", value: key,
                expected: "AGENCY_IDVAGENCY_PIID_MOD_IDVPIID_TRANSACTION")
        }
        try check(String(agencyID), column: "contract_transaction_unique_key", .agencyID)
        let kind: FPDSRecord.Kind
        switch value("award_or_idv_flag")?.uppercased() {
        case "AWARD": kind = .award
        case "IDV": kind = .idv
        case nil: kind = value("idv_type_code") != nil ? .idv : .award
        case let flag?:
            throw .invalidValue(
                file: file, record: ordinal, label: label, field: "award_or_idv_flag", value: flag,
                expected: "AWARD or IDV")
        }

        var record = FPDSRecord(
            kind: kind,
            id: FPDSRecord.ActionID(agency: FPDSRecord.Agency(code: String(agencyID)), piid: piid, modNumber: modNumber)
        )
        record.id.transactionNumber = try keyPart("transaction_number", .transactionNumber)
        if let idvPIID = try keyPart("parent_award_id_piid", .piid) {
            record.referencedIDV = FPDSRecord.ReferencedIDV(
                agency: FPDSRecord.Agency(
                    code: try keyPart("parent_award_agency_id", .agencyID) ?? "",
                    name: value("parent_award_agency_name")),
                piid: idvPIID, modNumber: value("parent_award_modification_number"))
        }

        record.dates.signed = try date("action_date")
        record.dates.effective = try date("period_of_performance_start_date")
        record.dates.currentCompletion = try date("period_of_performance_current_end_date")
        record.dates.ultimateCompletion = try date("period_of_performance_potential_end_date")
        record.dates.lastDateToOrder = try date("ordering_period_end_date")

        record.dollars.obligated = try amount("federal_action_obligation")
        record.dollars.baseAndExercisedOptions = try amount("base_and_exercised_options_value")
        record.dollars.baseAndAllOptions = try amount("base_and_all_options_value")
        record.totals.obligated = try amount("total_dollars_obligated")
        record.totals.baseAndExercisedOptions = try amount("current_total_value_of_award")
        record.totals.baseAndAllOptions = try amount("potential_total_value_of_award")

        record.purchaser.contractingAgency = agency(
            "awarding_sub_agency_code", name: "awarding_sub_agency_name", department: "awarding_agency_name")
        record.purchaser.contractingOffice = office("awarding_office_code", name: "awarding_office_name")
        record.purchaser.fundingAgency = agency(
            "funding_sub_agency_code", name: "funding_sub_agency_name", department: "funding_agency_name")
        record.purchaser.fundingOffice = office("funding_office_code", name: "funding_office_name")
        record.purchaser.foreignFunding = code("foreign_funding", "foreign_funding_description")

        record.contractData.contractActionType =
            kind.isIDV ? code("idv_type_code", "idv_type") : code("award_type_code", "award_type")
        record.contractData.typeOfContractPricing = code("type_of_contract_pricing_code", "type_of_contract_pricing")
        // USAspending calls FPDS's reasonForModification the "action type".
        record.contractData.reasonForModification = code("action_type_code", "action_type")
        record.contractData.description = value("transaction_description")
        record.contractData.typeOfIDC = code("type_of_idc_code", "type_of_idc")
        record.contractData.multipleOrSingleAwardIDC = code(
            "multiple_or_single_award_idv_code", "multiple_or_single_award_idv")
        record.contractData.referencedIDVType = code("parent_award_type_code", "parent_award_type")
        record.contractData.referencedIDVMultipleOrSingle = code(
            "parent_award_single_or_multiple_code", "parent_award_single_or_multiple")
        record.contractData.solicitationID = value("solicitation_identifier")
        record.contractData.majorProgramCode = value("major_program")
        record.contractData.nationalInterestActionCode = code(
            "national_interest_action_code", "national_interest_action")

        record.productOrService.productOrServiceCode = code(
            "product_or_service_code", "product_or_service_code_description")
        record.productOrService.principalNAICSCode = code("naics_code", "naics_description")
        record.productOrService.claimantProgramCode = code(
            "dod_claimant_program_code", "dod_claimant_program_description")

        // `recipient_name_raw` is FPDS's vendor name; `recipient_name` is USAspending's recipient
        // profile name, used only by files without the raw column.
        record.vendor.name = value("recipient_name_raw") ?? value("recipient_name")
        record.vendor.doingBusinessAsName = value("recipient_doing_business_as_name")
        record.vendor.uei = value("recipient_uei")
        record.vendor.duns = value("recipient_duns")
        record.vendor.ultimateParentUEI = value("recipient_parent_uei")
        record.vendor.ultimateParentName = value("recipient_parent_name_raw") ?? value("recipient_parent_name")
        record.vendor.globalParentDUNS = value("recipient_parent_duns")
        record.vendor.cageCode = value("cage_code")
        record.vendor.location.streetAddress = value("recipient_address_line_1")
        record.vendor.location.city = value("recipient_city_name")
        record.vendor.location.state = code("recipient_state_code", "recipient_state_name")
        record.vendor.location.zipCode = value("recipient_zip_4_code")
        record.vendor.location.country = code("recipient_country_code", "recipient_country_name")

        record.placeOfPerformance.state = code(
            "primary_place_of_performance_state_code", "primary_place_of_performance_state_name")
        record.placeOfPerformance.country = code(
            "primary_place_of_performance_country_code", "primary_place_of_performance_country_name")
        record.placeOfPerformance.zipCode = value("primary_place_of_performance_zip_4")

        record.competition.extentCompeted = code("extent_competed_code", "extent_competed")
        record.competition.solicitationProcedures = code("solicitation_procedures_code", "solicitation_procedures")
        record.competition.typeOfSetAside = code("type_of_set_aside_code", "type_of_set_aside")
        record.competition.reasonNotCompeted = code(
            "other_than_full_and_open_competition_code", "other_than_full_and_open_competition")
        record.competition.numberOfOffersReceived = value("number_of_offers_received")

        record.transaction.createdDate = try date("initial_report_date")
        record.transaction.lastModifiedDate = try date("last_modified_date")
        return record
    }

    // MARK: - Typed access by column name

    /// The field under `column`, as free text (control characters neutralised); nil when the file
    /// has no such column or the field is empty.
    private func value(_ column: String) -> String? {
        published(column).map(InputText.neutralised)
    }

    /// The field under `column` as published; nil when the file has no such column or the field
    /// is empty.
    private func published(_ column: String) -> String? {
        guard let index = columns.index[column], index < row.fields.count else { return nil }
        let field = row.fields[index]
        return field.isEmpty ? nil : field
    }

    /// A key part under `column`, as published; nil when absent or empty.
    /// - Throws: When ``FPDSKeyField`` refuses it.
    private func keyPart(_ column: String, _ rule: FPDSKeyField) throws(AwardParseError) -> String? {
        guard let value = published(column) else { return nil }
        try check(value, column: column, rule)
        return value
    }

    private func check(_ value: String, column: String, _ rule: FPDSKeyField) throws(AwardParseError) {
        if let violation = rule.violation(in: value) {
            throw .invalidValue(
                file: file, record: ordinal, label: label, field: column, value: value,
                expected: violation.expectation)
        }
    }

    private func code(_ column: String, _ descriptionColumn: String) -> FPDSCode? {
        value(column).map { FPDSCode(code: $0, description: value(descriptionColumn)) }
    }

    private func agency(_ column: String, name: String, department: String) -> FPDSRecord.Agency? {
        guard let code = value(column) else { return nil }
        // `awarding_agency_code` is a CGAC code (097), not FPDS's department ID (9700): only the
        // department's name carries over.
        return FPDSRecord.Agency(code: code, name: value(name), departmentName: value(department))
    }

    private func office(_ column: String, name: String) -> FPDSRecord.Office? {
        value(column).map { FPDSRecord.Office(code: $0, name: value(name)) }
    }

    private func date(_ column: String) throws(AwardParseError) -> FPDSDateTime? {
        guard let text = value(column) else { return nil }
        guard let date = FPDSDateTime(source: text) else {
            throw .invalidValue(
                file: file, record: ordinal, label: label, field: column, value: text,
                expected: "a date such as 2025-04-02 or 2025-04-02 11:39:06")
        }
        return date
    }

    private func amount(_ column: String) throws(AwardParseError) -> FPDSAmount? {
        guard let text = value(column) else { return nil }
        guard let amount = FPDSAmount(text) else {
            throw .invalidValue(
                file: file, record: ordinal, label: label, field: column, value: text,
                expected: "a decimal amount such as -22545.78")
        }
        return amount
    }

    private func missing(_ column: String) -> AwardParseError {
        .missingField(file: file, record: ordinal, label: label, field: column)
    }

    // MARK: - Canonical form

    /// The non-empty content columns, sorted by name, each as `<length>:<name><length>:<value>`
    /// (length-prefixed, so no value can imitate a separator).
    private func canonicalContent() -> [UInt8] {
        var output: [UInt8] = []
        for (position, prefix) in columns.contentOrder where !row.fields[position].isEmpty {
            let value = row.fields[position]
            output.append(contentsOf: prefix)
            output.append(contentsOf: String(value.utf8.count).utf8)
            output.append(UInt8(ascii: ":"))
            output.append(contentsOf: value.utf8)
        }
        return output
    }
}
