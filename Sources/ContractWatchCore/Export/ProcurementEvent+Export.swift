import FPDS

/// The event keys of `DESIGN.md` (`id type agencyID piid modNumber date amount confidence evidence
/// detectedAt watchlistEntries`), plus `partial`.
extension ProcurementEvent {
    /// Writes this event as a JSON object.
    package func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.string(id)
        writer.key("type")
        writer.string(type.rawValue)
        writer.key("agencyID")
        writer.string(action.agencyID)
        writer.key("piid")
        writer.string(action.piid)
        writer.key("modNumber")
        writer.string(action.modNumber)
        writer.key("date")
        writer.string(date?.description)
        writer.key("amount")
        writer.number(amount?.text)
        writer.key("confidence")
        writer.number(String(confidence))
        writer.key("partial")
        writer.bool(isPartial)
        writer.key("evidence")
        writer.beginArray()
        for item in evidence { item.writeJSON(to: &writer) }
        writer.endArray()
        writer.key("detectedAt")
        writer.string(detectedAt)
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
        writer.key("rule")
        writer.string(rule)
        let optional: [(String, String?)] = [
            ("code", code), ("text", text), ("field", field), ("from", from), ("to", to),
        ]
        for (key, value) in optional {
            guard let value else { continue }
            writer.key(key)
            writer.string(value)
        }
        if let start, let end {
            writer.key("start")
            writer.number(String(start))
            writer.key("end")
            writer.number(String(end))
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
