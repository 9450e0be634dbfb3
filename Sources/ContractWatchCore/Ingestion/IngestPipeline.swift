package import FPDS
package import Foundation
import Crypto

/// Reads files and directories of source documents into a ``RecordStore``: parse, normalise,
/// hash, store, in batches of one transaction each.
///
/// Parsing runs in the calling task while the previous batch is written, so a two-core machine
/// parses and stores at once; at most one batch waits in memory. Bad entries and unreadable
/// files are reported in the summary and never stop the run; everything good is stored.
package struct IngestPipeline: Sendable {
    package var store: any RecordStore
    package var parser: FPDSParser
    /// Records per transaction: large enough to amortise commits, small enough that a killed
    /// run loses little work.
    package var batchSize: Int
    /// The clock that stamps `firstSeen`/`lastSeen`; tests may fix it.
    package var now: @Sendable () -> Date

    package init(
        store: any RecordStore, parser: FPDSParser = FPDSParser(), batchSize: Int = 1000,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.parser = parser
        self.batchSize = batchSize
        self.now = now
    }

    /// Ingests every file named, descending into directories (sorted, hidden files skipped).
    /// - Parameters:
    ///   - paths: Files or directories.
    ///   - progress: Called after each file with the running totals.
    /// - Returns: Counts and every rejection with its reason.
    /// - Throws: Only storage failures; input problems are reported in the summary.
    package func run(
        paths: [String],
        progress: (IngestProgress) -> Void = { _ in }
    ) async throws -> IngestSummary {
        let files = Self.expand(paths)
        var summary = IngestSummary()
        var state = IngestProgress(filesTotal: files.count, bytesTotal: files.reduce(0) { $0 + $1.size })
        var batch: [IngestRecord] = []
        batch.reserveCapacity(batchSize)

        try await withThrowingTaskGroup(of: [IngestOutcome].self) { group in
            var writing = false
            func hand(_ records: [IngestRecord]) async throws {
                if writing, let outcomes = try await group.next() { summary.count(outcomes) }
                let stamp = Self.timestamp(now())
                group.addTask { try await store.ingest(IngestBatch(records: records, seenAt: stamp)) }
                writing = true
            }

            for file in files {
                readFile(file, into: &batch, summary: &summary)
                state.filesDone += 1
                state.bytesDone += file.size
                state.entries = summary.entries
                progress(state)
                if batch.count >= batchSize {
                    try await hand(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try await hand(batch) }
            while let outcomes = try await group.next() { summary.count(outcomes) }
        }
        summary.files = files.count
        return summary
    }

    // MARK: - Reading one file

    private func readFile(_ file: InputFile, into batch: inout [IngestRecord], summary: inout IngestSummary) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file.path), options: .mappedIfSafe)
        } catch {
            summary.reject(file: file.path, entry: nil, "cannot be read: \(error.localizedDescription)")
            return
        }
        switch SourceFormat.sniff(data) {
        case .fpdsXML:
            let document = parser.parse(data, file: file.path) { result in
                summary.entries += 1
                switch result {
                case .success(let entry):
                    batch.append(Self.record(from: entry, source: file.path))
                case .failure(let error):
                    summary.reject(file: file.path, entry: error.entry, error.description)
                }
            }
            if let error = document.error {
                summary.reject(file: file.path, entry: error.entry, error.description)
            }
        case .json:
            summary.reject(
                file: file.path, entry: nil,
                "is JSON; SAM.gov Contract Awards JSON is not ingested yet (FPDS XML only)")
        case .csv:
            summary.reject(
                file: file.path, entry: nil, "is CSV; USAspending files are not ingested yet (FPDS XML only)")
        case .unknown:
            summary.reject(file: file.path, entry: nil, "is not FPDS XML (it does not start with '<')")
        }
    }

    /// Normalises and hashes one parsed entry.
    package static func record(from entry: FPDSEntry, source: String) -> IngestRecord {
        IngestRecord(
            action: ContractAction(entry.record),
            contentHash: contentHash(of: entry.canonicalContent),
            rawDocument: entry.rawXML,
            sourceURL: entry.link,
            source: source,
            format: "fpds-xml")
    }

    /// SHA-256 of canonical content, as lowercase hex.
    package static func contentHash(of canonicalContent: [UInt8]) -> String {
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

    /// UTC, to the second: `2026-11-25T01:46:00Z`.
    package static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .current))
    }

    // MARK: - Inputs

    struct InputFile {
        var path: String
        var size: Int
    }

    /// Files named directly are kept even if hidden; directories are walked in sorted order and
    /// contribute the files whose extension marks a readable format.
    static func expand(_ paths: [String]) -> [InputFile] {
        let manager = FileManager.default
        var files: [InputFile] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                files.append(InputFile(path: path, size: 0))  // reported as unreadable
                continue
            }
            guard isDirectory.boolValue else {
                files.append(InputFile(path: path, size: size(of: path)))
                continue
            }
            let root = URL(fileURLWithPath: path)
            let enumerator = manager.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey],
                options: [.skipsHiddenFiles])
            var found: [InputFile] = []
            while let url = enumerator?.nextObject() as? URL {
                let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
                guard values?.isRegularFile == true, SourceFormat.isCandidate(url.pathExtension) else { continue }
                found.append(InputFile(path: url.path, size: values?.fileSize ?? 0))
            }
            files += found.sorted { $0.path < $1.path }
        }
        return files
    }

    private static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}

