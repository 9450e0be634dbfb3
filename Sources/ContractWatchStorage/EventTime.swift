import ContractWatchCore
import FPDS

/// How `events` keeps its two times, the same on both engines: as integer seconds, a few bytes
/// where the text took twenty, in the row and in each index that holds them (SQLite migration
/// 032, PostgreSQL 018).
///
/// An event's `date` is FPDS's date and time, which names no zone: it is kept as the seconds
/// after 1970-01-01T00:00:00 it would be if read as UTC, an encoding only, which orders as the
/// dates do and reads back the same. `detected_at` is an instant, kept as seconds since the epoch.
enum EventTime {
    /// `date` as `events.date` keeps it.
    static func stored(_ date: FPDSDateTime) -> Int64 { Int64(Timestamp(utc: date).secondsSince1970) }

    /// `time` as `events.detected_at` keeps it.
    static func stored(_ time: Timestamp) -> Int64 { Int64(time.secondsSince1970) }

    /// The date `events.date` keeps as `seconds`.
    static func date(stored seconds: Int64) -> FPDSDateTime { Timestamp.utc(secondsSince1970: Int(seconds)) }

    /// The detection time `events.detected_at` keeps as `seconds`, as events carry it.
    static func detectedAt(stored seconds: Int64) -> String { Timestamp(secondsSince1970: Int(seconds)).description }
}
