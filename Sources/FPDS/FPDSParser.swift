package import Foundation

/// Reads FPDS XML: ATOM feed pages (feed versions 1.4 to 1.5.3), archive files (`listOfAwards`,
/// `listOfIDVs`, …) and single bare records, in either record namespace, one entry at a time.
///
/// Elements are matched by local name, so `https://www.fpds.gov/FPDS`, `http://www.fpdsng.com/FPDS`
/// and pages that mix them read alike. A bad entry (missing PIID, unparseable amount or date,
/// oversized value) is reported on its own and the other entries still come through; a document
/// that stops being XML reports where, after delivering every entry completed before that point.
package struct FPDSParser: Sendable {
    /// The longest element text accepted, in bytes.
    package var maximumValueLength: Int

    /// - Parameter maximumValueLength: The longest element text accepted, in bytes. The default,
    ///   64 KiB, is sixteen times FPDS's longest real description.
    package init(maximumValueLength: Int = 64 * 1024) {
        self.maximumValueLength = maximumValueLength
    }

    /// What a whole document held, after its entries were delivered.
    package struct DocumentSummary: Sendable {
        package var kind: DocumentKind?
        /// Feed title and links; nil for archives and single records.
        package var feed: FPDSFeedInfo?
        /// Entries delivered, good or bad (an entry cut short by `error` is not among them).
        package var entryCount: Int
        /// Set when the document itself could not be read to the end.
        package var error: FPDSParseError?
    }

    /// The shapes of FPDS XML documents.
    package enum DocumentKind: String, Sendable {
        case atomFeed, archive, record
    }

    /// Parses the file at `url`.
    /// - Parameters:
    ///   - url: A local file.
    ///   - name: How errors name the file; defaults to its path.
    ///   - body: Called once per entry, in document order.
    /// - Returns: What the whole document held, after its entries were delivered.
    /// - Throws: Only if the file cannot be read; content problems are reported as values.
    package func parse(
        contentsOf url: URL,
        name: String? = nil,
        body: (Result<FPDSEntry, FPDSParseError>) -> Void
    ) throws -> DocumentSummary {
        let data = try Data(contentsOf: url, options: .mappedIfSafe)
        return parse(data, file: name ?? url.path, body: body)
    }

    /// Parses a document held in memory.
    /// - Parameters:
    ///   - bytes: The document.
    ///   - file: How errors name the document.
    ///   - body: Called once per entry, in document order.
    /// - Returns: What the whole document held, after its entries were delivered.
    package func parse(
        _ bytes: some ContiguousBytes,
        file: String,
        body: (Result<FPDSEntry, FPDSParseError>) -> Void
    ) -> DocumentSummary {
        bytes.withUnsafeBytes { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            var scanner = XMLScanner(buffer: buffer)
            var builder = DocumentBuilder(file: file, limit: maximumValueLength)
            var summary = DocumentSummary(kind: nil, feed: nil, entryCount: 0, error: nil)
            var syntaxError: XMLScanner.SyntaxError?
            withoutActuallyEscaping(body) { deliver in
                builder.deliver = deliver
                do throws(XMLScanner.SyntaxError) {
                    try scanner.scan(into: &builder)
                } catch {
                    syntaxError = error
                }
                builder.deliver = { _ in }  // must not outlive `body`
            }
            if let error = syntaxError {
                let (line, column) = scanner.lineAndColumn(of: error.offset)
                summary.error = .malformedXML(
                    file: file, entry: builder.entryInProgress, line: line, column: column, reason: error.reason)
            }
            if summary.error == nil, let root = builder.unsupportedRoot {
                summary.error = .unsupportedDocument(file: file, rootElement: root)
            }
            summary.kind = builder.kind
            summary.feed =
                builder.kind == .atomFeed ? FPDSFeedInfo(title: builder.feedTitle, links: builder.links) : nil
            summary.entryCount = builder.delivered
            return summary
        }
    }

    /// Parses a document and collects its entries.
    package func parseAll(
        _ bytes: some ContiguousBytes, file: String
    ) -> (
        entries: [Result<FPDSEntry, FPDSParseError>], summary: DocumentSummary
    ) {
        var entries: [Result<FPDSEntry, FPDSParseError>] = []
        let summary = parse(bytes, file: file) { entries.append($0) }
        return (entries, summary)
    }
}

