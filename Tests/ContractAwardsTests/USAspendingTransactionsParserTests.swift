import ContractAwards
import FPDS
import Foundation
import TestSupport
import Testing

/// The derived `Contracts_PrimeTransactions` sample: six real FPDS records in USAspending's
/// 297-column layout (see `Fixtures/usaspending/SOURCES.md`).
@Suite struct USAspendingTransactionsParserTests {
    let parser = USAspendingTransactionsParser()
    static let samplePath = "usaspending/Contracts_PrimeTransactions_derived_from_fpds.csv"
    let text: String

    init() throws {
        text = try String(contentsOf: TestData.awardFixture(Self.samplePath), encoding: .utf8)
    }

    private func parse(
        _ text: String, file: String = "sample.csv"
    ) throws -> (
        entries: [AwardEntry], summary: AwardDocumentSummary
    ) {
        let (results, summary) = parser.parseAll(Data(text.utf8), file: file)
        return (try results.map { try $0.get() }, summary)
    }

    @Test func readsEveryRow() throws {
        let (entries, summary) = try parse(text)
        #expect(summary.error == nil)
        #expect(summary.format == .usaspendingCSV)
        #expect(summary.recordCount == 6)
        #expect(entries.map(\.ordinal) == [1, 2, 3, 4, 5, 6])
        #expect(
            entries.map(\.record.id.piid) == [
                "0001", "F3365786C0123", "SAQMMA12C1103", "HSTS0108DHRM010", "SAQMMA16D0136", "W91CRB15D0018",
            ])
        #expect(entries.map(\.record.kind) == [.award, .award, .idv, .idv, .idv, .idv])
        #expect(entries.allSatisfy { $0.format == .usaspendingCSV && !$0.isPartial && !$0.isDeletion })
    }

    @Test func readsAnOrderUnderAnIDV() throws {
        let entry = try #require(try parse(text).entries.first)
        let record = entry.record
        #expect(record.id.agency == FPDSRecord.Agency(code: "9700"))
        #expect(record.id.modNumber == "11")
        #expect(record.id.transactionNumber == "0")
        #expect(record.referencedIDV?.piid == "W91RUS15D0015")
        #expect(record.referencedIDV?.agency.code == "9700")
        #expect(record.contractData.contractActionType?.code == "C")
        #expect(record.contractData.reasonForModification?.code == "C")
        #expect(record.dollars.obligated?.text == "323256.60")
        #expect(record.dates.signed == FPDSDateTime(year: 2020, month: 1, day: 3))
        #expect(record.vendor.name == "BY LIGHT, PROFESSIONAL IT SERVICES, INC.")
        #expect(record.vendor.uei == "NKKQE6FG4C28")
        #expect(entry.link == "https://www.usaspending.gov/award/CONT_AWD_0001_9700_W91RUS15D0015_9700/")
        #expect(
            entry.rawDocument.hasPrefix(
                "9700_9700_0001_11_W91RUS15D0015_0,CONT_AWD_0001_9700_W91RUS15D0015_9700,0001,11,"))
        #expect(entry.rawDocument.contains("\"BY LIGHT, PROFESSIONAL IT SERVICES, INC.\""))
    }

    @Test func readsTheAgencyOfThePIIDFromTheTransactionKey() throws {
        // F3365786C0123 is a DoD (9700) PIID awarded by the Air Force (5700).
        let record = try parse(text).entries[1].record
        #expect(record.id.agency.code == "9700")
        #expect(record.purchaser.contractingAgency?.code == "5700")
        #expect(record.contractData.reasonForModification?.code == "N")
        #expect(record.dollars.obligated?.text == "-70741.00")
        #expect(record.dollars.obligated?.signum == -1)
        #expect(record.referencedIDV == nil)
    }

    @Test func readsQuotedFieldsWithEmbeddedQuotesCommasAndLineBreaks() throws {
        let entries = try parse(text).entries
        let hotline = entries[3]
        #expect(
            hotline.record.contractData.description?.hasPrefix(
                "THE PURPOSE OF MODIFICATION P00090 TO HRACCESS INDEFINITE DELIVERY INDEFINITE QUANTITY (IDIQ) "
                    + "CONTRACT HSTS01-08-D-HRM010 IS TO ADD AND EXERCISE CLINS 3028AE \"OOI HOTLINE APPLICATION - "
                    + "DELTA REQUIREMENTS\" AND 5028B \"HOTLINE LEGACY DATA MIGRATION,\" AS WELL AS") == true)
        #expect(hotline.record.contractData.description?.contains("(SOW).\n\nTESTING AND DEPLOYMENT") == true)
        // The raw row is the text as read: doubled quotes and the line breaks inside the field.
        #expect(hotline.rawDocument.contains("CLINS 3028AE \"\"OOI HOTLINE APPLICATION"))
        #expect(hotline.rawDocument.contains("(SOW).\n\nTESTING"))
        #expect(hotline.record.vendor.name == "LOCKHEED MARTIN INTEGRATED SYSTEMS, INC.")
        #expect(hotline.record.contractData.reasonForModification?.code == "M")

        let stopWork = entries[4].record
        #expect(stopWork.contractData.description?.hasPrefix("1. A STOP WORK ORDER WAS ISSUED") == true)
        #expect(stopWork.contractData.description?.components(separatedBy: "\n").count == 12)
        #expect(stopWork.contractData.reasonForModification?.code == "B")
        #expect(entries[2].record.contractData.description == "IGF::CT::IGF\nDEOBLIGATE FUNDING.")
        #expect(entries[2].record.dollars.obligated?.text == "-1520297.64")
    }

    @Test func readsABaseRecordWithoutReasonForModification() throws {
        let entry = try parse(text).entries[5]
        #expect(entry.record.id.modNumber == "0")
        #expect(entry.record.id.transactionNumber == nil)
        #expect(entry.record.contractData.reasonForModification == nil)
        #expect(entry.record.contractData.contractActionType?.code == "B")
        #expect(
            entry.record.transaction.lastModifiedDate
                == FPDSDateTime(year: 2020, month: 5, day: 18, hour: 9, minute: 24, second: 3))
    }

    /// Each row was derived from a real FPDS record: both sources must give the same values.
    @Test func agreesWithTheFPDSRecordsItWasDerivedFrom() throws {
        let sources = [
            "fpds/kapangyu-gsa-FPDS_Atom_Feeds/fpds_feed_sample_1_org.xml",
            "fpds/kenosa-atom-harvest/F3365786C0123__ed27a90247de/page-0000-start-0.xml",
            "fpds/kenosa-atom-harvest/SAQMMA12C1103__f69f81b8c082/page-0001-start-10.xml",
            "fpds/kenosa-atom-harvest/HSTS0108DHRM010__d608ad282196/page-0009-start-90.xml",
            "fpds/kenosa-atom-harvest/SAQMMA16D0136__1138163684fa/page-0000-start-0.xml",
            "fpds/kenosa-atom-harvest/W91CRB15D0018__c8a1f6aefaeb/page-0000-start-0.xml",
        ]
        let entries = try parse(text).entries
        for (csv, source) in zip(entries.map(\.record), sources) {
            let data = try Data(contentsOf: TestData.sample(source))
            let xml = try #require(
                FPDSParser().parseAll(data, file: source).entries.compactMap { try? $0.get().record }
                    .first { $0.id.piid == csv.id.piid && $0.id.modNumber == csv.id.modNumber })
            let context = Comment(rawValue: "\(csv.id.piid) mod \(csv.id.modNumber)")
            #expect(csv.kind == xml.kind, context)
            #expect(csv.id.agency.code == xml.id.agency.code, context)
            #expect(csv.id.transactionNumber == xml.id.transactionNumber, context)
            #expect(csv.referencedIDV?.piid == xml.referencedIDV?.piid, context)
            #expect(csv.referencedIDV?.agency.code == xml.referencedIDV?.agency.code, context)
            #expect(csv.referencedIDV?.modNumber == xml.referencedIDV?.modNumber, context)
            // USAspending publishes dates without their time of day.
            #expect(csv.dates.signed?.dateString == xml.dates.signed?.dateString, context)
            #expect(csv.dates.effective?.dateString == xml.dates.effective?.dateString, context)
            #expect(csv.dates.currentCompletion?.dateString == xml.dates.currentCompletion?.dateString, context)
            #expect(csv.dates.ultimateCompletion?.dateString == xml.dates.ultimateCompletion?.dateString, context)
            #expect(csv.dates.lastDateToOrder?.dateString == xml.dates.lastDateToOrder?.dateString, context)
            #expect(csv.dollars.obligated?.text == xml.dollars.obligated?.text, context)
            #expect(csv.dollars.baseAndExercisedOptions?.text == xml.dollars.baseAndExercisedOptions?.text, context)
            #expect(csv.dollars.baseAndAllOptions?.text == xml.dollars.baseAndAllOptions?.text, context)
            #expect(csv.totals.obligated?.text == xml.totals.obligated?.text, context)
            #expect(csv.totals.baseAndAllOptions?.text == xml.totals.baseAndAllOptions?.text, context)
            #expect(csv.contractData.contractActionType == xml.contractData.contractActionType, context)
            #expect(csv.contractData.reasonForModification == xml.contractData.reasonForModification, context)
            #expect(csv.contractData.description == xml.contractData.description, context)
            #expect(csv.contractData.typeOfContractPricing == xml.contractData.typeOfContractPricing, context)
            #expect(csv.productOrService.productOrServiceCode == xml.productOrService.productOrServiceCode, context)
            #expect(csv.productOrService.principalNAICSCode == xml.productOrService.principalNAICSCode, context)
            #expect(csv.purchaser.contractingAgency?.code == xml.purchaser.contractingAgency?.code, context)
            #expect(csv.purchaser.contractingAgency?.name == xml.purchaser.contractingAgency?.name, context)
            #expect(csv.purchaser.contractingOffice == xml.purchaser.contractingOffice, context)
            #expect(csv.vendor.name == xml.vendor.name, context)
            #expect(csv.vendor.uei == xml.vendor.uei, context)
            #expect(csv.vendor.cageCode == xml.vendor.cageCode, context)
            #expect(csv.vendor.ultimateParentUEI == xml.vendor.ultimateParentUEI, context)
            #expect(csv.vendor.ultimateParentName == xml.vendor.ultimateParentName, context)
            #expect(csv.vendor.location.state == xml.vendor.location.state, context)
            #expect(csv.placeOfPerformance.state == xml.placeOfPerformance.state, context)
            #expect(csv.competition.extentCompeted == xml.competition.extentCompeted, context)
            #expect(csv.transaction.lastModifiedDate == xml.transaction.lastModifiedDate, context)
        }
    }

    @Test func readsCRLFLineEndingsAlike() throws {
        // Given the same rows joined by CRLF (line breaks inside quoted fields unchanged)
        let (entries, _) = try parse(text)
        let header = try #require(text.split(separator: "\n", maxSplits: 1).first)
        let crlf = ([String(header)] + entries.map(\.rawDocument)).joined(separator: "\r\n") + "\r\n"

        // When it is parsed
        let (copies, summary) = try parse(crlf)

        // Then every record and its content are the same
        #expect(summary.error == nil)
        #expect(copies.map(\.record) == entries.map(\.record))
        #expect(copies.map(\.canonicalContent) == entries.map(\.canonicalContent))
        #expect(copies.map(\.rawDocument) == entries.map(\.rawDocument))
    }

    @Test func findsColumnsByNameNotPosition() throws {
        // Given the file with its first column moved to the end (the key is never quoted)
        let (entries, _) = try parse(text)
        let header = try #require(text.split(separator: "\n", maxSplits: 1).first)
        func moveFirstField(_ line: some StringProtocol) throws -> String {
            let comma = try #require(line.firstIndex(of: ","))
            return String(line[line.index(after: comma)...]) + "," + String(line[..<comma])
        }
        let moved = try ([moveFirstField(header)] + entries.map { try moveFirstField($0.rawDocument) })
            .joined(separator: "\n")

        // When it is parsed, then the records and their content bytes are unchanged
        let (copies, _) = try parse(moved)
        #expect(copies.map(\.record) == entries.map(\.record))
        #expect(copies.map(\.canonicalContent) == entries.map(\.canonicalContent))
    }

    @Test func leavesDerivedAwardLevelColumnsOutOfTheContent() throws {
        // Real values of row 2; only the outlay total, an award-level USAspending figure, varies.
        let header =
            "contract_transaction_unique_key,award_id_piid,modification_number,federal_action_obligation,"
            + "total_outlayed_amount_for_overall_award"
        let row = "9700_-none-_F3365786C0123_P00121_-none-_0,F3365786C0123,P00121,-70741.00,"
        let first = try #require(try parse("\(header)\n\(row)\n").entries.first)
        let withOutlays = try #require(try parse("\(header)\n\(row)12345.67\n").entries.first)
        let corrected = try #require(
            try parse("\(header)\n\(row.replacingOccurrences(of: "-70741.00", with: "-70741.01"))\n").entries.first)
        #expect(first.canonicalContent == withOutlays.canonicalContent)
        #expect(first.canonicalContent != corrected.canonicalContent)
        #expect(first.record.kind == .award)  // no flag and no IDV type: an award
    }

    @Test func marksDeletionsInDeltaFiles() throws {
        let csv = """
            correction_delete_ind,agency_id,contract_transaction_unique_key,award_id_piid,modification_number
            D,9700,9700_-none-_F3365786C0123_P00121_-none-_0,F3365786C0123,P00121

            """
        let entry = try #require(try parse(csv).entries.first)
        #expect(entry.isDeletion)
        #expect(entry.record.id.piid == "F3365786C0123")
    }

    @Test func readsFromDisk() throws {
        var count = 0
        let summary = try parser.parse(contentsOf: TestData.awardFixture(Self.samplePath)) { _ in count += 1 }
        #expect(count == 6)
        #expect(summary.recordCount == 6)
        #expect(summary.error == nil)
    }
}
