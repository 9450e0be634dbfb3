/// The rowids of the SQLite full-text index (`action_search`): an action's row is keyed by the
/// day it was signed, then by its id, so that walking the index by rowid walks the matches in
/// date order, and a search can stop once its page is full instead of sorting every match.
///
/// The day is in the high bits and the action's id in the low ``actionIDBits``: a key names its
/// action (``actionID(of:)``), and keys of different days order as their signed dates do. Within
/// one day keys follow ids, not the listing's tie order, so a walk reads the whole last day it
/// reaches and sorts that day itself (``SQLiteStore/walkFullText``).
enum FullTextKey {
    /// Bits of the key that hold the action's id: a trillion actions.
    static let actionIDBits: Int64 = 40
    /// The mask of ``actionIDBits``, for SQL: `rowid & mask` is the action's id.
    static let actionIDMask: Int64 = (1 << actionIDBits) - 1

    /// The key of an action's row.
    /// - Parameters:
    ///   - signedDate: The action's `signed_date` as stored (`2025-08-30T00:00:00`, or empty).
    ///   - actionID: The action's id.
    /// - Returns: The rowid of the action's row in `action_search`.
    static func key(signedDate: String, actionID: Int64) -> Int64 {
        day(signedDate) << actionIDBits | (actionID & actionIDMask)
    }

    /// The day part of a key.
    static func day(ofKey key: Int64) -> Int64 {
        key >> actionIDBits
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
}
