import Foundation

/// Numbers written with a fixed count of decimals, exactly as `String(format: "%.1f")` writes
/// them, for what pages, feeds and charts show (coordinates, scores, confidences).
///
/// Written by hand because Foundation's formatting took a tenth of a large contract's page: its
/// chart writes a few hundred coordinates. The value is scaled and rounded to the nearest; only
/// when the scaled value lies within its rounding error of a halfway point (`0.05` to one place),
/// where `printf`'s rounding of the exact binary value decides, is `printf` asked.
package enum FixedPoint {
    /// `value` with `places` decimals (0–6): `-0.5`, `12.0`, `0.85`.
    package static func text(_ value: Double, places: Int) -> String {
        let places = min(max(places, 0), 6)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = value.magnitude * scale
        // Beyond 2^53 a Double holds no fractional digits, and an Int64 may not hold the value.
        guard value.isFinite, scaled < 9_007_199_254_740_992,
            abs(scaled - scaled.rounded(.down) - 0.5) > 2 * scaled.ulp
        else { return String(format: "%.\(places)f", value) }
        var digits = String(Int64(scaled.rounded()))
        if places > 0 {
            if digits.count <= places { digits = String(repeating: "0", count: places + 1 - digits.count) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
        }
        // `printf` keeps the sign of a negative value that rounds to zero: `-0.0`.
        return value.sign == .minus ? "-" + digits : digits
    }
}
