import ArgumentParser
import ContractWatchCore
import ContractWatchStorage
import Foundation

/// `contractwatch copy FROM_DB TO_DB`
struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole store into a new one: SQLite to PostgreSQL, PostgreSQL to SQLite, or alike.",
        discussion: """
            FROM_DB and TO_DB are each an SQLite file path or a postgres:// URL. Everything moves, ids \
            included: every version with its raw XML, events, watchlists and judgements, alerts and their \
            deliveries, webhooks, API tokens and sync checkpoints; the full-text index is rebuilt. The copy \
            reads one snapshot of FROM_DB, so a sync may run beside it. TO_DB must be new: an SQLite path \
            where no file is, or a PostgreSQL database that holds no ContractWatch data. It is written whole \
            or not at all; after a failure, run the copy again.
            """)

    @Argument(help: ArgumentHelp("The store to copy.", valueName: "from-db"))
    var from: String

    @Argument(help: ArgumentHelp("The new store.", valueName: "to-db"))
    var to: String

    @Option(
        help: ArgumentHelp("For a FROM_DB URL without a password: a file whose first line is it.", valueName: "file"))
    var fromPasswordFile: String?

    @Option(help: ArgumentHelp("For a TO_DB URL without a password: a file whose first line is it.", valueName: "file"))
    var toPasswordFile: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: LogLevel = .warning

    @Flag(name: .shortAndLong, help: "Print no progress on standard error.")
    var quiet = false

    @Flag(
        inversion: .prefixedNo,
        help: "Compare every table of the copy with the source afterwards, by row count and digest.")
    var verify = true

    func run() async throws {
        StoreOptions.bootstrapLogging(level: logLevel)
        let source = try StoreOptions.location(from, passwordFile: fromPasswordFile)
        let target = try StoreOptions.location(to, passwordFile: toPasswordFile)
        let progress = quiet ? nil : CopyProgress()
        let report: StoreCopy.Report
        do {
            defer { progress?.finish() }
            report = try await StoreCopy.copy(
                from: source, to: target, at: .now, verify: verify
            ) { table, rows in progress?.report(table, rows) }
        } catch let error as StoreCopyError {
            throw CLIError.badInput(error.description)
        } catch {
            throw CLIError.failed("could not copy \(source) to \(target): \(StoreFailure.reason(error))")
        }
        let counts = report.counts
        let rows = counts.reduce(0) { $0 + $1.rows }
        print("Copied \(source) to \(target): \(rows) rows in \(counts.count) tables")
        for count in counts where count.rows > 0 { print("  \(count.table): \(count.rows)") }
        guard report.mismatches.isEmpty else {
            let tables = report.mismatches.map { "\($0.source) in the source, \($0.target) in the copy" }
            throw CLIError.failed("the copy differs from the source: \(tables.joined(separator: "; "))")
        }
        if verify { print("Verified: every table of the copy matches the source.") }
    }
}

/// Progress of a copy on standard error: a line per table, rewritten as its rows arrive.
private final class CopyProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var lastTable: String?

    func report(_ table: String, _ rows: Int) {
        lock.withLock {
            if let lastTable, lastTable != table { FileHandle.standardError.write(Data("\n".utf8)) }
            FileHandle.standardError.write(Data("\rcopying \(table): \(rows) rows".utf8))
            lastTable = table
        }
    }

    func finish() {
        lock.withLock { if lastTable != nil { FileHandle.standardError.write(Data("\n".utf8)) } }
    }
}
