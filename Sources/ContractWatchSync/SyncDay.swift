package import Foundation

/// A calendar day, the unit of sync windows: the feeds filter last-modified dates by day.
package struct SyncDay: Sendable, Hashable, Comparable, Strideable, CustomStringConvertible {
    /// Days since 1970-01-01.
    package var ordinal: Int

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar
    }()

    package init(ordinal: Int) { self.ordinal = ordinal }

    /// The day `date` falls on in `timeZone`.
    package init(_ date: Date, in timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current) {
        let offset = TimeInterval(timeZone.secondsFromGMT(for: date))
        ordinal = Int(((date.timeIntervalSince1970 + offset) / 86_400).rounded(.down))
    }

    /// Reads `2026-11-24` (as users write it).
    package init?(_ text: String) { self.init(text, separator: "-", order: [0, 1, 2]) }

    /// Reads `2026/11/24` (as the FPDS feed writes it).
    package init?(fpds text: String) { self.init(text, separator: "/", order: [0, 1, 2]) }

    private init?(_ text: String, separator: Character, order: [Int]) {
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[order[0]]), let month = Int(parts[order[1]]), let day = Int(parts[order[2]]),
            let date = Self.calendar.date(from: DateComponents(year: year, month: month, day: day)),
            Self.calendar.component(.day, from: date) == day, Self.calendar.component(.month, from: date) == month
        else { return nil }
        ordinal = Int(date.timeIntervalSince1970 / 86_400)
    }

    private var components: (year: Int, month: Int, day: Int) {
        let date = Date(timeIntervalSince1970: TimeInterval(ordinal) * 86_400)
        let parts = Self.calendar.dateComponents([.year, .month, .day], from: date)
        return (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    private func format(_ pattern: (Int, Int, Int) -> String) -> String {
        let (year, month, day) = components
        return pattern(year, month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// `2026-11-24`.
    package var description: String { format { "\(Self.pad($0, 4))-\(Self.pad($1, 2))-\(Self.pad($2, 2))" } }
    /// `2026/11/24`, the feed's form.
    package var fpds: String { format { "\(Self.pad($0, 4))/\(Self.pad($1, 2))/\(Self.pad($2, 2))" } }
    /// `11/24/2026`, the SAM.gov API's form.
    package var sam: String { format { "\(Self.pad($1, 2))/\(Self.pad($2, 2))/\(Self.pad($0, 4))" } }

    package static func < (lhs: SyncDay, rhs: SyncDay) -> Bool { lhs.ordinal < rhs.ordinal }
    package func distance(to other: SyncDay) -> Int { other.ordinal - ordinal }
    package func advanced(by days: Int) -> SyncDay { SyncDay(ordinal: ordinal + days) }

    /// Today in U.S. Eastern time, the clock FPDS publishes by.
    package static func today(_ now: Date = Date()) -> SyncDay {
        SyncDay(now, in: TimeZone(identifier: "America/New_York") ?? .current)
    }
}