// MARK: - Building entries from tokens

/// Turns scanner tokens into entries. One instance reads one document.
private struct DocumentBuilder: XMLTokenHandler {
    let file: String
    let limit: Int
    var deliver: (Result<FPDSEntry, FPDSParseError>) -> Void = { _ in }

    private(set) var kind: FPDSParser.DocumentKind?
    private(set) var unsupportedRoot: String?
    private(set) var feedTitle: String?
    private(set) var links: [String: String] = [:]
    /// Entries begun so far (the 1-based ordinal of the current or last entry).
    private(set) var ordinal = 0
    /// Entries handed to `deliver`.
    private(set) var delivered = 0

    private var depth = 0
    /// The Atom `<entry>` (or archive record) being read: where it starts in the buffer.
    private var entryStart: Int?
    private var entryTitle: String?
    private var entryLink: String?
    private var entryModified: String?
    private var entryRecord: Result<RecordParts, FPDSParseError>?
    /// Text collected for a feed or entry element outside records (titles, modified).
    private var capturing = false
    private var captured: [UInt8] = []
    private var record: RecordBuilder?

    init(file: String, limit: Int) {
        self.file = file
        self.limit = limit
    }

    /// The entry being read when the scanner stopped, for error messages.
    var entryInProgress: Int? { entryStart != nil ? ordinal : nil }

    private static let recordNames: [(name: [UInt8], kind: FPDSRecord.Kind)] = FPDSRecord.Kind.allCases.map {
        (Array($0.rawValue.utf8), $0)
    }

    private func recordKind(_ name: Range<Int>, _ scanner: borrowing XMLScanner) -> FPDSRecord.Kind? {
        Self.recordNames.first { scanner.bytesEqual(name, $0.name) }?.kind
    }

    mutating func startElement(localName: Range<Int>, tagStart: Int, scanner: borrowing XMLScanner) {
        depth += 1
        if record != nil {
            record?.startElement(localName: localName, scanner: scanner)
            return
        }
        switch (kind, depth) {
        case (nil, 1):
            if let recordKind = recordKind(localName, scanner) {
                kind = .record
                beginEntry(at: tagStart)
                beginRecord(recordKind, scanner: scanner)
            } else if scanner.bytesEqual(localName, Names.feed) {
                kind = .atomFeed
            } else if scanner.string(localName).hasPrefix("listOf") {
                kind = .archive
            } else {
                unsupportedRoot = scanner.string(localName)
            }
        case (.archive, 2):
            if let recordKind = recordKind(localName, scanner) {
                beginEntry(at: tagStart)
                beginRecord(recordKind, scanner: scanner)
            }
        case (.atomFeed, 2):
            if scanner.bytesEqual(localName, Names.entry) {
                beginEntry(at: tagStart)
            } else if scanner.bytesEqual(localName, Names.title) {
                startCapture()
            } else if scanner.bytesEqual(localName, Names.link) {
                if let (rel, href) = link(scanner) { links[rel] = href }
            }
        case (.atomFeed, 3) where entryStart != nil:
            if scanner.bytesEqual(localName, Names.title)
                || scanner.bytesEqual(localName, Names.modified)
            {
                startCapture()
            } else if scanner.bytesEqual(localName, Names.link), let (rel, href) = link(scanner),
                rel == "alternate"
            {
                entryLink = href
            }
        case (.atomFeed, 4) where entryStart != nil && entryRecord == nil:
            if let recordKind = recordKind(localName, scanner) {
                beginRecord(recordKind, scanner: scanner)
            } else {
                entryRecord = .failure(.missingRecord(file: file, entry: ordinal, found: scanner.string(localName)))
            }
        default:
            break
        }
    }

