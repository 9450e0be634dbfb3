/// Why an FPDS document, or one entry of it, could not be read.
///
/// Every case names the file, the entry (1-based, when the problem is inside one) and, for
/// record problems, the element path below the record element, so a user can find the bytes.
package enum FPDSParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes are not well-formed XML (or are cut short); entries before `entry` were read.
    case malformedXML(file: String, entry: Int?, line: Int, column: Int, reason: String)
    /// The root element is not an ATOM feed, an FPDS archive list or an FPDS record.
    case unsupportedDocument(file: String, rootElement: String)
    /// An entry's `<content>` holds no FPDS record element (or an unknown one).
    case missingRecord(file: String, entry: Int, found: String?)
    /// A required element (PIID, agency, modification number) is absent or empty.
    case missingElement(file: String, entry: Int, record: String?, element: String)
    /// An element's text is not what its type requires (a date, an amount).
    case invalidValue(file: String, entry: Int, record: String?, element: String, value: String, expected: String)
    /// An element's text exceeds the parser's limit (FPDS's longest real values are ~4,000 bytes).
    case valueTooLong(file: String, entry: Int, record: String?, element: String, length: Int, limit: Int)

    /// The file the error belongs to.
    package var file: String {
        switch self {
        case .malformedXML(let file, _, _, _, _), .unsupportedDocument(let file, _),
            .missingRecord(let file, _, _), .missingElement(let file, _, _, _),
            .invalidValue(let file, _, _, _, _, _), .valueTooLong(let file, _, _, _, _, _):
            file
        }
    }

    /// The 1-based entry the error belongs to, if it concerns one entry.
    package var entry: Int? {
        switch self {
        case .malformedXML(_, let entry, _, _, _): entry
        case .unsupportedDocument: nil
        case .missingRecord(_, let entry, _), .missingElement(_, let entry, _, _),
            .invalidValue(_, let entry, _, _, _, _), .valueTooLong(_, let entry, _, _, _, _):
            entry
        }
    }

    /// A one-line message. Input quoted in it (file names, values, record labels, element
    /// names) is escaped with ``InputText/escaped(_:limit:)``, so no file can forge a line of
    /// output or send a terminal control sequence through it.
    package var description: String {
        InputText.escaped(message)
    }

    private var message: String {
        func at(_ entry: Int, _ record: String?) -> String {
            "entry \(entry)" + (record.map { " (\(InputText.escaped($0, limit: 80)))" } ?? "")
        }
        switch self {
        case .malformedXML(let file, let entry, let line, let column, let reason):
            let place = entry.map { " in entry \($0)" } ?? ""
            return "\(file):\(line):\(column): malformed XML\(place): \(reason)"
        case .unsupportedDocument(let file, let root):
            return "\(file): <\(InputText.escaped(root, limit: 80))> is not an FPDS ATOM feed, archive list or record"
        case .missingRecord(let file, let entry, let found):
            let detail =
                found.map { "holds <\(InputText.escaped($0, limit: 80))>, not an FPDS record" } ?? "has no FPDS record"
            return "\(file): entry \(entry): <content> \(detail)"
        case .missingElement(let file, let entry, let record, let element):
            return "\(file): \(at(entry, record)): required element \(element) is missing or empty"
        case .invalidValue(let file, let entry, let record, let element, let value, let expected):
            return
                "\(file): \(at(entry, record)): \(element) is \"\(InputText.escaped(value, limit: 60))\", expected \(expected)"
        case .valueTooLong(let file, let entry, let record, let element, let length, let limit):
            return "\(file): \(at(entry, record)): \(element) is \(length) bytes, over the \(limit)-byte limit"
        }
    }
}
