package import FPDS
package import Foundation

/// Where FPDS's zone-less timestamps sit on the real timeline.
///
/// FPDS writes times without a zone (`2025-08-30 09:14:02`). ``FPDSDateTime`` keeps them as
/// published; to compare one with a clock (detection latency, or dating a deletion by when it
/// was seen) a zone must be assumed. We assume **U.S. Eastern time** (`America/New_York`, with
/// daylight saving): `lastModifiedDate` is stamped by the FPDS system, not typed by an agency,
/// and FPDS states its schedule in Eastern time (the feed "is updated on a daily basis";
/// pull "any time after 9:00 AM eastern time", `data/reference/FORMAT.md`). No sample carries a
/// zone to confirm it; if FPDS's clock were another zone, latencies would be off by whole hours,
/// which a day-scale measure tolerates.
package enum FPDSClock {
    /// U.S. Eastern time, FPDS's assumed clock (standard time if the zone database is missing).
    package static let timeZone =
        TimeZone(identifier: "America/New_York") ?? TimeZone(secondsFromGMT: -5 * 3600) ?? .current

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()

    /// The instant an FPDS timestamp names, read as Eastern time. In the repeated hour when
    /// daylight saving ends, the earlier instant.
    package static func instant(of time: FPDSDateTime) -> Date? {
        calendar.date(
            from: DateComponents(
                year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute,
                second: time.second))
    }

    /// An instant as FPDS's clock would write it: Eastern wall-clock time.
    package static func dateTime(at instant: Date) -> FPDSDateTime {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        return FPDSDateTime(
            year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1, hour: parts.hour ?? 0,
            minute: parts.minute ?? 0, second: parts.second ?? 0)
    }

    /// A ContractWatch timestamp, in the text a store keeps (``Timestamp``: `2026-11-25T01:46:00Z`),
    /// as FPDS's clock would write it; nil if the text is not one.
    package static func dateTime(atTimestamp timestamp: String) -> FPDSDateTime? {
        Timestamp(timestamp).map { dateTime(at: $0.date) }
    }

    /// Seconds from when FPDS last modified a record to when ContractWatch detected an event of it.
    ///
    /// Never negative: FPDS's clock and ours may disagree by a little, and an event cannot be
    /// detected before its record changed.
    /// - Parameters:
    ///   - lastModified: The record's `lastModifiedDate`, FPDS's clock.
    ///   - detectedAt: The event's `detectedAt`.
    /// - Returns: Nil when `lastModified` is not a time on FPDS's clock.
    package static func detectionLatency(lastModified: FPDSDateTime, detectedAt: Timestamp) -> Int? {
        guard let modified = instant(of: lastModified) else { return nil }
        return max(0, Int(detectedAt.date.timeIntervalSince(modified).rounded()))
    }
}
