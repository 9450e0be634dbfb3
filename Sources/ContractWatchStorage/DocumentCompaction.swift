import ContractWatchCore

/// One row of `version_documents` or `pending_documents`: a version's source document as stored.
struct StoredDocument: Sendable {
    let versionID: Int64
    let bytes: [UInt8]
    let encoding: String
}

/// Reads stored documents, deltas included: a delta needs the text of the document it names
/// (its base), which may be a delta too. The store fetches what ``missingBases`` lists until it
/// is empty, registers the dictionaries ``encodings`` need, and reads.
struct DocumentReader {
    let codec: RawDocumentCodec
    private var stored: [Int64: StoredDocument] = [:]
    /// Bases asked for: one the store did not return is missing, not asked for again.
    private var requested: Set<Int64> = []
    private var texts: [Int64: String] = [:]

    init(_ documents: [StoredDocument], codec: RawDocumentCodec) {
        self.codec = codec
        add(documents)
    }

    /// The versions whose documents the held deltas need and the store has not been asked for.
    var missingBases: [Int64] {
        Set(
            stored.values.compactMap { document in
                guard let base = (try? RawDocumentCodec.Encoding(document.encoding))?.base,
                    stored[base] == nil, !requested.contains(base)
                else { return nil }
                return base
            }
        ).sorted()
    }

    /// The encodings of every document held, for the store to register their dictionaries.
    var encodings: [String] { stored.values.map(\.encoding) }

    /// Holds `documents`, the store's answer for `bases` (``missingBases``).
    mutating func add(_ documents: [StoredDocument], answering bases: [Int64] = []) {
        requested.formUnion(bases)
        for document in documents { stored[document.versionID] = document }
    }

    /// Fetches every base the held deltas need, through `fetch` (the store's read of those
    /// versions' rows), a level of the chains at a time.
    mutating func fetchBases(_ fetch: ([Int64]) throws -> [StoredDocument]) rethrows {
        while case let bases = missingBases, !bases.isEmpty { add(try fetch(bases), answering: bases) }
    }

    /// ``fetchBases(_:)`` for a store that reads asynchronously.
    mutating func fetchBases(_ fetch: ([Int64]) async throws -> [StoredDocument]) async rethrows {
        while case let bases = missingBases, !bases.isEmpty { add(try await fetch(bases), answering: bases) }
    }

    /// The text of version `id`'s document, byte for byte.
    /// - Throws: ``StorageError/corruptDocument`` if it or a base in its chain is not held or does
    ///   not decompress, or a delta names a later version as its base (which ``DocumentCompaction``
    ///   never writes, so chains always end); the codec's errors.
    mutating func text(of id: Int64) throws -> String {
        // The chain back to a document already read or stored whole, newest first.
        var chain: [StoredDocument] = []
        var next: Int64? = id
        while let current = next, texts[current] == nil {
            guard let document = stored[current] else { throw StorageError.corruptDocument }
            chain.append(document)
            next = nil
            if let base = try RawDocumentCodec.Encoding(document.encoding).base {
                guard base < current else { throw StorageError.corruptDocument }
                next = base
            }
        }
        for document in chain.reversed() {
            let base = try RawDocumentCodec.Encoding(document.encoding).base.map { base in
                guard let text = texts[base] else { throw StorageError.corruptDocument }
                return text
            }
            texts[document.versionID] = try codec.decompress(document.bytes, encoding: document.encoding, base: base)
        }
        guard let text = texts[id] else { throw StorageError.corruptDocument }
        return text
    }
}

