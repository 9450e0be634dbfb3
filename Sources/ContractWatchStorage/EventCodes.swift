import ContractWatchCore

/// How `events` keeps an event's id and type, the same on both engines: as integers, 8 bytes and
/// 1 where the texts took 20 and 12, in the row and in each index that holds them (SQLite
/// migration 033, PostgreSQL 019).
///
/// The id is kept as the 64 bits its hex digits spell (``ProcurementEvent/idBits(_:)``) with the
/// top bit flipped, so that the signed integers order as the texts do: listings that break ties
/// by id list alike. The type is kept as its code below, which `event_types` names in the store
/// for SQL that wants the name (search's facets).
enum EventCodes {
    /// `id` as `events.id` and `alerts.event_id` keep it.
    /// - Throws: ``StorageError/invalidEventID(_:)`` when `id` is not `ev_` and 16 hex digits.
    static func stored(id: String) throws -> Int64 {
        guard let bits = ProcurementEvent.idBits(id) else { throw StorageError.invalidEventID(id) }
        return Int64(bitPattern: bits ^ topBit)
    }

    /// The id `events.id` keeps as `stored`.
    static func id(stored: Int64) -> String { ProcurementEvent.id(bits: UInt64(bitPattern: stored) ^ topBit) }

    /// `type` as `events.type` keeps it.
    static func stored(_ type: EventType) -> Int64 { code(of: type) }

    /// The type `events.type` keeps as `code`.
    /// - Throws: ``StorageError/unknownEventType(_:)`` for a code this build does not know.
    static func type(stored code: Int64) throws -> EventType {
        guard let type = types[code] else { throw StorageError.unknownEventType(code) }
        return type
    }

    /// Every type with its code, as `event_types` holds them.
    static var allTypes: [(code: Int64, type: EventType)] { EventType.allCases.map { (code(of: $0), $0) } }

    private static let topBit: UInt64 = 1 << 63

    private static let types = Dictionary(uniqueKeysWithValues: allTypes.map { ($0.code, $0.type) })

    /// Each type's code. Never change one: stores keep them. A new type takes the next number,
    /// and a migration adds it to `event_types` (a test checks the table names every type).
    private static func code(of type: EventType) -> Int64 {
        switch type {
        case .award: 1
        case .order: 2
        case .idvAward: 3
        case .optionExercised: 4
        case .funding: 5
        case .deobligation: 6
        case .valueIncrease: 7
        case .valueDecrease: 8
        case .periodExtended: 9
        case .periodShortened: 10
        case .stopWorkIssued: 11
        case .stopWorkLifted: 12
        case .workSuspended: 13
        case .workResumed: 14
        case .terminatedForConvenience: 15
        case .terminatedForDefault: 16
        case .terminatedForCause: 17
        case .cancelled: 18
        case .reinstated: 19
        case .novation: 20
        case .vendorIdentityChange: 21
        case .piidChange: 22
        case .closeout: 23
        case .changeOrder: 24
        case .supplementalAgreement: 25
        case .administrative: 26
        case .recordCorrected: 27
        case .recordDeleted: 28
        }
    }
}
