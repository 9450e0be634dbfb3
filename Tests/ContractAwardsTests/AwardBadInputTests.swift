import ContractAwards
import FPDS
import Foundation
import TestSupport
import Testing

/// Bad input gets a typed error naming the file, the record and the field; good records of the
/// same document still come through, and nothing crashes.
@Suite struct AwardBadInputTests {
    let sam = SAMAwardsParser()
    let usaspending = USAspendingTransactionsParser()

    private func sample(_ path: String) throws -> String {
        try String(contentsOf: TestData.awardFixture(path), encoding: .utf8)
    }

    private func split(
        _ results: [Result<AwardEntry, AwardParseError>]
    ) -> (good: [AwardEntry], bad: [AwardParseError]) {
        (
            results.compactMap { try? $0.get() },
            results.compactMap { if case .failure(let error) = $0 { error } else { nil } }
        )
    }

    // MARK: - SAM JSON

    @Test func truncatedResponseKeepsTheRecordsBeforeTheCut() throws {
        // Cut inside the third contractId of example 3.
        let text = try sample("sam-contract-awards/example3_gsa_idvs_closed_contractId_only.json")
        let third = try #require(text.range(of: "\"PA3143DELPROD\""))
        let (results, summary) = sam.parseAll(Data(text[..<third.lowerBound].utf8), file: "cut.json")
        let (good, bad) = split(results)
        #expect(good.map(\.record.id.modNumber) == ["0", "PM3346"])
        #expect(bad.isEmpty)
        let error = try #require(summary.error)
        #expect(error.file == "cut.json")
        #expect(error.record == 3)
        #expect(error.description.hasPrefix("cut.json:"))
        #expect(error.description.contains("malformed JSON in record 3: truncated"))
    }

    @Test func truncatedInsideAStringNamesWhereItStarts() throws {
        let text = try sample("sam-contract-awards/example1_dod_base_contracts_lastModified.json")
        let cut = try #require(text.range(of: "VERMILION VALLEY"))
        let (results, summary) = sam.parseAll(Data(text[..<cut.upperBound].utf8), file: "cut.json")
        #expect(results.isEmpty)
        guard case .malformedJSON(_, let record, let line, _, let reason)? = summary.error else {
            Issue.record("expected malformed JSON, got \(String(describing: summary.error))")
            return
        }
        #expect(record == 1)
        #expect(reason.contains("a string that starts here never ends"))
        #expect(line == text[..<cut.lowerBound].filter { $0 == "\n" }.count + 1)
    }