/// Running totals reported while ingesting.
package struct IngestProgress: Sendable, Hashable {
    package var filesDone = 0
    package var filesTotal = 0
    package var bytesDone = 0
    package var bytesTotal = 0
    package var entries = 0
}

/// The outcome of an ingest run.
package struct IngestSummary: Sendable, Hashable {
    package var files = 0
    /// Entries seen, good or bad.
    package var entries = 0
    package var newActions = 0
    package var newVersions = 0
    package var unchanged = 0
    package var rejections: [IngestRejection] = []

    /// Entries and documents that could not be stored.
    package var rejected: Int { rejections.count }

    mutating func count(_ outcomes: [IngestOutcome]) {
        for outcome in outcomes {
            switch outcome {
            case .newAction: newActions += 1
            case .newVersion: newVersions += 1
            case .unchanged: unchanged += 1
            }
        }
    }

    mutating func reject(file: String, entry: Int?, _ message: String) {
        rejections.append(IngestRejection(file: file, entry: entry, message: message))
    }
}

/// Why one input (a file, or one entry of it) was not stored.
package struct IngestRejection: Sendable, Hashable, CustomStringConvertible {
    package var file: String
    /// 1-based entry within the file, when the problem is one entry.
    package var entry: Int?
    /// A full sentence that names the file, the record and the problem.
    package var message: String

    package var description: String {
        message.hasPrefix(file) ? message : "\(file): \(message)"
    }
}

/// Input formats told apart by their first bytes.
enum SourceFormat {
    case fpdsXML, json, csv, unknown

    static func sniff(_ data: Data) -> SourceFormat {
        var first: UInt8?
        for byte in data.prefix(4096) {
            // Skip a UTF-8 byte order mark and leading whitespace.
            if byte == 0xEF || byte == 0xBB || byte == 0xBF || byte == 0x20 || byte == 0x0A || byte == 0x0D
                || byte == 0x09
            {
                continue
            }
            first = byte
            break
        }
        switch first {
        case UInt8(ascii: "<"): return .fpdsXML
        case UInt8(ascii: "{"), UInt8(ascii: "["): return .json
        case .some: return data.prefix(4096).contains(UInt8(ascii: ",")) ? .csv : .unknown
        case .none: return .unknown
        }
    }

    /// File extensions a directory walk picks up: the formats ingest reads. Files named
    /// explicitly are always tried, so an unsupported one gets a clear rejection.
    static func isCandidate(_ pathExtension: String) -> Bool {
        ["xml", "atom"].contains(pathExtension.lowercased())
    }
}
