import ContractAwards
import FPDS

extension VersionHistory {
    /// Writes the history as a JSON object: the action's key (`agencyID piid modNumber
    /// transactionNumber idvAgencyID idvPIID kind`), `corrected`, `asFirstReported` and
    /// `asCorrected` (the changed fields' values, each an object keyed by field), `changes` (from
    /// → to), and `versions`, first published first, each with `contentHash firstSeen lastSeen
    /// lastModifiedDate source sourceLabel sourceLocation sourceURL current cited deleted changes`
    /// (`changes`: against the version before it). The shape of `versions --format json` and of
    /// each item of a contract's `versions`.
    package func writeJSON(to writer: inout JSONWriter) {
        guard let key = versions.last?.action.key else { return }
        let corrections = self.corrections
        let cited = self.cited
        writer.beginObject()
        writer.member("agencyID", key.agencyID)
        writer.member("piid", key.piid)
        writer.member("modNumber", key.modNumber)
        writer.member("transactionNumber", key.transactionNumber)
        writer.member("idvAgencyID", key.idvAgencyID)
        writer.member("idvPIID", key.idvPIID)
        writer.member("kind", key.kind.rawValue)
        writer.member("corrected", !corrections.isEmpty)
        for (name, side) in [("asFirstReported", \FieldChange.from), ("asCorrected", \FieldChange.to)] {
            writer.key(name)
            writer.beginObject()
            for change in corrections { writer.member(change.field, change[keyPath: side]) }
            writer.endObject()
        }
        writer.key("changes")
        Self.write(corrections, to: &writer)
        writer.key("versions")
        writer.beginArray()
        for (version, changes) in diffs {
            writer.beginObject()
            writer.member("contentHash", version.contentHash)
            writer.member("firstSeen", version.firstSeen)
            writer.member("lastSeen", version.lastSeen)
            writer.member("lastModifiedDate", version.action.lastModifiedDate?.description)
            writer.member("source", version.format?.rawValue)
            writer.member("sourceLabel", version.format?.label)
            writer.member("sourceLocation", version.source)
            writer.member("sourceURL", version.sourceURL)
            writer.member("current", version.isCurrent)
            writer.member("cited", version.contentHash == cited?.contentHash)
            writer.member("deleted", version.action.isDeleted)
            writer.key("changes")
            Self.write(changes, to: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }

    private static func write(_ changes: [FieldChange], to writer: inout JSONWriter) {
        writer.beginArray()
        for change in changes {
            writer.beginObject()
            writer.member("field", change.field)
            writer.member("from", change.from)
            writer.member("to", change.to)
            writer.endObject()
        }
        writer.endArray()
    }

    /// The history as text for a terminal: the key, then each version (hash, first and last
    /// seen, source, whether current or cited) with what it changed, and, when the record was
    /// corrected, the "as first reported" and "as corrected" values. Record text is escaped.
    package var text: String {
        guard let key = versions.last?.action.key else { return "" }
        var lines = [
            "Action \(key.agencyID) \(key.piid) mod \(key.modNumber)"
                + (key.transactionNumber.isEmpty ? "" : " transaction \(key.transactionNumber)")
                + (key.idvPIID.isEmpty ? "" : " under \(key.idvAgencyID) \(key.idvPIID)")
                + ": \(versions.count) version\(versions.count == 1 ? "" : "s")"
        ]
        let cited = self.cited
        for (number, (version, changes)) in diffs.enumerated() {
            var marks: [String] = []
            if version.isCurrent { marks.append("current") }
            if version.contentHash == cited?.contentHash { marks.append("cited") }
            if version.action.isDeleted { marks.append("deleted") }
            lines.append(
                "  \(number + 1). \(version.contentHash)" + (marks.isEmpty ? "" : " (\(marks.joined(separator: ", ")))")
            )
            lines.append(
                "     source \(version.format?.label ?? "unknown")" + (version.source.map { " (\($0))" } ?? "")
                    + "; modified \(version.action.lastModifiedDate?.description ?? "?")"
                    + "; seen \(version.firstSeen) … \(version.lastSeen)")
            if let url = version.sourceURL { lines.append("     \(url)") }
            for change in changes { lines.append("     \(change.field): \(change.from ?? "—") → \(change.to ?? "—")") }
        }
        let corrections = self.corrections
        if !corrections.isEmpty {
            lines.append("  Corrected since first reported:")
            for change in corrections {
                lines.append(
                    "     \(change.field): as first reported \(change.from ?? "—"), as corrected \(change.to ?? "—")")
            }
        }
        return lines.map { InputText.escaped($0) }.joined(separator: "\n")
    }
}
