import FPDS

/// Why a SAM.gov or USAspending document, or one record of it, could not be read.
///
/// Every case names the file, the record (1-based, when the problem is inside one) and, for
/// record problems, the field: a dotted JSON path below the award object (`contractId.piid`) or a
/// CSV column name (`award_id_piid`). CSV record labels start with the row's line number.
package enum AwardParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes are not well-formed JSON (or are cut short); records before `record` were read.
    case malformedJSON(file: String, record: Int?, line: Int, column: Int, reason: String)
    /// The CSV cannot be split into rows (a quoted field never closes); rows before `record` were read.
    case malformedCSV(file: String, record: Int?, line: Int, reason: String)
    /// Well-formed, but not a document of the format (an extract acknowledgement, a JSON array).
    case unsupportedDocument(file: String, reason: String)
    /// The CSV header lacks columns the mapping needs; no row was read.
    case missingColumns(file: String, columns: [String])
    /// A CSV row has a different number of fields than the header.
    case wrongFieldCount(file: String, record: Int, line: Int, found: Int, expected: Int)
    /// A required field (agency, PIID, modification number) is absent or empty.
    case missingField(file: String, record: Int, label: String?, field: String)
    /// A JSON field holds the wrong kind of value (an object where a string belongs).
    case unexpectedType(file: String, record: Int?, label: String?, field: String, found: String, expected: String)
    /// A field's text is not what its type requires (a date, an amount, a known flag).
    case invalidValue(file: String, record: Int, label: String?, field: String, value: String, expected: String)

    /// The file the error belongs to.
    package var file: String {
        switch self {
        case .malformedJSON(let file, _, _, _, _), .malformedCSV(let file, _, _, _),
            .unsupportedDocument(let file, _), .missingColumns(let file, _),
            .wrongFieldCount(let file, _, _, _, _), .missingField(let file, _, _, _),
            .unexpectedType(let file, _, _, _, _, _), .invalidValue(let file, _, _, _, _, _):
            file
        }
    }

    /// The 1-based record the error belongs to, if it concerns one record.
    package var record: Int? {
        switch self {
        case .malformedJSON(_, let record, _, _, _), .malformedCSV(_, let record, _, _),
            .unexpectedType(_, let record, _, _, _, _):
            record
        case .unsupportedDocument, .missingColumns: nil
        case .wrongFieldCount(_, let record, _, _, _), .missingField(_, let record, _, _),
            .invalidValue(_, let record, _, _, _, _):
            record
        }
    }

    /// The JSON path or CSV column the error concerns, if any.
    package var field: String? {
        switch self {
        case .missingField(_, _, _, let field), .unexpectedType(_, _, _, let field, _, _),
            .invalidValue(_, _, _, let field, _, _):
            field
        case .missingColumns(_, let columns): columns.first
        case .malformedJSON, .malformedCSV, .unsupportedDocument, .wrongFieldCount: nil
        }
    }

    /// A one-line message: `file[:line[:column]]: record N (label): the problem`. Input quoted
    /// in it (file names, values, labels, column names) is escaped with
    /// `InputText.escaped(_:limit:)`, so no file can forge a line of output or send a terminal
    /// control sequence through it.
    package var description: String {
        InputText.escaped(message)
    }

    private var message: String {
        func at(_ record: Int, _ label: String?) -> String {
            "record \(record)" + (label.map { " (\(InputText.escaped($0, limit: 80)))" } ?? "")
        }
        switch self {
        case .malformedJSON(let file, let record, let line, let column, let reason):
            let place = record.map { " in record \($0)" } ?? ""
            return "\(file):\(line):\(column): malformed JSON\(place): \(reason)"
        case .malformedCSV(let file, let record, let line, let reason):
            let place = record.map { " in record \($0)" } ?? ""
            return "\(file):\(line): malformed CSV\(place): \(reason)"
        case .unsupportedDocument(let file, let reason):
            return "\(file): \(reason)"
        case .missingColumns(let file, let columns):
            let list = columns.map { "\"\(InputText.escaped($0, limit: 80))\"" }.joined(separator: ", ")
            return "\(file):1: the header has no column \(list), which the mapping requires"
        case .wrongFieldCount(let file, let record, let line, let found, let expected):
            return "\(file):\(line): record \(record) has \(found) fields, but the header has \(expected)"
        case .missingField(let file, let record, let label, let field):
            return "\(file): \(at(record, label)): required field \(field) is missing or empty"
        case .unexpectedType(let file, let record, let label, let field, let found, let expected):
            let place = record.map { at($0, label) + ": " } ?? ""
            return "\(file): \(place)\(field) is \(found), expected \(expected)"
        case .invalidValue(let file, let record, let label, let field, let value, let expected):
            return
                "\(file): \(at(record, label)): \(InputText.escaped(field, limit: 80)) is "
                + "\"\(InputText.escaped(value, limit: 60))\", expected \(expected)"
        }
    }
}
