import FPDS
import Testing

/// Day arithmetic on published dates: a day number and its date are each other's inverse.
@Suite struct FPDSDateTimeTests {
    @Test(arguments: [
        (FPDSDateTime(year: 1970, month: 1, day: 1), 0),
        (FPDSDateTime(year: 1969, month: 12, day: 31), -1),
        (FPDSDateTime(year: 2000, month: 2, day: 29), 11_016),
        (FPDSDateTime(year: 2026, month: 11, day: 25), 20_782),
        (FPDSDateTime(year: 2100, month: 3, day: 1), 47_541),
    ])
    func dayNumberAndDateAreInverse(_ date: FPDSDateTime, _ dayNumber: Int) {
        #expect(date.dayNumber == dayNumber)
        #expect(FPDSDateTime(dayNumber: dayNumber) == date)
    }

    @Test func everyDayOfFourCenturiesRoundTrips() {
        // One whole 400-year cycle of the Gregorian calendar, leap days and century years included.
        let start = FPDSDateTime(year: 1900, month: 1, day: 1).dayNumber
        for day in start..<(start + 146_097) {
            let date = FPDSDateTime(dayNumber: day, hour: 23, minute: 59, second: 58)
            #expect(date.dayNumber == day)
            #expect(FPDSDateTime(fpds: date.dateString)?.dayNumber == day)
        }
    }

    @Test(arguments: [
        (FPDSDateTime(year: 2025, month: 8, day: 30, hour: 9, minute: 5, second: 7), "2025-08-30T09:05:07"),
        (FPDSDateTime(year: 987, month: 1, day: 2), "0987-01-02T00:00:00"),
        (FPDSDateTime(year: 0, month: 12, day: 31, hour: 23, minute: 59, second: 59), "0000-12-31T23:59:59"),
        // Out of the fixed widths (a year a day number can reach): written, not cut.
        (FPDSDateTime(year: 12_025, month: 8, day: 30), "12025-08-30T00:00:00"),
    ])
    func datesAreWrittenWithFixedWidthFields(_ date: FPDSDateTime, _ text: String) {
        #expect(date.description == text)
        #expect(date.dateString == String(text.prefix(while: { $0 != "T" })))
    }
}
