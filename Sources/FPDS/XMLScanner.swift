#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte-level, non-validating XML tokenizer for the subset of XML that FPDS publishes.
///
/// Why not Foundation's `XMLParser` or libxml2: FPDS pages are UTF-8, DTD-free and regular, and
/// Foundation's parser fires callbacks at ~4,200 entries/s here, below a day's feed volume per
/// core-minute. This scanner works on ranges of the input buffer and allocates only for values its
/// handler asks to decode, which keeps parsing several times faster than `xmllint --stream`.
///
/// It checks well-formedness where a mistake would change meaning: matching end tags, quoted
/// attributes, known entities, a single root, nothing after the root but whitespace, comments
/// and processing instructions. It rejects DTDs (FPDS never uses them, and refusing them closes
/// the door on entity-expansion attacks) and encodings other than UTF-8/ASCII.
struct XMLScanner {
    /// Where a syntax error was found, and why.
    struct SyntaxError: Error, Sendable, Equatable {
        var offset: Int
        var reason: String
    }

    /// One attribute of a start tag; ranges index the scanned buffer.
    struct Attribute {
        /// The qualified name, e.g. `xmlns:ns1`.
        var name: Range<Int>
        var localName: Range<Int>
        var value: Range<Int>
        /// The value holds `&`, or whitespace that attribute-value normalisation rewrites.
        var needsDecoding: Bool
    }

    let buffer: UnsafeBufferPointer<UInt8>
    private(set) var attributes: [Attribute] = []
    private var openElements: [Range<Int>] = []

    init(buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
        attributes.reserveCapacity(8)
        openElements.reserveCapacity(32)
    }

    /// The nesting depth of the element being scanned (0 outside the root).
    var depth: Int { openElements.count }

    /// Scans the whole buffer, reporting tokens to `handler`.
    /// - Throws: `SyntaxError` at the first malformed construct or at a premature end of input.
    mutating func scan<Handler: XMLTokenHandler>(into handler: inout Handler) throws(SyntaxError) {
        let end = buffer.count
        var index = 0
        // A UTF-8 byte order mark is allowed before the prolog.
        if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { index = 3 }
        var sawRoot = false

        while index < end {
            if buffer[index] != UInt8(ascii: "<") {
                let textEnd = firstIndex(of: UInt8(ascii: "<"), from: index) ?? end
                if openElements.isEmpty {
                    if !isWhitespace(index..<textEnd) {
                        throw SyntaxError(offset: index, reason: "text outside the root element")
                    }
                } else {
                    handler.text(index..<textEnd, needsDecoding: textNeedsDecoding(index..<textEnd), scanner: self)
                }
                index = textEnd
                continue
            }
            guard index + 1 < end else { throw Self.truncated(at: end, inside: "a tag") }
            switch buffer[index + 1] {
            case UInt8(ascii: "/"):
                index = try scanEndTag(at: index, into: &handler)
                if openElements.isEmpty { sawRoot = true }
            case UInt8(ascii: "?"):
                index = try scanProcessingInstruction(at: index)
            case UInt8(ascii: "!"):
                if hasPrefix("<!--", at: index) {
                    guard let close = find("-->", from: index + 4) else {
                        throw SyntaxError(offset: index, reason: "unterminated comment")
                    }
                    index = close + 3
                } else if hasPrefix("<![CDATA[", at: index) {
                    guard !openElements.isEmpty else {
                        throw SyntaxError(offset: index, reason: "CDATA section outside the root element")
                    }
                    guard let close = find("]]>", from: index + 9) else {
                        throw SyntaxError(offset: index, reason: "unterminated CDATA section")
                    }
                    let content = (index + 9)..<close
                    handler.text(content, needsDecoding: contains(UInt8(ascii: "\r"), in: content), scanner: self)
                    index = close + 3
                } else if hasPrefix("<!DOCTYPE", at: index) {
                    throw SyntaxError(offset: index, reason: "document type declarations are not accepted")
                } else {
                    throw SyntaxError(offset: index, reason: "unknown markup declaration")
                }
            default:
                if sawRoot && openElements.isEmpty {
                    throw SyntaxError(offset: index, reason: "a second root element")
                }
                index = try scanStartTag(at: index, into: &handler)
                if openElements.isEmpty { sawRoot = true }
            }
        }
        if let open = openElements.last {
            throw Self.truncated(at: end, inside: "<\(string(open))>")
        }
        if !sawRoot { throw SyntaxError(offset: end, reason: "no root element") }
    }

