package import ContractWatchCore

/// What a store reads by event type, for tests that compare a store before and after a change to
/// how it keeps events (the upgrade tests of both engines).
package enum StoreReadings {
    /// For each event type, the ids of its events, and the keys of the actions a search by it
    /// finds with the search's event-type facet, one line per type.
    package static func byEventType(in store: any RecordStore) async throws -> [String] {
        var found: [String] = []
        for type in EventType.allCases {
            var events = EventQuery()
            events.types = [type]
            var search = SearchQuery()
            search.eventType = type
            let page = try await store.search(search)
            found.append(
                "\(type): \(try await store.events(events).map(\.id)) \(page.actions.map(\.action.key))"
                    + " \(page.facets["eventType"] ?? [])")
        }
        return found
    }
}
