package import Foundation

/// What the SAM.gov and USAspending parsers share: a document in, one result per record out.
package protocol AwardDocumentParser: Sendable {
    /// Parses a document held in memory.
    /// - Parameters:
    ///   - bytes: The document.
    ///   - file: How errors name the document.
    ///   - body: Called once per record, in document order.
    /// - Returns: The record count and any document-level error.
    func parse(
        _ bytes: some ContiguousBytes, file: String, body: (Result<AwardEntry, AwardParseError>) -> Void
    ) -> AwardDocumentSummary
}

extension AwardDocumentParser {
    /// Parses the file at `url`, which is mapped into memory rather than read whole.
    /// - Parameters:
    ///   - url: A local file.
    ///   - name: How errors name the file; defaults to its path.
    ///   - body: Called once per record, in document order.
    /// - Returns: The record count and any document-level error.
    /// - Throws: Only if the file cannot be read; content problems are reported as values.
    package func parse(
        contentsOf url: URL, name: String? = nil, body: (Result<AwardEntry, AwardParseError>) -> Void
    ) throws -> AwardDocumentSummary {
        let data = try Data(contentsOf: url, options: .mappedIfSafe)
        return parse(data, file: name ?? url.path, body: body)
    }

    /// Parses a document and collects its records.
    /// - Returns: Every record or its error, in document order, and the document summary.
    package func parseAll(
        _ bytes: some ContiguousBytes, file: String
    ) -> (entries: [Result<AwardEntry, AwardParseError>], summary: AwardDocumentSummary) {
        var entries: [Result<AwardEntry, AwardParseError>] = []
        let summary = parse(bytes, file: file) { entries.append($0) }
        return (entries, summary)
    }
}
