/// A minimal JSON object writer with exact control over numbers: amounts are written with the
/// digits FPDS published, which `JSONEncoder` would round-trip through `Decimal` or `Double`.
package struct JSONWriter {
    package private(set) var output = ""
    private var needsComma: [Bool] = []

    /// Starts an empty document.
    package init() {}

    /// Opens `{` (as a value, or as the member whose key was just written).
    package mutating func beginObject() {
        separate()
        output += "{"
        needsComma.append(false)
    }

    /// Closes the innermost object.
    package mutating func endObject() {
        output += "}"
        needsComma.removeLast()
    }

    /// Opens `[`.
    package mutating func beginArray() {
        separate()
        output += "["
        needsComma.append(false)
    }

    /// Closes the innermost array.
    package mutating func endArray() {
        output += "]"
        needsComma.removeLast()
    }

    /// Writes `"name":` inside an object; the next value call completes the member.
    package mutating func key(_ name: String) {
        separate()
        Self.appendQuoted(name, to: &output)
        output += ":"
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    /// Writes a string value, escaped, or `null`.
    package mutating func string(_ value: String?) {
        separate()
        if let value { Self.appendQuoted(value, to: &output) } else { output += "null" }
    }

    /// Writes a number from its decimal text, verbatim when it is valid JSON.
    package mutating func number(_ text: String?) {
        separate()
        guard let text else {
            output += "null"
            return
        }
        output += Self.jsonNumber(text)
    }

    /// Writes `true` or `false`.
    package mutating func bool(_ value: Bool) {
        separate()
        output += value ? "true" : "false"
    }

    /// Writes `null`.
    package mutating func null() {
        separate()
        output += "null"
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
        if last { output += "," } else { needsComma[needsComma.count - 1] = true }
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

    static func appendQuoted(_ value: String, to output: inout String) {
        output += "\""
        defer { output += "\"" }
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
            output += value
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            // Every C0 control (RFC 8259 requires it), and DEL and the C1 controls too: JSON is
            // also read in terminals, where U+009B starts an escape sequence as ESC [ does.
            case let control where control.value < 0x20 || (0x7F...0x9F).contains(control.value):
                let hex = String(control.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            default: output.unicodeScalars.append(scalar)
            }
        }
    }
}
