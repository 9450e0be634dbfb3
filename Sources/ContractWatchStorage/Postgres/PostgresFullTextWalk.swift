import ContractWatchCore
import Foundation
import PostgresNIO

/// A text search on PostgreSQL, read newest (or oldest) first a few months at a time and stopped
/// when the page is full.
///
/// A GIN index finds every match of a `tsquery` but in no order, so a listing had two ways to
/// read: walk the actions by date and test each one's text (32,000 rows for a page of
/// `"stop work"` at a million actions), or fetch every match and sort it (400,000 for
/// `services`). Each action's indexed text therefore also holds the month it was signed in, as a
/// lexeme no text can make (`~2025-08`; `~` alone for an action without a date). The walk first
/// reads the next two thousand actions in order (``probe(for:)``), among which a common term's
/// page is found; then asks the index for the matches of the rest of that month, then of the two
/// months before, the four before those, and so on: the index intersects the query's lexemes with
/// the months', so each step costs what its own matches cost. After ``windows`` steps the rest is
/// read at once, so a term that matches little costs one more query, not one per month.
struct PostgresFullTextWalk {
    /// The `tsquery` every match satisfies.
    var fullText: String
    /// Conditions on `a` (actions) and `v` (current versions), and their values.
    var conditions: [String]
    var arguments: [SQLArgument]

    /// Actions read in order before the walk turns to the months, for `count` matches: enough for
    /// a term on 2.5% of actions to fill the page, at most 2,000. Asking the index for a common
    /// term's matches costs what its whole posting list does (30 ms for `services`, on 400,000
    /// actions), while reading 2,000 actions' text in order costs about 10 ms.
    static func probe(for count: Int) -> Int { min(2_000, 40 * count) }

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
    ) async throws -> [SearchMatch] {
        let newest = order == .newest
        let (after, direction) = newest ? ("<", "DESC") : (">", "ASC")
        let position = "(a.signed_date, a.ordering_key)"
        var bounds: [String] = []
        var boundValues: [SQLArgument] = []
        if let cursor {
            bounds.append("\(position) \(after) (?, ?)")
            boundValues += [.text(cursor.signedDate), .integer(cursor.orderingKey)]
        }
        // The next ``probe(for:)`` actions first, whatever they hold, each one's text tested on its
        // own row: asked to join, the planner misjudged a phrase's matches (2,731 for 31,920 of
        // `"stop work"`) and read them all to hash them, 64 ms where the probe's rows take 6.
        let plainText = "document @@ to_tsquery('contractwatch', ?)"
        let probeEnd = try await session.row(
            """
            SELECT a.signed_date, a.ordering_key FROM actions a \(SearchSQL.whereClause(bounds))
            ORDER BY a.signed_date \(direction), a.ordering_key \(direction) OFFSET \(Self.probe(for: count) - 1) LIMIT 1
            """, boundValues
        ).map { (signedDate: try $0.value(0, as: String.self), orderingKey: try $0.value(1, as: Int64.self)) }
        var matches = try await read(
            "(SELECT \(plainText) FROM action_search WHERE action_id = a.id)", [.text(fullText)],
            bounds + (probeEnd.map { _ in ["\(position) \(newest ? ">=" : "<=") (?, ?)"] } ?? []),
            boundValues + (probeEnd.map { [.text($0.signedDate), .integer($0.orderingKey)] } ?? []),
            limit: count, direction: direction, in: session)
        guard let probeEnd, matches.count < count else { return matches }

        // Then the months after the probe's last action, a window at a time.
        let month = String(probeEnd.signedDate.prefix(7))
        var remaining = (newest ? months : months.reversed()).filter { newest ? $0 <= month : $0 >= month }
        bounds = ["\(position) \(after) (?, ?)"]
        boundValues = [.text(probeEnd.signedDate), .integer(probeEnd.orderingKey)]
        var width = 1
        var step = 0
        var lastRead: String?
        while matches.count < count, !remaining.isEmpty {
            step += 1
            if step < Self.windows {
                let window = remaining.prefix(width)
                remaining.removeFirst(window.count)
                lastRead = window.last
                width *= 2
                matches += try await read(
                    Self.indexed("document @@ (to_tsquery('contractwatch', ?) && ?::tsquery)"),
                    [.text(fullText), .text(window.map(Self.quotedMonth).joined(separator: " | "))], bounds,
                    boundValues,
                    limit: count - matches.count, direction: direction, in: session)
            } else {
                // The rest at once: every month past the last window read.
                remaining = []
                matches += try await read(
                    Self.indexed(plainText), [.text(fullText)], bounds + ["left(a.signed_date, 7) \(after) ?"],
                    boundValues + [.text(lastRead ?? month)], limit: count - matches.count, direction: direction,
                    in: session)
            }
        }
        return matches
    }

    /// The actions whose indexed text satisfies `condition` (on `action_search`), found by the index.
    private static func indexed(_ condition: String) -> String {
        "a.id IN (SELECT action_id FROM action_search WHERE \(condition))"
    }

    /// The first `limit` actions within `bounds` that satisfy `text` (a condition on `a`), in order.
    private func read(
        _ text: String, _ textValues: [SQLArgument], _ bounds: [String], _ boundValues: [SQLArgument], limit: Int,
        direction: String, in session: PostgresSession
    ) async throws -> [SearchMatch] {
        let needsVersions = conditions.contains { $0.contains("v.") }
        return try await session.rows(
            """
            SELECT a.id, a.signed_date, a.ordering_key FROM actions a
            \(needsVersions ? "JOIN action_versions v ON v.id = a.current_version_id" : "")
            WHERE \(text)
            \((conditions + bounds).map { "AND " + $0 }.joined(separator: " "))
            ORDER BY a.signed_date \(direction), a.ordering_key \(direction) LIMIT ?
            """, textValues + arguments + boundValues + [.integer(Int64(limit))]
        ).map(SearchMatch.init)
    }

    /// A month as a quoted `tsquery` lexeme.
    private static func quotedMonth(_ prefix: String) -> String {
        "'~" + prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }
}

extension SearchMatch {
    /// A match from a row whose first three columns are the action's id, signed date and ordering
    /// key, as both of PostgreSQL's walks select them.
    init(_ row: PostgresRandomAccessRow) throws {
        self.init(id: try row.value(0), signedDate: try row.value(1), orderingKey: try row.value(2))
    }
}
