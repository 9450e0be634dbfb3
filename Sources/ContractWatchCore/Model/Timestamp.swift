package import FPDS
package import Foundation

/// An instant as ContractWatch stamps what it does (a batch seen, an event detected, a match
/// found, an alert created): UTC, to the second, written as ISO 8601: `2026-11-25T01:46:00Z`.
///
/// The stores keep the text, ``description`` (events keep ``secondsSince1970``, which is
/// smaller). Its fields have fixed widths, so for years 0000–9999 the text sorts as the instants
/// do: that is what lets a store compare stored times with `>=` and `<=` in SQL.
package struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    package let secondsSince1970: Int
    /// The text the stores keep and bind: `2026-11-25T01:46:00Z`.
    package let description: String

    /// The second that `date` falls in: a fraction of a second is dropped, toward the past, as
    /// `Date.ISO8601FormatStyle` drops it.
    package init(_ date: Date) {
        self.init(secondsSince1970: Int(date.timeIntervalSince1970.rounded(.down)))
    }

    /// The instant `secondsSince1970` whole seconds after 1970-01-01T00:00:00Z.
    package init(secondsSince1970: Int) {
        self.secondsSince1970 = secondsSince1970
        description = Self.utc(secondsSince1970: secondsSince1970).description + "Z"
    }

    /// The date and time in UTC of the instant `secondsSince1970` seconds after the epoch, the
    /// inverse of ``init(utc:)``, without making a `Timestamp`'s text.
    package static func utc(secondsSince1970: Int) -> FPDSDateTime {
        let days = secondsSince1970 >= 0 ? secondsSince1970 / 86_400 : (secondsSince1970 - 86_399) / 86_400
        let second = secondsSince1970 - days * 86_400
        return FPDSDateTime(dayNumber: days, hour: second / 3600, minute: second / 60 % 60, second: second % 60)
    }

    /// The instant a zone-less date and time names when read as UTC: `2026-01-01` is its
    /// midnight, UTC.
    package init(utc time: FPDSDateTime) {
        self.init(secondsSince1970: time.dayNumber * 86_400 + time.hour * 3600 + time.minute * 60 + time.second)
    }

    /// Reads a timestamp as the stores keep it (`2026-11-25T01:46:00Z`), or a bare date
    /// (`2026-11-25`), which means its midnight, UTC; nil for any other form, and for a date or
    /// time that does not exist.
    /// - Parameter text: The text.
    package init?(_ text: String) {
        let bytes = Array(text.utf8)
        let time: FPDSDateTime?
        switch bytes.count {
        case 10:
            time = FPDSDateTime(fpds: text)
        case 20 where bytes[10] == UInt8(ascii: "T") && bytes[19] == UInt8(ascii: "Z"):
            time = FPDSDateTime(fpds: text.dropLast())
        default:
            time = nil
        }
        guard let time else { return nil }
        self.init(utc: time)
    }

    /// Now, to the second.
    package static var now: Timestamp { Timestamp(Date()) }

    /// The instant as a `Date`.
    package var date: Date { Date(timeIntervalSince1970: TimeInterval(secondsSince1970)) }

    package static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.secondsSince1970 < rhs.secondsSince1970
    }
}
