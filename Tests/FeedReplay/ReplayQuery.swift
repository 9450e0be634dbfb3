import FPDS

/// A `q=` value of the simulated ATOM feed, read into terms that all have to match (FPDS ANDs the
/// space-separated terms).
///
/// Supported: `LAST_MOD_DATE:[YYYY/MM/DD,YYYY/MM/DD]` (inclusive days, either side may be empty,
/// a space after the comma is accepted), `PIID:"x"`, `AGENCY_CODE:"x"`, `CONTRACT_TYPE:"AWARD"|"IDV"`
/// (quotes optional, values compared case-insensitively) and `*:*`. An empty `q` matches every entry.
struct ReplayQuery: Sendable {
    enum Term: Sendable {
        /// Inclusive `YYYYMMDD` bounds; nil is open.
        case lastModified(from: Int?, to: Int?)
        case piid(String)
        case agency(String)
        case contractType(isIDV: Bool)
        case everything
    }

    var terms: [Term]

    /// Reads `q`.
    /// - Throws: The ``FeedReplayError`` query case that says which term is wrong.
    init(parsing query: String) throws(FeedReplayError) {
        terms = try Self.split(query).map { text throws(FeedReplayError) in try Self.term(text) }
    }

    func matches(_ entry: FeedEntry) -> Bool {
        terms.allSatisfy { term in
            switch term {
            case .lastModified(let from, let to):
                guard let date = entry.lastModified else { return false }
                let day = date.year * 10_000 + date.month * 100 + date.day
                return day >= (from ?? .min) && day <= (to ?? .max)
            case .piid(let piid):
                return entry.piid.uppercased() == piid
            case .agency(let agency):
                return entry.agencyID.uppercased() == agency
            case .contractType(let isIDV):
                return entry.kind.isIDV == isIDV
            case .everything:
                return true
            }
        }
    }

    // MARK: - Reading

    /// Splits on whitespace outside quotes and brackets, so `LAST_MOD_DATE:[2016/05/09, 2016/05/13]`
    /// stays one term.
    private static func split(_ query: String) -> [String] {
        var terms: [String] = []
        var current = ""
        var inQuotes = false
        var bracketDepth = 0
        for character in query {
            if character == "\"" {
                inQuotes.toggle()
            } else if !inQuotes, character == "[" || character == "(" {
                bracketDepth += 1
            } else if !inQuotes, character == "]" || character == ")" {
                bracketDepth = max(0, bracketDepth - 1)
            }
            if character.isWhitespace, !inQuotes, bracketDepth == 0 {
                if !current.isEmpty { terms.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { terms.append(current) }
        return terms
    }

    private static func term(_ text: String) throws(FeedReplayError) -> Term {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
            throw .malformedQueryTerm(text)
        }
        let field = text[..<colon].uppercased()
        let value = String(text[text.index(after: colon)...])
        switch field {
        case "*" where value == "*":
            return .everything
        case "LAST_MOD_DATE":
            return try dateRange(value)
        case "PIID":
            return .piid(try unquoted(value, term: text).uppercased())
        case "AGENCY_CODE":
            return .agency(try unquoted(value, term: text).uppercased())
        case "CONTRACT_TYPE":
            switch try unquoted(value, term: text).uppercased() {
            case "AWARD": return .contractType(isIDV: false)
            case "IDV": return .contractType(isIDV: true)
            default: throw .unsupportedContractType(value)
            }
        default:
            throw .unsupportedQueryField(String(field))
        }
    }

    private static func unquoted(_ value: String, term: String) throws(FeedReplayError) -> String {
        var value = Substring(value)
        if value.hasPrefix("\"") {
            guard value.count >= 2, value.hasSuffix("\"") else { throw .malformedQueryTerm(term) }
            value = value.dropFirst().dropLast()
        }
        guard !value.isEmpty, !value.contains("\"") else { throw .malformedQueryTerm(term) }
        return String(value)
    }

    /// `[from,to]`, `[from,)`, `(,to]`; brackets of either kind, bounds inclusive.
    private static func dateRange(_ value: String) throws(FeedReplayError) -> Term {
        guard let first = value.first, "[(".contains(first), let last = value.last, "])".contains(last),
            value.count >= 3
        else { throw .malformedDateRange(value) }
        let bounds = value.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
        guard bounds.count == 2 else { throw .malformedDateRange(value) }
        func day(_ text: Substring) throws(FeedReplayError) -> Int? {
            let text = text.trimmingPrefix(while: \.isWhitespace)
            if text.allSatisfy(\.isWhitespace) { return nil }
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
                (1...12).contains(month), (1...31).contains(day)
            else { throw .malformedDateRange(value) }
            return year * 10_000 + month * 100 + day
        }
        let from = try day(bounds[0])
        let to = try day(bounds[1])
        guard from != nil || to != nil else { throw .malformedDateRange(value) }
        return .lastModified(from: from, to: to)
    }
}
