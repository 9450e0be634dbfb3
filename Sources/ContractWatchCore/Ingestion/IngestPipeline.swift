package import ContractAwards
import Crypto
package import FPDS
package import Foundation

/// Reads files and directories of source documents into a ``RecordStore``: parse, normalise,
/// hash, store, in batches of one transaction each.
///
/// Files are cut into chunks of a few megabytes. Chunks are parsed concurrently (one task per
/// core) and handed to the store strictly in file order, one transaction per chunk, while the
/// next chunks parse; a bounded number of parsed chunks waits in memory. Bad entries and
/// unreadable files are reported in the summary and never stop the run; everything good is
/// stored.
package struct IngestPipeline: Sendable {
    package var store: any RecordStore
    package var parser: FPDSParser
    /// Source bytes per chunk, and so per transaction: large enough to amortise commits, small
    /// enough that a killed run loses little work.
    package var chunkBytes: Int
    /// Chunks parsed at once.
    package var parallelism: Int
    /// The clock that stamps `firstSeen`/`lastSeen`; tests may fix it.
    package var now: @Sendable () -> Date

    package init(
        store: any RecordStore, parser: FPDSParser = FPDSParser(), chunkBytes: Int = 4 << 20,
        parallelism: Int = ProcessInfo.processInfo.activeProcessorCount,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.parser = parser
        self.chunkBytes = chunkBytes
        self.parallelism = max(1, parallelism)
        self.now = now
    }

    /// Ingests every file named, descending into directories (sorted, hidden files skipped).
    /// - Parameters:
    ///   - paths: Files or directories.
    ///   - dryRun: Parse, normalise and hash everything but store nothing (to check files).
    ///   - asDeletions: Every record read is a deletion notice: the files are pages of FPDS's
    ///     DELETED feed or SAM.gov responses requested with `deletedStatus=yes`, neither of which
    ///     marks its records. (USAspending delete rows are recognised without it.)
    ///   - reread: Read every file, even one whose bytes the store has ingested whole before
    ///     (``IngestedFile``); without it such a file is counted and passed over.
    ///   - progress: Called after each chunk with the running totals.
    /// - Returns: Counts and every rejection with its reason.
    /// - Throws: Only storage failures; input problems are reported in the summary.
    // `@concurrent`: parsing must not run on the caller's actor (the CLI's main actor), or the
    // chunk tasks would inherit it and take turns on one core.
    @concurrent
    package func run(
        paths: [String],
        dryRun: Bool = false,
        asDeletions: Bool = false,
        reread: Bool = false,
        progress: @Sendable (IngestProgress) -> Void = { _ in }
    ) async throws -> IngestSummary {
        let listing = Self.expand(paths)
        let files = listing.files
        let chunks = Self.chunk(files, bytes: chunkBytes)
        var summary = IngestSummary()
        var state = IngestProgress(filesTotal: files.count, bytesTotal: files.reduce(0) { $0 + $1.size })
        let parser = self.parser
        let store = self.store
        // Built-in lists are installed before the first records land, so these records are
        // screened as news, not as history.
        var afterWrite = AfterWrite(store: store, screener: nil)
        if !dryRun {
            let watchlists = WatchlistService(store: store)
            try await watchlists.installBuiltIns(at: Timestamp(now()))
            afterWrite.screener = try await watchlists.screener()
        }

        enum Step: Sendable {
            case parsed(index: Int, ParsedChunk)
            case stored([IngestOutcome], touched: Set<ContractKey>, rejections: [IngestRejection])
            case classified
        }
        try await withThrowingTaskGroup(of: Step.self) { group in
            var nextToParse = 0
            var parsing = 0
            var nextToStore = 0
            var writing = false
            var ready: [Int: ParsedChunk] = [:]
            // Classification is a third stage: one run at a time, over every contract the writes
            // since the last run touched, reading the store as those writes left it.
            var toClassify: Set<ContractKey> = []
            // The contracts of the run in progress; 0 when none runs (a run never starts empty).
            var classifyingCount = 0
            // Classification may trail the writer by minutes on a large run: the count keeps the
            // progress line moving after the last file is stored.
            func reportClassification() {
                state.contractsToClassify = toClassify.count + classifyingCount
                progress(state)
            }
            var stamp = Timestamp(now())
            while true {
                // Keep every core parsing, but hold at most `parallelism` chunks beyond the writer.
                while nextToParse < chunks.count && parsing + ready.count <= parallelism {
                    let index = nextToParse
                    group.addTask {
                        .parsed(
                            index: index,
                            try await Self.parse(
                                chunks[index], with: parser, asDeletions: asDeletions, for: dryRun ? nil : store,
                                reread: reread, at: Timestamp(now())))
                    }
                    nextToParse += 1
                    parsing += 1
                }
                if classifyingCount == 0 && !toClassify.isEmpty {
                    let contracts = Array(toClassify)
                    toClassify.removeAll()
                    classifyingCount = contracts.count
                    let detectedAt = stamp
                    group.addTask { [afterWrite] in
                        try await afterWrite.run(.contracts(contracts), at: detectedAt)
                        return .classified
                    }
                    continue
                }
                if !writing, let chunk = ready.removeValue(forKey: nextToStore) {
                    nextToStore += 1
                    summary.entries += chunk.entries
                    summary.rejections += chunk.rejections
                    summary.alreadyIngested += chunk.alreadyIngested
                    state.filesDone += chunk.files
                    state.bytesDone += chunk.bytes
                    state.entries = summary.entries
                    progress(state)
                    if !dryRun && !chunk.records.isEmpty {
                        stamp = Timestamp(now())
                        let batch = IngestBatch(records: chunk.records, seenAt: stamp, files: chunk.ingestedFiles)
                        group.addTask {
                            let stored = try await Self.write(batch, to: store)
                            return .stored(stored.outcomes, touched: stored.touched, rejections: stored.rejections)
                        }
                        writing = true
                    }
                    continue
                }
                guard let step = try await group.next() else { break }
                switch step {
                case .parsed(let index, let chunk):
                    ready[index] = chunk
                    parsing -= 1
                case .stored(let outcomes, let touched, let rejections):
                    summary.count(outcomes)
                    summary.rejections += rejections
                    toClassify.formUnion(touched)
                    writing = false
                    reportClassification()
                case .classified:
                    classifyingCount = 0
                    reportClassification()
                }
            }
        }
        if !dryRun { try await afterWrite.run(.pending, at: Timestamp(now())) }
        summary.files = files.count
        summary.skipped = listing.skipped
        return summary
    }

    /// Stores one chunk's records in one transaction.
    /// - Returns: What happened to each record; the contracts that gained an action or a version,
    ///   whose events are to be re-derived; and the deletions of actions the store does not hold,
    ///   as rejections.
    private static func write(
        _ batch: IngestBatch, to store: any RecordStore
    ) async throws -> (outcomes: [IngestOutcome], touched: Set<ContractKey>, rejections: [IngestRejection]) {
        let outcomes = try await store.ingest(batch)
        var touched: Set<ContractKey> = []
        var rejections: [IngestRejection] = []
        for (record, outcome) in zip(batch.records, outcomes) {
            switch outcome {
            case .newAction, .newVersion: touched.insert(record.action.key.contract)
            case .unchanged: break
            case .deletionOfUnknownAction: rejections.append(.deletionOfUnknownAction(record, in: record.source))
            }
        }
        return (outcomes, touched, rejections)
    }

    // MARK: - Parsing a chunk

    /// What parsing one chunk of files produced.
    struct ParsedChunk: Sendable {
        var records: [IngestRecord] = []
        var entries = 0
        var rejections: [IngestRejection] = []
        var files = 0
        var bytes = 0
        /// The files read whole, without a rejection, with the range of ``records`` each gave:
        /// the store remembers them with the records (``IngestBatch/files``).
        var ingestedFiles: [(file: IngestedFile, records: Range<Int>)] = []
        /// Files passed over because the store has ingested the same bytes whole.
        var alreadyIngested = AlreadyIngested()
    }

    /// Parses a chunk's files, after passing over those the store has ingested whole before:
    /// a file's bytes are hashed before any other work, so reading a file again costs a hash
    /// and a lookup.
    @concurrent
    private static func parse(
        _ files: [InputFile], with parser: FPDSParser, asDeletions: Bool, for store: (any RecordStore)?,
        reread: Bool, at time: Timestamp
    ) async throws -> ParsedChunk {
        var chunk = ParsedChunk()
        var contents: [(file: InputFile, data: Result<Data, any Error>, sha256: String?)] = files.map { file in
            let data = Result { try Data(contentsOf: URL(fileURLWithPath: file.path), options: .mappedIfSafe) }
            return (file, data, store == nil ? nil : (try? data.get()).map { contentHash(of: $0) })
        }
        if let store, !reread {
            let known = try await store.ingestedFiles(sha256: contents.compactMap(\.sha256), asDeletions: asDeletions)
            contents.removeAll { file in
                guard let hash = file.sha256, let ingested = known[hash] else { return false }
                chunk.alreadyIngested.files += 1
                chunk.alreadyIngested.records += ingested.records
                chunk.files += 1
                chunk.bytes += file.file.size
                return true
            }
        }
        for (file, data, sha256) in contents {
            let (firstRecord, rejections) = (chunk.records.count, chunk.rejections.count)
            read(file, data, with: parser, asDeletions: asDeletions, into: &chunk)
            chunk.files += 1
            chunk.bytes += file.size
            if let sha256, chunk.rejections.count == rejections {
                let records = firstRecord..<chunk.records.count
                chunk.ingestedFiles.append(
                    (
                        IngestedFile(
                            sha256: sha256, asDeletions: asDeletions, bytes: file.size, path: file.path,
                            records: records.count, ingestedAt: time), records
                    ))
            }
        }
        if let store {
            for index in chunk.records.indices { store.prepare(&chunk.records[index]) }
        }
        return chunk
    }

    private static func read(
        _ file: InputFile, _ contents: Result<Data, any Error>, with parser: FPDSParser, asDeletions: Bool,
        into chunk: inout ParsedChunk
    ) {
        func reject(_ entry: Int?, _ message: String) {
            chunk.rejections.append(IngestRejection(file: file.path, entry: entry, message: message))
        }
        func add(_ result: Result<AwardEntry, AwardParseError>) {
            chunk.entries += 1
            guard let record = awardRecord(result, source: file.path, isDeletion: asDeletions, reject: reject) else {
                return
            }
            chunk.records.append(record)
        }
        let data: Data
        switch contents {
        case .success(let bytes): data = bytes
        case .failure(let error):
            reject(nil, "cannot be read: \(error.localizedDescription)")
            return
        }
        switch SourceFormat.detect(data) {
        case .fpdsXML?:
            let document = parser.parse(data, file: file.path) { result in
                chunk.entries += 1
                switch result {
                case .success(let entry):
                    chunk.records.append(record(from: entry, source: file.path, isDeletion: asDeletions))
                case .failure(let error): reject(error.entry, error.description)
                }
            }
            if let error = document.error { reject(error.entry, error.description) }
        case .samJSON?:
            let document = SAMAwardsParser().parse(data, file: file.path) { add($0) }
            if let error = document.error { reject(error.record, error.description) }
        case .usaspendingCSV?:
            let document = USAspendingTransactionsParser().parse(data, file: file.path) { add($0) }
            if let error = document.error { reject(error.record, error.description) }
        case nil:
            reject(nil, "is not FPDS XML, SAM.gov Contract Awards JSON or a USAspending transactions CSV")
        }
    }

    /// One SAM.gov or USAspending record ready to store, or nil after saying why it is not stored.
    /// - Parameters:
    ///   - result: The parsed record, or why it could not be parsed.
    ///   - source: The file path or feed URL it was read from.
    ///   - isDeletion: Every record is a deletion notice (a `deletedStatus=yes` response), as
    ///     `record(from:source:isDeletion:)` for an `AwardEntry` describes.
    ///   - reject: Told the record number and the problem of a record not stored.
    /// - Returns: The record to store, or nil when it was rejected.
    package static func awardRecord(
        _ result: Result<AwardEntry, AwardParseError>, source: String, isDeletion: Bool = false,
        reject: (Int?, String) -> Void
    ) -> IngestRecord? {
        switch result {
        case .failure(let error):
            reject(error.record, error.description)
            return nil
        case .success(let entry):
            guard let record = record(from: entry, source: source, isDeletion: isDeletion) else {
                reject(
                    entry.ordinal,
                    recordLabel(entry.ordinal)
                        + "holds only some sections (an includeSections response); request the whole record")
                return nil
            }
            return record
        }
    }

    /// `record N: `, how a rejection names the record it concerns (as ``AwardParseError`` does).
    static func recordLabel(_ ordinal: Int?) -> String {
        ordinal.map { "record \($0): " } ?? ""
    }

    /// Groups files, in order, into chunks of about `bytes` bytes.
    static func chunk(_ files: [InputFile], bytes: Int) -> [[InputFile]] {
        var chunks: [[InputFile]] = []
        var current: [InputFile] = []
        var size = 0
        for file in files {
            current.append(file)
            size += file.size
            if size >= bytes {
                chunks.append(current)
                current = []
                size = 0
            }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    /// Normalises and hashes one parsed entry.
    /// - Parameters:
    ///   - entry: The parsed FPDS entry.
    ///   - source: The file path or feed URL it was read from.
    ///   - isDeletion: The entry came from FPDS's DELETED feed (same shape as the public
    ///     feed's): it becomes a deletion version of its action.
    /// - Returns: The record to store.
    package static func record(from entry: FPDSEntry, source: String, isDeletion: Bool = false) -> IngestRecord {
        IngestRecord(
            action: ContractAction(entry.record),
            contentHash: hash(of: entry.canonicalContent, isDeletion: isDeletion),
            rawDocument: entry.rawXML,
            sourceURL: entry.link,
            source: source,
            format: .fpdsXML,
            isDeletion: isDeletion)
    }

    /// Normalises and hashes one SAM.gov or USAspending record.
    ///
    /// A deletion that carries no values beyond its key (a SAM `includeSections=contractId`
    /// response, or a delete row with no dates) is marked key-only: the store gives it the values
    /// of the action's current version, so that it reads as "deleted", not as a correction that
    /// blanked every field.
    /// - Parameters:
    ///   - entry: The parsed SAM.gov or USAspending record.
    ///   - source: The file path or feed URL it was read from.
    ///   - isDeletion: The record is a deletion notice (SAM `deletedStatus=yes`); entries
    ///     the source marks deleted (``AwardEntry/isDeletion``) are deletions regardless.
    /// - Returns: Nil for a partial record (``AwardEntry/isPartial``) that is not a deletion:
    ///   stored as a version, it would read as a correction that blanked the missing sections.
    package static func record(from entry: AwardEntry, source: String, isDeletion: Bool = false) -> IngestRecord? {
        let isDeletion = isDeletion || entry.isDeletion
        guard isDeletion || !entry.isPartial else { return nil }
        var record = IngestRecord(
            action: ContractAction(entry.record),
            contentHash: hash(of: entry.canonicalContent, isDeletion: isDeletion),
            rawDocument: entry.rawDocument, sourceURL: entry.link, source: source, format: entry.format,
            isDeletion: isDeletion)
        record.entry = entry.ordinal
        let hasNoDates = entry.record.transaction.lastModifiedDate == nil && entry.record.dates.signed == nil
        if isDeletion && (entry.isPartial || hasNoDates) {
            record.action.deletion?.isKeyOnly = true
        }
        return record
    }

    /// The content hash of a deletion notice: a marker and the canonical content, so that a
    /// deletion is a version of its own even when its content equals the live record's, and the
    /// same notice read again is recognised.
    package static func deletionHash(of canonicalContent: [UInt8]) -> String {
        // U+001F cannot open a canonical form (XML, JSON or a CSV column name), so no live content
        // hashes the same.
        contentHash(of: Array("deleted\u{1F}".utf8) + canonicalContent)
    }

    private static func hash(of canonicalContent: [UInt8], isDeletion: Bool) -> String {
        isDeletion ? deletionHash(of: canonicalContent) : contentHash(of: canonicalContent)
    }

    /// SHA-256 of canonical content, as lowercase hex.
    package static func contentHash(of canonicalContent: some DataProtocol) -> String {
        let digest = SHA256.hash(data: canonicalContent)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Running totals reported while ingesting.
package struct IngestProgress: Sendable, Hashable {
    package var filesDone = 0
    package var filesTotal = 0
    package var bytesDone = 0
    package var bytesTotal = 0
    package var entries = 0
    /// Contracts stored to whose events are still to be derived: those waiting for a classification
    /// run and those of the run in progress (one written to again during its run counts in both).
    package var contractsToClassify = 0
}

/// The outcome of an ingest run.
package struct IngestSummary: OutcomeCounting, Sendable, Hashable {
    package var files = 0
    /// Entries seen, good or bad.
    package var entries = 0
    package var newActions = 0
    package var newVersions = 0
    package var unchanged = 0
    /// Files not read because the store has ingested the same bytes whole before.
    package var alreadyIngested = AlreadyIngested()
    package var rejections: [IngestRejection] = []
    /// What the directory walk passed over, and why.
    package var skipped: [SkippedInput] = []

    /// Entries and documents that could not be stored.
    package var rejected: Int { rejections.count }
}

/// Files an ingest passed over because the store holds every record of the same bytes.
package struct AlreadyIngested: Sendable, Hashable {
    package var files = 0
    /// The records those files gave when they were ingested.
    package var records = 0

    static func += (lhs: inout Self, rhs: Self) {
        lhs.files += rhs.files
        lhs.records += rhs.records
    }
}

/// Totals of what storing records did: ingest's summary and a sync's report.
package protocol OutcomeCounting {
    var newActions: Int { get set }
    var newVersions: Int { get set }
    var unchanged: Int { get set }
}

extension OutcomeCounting {
    /// Adds what storing a batch did. A deletion of an unknown action is not counted here: the
    /// caller reports it as a rejection.
    package mutating func count(_ outcomes: [IngestOutcome]) {
        for outcome in outcomes {
            switch outcome {
            case .newAction: newActions += 1
            case .newVersion: newVersions += 1
            case .unchanged: unchanged += 1
            case .deletionOfUnknownAction: break
            }
        }
    }
}

/// Why one input (a file, or one entry of it) was not stored.
package struct IngestRejection: Sendable, Hashable, CustomStringConvertible {
    package var file: String
    /// 1-based entry within the file, when the problem is one entry.
    package var entry: Int?
    /// A full sentence that names the file, the record and the problem.
    package var message: String

    package init(file: String, entry: Int?, message: String) {
        self.file = file
        self.entry = entry
        self.message = message
    }

    /// A deletion that names only its key, of an action the store does not hold.
    /// - Parameters:
    ///   - record: The deletion that was not stored.
    ///   - file: The file or page URL the record was read from.
    /// - Returns: The rejection, naming the record and its key.
    package static func deletionOfUnknownAction(_ record: IngestRecord, in file: String) -> IngestRejection {
        let key = record.action.key
        return IngestRejection(
            file: file, entry: record.entry,
            message: IngestPipeline.recordLabel(record.entry)
                + "a deletion that names only its key (agency \(key.agencyID), PIID \(key.piid), "
                + "modification \(key.modNumber)) of an action this store does not hold: a record never "
                + "seen cannot be shown as deleted, so it was not stored")
    }

    /// One printable line: the file name and the message are escaped, so that neither a file
    /// name nor the bytes a message quotes can start a line of their own or reach the terminal.
    package var description: String {
        let file = InputText.escaped(self.file)
        return InputText.escaped(message.hasPrefix(file) ? message : "\(file): \(message)")
    }
}