    private static func truncated(at end: Int, inside what: String) -> SyntaxError {
        SyntaxError(offset: end, reason: "input ends inside \(what) (truncated document?)")
    }

    // MARK: - Tags

    private mutating func scanStartTag<Handler: XMLTokenHandler>(
        at start: Int,
        into handler: inout Handler
    ) throws(SyntaxError) -> Int {
        let end = buffer.count
        var index = start + 1
        let nameStart = index
        var colon = -1
        while index < end, !isNameTerminator(buffer[index]) {
            if buffer[index] == UInt8(ascii: ":") { colon = index }
            index += 1
        }
        guard index > nameStart else { throw SyntaxError(offset: start, reason: "a tag without a name") }
        let name = nameStart..<index
        let localName = (colon >= 0 ? colon + 1 : nameStart)..<index
        attributes.removeAll(keepingCapacity: true)

        while true {
            index = skipWhitespace(from: index)
            guard index < end else { throw Self.truncated(at: end, inside: "a start tag") }
            let byte = buffer[index]
            if byte == UInt8(ascii: ">") {
                openElements.append(name)
                handler.startElement(localName: localName, tagStart: start, scanner: self)
                return index + 1
            }
            if byte == UInt8(ascii: "/") {
                guard index + 1 < end, buffer[index + 1] == UInt8(ascii: ">") else {
                    throw SyntaxError(offset: index, reason: "'/' not followed by '>' in a start tag")
                }
                // An empty-element tag is a start tag and an end tag: depth rises, then falls back.
                openElements.append(name)
                handler.startElement(localName: localName, tagStart: start, scanner: self)
                openElements.removeLast()
                handler.endElement(localName: localName, tagEnd: index + 2, scanner: self)
                return index + 2
            }
            index = try scanAttribute(at: index)
        }
    }

    private mutating func scanAttribute(at start: Int) throws(SyntaxError) -> Int {
        let end = buffer.count
        var index = start
        var colon = -1
        while index < end {
            let byte = buffer[index]
            if byte == UInt8(ascii: "=") || isWhitespace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
            {
                break
            }
            if byte == UInt8(ascii: ":") { colon = index }
            index += 1
        }
        guard index < end else { throw Self.truncated(at: end, inside: "a start tag") }
        guard index > start else { throw SyntaxError(offset: start, reason: "malformed attribute") }
        let localName = (colon >= 0 ? colon + 1 : start)..<index
        index = skipWhitespace(from: index)
        guard index < end else { throw Self.truncated(at: end, inside: "a start tag") }
        guard buffer[index] == UInt8(ascii: "=") else {
            throw SyntaxError(offset: start, reason: "attribute '\(string(start..<localName.upperBound))' has no value")
        }
        index = skipWhitespace(from: index + 1)
        guard index < end, buffer[index] == UInt8(ascii: "\"") || buffer[index] == UInt8(ascii: "'") else {
            throw SyntaxError(offset: index, reason: "attribute value is not quoted")
        }
        let quote = buffer[index]
        let valueStart = index + 1
        var needsDecoding = false
        index = valueStart
        while index < end, buffer[index] != quote {
            switch buffer[index] {
            case UInt8(ascii: "<"):
                throw SyntaxError(offset: index, reason: "'<' inside an attribute value")
            case UInt8(ascii: "&"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: "\t"):
                needsDecoding = true
            default:
                break
            }
            index += 1
        }
        guard index < end else { throw Self.truncated(at: end, inside: "an attribute value") }
        attributes.append(
            Attribute(
                name: start..<localName.upperBound, localName: localName, value: valueStart..<index,
                needsDecoding: needsDecoding))
        return index + 1
    }

