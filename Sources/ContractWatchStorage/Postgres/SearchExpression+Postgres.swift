import ContractWatchCore
import Foundation

extension SearchExpression {
    /// The expression as one SQL condition over `a` (actions) and `v` (their current versions),
    /// with a `?` for each value bound (``PostgresQuery/init(sql:arguments:)`` numbers them): the
    /// same condition the SQLite compiler writes.
    ///
    /// Text terms become one `tsquery` over `action_search`, written by this compiler from the
    /// tree and read by `to_tsquery`: a user's characters only ever reach it inside quoted
    /// lexemes (`'…'`), so its own operators never apply and the query never fails to parse.
    /// Side-by-side text terms share one query, as in SQLite.
    /// - Returns: The SQL and the values to bind, in placeholder order.
    func postgresCondition() -> (sql: String, binds: [String]) {
        var compiler = PostgresSearchCompiler()
        let sql = compiler.condition(self)
        return (sql, compiler.binds)
    }

    /// The expression split for a walk of the full-text index a few months at a time
    /// (``PostgresFullTextWalk``): the `tsquery` every match satisfies, and the condition on the
    /// rest, nil when the text is all of it.
    /// - Returns: Nil when no `tsquery` holds for every match (text only under `OR` with fields,
    ///   or only excluded), which a walk of the index cannot drive.
    func postgresFullTextWalk() -> (fullText: String, rest: (sql: String, binds: [String])?)? {
        if let query = PostgresSearchCompiler.fullText(self) { return (query, nil) }
        guard case .all(let parts) = self,
            let query = PostgresSearchCompiler.conjunction(
                parts.compactMap(PostgresSearchCompiler.fullText),
                excluding: parts.compactMap(PostgresSearchCompiler.excludedFullText))
        else { return nil }
        var compiler = PostgresSearchCompiler()
        let rest = parts.filter {
            PostgresSearchCompiler.fullText($0) == nil && PostgresSearchCompiler.excludedFullText($0) == nil
        }.map { compiler.condition($0) }
        return (query, rest.isEmpty ? nil : ("(" + rest.joined(separator: " AND ") + ")", compiler.binds))
    }

    /// The `tsquery` text of an expression made of text alone, for tests and `EXPLAIN`.
    /// - Returns: The query text, or nil when part of the expression is not text.
    func postgresTextQuery() -> String? {
        PostgresSearchCompiler.fullText(self)
    }
}

/// The text the full-text index holds for an action, and what a query's terms are split like:
/// every character that is not a letter or a digit separates words, as SQLite's `unicode61`
/// tokenizer does, so that `stop-work`, `stop/work` and `stop work` read alike on both engines.
enum PostgresFullText {
    /// `text` with each separator replaced by a space.
    /// - Returns: The text as the index and the queries read it.
    static func words(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.properties.isAlphabetic || $0.properties.numericType != nil ? $0 : " " }))
    }
}

private struct PostgresSearchCompiler {
    var binds: [String] = []

    mutating func condition(_ expression: SearchExpression) -> String {
        if let query = Self.fullText(expression) { return match(query) }
        switch expression {
        case .all(let parts):
            let included = parts.compactMap(Self.fullText)
            let excluded = parts.compactMap(Self.excludedFullText)
            var conditions: [String] = []
            var rest = parts
            if let query = Self.conjunction(included, excluding: excluded) {
                conditions.append(match(query))
                rest = parts.filter { Self.fullText($0) == nil && Self.excludedFullText($0) == nil }
            }
            conditions += rest.map { condition($0) }
            return "(" + conditions.joined(separator: " AND ") + ")"
        case .any(let parts):
            return "(" + parts.map { condition($0) }.joined(separator: " OR ") + ")"
        case .not(let inner):
            // As in SQLite: where the inner condition is NULL (no vendor), the exclusion holds.
            return "(\(condition(inner))) IS NOT TRUE"
        case .field(let field, let value):
            return fieldCondition(SearchFieldMatch(field, value))
        case .word, .phrase, .prefix:
            preconditionFailure("text terms compile to full text")
        }
    }

