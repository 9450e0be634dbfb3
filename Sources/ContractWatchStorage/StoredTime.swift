import ContractWatchCore
import FPDS

/// How the stores keep the times they hold most of, the same on both engines: as integer seconds,
/// a few bytes where the text took twenty, in the row and in each index that holds them. Events
/// keep their date and detection time so (SQLite migration 032, PostgreSQL 018), and versions
/// the times they were first and last seen (034, 020).
///
/// An event's `date` is FPDS's date and time, which names no zone: it is kept as the seconds
/// after 1970-01-01T00:00:00 it would be if read as UTC, an encoding only, which orders as the
/// dates do and reads back the same. The others are instants, kept as seconds since the epoch.
enum StoredTime {
    /// `date` as `events.date` keeps it.
    static func stored(_ date: FPDSDateTime) -> Int64 { Int64(Timestamp(utc: date).secondsSince1970) }

    /// `time` as `events.detected_at` and a version's `first_seen` and `last_seen` keep it.
    static func stored(_ time: Timestamp) -> Int64 { Int64(time.secondsSince1970) }

    /// The date `events.date` keeps as `seconds`.
    static func date(stored seconds: Int64) -> FPDSDateTime { Timestamp.utc(secondsSince1970: Int(seconds)) }

    /// The instant kept as `seconds`, as its ``Timestamp`` text, which events and versions carry.
    static func instant(stored seconds: Int64) -> String { Timestamp(secondsSince1970: Int(seconds)).description }
}
