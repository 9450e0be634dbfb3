package import FPDS

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits RFC 4180 CSV into rows, one at a time, over a byte buffer.
///
/// Fields are separated by commas; a field that starts with `"` is quoted and may hold commas,
/// line breaks and `""` (one quote). Rows end at CRLF, LF or a lone CR. Blank lines are skipped.
/// Lenient where RFC 4180 is strict and the intent is clear: a quote inside an unquoted field,
/// or text after a closing quote, is kept as text. The one unrecoverable error is a quoted field
/// that never closes.
package struct CSVReader {
    /// One row: its fields, where its bytes are, and the line it starts on.
    package struct Row {
        /// The fields, unquoted, in column order.
        package var fields: [String]
        /// The row's bytes in the buffer, without its line break.
        package var range: Range<Int>
        /// 1-based line number of the row's first byte.
        package var line: Int
        /// The first field whose bytes are not UTF-8 or hold NUL, and which; its text in
        /// `fields` has U+FFFD in place of the bad bytes.
        package var badField: (index: Int, problem: InputText.ByteProblem)?
    }

    /// A quoted field opened on `line` runs to the end of the buffer.
    package struct UnterminatedQuote: Error {
        /// The line the quoted field opens on.
        package var line: Int
        /// The line the row holding it starts on.
        package var rowLine: Int
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0
    /// The line `position` is on.
    private(set) var line = 1
    private var field: [UInt8] = []

    /// A reader at the start of `bytes`, past a UTF-8 byte order mark if there is one.
    package init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// The next non-blank row, or nil at the end of the buffer.
    /// - Throws: ``UnterminatedQuote`` when a quoted field runs to the end of the buffer.
    package mutating func nextRow() throws(UnterminatedQuote) -> Row? {
        while position < bytes.count {
            let start = position
            let startLine = line
            var fields: [String] = []
            var badField: (index: Int, problem: InputText.ByteProblem)?
            var atFieldStart = true
            field.removeAll(keepingCapacity: true)
            var end = bytes.count
            scan: while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "\"") where atFieldStart:
                    try readQuoted(rowLine: startLine)
                    atFieldStart = false
                case UInt8(ascii: ","):
                    appendField(to: &fields, noting: &badField)
                    field.removeAll(keepingCapacity: true)
                    atFieldStart = true
                    position += 1
                case 0x0A, 0x0D:
                    end = position
                    position += byte == 0x0D && position + 1 < bytes.count && bytes[position + 1] == 0x0A ? 2 : 1
                    line += 1
                    break scan
                default:
                    // Copy the run up to the next delimiter, quote or line break at once.
                    let runStart = position
                    position += 1
                    while position < bytes.count {
                        let next = bytes[position]
                        if next == UInt8(ascii: ",") || next == 0x0A || next == 0x0D { break }
                        position += 1
                    }
                    field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                    atFieldStart = false
                }
            }
            if start == end { continue }  // a blank line
            appendField(to: &fields, noting: &badField)
            // A NUL byte is valid UTF-8, so look for one apart: one memchr over the row.
            if badField == nil, let base = bytes.baseAddress, memchr(base + start, 0, end - start) != nil,
                let index = fields.firstIndex(where: { $0.utf8.contains(0) })
            {
                badField = (index, .nulByte)
            }
            return Row(fields: fields, range: start..<end, line: startLine, badField: badField)
        }
        return nil
    }

    /// Ends the field being read. Validating costs what lossy decoding does, and names the field
    /// whose bytes are not UTF-8.
    private func appendField(
        to fields: inout [String], noting badField: inout (index: Int, problem: InputText.ByteProblem)?
    ) {
        if let text = field.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) {
            fields.append(text)
        } else {
            if badField == nil { badField = (fields.count, .invalidUTF8) }
            fields.append(String(decoding: field, as: UTF8.self))
        }
    }

    /// Reads a quoted field from its opening quote through its closing quote.
    private mutating func readQuoted(rowLine: Int) throws(UnterminatedQuote) {
        let openLine = line
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "\"") {
                    field.append(byte)
                    position += 2
                    continue
                }
                position += 1
                return
            }
            if byte == 0x0A || (byte == 0x0D && (position + 1 == bytes.count || bytes[position + 1] != 0x0A)) {
                line += 1
            }
            field.append(byte)
            position += 1
        }
        throw UnterminatedQuote(line: openLine, rowLine: rowLine)
    }
}
