import FPDS
import Foundation

/// A query in ContractWatch's search language, parsed: the same language in the API's `q`, the
/// `search` command, the search page and keyword watchlist entries.
///
/// The language belongs to ContractWatch, not to a database engine: each store compiles this tree
/// to its own full-text syntax, so a user's words never reach an engine's parser.
///
/// ```
/// stop work lift OR lifted        all of: stop, work, (lift or lifted)
/// "stop work order" -cancel       the phrase, and not the word cancel
/// surveil*                        words starting with surveil
/// vendor:"paragon solutions"      the vendor's name holds the phrase
/// agency:7012 psc:D3 naics:5415   an agency code, a product or service code and a NAICS prefix
/// (spyware OR malware) -training  parentheses group
/// ```
///
/// Terms side by side must all hold. `OR` (upper case) joins the terms on either side of it and
/// binds tighter than the implied AND, as in web search. `-` before a term or group excludes it.
/// Matching ignores case and, in the engines ContractWatch ships, reduces words to their stem.
package indirect enum SearchExpression: Sendable, Hashable {
    /// A word. It may carry punctuation (`co-op`, `S.A.`); the engine splits it as it splits the
    /// text it indexes, so it matches the same tokens side by side.
    case word(String)
    /// Words that must appear together, in this order.
    case phrase(String)
    /// Words that start with these characters.
    case prefix(String)
    /// A value of one field of the action.
    case field(SearchField, String)
    /// Every expression holds.
    case all([SearchExpression])
    /// At least one expression holds.
    case any([SearchExpression])
    /// The expression does not hold.
    case not(SearchExpression)

    /// Parses `text`, or throws a ``SearchSyntaxError`` that says where and what to fix.
    package init(parsing text: String) throws(SearchSyntaxError) {
        var parser = SearchParser(text)
        self = try parser.parseQuery()
    }

    /// The expression written back in the search language: parsing it gives this expression.
    package var text: String {
        switch self {
        case .word(let word): word
        case .phrase(let phrase): SearchParser.quoted(phrase)
        case .prefix(let start): start + "*"
        case .field(let field, let value):
            field.rawValue + ":"
                + (value.contains(where: SearchParser.isSeparator) ? SearchParser.quoted(value) : value)
        case .all(let parts): parts.map { $0.grouped(inside: .all) }.joined(separator: " ")
        case .any(let parts): parts.map { $0.grouped(inside: .any) }.joined(separator: " OR ")
        case .not(let inner): "-" + inner.grouped(inside: .not)
        }
    }

    private enum Context { case all, any, not }

    private func grouped(inside context: Context) -> String {
        switch (self, context) {
        case (.all, _), (.any, .any), (.any, .not), (.not, .not): "(" + text + ")"
        default: text
        }
    }
}

/// The fields a `field:value` term may name.
package enum SearchField: String, Sendable, Hashable, CaseIterable {
    /// A vendor UEI (12 letters and digits), or words of the vendor's name.
    case vendor
    /// A contracting or funding agency code, or words of the agency's name.
    case agency
    /// The action's PIID, or the PIID of the IDV it orders from.
    case piid
    /// A product or service code, or the start of one.
    case psc
    /// A NAICS code, or the start of one.
    case naics
}

/// Why a query could not be parsed, and where.
package struct SearchSyntaxError: Error, Hashable, CustomStringConvertible {
    /// The query as given.
    package var query: String
    /// The 1-based character position the problem starts at.
    package var column: Int
    /// What is wrong and what to do about it.
    package var problem: String

    package var description: String {
        "The search \"\(InputText.escaped(query))\" cannot run: at character \(column), \(problem)."
    }
}

/// A recursive-descent parser over the query's characters.
///
/// ```
/// query  = all
/// all    = any { any }
/// any    = unary { "OR" unary }
/// unary  = [ "-" ] atom
/// atom   = word | word "*" | "\"" phrase "\"" | field ":" ( value | "\"" phrase "\"" ) | "(" all ")"
/// ```
private struct SearchParser {
    private let query: String
    private let characters: [Character]
    private var position = 0

    init(_ query: String) {
        self.query = query
        self.characters = Array(query)
    }

    static func isSeparator(_ character: Character) -> Bool {
        character.isWhitespace || character == "\"" || character == "(" || character == ")"
    }

    static func quoted(_ phrase: String) -> String { "\"" + phrase + "\"" }

