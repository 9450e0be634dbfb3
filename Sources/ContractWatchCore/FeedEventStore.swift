/// The one read a feed makes: the newest page of events, by detection.
///
/// A feed serves the newest 100 events; reading them by an index, newest first, with a limit keeps
/// a feed request's cost independent of how many events the store holds.
package protocol FeedEventStore: Sendable {
    /// The newest `limit` events that `query` selects, newest detection first (ties by id, descending).
    ///
    /// `query.limit` is ignored; `limit` is the page size.
    /// - Throws: What the store's engine throws.
    func newestEvents(_ query: EventQuery, limit: Int) async throws -> [ProcurementEvent]
}
