/// The facet counts of a search: how the newest ``SearchPage/facetWindow`` matches divide by
/// contracting agency, by year signed and by event type. The store reads the window; how it is
/// counted and ranked is decided here, once for every engine.
package struct SearchFacets: Sendable {
    /// One action of the window.
    package struct Row: Sendable {
        package var signedDate: String
        package var agency: String?
        package var eventTypes: [String]

        package init(signedDate: String, agency: String?, eventTypes: [String]) {
            self.signedDate = signedDate
            self.agency = agency
            self.eventTypes = eventTypes
        }
    }

    private var agencies: [String: Int] = [:]
    private var years: [String: Int] = [:]
    private var types: [String: Int] = [:]

    /// Counts `window`.
    /// - Parameter window: The matches counted.
    package init(_ window: [Row]) {
        for row in window {
            if let agency = row.agency, !agency.isEmpty { agencies[agency, default: 0] += 1 }
            if row.signedDate.count >= 4 { years[String(row.signedDate.prefix(4)), default: 0] += 1 }
            for type in row.eventTypes { types[type, default: 0] += 1 }
        }
    }

    /// The 20 agencies shown, most matches first (ties by code), whose names the store looks up.
    package var shownAgencies: [String] { Array(Self.ranked(agencies).prefix(20).map(\.0)) }

    /// The facets as ``SearchPage/facets`` holds them: `agency` (top 20, named), `year` (newest
    /// 30) and `eventType` (all), each most matches first and ties in order of value.
    /// - Parameter agencyNames: The names of ``shownAgencies``, where known.
    /// - Returns: The counts by facet.
    package func counts(agencyNames: [String: String]) -> [String: [FacetCount]] {
        [
            "agency": Self.ranked(agencies).prefix(20).map {
                FacetCount(value: $0.0, label: agencyNames[$0.0], count: $0.1)
            },
            "year": years.sorted { $0.key > $1.key }.prefix(30).map {
                FacetCount(value: $0.key, label: nil, count: $0.value)
            },
            "eventType": Self.ranked(types).map { FacetCount(value: $0.0, label: nil, count: $0.1) },
        ]
    }

    private static func ranked(_ counts: [String: Int]) -> [(String, Int)] {
        counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { ($0.key, $0.value) }
    }
}
