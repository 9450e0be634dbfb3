package import Foundation

/// The simulated SAM.gov Contract Awards API: `GET /contract-awards/v1/search` over real
/// `awardSummary` records, following `shared/data/reference/sam-contract-awards-api.md` §4.2, §6, §7.
///
/// Parameters simulated: `api_key` (required), `limit` (default 10, at most 100), `offset` (a
/// **0-based page index**, default 0), `lastModifiedDate` (`MM/DD/YYYY` or `[MM/DD/YYYY,MM/DD/YYYY]`,
/// either side may be empty; inclusive days on the date part of
/// `awardDetails.transactionData.lastModifiedDate`) and `deletedStatus=yes` (the deleted set instead).
/// Any other parameter gets GSA's 400 "does not exist", as GSA documents for unknown names, so a
/// client relying on a filter the replay does not implement fails instead of silently getting
/// everything.
///
/// Records keep the order of their files. Records without `lastModifiedDate` (the GSA examples
/// trimmed to `contractId` by `includeSections`, e.g. the deleted records of example 5) match
/// every `lastModifiedDate` window: GSA returned them for such a window, and their real date is
/// not in the text.
///
/// Responses: `{"awardSummary": […], "totalRecords": "N", "limit": "L", "offset": "O"}` with
/// the search key order and string values of GSA's examples, records **verbatim** (their original
/// JSON text, not re-serialised); errors as `{"message": …, "detail": …}` with GSA's documented
/// texts (403 for a missing, unknown or disabled key; 400 for `limit` over 100, `offset × limit` over
/// the cap, bad dates and unknown parameters).
package struct SAMAwards: Sendable {
    /// How a search with no records is answered; GSA's documentation and live reports disagree.
    package enum EmptyResult: Sendable, Hashable {
        /// HTTP 204 with no body: GSA's documented "No Content Found" (a 204 cannot carry the
        /// documented message).
        case noContent
        /// HTTP 200 with the usual envelope, `"totalRecords": "0"` and an empty `awardSummary`.
        case emptyPage
    }

    /// The records of ordinary searches.
    package var records: [SAMRecord]
    /// The records of `deletedStatus=yes` searches.
    package var deletedRecords: [SAMRecord]
    /// Keys accepted; any other non-empty key is "invalid".
    package var apiKeys: Set<String>
    /// Keys answered with GSA's "disabled" 403.
    package var disabledAPIKeys: Set<String>
    /// The `offset × limit` cap, 400,000 on SAM.gov; lower it to test the 400 without 4,000 requests.
    package var recordCap: Int
    /// The answer to a search with no records, or a page past the last.
    package var emptyResult: EmptyResult

    /// A simulated API over the given records.
    /// - Parameters:
    ///   - records: Records of ordinary searches, in the order served.
    ///   - deletedRecords: Records of `deletedStatus=yes` searches.
    ///   - apiKeys: Keys accepted.
    ///   - disabledAPIKeys: Keys refused as disabled.
    ///   - recordCap: The `offset × limit` cap (default 400,000, GSA's).
    ///   - emptyResult: The answer when no record matches (default: 204, GSA's documented one).
    package init(
        records: [SAMRecord], deletedRecords: [SAMRecord] = [], apiKeys: Set<String>,
        disabledAPIKeys: Set<String> = [], recordCap: Int = 400_000, emptyResult: EmptyResult = .noContent
    ) {
        self.records = records
        self.deletedRecords = deletedRecords
        self.apiKeys = apiKeys
        self.disabledAPIKeys = disabledAPIKeys
        self.recordCap = recordCap
        self.emptyResult = emptyResult
    }

    /// A simulated API over the `awardSummary` records of real response files.
    /// - Parameters:
    ///   - files: Response files, e.g. `TestData.awardFixture("sam-contract-awards/example1_…json")`.
    ///   - deletedFiles: Files whose records answer `deletedStatus=yes` (example 5 is GSA's).
    ///   - apiKeys: Keys accepted.
    /// - Throws: ``FeedReplayError/unreadableAwardFile(file:reason:)``.
    package init(files: [URL], deletedFiles: [URL] = [], apiKeys: Set<String>) throws {
        self.init(
            records: try SAMRecord.records(in: files), deletedRecords: try SAMRecord.records(in: deletedFiles),
            apiKeys: apiKeys)
    }

    // MARK: - Answering

    /// The parameters the replay implements; everything else is GSA's "does not exist".
    private static let simulatedParameters: Set<String> = [
        "api_key", "limit", "offset", "lastModifiedDate", "deletedStatus",
    ]

    /// The response to a search with these decoded parameters.
    func respond(to parameters: [ReplayRequest.Field]) -> ReplayResponse {
        func value(_ name: String) -> String? { parameters.first { $0.name == name }?.value }

        // The key is checked first: SAM.gov's gateway refuses before the API reads anything else.
        guard let key = value("api_key"), !key.isEmpty else {
            return Self.error(403, "No API Key was supplied. Please submit with a valid API key.")
        }
        if disabledAPIKeys.contains(key) {
            return Self.error(403, "The API key supplied has been disabled. Please submit with a valid API key.")
        }
        guard apiKeys.contains(key) else {
            return Self.error(403, "An invalid API key was supplied. Please submit with a valid API key.")
        }
        if let unknown = parameters.first(where: { !Self.simulatedParameters.contains($0.name) }) {
            return Self.error(
                400, "The search parameter, \(unknown.name) does not exist.",
                detail: "Please refer to https://open.gsa.gov/api/contract-awards/ for a list of allowable search "
                    + "parameters. (FeedReplay simulates only api_key, limit, offset, lastModifiedDate and "
                    + "deletedStatus.)")
        }
        let limit = value("limit").map { Int($0) } ?? 10
        guard let limit, limit >= 1 else {
            return Self.error(400, "FeedReplay: 'limit' must be a whole number from 1 to 100.")
        }
        guard limit <= 100 else {
            return Self.error(
                400, "The max value allowed for parameter ‘limit’ is 100.",
                detail: "Please provide a value equal to or less than 100 for the query parameter ‘limit’.")
        }
        let offset = value("offset").map { Int($0) } ?? 0
        guard let offset, offset >= 0 else {
            return Self.error(400, "FeedReplay: 'offset' must be a page index: a whole number from 0.")
        }
        let (skipped, overflow) = offset.multipliedReportingOverflow(by: limit)
        guard !overflow, skipped <= recordCap else {
            return Self.error(
                400,
                "You may only page through the first \(Self.grouped(recordCap)) records. Any request where ‘offset’ x "
                    + "‘limit’ is greater than \(Self.grouped(recordCap)) will be rejected.",
                detail:
                    "Please provide values equal to or less than \(Self.grouped(recordCap)) for the query parameters "
                    + "‘offset’ x ‘limit’.")
        }
        var window: (from: Int?, to: Int?) = (nil, nil)
        if let text = value("lastModifiedDate") {
            guard let parsed = Self.dateWindow(text) else {
                return Self.error(
                    400, "Dates must be specified in the MM/DD/YYYY or [MM/DD/YYYY,MM/DD/YYYY] format.",
                    detail: "Any Date parameter must be provided in the MM/DD/YYYY or [MM/DD/YYYY,MM/DD/YYYY] format.")
            }
            window = parsed
        }
        let deleted: Bool
        switch value("deletedStatus")?.lowercased() {
        case nil, "no": deleted = false
        case "yes": deleted = true
        default: return Self.error(400, "FeedReplay: 'deletedStatus' must be yes (or no).")
        }

        let matching = (deleted ? deletedRecords : records).filter { record in
            guard let day = record.lastModifiedDay else { return true }
            return day >= (window.from ?? .min) && day <= (window.to ?? .max)
        }
        let first = offset * limit
        guard first < matching.count else {
            switch emptyResult {
            case .noContent:
                return ReplayResponse(status: 204, contentType: nil, body: [])
            case .emptyPage:
                return Self.page([], total: matching.count, limit: limit, offset: offset)
            }
        }
        let page = matching[first..<min(first + limit, matching.count)]
        return Self.page(Array(page), total: matching.count, limit: limit, offset: offset)
    }

    // MARK: - Rendering

    /// GSA's search envelope: `awardSummary` first, then the counts, all as strings.
    private static func page(_ records: [SAMRecord], total: Int, limit: Int, offset: Int) -> ReplayResponse {
        var json = "{\n    \"awardSummary\": ["
        json += records.isEmpty ? "" : "\n        " + records.map(\.json).joined(separator: ",\n        ") + "\n    "
        json +=
            "],\n    \"totalRecords\": \"\(total)\",\n    \"limit\": \"\(limit)\",\n    \"offset\": \"\(offset)\"\n}\n"
        return ReplayResponse(status: 200, contentType: "application/json", body: Array(json.utf8))
    }

    private static func error(_ status: Int, _ message: String, detail: String? = nil) -> ReplayResponse {
        var json = "{\n    \"message\": \(jsonString(message))"
        if let detail { json += ",\n    \"detail\": \(jsonString(detail))" }
        json += "\n}\n"
        return ReplayResponse(status: status, contentType: "application/json", body: Array(json.utf8))
    }

    private static func jsonString(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case _ where scalar.value < 0x20: output += String(format: "\\u%04x", scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    /// `400000` → `400,000`, as GSA writes the cap.
    private static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        var output = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { output += "," }
            output.append(digit)
        }
        return output
    }

    /// `MM/DD/YYYY` (that one day) or `[MM/DD/YYYY,MM/DD/YYYY]` with either side empty, as
    /// `YYYYMMDD` bounds; nil when malformed.
    private static func dateWindow(_ text: String) -> (from: Int?, to: Int?)? {
        func day(_ text: Substring) -> Int?? {
            let text = text.trimmingPrefix(while: \.isWhitespace)
            if text.isEmpty { return .some(nil) }
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            // GSA's own example writes `9/30/2025`, so one-digit months and days are accepted.
            guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
                parts[2].count == 4, let month = Int(parts[0]), let day = Int(parts[1]), let year = Int(parts[2]),
                (1...12).contains(month), (1...31).contains(day)
            else { return nil }
            return .some(year * 10_000 + month * 100 + day)
        }
        if text.hasPrefix("[") {
            guard text.hasSuffix("]") else { return nil }
            let bounds = text.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
            guard bounds.count == 2, let from = day(bounds[0]), let to = day(bounds[1]), from != nil || to != nil else {
                return nil
            }
            return (from, to)
        }
        guard let single = day(Substring(text)), let single else { return nil }
        return (single, single)
    }
}
