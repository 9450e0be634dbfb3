import ContractWatchCore
import Foundation

/// A text search on PostgreSQL, read newest (or oldest) first a few months at a time and stopped
/// when the page is full.
///
/// A GIN index finds every match of a `tsquery` but in no order, so a listing had two ways to
/// read: walk the actions by date and test each one's text (32,000 rows for a page of
/// `"stop work"` at a million actions), or fetch every match and sort it (400,000 for
/// `services`). Each action's indexed text therefore also holds the month it was signed in, as a
/// lexeme no text can make (`~2025-08`; `~` alone for an action without a date), and the walk
/// asks the index for the matches of the newest month, then of the two months before, the four
/// before those, and so on: the index intersects the query's lexemes with the months', so each
/// step costs what its own matches cost. After ``windows`` steps the rest is read at once, so a
/// term that matches little costs one more query, not one per month.
struct PostgresFullTextWalk {
    /// One matching action, with the listing's sort key.
    struct Match: Sendable {
        var id: Int64
        var signedDate: String
        var orderingKey: Int64
    }

    /// The `tsquery` every match satisfies.
    var fullText: String
    /// Conditions on `a` (actions) and `v` (current versions), and their values.
    var conditions: [String]
    var arguments: [SQLArgument]

    /// Steps taken a window of months at a time (1, 2, 4, … months) before the rest is read at once.
    static let windows = 6

    /// The SQL expression of the month lexeme for the signed-date expression `signedDate`.
    static func monthLexeme(ofSignedDate signedDate: String) -> String {
        "array_to_tsvector(ARRAY['~' || left(\(signedDate), 7)])"
    }

    /// The months actions were signed in, newest first, as the first seven characters of their
    /// signed dates (`""` for actions without one, last): one index probe per month.
    static let monthsStatement = """
        WITH RECURSIVE month(prefix) AS (
            SELECT left(max(signed_date), 7) FROM actions
            UNION ALL
            SELECT (SELECT left(signed_date, 7) FROM actions WHERE signed_date < month.prefix
                    ORDER BY signed_date DESC LIMIT 1)
            FROM month WHERE month.prefix <> '')
        SELECT prefix FROM month WHERE prefix IS NOT NULL
        """

    /// The first `count` matches in `order` after `cursor`, as the listing orders them: by signed
    /// date, then ``ActionKey/orderingKey``.
    /// - Parameters:
    ///   - count: How many matches at most.
    ///   - order: Newest or oldest first.
    ///   - cursor: The last match of the previous page, if any.
    ///   - months: ``monthsStatement``'s answer.
    ///   - session: The reading transaction.
    /// - Returns: The matches, in order.
    /// - Throws: The server's error.
    func matches(
        _ count: Int, order: SearchOrder, after cursor: SearchCursor? = nil, months: [String],
        in session: PostgresSession
    ) async throws -> [Match] {
        let newest = order == .newest
        var remaining = newest ? months : months.reversed()
        var bounds: [String] = []
        var boundValues: [SQLArgument] = []
        if let cursor {
            let month = String(cursor.signedDate.prefix(7))
            remaining.removeAll { newest ? $0 > month : $0 < month }
            bounds.append("(a.signed_date, a.ordering_key) \(newest ? "<" : ">") (?, ?)")
            boundValues += [.text(cursor.signedDate), .integer(cursor.orderingKey)]
        }
        let needsVersions = conditions.contains { $0.contains("v.") }
        var matches: [Match] = []
        var width = 1
        var step = 0
        var lastRead: String?
        while matches.count < count, !remaining.isEmpty {
            step += 1
            var text = "document @@ to_tsquery('contractwatch', ?)"
            var values: [SQLArgument] = [.text(fullText)]
            var stepBounds = bounds
            var stepValues = boundValues
            if step < Self.windows {
                let window = remaining.prefix(width)
                remaining.removeFirst(window.count)
                text = "document @@ (to_tsquery('contractwatch', ?) && ?::tsquery)"
                values.append(.text(window.map(Self.quotedMonth).joined(separator: " | ")))
                lastRead = window.last
                width *= 2
            } else {
                // The rest at once: every month past the last window read.
                remaining = []
                if let lastRead {
                    stepBounds.append("left(a.signed_date, 7) \(newest ? "<" : ">") ?")
                    stepValues.append(.text(lastRead))
                }
            }
            let direction = newest ? "DESC" : "ASC"
            let rows = try await session.rows(
                """
                SELECT a.id, a.signed_date, a.ordering_key FROM actions a
                \(needsVersions ? "JOIN action_versions v ON v.id = a.current_version_id" : "")
                WHERE a.id IN (SELECT action_id FROM action_search WHERE \(text))
                \((conditions + stepBounds).map { "AND " + $0 }.joined(separator: " "))
                ORDER BY a.signed_date \(direction), a.ordering_key \(direction) LIMIT ?
                """, values + arguments + stepValues + [.integer(Int64(count - matches.count))])
            for row in rows {
                matches.append(Match(id: try row.value(0), signedDate: try row.value(1), orderingKey: try row.value(2)))
            }
        }
        return matches
    }

    /// A month as a quoted `tsquery` lexeme.
    private static func quotedMonth(_ prefix: String) -> String {
        "'~" + prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }
}
