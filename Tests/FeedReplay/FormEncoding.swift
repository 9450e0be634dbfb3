/// Query strings as FPDS and SAM.gov read and write them: `application/x-www-form-urlencoded`.
enum FormEncoding {
    /// Splits a raw query string into decoded name/value pairs, in order.
    ///
    /// `+` is a space and `%XX` a byte, as form encoding (and FPDS's own links) have it; a `%` not
    /// followed by two hex digits stays as it is, as lenient servers do.
    static func decode(_ query: String) -> [ReplayRequest.Field] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            guard let equals = pair.firstIndex(of: "=") else {
                return ReplayRequest.Field(name: decodeComponent(pair), value: "")
            }
            return ReplayRequest.Field(
                name: decodeComponent(pair[..<equals]), value: decodeComponent(pair[pair.index(after: equals)...]))
        }
    }

    /// Decodes one name or value.
    static func decodeComponent(_ text: some StringProtocol) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Encodes a value the way FPDS's links do (Java's `URLEncoder`: letters, digits and `.-*_`
    /// stay, a space becomes `+`, every other byte `%XX`), e.g. `PIID%3A%22N0001915D0003%22`.
    static func encode(_ value: String) -> String {
        var output = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "*"),
                UInt8(ascii: "_"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                output += "+"
            default:
                output +=
                    "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return output
    }

    /// Collapses every run of whitespace to one space and trims the ends, so that queries typed
    /// with different spacing compare equal.
    static func normalizedWhitespace(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
