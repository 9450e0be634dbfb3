import ContractWatchCore
import FPDS
package import Foundation

/// A contract's timeline as an inline SVG: cumulative obligations over time as a step line, with
/// bands for the states (suspended periods shaded, terminated or cancelled from the date on, closed
/// greyed) and a marker at each termination or cancellation.
///
/// Accessible without the picture: the SVG is `role="img"` with a title and a description that
/// says the same in words; every point has a tooltip with its modification, date and amount.
package struct TimelineChart {
    let timeline: ContractTimeline

    static let width = 720.0
    static let height = 260.0
    private static let left = 78.0
    private static let right = 16.0
    private static let top = 16.0
    private static let bottom = 34.0

    var svg: String {
        let points = timeline.points.filter { $0.date != nil }
        guard let first = points.first?.date else {
            return "<p class=\"note\">No dated modifications to chart.</p>"
        }
        let start = first.dayNumber
        var end = points.compactMap(\.date).map(\.dayNumber).max() ?? start
        for period in timeline.periods {
            if let to = period.to { end = max(end, to.dayNumber) }
        }
        // An open suspension runs to today: that is what the reader needs to see.
        if timeline.state == .suspended { end = max(end, timeline.asOf.dayNumber) }
        end = max(end, start + 30)
        let span = Double(end - start)
        let maximum = max(1, points.map { NSDecimalNumber(decimal: $0.cumulativeObligated).doubleValue }.max() ?? 1)
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        func x(_ date: FPDSDateTime?) -> Double {
            guard let date else { return Self.left + plotWidth }
            return Self.left + Double(date.dayNumber - start) / span * plotWidth
        }
        func y(_ amount: Decimal) -> Double {
            Self.top + plotHeight - NSDecimalNumber(decimal: amount).doubleValue / maximum * plotHeight
        }
        let title = "Cumulative obligations of \(HTML.escape(points[0].action.piid))"
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="timeline-chart" role="img" \
            aria-labelledby="chart-title chart-desc" viewBox="0 0 \(Self.width) \(Self.height)" \
            width="\(Int(Self.width))" height="\(Int(Self.height))">
            <title id="chart-title">\(title)</title>
            <desc id="chart-desc">\(HTML.escape(timeline.narrative)); \(points.count) dated modifications, \
            cumulative obligations \(Self.money(points.last?.cumulativeObligated ?? 0)).</desc>

            """
        // State bands, under the line.
        for period in timeline.periods where period.state != .active {
            let from = x(period.from)
            let to = period.to.map { x($0) } ?? (Self.left + plotWidth)
            let label =
                "\(period.state.rawValue)\(period.isPartial ? " (partial)" : "") from "
                + "\(period.from?.dateString ?? "?") to \(period.to?.dateString ?? "now")"
            svg += """
                <rect class="band band-\(period.state.rawValue)" x="\(Self.f(from))" y="\(Self.f(Self.top))" \
                width="\(Self.f(max(2, to - from)))" height="\(Self.f(plotHeight))"><title>\(HTML.escape(label))</title></rect>

                """
            if period.state == .terminated || period.state == .cancelled {
                svg += """
                    <line class="marker" x1="\(Self.f(from))" x2="\(Self.f(from))" y1="\(Self.f(Self.top))" \
                    y2="\(Self.f(Self.top + plotHeight))"/>

                    """
            }
        }
        // Axes and labels.
        let baseline = Self.top + plotHeight
        svg += """
            <line class="axis" x1="\(Self.f(Self.left))" x2="\(Self.f(Self.left + plotWidth))" y1="\(Self.f(baseline))" \
            y2="\(Self.f(baseline))"/>
            <line class="axis" x1="\(Self.f(Self.left))" x2="\(Self.f(Self.left))" y1="\(Self.f(Self.top))" \
            y2="\(Self.f(baseline))"/>
            <text class="label" x="\(Self.f(Self.left - 6))" y="\(Self.f(Self.top + 10))" text-anchor="end">\
            \(HTML.escape(Self.money(Decimal(maximum))))</text>
            <text class="label" x="\(Self.f(Self.left - 6))" y="\(Self.f(baseline))" text-anchor="end">$0</text>
            <text class="label" x="\(Self.f(Self.left))" y="\(Self.f(baseline + 18))">\(first.dateString)</text>
            <text class="label" x="\(Self.f(Self.left + plotWidth))" y="\(Self.f(baseline + 18))" text-anchor="end">\
            \(FPDSDateTime(dayNumber: end).dateString)</text>

            """
        // Each point's place, written once for the line and its marker: a long contract has
        // thousands.
        let places = points.map { (x: Self.f(x($0.date)), y: Self.f(y($0.cumulativeObligated))) }
        // The step line: flat until the next modification, then up (or down) to its total.
        var path = "M \(places[0].x) \(Self.f(baseline))"
        for place in places {
            path += " H \(place.x) V \(place.y)"
        }
        path += " H \(Self.f(Self.left + plotWidth))"
        svg += "<path class=\"obligations\" d=\"\(path)\"/>\n"
        for (point, place) in zip(points, places) {
            let tip =
                "mod \(point.action.modNumber), \(point.date?.dateString ?? "?"): "
                + "\(Self.money(point.obligated)) obligated, \(Self.money(point.cumulativeObligated)) in total"
            svg += """
                <circle class="point" cx="\(place.x)" cy="\(place.y)" r="3.5"><title>\(HTML.escape(tip))</title></circle>

                """
        }
        return svg + "</svg>"
    }

    /// `$2,000,000` (or `$1,234.56` with cents), from the amount's exact digits; written by hand
    /// because a formatter per call dominated page rendering and one shared is not thread-safe,
    /// and over bytes because a chart of a long contract formats two amounts per modification.
    package static func money(_ amount: Decimal, cents: Bool = false) -> String {
        var rounded = amount
        var value = Decimal()
        NSDecimalRound(&value, &rounded, cents ? 2 : 0, .plain)
        // The rounded amount in whole cents, through a Double and checked against the Decimal, so
        // exact: writing the Decimal out as text cost five times the rest of the chart per point.
        let hundredths = (NSDecimalNumber(decimal: value).doubleValue * 100).rounded()
        if abs(hundredths) < 1e17, let whole = Int64(exactly: hundredths), Decimal(whole) == value * 100 {
            return money(hundredths: whole, cents: cents)
        }
        return money(digits: Array("\(value)".utf8), cents: cents)
    }

    /// `hundredths` cents as ``money(_:cents:)`` writes them (whole dollars when `cents` is false:
    /// the amount is already rounded to them).
    private static func money(hundredths: Int64, cents: Bool) -> String {
        let magnitude = hundredths.magnitude
        var digits = Array(String(magnitude / 100).utf8)
        if cents {
            let fraction = magnitude % 100
            digits += [UInt8(ascii: "."), UInt8(48 + fraction / 10), UInt8(48 + fraction % 10)]
        }
        return money(digits: (hundredths < 0 ? [UInt8(ascii: "-")] : []) + digits, cents: cents)
    }

    /// An amount written as `digits` (`-1234.5`), grouped and with a dollar sign.
    private static func money(digits text: [UInt8], cents: Bool) -> String {
        let negative = text.first == UInt8(ascii: "-")
        let digits = text.dropFirst(negative ? 1 : 0)
        let point = digits.firstIndex(of: UInt8(ascii: ".")) ?? digits.endIndex
        let whole = digits[..<point].isEmpty ? [UInt8(ascii: "0")][...] : digits[..<point]
        var result = Array((negative ? "-$" : "$").utf8)
        for (offset, digit) in whole.enumerated() {
            if offset > 0 && (whole.count - offset) % 3 == 0 { result.append(UInt8(ascii: ",")) }
            result.append(digit)
        }
        if cents {
            let fraction = digits[point...].dropFirst() + Array("00".utf8)
            result += [UInt8(ascii: ".")] + fraction.prefix(2)
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func f(_ value: Double) -> String { FixedPoint.text(value, places: 1) }
}
