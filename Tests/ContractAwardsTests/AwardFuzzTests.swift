import ContractAwards
import FPDS
import Foundation
import TestSupport
import Testing

/// Random truncations and byte mutations of real SAM.gov responses and USAspending files: the
/// parsers must never crash or hang, and every record must come back either as a record whose key
/// passes `FPDSKeyField` and whose free text is neutralised, or as an error naming the file in one
/// printable line.
///
/// 500 cases a SAM document and 1,000 for the USAspending file by default (4,000 in all, a few
/// seconds); `CONTRACTWATCH_FUZZ_CASES` sets the count per document (`scripts/fuzz.sh` runs over
/// 10,000 a document in release).
@Suite struct AwardFuzzTests {
    static let samDocuments = [
        "sam-contract-awards/example1_dod_base_contracts_lastModified.json",
        "sam-contract-awards/example2_purchase_orders_naics_or.json",
        "sam-contract-awards/example3_gsa_idvs_closed_contractId_only.json",
        "sam-contract-awards/example4_va_services_fy25_includeSections.json",
        "sam-contract-awards/example5_deleted_contracts_contractId_only.json",
        "sam-contract-awards/example6b_extract_file_json.json",
    ]

    static let jsonInteresting: [UInt8] = Array("{}[]:,\"\\/ \n\r\t0-.eEtfnu".utf8) + [0xFF, 0xC3, 0xE2, 0x00]
    static let jsonSnippets: [[UInt8]] = [
        #"\u001b[2J"#, #"\u0000"#, #"\u009b"#, #"\ud800"#, #"\udc00\ud800"#, #"\uFFFE"#, #"\nrejected: forged\n"#,
        #""   ""#, #""piid": "   ","#, #""piid": "\u001b","#, "\u{1B}", "\u{202E}",
    ].map { Array($0.utf8) }

    static let csvInteresting: [UInt8] = Array(",\"\r\n _-".utf8) + [0xFF, 0xC3, 0xE2, 0x00]
    static let csvSnippets: [[UInt8]] = [
        "\u{1B}[2J", "\"\nrejected: forged\n\"", ",   ,", "\"", "\"\"", "\r", "-none-", "_", "\u{9B}", "\u{202E}",
    ].map { Array($0.utf8) }

    @Test(.timeLimit(.minutes(2)), arguments: samDocuments)
    func samParserSurvivesMutations(of document: String) throws {
        try fuzz(
            document, with: SAMAwardsParser(), documents: 1, interesting: Self.jsonInteresting,
            snippets: Self.jsonSnippets)
    }

    @Test(.timeLimit(.minutes(2)))
    func usaspendingParserSurvivesMutations() throws {
        // One real file, so it gets the cases of two documents.
        try fuzz(
            "usaspending/Contracts_PrimeTransactions_derived_from_fpds.csv", with: USAspendingTransactionsParser(),
            documents: 2, interesting: Self.csvInteresting, snippets: Self.csvSnippets)
    }

    private func fuzz(
        _ document: String, with parser: some AwardDocumentParser, documents: Int, interesting: [UInt8],
        snippets: [[UInt8]]
    ) throws {
        let original = Array(try Data(contentsOf: TestData.awardFixture(document)))
        var random = SeededGenerator(seed: SeededGenerator.seed(for: document))
        for caseNumber in 0..<(Fuzzing.caseCount(default: 500) * documents) {
            let bytes = Fuzzing.mutate(
                original, caseNumber: caseNumber, interesting: interesting, snippets: snippets, using: &random)
            let file = "case-\(caseNumber)"
            let (results, summary) = parser.parseAll(bytes, file: file)
            #expect(results.count == summary.recordCount, "case \(caseNumber) of \(document)")
            for result in results {
                switch result {
                case .success(let entry):
                    check(entry.record, caseNumber: caseNumber, of: document)
                case .failure(let error):
                    #expect(error.file == file && !error.description.isEmpty)
                    #expect(
                        error.description.unicodeScalars.allSatisfy(InputText.isPrintable),
                        "case \(caseNumber) of \(document)")
                }
            }
            if let error = summary.error {
                #expect(error.file == file)
                #expect(
                    error.description.unicodeScalars.allSatisfy(InputText.isPrintable),
                    "case \(caseNumber) of \(document)")
            }
        }
    }

    private func check(_ record: FPDSRecord, caseNumber: Int, of document: String) {
        let id = record.id
        #expect(FPDSKeyField.agencyID.violation(in: id.agency.code) == nil, "case \(caseNumber) of \(document)")
        #expect(FPDSKeyField.piid.violation(in: id.piid) == nil, "case \(caseNumber) of \(document)")
        #expect(FPDSKeyField.modNumber.violation(in: id.modNumber) == nil, "case \(caseNumber) of \(document)")
        if let idv = record.referencedIDV {
            #expect(FPDSKeyField.piid.violation(in: idv.piid) == nil, "case \(caseNumber) of \(document)")
        }
        for text in [record.contractData.description, record.vendor.name, record.purchaser.contractingAgency?.name] {
            #expect(
                text?.unicodeScalars.allSatisfy(InputText.isAllowedInFreeText) ?? true,
                "case \(caseNumber) of \(document)")
        }
    }
}
