/// One request the replay server answered, as its request log keeps it.
///
/// The log holds every request, whatever its path or outcome, once its response has been handed to
/// the connection; a request still waiting out a delay is not in it yet.
package struct ReplayRequest: Sendable, Hashable {
    /// A decoded query parameter or a request header.
    package struct Field: Sendable, Hashable {
        /// The parameter or header name (header names are lower-case, as HTTP/1.1 allows).
        package var name: String
        /// The decoded value.
        package var value: String

        /// A field from its name and value.
        package init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The order in which the request arrived, from 1.
    package var number: Int
    /// The HTTP method, e.g. `GET`.
    package var method: String
    /// The path without the query, e.g. `/ezsearch/FEEDS/ATOM`.
    package var path: String
    /// The query parameters, decoded (`+` and `%XX`), in the order sent.
    package var parameters: [Field]
    /// The request headers, in the order sent.
    package var headers: [Field]
    /// The status code sent; 200 for truncated bodies and dropped connections, whose heads say 200.
    package var status: Int
    /// The faults applied to this request, in the order they were injected.
    package var faults: [FeedReplayServer.Fault.Action]

    /// The first value of the query parameter `name` (case-sensitive, as both APIs are).
    package subscript(parameter name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// The `start` of an ATOM feed request (0 when absent); nil for other paths or a non-number.
    package var start: Int? {
        guard path == FeedReplayServer.feedPath else { return nil }
        return self[parameter: "start"].map { Int($0) } ?? 0
    }

    /// The `offset` page index of a SAM.gov request (0 when absent); nil for other paths or a non-number.
    package var offset: Int? {
        guard path == FeedReplayServer.samPath else { return nil }
        return self[parameter: "offset"].map { Int($0) } ?? 0
    }
}
