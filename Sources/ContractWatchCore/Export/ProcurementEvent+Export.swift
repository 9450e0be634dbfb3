import ContractAwards
import FPDS
import Foundation

/// The event keys of `DESIGN.md` (`id type agencyID piid modNumber date amount confidence evidence
/// detectedAt watchlistEntries`), plus `partial` and `detectionLatencySeconds`.
extension ProcurementEvent {
    /// Writes this event as a JSON object.
    package func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("id", id)
        writer.member("type", type.rawValue)
        writer.member("agencyID", action.agencyID)
        writer.member("piid", action.piid)
        writer.member("modNumber", action.modNumber)
        writer.member("date", date?.description)
        writer.member("amount", number: amount?.text)
        writer.member("confidence", number: String(confidence))
        writer.member("partial", isPartial)
        writer.key("evidence")
        writer.beginArray()
        for item in evidence { item.writeJSON(to: &writer) }
        writer.endArray()
        writer.member("detectedAt", detectedAt)
        writer.member("detectionLatencySeconds", number: detectionLatencySeconds.map(String.init))
        writer.key("watchlistEntries")
        writer.beginArray()
        for match in watchlistEntries { match.writeJSON(to: &writer) }
        writer.endArray()
        writer.endObject()
    }

    /// One JSON Lines record.
    package var jsonLine: String {
        var writer = JSONWriter()
        writeJSON(to: &writer)
        return writer.output
    }
}

extension Evidence {
    /// The evidence list in `json`, a JSON array of objects as ``writeJSON(to:)`` writes them (the
    /// form the stores keep): read without Foundation's decoder, which cost more than the rest of
    /// an event's row.
    /// - Throws: ``JSONSyntaxError``, or ``EvidenceFormatError`` when the JSON is not such a list.
    package static func list(fromJSON json: String) throws -> [Evidence] {
        guard case .array(let items) = try JSONValue(parsing: json) else { throw EvidenceFormatError(json: json) }
        do {
            return try items.map { item in
                guard let rule = try JSONValue.optionalString(item["rule"]) else {
                    throw EvidenceFormatError(json: json)
                }
                func text(_ key: String) throws -> String? { try JSONValue.optionalString(item[key]) }
                func offset(_ key: String) throws -> Int? {
                    try JSONValue.optionalNumber(item[key]).map { digits in
                        guard let value = Int(digits) else { throw EvidenceFormatError(json: json) }
                        return value
                    }
                }
                return Evidence(
                    rule: rule, code: try text("code"), text: try text("text"), start: try offset("start"),
                    end: try offset("end"), field: try text("field"), from: try text("from"), to: try text("to"))
            }
        } catch is JSONValue.KindMismatch {
            throw EvidenceFormatError(json: json)
        }
    }

    /// Writes the evidence as a JSON object, leaving out the fields its rule does not use.
    package func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("rule", rule)
        let optional: [(String, String?)] = [
            ("code", code), ("text", text), ("field", field), ("from", from), ("to", to),
        ]
        for (key, value) in optional {
            guard let value else { continue }
            writer.key(key)
            writer.string(value)
        }
        if let start, let end {
            writer.member("start", number: String(start))
            writer.member("end", number: String(end))
        }
        writer.endObject()
    }

    /// A one-line summary for terminal output.
    package var summary: String {
        if let text { return "\(rule): \"\(text.split(whereSeparator: \.isNewline).joined(separator: " "))\"" }
        if let field { return "\(rule): \(field) \(from.map { "\($0) → " } ?? "")\(to ?? "")" }
        return rule + (code.map { " (\($0))" } ?? "")
    }
}

extension WatchlistMatch {
    /// Writes the match as a JSON object: `watchlist entryID entryName score historical matchedAt
    /// vendorKey explanation` (each feature as `rule contribution detail`).
    package func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("watchlist", watchlist)
        writer.member("entryID", entryID)
        writer.member("entryName", entryName)
        writer.member("score", number: String(score))
        writer.member("historical", historical)
        writer.member("matchedAt", matchedAt)
        writer.member("vendorKey", vendorKey)
        writer.key("explanation")
        writer.beginArray()
        for feature in features {
            writer.beginObject()
            writer.member("rule", feature.rule)
            writer.member("contribution", number: String((feature.contribution * 1000).rounded() / 1000))
            writer.member("detail", feature.detail)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }

    /// One line for terminal output: what matched what, and the rules that decided it:
    /// `commercial-spyware/paragon-solutions-us 1.00: PARAGON SOLUTIONS US INC against name
    /// Paragon Solutions (US) Inc. [name.equal]`.
    package var summary: String {
        let what = features.first { $0.contribution == 0 && $0.rule.hasPrefix("name.") }?.detail
        let rules = features.filter { $0.contribution != 0 }.map(\.rule)
        let detail = what ?? features.first?.detail ?? ""
        return "\(watchlist)/\(entryID) \(String(format: "%.2f", score))\(historical ? " (historical)" : ""): \(detail)"
            + (rules.isEmpty ? "" : " [\(rules.joined(separator: ", "))]")
    }
}

/// Stored evidence that is well-formed JSON but not a list of evidence objects.
package struct EvidenceFormatError: Error, CustomStringConvertible {
    package var json: String
    package var description: String { "stored evidence is not a list of evidence objects: \(json.prefix(200))" }
}