    private mutating func scanEndTag<Handler: XMLTokenHandler>(
        at start: Int,
        into handler: inout Handler
    ) throws(SyntaxError) -> Int {
        let end = buffer.count
        var index = start + 2
        let nameStart = index
        var colon = -1
        while index < end, !isNameTerminator(buffer[index]) {
            if buffer[index] == UInt8(ascii: ":") { colon = index }
            index += 1
        }
        let name = nameStart..<index
        index = skipWhitespace(from: index)
        guard index < end, buffer[index] == UInt8(ascii: ">") else {
            throw Self.truncated(at: end, inside: "an end tag")
        }
        guard let open = openElements.popLast() else {
            throw SyntaxError(offset: start, reason: "end tag </\(string(name))> without a start tag")
        }
        guard bytesEqual(open, name) else {
            throw SyntaxError(offset: start, reason: "end tag </\(string(name))> does not match <\(string(open))>")
        }
        handler.endElement(
            localName: (colon >= 0 ? colon + 1 : nameStart)..<name.upperBound, tagEnd: index + 1, scanner: self)
        return index + 1
    }

    private func scanProcessingInstruction(at start: Int) throws(SyntaxError) -> Int {
        guard let close = find("?>", from: start + 2) else {
            throw SyntaxError(offset: start, reason: "unterminated processing instruction")
        }
        if hasPrefix("<?xml", at: start), let encoding = declaredEncoding(in: (start + 5)..<close) {
            let lowered = encoding.lowercased()
            if lowered != "utf-8" && lowered != "utf8" && lowered != "us-ascii" && lowered != "ascii" {
                throw SyntaxError(offset: start, reason: "unsupported encoding \(encoding) (FPDS publishes UTF-8)")
            }
        }
        return close + 2
    }

    private func declaredEncoding(in range: Range<Int>) -> String? {
        guard let at = find("encoding", from: range.lowerBound), at < range.upperBound else { return nil }
        var index = skipWhitespace(from: at + 8)
        guard index < range.upperBound, buffer[index] == UInt8(ascii: "=") else { return nil }
        index = skipWhitespace(from: index + 1)
        guard index < range.upperBound else { return nil }
        let quote = buffer[index]
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
        var close = index + 1
        while close < range.upperBound, buffer[close] != quote { close += 1 }
        return string((index + 1)..<close)
    }

    // MARK: - Decoding