    private mutating func fieldCondition(_ match: SearchFieldMatch) -> String {
        switch match {
        case .vendorUEI(let uei):
            // One vendor at most (`uei` is unique): an equality reads its actions in date order by
            // `actions_by_vendor_and_date` and stops at the page. Where it is NULL (no such vendor,
            // or an action without one) it selects what `IN` would, negated too (`IS NOT TRUE`).
            return "a.vendor_id = (SELECT id FROM vendors WHERE uei = \(bind(uei)))"
        case .agencyCode(let code):
            binds += AgencyCodeSQL.arguments(code)
            return AgencyCodeSQL.condition
        case .piid(let piid):
            return
                "a.contract_id IN (SELECT id FROM contracts WHERE piid = \(bind(piid)) UNION SELECT id FROM contracts WHERE idv_piid = \(bind(piid)) AND idv_piid <> '')"
        case .productOrServiceCodePrefix(let code):
            return "starts_with(v.product_or_service_code, \(bind(code)))"
        case .naicsCodePrefix(let code):
            return "starts_with(v.naics_code, \(bind(code)))"
        case .vendorName, .agencyName:
            preconditionFailure("name fields compile to full text")
        }
    }

    private mutating func match(_ query: String) -> String {
        "a.id IN (SELECT action_id FROM action_search WHERE document @@ to_tsquery('contractwatch', \(bind(query))))"
    }

    private mutating func bind(_ value: String) -> String {
        binds.append(value)
        return "?"
    }

    /// The `tsquery` for an expression made of text alone, or nil when part of it is not text or
    /// it cannot be said as one (an exclusion with nothing to exclude from, as in SQLite).
    static func fullText(_ expression: SearchExpression) -> String? {
        switch expression {
        case .word(let word): lexemes(word, weight: nil, prefix: false)
        case .phrase(let phrase): lexemes(phrase, weight: nil, prefix: false)
        case .prefix(let start): lexemes(start, weight: nil, prefix: true)
        case .field(let field, let value):
            switch SearchFieldMatch(field, value) {
            // Weights tell the indexed columns apart: A description, B vendor, C agency, D office.
            case .vendorName(let name): lexemes(name, weight: "B", prefix: false)
            case .agencyName(let name): lexemes(name, weight: "C", prefix: false)
            default: nil
            }
        case .any(let parts):
            parts.allSatisfy { fullText($0) != nil }
                ? "(" + parts.compactMap(fullText).joined(separator: " | ") + ")" : nil
        case .all(let parts):
            parts.allSatisfy { fullText($0) != nil || excludedFullText($0) != nil }
                ? conjunction(parts.compactMap(fullText), excluding: parts.compactMap(excludedFullText)) : nil
        case .not:
            nil
        }
    }

    static func excludedFullText(_ expression: SearchExpression) -> String? {
        if case .not(let inner) = expression { fullText(inner) } else { nil }
    }

    /// `(a & b) & !c & !d`; nil without an `a`, as in SQLite.
    static func conjunction(_ included: [String], excluding excluded: [String]) -> String? {
        guard !included.isEmpty else { return nil }
        return "(" + included.joined(separator: " & ") + ")" + excluded.map { " & !" + $0 }.joined()
    }

    /// The words of `text` as quoted lexemes in a row (`'a' <-> 'b'`), each with the weight;
    /// with `prefix`, the last one matches as a prefix. Text with no word at all matches nothing,
    /// as in SQLite, where such a term finds no token.
    private static func lexemes(_ text: String, weight: String?, prefix: Bool) -> String {
        let words = PostgresFullText.words(text).split(separator: " ")
        // A lexeme and its negation: a query that parses, composes, and matches nothing.
        guard !words.isEmpty else { return "('nothing' & !'nothing')" }
        let marked = words.enumerated().map { index, word in
            let suffix = (prefix && index == words.count - 1 ? "*" : "") + (weight ?? "")
            let quoted =
                "'" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
            return suffix.isEmpty ? quoted : quoted + ":" + suffix
        }
        return marked.count == 1 ? marked[0] : "(" + marked.joined(separator: " <-> ") + ")"
    }
}
