import ContractWatchServer
import Foundation
import TestSupport
import Testing

/// `FixedPoint.text`, which writes the charts' coordinates and the scores and confidences pages and
/// feeds show, writes what `printf` writes, halfway points included.
@Suite(.timeLimit(.minutes(1)))
struct FixedPointTests {
    /// Values whose rounding is decided by the exact binary value (`0.05` lies above the halfway
    /// point, `0.25` on it), signs, zeros, and values too large for fractional digits.
    static let edges: [Double] = [
        0, -0.0, 0.05, 0.15, 0.25, 0.35, 0.45, 0.005, 0.015, 0.125, 0.375, 2.5, 3.5, -0.04, -0.05, -2.5, 0.85, 0.95,
        0.999, 9.95, 99.95, 1e15, 1e17, -1e17, 4_503_599_627_370_495.5, .nan, .infinity, -.infinity,
        .leastNonzeroMagnitude, .greatestFiniteMagnitude,
    ]

    /// Amounts on pages and charts: whole dollars or cents, rounded half away from zero, grouped.
    @Test func moneyIsTheExactAmountRoundedAndGrouped() throws {
        for (text, cents, expected) in [
            ("2000000", false, "$2,000,000"), ("-91918.24", true, "-$91,918.24"), ("0.5", true, "$0.50"),
            ("1234.565", true, "$1,234.57"), ("999.5", false, "$1,000"), ("0", false, "$0"), ("123", true, "$123.00"),
            ("-1234567.4", false, "-$1,234,567"), ("435983899.71", true, "$435,983,899.71"), ("100", false, "$100"),
            ("-0.004", true, "$0.00"), ("-0.005", true, "-$0.01"), ("0.125", true, "$0.13"),
            // Beyond what a Double holds to the cent: written from the Decimal's own digits.
            ("123456789012345678.91", true, "$123,456,789,012,345,678.91"),
            ("-98765432109876543210.5", false, "-$98,765,432,109,876,543,211"),
        ] {
            let amount = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
            #expect(TimelineChart.money(amount, cents: cents) == expected, "\(text)")
        }
    }

    @Test(arguments: 0...3)
    func writesWhatPrintfWritesAtEdges(places: Int) {
        for value in Self.edges {
            #expect(FixedPoint.text(value, places: places) == String(format: "%.\(places)f", value), "\(value)")
        }
    }

    /// Chart coordinates (0–720 in tenths of a unit and finer) and scores (0–1), at random.
    @Test(arguments: [(1, 1_000.0), (2, 1.0), (2, 1e6)])
    func writesWhatPrintfWritesAtRandom(places: Int, range: Double) {
        var random = SeededGenerator(seed: SeededGenerator.seed(for: "FixedPoint \(places) \(range)"))
        for _ in 0..<20_000 {
            let value = Double.random(in: -range...range, using: &random)
            // Values with few binary digits land on halfway points, as a computed chart's do.
            let rounded = (value * 64).rounded() / 64
            for value in [value, rounded] {
                #expect(FixedPoint.text(value, places: places) == String(format: "%.\(places)f", value), "\(value)")
            }
        }
    }
}
