import ContractAwards
import ContractWatchCore
import FPDS
import Testing

/// The stated rule for which version of an action is current, independent of arrival order.
@Suite struct VersionPrecedenceTests {
    static let may = FPDSDateTime(year: 2025, month: 5, day: 1, hour: 9)
    static let june = FPDSDateTime(year: 2025, month: 6, day: 1, hour: 9)

    static func version(
        _ date: FPDSDateTime?, deletion: Bool = false, format: SourceFormat? = .fpdsXML, hash: String = "aa"
    ) -> VersionPrecedence {
        VersionPrecedence(lastModifiedDate: date, isDeletion: deletion, format: format, contentHash: hash)
    }

    @Test func theLaterModificationWinsWhateverItsSource() {
        #expect(Self.version(Self.may) < Self.version(Self.june, format: .usaspendingCSV))
        #expect(Self.version(nil, deletion: true) < Self.version(Self.may))
    }

    @Test func onTheSameDateADeletionThenTheSourceThenTheHashDecide() {
        #expect(Self.version(Self.june) < Self.version(Self.june, deletion: true, format: .samJSON))
        #expect(Self.version(Self.june, format: .usaspendingCSV) < Self.version(Self.june, format: .samJSON))
        #expect(Self.version(Self.june, format: .samJSON) < Self.version(Self.june, format: .fpdsXML))
        // A store row whose format text this build does not know reads back as nil.
        #expect(SourceFormat(rawValue: "unknown") == nil)
        #expect(Self.version(Self.june, format: nil) < Self.version(Self.june, format: .usaspendingCSV))
        #expect(Self.version(Self.june, hash: "0f") < Self.version(Self.june, hash: "e1"))
    }

    @Test func anyOrderOfArrivalEndsOnTheSameVersion() {
        let versions = [
            Self.version(Self.june, hash: "11"), Self.version(Self.june, format: .samJSON, hash: "ff"),
            Self.version(Self.june, hash: "99"), Self.version(Self.may, hash: "ff"),
            Self.version(nil, hash: "ff"),
        ]
        // Arrivals in every rotation and reversed: the store keeps the incoming one only if it outranks.
        let orders = versions.indices.map { Array(versions[$0...] + versions[..<$0]) }
        for order in orders + orders.map({ $0.reversed() }) {
            let current = order.dropFirst().reduce(order[0]) { current, incoming in
                current < incoming ? incoming : current
            }
            #expect(current.contentHash == "99" && current.format == .fpdsXML)
        }
    }
}
