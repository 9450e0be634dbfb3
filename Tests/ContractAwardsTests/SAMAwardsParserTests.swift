import ContractAwards
import FPDS
import Foundation
import TestSupport
import Testing

/// GSA's own example responses, read as a user would check them against the published JSON.
@Suite struct SAMAwardsParserTests {
    let parser = SAMAwardsParser()

    private func parse(_ name: String) throws -> (entries: [AwardEntry], summary: AwardDocumentSummary) {
        let data = try Data(contentsOf: TestData.awardFixture("sam-contract-awards/\(name)"))
        let (results, summary) = parser.parseAll(data, file: name)
        return (try results.map { try $0.get() }, summary)
    }

    @Test func readsFullDeliveryOrderRecord() throws {
        let (entries, summary) = try parse("example1_dod_base_contracts_lastModified.json")
        #expect(summary.error == nil)
        #expect(summary.recordCount == 1)
        #expect(summary.totalRecords == "5691511")
        #expect(summary.limit == "1")
        #expect(summary.offset == "1")
        let entry = try #require(entries.first)
        #expect(entry.ordinal == 1)
        #expect(entry.format == .samJSON)
        #expect(entry.isPartial == false)
        #expect(entry.isDeletion == false)
        #expect(entry.link == nil)

        let record = entry.record
        #expect(record.kind == .award)
        #expect(record.schemaVersion == "1.5")
        #expect(record.id.agency == FPDSRecord.Agency(code: "9700", name: "DEPT OF DEFENSE"))
        #expect(record.id.piid == "SPE3SU25F97V0")
        #expect(record.id.modNumber == "0")
        #expect(record.id.transactionNumber == "0")
        let idv = try #require(record.referencedIDV)
        #expect(idv.agency == FPDSRecord.Agency(code: "9700", name: "DEPT OF DEFENSE"))
        #expect(idv.piid == "SPE30023DSA78")
        #expect(idv.modNumber == "0")

        // "2025-02-20T00:00:00Z" and "2025-02-20 00:00:00.000" are the same wall-clock date.
        #expect(record.dates.signed == FPDSDateTime(year: 2025, month: 2, day: 20))
        #expect(record.dates.effective == FPDSDateTime(year: 2025, month: 2, day: 20))
        #expect(record.dates.ultimateCompletion == FPDSDateTime(year: 2025, month: 2, day: 20))
        #expect(record.dates.fiscalYear == "2025")
        #expect(record.dollars.obligated?.text == "202.39")
        #expect(record.dollars.baseAndAllOptions?.text == "202.39")
        #expect(record.totals.obligated?.text == "202.39")

        #expect(
            record.purchaser.contractingAgency
                == FPDSRecord.Agency(
                    code: "97AS", name: "DEFENSE LOGISTICS AGENCY", departmentID: "9700",
                    departmentName: "DEPT OF DEFENSE"))
        #expect(record.purchaser.contractingOffice == FPDSRecord.Office(code: "SPE3SU", name: "DLA TROOP SUPPORT"))
        #expect(record.purchaser.fundingOffice == FPDSRecord.Office(code: "SPE3SU", name: "DLA TROOP SUPPORT"))
        #expect(record.purchaser.foreignFunding == FPDSCode(code: "X", description: "NOT APPLICABLE"))

