import ArgumentParser
import ContractWatchCore
import ContractWatchStorage
import Foundation
import Logging

/// `contractwatch ingest FILE_OR_DIR...`
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract:
            "Read FPDS XML, SAM.gov Contract Awards JSON and USAspending CSV files or directories into the store.",
        discussion: """
            Accepts FPDS ATOM feed pages, FPDS archive files (listOfAwards, listOfIDVs, …) and single records, \
            in either FPDS namespace; directories are read recursively in sorted order. Every distinct content \
            of a record is kept as a version. A file whose exact bytes were ingested whole before is passed over \
            (the store remembers each file's SHA-256), so re-reading a folder costs a hash per file; --reread \
            reads such files again, which changes nothing but lastSeen. \
            Bad entries are reported with the file, entry and problem, the good ones are stored, and the exit \
            status is 2 if anything was rejected. An interrupted run can simply be run again. \
            With --deleted, every record read is a deletion notice (saved pages of FPDS's DELETED feed, SAM.gov \
            responses requested with deletedStatus=yes): each becomes a deletion version, and the action reads as \
            deleted. A deletion that names only its key needs the action stored already.
            """)

    @OptionGroup var options: StoreOptions

    @Flag(help: "Read and check the files without storing anything.")
    var dryRun = false

    @Flag(help: "The files hold deleted records (FPDS DELETED feed pages, SAM.gov deletedStatus=yes responses).")
    var deleted = false

    @Flag(help: "Read every file, even one whose exact bytes the store has ingested whole before.")
    var reread = false

    @Option(
        help: ArgumentHelp(
            "Source megabytes stored per transaction: smaller batches redo less work after a kill, larger ones ingest faster.",
            valueName: "mb"))
    var batchMegabytes = 4.0

    @Argument(help: ArgumentHelp("Files or directories to read.", valueName: "file-or-dir"))
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("Name at least one file or directory to ingest.") }
        guard batchMegabytes > 0, batchMegabytes <= 1024 else {
            throw ValidationError("--batch-megabytes must be above 0 and at most 1024.")
        }
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("No such file or directory: \(path)")
        }
    }

    func run() async throws {
        options.bootstrapLogging()
        let logger = Logger(label: "contractwatch.ingest")
        // A dry run stores nothing, so it opens no file either.
        let store: any RecordStore = dryRun ? try SQLiteStore.inMemory() : try await options.openStore()
        let pipeline = IngestPipeline(store: store, chunkBytes: max(1, Int(batchMegabytes * 1_048_576)))
        let reporter = ProgressReporter()
        let started = Date()
        logger.info("ingest started", metadata: ["ingest.paths": "\(paths.count)"])
        let summary = try await pipeline.run(paths: paths, dryRun: dryRun, asDeletions: deleted, reread: reread) {
            reporter.report($0)
        }
        reporter.finish()
        let seconds = Date().timeIntervalSince(started)
        logger.info(
            "ingest finished",
            metadata: ["ingest.entries": "\(summary.entries)", "ingest.seconds": "\(seconds)"])

        for rejection in summary.rejections {
            printError("rejected: \(rejection)")
        }
        // Hidden files and other formats are a folder's ordinary contents; the rest may be a mistake.
        for skip in summary.skipped where ![.hidden, .otherFormat].contains(skip.reason) {
            printError("skipped: \(skip)")
        }
        let rate = seconds > 0 ? Int(Double(summary.entries) / seconds) : summary.entries
        print(
            """
            Read \(summary.files) file\(summary.files == 1 ? "" : "s"), \(summary.entries) entries \
            in \(String(format: "%.1f", seconds)) s (\(rate) entries/s)
              new actions    \(summary.newActions)
              new versions   \(summary.newVersions)
              unchanged      \(summary.unchanged)
              already held   \(Self.describe(summary.alreadyIngested))
              rejected       \(summary.rejected)
              skipped        \(Self.describe(summary.skipped))
            \(dryRun ? "Dry run: nothing was stored." : "Store: \(try options.location())")
            """)
        if summary.rejected > 0 { throw ExitCode(2) }
    }

    /// `0`, or `2 files, 749 records (same bytes as before, not read again; --reread reads them)`.
    private static func describe(_ already: AlreadyIngested) -> String {
        guard already.files > 0 else { return "0" }
        return "\(already.files) file\(already.files == 1 ? "" : "s"), \(already.records) records "
            + "(same bytes as before, not read again; --reread reads them)"
    }

    /// `0`, or `3 (2 hidden, 1 a symbolic link to nothing)`.
    private static func describe(_ skipped: [SkippedInput]) -> String {
        let counts = SkippedInput.Reason.allCases.compactMap { reason in
            let count = skipped.count { $0.reason == reason }
            return count == 0 ? nil : "\(count) \(reason.rawValue)"
        }
        return counts.isEmpty ? "0" : "\(skipped.count) (\(counts.joined(separator: ", ")))"
    }
}
