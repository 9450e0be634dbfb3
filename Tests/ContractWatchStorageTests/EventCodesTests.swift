import ContractWatchCore
import FPDS
import Testing

@testable import ContractWatchStorage

/// How an event's id and type are kept as integers (`EventCodes`).
struct EventCodesTests {
    /// Ids at the edges of the 64 bits, where flipping the top bit matters most, and one of the
    /// samples' ids.
    static let ids = [
        "ev_0000000000000000", "ev_0000000000000001", "ev_7fffffffffffffff", "ev_8000000000000000",
        "ev_8000000000000001", "ev_ffffffffffffffff", "ev_6c1d0e3a5b2f4d7e",
    ]

    @Test(arguments: ids)
    func anIdReadsBackAsItWasStored(id: String) throws {
        #expect(EventCodes.id(stored: try EventCodes.stored(id: id)) == id)
    }

    @Test func storedIdsOrderAsTheirTextsDo() throws {
        // Listings break ties by id: the integers must order as the texts always have.
        let ids =
            Self.ids
            + (0..<200).map { index in
                ProcurementEvent.id(
                    for: ActionKey(
                        kind: .award, agencyID: "9700", piid: "N00019-\(index)", modNumber: "0", transactionNumber: "0",
                        idvAgencyID: "", idvPIID: ""),
                    type: .funding)
            }
        let byText = ids.sorted()
        let byStored = try ids.map { ($0, try EventCodes.stored(id: $0)) }.sorted { $0.1 < $1.1 }.map(\.0)
        #expect(byStored == byText)
    }

    @Test(arguments: [
        "", "ev_", "ev_123", "ev_6C1D0E3A5B2F4D7E", "ev_6c1d0e3a5b2f4d7e0", "ev_6c1d0e3a5b2f4d7g",
        "xx_6c1d0e3a5b2f4d7e",
        "ev_ 6c1d0e3a5b2f4d7",
    ])
    func anIdThatIsNotSixteenLowercaseHexDigitsIsRefused(id: String) {
        #expect(throws: StorageError.self) { try EventCodes.stored(id: id) }
        #expect(EventCursor(token: "2025-08-29~\(id)") == nil)
    }

    @Test func everyTypeHasItsOwnCodeAndReadsBack() throws {
        let codes = EventCodes.allTypes.map(\.code)
        #expect(Set(codes).count == EventType.allCases.count)
        for type in EventType.allCases {
            #expect(try EventCodes.type(stored: EventCodes.stored(type)) == type)
        }
        #expect(throws: StorageError.self) { try EventCodes.type(stored: 0) }
    }
}
