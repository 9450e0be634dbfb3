/// A minimal JSON object writer with exact control over numbers: amounts are written with the
/// digits FPDS published, which `JSONEncoder` would round-trip through `Decimal` or `Double`.
///
/// It writes UTF-8 bytes and makes the text once at the end: appending to a `String` piece by
/// piece was most of the time spent writing a contract's JSON.
package struct JSONWriter {
    private var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    /// The document written so far.
    package var output: String { String(decoding: bytes, as: UTF8.self) }

    /// Starts an empty document.
    package init() {}

    /// Opens `{` (as a value, or as the member whose key was just written).
    package mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    /// Closes the innermost object.
    package mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma.removeLast()
    }

    /// Opens `[`.
    package mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    /// Closes the innermost array.
    package mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma.removeLast()
    }

    /// Writes `"name":` inside an object; the next value call completes the member.
    package mutating func key(_ name: String) {
        separate()
        Self.appendQuoted(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    /// Writes a string value, escaped, or `null`.
    package mutating func string(_ value: String?) {
        separate()
        if let value { Self.appendQuoted(value, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
    }

    /// Writes a number from its decimal text, verbatim when it is valid JSON.
    package mutating func number(_ text: String?) {
        separate()
        guard let text else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        bytes.append(contentsOf: Self.jsonNumber(text).utf8)
    }

    /// Writes `true` or `false`.
    package mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Writes `null`.
    package mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    // MARK: Members

    /// Writes `"key": "value"` (or `null`).
    package mutating func member(_ key: String, _ value: String?) {
        self.key(key)
        string(value)
    }

    /// Writes `"key": number`, the number given as decimal text (or `null`).
    package mutating func member(_ key: String, number: String?) {
        self.key(key)
        self.number(number)
    }

    /// Writes `"key": true|false`.
    package mutating func member(_ key: String, _ value: Bool) {
        self.key(key)
        bool(value)
    }

    private mutating func separate() {
        guard let last = needsComma.last else { return }
        if last { bytes.append(UInt8(ascii: ",")) } else { needsComma[needsComma.count - 1] = true }
    }

    /// JSON forbids a leading `+` and leading zeros; FPDS amounts rarely have them, but never
    /// emit invalid JSON.
    static func jsonNumber(_ text: String) -> String {
        var digits = Substring(text)
        var sign = ""
        if digits.first == "+" { digits = digits.dropFirst() }
        if digits.first == "-" {
            sign = "-"
            digits = digits.dropFirst()
        }
        while digits.count > 1, digits.first == "0", digits.dropFirst().first != "." { digits = digits.dropFirst() }
        if digits.first == "." { digits = "0" + digits }
        return sign + digits
    }

    static func appendQuoted(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        defer { bytes.append(UInt8(ascii: "\"")) }
        // Most text needs no escape and is copied whole: appending it a character at a time was
        // a sixth of a search request's time. These bytes begin every character rewritten below
        // (0xC2 the C1 controls, 0xE2 the line and paragraph separators), and a few others.
        let mayNeedEscape: (UInt8) -> Bool = { byte in
            byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xC2 || byte == 0xE2
        }
        let clean =
            value.utf8.withContiguousStorageIfAvailable { !$0.contains(where: mayNeedEscape) }
            ?? !value.utf8.contains(where: mayNeedEscape)
        if clean {
            bytes.append(contentsOf: value.utf8)
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": bytes.append(contentsOf: "\\\"".utf8)
            case "\\": bytes.append(contentsOf: "\\\\".utf8)
            case "\n": bytes.append(contentsOf: "\\n".utf8)
            case "\r": bytes.append(contentsOf: "\\r".utf8)
            case "\t": bytes.append(contentsOf: "\\t".utf8)
            // Every C0 control (RFC 8259 requires it), and DEL and the C1 controls too: JSON is
            // also read in terminals, where U+009B starts an escape sequence as ESC [ does.
            case let control where control.value < 0x20 || (0x7F...0x9F).contains(control.value):
                let hex = String(control.value, radix: 16)
                bytes.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            case "\u{2028}": bytes.append(contentsOf: "\\u2028".utf8)
            case "\u{2029}": bytes.append(contentsOf: "\\u2029".utf8)
            default: UTF8.encode(scalar) { bytes.append($0) }
            }
        }
    }
}
