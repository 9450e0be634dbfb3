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
        // Most text holds no markup: one pass over its bytes says so without building a copy.
        InputText.neutralised(text.utf8.contains(where: isMarkup) ? escapingMarkup(text) : text)
    }

    /// `text` with its markup characters replaced by references, byte by byte: appending Unicode
    /// scalars one at a time was a tenth of a watchlist feed's time.
    private static func escapingMarkup(_ text: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): result += "&amp;".utf8
            case UInt8(ascii: "<"): result += "&lt;".utf8
            case UInt8(ascii: ">"): result += "&gt;".utf8
            case UInt8(ascii: "\""): result += "&quot;".utf8
            case UInt8(ascii: "'"): result += "&#39;".utf8
            default: result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func isMarkup(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        default: false
        }
    }
}