    mutating func endElement(localName: Range<Int>, tagEnd: Int, scanner: borrowing XMLScanner) {
        defer { depth -= 1 }
        if record != nil {
            if record?.depth == 0 {
                entryRecord = record?.finish(file: file, entry: ordinal)
                record = nil
                if kind != .atomFeed { finishEntry(at: tagEnd, scanner: scanner) }
            } else {
                record?.endElement(localName: localName, scanner: scanner)
            }
            return
        }
        switch (kind, depth) {
        case (.atomFeed, 2):
            if entryStart != nil {
                finishEntry(at: tagEnd, scanner: scanner)
            } else if capturing {
                feedTitle = endCapture()
            }
        case (.atomFeed, 3) where capturing:
            let value = endCapture()
            if scanner.bytesEqual(localName, Names.title) { entryTitle = value } else { entryModified = value }
        default:
            break
        }
    }

    mutating func text(_ range: Range<Int>, needsDecoding: Bool, scanner: borrowing XMLScanner) {
        if record != nil {
            record?.text(range, needsDecoding: needsDecoding, scanner: scanner)
        } else if capturing {
            if needsDecoding {
                // A bad entity in a title is not worth losing the entry over: keep the raw text.
                if (try? scanner.decode(range, into: &captured)) == nil {
                    captured.append(contentsOf: UnsafeBufferPointer(rebasing: scanner.buffer[range]))
                }
            } else {
                captured.append(contentsOf: UnsafeBufferPointer(rebasing: scanner.buffer[range]))
            }
        }
    }

    // MARK: Helpers

    private mutating func startCapture() {
        capturing = true
        captured.removeAll(keepingCapacity: true)
    }

    private mutating func endCapture() -> String? {
        capturing = false
        // Titles are free text. Bad bytes inside an entry reject the entry (see `finishEntry`);
        // the feed's own title is not worth refusing a page over.
        return captured.isEmpty ? nil : InputText.neutralised(String(decoding: captured, as: UTF8.self))
    }

    private func link(_ scanner: borrowing XMLScanner) -> (rel: String, href: String)? {
        var rel: String?
        var href: String?
        for attribute in scanner.attributes {
            let value = try? scanner.string(
                attribute.value, needsDecoding: attribute.needsDecoding, attributeValue: true)
            if scanner.bytesEqual(attribute.localName, Names.rel) { rel = value }
            if scanner.bytesEqual(attribute.localName, Names.href) { href = value }
        }
        guard let href else { return nil }
        return (rel ?? "alternate", InputText.neutralised(href))
    }

    private mutating func beginEntry(at offset: Int) {
        ordinal += 1
        entryStart = offset
        entryTitle = nil
        entryLink = nil
        entryModified = nil
        entryRecord = nil
    }

    private mutating func beginRecord(_ recordKind: FPDSRecord.Kind, scanner: borrowing XMLScanner) {
        var builder = RecordBuilder(kind: recordKind, limit: limit)
        builder.startRecord(scanner: scanner)
        record = builder
    }

    private mutating func finishEntry(at end: Int, scanner: borrowing XMLScanner) {
        guard let start = entryStart else { return }
        entryStart = nil
        let result: Result<FPDSEntry, FPDSParseError>
        switch entryRecord {
        case .none:
            result = .failure(.missingRecord(file: file, entry: ordinal, found: nil))
        case .failure(let error)?:
            result = .failure(error)
        case .success(let parts)?:
            var modified: FPDSDateTime?
            if let entryModified {
                modified = FPDSDateTime(fpds: entryModified)
            }
            // The raw XML is stored verbatim, so its bytes must be text: this one pass (the cost
            // of decoding it anyway) refuses invalid UTF-8 and NUL wherever they are, in tags,
            // attributes and elements the record does not track.
            switch InputText.decode(UnsafeBufferPointer(rebasing: scanner.buffer[start..<end])) {
            case .success(let rawXML):
                result = .success(
                    FPDSEntry(
                        ordinal: ordinal, title: entryTitle, link: entryLink, modified: modified,
                        record: parts.record, rawXML: rawXML, canonicalContent: parts.canonical))
            case .failure:
                result = .failure(badBytes(in: start..<end, record: parts.record, scanner: scanner))
            }
        }
        delivered += 1
        deliver(result)
    }
}

