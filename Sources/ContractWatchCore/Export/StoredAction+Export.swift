package import FPDS
import Foundation

/// The action keys of `DESIGN.md`, in order: the stable JSON and CSV contract.
extension StoredAction {
    /// Column names of `export --format csv`, identical to the JSON keys.
    package static let exportKeys = [
        "agencyID", "piid", "modNumber", "transactionNumber", "idvAgencyID", "idvPIID", "kind", "signedDate",
        "effectiveDate", "currentCompletionDate", "ultimateCompletionDate", "obligatedAmount",
        "baseAndExercisedOptionsValue", "baseAndAllOptionsValue", "totalObligatedAmount", "contractActionType",
        "reasonForModification", "description", "vendorName", "vendorUEI", "ultimateParentUEI", "ultimateParentName",
        "cageCode", "contractingAgencyID", "contractingOfficeID", "fundingAgencyID", "productOrServiceCode",
        "naicsCode", "lastModifiedDate", "firstSeen", "lastSeen", "sourceURL",
    ]

    /// A value of one export column.
    package enum ExportValue: Sendable, Hashable {
        case string(String?)
        case number(String?)
        case code(FPDSCode?)
    }

    /// The export columns and their values, in ``exportKeys`` order.
    package var exportValues: [(key: String, value: ExportValue)] {
        let action = self.action
        let key = action.key
        func text(_ value: String) -> ExportValue { .string(value.isEmpty ? nil : value) }
        func date(_ value: FPDSDateTime?) -> ExportValue { .string(value?.description) }
        return [
            ("agencyID", text(key.agencyID)), ("piid", text(key.piid)), ("modNumber", text(key.modNumber)),
            ("transactionNumber", text(key.transactionNumber)), ("idvAgencyID", text(key.idvAgencyID)),
            ("idvPIID", text(key.idvPIID)), ("kind", .string(key.kind.rawValue)),
            ("signedDate", date(action.signedDate)), ("effectiveDate", date(action.effectiveDate)),
            ("currentCompletionDate", date(action.currentCompletionDate)),
            ("ultimateCompletionDate", date(action.ultimateCompletionDate)),
            ("obligatedAmount", .number(action.obligatedAmount?.text)),
            ("baseAndExercisedOptionsValue", .number(action.baseAndExercisedOptionsValue?.text)),
            ("baseAndAllOptionsValue", .number(action.baseAndAllOptionsValue?.text)),
            ("totalObligatedAmount", .number(action.totalObligatedAmount?.text)),
            ("contractActionType", .code(action.contractActionType)),
            ("reasonForModification", .code(action.reasonForModification)),
            ("description", .string(action.description)), ("vendorName", .string(action.vendorName)),
            ("vendorUEI", .string(action.vendorUEI)), ("ultimateParentUEI", .string(action.ultimateParentUEI)),
            ("ultimateParentName", .string(action.ultimateParentName)), ("cageCode", .string(action.cageCode)),
            ("contractingAgencyID", .string(action.contractingAgency?.code)),
            ("contractingOfficeID", .string(action.contractingOffice?.code)),
            ("fundingAgencyID", .string(action.fundingAgency?.code)),
            ("productOrServiceCode", .code(action.productOrServiceCode)), ("naicsCode", .code(action.naicsCode)),
            ("lastModifiedDate", date(action.lastModifiedDate)), ("firstSeen", .string(firstSeen)),
            ("lastSeen", .string(lastSeen)), ("sourceURL", .string(sourceURL)),
        ]
    }

    /// Writes this action as a JSON object with the keys of `DESIGN.md`, and `"deleted": true`
    /// when this version is a deletion notice (the key is left out otherwise, so a live record's
    /// JSON stays exactly the fixed keys; `firstSeen` then says when the deletion was seen).
    package func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        for (key, value) in exportValues {
            writer.key(key)
            switch value {
            case .string(let text): writer.string(text)
            case .number(let text): writer.number(text)
            case .code(let code):
                if let code {
                    writer.beginObject()
                    writer.member("code", code.code)
                    writer.member("description", code.description)
                    writer.endObject()
                } else {
                    writer.null()
                }
            }
        }
        if action.isDeleted { writer.member("deleted", true) }
        writer.endObject()
    }

    /// One JSON Lines record.
    package var jsonLine: String {
        var writer = JSONWriter()
        writeJSON(to: &writer)
        return writer.output
    }

    /// One CSV row (RFC 4180 quoting); code columns hold the code, as USAspending's do.
    package var csvRow: String {
        exportValues.map { _, value in
            switch value {
            case .string(let text), .number(let text): CSV.field(text)
            case .code(let code): CSV.field(code?.code)
            }
        }.joined(separator: ",")
    }
}

/// RFC 4180 field quoting, with spreadsheet formulas neutralised.
package enum CSV {
    /// A field: a cell a spreadsheet would read as a formula gets a leading `'`, then the field is
    /// quoted when it holds a comma, quote or line break; nil is an empty field.
    package static func field(_ value: String?) -> String {
        guard let value else { return "" }
        let cell = neutralised(value)
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `value` with a `'` in front when it begins with `=`, `+`, `-`, `@`, tab or carriage return,
    /// which spreadsheets read as the start of a formula (OWASP's CSV injection advice), so that a
    /// published description such as `=HYPERLINK(…)` stays text.
    ///
    /// A plain decimal number (`-1500.00`, as FPDS publishes de-obligations) is left alone: it
    /// cannot be a formula, and prefixing it would turn every negative amount into text. Only the
    /// pattern `-?digits(.digits)?` is exempt; `-1+2` or `-1e3` are prefixed.
    package static func neutralised(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        return isPlainNumber(value) ? value : "'" + value
    }

    private static func isPlainNumber(_ value: String) -> Bool {
        var digits = value.utf8.dropFirst(value.utf8.first == UInt8(ascii: "-") ? 1 : 0)
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        let whole = digits.prefix(while: isDigit)
        guard !whole.isEmpty else { return false }
        digits = digits.dropFirst(whole.count)
        guard let point = digits.first else { return true }
        guard point == UInt8(ascii: "."), digits.count > 1 else { return false }
        return digits.dropFirst().allSatisfy(isDigit)
    }

    /// The header row of `export --format csv`.
    package static var exportHeader: String { StoredAction.exportKeys.joined(separator: ",") }
}
