package import Foundation

/// A dollar amount exactly as FPDS publishes it (`-91918.24`, `0`, `435983899.71`).
///
/// The published digits are kept, so exports reproduce the source byte for byte; arithmetic goes
/// through ``decimal``, never through floating point.
package struct FPDSAmount: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The published text: an optional sign, digits, and optional decimals.
    package let text: String

    /// Validates `text` as a plain decimal number; nil for anything else (`1,000`, `$5`, `1e3`).
    package init?(_ text: String) {
        guard Self.isPlainDecimal(text.utf8) else { return nil }
        self.text = text
    }

    /// Validates `text` as a plain decimal number; nil for anything else (`1,000`, `$5`, `1e3`).
    package init?(_ text: some StringProtocol) {
        self.init(String(text))
    }

    /// An optional sign, digits, and optional decimals, within what `Decimal` holds exactly.
    /// Not generic: the stores read amounts by the million, and a generic walk over another
    /// module's string type is not specialised.
    private static func isPlainDecimal(_ bytes: String.UTF8View) -> Bool {
        var digits = 0
        var sawPoint = false
        var decimals = 0
        var isFirst = true
        for byte in bytes {
            defer { isFirst = false }
            switch byte {
            case UInt8(ascii: "-") where isFirst, UInt8(ascii: "+") where isFirst:
                continue
            case UInt8(ascii: "."):
                guard !sawPoint else { return false }
                sawPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if sawPoint { decimals += 1 } else { digits += 1 }
            default:
                return false
            }
        }
        // Decimal holds 38 significant digits; FPDS amounts have at most 2 decimals.
        return digits > 0 && (!sawPoint || decimals > 0) && digits + decimals <= 38
    }

    /// The exact value.
    ///
    /// Read from the digits by hand when they fit 64 bits (every FPDS amount does): parsing
    /// with `Decimal(string:locale:)` made a locale each time, and timelines, charts and
    /// comparisons read thousands of amounts a request.
    package var decimal: Decimal {
        var significand: UInt64 = 0
        var decimals = 0
        var sawPoint = false
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                if sawPoint { decimals += 1 }
                significand = significand &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "."):
                sawPoint = true
            default:
                continue  // the sign, read below; init validated everything else
            }
        }
        // 19 digits always fit a UInt64; longer ones go the slow way. A negative zero is zero
        // (a negative Decimal of no digits would be NaN).
        guard digits <= 19 else { return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? 0 }
        guard significand != 0 else { return 0 }
        return Decimal(
            sign: text.utf8.first == UInt8(ascii: "-") ? .minus : .plus, exponent: -decimals,
            significand: Decimal(significand))
    }

    package var description: String { text }

    /// -1, 0 or 1, read from the digits without building a `Decimal`.
    package var signum: Int {
        guard text.utf8.contains(where: { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9") }) else { return 0 }
        return text.hasPrefix("-") ? -1 : 1
    }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.decimal == rhs.decimal }
    package func hash(into hasher: inout Hasher) { hasher.combine(decimal) }
    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.decimal < rhs.decimal }
}
