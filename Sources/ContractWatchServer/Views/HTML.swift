import FPDS

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
        guard text.utf8.contains(where: needsAttention) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case _ where !InputText.isAllowedInFreeText(scalar): result.unicodeScalars.append("\u{FFFD}")
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether a UTF-8 byte may need escaping or replacing: markup, a control other than tab, LF
    /// and CR, DEL, or any byte of a non-ASCII character (C1 controls and U+FFFE/U+FFFF are among
    /// those).
    private static func needsAttention(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        case UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): false
        case ..<0x20, 0x7F...: true
        default: false
        }
    }
}
