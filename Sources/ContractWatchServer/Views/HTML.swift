/// Escaping for text placed in HTML, SVG and Atom (element content and quoted attribute values).
package enum HTML {
    /// `text` escaped for markup, holding only characters legal in XML 1.0.
    ///
    /// `&`, `<`, `>`, `"` and `'` become references. Characters no XML 1.0 document may hold (C0
    /// controls other than tab, LF and CR, and U+FFFE and U+FFFF), and DEL and the C1 controls,
    /// which HTML calls parse errors, become U+FFFD, by `InputText.neutralised(_:)`'s rule, so
    /// a record that stored one (from before the parsers neutralised free text, or from a key)
    /// cannot make a page or feed stop being well-formed. Swift strings hold no lone surrogates,
    /// so nothing else can be illegal.
    package static func escape(_ text: String) -> String {
        // Most text needs nothing: one pass over its bytes says so without building a copy.
        guard text.utf8.contains(where: mayNeedAttention) else { return text }
        // Byte by byte, not scalar by scalar: appending scalars one at a time was a tenth of a
        // watchlist feed's time. Swift strings are valid UTF-8, so the refused characters are
        // the byte sequences matched below.
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + bytes.count / 8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var width = 1
            switch byte {
            case UInt8(ascii: "&"): result += "&amp;".utf8
            case UInt8(ascii: "<"): result += "&lt;".utf8
            case UInt8(ascii: ">"): result += "&gt;".utf8
            case UInt8(ascii: "\""): result += "&quot;".utf8
            case UInt8(ascii: "'"): result += "&#39;".utf8
            case UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): result.append(byte)
            case ..<0x20, 0x7F: result += replacement
            case 0xC2 where index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]):
                result += replacement  // a C1 control, U+0080–U+009F
                width = 2
            case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE:
                result += replacement  // U+FFFE or U+FFFF
                width = 3
            default: result.append(byte)
            }
            index += width
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// U+FFFD, in UTF-8.
    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Whether a UTF-8 byte may begin something to escape or replace: markup, a control other
    /// than tab, LF and CR, DEL, or the lead byte of a C1 control (0xC2) or of U+FFFE/U+FFFF (0xEF).
    private static func mayNeedAttention(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        case UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): false
        case ..<0x20, 0x7F, 0xC2, 0xEF: true
        default: false
        }
    }
}
