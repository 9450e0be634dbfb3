import ContractWatchCore
import FPDS
import Foundation
import TestSupport
import Testing

/// The stores keep each event's evidence as the JSON `Evidence.writeJSON` writes, and read it
/// back with `Evidence.list(fromJSON:)`: what was quoted must come back exactly.
@Suite struct EvidenceJSONTests {
    @Test func everyEvidenceTheSamplesYieldReadsBackAsWritten() throws {
        // Given every action of the sample XML, classified contract by contract
        var contracts: [ContractKey: [ContractAction]] = [:]
        let files = try #require(FileManager.default.enumerator(at: TestData.samples, includingPropertiesForKeys: nil))
        for case let url as URL in files where url.pathExtension == "xml" {
            let (results, _) = FPDSParser().parseAll(try Data(contentsOf: url), file: url.path)
            for case .success(let parsed) in results {
                let action = ContractAction(parsed.record)
                contracts[action.key.contract, default: []].append(action)
            }
        }
        var lists: [[Evidence]] = []
        for actions in contracts.values {
            var seen: Set<ActionKey> = []
            let unique = actions.filter { seen.insert($0.key).inserted }
            lists += EventClassifier().classify(contract: unique).map(\.evidence)
        }
        #expect(lists.count > 700)
        #expect(lists.contains { $0.contains { $0.text != nil && $0.start != nil } })
        #expect(lists.contains { $0.contains { $0.field != nil } })

        // Then each list, written as the stores keep it, reads back the same
        for evidence in lists {
            #expect(try Evidence.list(fromJSON: Self.json(evidence)) == evidence)
        }
    }

    @Test func quotedTextWithEscapesReadsBackExactly() throws {
        let text = "Line one\n\t\"lift\" the STOP-WORK\u{1B}[31m order \\ é 🛑 \u{2028}end"
        let evidence = [
            Evidence(rule: "text.stop_work.lift", code: "M", text: text, start: 12, end: 40),
            Evidence(rule: "delta.obligated", field: "obligatedAmount", from: "-1.50", to: "0"),
        ]
        #expect(try Evidence.list(fromJSON: Self.json(evidence)) == evidence)
    }

    @Test func textThatIsNotAnEvidenceListIsAnError() {
        for json in ["", "{", "[{}]", "[1]", "{\"rule\":\"x\"}", "[{\"rule\":\"x\",\"start\":\"3\"}]", "[] x"] {
            #expect(throws: (any Error).self, "\(json)") { try Evidence.list(fromJSON: json) }
        }
    }

    private static func json(_ evidence: [Evidence]) -> String {
        var writer = JSONWriter()
        writer.beginArray()
        for item in evidence { item.writeJSON(to: &writer) }
        writer.endArray()
        return writer.output
    }
}