    mutating func parseQuery() throws(SearchSyntaxError) -> SearchExpression {
        skipSpaces()
        guard position < characters.count else { throw failure(at: 0, "there is nothing to search for") }
        let expression = try parseAll()
        if case .all(let parts) = expression, parts.isEmpty, position == characters.count {
            throw failure(at: 0, "there is no word to search for: punctuation alone is never indexed")
        }
        if position < characters.count {
            // Only a `)` stops `parseAll` before the end.
            throw failure(at: position, "this \")\" closes no \"(\": remove it")
        }
        return expression
    }

    private mutating func parseAll() throws(SearchSyntaxError) -> SearchExpression {
        var parts: [SearchExpression] = []
        skipSpaces()
        while position < characters.count, characters[position] != ")" {
            parts.append(contentsOf: try parseAny())
            skipSpaces()
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    /// Terms joined by `OR`; empty when every term held only punctuation.
    private mutating func parseAny() throws(SearchSyntaxError) -> [SearchExpression] {
        if let operatorStart = atOperator("OR") {
            throw failure(at: operatorStart, "OR needs a term before it")
        }
        var parts = try parseUnary().map { [$0] } ?? []
        while true {
            let save = position
            skipSpaces()
            guard let operatorStart = atOperator("OR") else {
                position = save
                break
            }
            position = operatorStart + 2
            skipSpaces()
            guard position < characters.count, characters[position] != ")", atOperator("OR") == nil else {
                throw failure(at: operatorStart, "OR needs a term after it")
            }
            if let next = try parseUnary() { parts.append(next) }
        }
        return parts.count <= 1 ? parts : [.any(parts)]
    }

    private mutating func parseUnary() throws(SearchSyntaxError) -> SearchExpression? {
        guard characters[position] == "-" else { return try parseAtom() }
        let start = position
        position += 1
        guard position < characters.count, !characters[position].isWhitespace, characters[position] != ")" else {
            throw failure(at: start, "\"-\" excludes the term written right after it, with no space: -word")
        }
        guard let excluded = try parseAtom() else { return nil }
        return .not(excluded)
    }

    /// One term or group; nil for a word of punctuation only, which full text never indexes.
    private mutating func parseAtom() throws(SearchSyntaxError) -> SearchExpression? {
        let start = position
        switch characters[position] {
        case "(":
            position += 1
            let inner = try parseAll()
            guard position < characters.count else {
                throw failure(at: start, "this \"(\" is never closed: add a \")\"")
            }
            position += 1
            if case .all(let parts) = inner, parts.isEmpty {
                throw failure(at: start, "the parentheses hold nothing to search for")
            }
            return inner
        case "\"":
            return .phrase(try parsePhrase())
        case "-":
            throw failure(at: start, "a term can be excluded once: remove the second \"-\"")
        default:
            break
        }
        let word = readBare()
        if let colon = word.firstIndex(of: ":"), word[..<colon].allSatisfy(\.isLetter), colon != word.startIndex {
            return try parseField(
                name: String(word[..<colon]), rest: String(word[word.index(after: colon)...]), at: start)
        }
        if word == "AND" || word == "NOT" {
            throw failure(
                at: start,
                word == "AND"
                    ? "AND is implied between terms: remove it" : "NOT is written as \"-\" before the term: -word")
        }
        if word.hasSuffix("*") {
            let stem = word.dropLast()
            guard !stem.isEmpty, !stem.contains("*"), stem.contains(where: Self.isSearchable) else {
                throw failure(at: start, "\"*\" ends a word's first letters, as in surveil*")
            }
            return .prefix(String(stem))
        }
        if let star = word.firstIndex(of: "*") {
            throw failure(
                at: start + word.distance(from: word.startIndex, to: star), "\"*\" can only end a word, as in surveil*")
        }
        return word.contains(where: Self.isSearchable) ? .word(word) : nil
    }

    private mutating func parseField(
        name: String, rest: String, at start: Int
    ) throws(SearchSyntaxError)
        -> SearchExpression
    {
        guard let field = SearchField(rawValue: name.lowercased()) else {
            let names = SearchField.allCases.map(\.rawValue).joined(separator: ", ")
            throw failure(at: start, "there is no field \"\(name)\": the fields are \(names)")
        }
        var value = rest
        if rest.isEmpty, position < characters.count, characters[position] == "\"" {
            value = try parsePhrase()
        }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.contains(where: Self.isSearchable) else {
            throw failure(
                at: start, "\(field.rawValue): needs a value right after it, as in \(field.rawValue):\(field.example)")
        }
        return .field(field, trimmed)
    }

    /// The text between double quotes, the cursor on the opening one.
    private mutating func parsePhrase() throws(SearchSyntaxError) -> String {
        let start = position
        position += 1
        guard let end = characters[position...].firstIndex(of: "\"") else {
            throw failure(at: start, "this phrase is never closed: add a \" after its last word")
        }
        let phrase = String(characters[position..<end]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        position = end + 1
        guard phrase.contains(where: Self.isSearchable) else {
            throw failure(at: start, "the quotes hold no word to search for")
        }
        return phrase
    }

    /// Characters up to the next space, quote or parenthesis.
    private mutating func readBare() -> String {
        let start = position
        while position < characters.count, !Self.isSeparator(characters[position]) { position += 1 }
        return String(characters[start..<position])
    }

    /// Where the operator `word` starts if the cursor is on it as a whole term.
    private func atOperator(_ word: String) -> Int? {
        let letters = Array(word)
        let end = position + letters.count
        guard end <= characters.count, Array(characters[position..<end]) == letters else { return nil }
        return end == characters.count || Self.isSeparator(characters[end]) ? position : nil
    }

    private mutating func skipSpaces() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    private static func isSearchable(_ character: Character) -> Bool { character.isLetter || character.isNumber }

    private func failure(at index: Int, _ problem: String) -> SearchSyntaxError {
        SearchSyntaxError(query: query, column: index + 1, problem: problem)
    }
}

extension SearchField {
    /// A value shown in error messages.
    fileprivate var example: String {
        switch self {
        case .vendor: "\"paragon solutions\""
        case .agency: "7012"
        case .piid: "70CMSD24C00000009"
        case .psc: "D3"
        case .naics: "5415"
        }
    }
}

/// What a `field:value` term asks of a store: the value read as an identifier or as name words.
package enum SearchFieldMatch: Sendable, Hashable {
    /// The vendor with this Unique Entity ID.
    case vendorUEI(String)
    /// A phrase in the vendor's name.
    case vendorName(String)
    /// This code as contracting or funding agency.
    case agencyCode(String)
    /// A phrase in the contracting or funding agency's name.
    case agencyName(String)
    /// This PIID, as the action's own or as the IDV it orders from.
    case piid(String)
    /// A product or service code starting with these characters.
    case productOrServiceCodePrefix(String)
    /// A NAICS code starting with these digits.
    case naicsCodePrefix(String)

    /// Codes are read in upper case, as FPDS publishes them; names are matched as phrases.
    package init(_ field: SearchField, _ value: String) {
        let code = value.uppercased()
        switch field {
        case .vendor: self = UniqueEntityID.isWellFormed(code) ? .vendorUEI(code) : .vendorName(value)
        // Agency codes are four characters with a digit (9700, 7012, 097F); NASA or ARMY are names.
        case .agency:
            self =
                code.count == 4 && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
                    && code.contains(where: \.isNumber)
                ? .agencyCode(code) : .agencyName(value)
        case .piid: self = .piid(code)
        case .psc: self = .productOrServiceCodePrefix(code)
        case .naics: self = .naicsCodePrefix(code)
        }
    }
}

/// SAM.gov's Unique Entity ID.
package enum UniqueEntityID {
    /// 12 upper-case letters and digits: the shape of a UEI.
    package static func isWellFormed(_ text: String) -> Bool {
        text.count == 12 && text.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }
}

extension SearchExpression {
    /// A keyword query saved before ContractWatch had its own language, when it was SQLite FTS5
    /// syntax, rewritten to say the same in the language: `a AND b` is `a b`, `a NOT b` is `a -b`.
    /// A query that still cannot be read keeps its words, all of which must match; one that
    /// already reads is returned as it is.
    package static func rewritingFullTextQuery(_ query: String) -> String {
        if (try? SearchExpression(parsing: query)) != nil { return query }
        var terms: [String] = []
        var excludeNext = false
        for token in query.split(whereSeparator: \.isWhitespace) {
            switch token {
            case "AND": continue
            case "NOT": excludeNext = true
            default:
                terms.append((excludeNext ? "-" : "") + token)
                excludeNext = false
            }
        }
        let rewritten = terms.joined(separator: " ")
        if (try? SearchExpression(parsing: rewritten)) != nil { return rewritten }
        let words = query.split { !($0.isLetter || $0.isNumber) }.filter { !["AND", "OR", "NOT"].contains($0) }
        return words.isEmpty ? query : words.joined(separator: " ")
    }
}
