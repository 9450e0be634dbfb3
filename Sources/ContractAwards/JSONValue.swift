/// A JSON value as read: strings decoded, numbers kept as their published text, object members
/// in document order (duplicates kept; lookups take the last, as most JSON readers do).
package indirect enum JSONValue: Sendable {
    case object([Member])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    package struct Member: Sendable {
        package var key: String
        package var value: JSONValue
    }

    /// The value of the last member named `key`, if this is an object.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// Why a member does not hold the kind of value its reader asks for.
    package struct KindMismatch: Error, Sendable {
        /// "a string", "a number".
        package var expected: String
        /// What the member holds instead, as ``JSONValue/kindDescription`` says it.
        package var found: String
    }

    /// The text of a member that may be absent or null (nil then) or hold a string.
    /// - Throws: ``KindMismatch`` when it holds anything else.
    package static func optionalString(_ member: JSONValue?) throws(KindMismatch) -> String? {
        switch member {
        case nil, .null?: nil
        case .string(let text)?: text
        case let other?: throw KindMismatch(expected: "a string", found: other.kindDescription)
        }
    }

    /// The published text of a member that may be absent or null (nil then) or hold a number.
    /// - Throws: ``KindMismatch`` when it holds anything else.
    package static func optionalNumber(_ member: JSONValue?) throws(KindMismatch) -> String? {
        switch member {
        case nil, .null?: nil
        case .number(let text)?: text
        case let other?: throw KindMismatch(expected: "a number", found: other.kindDescription)
        }
    }

    /// "an object", "a string", …, for error messages.
    var kindDescription: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    // MARK: - Canonical form

    /// Appends the canonical serialisation: members sorted by the UTF-8 bytes of their keys
    /// (stable, so duplicates keep their order), no whitespace, strings with the minimal escapes
    /// (`\"`, `\\` and control characters), numbers as published.
    func appendCanonical(to output: inout [UInt8]) {
        switch self {
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            let sorted = members.enumerated().sorted { left, right in
                let (leftKey, rightKey) = (left.element.key.utf8, right.element.key.utf8)
                if leftKey.elementsEqual(rightKey) { return left.offset < right.offset }
                return leftKey.lexicographicallyPrecedes(rightKey)
            }
            for (index, member) in sorted.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.appendString(member.element.key, to: &output)
                output.append(UInt8(ascii: ":"))
                member.element.value.appendCanonical(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.appendCanonical(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .string(let text):
            Self.appendString(text, to: &output)
        case .number(let text):
            output.append(contentsOf: text.utf8)
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .null:
            output.append(contentsOf: "null".utf8)
        }
    }

    private static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy them whole.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            output.append(contentsOf: text.utf8)
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            case 0x0A: output.append(contentsOf: #"\n"#.utf8)
            case 0x0D: output.append(contentsOf: #"\r"#.utf8)
            case 0x09: output.append(contentsOf: #"\t"#.utf8)
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: #"\u00"#.utf8)
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// The one JSON value that `text` is, whitespace around it allowed.
    /// - Throws: ``JSONSyntaxError`` where the text is not one well-formed value.
    package init(parsing text: String) throws(JSONSyntaxError) {
        var text = text
        let parsed: Result<JSONValue, JSONSyntaxError> = text.withUTF8 { bytes in
            var reader = JSONReader(bytes: bytes)
            do throws(JSONSyntaxError) {
                let value = try reader.readValue()
                guard reader.peek() == nil else {
                    throw JSONSyntaxError(offset: reader.position, reason: "text after the value")
                }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        self = try parsed.get()
    }
}

/// Where and why JSON text stopped being well-formed.
package struct JSONSyntaxError: Error, Sendable {
    /// Byte offset of the problem in the document.
    package var offset: Int
    package var reason: String
}

/// A recursive-descent JSON reader over a byte buffer (RFC 8259), one value at a time, so a
/// caller can stream the elements of a large array. Strings must be valid JSON strings (no raw
/// control characters). A string whose bytes are not UTF-8 is read with U+FFFD in their place
/// and noted in ``invalidString``, so the caller can refuse the record it belongs to without
/// losing the rest of the document.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position: Int
    /// The first string since ``resetInvalidString()`` whose bytes were not UTF-8: the member
    /// names leading to it (dotted, from the value being read), and its text as replaced.
    private(set) var invalidString: (path: String, text: String)?
    /// The member names from the value ``resetInvalidString()`` started at down to the one read.
    private var memberPath: [String] = []
    /// Deeper nesting is rejected rather than risk the stack; SAM records nest 6 levels.
    let maximumDepth = 128

    init(bytes: UnsafeBufferPointer<UInt8>, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var isAtEnd: Bool { position >= bytes.count }

    /// Forgets any invalid string, before reading a value that must be judged on its own.
    mutating func resetInvalidString() {
        invalidString = nil
        memberPath.removeAll(keepingCapacity: true)
    }

    /// Skips JSON whitespace and returns the next byte without consuming it.
    mutating func peek() -> UInt8? {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return bytes[position]
            }
        }
        return nil
    }

    /// Skips a UTF-8 byte order mark at the start.
    mutating func skipByteOrderMark() {
        if position == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// Consumes `byte` (after whitespace) or throws, naming what was expected.
    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard let next = peek() else { throw JSONSyntaxError(offset: position, reason: "truncated: expected \(what)") }
        guard next == byte else {
            throw JSONSyntaxError(offset: position, reason: "expected \(what), found \(Self.describe(next))")
        }
        position += 1
    }

    /// Consumes `byte` if it is next (after whitespace).
    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        position += 1
        return true
    }

    /// Reads one complete value.
    mutating func readValue(depth: Int = 0) throws(JSONSyntaxError) -> JSONValue {
        guard depth < maximumDepth else {
            throw JSONSyntaxError(offset: position, reason: "nested deeper than \(maximumDepth) levels")
        }
        guard let next = peek() else { throw JSONSyntaxError(offset: position, reason: "truncated: expected a value") }
        switch next {
        case UInt8(ascii: "{"):
            position += 1
            var members: [JSONValue.Member] = []
            if consume(UInt8(ascii: "}")) { return .object(members) }
            repeat {
                guard peek() == UInt8(ascii: "\"") else {
                    throw JSONSyntaxError(offset: position, reason: "expected a member name, found \(describeNext())")
                }
                let key = try readString()
                try expect(UInt8(ascii: ":"), "':' after a member name")
                memberPath.append(key)
                members.append(JSONValue.Member(key: key, value: try readValue(depth: depth + 1)))
                memberPath.removeLast()
            } while consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"), "',' or '}' in an object")
            return .object(members)
        case UInt8(ascii: "["):
            position += 1
            var elements: [JSONValue] = []
            if consume(UInt8(ascii: "]")) { return .array(elements) }
            repeat {
                elements.append(try readValue(depth: depth + 1))
            } while consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"), "',' or ']' in an array")
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "t"):
            try readLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try readLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try readLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try readNumber())
        default:
            throw JSONSyntaxError(offset: position, reason: "expected a value, found \(Self.describe(next))")
        }
    }

    /// Reads a string (the next byte must be its opening quote).
    mutating func readString() throws(JSONSyntaxError) -> String {
        let start = position
        position += 1
        var output: [UInt8] = []
        var runStart = position
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<position])
                position += 1
                // Most strings hold no escape: decode them straight from the buffer. Validating
                // costs what lossy decoding does.
                if output.isEmpty { return validated(run) }
                output.append(contentsOf: run)
                return output.withUnsafeBufferPointer { validated($0) }
            case UInt8(ascii: "\\"):
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                try readEscape(into: &output)
                runStart = position
            case 0x00..<0x20:
                throw JSONSyntaxError(offset: position, reason: "control character \(Self.describe(byte)) in a string")
            default:
                position += 1
            }
        }
        throw JSONSyntaxError(offset: start, reason: "truncated: a string that starts here never ends")
    }

    /// `bytes` as a string; when they are not UTF-8, noted in ``invalidString`` and replaced.
    private mutating func validated(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let text = String(decoding: bytes, as: UTF8.self)
        if invalidString == nil { invalidString = (memberPath.joined(separator: "."), text) }
        return text
    }

    private mutating func readEscape(into output: inout [UInt8]) throws(JSONSyntaxError) {
        let escapeStart = position
        position += 1
        guard position < bytes.count else {
            throw JSONSyntaxError(offset: escapeStart, reason: "truncated: an escape sequence is cut short")
        }
        let letter = bytes[position]
        position += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(letter)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4(escapeStart)
            if (0xD800..<0xDC00).contains(scalar), position + 1 < bytes.count,
                bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
            {
                let lowStart = position
                position += 2
                let low = try readHex4(lowStart)
                if (0xDC00..<0xE000).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    position = lowStart  // a lone high surrogate: replaced below, the next escape read on its own
                }
            }
            output.append(contentsOf: String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
        default:
            throw JSONSyntaxError(offset: escapeStart, reason: "unknown escape \\\(Self.describe(letter))")
        }
    }

    private mutating func readHex4(_ escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else {
            throw JSONSyntaxError(offset: escapeStart, reason: "truncated: a \\u escape is cut short")
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONSyntaxError(offset: escapeStart, reason: "a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func readLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let start = position
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in expected {
            guard position < bytes.count else {
                throw JSONSyntaxError(offset: start, reason: "truncated: expected \(literal)")
            }
            guard bytes[position] == byte else { throw JSONSyntaxError(offset: start, reason: "expected \(literal)") }
            position += 1
        }
    }

    /// Reads a number, checking RFC 8259's grammar, and returns its text unchanged.
    private mutating func readNumber() throws(JSONSyntaxError) -> String {
        let start = position
        func digits() -> Int {
            let first = position
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                position += 1
            }
            return position - first
        }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
            throw JSONSyntaxError(offset: start, reason: "malformed number")
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw JSONSyntaxError(offset: start, reason: "malformed number") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard digits() > 0 else { throw JSONSyntaxError(offset: start, reason: "malformed number") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    private mutating func describeNext() -> String {
        peek().map(Self.describe) ?? "the end of the document"
    }

    static func describe(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    /// 1-based line and column (in bytes) of `offset`, for error messages.
    func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }
}