    @Test func wrongTypeOfValueNamesTheRecordAndField() throws {
        let text = try sample("sam-contract-awards/example2_purchase_orders_naics_or.json")
        let bad = text.replacingOccurrences(of: "\"-7183.74\"", with: "[\"-7183.74\"]")
        let (results, summary) = sam.parseAll(Data(bad.utf8), file: "example2.json")
        #expect(summary.error == nil)
        let error = try #require(split(results).bad.first)
        #expect(
            error
                == .unexpectedType(
                    file: "example2.json", record: 1, label: "PIID 15B61524P00000105 mod P00003",
                    field: "awardDetails.dollars.actionObligation", found: "an array", expected: "a string"))
        #expect(
            error.description
                == "example2.json: record 1 (PIID 15B61524P00000105 mod P00003): "
                + "awardDetails.dollars.actionObligation is an array, expected a string")
    }

    @Test func sectionOfTheWrongTypeNamesItsPath() throws {
        let text = try sample("sam-contract-awards/example1_dod_base_contracts_lastModified.json")
        let bad = text.replacingOccurrences(of: "\"awardDetails\": {", with: "\"awardDetails\": \"none\", \"x\": {")
        let error = try #require(split(sam.parseAll(Data(bad.utf8), file: "e1.json").entries).bad.first)
        #expect(error.field == "awardDetails")
        #expect(error.description.contains("awardDetails is a string, expected an object"))
    }

    @Test func recordWithoutPIIDIsReportedAndTheOthersStillCome() throws {
        // Example 5 with the PIID of its second record removed.
        let text = try sample("sam-contract-awards/example5_deleted_contracts_contractId_only.json")
        let bad = text.replacingOccurrences(of: "\"piid\": \"SPE7M520V0512\",", with: "")
        let (results, summary) = sam.parseAll(Data(bad.utf8), file: "deleted.json")
        #expect(summary.error == nil)
        let (good, errors) = split(results)
        #expect(good.map(\.ordinal) == [1, 3, 4, 5])
        #expect(errors == [.missingField(file: "deleted.json", record: 2, label: nil, field: "contractId.piid")])
        #expect(
            errors.first?.description == "deleted.json: record 2: required field contractId.piid is missing or empty")
    }

    @Test func recordWithoutContractIDIsReported() {
        let json = #"{"awardSummary": [{"coreData": {"awardOrIDV": "AWARD"}}, "SPE3SU25F97V0"]}"#
        let (results, _) = sam.parseAll(Data(json.utf8), file: "x.json")
        let errors = split(results).bad
        #expect(errors.count == 2)
        #expect(errors.first == .missingField(file: "x.json", record: 1, label: nil, field: "contractId"))
        #expect(errors.last?.record == 2)
        #expect(errors.last?.description.contains("awardSummary[1] is a string, expected an award object") == true)
    }

    @Test(arguments: [
        ("\"-7183.74\"", "\"-7,183.74\"", "awardDetails.dollars.actionObligation", "a decimal amount"),
        ("\"2025-04-02T00:00:00Z\"", "\"04/02/2025\"", "awardDetails.dates.dateSigned", "a date"),
        ("\"awardOrIDV\": \"AWARD\"", "\"awardOrIDV\": \"GRANT\"", "coreData.awardOrIDV", "AWARD or IDV"),
    ])
    func invalidValueNamesTheFieldAndWhatWasExpected(
        original: String, replacement: String, field: String, expected: String
    ) throws {
        let text = try sample("sam-contract-awards/example2_purchase_orders_naics_or.json")
        #expect(text.contains(original))
        let bad = text.replacingOccurrences(of: original, with: replacement)
        let error = try #require(split(sam.parseAll(Data(bad.utf8), file: "e2.json").entries).bad.first)
        guard case .invalidValue(let file, let record, _, let errorField, _, let errorExpected) = error else {
            Issue.record("expected an invalid value, got \(error)")
            return
        }
        #expect(file == "e2.json")
        #expect(record == 1)
        #expect(errorField == field)
        #expect(errorExpected.hasPrefix(expected))
    }

    @Test func extractAcknowledgementIsNotAResponse() throws {
        let (results, summary) = try sam.parseAll(
            Data(contentsOf: TestData.awardFixture("sam-contract-awards/example6a_extract_request_token.json")),
            file: "example6a.json")
        #expect(results.isEmpty)
        guard case .unsupportedDocument(let file, let reason)? = summary.error else {
            Issue.record("expected an unsupported document, got \(String(describing: summary.error))")
            return
        }
        #expect(file == "example6a.json")
        #expect(reason.contains("presignedUrl"))
    }

    @Test(arguments: [
        ("", "the document is empty"),
        ("[]", "a JSON array is not a Contract Awards response"),
        (#"{"message": "No Content Found"}"#, "without awardSummary"),
        (#"{"awardSummary": {}}"#, "awardSummary is an object, expected an array of awards"),
        (#"{"awardSummary": []} x"#, "'x' after the end of the document"),
        (#"{"awardSummary": [{"contractId": {"piid": "A\u0"}}]}"#, "a \\u escape needs four hex digits"),
        ("{\"awardSummary\": [\"\u{1}\"]}", "control character"),
        (#"{"awardSummary": [01]}"#, "malformed number"),
        (#"{"awardSummary": [{"a": 1,}]}"#, "expected a member name, found '}'"),
        (#"{"awardSummary": "# + String(repeating: "[", count: 500), "nested deeper than"),
    ])
    func malformedDocumentsGetADocumentError(json: String, message: String) {
        let (_, summary) = sam.parseAll(Data(json.utf8), file: "bad.json")
        let description = summary.error?.description ?? ""
        #expect(description.hasPrefix("bad.json"), "\(description)")
        #expect(description.contains(message), "\(description)")
    }

    @Test func everyTruncationOfAResponseEndsInAnErrorNotACrash() throws {
        let data = try Data(
            contentsOf: TestData.awardFixture("sam-contract-awards/example1_dod_base_contracts_lastModified.json"))
        for length in stride(from: 0, to: data.count - 1, by: 37) {
            let (results, summary) = sam.parseAll(data.prefix(length), file: "cut.json")
            // The one award is delivered only once its object is complete.
            #expect(results.count <= 1)
            #expect(summary.error?.file == "cut.json", "cut at \(length)")
        }
    }

    // MARK: - USAspending CSV

    @Test func missingRequiredColumnIsNamed() throws {
        let text = try sample("usaspending/Contracts_PrimeTransactions_derived_from_fpds.csv")
        let bad = text.replacingOccurrences(of: ",award_id_piid,", with: ",piid,")
        let (results, summary) = usaspending.parseAll(Data(bad.utf8), file: "transactions.csv")
        #expect(results.isEmpty)
        #expect(summary.error == .missingColumns(file: "transactions.csv", columns: ["award_id_piid"]))
        #expect(summary.error?.field == "award_id_piid")
        #expect(
            summary.error?.description
                == "transactions.csv:1: the header has no column \"award_id_piid\", which the mapping requires")
    }

    @Test func realFileWithoutAHeaderIsRejectedByItsColumns() throws {
        // USAspending's own fpds_small.csv fixture: keys and amounts, no header row.
        let data = try Data(contentsOf: TestData.awardFixture("usaspending/fpds_small.csv"))
        #expect(SourceFormat.detect(data) == nil)
        let (results, summary) = usaspending.parseAll(data, file: "fpds_small.csv")
        #expect(results.isEmpty)
        #expect(
            summary.error
                == .missingColumns(file: "fpds_small.csv", columns: USAspendingTransactionsParser.requiredColumns))
    }

    @Test func unterminatedQuoteStopsTheFileWhereTheQuoteOpened() throws {
        // Cut the derived file inside row 4's quoted description.
        let text = try sample("usaspending/Contracts_PrimeTransactions_derived_from_fpds.csv")
        let cut = try #require(text.range(of: "TESTING AND DEPLOYMENT"))
        let (results, summary) = usaspending.parseAll(Data(text[..<cut.lowerBound].utf8), file: "cut.csv")
        #expect(split(results).good.map(\.record.id.piid) == ["0001", "F3365786C0123", "SAQMMA12C1103"])
        guard case .malformedCSV(let file, let record, let line, let reason)? = summary.error else {
            Issue.record("expected malformed CSV, got \(String(describing: summary.error))")
            return
        }
        #expect(file == "cut.csv")
        #expect(record == 4)
        // Row 4 starts after the header and three rows, one of which spans two lines.
        #expect(line == 6)
        #expect(reason.contains("never closed"))
        #expect(summary.error?.description.hasPrefix("cut.csv:6: malformed CSV in record 4") == true)
    }

    @Test func handWrittenUnterminatedQuote() {
        let csv = "contract_transaction_unique_key,award_id_piid,modification_number\n\"9700_-none-_X_0_-none-_0,X,0\n"
        let (results, summary) = usaspending.parseAll(Data(csv.utf8), file: "q.csv")
        #expect(results.isEmpty)
        #expect(
            summary.error
                == .malformedCSV(
                    file: "q.csv", record: 1, line: 2, reason: "a quoted field opened on line 2 is never closed"))
    }

    @Test func rowWithTooFewFieldsIsReportedAndTheOthersStillCome() throws {
        let text = try sample("usaspending/Contracts_PrimeTransactions_derived_from_fpds.csv")
        let lines = text.components(separatedBy: "\n")
        // Line 3 is row 2 (F3365786C0123); drop its last field.
        let lastComma = try #require(lines[2].lastIndex(of: ","))
        let shortened = String(lines[2][..<lastComma])
        let bad = (lines[..<2] + [shortened] + lines[3...]).joined(separator: "\n")
        let (results, _) = usaspending.parseAll(Data(bad.utf8), file: "t.csv")
        let (good, errors) = split(results)
        #expect(good.count == 5)
        #expect(errors == [.wrongFieldCount(file: "t.csv", record: 2, line: 3, found: 296, expected: 297)])
        #expect(errors.first?.description == "t.csv:3: record 2 has 296 fields, but the header has 297")
    }

    @Test(arguments: [
        ("-70741.00", "\"-70,741.00\"", "federal_action_obligation"),
        ("1997-12-12", "12/12/1997", "action_date"),
        ("9700_-none-_F3365786C0123_P00121_-none-_0", "F3365786C0123", "contract_transaction_unique_key"),
    ])
    func invalidCSVValueNamesTheLineAndColumn(original: String, replacement: String, column: String) throws {
        let header =
            "contract_transaction_unique_key,award_id_piid,modification_number,action_date,federal_action_obligation"
        let row = "9700_-none-_F3365786C0123_P00121_-none-_0,F3365786C0123,P00121,1997-12-12,-70741.00"
        let bad = row.replacingOccurrences(of: original, with: replacement)
        let (results, _) = usaspending.parseAll(Data("\(header)\r\n\r\n\(bad)\r\n".utf8), file: "v.csv")
        let error = try #require(split(results).bad.first)
        #expect(error.field == column)
        #expect(error.record == 1)
        #expect(error.description.hasPrefix("v.csv: record 1 (line 3, PIID F3365786C0123 mod P00121): \(column) is"))
    }

    @Test func emptyRequiredFieldIsNamed() {
        let csv = "contract_transaction_unique_key,award_id_piid,modification_number\n9700_-none-_X_0_-none-_0,,0\n"
        let (results, _) = usaspending.parseAll(Data(csv.utf8), file: "e.csv")
        #expect(
            split(results).bad == [
                .missingField(file: "e.csv", record: 1, label: "line 2 mod 0", field: "award_id_piid")
            ])
    }

    @Test func everyTruncationOfTheCSVEndsCleanly() throws {
        let data = try Data(
            contentsOf: TestData.awardFixture("usaspending/Contracts_PrimeTransactions_derived_from_fpds.csv"))
        let headerEnd = try #require(data.firstIndex(of: 0x0A))
        for length in stride(from: headerEnd + 2, to: data.count, by: 53) {
            let (results, summary) = usaspending.parseAll(data.prefix(length), file: "cut.csv")
            // A cut inside a row gives that row's error (too few fields) or a file error.
            #expect(results.count + (summary.error == nil ? 0 : 1) >= 1, "cut at \(length)")
            #expect(split(results).good.count <= 6)
            #expect(split(results).bad.allSatisfy { $0.file == "cut.csv" })
        }
    }
}
