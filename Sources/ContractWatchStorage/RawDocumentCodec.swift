import CZstd
package import ContractWatchCore
import Synchronization

/// Compresses the source documents kept verbatim with every version, with the dictionary the
/// store trained from its own documents once it has one.
///
/// FPDS entries average ~18 KB of XML. Each is compressed alone, so that any one reads back
/// without its neighbours; alone, zstd finds only ~4:1 in an entry (4.5 KB), while a 112 KB
/// dictionary trained from 2,000 of the store's entries holds what entries share (the namespaces,
/// element names, agency and vendor blocks) and brings one to ~1-1.2 KB. The store keeps every
/// dictionary it trained (`raw_dictionaries`), and `raw_encoding` names the one each document
/// needs, so a later dictionary never rewrites older documents. Decompression restores the
/// exact bytes.
///
/// One contract's records repeat each other: a modification differs from the one before it in
/// its number, dates, amounts and a few lines. Compaction stores a contract's documents after its
/// first as deltas (`zstd-ref:<version id>`: a zstd frame made with the document of the version
/// before it in the same contract as its prefix), at about a third of their size with the
/// dictionary (``DocumentCompaction``).
///
/// One codec is shared by every copy of a store value and every thread: dictionaries are built
/// once per id and cached (building one costs milliseconds), and zstd's compiled dictionaries are
/// read-only, so they are used concurrently; each call takes its own zstd context.
package final class RawDocumentCodec: Sendable {
    /// The `raw_encoding` of a document compressed alone.
    static let plainEncoding = "zstd"
    /// The `raw_encoding` of a document compressed with a dictionary, before the dictionary's id.
    static let dictionaryEncodingPrefix = "zstd-dict:"
    /// The `raw_encoding` of a delta, before the id of the version whose document is its prefix.
    static let referenceEncodingPrefix = "zstd-ref:"
    /// Level 3 for deltas as well: level 9 saves only 4% more on FPDS modifications.
    static let referenceLevel: Int32 = 3
    /// Level 1, zstd's fastest, for the documents a store holds before its first dictionary:
    /// compression runs once per stored version.
    static let plainLevel: Int32 = 1
    /// Level 3 with a dictionary: as fast as level 1 alone (~240 MB/s on FPDS entries) and 15%
    /// smaller than level 1 with the same dictionary.
    static let dictionaryLevel: Int32 = 3
    /// 112 KB: on FPDS entries 256 KB saves another 7% but halves the speed at level 3.
    static let dictionaryCapacity = 112 * 1024
    /// How many documents a dictionary is trained from (the newest), and how many a store holds
    /// before it trains its first: enough to see every kind of record it keeps.
    package static let trainingDocuments = 2_000

    private let dictionaries = Mutex(Dictionaries())

    /// The dictionaries built so far, by id, and the one new documents are compressed with.
    private struct Dictionaries {
        var current: RawDictionary?
        var byID: [Int64: RawDictionary] = [:]
        /// The store's documents gave no dictionary: not retried by this process on every batch.
        var trainingFailed = false
    }

    /// A codec that knows no dictionary yet.
    package init() {}

    // MARK: - Dictionaries

    /// The id of the dictionary new documents are compressed with, or nil before the store has one.
    var currentDictionaryID: Int64? {
        dictionaries.withLock { $0.current?.id }
    }

    /// Whether the store should train its first dictionary: it has none, and this process has
    /// not already failed to train one (which costs seconds; a restart tries again).
    var wantsFirstDictionary: Bool {
        dictionaries.withLock { $0.current == nil && !$0.trainingFailed }
    }

    /// Notes that the store's documents gave no dictionary.
    func noteTrainingFailed() {
        dictionaries.withLock { $0.trainingFailed = true }
    }

    /// Keeps `dictionary` for reading, and compresses new documents with it.
    func adopt(_ dictionary: RawDictionary) {
        dictionaries.withLock {
            $0.byID[dictionary.id] = dictionary
            $0.current = dictionary
        }
    }

    /// Keeps `dictionary` for reading the documents compressed with it.
    func register(_ dictionary: RawDictionary) {
        dictionaries.withLock { $0.byID[dictionary.id] = dictionary }
    }

    /// The dictionaries `encodings` need that this codec has not built yet, for the store to load.
    /// - Throws: ``StorageError/unknownEncoding(_:)`` for an encoding this build does not read.
    func missingDictionaries(among encodings: some Sequence<String>) throws -> Set<Int64> {
        let needed = Set(
            try encodings.compactMap { encoding -> Int64? in
                guard case .dictionary(let id) = try Encoding(encoding) else { return nil }
                return id
            })
        return dictionaries.withLock { state in needed.filter { state.byID[$0] == nil } }
    }

    /// How one document's bytes were made, as its `raw_encoding` says.
    enum Encoding: Equatable {
        /// Compressed alone.
        case plain
        /// Compressed with the stored dictionary of this id.
        case dictionary(Int64)
        /// Compressed with the document of the version of this id as its prefix.
        case reference(Int64)

        /// - Throws: ``StorageError/unknownEncoding(_:)`` for an encoding this build does not read.
        init(_ encoding: String) throws {
            if encoding == RawDocumentCodec.plainEncoding {
                self = .plain
            } else if let id = Self.id(in: encoding, after: RawDocumentCodec.dictionaryEncodingPrefix) {
                self = .dictionary(id)
            } else if let id = Self.id(in: encoding, after: RawDocumentCodec.referenceEncodingPrefix) {
                self = .reference(id)
            } else {
                throw StorageError.unknownEncoding(encoding)
            }
        }

        /// The version whose document a delta's base is; nil for a document stored whole.
        var base: Int64? {
            if case .reference(let id) = self { id } else { nil }
        }

        private static func id(in encoding: String, after prefix: String) -> Int64? {
            encoding.hasPrefix(prefix) ? Int64(encoding.dropFirst(prefix.count)) : nil
        }
    }

    /// A dictionary of at most ``dictionaryCapacity`` bytes trained from `documents`, or nil when
    /// zstd finds too little in them to train one (too few, or too small).
    static func train(from documents: [String]) -> [UInt8]? {
        var samples: [UInt8] = []
        samples.reserveCapacity(documents.reduce(0) { $0 + $1.utf8.count })
        for document in documents { samples += document.utf8 }
        let sizes = documents.map { $0.utf8.count }
        var dictionary = [UInt8](repeating: 0, count: dictionaryCapacity)
        let size = ZDICT_trainFromBuffer(&dictionary, dictionaryCapacity, samples, sizes, UInt32(sizes.count))
        guard ZDICT_isError(size) == 0 else { return nil }
        return Array(dictionary.prefix(size))
    }

    // MARK: - Documents

    /// `text` as the store keeps it: one zstd frame, with the current dictionary if there is one.
    package func compress(_ text: String) -> PreparedDocument {
        Self.compress(text, with: dictionaries.withLock { $0.current })
    }

    /// `text` as one zstd frame, with `dictionary` or alone.
    static func compress(_ text: String, with dictionary: RawDictionary?) -> PreparedDocument {
        let bytes = frame(of: text) { context, output, capacity, input, count in
            if let dictionary {
                ZSTD_compress_usingCDict(context, output, capacity, input, count, dictionary.compression)
            } else {
                ZSTD_compressCCtx(context, output, capacity, input, count, plainLevel)
            }
        }
        let encoding = dictionary.map { dictionaryEncodingPrefix + String($0.id) } ?? plainEncoding
        return PreparedDocument(bytes: bytes, encoding: encoding)
    }

    /// `text` as a delta: one zstd frame made with `base`, the document of version `baseID`, as
    /// its prefix, and a checksum of `text` (a prefix is not named in the frame the way a
    /// dictionary is, so the checksum is what tells a wrong base from the right one on reading).
    package static func compress(_ text: String, against base: String, baseID: Int64) -> PreparedDocument {
        var base = base
        let bytes = base.withUTF8 { prefix in
            frame(of: text) { context, output, capacity, input, count in
                ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, referenceLevel)
                ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
                let referenced = ZSTD_CCtx_refPrefix(context, prefix.baseAddress, prefix.count)
                guard ZSTD_isError(referenced) == 0 else { return referenced }
                return ZSTD_compress2(context, output, capacity, input, count)
            }
        }
        return PreparedDocument(bytes: bytes, encoding: referenceEncodingPrefix + String(baseID))
    }

    /// zstd's contexts, kept for the next call: a new one allocates and clears its tables on first
    /// use, which was a tenth of compaction's CPU when every document took a new one.
    private static let compressionContexts = ContextPool(
        make: { ZSTD_createCCtx() }, reset: { _ = ZSTD_CCtx_reset($0, ZSTD_reset_session_and_parameters) },
        free: { _ = ZSTD_freeCCtx($0) })
    private static let decompressionContexts = ContextPool(
        make: { ZSTD_createDCtx() }, reset: { _ = ZSTD_DCtx_reset($0, ZSTD_reset_session_and_parameters) },
        free: { _ = ZSTD_freeDCtx($0) })

    /// The zstd frame `compress` writes of `text`, given a context of its own, an output buffer of
    /// `ZSTD_compressBound` bytes, and the input.
    private static func frame(
        of text: String,
        _ compress: (OpaquePointer?, UnsafeMutableRawPointer?, Int, UnsafeRawPointer?, Int) -> Int
    ) -> [UInt8] {
        var source = text
        return source.withUTF8 { input in
            let capacity = ZSTD_compressBound(input.count)
            return [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
                let written = compressionContexts.withContext { context in
                    compress(context, output.baseAddress, capacity, input.baseAddress, input.count)
                }
                // Compression into a buffer of compressBound bytes cannot fail (nor can a context
                // allocation, short of memory); keep the check so a broken library never yields
                // a silently empty document.
                count = ZSTD_isError(written) == 0 ? written : 0
            }
        }
    }

    /// The text of one document as the store keeps it.
    /// - Parameters:
    ///   - bytes: The stored bytes.
    ///   - encoding: Their `raw_encoding`; a dictionary it names must have been registered
    ///     (``missingDictionaries(among:)``).
    ///   - base: For a delta, the text of the document it names.
    /// - Returns: The document, byte for byte.
    /// - Throws: ``StorageError/corruptDocument`` if the bytes are not a complete zstd frame of
    ///   that encoding, or a delta comes without its base; ``StorageError/unknownEncoding(_:)``
    ///   or ``StorageError/missingDictionary(_:)``.
    package func decompress(_ bytes: [UInt8], encoding: String, base: String? = nil) throws -> String {
        let size = bytes.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        guard size != ZSTD_CONTENTSIZE_ERROR, size != ZSTD_CONTENTSIZE_UNKNOWN, size < 1 << 30 else {
            throw StorageError.corruptDocument
        }
        let decompress: (OpaquePointer?, UnsafeMutableRawPointer?, Int, UnsafeRawPointer?, Int) -> Int
        switch try Encoding(encoding) {
        case .plain:
            decompress = { context, output, capacity, input, count in
                ZSTD_decompressDCtx(context, output, capacity, input, count)
            }
        case .dictionary(let id):
            guard let dictionary = dictionaries.withLock({ $0.byID[id] }) else {
                throw StorageError.missingDictionary(id)
            }
            // A frame made with another dictionary fails here (zstd checks the id in its header).
            decompress = { context, output, capacity, input, count in
                ZSTD_decompress_usingDDict(context, output, capacity, input, count, dictionary.decompression)
            }
        case .reference:
            guard var base else { throw StorageError.corruptDocument }
            decompress = { context, output, capacity, input, count in
                base.withUTF8 { prefix in
                    let referenced = ZSTD_DCtx_refPrefix(context, prefix.baseAddress, prefix.count)
                    guard ZSTD_isError(referenced) == 0 else { return referenced }
                    // A wrong base fails the frame's checksum.
                    return ZSTD_decompressDCtx(context, output, capacity, input, count)
                }
            }
        }
        var failed = false
        let text = String(unsafeUninitializedCapacity: Int(size)) { output in
            let read = Self.decompressionContexts.withContext { context in
                bytes.withUnsafeBytes { input in
                    decompress(context, output.baseAddress, Int(size), input.baseAddress, input.count)
                }
            }
            failed = ZSTD_isError(read) != 0 || read != Int(size)
            return failed ? 0 : read
        }
        if failed { throw StorageError.corruptDocument }
        return text
    }
}

