#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The rules for text that came from outside (an FPDS page, a SAM.gov response, a USAspending
/// file): which bytes are refused, how free text is neutralised, and how input is quoted in
/// messages.
///
/// They live here, in the lowest module, so the three parsers, the store, the CLI and the server
/// apply one definition:
/// - Bytes that are not UTF-8, or hold NUL, are refused: decoding them would replace or cut
///   characters silently, and a PIID that changed on the way in is a phantom contract.
/// - Free text keeps tab, LF and CR; every other C0 or C1 control character, DEL, and the
///   noncharacters U+FFFE and U+FFFF become U+FFFD. What remains is legal in XML 1.0 and inert
///   in a terminal.
/// - Text quoted in a message is escaped Swift-style (`\n`, `\u{1B}`), so no input can start a
///   line of its own or send a terminal escape sequence.
package enum InputText {
    /// Why a run of input bytes was refused.
    package enum ByteProblem: Error, Sendable, Hashable, CustomStringConvertible {
        /// A byte sequence that is not UTF-8.
        case invalidUTF8
        /// A NUL byte, which C-string code downstream would read as the end of the text.
        case nulByte

        /// What the bytes should have been, for an error's "expected …" clause.
        package var expectation: String {
            switch self {
            case .invalidUTF8: "valid UTF-8 (the input's bytes are not; nothing was replaced)"
            case .nulByte: "text without NUL bytes"
            }
        }

        package var description: String {
            switch self {
            case .invalidUTF8: "invalid UTF-8"
            case .nulByte: "a NUL byte"
            }
        }
    }

    // MARK: - Bytes

    /// Decodes `bytes` as UTF-8, refusing what would otherwise be replaced or cut short.
    /// - Returns: The text, or the problem of the first bad byte.
    package static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<String, ByteProblem> {
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(.invalidUTF8) }
        // Valid UTF-8 encodes U+0000 only as the byte 0, so one scan of the bytes finds it
        // (`memchr`: a generic `contains` over the text took 5% of an ingest's time).
        if let base = bytes.baseAddress, memchr(base, 0, bytes.count) != nil { return .failure(.nulByte) }
        return .success(text)
    }

    /// Decodes `bytes` as UTF-8, refusing what would otherwise be replaced or cut short.
    /// - Returns: The text, or the problem of the first bad byte.
    package static func decode(_ bytes: [UInt8]) -> Result<String, ByteProblem> {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    /// The first byte of `bytes` that ``decode(_:)-(UnsafeBufferPointer<UInt8>)`` would refuse,
    /// and why; nil when the bytes are clean. Slower than `decode`: use it to locate a problem.
    package static func firstProblem(in bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, problem: ByteProblem)? {
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar.value == 0 { return (offset, .nulByte) }
                offset += UTF8.width(scalar)
            case .error:
                return (offset, .invalidUTF8)
            case .emptyInput:
                return nil
            }
        }
    }

    // MARK: - Free text

    /// True when `scalar` may stay in free text: anything but a C0 or C1 control character
    /// (tab, LF and CR excepted), DEL, U+FFFE and U+FFFF.
    @inline(__always)
    package static func isAllowedInFreeText(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x00..<0x20, 0x7F...0x9F, 0xFFFE, 0xFFFF: false
        default: true
        }
    }

    /// `text` with every character ``isAllowedInFreeText(_:)`` refuses replaced by U+FFFD.
    ///
    /// U+FFFD rather than deletion keeps the reader informed that something stood there, and
    /// keeps the neighbours apart (`AB\u{1B}CD` is not `ABCD`).
    package static func neutralised(_ text: String) -> String {
        // Only these lead bytes can begin a refused character: most text is returned as it is,
        // after a plain loop over its bytes (`utf8.contains` is a generic walk, and every field
        // of every record comes through here).
        var text = text
        let mayHoldRefused = text.withUTF8 { bytes in
            for byte in bytes where byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xEF { return true }
            return false
        }
        guard mayHoldRefused else { return text }
        guard text.unicodeScalars.contains(where: { !isAllowedInFreeText($0) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(isAllowedInFreeText(scalar) ? scalar : "\u{FFFD}")
        }
        return String(result)
    }

    // MARK: - Display

    /// True when `scalar` shows as itself: not a control, format (bidirectional overrides,
    /// zero-width characters), line or paragraph separator, surrogate or unassigned code point.
    package static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 0x20 && scalar.value != 0x7F }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned: return false
        default: return true
        }
    }

    /// `text` made safe to quote in a one-line message or print to a terminal: every character
    /// ``isPrintable(_:)`` refuses becomes a Swift-style escape (`\t`, `\n`, `\r`, `\0`,
    /// `\u{1B}`).
    ///
    /// Backslashes are left alone, so escaping twice changes nothing: a layer that cannot tell
    /// whether its input was escaped may escape again. A file that holds the text `\u{1B}`
    /// therefore prints the same as one that holds the byte; neither can end a line or drive a
    /// terminal, which is what this guards against.
    /// - Parameters:
    ///   - text: The input text.
    ///   - limit: When set, at most this many Unicode scalars of `text` are shown, then `…`.
    /// - Returns: The escaped text.
    package static func escaped(_ text: some StringProtocol, limit: Int? = nil) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        var truncated = false
        if let limit, scalars.count > limit {
            scalars = scalars.prefix(limit)
            truncated = true
        }
        let suffix = truncated ? "…" : ""
        guard scalars.contains(where: { !isPrintable($0) }) else { return String(scalars) + suffix }
        var result = ""
        result.reserveCapacity(scalars.count + 16)
        for scalar in scalars {
            if isPrintable(scalar) {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\0": result += "\\0"
            default: result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return result + suffix
    }
}