extension DocumentBuilder {
    /// The error for an entry whose bytes `InputText.decode` refused: where the first bad byte
    /// is, and the text around it.
    fileprivate func badBytes(
        in range: Range<Int>, record: FPDSRecord, scanner: borrowing XMLScanner
    ) -> FPDSParseError {
        let entryBytes = UnsafeBufferPointer(rebasing: scanner.buffer[range])
        let (offset, problem) = InputText.firstProblem(in: entryBytes) ?? (0, .invalidUTF8)
        let at = range.lowerBound + offset
        // The text node (or tag) holding the byte: from the markup before it to the markup after.
        var from = at
        while from > range.lowerBound, scanner.buffer[from - 1] != UInt8(ascii: ">"),
            scanner.buffer[from - 1] != UInt8(ascii: "<")
        {
            from -= 1
        }
        let to =
            scanner.firstIndex(of: UInt8(ascii: "<"), from: at).map { min($0, range.upperBound) } ?? range.upperBound
        let (line, column) = scanner.lineAndColumn(of: at)
        return .invalidValue(
            file: file, entry: ordinal, record: "PIID \(record.id.piid) mod \(record.id.modNumber)",
            element: "the text at line \(line), column \(column)", value: scanner.string(from..<to),
            expected: problem.expectation)
    }
}

/// A finished record and its canonical bytes.
private struct RecordParts {
    var record: FPDSRecord
    var canonical: [UInt8]
}

/// Collects one record element's tracked fields and canonical content.
/// Element and attribute names the document builder compares against.
private enum Names {
    static let entry = Array("entry".utf8)
    static let feed = Array("feed".utf8)
    static let href = Array("href".utf8)
    static let link = Array("link".utf8)
    static let modified = Array("modified".utf8)
    static let rel = Array("rel".utf8)
    static let title = Array("title".utf8)
}

private struct RecordBuilder {
    /// Text and label attributes of one tracked element.
    struct Value {
        var text: String?
        var description: String?
        var name: String?
        var departmentID: String?
        var departmentName: String?
        /// `part8OrPart13` or `productOrServiceType`.
        var qualifier: String?
    }

    let kind: FPDSRecord.Kind
    let limit: Int
    private(set) var depth = 0
    private var schemaVersion: String?
    private var values = [Value?](repeating: nil, count: FPDSField.allCases.count)
    /// Trie node of each open element below the record; -1 for untracked subtrees.
    private var nodes: [Int] = [FPDSFieldTrie.root]
    private var text: [UInt8] = []
    private var canonical: [UInt8] = []
    private var problem: Problem?
    private let trie = FPDSFieldTrie.shared

    private enum Problem {
        case tooLong(element: String, length: Int)
        case badText(element: String, reason: String)
        case badBytes(element: String, value: String, problem: InputText.ByteProblem)
    }

    // Canonical-form markers: bytes that never occur in XML text.
    private static let openMark: UInt8 = 0x01
    private static let attributeMark: UInt8 = 0x02
    private static let valueMark: UInt8 = 0x03
    private static let textMark: UInt8 = 0x04
    private static let closeMark: UInt8 = 0x05

    /// Attributes that are lookup labels derived from codes (archives omit them all), or
    /// namespace and schema bookkeeping: not part of a record's content.
    private static let labelAttributes: [[UInt8]] = [
        "description", "name", "departmentID", "departmentName", "city", "county", "country", "regionCode",
        "productOrServiceType", "version",
    ].map { Array($0.utf8) }

    private static let descriptionName = Array("description".utf8)
    private static let nameName = Array("name".utf8)
    private static let departmentIDName = Array("departmentID".utf8)
    private static let departmentNameName = Array("departmentName".utf8)
    private static let part8OrPart13Name = Array("part8OrPart13".utf8)
    private static let productOrServiceTypeName = Array("productOrServiceType".utf8)
    private static let versionName = Array("version".utf8)
    private static let xmlnsName = Array("xmlns".utf8)