/// zstd contexts of one kind for reuse, a few at most, each used by one call at a time.
///
/// `@unchecked Sendable`: the contexts are handed out under the lock, to one caller each, and
/// reset (parameters and any prefix cleared) before they are kept again.
private final class ContextPool: @unchecked Sendable {
    private let make: @Sendable () -> OpaquePointer?
    private let reset: @Sendable (OpaquePointer) -> Void
    private let free: @Sendable (OpaquePointer) -> Void
    /// Idle contexts; as many as calls ran at once, up to `capacity` (a call per core).
    private let idle = Mutex<[Int]>([])
    private let capacity = 8

    init(
        make: @escaping @Sendable () -> OpaquePointer?, reset: @escaping @Sendable (OpaquePointer) -> Void,
        free: @escaping @Sendable (OpaquePointer) -> Void
    ) {
        self.make = make
        self.reset = reset
        self.free = free
    }

    /// Runs `body` with a context no other call uses meanwhile (nil only if zstd could not
    /// allocate one, which its calls then report as an error).
    func withContext<Result>(_ body: (OpaquePointer?) -> Result) -> Result {
        let kept = idle.withLock { $0.popLast() }.flatMap(OpaquePointer.init(bitPattern:))
        guard let context = kept ?? make() else { return body(nil) }
        defer {
            reset(context)
            let address = Int(bitPattern: context)
            let stored = idle.withLock { idle in
                guard idle.count < capacity else { return false }
                idle.append(address)
                return true
            }
            if !stored { free(context) }
        }
        return body(context)
    }
}

