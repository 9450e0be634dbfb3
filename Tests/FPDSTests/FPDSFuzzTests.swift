import FPDS
import Foundation
import TestSupport
import Testing

/// Random truncations and byte mutations of real pages: the parser must never crash or hang, and
/// every entry must come back either as a record whose key passes `FPDSKeyField` and whose free
/// text is neutralised, or as an error naming the file in one printable line.
///
/// 1,000 cases a page by default, a few seconds in all; `CONTRACTWATCH_FUZZ_CASES` sets the
/// count (`scripts/fuzz.sh` runs over 10,000 a page in release).
@Suite struct FPDSFuzzTests {
    static let pages = [
        "fpds/NuAxis-fpds-atom/piid_feed_result.xml",
        "fpds/wamuir-fpds-lxml-validation/sample-award-1.5.xml",
        "fpds/kenosa-atom-harvest/N666041890001__4596bf85dd5a/page-0000-start-0.xml",
        "fpds/dherincx92-fpds/truncated_response.xml",
    ]

    static let interesting: [UInt8] = Array("<>&;/\"'=![]-?: \n\r\t\0".utf8) + [0xFF, 0xC3, 0xE2]
    static let snippets: [[UInt8]] = [
        "&#x1B;", "&#0;", "&#x9B;", "&#xFFFE;", "&#xD800;", "&#x110000;", "\nrejected: forged\n", "   ",
        "\u{1B}[2J", "\u{202E}", "<![CDATA[\u{1B}]]>",
    ].map { Array($0.utf8) }

    @Test(.timeLimit(.minutes(2)), arguments: pages)
    func survivesMutations(of page: String) throws {
        let original = Array(try Data(contentsOf: TestData.sample(page)))
        let parser = FPDSParser()
        var random = SeededGenerator(seed: SeededGenerator.seed(for: page))
        for caseNumber in 0..<Fuzzing.caseCount(default: 1000) {
            let bytes = Fuzzing.mutate(
                original, caseNumber: caseNumber, interesting: Self.interesting, snippets: Self.snippets,
                using: &random)
            let file = "case-\(caseNumber)"
            let (results, summary) = parser.parseAll(bytes, file: file)
            #expect(results.count == summary.entryCount, "case \(caseNumber) of \(page)")
            for result in results {
                switch result {
                case .success(let entry):
                    let id = entry.record.id
                    #expect(FPDSKeyField.agencyID.violation(in: id.agency.code) == nil, "case \(caseNumber)")
                    #expect(FPDSKeyField.piid.violation(in: id.piid) == nil, "case \(caseNumber)")
                    #expect(FPDSKeyField.modNumber.violation(in: id.modNumber) == nil, "case \(caseNumber)")
                    for text in [entry.record.contractData.description, entry.record.vendor.name, entry.title] {
                        #expect(
                            text?.unicodeScalars.allSatisfy(InputText.isAllowedInFreeText) ?? true,
                            "case \(caseNumber)")
                    }
                case .failure(let error):
                    #expect(error.file == file && !error.description.isEmpty)
                    #expect(error.description.unicodeScalars.allSatisfy(InputText.isPrintable), "case \(caseNumber)")
                }
            }
            if let error = summary.error {
                #expect(error.file == file)
                #expect(error.description.unicodeScalars.allSatisfy(InputText.isPrintable), "case \(caseNumber)")
            }
        }
    }
}