/// Stores a contract's documents, after its first, as deltas against the document before each:
/// a modification repeats most of the record before it, so a delta is about a third of the
/// document compressed with the store's dictionary (FPDS, 20,731 documents of 3,000 contracts:
/// 832 B a document with the dictionary, 348 B with deltas).
///
/// Ingest stores every document whole, in `pending_documents`, since the one before it is seldom
/// in the same batch; compaction (``RecordStore/compactRawDocuments(limit:)``) then moves them,
/// oldest first, into `version_documents`, as deltas where it can. Oldest first, every earlier
/// document of a contract is already in `version_documents` when a later one is compacted, and
/// `version_documents` grows at its end, its pages full: documents rewritten in place would
/// leave each page as large as before in SQLite, whose pages only take back rows of their own
/// key range.
///
/// A delta's base is always an earlier version (so every chain ends), and a chain is at most
/// ``longestChain`` documents long, so reading any document decompresses at most that many.
package enum DocumentCompaction {
    /// The most documents read to reach one: every this many, a contract's document stays whole.
    package static let longestChain = 16

    /// Of a contract's newest compacted documents (oldest first), the ones compaction reads: the
    /// newest and the chain of bases it is read through, oldest first. The others' bases need
    /// not be fetched.
    static func newestChain(of compacted: [StoredDocument]) -> [StoredDocument] {
        let byVersion = Dictionary(compacted.map { ($0.versionID, $0) }, uniquingKeysWith: { first, _ in first })
        var chain: [StoredDocument] = []
        var next = compacted.last
        while let document = next {
            chain.append(document)
            next = (try? RawDocumentCodec.Encoding(document.encoding))?.base.flatMap { byVersion[$0] }
        }
        return chain.reversed()
    }

    /// The rows of `version_documents` for a batch of pending documents.
    /// - Parameters:
    ///   - pending: The pending documents to compact, by contract, each contract's oldest first.
    ///   - compacted: Each contract's newest document in `version_documents` with its chain
    ///     (``newestChain(of:)``), oldest first.
    ///   - reader: A reader holding all of them (and their bases).
    /// - Returns: One row for each pending document, in version order (so that the table grows at
    ///   its end), and what they come to.
    /// - Throws: The reader's errors, for a document that does not read.
    static func rows(
        for pending: [Int64: [StoredDocument]], after compacted: [Int64: [StoredDocument]],
        reading reader: inout DocumentReader
    ) throws -> (rows: [StoredDocument], summary: DocumentCompactionSummary) {
        var summary = DocumentCompactionSummary()
        var rows: [StoredDocument] = []
        for (contract, documents) in pending {
            let contractRows = try Self.rows(for: documents, after: compacted[contract] ?? [], reading: &reader)
            summary.count(contractRows, replacing: documents)
            rows += contractRows
        }
        return (rows.sorted { $0.versionID < $1.versionID }, summary)
    }

    /// The rows of `version_documents` for one contract's pending documents.
    /// - Parameters:
    ///   - pending: The contract's pending documents to compact, oldest (lowest version id) first.
    ///   - compacted: The contract's newest documents in `version_documents`, oldest first.
    ///   - reader: A reader holding all of them (and their bases).
    /// - Returns: One row for each pending document: a delta against the document before it, or
    ///   the document whole, when it starts a chain or a delta would not be smaller.
    /// - Throws: The reader's errors, for a document that does not read.
    private static func rows(
        for pending: [StoredDocument], after compacted: [StoredDocument], reading reader: inout DocumentReader
    ) throws -> [StoredDocument] {
        // How many documents reading each one decompresses, by version.
        var chainLength: [Int64: Int] = [:]
        var previous: StoredDocument?
        for document in compacted {
            // A base not given (older than those given, or outside the contract, which
            // compaction never writes) is taken as ending a full chain, so that nothing is stored
            // against a document whose chain is not known. Each delta's base is the document
            // before it, so the newest document's chain lies within the newest `longestChain`.
            let base = try RawDocumentCodec.Encoding(document.encoding).base
            chainLength[document.versionID] = base.map { (chainLength[$0] ?? longestChain) + 1 } ?? 1
            previous = document
        }
        var rows: [StoredDocument] = []
        for document in pending {
            defer { previous = rows.last }
            if let previous, previous.versionID < document.versionID,
                let length = chainLength[previous.versionID], length < longestChain
            {
                let delta = RawDocumentCodec.compress(
                    try reader.text(of: document.versionID), against: try reader.text(of: previous.versionID),
                    baseID: previous.versionID)
                if delta.bytes.count < document.bytes.count {
                    rows.append(
                        StoredDocument(versionID: document.versionID, bytes: delta.bytes, encoding: delta.encoding))
                    chainLength[document.versionID] = length + 1
                    continue
                }
            }
            rows.append(try whole(document, reading: &reader))
            chainLength[document.versionID] = 1
        }
        return rows
    }

    /// `document` stored whole: with the store's current dictionary, where it was stored alone or
    /// with an older one (in a store upgraded from before either) and that is smaller.
    private static func whole(_ document: StoredDocument, reading reader: inout DocumentReader) throws -> StoredDocument
    {
        guard let current = reader.codec.currentDictionaryID,
            try RawDocumentCodec.Encoding(document.encoding) != .dictionary(current)
        else { return document }
        let compressed = reader.codec.compress(try reader.text(of: document.versionID))
        guard compressed.bytes.count < document.bytes.count else { return document }
        return StoredDocument(versionID: document.versionID, bytes: compressed.bytes, encoding: compressed.encoding)
    }
}

extension DocumentCompactionSummary {
    /// Counts one contract's compaction: `rows`, which replace its `pending` documents.
    fileprivate mutating func count(_ rows: [StoredDocument], replacing pending: [StoredDocument]) {
        documents += pending.count
        deltas += rows.count { (try? RawDocumentCodec.Encoding($0.encoding).base) != nil }
        bytesBefore += pending.reduce(0) { $0 + $1.bytes.count }
        bytesAfter += rows.reduce(0) { $0 + $1.bytes.count }
    }
}