        #expect(record.contractData.contractActionType == FPDSCode(code: "C", description: "DELIVERY ORDER"))
        #expect(record.contractData.reasonForModification == nil)
        #expect(record.contractData.typeOfContractPricing == FPDSCode(code: "J", description: "FIRM FIXED PRICE"))
        #expect(record.contractData.typeOfIDC == FPDSCode(code: "N/A"))
        #expect(record.contractData.referencedIDVType == FPDSCode(code: "B", description: "IDC"))
        #expect(record.contractData.description == "4567323815!SALAD MIX, CHL,")
        #expect(
            record.productOrService.productOrServiceCode == FPDSCode(code: "8915", description: "FRUITS AND VEGETABLES")
        )
        #expect(record.productOrService.productOrServiceType == "PRODUCT")
        #expect(
            record.productOrService.principalNAICSCode == FPDSCode(code: "311812", description: "COMMERCIAL BAKERIES"))

        #expect(record.vendor.name == "VERMILION VALLEY PRODUCE, INC.")
        #expect(record.vendor.alternateName == "CENTRAL ILLINOIS PRODUCE DANVILLE URBANA MORTON")
        #expect(record.vendor.uei == "HKK3H54PK7C3")
        #expect(record.vendor.cageCode == "0EPU7")
        #expect(record.vendor.ultimateParentUEI == "HKK3H54PK7C3")
        // Two spaces, as published.
        #expect(record.vendor.ultimateParentName == "VERMILION VALLEY PRODUCE  INC.")
        #expect(record.vendor.location.city == "DANVILLE")
        #expect(record.vendor.location.state == FPDSCode(code: "IL", description: "ILLINOIS"))
        #expect(record.vendor.location.zipCode == "618326351")
        #expect(record.vendor.stateOfIncorporation == FPDSCode(code: "IL", description: "ILLINOIS"))
        #expect(record.placeOfPerformance.state == FPDSCode(code: "IL", description: "ILLINOIS"))
        #expect(record.placeOfPerformance.zipCode == "615509058")
        #expect(record.competition.extentCompeted == FPDSCode(code: "A", description: "FULL AND OPEN COMPETITION"))

        #expect(record.transaction.status == FPDSCode(code: "F", description: "FINAL"))
        #expect(
            record.transaction.createdDate
                == FPDSDateTime(year: 2025, month: 2, day: 20, hour: 19, minute: 13, second: 54))
        #expect(record.transaction.lastModifiedBy == "DOD_CLOSEOUT")
        #expect(
            record.transaction.lastModifiedDate
                == FPDSDateTime(year: 2025, month: 6, day: 11, hour: 7, minute: 18, second: 2))
        #expect(record.transaction.closedStatus == "Y")
        #expect(record.transaction.closedDate == record.transaction.lastModifiedDate)

        #expect(entry.rawDocument.hasPrefix("{"))
        #expect(entry.rawDocument.hasSuffix("}"))
        #expect(entry.rawDocument.contains("\"piid\": \"SPE3SU25F97V0\""))
    }

    @Test func readsFundingModificationWithDeobligation() throws {
        let (entries, summary) = try parse("example2_purchase_orders_naics_or.json")
        #expect(summary.totalRecords == "578")
        let record = try #require(entries.first).record
        #expect(record.kind == .award)
        #expect(record.id.agency == FPDSRecord.Agency(code: "1540", name: "FEDERAL PRISON SYSTEM / BUREAU OF PRISONS"))
        #expect(record.id.piid == "15B61524P00000105")
        #expect(record.id.modNumber == "P00003")
        #expect(record.referencedIDV == nil)
        #expect(record.contractData.reasonForModification == FPDSCode(code: "C", description: "FUNDING ONLY ACTION"))
        #expect(record.contractData.contractActionType == FPDSCode(code: "B", description: "PURCHASE ORDER"))
        #expect(record.dollars.obligated?.text == "-7183.74")
        #expect(record.dollars.obligated?.signum == -1)
        #expect(record.totals.obligated?.text == "45497.06")
        // Published digits are kept: "52680.8", not "52680.80".
        #expect(record.totals.baseAndAllOptions?.text == "52680.8")
        #expect(record.contractData.description == "X-RAY EQUIPMENT MAINTENANCE\nADD ADDITIONAL FUNDS OF $19,156.64")
        #expect(record.dates.signed == FPDSDateTime(year: 2025, month: 4, day: 2))
        #expect(record.dates.effective == FPDSDateTime(year: 2024, month: 8, day: 1))
        #expect(record.dates.currentCompletion == FPDSDateTime(year: 2025, month: 7, day: 31))
        #expect(record.purchaser.contractingOffice == FPDSRecord.Office(code: "15B615", name: "FCC TUCSON"))
        #expect(
            record.competition.reasonNotCompeted
                == FPDSCode(code: "ONE", description: "ONLY ONE SOURCE-OTHER (FAR 6.302-1 OTHER)"))
        #expect(record.vendor.name == "GE PRECISION HEALTHCARE LLC")
        #expect(record.vendor.uei == "JJURYE5M19G1")
        #expect(record.vendor.ultimateParentUEI == "VF1VWJSM8TW5")
        #expect(record.vendor.cageCode == "9CB48")
        #expect(
            record.transaction.lastModifiedDate
                == FPDSDateTime(year: 2025, month: 7, day: 15, hour: 12, minute: 46, second: 51))
        #expect(record.transaction.closedStatus == "N")
    }

    @Test func readsContractIDOnlyRecordsAsPartialIDVs() throws {
        let (entries, summary) = try parse("example3_gsa_idvs_closed_contractId_only.json")
        #expect(summary.error == nil)
        #expect(summary.totalRecords == "7111")
        #expect(entries.map(\.ordinal) == [1, 2, 3, 4, 5])
        #expect(entries.allSatisfy { $0.isPartial })
        // The request asked for IDVs; the records say so only by having no transaction number.
        #expect(entries.allSatisfy { $0.record.kind == .idv && $0.record.id.transactionNumber == nil })
        #expect(
            entries.map(\.record.id.piid) == ["47340223MTEST", "GS35F0511T", "GS35F0511T", "GS35F0511T", "GS35F0265X"])
        #expect(entries.map(\.record.id.modNumber) == ["0", "PM3346", "PA3143DELPROD", "1011", "PS2357"])
        #expect(entries[0].record.id.agency == FPDSRecord.Agency(code: "4700", name: "GENERAL SERVICES ADMINISTRATION"))
        #expect(entries[0].record.contractData.reasonForModification == nil)
        #expect(
            entries[1].record.contractData.reasonForModification
                == FPDSCode(code: "M", description: "OTHER ADMINISTRATIVE ACTION"))
        #expect(entries[1].record.vendor.name == nil)
        #expect(entries[1].record.dates.signed == nil)
    }

    @Test func readsAwardeeSectionWithoutCoreData() throws {
        let (entries, _) = try parse("example4_va_services_fy25_includeSections.json")
        let entry = try #require(entries.first)
        #expect(entry.isPartial)
        let record = entry.record
        #expect(record.kind == .award)  // inferred: it has transaction number "0"
        #expect(record.id.piid == "N4008525F4907")
        #expect(record.referencedIDV?.piid == "N4008520D0023")
        #expect(record.vendor.name == "REFCON SERVICES, INC.")
        #expect(record.vendor.uei == "PJDANKJJMTY3")
        #expect(record.vendor.cageCode == "32HR1")
        #expect(record.vendor.ultimateParentUEI == "EAQHG4XLH6R7")
        #expect(record.vendor.ultimateParentName == "REFCON SERVICES INC.")
        #expect(record.vendor.location.state == FPDSCode(code: "VA", description: "VIRGINIA"))
        #expect(record.contractData.contractActionType == nil)
    }

    @Test func readsDeletedRecordsWithTheirReasonCodes() throws {
        let (entries, summary) = try parse("example5_deleted_contracts_contractId_only.json")
        #expect(summary.offset == "25")
        #expect(entries.count == 5)
        #expect(
            entries.map(\.record.id.piid) == [
                "VA25715J1359", "SPE7M520V0512", "0001", "SPE4A414V5661", "DJM17D24D0024",
            ])
        #expect(entries.map(\.record.contractData.reasonForModification?.code) == [nil, "N", nil, "M", "C"])
        #expect(entries[1].record.contractData.reasonForModification?.description == "LEGAL CONTRACT CANCELLATION")
        #expect(entries.allSatisfy { $0.record.kind == .award })
        #expect(entries[0].record.referencedIDV?.piid == "V797P3148M")
        #expect(entries[0].record.referencedIDV?.modNumber == "P00013")
        // A referenced IDV modification number without a referenced PIID is no referenced IDV.
        #expect(entries[3].record.referencedIDV == nil)
        #expect(entries[4].record.id.modNumber == "13")
        #expect(entries[4].record.id.agency == FPDSRecord.Agency(code: "1544", name: "U.S. MARSHALS SERVICE"))
    }

    @Test func readsExtractFileOfAnIDV() throws {
        let (entries, summary) = try parse("example6b_extract_file_json.json")
        #expect(summary.error == nil)
        #expect(summary.limit == "10")
        #expect(summary.offset == "null")
        #expect(summary.totalRecords == "2706")
        let record = try #require(entries.first).record
        #expect(record.kind == .idv)
        #expect(record.schemaVersion == "1.4")
        #expect(record.id.agency.code == "8000")
        #expect(record.id.piid == "NNG15SD19B")
        #expect(record.id.transactionNumber == nil)
        #expect(record.referencedIDV == nil)
        #expect(record.contractData.contractActionType == FPDSCode(code: "A", description: "GWAC"))
        #expect(record.contractData.multipleOrSingleAwardIDC == FPDSCode(code: "M"))
        // Published with a name and no code: like an FPDS element without text, no code.
        #expect(record.contractData.referencedIDVMultipleOrSingle == nil)
        #expect(record.contractData.majorProgramCode == "SEWP V")
        #expect(record.contractData.solicitationID == "NNG13451284R")
        #expect(record.dollars.baseAndAllOptions?.text == "20000000000")
        #expect(record.dates.signed == FPDSDateTime(year: 2015, month: 4, day: 9))
        #expect(record.dates.lastDateToOrder == FPDSDateTime(year: 2020, month: 4, day: 30))
        #expect(record.vendor.name == "ALVAREZ & ASSOCIATES, LLC")
        #expect(record.vendor.uei == "Y928UVG75CT6")
        #expect(record.vendor.cageCode == nil)
        #expect(
            record.competition.typeOfSetAside
                == FPDSCode(code: "SDVOSBC", description: "SERVICE DISABLED VETERAN OWNED SMALL BUSINESS SET-ASIDE"))
        #expect(record.competition.numberOfOffersReceived == "232")
        // "…T15:23:20Z" and "… 15:23:20.000" are the same close-out: the Z is no conversion.
        let closeOut = FPDSDateTime(year: 2025, month: 1, day: 24, hour: 15, minute: 23, second: 20)
        #expect(record.transaction.lastModifiedDate == closeOut)
        #expect(record.transaction.closedDate == closeOut)
    }

    @Test func readsEveryExampleFromDisk() throws {
        var total = 0
        for name in try FileManager.default.contentsOfDirectory(
            atPath: TestData.awardFixture("sam-contract-awards").path)
        where name.hasSuffix(".json") && !name.hasPrefix("example6a") {
            let summary = try parser.parse(contentsOf: TestData.awardFixture("sam-contract-awards/\(name)"), name: name)
            {
                if case .failure(let error) = $0 { Issue.record("\(error)") }
                total += 1
            }
            #expect(summary.error == nil, "\(name)")
        }
        #expect(total == 14)
    }

    // MARK: - Canonical content

    @Test func canonicalContentIgnoresKeyOrderWhitespaceAndEscapes() throws {
        // Given the real record, and the same content re-serialised by Foundation (other key
        // order, no whitespace, `\/` for slashes)
        let (entries, _) = try parse("example2_purchase_orders_naics_or.json")
        let original = try #require(entries.first)
        let object = try JSONSerialization.jsonObject(with: Data(original.rawDocument.utf8))
        let reserialised = try JSONSerialization.data(withJSONObject: ["awardSummary": [object], "limit": "1"])
        #expect(String(decoding: reserialised, as: UTF8.self).contains(#"\/"#))

        // When both are parsed
        let (results, _) = parser.parseAll(reserialised, file: "reserialised.json")
        let copy = try #require(try results.first?.get())

        // Then the content bytes are equal, and so are the records
        #expect(copy.canonicalContent == original.canonicalContent)
        #expect(copy.record == original.record)
        #expect(copy.rawDocument != original.rawDocument)
    }

    @Test func canonicalContentChangesWithTheContent() throws {
        let text = try String(
            contentsOf: TestData.awardFixture("sam-contract-awards/example2_purchase_orders_naics_or.json"),
            encoding: .utf8)
        let corrected = text.replacingOccurrences(of: "\"-7183.74\"", with: "\"-7183.75\"")
        let before = try #require(try parser.parseAll(Data(text.utf8), file: "a").entries.first?.get())
        let after = try #require(try parser.parseAll(Data(corrected.utf8), file: "b").entries.first?.get())
        #expect(before.canonicalContent != after.canonicalContent)
        #expect(after.record.dollars.obligated?.text == "-7183.75")
    }

    @Test func readsTheDocumentedEmptyResultWrapper() {
        // The empty-result shape a third-party client reports from production (reference §6.1).
        let json = #"{"awardResponse": {"totalRecords": "0", "limit": "10", "offset": "0"}, "message": "No Data"}"#
        let (entries, summary) = parser.parseAll(Data(json.utf8), file: "empty.json")
        #expect(entries.isEmpty)
        #expect(summary.error == nil)
        #expect(summary.totalRecords == "0")
    }
}
