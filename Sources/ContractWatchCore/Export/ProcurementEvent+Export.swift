import FPDS

/// The event keys of `DESIGN.md` (`id type agencyID piid modNumber date amount confidence evidence
/// detectedAt watchlistEntries`), plus `partial`.
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
        writer.key("watchlistEntries")
        writer.beginArray()
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