    init(kind: FPDSRecord.Kind, limit: Int) {
        self.kind = kind
        self.limit = limit
        canonical.reserveCapacity(8 * 1024)
        text.reserveCapacity(256)
    }

    mutating func startRecord(scanner: borrowing XMLScanner) {
        canonical.append(Self.openMark)
        canonical.append(contentsOf: kind.rawValue.utf8)
        for attribute in scanner.attributes where scanner.bytesEqual(attribute.localName, Self.versionName) {
            schemaVersion =
                (try? scanner.string(
                    attribute.value, needsDecoding: attribute.needsDecoding, attributeValue: true)).map(
                    InputText.neutralised)
        }
        appendContentAttributes(scanner)
    }

    mutating func startElement(localName: Range<Int>, scanner: borrowing XMLScanner) {
        flushText()
        depth += 1
        canonical.append(Self.openMark)
        canonical.append(contentsOf: UnsafeBufferPointer(rebasing: scanner.buffer[localName]))
        appendContentAttributes(scanner)

        var node = -1
        if let parent = nodes.last, parent >= 0 {
            for child in trie.nodes[parent].children where scanner.bytesEqual(localName, child.name) {
                node = child.node
                break
            }
        }
        nodes.append(node)
        if node >= 0, let field = trie.nodes[node].field {
            values[field.rawValue] = labels(scanner, for: field)
        }
    }

