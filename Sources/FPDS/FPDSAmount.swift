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
    package var decimal: Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? 0 }

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
