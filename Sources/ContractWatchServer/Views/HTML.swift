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
}