/// One trained dictionary, compiled for compression and decompression.
///
/// `@unchecked Sendable`: zstd's compiled dictionaries (`ZSTD_CDict`, `ZSTD_DDict`) are never
/// changed after they are made, and zstd documents them as usable by many threads at once; this
/// class only makes and frees them.
final class RawDictionary: @unchecked Sendable {
    /// Its row in `raw_dictionaries`.
    let id: Int64
    let compression: OpaquePointer
    let decompression: OpaquePointer

    /// - Throws: ``StorageError/corruptDictionary(_:)`` if zstd cannot use the bytes.
    init(id: Int64, bytes: [UInt8]) throws {
        guard ZDICT_getDictID(bytes, bytes.count) != 0,
            let compression = ZSTD_createCDict(bytes, bytes.count, RawDocumentCodec.dictionaryLevel)
        else { throw StorageError.corruptDictionary(id) }
        guard let decompression = ZSTD_createDDict(bytes, bytes.count) else {
            ZSTD_freeCDict(compression)
            throw StorageError.corruptDictionary(id)
        }
        self.id = id
        self.compression = compression
        self.decompression = decompression
    }

    deinit {
        ZSTD_freeCDict(compression)
        ZSTD_freeDDict(decompression)
    }
}

/// Storage failures that carry meaning beyond the driver's own errors.
package enum StorageError: Error, CustomStringConvertible {
    /// A stored source document does not decompress: the database file is damaged.
    case corruptDocument
    /// A webhook row names a body format this build does not know (a newer ContractWatch wrote it).
    case unknownWebhookFormat(webhookID: Int64, format: String)
    /// A stored source document names an encoding this build does not know: a newer
    /// ContractWatch wrote it.
    case unknownEncoding(String)
    /// A stored source document names a compression dictionary the store does not hold.
    case missingDictionary(Int64)
    /// A stored compression dictionary is not one zstd can use.
    case corruptDictionary(Int64)
    /// A record to store carries a content hash that is not SHA-256 hex, which the store keeps
    /// as its 32 bytes: the caller made it wrong.
    case invalidContentHash(String)
    /// An event to store or a cursor carries an id that is not `ev_` and 16 hex digits, which the
    /// store keeps as its 64 bits: the caller made it wrong.
    case invalidEventID(String)
    /// A stored event has a type code this build does not know: a newer ContractWatch wrote it.
    case unknownEventType(Int64)

    package var description: String {
        switch self {
        case .corruptDocument: "a stored source document is damaged (it does not decompress)"
        case .unknownWebhookFormat(let id, let format):
            "webhook \(id) asks for the body format '\(format)', which this ContractWatch does not know"
        case .unknownEncoding(let encoding):
            "a stored source document is encoded as '\(encoding)', which this version of contractwatch does not read"
        case .missingDictionary(let id):
            "a stored source document needs compression dictionary \(id), which the store does not hold"
        case .corruptDictionary(let id): "the store's compression dictionary \(id) is damaged"
        case .invalidContentHash(let hash): "the content hash '\(hash)' is not 64 hex digits (SHA-256)"
        case .invalidEventID(let id): "the event id '\(id)' is not 'ev_' and 16 hex digits"
        case .unknownEventType(let code):
            "a stored event has type code \(code), which this version of contractwatch does not know"
        }
    }
}
