import ContractWatchCore
import FPDS
import Foundation
import Testing

/// ContractWatch's own times: the text stores keep, read back, and in the order of the instants.
@Suite struct TimestampTests {
    /// What the stores held before ``Timestamp``: `Date.ISO8601FormatStyle` in UTC.
    private static let formatStyle = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .current)

    @Test func textIsWhatISO8601FormatStyleWrites() {
        // Stored rows and exports stay byte for byte as they were: every instant from 1970 to
        // beyond 2200, a little over a day and a fraction of a second apart, fractions dropped
        // toward the past as the formatter drops them.
        var seconds = -86_400.25
        while seconds < 7_400_000_000 {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamp(date).description == date.formatted(Self.formatStyle))
            seconds += 86_400 * 1.618 + 3_599.75
        }
        #expect(Timestamp(Date(timeIntervalSince1970: 0.999)).description == "1970-01-01T00:00:00Z")
        #expect(Timestamp(Date(timeIntervalSince1970: -0.5)).description == "1969-12-31T23:59:59Z")
        #expect(Timestamp(Date(timeIntervalSince1970: 1_795_571_160.9)).description == "2026-11-25T01:46:00Z")
    }

    @Test func readsStoredTextBack() throws {
        let stored = try #require(Timestamp("2026-11-25T01:46:00Z"))
        #expect(stored.description == "2026-11-25T01:46:00Z")
        #expect(stored.secondsSince1970 == 1_795_571_160)
        #expect(stored == Timestamp(stored.date))
        #expect(Timestamp("2024-02-29T23:59:59Z")?.description == "2024-02-29T23:59:59Z")
    }

    @Test func bareDateIsItsMidnight() throws {
        let day = try #require(Timestamp("2026-01-01"))
        #expect(day.description == "2026-01-01T00:00:00Z")
        #expect(day == Timestamp(utc: FPDSDateTime(year: 2026, month: 1, day: 1)))
    }

    @Test(arguments: [
        "", "yesterday", "2026-02-29", "2026-13-01", "2026-11-25T24:00:00Z", "2026-11-25T01:60:00Z",
        "2026-11-25T01:46:00", "2026-11-25 01:46:00Z", "2026-11-25T01:46:00+01:00", "2026-11-25T01:46:00.5Z",
        "2026-11-25T01:46:00z", "26-11-25",
    ])
    func rejectsOtherText(_ text: String) {
        #expect(Timestamp(text) == nil)
    }

    @Test func ordersByInstantAsItsTextSorts() throws {
        let texts = [
            "2026-11-25T01:46:00Z", "2026-11-25", "1999-12-31T23:59:59Z", "2026-11-24T23:59:59Z", "2100-01-01",
        ]
        let times = try texts.map { try #require(Timestamp($0)) }
        #expect(times.sorted().map(\.secondsSince1970) == times.map(\.secondsSince1970).sorted())
        #expect(times.sorted().map(\.description) == times.map(\.description).sorted())
        #expect(try #require(Timestamp("2026-11-25")) < #require(Timestamp("2026-11-25T00:00:01Z")))
    }
}
