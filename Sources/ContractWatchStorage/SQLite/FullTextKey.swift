/// The rowids of the SQLite full-text index (`action_search`): an action's row is keyed by the
/// day it was signed, then by where it sorts within that day, then by its id, so that walking the
/// index by rowid walks the matches in the listing's order, and a search can stop once its page
/// is full instead of sorting every match.
///
/// From the high bits down: the day (``day(_:)``), a slot (``slot(signedDate:orderingKey:)``)
/// and the action's id in the low ``actionIDBits``. A key names its action (`rowid & mask`).
/// Keys of different days order as their signed dates do, and keys of different slots of one day
/// as the listing orders the actions (signed date, then ``ActionKey/orderingKey``). Within one
/// slot keys follow ids, so a walk reads the whole last slot it reaches (a *run*, ``run(ofKey:)``)
/// and sorts it itself (``FullTextWalk``): on a day of thousands of matches that is a few dozen
/// rows, not the day.
enum FullTextKey {
    /// Bits of the key that hold the action's id: four billion actions.
    static let actionIDBits: Int64 = 32
    /// The mask of ``actionIDBits``, for SQL: `rowid & mask` is the action's id.
    static let actionIDMask: Int64 = (1 << actionIDBits) - 1
    /// Bits of the slot, between the day (23 bits: ``day(_:)`` is at most 5,119,999) and the id.
    static let slotBits: Int64 = 8

    /// The key of an action's row.
    /// - Parameters:
    ///   - signedDate: The action's `signed_date` as stored (`2025-08-30T00:00:00`, or empty).
    ///   - orderingKey: The action's `ordering_key`.
    ///   - actionID: The action's id.
    /// - Returns: The rowid of the action's row in `action_search`.
    static func key(signedDate: String, orderingKey: Int64, actionID: Int64) -> Int64 {
        let run = day(signedDate) << slotBits | slot(signedDate: signedDate, orderingKey: orderingKey)
        return run << actionIDBits | (actionID & actionIDMask)
    }

    /// The day and slot of a key: the rows a walk reads together and sorts.
    static func run(ofKey key: Int64) -> Int64 {
        key >> actionIDBits
    }

    /// Where an action sorts within its day. FPDS signs dates at midnight, so the actions of a day
    /// order by their ordering key, whose top 7 bits (as unsigned, so that they order as the
    /// signed key does) give slots 1–128. A signed date that is not the day's midnight as stored
    /// (`YYYY-MM-DDT00:00:00`) sorts before it (slot 0: a date alone) or after it (255: a time of
    /// day, or a date ``day(_:)`` clamped), so that every key order agrees with the listing's.
    static func slot(signedDate: String, orderingKey: Int64) -> Int64 {
        let midnight = midnight(ofDay: day(signedDate))
        if signedDate.utf8.elementsEqual(midnight) {
            return 1 + Int64(bitPattern: (UInt64(bitPattern: orderingKey) ^ (1 << 63)) >> 57)
        }
        return signedDate.utf8.lexicographicallyPrecedes(midnight) ? 0 : 255
    }

    /// `YYYY-MM-DDT00:00:00` for a number ``day(_:)`` gives.
    private static func midnight(ofDay day: Int64) -> [UInt8] {
        func digits(_ value: Int64, _ count: Int) -> [UInt8] {
            var value = value
            var digits = [UInt8](repeating: 48, count: count)
            for index in digits.indices.reversed() {
                digits[index] = 48 + UInt8(value % 10)
                value /= 10
            }
            return digits
        }
        return digits(day >> 9, 4) + [45] + digits(day >> 5 & 15, 2) + [45] + digits(day & 31, 2)
            + Array("T00:00:00".utf8)
    }

    /// A number for the day of a stored signed date that never decreases as the text increases:
    /// `year × 512 + month × 32 + day`; 0 for an undated action, which sorts before every date.
    static func day(_ signedDate: String) -> Int64 {
        let bytes = Array(signedDate.utf8.prefix(10))
        func number(_ range: Range<Int>, atMost limit: Int64) -> Int64 {
            var value: Int64 = 0
            for index in range where index < bytes.count {
                let digit = Int64(bytes[index]) - 48
                // Stored dates are `YYYY-MM-DD…`; anything else counts as zero, never more.
                guard (0...9).contains(digit) else { return 0 }
                value = value * 10 + digit
            }
            return min(value, limit)
        }
        return number(0..<4, atMost: 9999) * 512 + number(5..<7, atMost: 15) * 32 + number(8..<10, atMost: 31)
    }

    /// The key of migrations 018 to 034 (day, then the action's id in the low 40 bits), which
    /// those migrations read and write and migration 035 replaces.
    static func keyBefore035(signedDate: String, actionID: Int64) -> Int64 {
        day(signedDate) << 40 | (actionID & maskBefore035)
    }

    /// The action-id mask of ``keyBefore035(signedDate:actionID:)``.
    static let maskBefore035: Int64 = (1 << 40) - 1
}
