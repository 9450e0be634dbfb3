/// A date and time as FPDS publishes it: `YYYY-MM-DD HH:MM:SS`, with no time zone.
///
/// FPDS timestamps are agency-local wall-clock times, so this type keeps the components as
/// published instead of guessing a zone. It orders chronologically and prints as ISO 8601
/// (`2024-09-27T00:00:00`).
package struct FPDSDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var year: Int
    package var month: Int
    package var day: Int
    package var hour: Int
    package var minute: Int
    package var second: Int

    /// A date and time from its components, unchecked (``init(fpds:)`` validates text).
    package init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DDTHH:MM:SS`; nil if malformed or
    /// not a real calendar date.
    ///
    /// Archive files append fractional seconds (`2017-12-18 12:56:39.0`); FPDS records whole
    /// seconds, so a fraction is accepted and dropped.
    package init?(fpds text: some StringProtocol) {
        var bytes = Array(text.utf8)
        if bytes.count > 20, bytes[19] == UInt8(ascii: "."),
            bytes[20...].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        {
            bytes.removeSubrange(19...)
        }
        guard bytes.count == 10 || bytes.count == 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        if bytes.count == 19 {
            guard bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
                bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
                let parsedHour = number(11..<13), let parsedMinute = number(14..<16),
                let parsedSecond = number(17..<19),
                parsedHour < 24, parsedMinute < 60, parsedSecond < 60
            else { return nil }
            (hour, minute, second) = (parsedHour, parsedMinute, parsedSecond)
        }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// ISO 8601 without a zone: `2024-09-27T00:00:00`.
    package var description: String {
        guard let text = Self.fixedWidth(self, withTime: true) else {
            return "\(dateString)T\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))"
        }
        return text
    }

    /// The calendar date alone: `2024-09-27`.
    package var dateString: String {
        guard let text = Self.fixedWidth(self, withTime: false) else {
            return "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
        }
        return text
    }

    /// ``description`` or ``dateString`` written digit by digit into one buffer, for years
    /// 0–9999 and fields in range; nil otherwise. Stores and pages write dates by the thousand
    /// (every event of a long contract), where interpolating padded strings showed in profiles.
    private static func fixedWidth(_ time: FPDSDateTime, withTime: Bool) -> String? {
        let twoDigits = 0...99
        guard (0...9999).contains(time.year), twoDigits.contains(time.month), twoDigits.contains(time.day),
            twoDigits.contains(time.hour), twoDigits.contains(time.minute), twoDigits.contains(time.second)
        else { return nil }
        return String(unsafeUninitializedCapacity: withTime ? 19 : 10) { buffer in
            var at = 0
            func put(_ value: Int, _ width: Int, then separator: UInt8?) {
                var divisor = width == 4 ? 1000 : 10
                while divisor > 0 {
                    buffer[at] = UInt8(48 + value / divisor % 10)
                    at += 1
                    divisor /= 10
                }
                if let separator {
                    buffer[at] = separator
                    at += 1
                }
            }
            put(time.year, 4, then: UInt8(ascii: "-"))
            put(time.month, 2, then: UInt8(ascii: "-"))
            put(time.day, 2, then: withTime ? UInt8(ascii: "T") : nil)
            if withTime {
                put(time.hour, 2, then: UInt8(ascii: ":"))
                put(time.minute, 2, then: UInt8(ascii: ":"))
                put(time.second, 2, then: nil)
            }
            return at
        }
    }

    /// Days since 1970-01-01 of the calendar date (proleptic Gregorian), for date arithmetic.
    package var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01 (proleptic Gregorian), the inverse of
    /// ``dayNumber``, at a time of day, unchecked.
    package init(dayNumber: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        // Howard Hinnant's civil_from_days.
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.init(
            year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month,
            day: dayOfYear - (153 * shiftedMonth + 2) / 5 + 1, hour: hour, minute: minute, second: second)
    }

    package static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second)
            < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
