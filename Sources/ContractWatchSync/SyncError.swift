/// Why a sync could not do what it was asked; every case is a full sentence for the user.
package enum SyncError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The query cannot be sent: an unknown field, a value of the wrong shape.
    case badQuery(String)
    /// The source answered, but not with what a page must be, after every retry.
    case badPage(url: String, problem: String)
    /// The source could not be reached or kept failing, after every retry.
    case unavailable(url: String, problem: String)
    /// The source refused the request for a reason retrying cannot fix (a 4xx).
    case refused(url: String, status: Int, message: String)
    /// A window holds more records than the source lets a client page through, and cannot be split.
    case tooManyRecords(window: String, total: Int, cap: Int)
    /// Configuration is missing or wrong (no API key).
    case configuration(String)

    package var description: String {
        switch self {
        case .badQuery(let problem): "The query cannot be used: \(problem)."
        case .badPage(let url, let problem): "\(url) did not return a readable page: \(problem)."
        case .unavailable(let url, let problem): "\(url) could not be fetched: \(problem)."
        case .refused(let url, let status, let message):
            "\(url) refused the request (HTTP \(status))\(message.isEmpty ? "" : ": \(message)")."
        case .tooManyRecords(let window, let total, let cap):
            "\(window) holds \(total) records, more than the \(cap) the source lets a client page through, "
                + "even for a single day; narrow the query."
        case .configuration(let problem): problem
        }
    }
}
