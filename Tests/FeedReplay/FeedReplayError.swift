/// What went wrong while loading replay data, starting the server, or reading a request's query.
///
/// Loading errors are thrown; query errors become the text of a 400 response, so their messages are
/// written for the engineer reading a failed test's request log.
package enum FeedReplayError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A page file could not be read as an FPDS ATOM feed page.
    case unreadablePage(file: String, reason: String)
    /// A recorded-query directory holds no `page-*-start-<start>.xml` file.
    case noRecordedPages(directory: String)
    /// A JSON file has no top-level `awardSummary` array, or it is not valid JSON.
    case unreadableAwardFile(file: String, reason: String)
    /// The server stopped before it reported its port.
    case serverDidNotStart
    /// A `q` term is not `FIELD:value`.
    case malformedQueryTerm(String)
    /// A `q` field the simulated feed does not implement.
    case unsupportedQueryField(String)
    /// A `LAST_MOD_DATE` value that is not `[YYYY/MM/DD,YYYY/MM/DD]` (either side may be empty).
    case malformedDateRange(String)
    /// A `CONTRACT_TYPE` other than `AWARD` or `IDV`.
    case unsupportedContractType(String)

    /// A full-sentence message naming the file, term or value at fault.
    package var description: String {
        switch self {
        case .unreadablePage(let file, let reason):
            "The page \(file) could not be read as an FPDS ATOM feed page: \(reason)."
        case .noRecordedPages(let directory):
            "The directory \(directory) holds no page-*-start-<start>.xml file."
        case .unreadableAwardFile(let file, let reason):
            "The file \(file) could not be read as a SAM.gov Contract Awards response: \(reason)."
        case .serverDidNotStart:
            "The replay server stopped before it reported the port it listens on."
        case .malformedQueryTerm(let term):
            "FeedReplay cannot read the query term '\(term)'; terms are FIELD:\"value\" or FIELD:[from,to]."
        case .unsupportedQueryField(let field):
            "FeedReplay does not simulate the query field \(field); it simulates LAST_MOD_DATE, PIID, AGENCY_CODE, "
                + "CONTRACT_TYPE and *:*."
        case .malformedDateRange(let value):
            "FeedReplay cannot read the LAST_MOD_DATE range '\(value)'; write [YYYY/MM/DD,YYYY/MM/DD]."
        case .unsupportedContractType(let value):
            "FeedReplay does not simulate CONTRACT_TYPE '\(value)'; it simulates \"AWARD\" and \"IDV\"."
        }
    }
}