    mutating func endElement(localName: Range<Int>, scanner: borrowing XMLScanner) {
        let node = nodes.removeLast()
        if node >= 0, let field = trie.nodes[node].field, !text.isEmpty {
            // Validating costs what lossy decoding did, and names the element when bytes are bad.
            if let decoded = text.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) {
                // Keys stay as published, for `FPDSKeyField` to judge; the rest is free text.
                values[field.rawValue]?.text = field.isKey ? decoded : InputText.neutralised(decoded)
            } else if problem == nil {
                problem = .badBytes(
                    element: field.path(for: kind), value: String(decoding: text, as: UTF8.self),
                    problem: .invalidUTF8)
            }
        }
        flushText()
        canonical.append(Self.closeMark)
        depth -= 1
    }

    mutating func text(_ range: Range<Int>, needsDecoding: Bool, scanner: borrowing XMLScanner) {
        guard problem == nil else { return }
        if text.count + range.count > limit {
            problem = .tooLong(element: elementName(), length: text.count + range.count)
            return
        }
        if needsDecoding {
            do {
                try scanner.decode(range, into: &text)
            } catch {
                problem = .badText(element: elementName(), reason: error.reason)
            }
        } else {
            text.append(contentsOf: UnsafeBufferPointer(rebasing: scanner.buffer[range]))
        }
    }

    /// Builds the record once its element has closed.
    mutating func finish(file: String, entry: Int) -> Result<RecordParts, FPDSParseError> {
        flushText()
        canonical.append(Self.closeMark)
        do throws(FPDSParseError) {
            let record = try makeRecord(file: file, entry: entry)
            return .success(RecordParts(record: record, canonical: canonical))
        } catch {
            return .failure(error)
        }
    }

    // MARK: Canonical form

    private mutating func flushText() {
        guard !text.isEmpty else { return }
        if text.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }) {
            canonical.append(Self.textMark)
            canonical.append(contentsOf: text)
        }
        text.removeAll(keepingCapacity: true)
    }

    private mutating func appendContentAttributes(_ scanner: borrowing XMLScanner) {
        guard !scanner.attributes.isEmpty else { return }
        // Most elements carry only label attributes: find the content ones without allocating.
        var contentAttributes: [XMLScanner.Attribute] = []
        for attribute in scanner.attributes where isContentAttribute(attribute, scanner) {
            contentAttributes.append(attribute)
        }
        guard !contentAttributes.isEmpty else { return }
        if contentAttributes.count > 1 {
            contentAttributes.sort { left, right in
                UnsafeBufferPointer(rebasing: scanner.buffer[left.localName])
                    .lexicographicallyPrecedes(UnsafeBufferPointer(rebasing: scanner.buffer[right.localName]))
            }
        }
        for attribute in contentAttributes {
            canonical.append(Self.attributeMark)
            canonical.append(contentsOf: UnsafeBufferPointer(rebasing: scanner.buffer[attribute.localName]))
            canonical.append(Self.valueMark)
            let mark = canonical.count
            if (try? scanner.decode(attribute.value, attributeValue: true, into: &canonical)) == nil {
                canonical.removeSubrange(mark...)
                canonical.append(contentsOf: UnsafeBufferPointer(rebasing: scanner.buffer[attribute.value]))
            }
        }
    }

    /// Namespace declarations and lookup labels are not content.
    private func isContentAttribute(_ attribute: XMLScanner.Attribute, _ scanner: borrowing XMLScanner) -> Bool {
        let name = attribute.name
        if name.count >= 5, scanner.bytesEqual(name.lowerBound..<(name.lowerBound + 5), Self.xmlnsName),
            name.count == 5 || scanner.buffer[name.lowerBound + 5] == UInt8(ascii: ":")
        {
            return false
        }
        return !Self.labelAttributes.contains { scanner.bytesEqual(attribute.localName, $0) }
    }

    private func labels(_ scanner: borrowing XMLScanner, for field: FPDSField) -> Value {
        var value = Value()
        for attribute in scanner.attributes {
            let local = attribute.localName
            // Labels are free text; bad bytes in them reject the entry (see `finishEntry`).
            let decoded =
                (try? scanner.string(
                    attribute.value, needsDecoding: attribute.needsDecoding, attributeValue: true)).map(
                    InputText.neutralised)
            if scanner.bytesEqual(local, Self.descriptionName) {
                value.description = decoded
            } else if scanner.bytesEqual(local, Self.nameName) {
                value.name = decoded
            } else if scanner.bytesEqual(local, Self.departmentIDName) {
                value.departmentID = decoded
            } else if scanner.bytesEqual(local, Self.departmentNameName) {
                value.departmentName = decoded
            } else if scanner.bytesEqual(local, Self.part8OrPart13Name)
                || scanner.bytesEqual(local, Self.productOrServiceTypeName)
            {
                value.qualifier = decoded
            }
        }
        return value
    }

    private func elementName() -> String {
        // The innermost tracked element names the problem; untracked ones are reported by depth.
        for node in nodes.reversed() where node >= 0 {
            if let field = trie.nodes[node].field { return field.path(for: kind) }
        }
        return "an element at depth \(depth) of <\(kind.rawValue)>"
    }

    // MARK: Typed record

    private func makeRecord(file: String, entry: Int) throws(FPDSParseError) -> FPDSRecord {
        let recordLabel = describeRecord()
        if let problem {
            switch problem {
            case .tooLong(let element, let length):
                throw .valueTooLong(
                    file: file, entry: entry, record: recordLabel, element: element, length: length, limit: limit)
            case .badText(let element, let reason):
                throw .invalidValue(
                    file: file, entry: entry, record: recordLabel, element: element, value: reason,
                    expected: "well-formed character data")
            case .badBytes(let element, let value, let problem):
                throw .invalidValue(
                    file: file, entry: entry, record: recordLabel, element: element, value: value,
                    expected: problem.expectation)
            }
        }
        func text(_ field: FPDSField) -> String? { values[field.rawValue]?.text }
        func required(_ field: FPDSField) throws(FPDSParseError) -> String {
            guard let value = text(field), !value.isEmpty else {
                throw .missingElement(file: file, entry: entry, record: recordLabel, element: field.path(for: kind))
            }
            return value
        }
        /// A key part, refused unless `FPDSKeyField` accepts it.
        func key(_ field: FPDSField, _ rule: FPDSKeyField, required isRequired: Bool) throws(FPDSParseError) -> String?
        {
            guard let value = isRequired ? try required(field) : text(field) else { return nil }
            if let violation = rule.violation(in: value) {
                throw .invalidValue(
                    file: file, entry: entry, record: recordLabel, element: field.path(for: kind), value: value,
                    expected: violation.expectation)
            }
            return value
        }
        func date(_ field: FPDSField) throws(FPDSParseError) -> FPDSDateTime? {
            guard let value = text(field) else { return nil }
            guard let date = FPDSDateTime(fpds: value) else {
                throw .invalidValue(
                    file: file, entry: entry, record: recordLabel, element: field.path(for: kind), value: value,
                    expected: "a date as YYYY-MM-DD HH:MM:SS")
            }
            return date
        }
        func amount(_ field: FPDSField) throws(FPDSParseError) -> FPDSAmount? {
            guard let value = text(field) else { return nil }
            guard let amount = FPDSAmount(value) else {
                throw .invalidValue(
                    file: file, entry: entry, record: recordLabel, element: field.path(for: kind), value: value,
                    expected: "a decimal amount such as -1234.56")
            }
            return amount
        }
        func code(_ field: FPDSField) -> FPDSCode? {
            guard let value = values[field.rawValue], let code = value.text else { return nil }
            return FPDSCode(code: code, description: value.description)
        }
        // Old records sometimes publish an empty agency or office element that still carries its
        // names (`<contractingOfficeAgencyID departmentID="9700" …></…>`): keep the names, with an
        // empty code.
        func agency(_ field: FPDSField) -> FPDSRecord.Agency? {
            guard let value = values[field.rawValue],
                value.text != nil || value.name != nil || value.departmentID != nil || value.departmentName != nil
            else { return nil }
            return FPDSRecord.Agency(
                code: value.text ?? "", name: value.name, departmentID: value.departmentID,
                departmentName: value.departmentName)
        }
        func office(_ field: FPDSField) -> FPDSRecord.Office? {
            guard let value = values[field.rawValue], value.text != nil || value.name != nil else { return nil }
            return FPDSRecord.Office(code: value.text ?? "", name: value.name)
        }
        /// Locations and incorporation carry their names in `name`, not `description`.
        func namedCode(_ field: FPDSField) -> FPDSCode? {
            guard let value = values[field.rawValue], let code = value.text else { return nil }
            return FPDSCode(code: code, description: value.name)
        }

        let ownAgency = try key(.agencyID, .agencyID, required: true) ?? ""
        let id = FPDSRecord.ActionID(
            agency: agency(.agencyID) ?? FPDSRecord.Agency(code: ownAgency),
            piid: try key(.piid, .piid, required: true) ?? "",
            modNumber: try key(.modNumber, .modNumber, required: true) ?? "",
            transactionNumber: try key(.transactionNumber, .transactionNumber, required: false))
        var referencedIDV: FPDSRecord.ReferencedIDV?
        // The referenced IDV's agency and PIID are part of the action's key too. Its agency may
        // be published empty (names only), as the own agency's may not.
        if let idvPIID = try key(.idvPIID, .piid, required: false) {
            _ = try key(.idvAgencyID, .agencyID, required: false)
            referencedIDV = FPDSRecord.ReferencedIDV(
                agency: agency(.idvAgencyID) ?? FPDSRecord.Agency(code: ""), piid: idvPIID,
                modNumber: text(.idvModNumber))
        }
        return FPDSRecord(
            kind: kind,
            schemaVersion: schemaVersion,
            id: id,
            referencedIDV: referencedIDV,
            dates: .init(
                signed: try date(.signedDate), effective: try date(.effectiveDate),
                currentCompletion: try date(.currentCompletionDate),
                ultimateCompletion: try date(.ultimateCompletionDate),
                lastDateToOrder: try date(.lastDateToOrder), fiscalYear: text(.fiscalYear)),
            dollars: .init(
                obligated: try amount(.obligatedAmount),
                baseAndExercisedOptions: try amount(.baseAndExercisedOptionsValue),
                baseAndAllOptions: try amount(.baseAndAllOptionsValue),
                totalEstimatedOrderValue: try amount(.totalEstimatedOrderValue),
                nonGovernmental: try amount(.nonGovernmentalDollars)),
            totals: .init(
                obligated: try amount(.totalObligatedAmount),
                baseAndExercisedOptions: try amount(.totalBaseAndExercisedOptionsValue),
                baseAndAllOptions: try amount(.totalBaseAndAllOptionsValue),
                nonGovernmental: try amount(.totalNonGovernmentalDollars)),
            purchaser: .init(
                contractingAgency: agency(.contractingAgency), contractingOffice: office(.contractingOffice),
                fundingAgency: agency(.fundingAgency), fundingOffice: office(.fundingOffice),
                foreignFunding: code(.foreignFunding)),
            contractData: .init(
                contractActionType: code(.contractActionType),
                part8OrPart13: values[FPDSField.contractActionType.rawValue]?.qualifier,
                typeOfContractPricing: code(.typeOfContractPricing),
                reasonForModification: code(.reasonForModification),
                description: text(.description),
                typeOfIDC: code(.typeOfIDC), multipleOrSingleAwardIDC: code(.multipleOrSingleAwardIDC),
                referencedIDVType: code(.referencedIDVType),
                referencedIDVMultipleOrSingle: code(.referencedIDVMultipleOrSingle),
                solicitationID: text(.solicitationID), majorProgramCode: text(.majorProgramCode),
                nationalInterestActionCode: code(.nationalInterestActionCode),
                typeOfAgreement: text(.typeOfAgreement)),
            productOrService: .init(
                productOrServiceCode: code(.productOrServiceCode),
                productOrServiceType: values[FPDSField.productOrServiceCode.rawValue]?.qualifier,
                principalNAICSCode: code(.principalNAICSCode), claimantProgramCode: code(.claimantProgramCode)),
            vendor: .init(
                name: text(.vendorName), alternateName: text(.vendorAlternateName),
                legalOrganizationName: text(.vendorLegalOrganizationName),
                doingBusinessAsName: text(.vendorDoingAsBusinessName),
                uei: text(.uei), ueiLegalBusinessName: text(.ueiLegalBusinessName),
                ultimateParentUEI: text(.ultimateParentUEI), ultimateParentName: text(.ultimateParentUEIName),
                cageCode: text(.cageCode), duns: text(.duns), globalParentDUNS: text(.globalParentDUNS),
                globalParentDUNSName: text(.globalParentDUNSName),
                location: .init(
                    streetAddress: text(.vendorStreet), city: text(.vendorCity), state: namedCode(.vendorState),
                    zipCode: text(.vendorZIP), country: namedCode(.vendorCountry)),
                stateOfIncorporation: namedCode(.stateOfIncorporation),
                countryOfIncorporation: namedCode(.countryOfIncorporation)),
            placeOfPerformance: .init(
                state: namedCode(.placeState), country: namedCode(.placeCountry), zipCode: text(.placeZIP)),
            competition: .init(
                extentCompeted: code(.extentCompeted), solicitationProcedures: code(.solicitationProcedures),
                typeOfSetAside: code(.typeOfSetAside), reasonNotCompeted: code(.reasonNotCompeted),
                numberOfOffersReceived: text(.numberOfOffersReceived)),
            transaction: .init(
                createdBy: text(.createdBy), createdDate: try date(.createdDate),
                lastModifiedBy: text(.lastModifiedBy), lastModifiedDate: try date(.lastModifiedDate),
                status: code(.status), approvedBy: text(.approvedBy), approvedDate: try date(.approvedDate),
                closedStatus: text(.closedStatus), closedBy: text(.closedBy), closedDate: try date(.closedDate))
        )
    }

    /// "PIID W91CRB15D0018 mod P00002" when the identifiers were read, for error messages.
    private func describeRecord() -> String? {
        guard let piid = values[FPDSField.piid.rawValue]?.text else { return nil }
        let mod = values[FPDSField.modNumber.rawValue]?.text.map { " mod \($0)" } ?? ""
        return "PIID \(piid)\(mod)"
    }
}