    /// Decodes character data: entity references, and CR/CRLF line ends folded to LF.
    /// - Parameters:
    ///   - range: The bytes of the character data.
    ///   - attributeValue: also folds tab, CR and LF to spaces, as XML attribute-value
    ///     normalisation requires.
    ///   - output: Receives the decoded bytes.
    /// - Throws: ``SyntaxError`` when an entity reference is unterminated or undefined, or a
    ///   character reference names no character.
    func decode(_ range: Range<Int>, attributeValue: Bool = false, into output: inout [UInt8]) throws(SyntaxError) {
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = buffer[index]
            switch byte {
            case UInt8(ascii: "&"):
                guard let semicolon = firstIndex(of: UInt8(ascii: ";"), from: index + 1),
                    semicolon < range.upperBound, semicolon - index <= 12
                else {
                    throw SyntaxError(offset: index, reason: "unterminated entity reference")
                }
                try appendEntity((index + 1)..<semicolon, at: index, into: &output)
                index = semicolon + 1
                continue
            case UInt8(ascii: "\r"):
                output.append(attributeValue ? UInt8(ascii: " ") : UInt8(ascii: "\n"))
                if index + 1 < range.upperBound, buffer[index + 1] == UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "\n"), UInt8(ascii: "\t"):
                output.append(attributeValue ? UInt8(ascii: " ") : byte)
            default:
                output.append(byte)
            }
            index += 1
        }
    }

    /// Decodes `range` (text or an attribute value) to a `String`.
    func string(_ range: Range<Int>, needsDecoding: Bool, attributeValue: Bool = false) throws(SyntaxError) -> String {
        guard needsDecoding else { return string(range) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        try decode(range, attributeValue: attributeValue, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The raw bytes of `range` as a `String`, undecoded.
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }

    private func appendEntity(_ name: Range<Int>, at offset: Int, into output: inout [UInt8]) throws(SyntaxError) {
        switch string(name) {
        case "lt": output.append(UInt8(ascii: "<"))
        case "gt": output.append(UInt8(ascii: ">"))
        case "amp": output.append(UInt8(ascii: "&"))
        case "quot": output.append(UInt8(ascii: "\""))
        case "apos": output.append(UInt8(ascii: "'"))
        case let reference where reference.hasPrefix("#"):
            let digits = reference.dropFirst()
            let scalarValue: UInt32? =
                digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            // A reference to a character XML 1.0 forbids (`&#x1B;`, `&#0;`) decodes to that
            // character, as the raw byte would: the field's rule then refuses it (keys) or
            // neutralises it (free text), and one rule serves both spellings. Only what is no
            // character at all (a surrogate, beyond U+10FFFF) stops the entry here.
            guard let scalarValue, let scalar = Unicode.Scalar(scalarValue) else {
                throw SyntaxError(offset: offset, reason: "invalid character reference &\(reference);")
            }
            output.append(contentsOf: String(Character(scalar)).utf8)
        case let other:
            throw SyntaxError(offset: offset, reason: "undefined entity &\(other);")
        }
    }

    // MARK: - Byte helpers

    private func textNeedsDecoding(_ range: Range<Int>) -> Bool {
        contains(UInt8(ascii: "&"), in: range) || contains(UInt8(ascii: "\r"), in: range)
    }

    func isWhitespace(_ range: Range<Int>) -> Bool {
        for index in range where !isWhitespace(buffer[index]) { return false }
        return true
    }

    @inline(__always)
    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    @inline(__always)
    private func isNameTerminator(_ byte: UInt8) -> Bool {
        isWhitespace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }

    private func skipWhitespace(from start: Int) -> Int {
        var index = start
        while index < buffer.count, isWhitespace(buffer[index]) { index += 1 }
        return index
    }

    func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        guard start < buffer.count, let base = buffer.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), buffer.count - start) else { return nil }
        return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
    }

    private func contains(_ byte: UInt8, in range: Range<Int>) -> Bool {
        guard !range.isEmpty, let base = buffer.baseAddress else { return false }
        return memchr(base + range.lowerBound, Int32(byte), range.count) != nil
    }

    private func hasPrefix(_ prefix: StaticString, at index: Int) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard index + count <= buffer.count else { return false }
        let bytes = prefix.utf8Start
        for offset in 0..<count where buffer[index + offset] != bytes[offset] { return false }
        return true
    }

    private func find(_ needle: StaticString, from start: Int) -> Int? {
        let first = needle.utf8Start[0]
        var index = start
        while let candidate = firstIndex(of: first, from: index) {
            if hasPrefix(needle, at: candidate) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    /// Compares two ranges of the buffer byte for byte.
    func bytesEqual(_ lhs: Range<Int>, _ rhs: Range<Int>) -> Bool {
        guard lhs.count == rhs.count, let base = buffer.baseAddress else { return false }
        return memcmp(base + lhs.lowerBound, base + rhs.lowerBound, lhs.count) == 0
    }

    /// Compares a range of the buffer with ASCII bytes.
    func bytesEqual(_ range: Range<Int>, _ bytes: [UInt8]) -> Bool {
        guard range.count == bytes.count, let base = buffer.baseAddress else { return false }
        return bytes.withUnsafeBufferPointer { other in
            guard let otherBase = other.baseAddress else { return range.isEmpty }
            return memcmp(base + range.lowerBound, otherBase, range.count) == 0
        }
    }

    /// The 1-based line and column of a byte offset, for error messages.
    func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, buffer.count) where buffer[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }
}

/// Receives the tokens of an `XMLScanner` pass. Ranges index `scanner.buffer`.
protocol XMLTokenHandler {
    /// A start tag; `scanner.attributes` holds its attributes until the next tag.
    mutating func startElement(localName: Range<Int>, tagStart: Int, scanner: borrowing XMLScanner)
    /// An end tag, or the end of an empty-element tag; `tagEnd` is one past its `>`.
    mutating func endElement(localName: Range<Int>, tagEnd: Int, scanner: borrowing XMLScanner)
    /// Character data (also CDATA content), possibly in several chunks per element.
    mutating func text(_ range: Range<Int>, needsDecoding: Bool, scanner: borrowing XMLScanner)
}
