import FPDS
import Foundation
import TestSupport
import Testing

/// Random truncations and byte mutations of real pages: the parser must never crash or hang,
/// and every entry must come back either as a record with its identity or as an error.
@Suite struct FPDSFuzzTests {
    /// SplitMix64: deterministic, so a failing case reproduces from its seed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    static let pages = [
        "fpds/NuAxis-fpds-atom/piid_feed_result.xml",
        "fpds/wamuir-fpds-lxml-validation/sample-award-1.5.xml",
        "fpds/kenosa-atom-harvest/N666041890001__4596bf85dd5a/page-0000-start-0.xml",
        "fpds/dherincx92-fpds/truncated_response.xml",
    ]

    static let interesting: [UInt8] = Array("<>&;/\"'=![]-?: \n\r\t\0".utf8) + [0xFF, 0xC3, 0xE2]

    @Test(.timeLimit(.minutes(2)), arguments: pages)
    func survivesMutations(of page: String) throws {
        let original = Array(try Data(contentsOf: TestData.sample(page)))
        let parser = FPDSParser()
        var random = SeededGenerator(state: UInt64(truncatingIfNeeded: page.utf8.count) &* 7919)
        for caseNumber in 0..<1000 {
            var bytes = original
            switch caseNumber % 5 {
            case 0:  // truncate anywhere
                bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &random)...)
            case 1:  // flip bytes
                for _ in 0..<Int.random(in: 1...8, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            case 2:  // drop in markup-significant bytes
                for _ in 0..<Int.random(in: 1...8, using: &random) {
                    let byte = Self.interesting[Int.random(in: 0..<Self.interesting.count, using: &random)]
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = byte
                }
            case 3:  // delete a span
                let start = Int.random(in: 0..<bytes.count, using: &random)
                bytes.removeSubrange(start..<min(bytes.count, start + Int.random(in: 1...400, using: &random)))
            default:  // duplicate a span somewhere else
                let start = Int.random(in: 0..<bytes.count, using: &random)
                let span = Array(bytes[start..<min(bytes.count, start + Int.random(in: 1...2000, using: &random))])
                bytes.insert(contentsOf: span, at: Int.random(in: 0...bytes.count, using: &random))
            }
            let (results, summary) = parser.parseAll(bytes, file: "case-\(caseNumber)")
            #expect(results.count == summary.entryCount, "case \(caseNumber) of \(page)")
            for result in results {
                switch result {
                case .success(let entry):
                    #expect(!entry.record.id.piid.isEmpty && !entry.record.id.modNumber.isEmpty)
                case .failure(let error):
                    #expect(error.file == "case-\(caseNumber)" && !error.description.isEmpty)
                }
            }
        }
    }
}
