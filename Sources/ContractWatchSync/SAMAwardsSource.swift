import ContractAwards
import ContractWatchCore
package import Foundation

/// The SAM.gov Contract Awards API, FPDS's successor:
/// `GET …/contract-awards/v1/search?api_key=…&limit=100&offset=N&lastModifiedDate=[…]`, where
/// `offset` is a page index, at most 100 records a page, and only the first 400,000 records of a
/// query can be paged through (so ``SourceSync`` splits larger windows by days). With
/// `deletedStatus=yes` it returns only records deleted in the last six months: those are stored
/// as deletion versions.
///
/// The API key is a secret: it goes into the request URL only, never into ``endpoint``, logs,
/// errors or the store.
package struct SAMAwardsSource: PagedSource {
    /// The production API's address.
    package static let defaultURL = "https://api.sam.gov/contract-awards/v1/search"

    package var apiURL: String
    package var deleted: Bool
    package var pageSize: Int
    package var resultCap: Int?
    private let apiKey: String

    /// - Parameters:
    ///   - apiURL: The API's address without a query.
    ///   - apiKey: The account's key (`CONTRACTWATCH_SAM_API_KEY` or a key file).
    ///   - deleted: Ask for deleted records only (`deletedStatus=yes`), stored as deletion versions.
    ///   - pageSize: Records a page; the API allows at most 100.
    ///   - resultCap: Records the API lets a client page through for one query.
    package init(
        apiURL: String = SAMAwardsSource.defaultURL, apiKey: String, deleted: Bool = false, pageSize: Int = 100,
        resultCap: Int = 400_000
    ) {
        self.apiURL = apiURL
        self.apiKey = apiKey
        self.deleted = deleted
        self.pageSize = min(100, max(1, pageSize))
        self.resultCap = resultCap
    }

    package var name: String { deleted ? "sam-deleted" : "sam" }
    package var endpoint: String { deleted ? "\(apiURL)?deletedStatus=yes" : apiURL }
    package var firstPage: Int { 0 }
    package var pageStep: Int { 1 }

    package func request(_ query: FeedQuery, page: Int) throws(SyncError) -> (url: String, shownAs: String) {
        var parameters = try query.samParameters()
        parameters.append(("limit", String(pageSize)))
        parameters.append(("offset", String(page)))
        if deleted { parameters.append(("deletedStatus", "yes")) }
        let encoded = parameters.map { "\($0.name)=\(FPDSFeedSource.percentEncoded($0.value))" }.joined(separator: "&")
        let separator = apiURL.contains("?") ? "&" : "?"
        let shown = "\(apiURL)\(separator)\(encoded)"
        return ("\(apiURL)\(separator)api_key=\(FPDSFeedSource.percentEncoded(apiKey))&\(encoded)", shown)
    }

    package func read(_ body: Data, shownAs: String) throws(PageReadError) -> SourcePage {
        // GSA documents an empty result as 204 No Content, without a body.
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return SourcePage(records: [], entries: 0, rejections: [], lastPage: 0, total: 0)
        }
        var records: [IngestRecord] = []
        var rejections: [IngestRejection] = []
        var entries = 0
        let summary = SAMAwardsParser().parse(body, file: shownAs) { result in
            entries += 1
            let record = IngestPipeline.awardRecord(result, source: endpoint, isDeletion: deleted) { entry, message in
                rejections.append(IngestRejection(file: shownAs, entry: entry, message: message))
            }
            if let record { records.append(record) }
        }
        if let error = summary.error { throw PageReadError(error.description) }
        // `totalRecords` is a string in GSA's examples, and sometimes null on an empty result.
        let total = summary.totalRecords.flatMap { Int($0) } ?? entries
        let lastPage = max(0, (total + pageSize - 1) / pageSize - 1)
        return SourcePage(records: records, entries: entries, rejections: rejections, lastPage: lastPage, total: total)
    }

    package func total(lastPage: Int, entriesOnLastPage: Int) -> Int { lastPage * pageSize + entriesOnLastPage }
}
