import FPDS
package import Foundation

/// Reads SAM.gov Contract Awards API documents: search responses (`/contract-awards/v1/search`)
/// and JSON extract files, one award at a time.
///
/// A document is an object whose `awardSummary` array holds the awards; `totalRecords`, `limit`
/// and `offset` come beside it (search responses put `awardSummary` first, extract files last).
/// The empty-result wrapper `{"awardResponse": {…}, "message": …}` reads as zero records. Each
/// award object is read and mapped on its own, so a bad award is reported and the others still
/// come through; a document that stops being JSON reports where, after delivering every award
/// completed before that point. See <doc:ColumnMapping> for the field mapping.
///
/// Records requested with `includeSections` (e.g. `contractId` only, as GSA's examples 3 and 5
/// are) map what they have and are marked ``AwardEntry/isPartial``. When such a record lacks
/// `coreData.awardOrIDV`, its kind is inferred from the transaction number, which SAM publishes
/// for awards and omits for IDVs (as FPDS does).
package struct SAMAwardsParser: AwardDocumentParser {
    /// A parser; it holds no state, so one can serve every document.
    package init() {}

    /// Parses a document held in memory.
    /// - Parameters:
    ///   - bytes: The document (UTF-8 JSON).
    ///   - file: How errors name the document.
    ///   - body: Called once per award, in document order.
    /// - Returns: The document's envelope values, its record count and any document-level error.
    package func parse(
        _ bytes: some ContiguousBytes,
        file: String,
        body: (Result<AwardEntry, AwardParseError>) -> Void
    ) -> AwardDocumentSummary {
        bytes.withUnsafeBytes { raw in
            var scanner = EnvelopeScanner(bytes: raw.bindMemory(to: UInt8.self), file: file)
            scanner.scan(deliver: body)
            return scanner.summary
        }
    }
}

// MARK: - The envelope

/// Walks the response object, streaming the elements of `awardSummary` to the mapper.
private struct EnvelopeScanner {
    let file: String
    var reader: JSONReader
    var summary = AwardDocumentSummary(format: .samJSON)
    private var sawRecords = false
    private var sawAcknowledgement = false
    /// A document-level type problem found while scanning, reported if the syntax holds.
    private var typeError: AwardParseError?
    private var recordInProgress: Int?

    init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
        self.file = file
        self.reader = JSONReader(bytes: bytes)
    }

    mutating func scan(deliver: (Result<AwardEntry, AwardParseError>) -> Void) {
        reader.skipByteOrderMark()
        do throws(JSONSyntaxError) {
            switch reader.peek() {
            case nil:
                summary.error = .unsupportedDocument(file: file, reason: "the document is empty")
                return
            case UInt8(ascii: "{"):
                _ = reader.consume(UInt8(ascii: "{"))
                try scanObject(nested: false, deliver: deliver)
                if let next = reader.peek() {
                    throw JSONSyntaxError(
                        offset: reader.position, reason: "\(JSONReader.describe(next)) after the end of the document")
                }
            case UInt8(ascii: "["):
                summary.error = .unsupportedDocument(
                    file: file, reason: "a JSON array is not a Contract Awards response (an object with awardSummary)")
                return
            default:
                try reader.expect(UInt8(ascii: "{"), "a JSON object")
            }
        } catch {
            let (line, column) = reader.lineAndColumn(of: error.offset)
            summary.error = .malformedJSON(
                file: file, record: recordInProgress, line: line, column: column, reason: error.reason)
            return
        }
        if let typeError {
            summary.error = typeError
        } else if !sawRecords && sawAcknowledgement {
            summary.error = .unsupportedDocument(
                file: file,
                reason: "an extract acknowledgement (presignedUrl, exportToken) holds no awards; "
                    + "download the file its presignedUrl names")
        } else if !sawRecords && summary.totalRecords == nil {
            summary.error = .unsupportedDocument(
                file: file, reason: "a JSON object without awardSummary is not a Contract Awards response")
        }
    }

    /// Reads the members of an object whose `{` has been consumed.
    private mutating func scanObject(
        nested: Bool, deliver: (Result<AwardEntry, AwardParseError>) -> Void
    ) throws(JSONSyntaxError) {
        if reader.consume(UInt8(ascii: "}")) { return }
        repeat {
            guard reader.peek() == UInt8(ascii: "\"") else {
                try reader.expect(UInt8(ascii: "\""), "a member name")
                return
            }
            let key = try reader.readString()
            try reader.expect(UInt8(ascii: ":"), "':' after a member name")
            switch key {
            case "awardSummary":
                sawRecords = true
                if reader.peek() == UInt8(ascii: "[") {
                    try streamRecords(deliver: deliver)
                } else {
                    let value = try reader.readValue(depth: 1)
                    if case .null = value { break }
                    typeError =
                        typeError
                        ?? .unexpectedType(
                            file: file, record: nil, label: nil, field: "awardSummary", found: value.kindDescription,
                            expected: "an array of awards")
                }
            case "awardResponse" where !nested && reader.peek() == UInt8(ascii: "{"):
                sawRecords = true
                _ = reader.consume(UInt8(ascii: "{"))
                try scanObject(nested: true, deliver: deliver)
            case "totalRecords": summary.totalRecords = Self.scalar(try reader.readValue(depth: 1))
            case "limit": summary.limit = Self.scalar(try reader.readValue(depth: 1))
            case "offset": summary.offset = Self.scalar(try reader.readValue(depth: 1))
            case "presignedUrl", "exportToken":
                sawAcknowledgement = true
                _ = try reader.readValue(depth: 1)
            default:
                _ = try reader.readValue(depth: 1)
            }
        } while reader.consume(UInt8(ascii: ","))
        try reader.expect(UInt8(ascii: "}"), "',' or '}' in an object")
    }

    private mutating func streamRecords(
        deliver: (Result<AwardEntry, AwardParseError>) -> Void
    ) throws(JSONSyntaxError) {
        try reader.expect(UInt8(ascii: "["), "'['")
        if reader.consume(UInt8(ascii: "]")) { return }
        repeat {
            _ = reader.peek()
            let start = reader.position
            let ordinal = summary.recordCount + 1
            recordInProgress = ordinal
            reader.resetInvalidString()
            let value = try reader.readValue(depth: 2)
            let raw = String(
                decoding: UnsafeBufferPointer(rebasing: reader.bytes[start..<reader.position]), as: UTF8.self)
            recordInProgress = nil
            summary.recordCount = ordinal
            let mapper = SAMRecordMapper(root: value, file: file, ordinal: ordinal)
            if let (path, text) = reader.invalidString {
                // Replaced bytes would be stored as if published (in a PIID, a phantom contract).
                deliver(
                    .failure(
                        .invalidValue(
                            file: file, record: ordinal, label: mapper.label,
                            field: path.isEmpty ? "awardSummary[\(ordinal - 1)]" : path, value: text,
                            expected: InputText.ByteProblem.invalidUTF8.expectation)))
            } else {
                deliver(mapper.entry(rawDocument: raw))
            }
        } while reader.consume(UInt8(ascii: ","))
        try reader.expect(UInt8(ascii: "]"), "',' or ']' in awardSummary")
    }

    /// The text of an envelope scalar (`"5691511"`, `10`, or the string `"null"` as published).
    private static func scalar(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text), .number(let text): text
        default: nil
        }
    }
}
