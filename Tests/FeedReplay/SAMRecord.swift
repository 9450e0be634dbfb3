package import Foundation

/// One element of a real SAM.gov Contract Awards response's `awardSummary` array, kept as the
/// exact JSON text of the file it came from.
package struct SAMRecord: Sendable, Hashable {
    /// The element's JSON text, byte for byte as the source file has it (members, order, spacing).
    package let json: String
    /// `contractId.piid`.
    package let piid: String?
    /// `contractId.modificationNumber`.
    package let modificationNumber: String?
    /// `awardDetails.transactionData.lastModifiedDate` as published, e.g. `2025-06-11T07:18:02Z`;
    /// nil in the GSA examples trimmed by `includeSections` to `contractId`.
    package let lastModifiedDate: String?

    /// The records of one response file, in file order.
    ///
    /// The array is split textually (a JSON scanner that skips strings, objects and arrays), so each
    /// record is served exactly as GSA published it; every record is also parsed with
    /// `JSONSerialization`, to read its identity and `lastModifiedDate` and to reject invalid JSON.
    /// - Throws: ``FeedReplayError/unreadableAwardFile(file:reason:)``.
    package static func records(in url: URL) throws -> [SAMRecord] {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: url))
        } catch {
            throw FeedReplayError.unreadableAwardFile(file: url.path, reason: "\(error)")
        }
        var scanner = JSONElementScanner(bytes)
        guard let ranges = scanner.awardSummaryElements() else {
            throw FeedReplayError.unreadableAwardFile(file: url.path, reason: "no top-level awardSummary array")
        }
        return try ranges.map { range in
            let slice = Array(bytes[range])
            guard let object = try? JSONSerialization.jsonObject(with: Data(slice)) as? [String: Any] else {
                throw FeedReplayError.unreadableAwardFile(
                    file: url.path, reason: "an awardSummary element is no object")
            }
            let contractID = object["contractId"] as? [String: Any]
            let transaction = (object["awardDetails"] as? [String: Any])?["transactionData"] as? [String: Any]
            return SAMRecord(
                json: String(decoding: slice, as: UTF8.self), piid: contractID?["piid"] as? String,
                modificationNumber: contractID?["modificationNumber"] as? String,
                lastModifiedDate: transaction?["lastModifiedDate"] as? String)
        }
    }

    /// The records of several files, in the order given.
    /// - Throws: As ``records(in:)``.
    package static func records(in urls: [URL]) throws -> [SAMRecord] {
        try urls.flatMap { try records(in: $0) }
    }

    /// `lastModifiedDate`'s calendar date as `YYYYMMDD`, for window filters.
    var lastModifiedDay: Int? {
        guard let text = lastModifiedDate, text.count >= 10 else { return nil }
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            return nil
        }
        return year * 10_000 + month * 100 + day
    }
}

/// Finds the byte ranges of the elements of a document's top-level `awardSummary` array without
/// re-serialising anything.
struct JSONElementScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The ranges of `awardSummary`'s elements; nil if the document is not an object holding that array.
    mutating func awardSummaryElements() -> [Range<Int>]? {
        skipWhitespace()
        guard consume(UInt8(ascii: "{")) else { return nil }
        var elements: [Range<Int>]?
        while true {
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { return elements }
            guard let keyRange = skipString() else { return nil }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { return nil }
            skipWhitespace()
            if Array(bytes[keyRange]) == Array("\"awardSummary\"".utf8) {
                guard let found = arrayElements() else { return nil }
                elements = found
            } else if skipValue() == nil {
                return nil
            }
            skipWhitespace()
            _ = consume(UInt8(ascii: ","))
        }
    }

    private mutating func arrayElements() -> [Range<Int>]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var ranges: [Range<Int>] = []
        while true {
            skipWhitespace()
            if consume(UInt8(ascii: "]")) { return ranges }
            guard let range = skipValue() else { return nil }
            ranges.append(range)
            skipWhitespace()
            _ = consume(UInt8(ascii: ","))
        }
    }

    /// Skips one value (string, object, array or literal) and returns its range.
    private mutating func skipValue() -> Range<Int>? {
        guard index < bytes.count else { return nil }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard skipString() != nil else { return nil }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return start..<index
                    }
                default:
                    break
                }
                index += 1
            }
            return nil
        default:
            while index < bytes.count, !",}] \t\r\n".utf8.contains(bytes[index]) { index += 1 }
            return index > start ? start..<index : nil
        }
    }

    /// Skips a string, escapes included, and returns its range with the quotes.
    private mutating func skipString() -> Range<Int>? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"):
                index += 2
            case UInt8(ascii: "\""):
                index += 1
                return start..<index
            default:
                index += 1
            }
        }
        return nil
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, " \t\r\n".utf8.contains(bytes[index]) { index += 1 }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }
}
