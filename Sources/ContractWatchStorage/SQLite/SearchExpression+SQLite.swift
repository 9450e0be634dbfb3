import ContractWatchCore
import Foundation

extension SearchExpression {
    /// The expression as one SQL condition over `a` (actions) and `v` (their current versions),
    /// with its arguments bound in order.
    ///
    /// Text terms become an FTS5 query over `action_search`, written by this compiler from the
    /// tree: a user's characters only ever reach FTS5 inside double-quoted strings, so its own
    /// operators (`NEAR`, `^`, `col:`) never apply and the query never fails to parse. Side-by-side
    /// text terms share one FTS5 query, so `stop work -cancel` costs one index lookup, not three.
    func sqliteCondition() -> (sql: String, binds: [String]) {
        var compiler = SQLiteSearchCompiler()
        let sql = compiler.condition(self)
        return (sql, compiler.binds)
    }

    /// The expression split for a walk of the full-text index in date order: the FTS5 query
    /// every match satisfies, and the condition on the rest, nil when the text is all of it.
    /// - Returns: Nil when no full-text query holds for every match (text only under `OR` with
    ///   fields, or only excluded), which a walk of the index cannot drive.
    func sqliteFullTextWalk() -> (fullText: String, rest: (sql: String, binds: [String])?)? {
        if let query = SQLiteSearchCompiler.fullText(self) { return (query, nil) }
        guard case .all(let parts) = self,
            let query = SQLiteSearchCompiler.conjunction(
                parts.compactMap(SQLiteSearchCompiler.fullText),
                excluding: parts.compactMap(SQLiteSearchCompiler.excludedFullText))
        else { return nil }
        var compiler = SQLiteSearchCompiler()
        let rest = parts.filter {
            SQLiteSearchCompiler.fullText($0) == nil && SQLiteSearchCompiler.excludedFullText($0) == nil
        }.map { compiler.condition($0) }
        return (query, rest.isEmpty ? nil : ("(" + rest.joined(separator: " AND ") + ")", compiler.binds))
    }
}

private struct SQLiteSearchCompiler {
    var binds: [String] = []

    mutating func condition(_ expression: SearchExpression) -> String {
        if let query = Self.fullText(expression) { return match(query) }
        switch expression {
        case .all(let parts):
            // The text terms (and text exclusions) together in one FTS5 query, the rest beside it.
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
            // `IS NOT TRUE` also holds where the inner condition is NULL (an action without a
            // vendor is not one with the excluded vendor).
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
            bind(uei)
            // By the vendor entity, which actions index; the version column has no index. One
            // vendor at most (`uei` is unique): an equality reads its actions in date order by
            // `actions_by_vendor_and_date` and stops at the page. Where it is NULL (no such vendor,
            // or an action without one) it selects what `IN` would, negated too (`IS NOT TRUE`).
            return "a.vendor_id = (SELECT id FROM vendors WHERE uei = ?)"
        case .agencyCode(let code):
            bind(code, code)
            return ActionAgencySQL.holds
        case .piid(let piid):
            bind(piid, piid)
            return
                "a.contract_id IN (SELECT id FROM contracts WHERE piid = ? UNION SELECT id FROM contracts WHERE idv_piid = ?)"
        case .productOrServiceCodePrefix(let code):
            bind(code, code)
            return "substr(v.product_or_service_code, 1, length(?)) = ?"
        case .naicsCodePrefix(let code):
            bind(code, code)
            return "substr(v.naics_code, 1, length(?)) = ?"
        case .vendorName, .agencyName:
            preconditionFailure("name fields compile to full text")
        }
    }

    private mutating func match(_ query: String) -> String {
        bind(query)
        return "a.id IN (SELECT rowid & \(FullTextKey.actionIDMask) FROM action_search WHERE action_search MATCH ?)"
    }

    private mutating func bind(_ values: String...) {
        binds += values
    }

    /// The FTS5 query for an expression made of text alone, or nil when part of it is not text or
    /// FTS5 cannot say it (an exclusion with nothing to exclude from).
    static func fullText(_ expression: SearchExpression) -> String? {
        switch expression {
        case .word(let word): quoted(word)
        case .phrase(let phrase): quoted(phrase)
        case .prefix(let start): quoted(start) + "*"
        case .field(let field, let value):
            switch SearchFieldMatch(field, value) {
            case .vendorName(let name): "vendor_name : " + quoted(name)
            case .agencyName(let name): "agency_name : " + quoted(name)
            default: nil
            }
        case .any(let parts):
            parts.allSatisfy { fullText($0) != nil }
                ? "(" + parts.compactMap(fullText).joined(separator: " OR ") + ")" : nil
        case .all(let parts):
            parts.allSatisfy { fullText($0) != nil || excludedFullText($0) != nil }
                ? conjunction(parts.compactMap(fullText), excluding: parts.compactMap(excludedFullText)) : nil
        case .not:
            nil
        }
    }

    /// The FTS5 query of `-term` when the term is text.
    static func excludedFullText(_ expression: SearchExpression) -> String? {
        if case .not(let inner) = expression { fullText(inner) } else { nil }
    }

    /// `(a AND b) NOT c NOT d`; nil without an `a`, since FTS5's NOT needs a left side.
    static func conjunction(_ included: [String], excluding excluded: [String]) -> String? {
        guard !included.isEmpty else { return nil }
        return "(" + included.joined(separator: " AND ") + ")" + excluded.map { " NOT " + $0 }.joined()
    }

    /// An FTS5 string: its tokenizer splits it as it split the indexed text.
    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
