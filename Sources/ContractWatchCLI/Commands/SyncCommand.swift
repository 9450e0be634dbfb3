import ArgumentParser
import ContractWatchCore
import ContractWatchSync
import Foundation
import Logging

/// The sources `sync` reads.
enum SyncSourceName: String, ExpressibleByArgument, CaseIterable {
    case fpds
    case fpdsDeleted = "fpds-deleted"
    case sam
    case samDeleted = "sam-deleted"
}

/// What to sync and how: shared by `sync` and `serve --sync-every`.
struct SyncOptions: ParsableArguments {
    @Option(
        help:
            "fpds (the FPDS ATOM feed), fpds-deleted (its DELETED feed), sam (SAM.gov Contract Awards API), sam-deleted."
    )
    var source: SyncSourceName = .fpds

    @Option(help: "The feed or API address, to use a mirror. Defaults to the public FPDS feed or the SAM.gov API.")
    var feedURL: String?

    @Option(
        help: ArgumentHelp(
            "Feed query terms, e.g. 'AGENCY_CODE:\"7012\"' or 'PIID:\"70CMSD24P00000009\"'. With no dates, a query is synced whole.",
            valueName: "query"))
    var query: String?

    @Option(
        help: "First day of last modification to sync, YYYY-MM-DD. Default: where the last sync of this query stopped.")
    var since: String?

    @Option(help: "Last day of last modification to sync, YYYY-MM-DD. Default: today.")
    var until: String?

    @Option(help: "Days per window (one checkpointed unit of work).")
    var windowDays = 1

    @Option(help: "Pages fetched at once, 1 to 10 (FPDS allows ten per search).")
    var concurrency = 4

    @Option(help: "Seconds a request may take, body included, before it is retried.")
    var timeout = 60.0

    @Option(help: "Tries per page before its window fails.")
    var attempts = 6

    @Option(help: "Seconds to wait after a page's first failure; doubled each time.")
    var retryWait = 1.0

    @Option(help: "Requests a second at most, across all concurrent fetches.")
    var requestsPerSecond = 10.0

    @Option(help: "Records a page from SAM.gov, 1 to 100.")
    var pageSize = 100

    @Option(help: "A file holding the SAM.gov API key. Default: $CONTRACTWATCH_SAM_API_KEY.")
    var apiKeyFile: String?

    @Flag(help: "Fetch windows again even when a previous sync completed them.")
    var refetch = false

    func validate() throws {
        guard (1...10).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 10.") }
        guard windowDays >= 1 else { throw ValidationError("--window-days must be at least 1.") }
        guard timeout > 0, retryWait >= 0, requestsPerSecond > 0, attempts >= 1 else {
            throw ValidationError("--timeout and --requests-per-second must be positive, --attempts at least 1.")
        }
        guard (1...100).contains(pageSize) else { throw ValidationError("--page-size must be from 1 to 100.") }
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, SyncDay(value) == nil {
                throw ValidationError("\(name) must be a date written YYYY-MM-DD, not “\(value)”.")
            }
        }
        if let since, let until, let first = SyncDay(since), let last = SyncDay(until), first > last {
            throw ValidationError("--since \(since) is after --until \(until).")
        }
        if let feedURL, URL(string: feedURL)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw ValidationError("--feed-url must be an http or https address, not “\(feedURL)”.")
        }
    }

    /// The parsed query.
    func feedQuery() throws -> FeedQuery {
        do {
            return try FeedQuery(parsing: query ?? "")
        } catch {
            throw CLIError.badInput("\(error)")
        }
    }

    /// The source to read, with its key when it needs one.
    func pagedSource() throws -> any PagedSource {
        switch source {
        case .fpds: return FPDSFeedSource(feedURL: feedURL ?? FPDSFeedSource.defaultURL, feed: .published)
        case .fpdsDeleted: return FPDSFeedSource(feedURL: feedURL ?? FPDSFeedSource.defaultURL, feed: .deleted)
        case .sam, .samDeleted:
            return SAMAwardsSource(
                apiURL: feedURL ?? SAMAwardsSource.defaultURL, apiKey: try samAPIKey(), deleted: source == .samDeleted,
                pageSize: pageSize)
        }
    }

    /// The SAM.gov key from `--api-key-file`, else the environment. Never from the command line,
    /// where other users of the machine could read it in the process list.
    private func samAPIKey() throws -> String {
        if let apiKeyFile {
            guard let text = try? String(contentsOfFile: apiKeyFile, encoding: .utf8) else {
                throw CLIError.badInput("cannot read the SAM.gov API key file \(apiKeyFile)")
            }
            let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty else { throw CLIError.badInput("the SAM.gov API key file \(apiKeyFile) is empty") }
            return key
        }
        guard let key = ProcessInfo.processInfo.environment["CONTRACTWATCH_SAM_API_KEY"], !key.isEmpty else {
            throw CLIError.badInput(
                "SAM.gov needs an API key: set CONTRACTWATCH_SAM_API_KEY or pass --api-key-file (get a key at sam.gov)."
            )
        }
        return key
    }

    func fetcherConfiguration() -> PageFetcher.Configuration {
        var configuration = PageFetcher.Configuration()
        configuration.timeout = .milliseconds(Int(timeout * 1000))
        configuration.attempts = attempts
        configuration.backoff = .milliseconds(Int(retryWait * 1000))
        configuration.minimumInterval = .microseconds(Int(1_000_000 / requestsPerSecond))
        return configuration
    }

    /// The plan: whole-query when the query names its own dates or has no `--since`/`--until`
    /// but names something; otherwise by day, from where the last sync stopped.
    func plan(for sync: SourceSync) async throws -> SyncPlan {
        let query = try feedQuery()
        if query.hasLastModifiedRange || (since == nil && until == nil && !query.terms.isEmpty) {
            if since != nil || until != nil {
                throw CLIError.badInput("the query names LAST_MOD_DATE itself; leave out --since and --until")
            }
            return SyncPlan(query: query, days: nil, refetch: refetch)
        }
        let defaults = try await sync.defaultDays(for: query)
        let first = since.flatMap { SyncDay($0) } ?? defaults.lowerBound
        let last = until.flatMap { SyncDay($0) } ?? defaults.upperBound
        guard first <= last else {
            throw CLIError.badInput("the sync would start on \(first), after its last day \(last); give --until")
        }
        return SyncPlan(query: query, days: first...last, windowDays: windowDays, refetch: refetch)
    }
}

/// `contractwatch sync`
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch new and changed records from the FPDS ATOM feed or the SAM.gov Contract Awards API.",
        discussion: """
            Without dates, syncs by day of last modification from where the last sync of the same query \
            stopped (the first time: the last three days) through today. Each page is stored with its \
            checkpoint in one transaction: an interrupted sync resumes where it stopped, and a repeated \
            sync adds nothing. Days more than three days past are final once complete and are not fetched \
            again (--refetch does). Events and alerts are derived after each window.

            Exit status: 0 when every window completed, 1 when one could not be fetched, 2 for bad usage \
            or when entries were rejected (each is reported with its page and entry).
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var sync: SyncOptions

    func run() async throws {
        options.bootstrapLogging()
        let store = try await options.openStore()
        let logger = Logger(label: "contractwatch.sync")
        let source = try sync.pagedSource()
        let report = try await PageFetcher.with(configuration: sync.fetcherConfiguration(), logger: logger) {
            fetcher in
            let engine = SourceSync(
                store: store, source: source, fetcher: fetcher, concurrency: sync.concurrency, logger: logger)
            let plan = try await sync.plan(for: engine)
            printError(
                "Syncing \(source.endpoint) \(plan.days.map { "for \($0.lowerBound) to \($0.upperBound)" } ?? "") "
                    + "\(plan.query.terms.isEmpty ? "" : "query \(plan.query)")")
            let reporter = SyncProgressReporter()
            let started = Date()
            let report = try await engine.run(plan) { reporter.report($0) }
            reporter.finish()
            print(Self.summary(report, seconds: Date().timeIntervalSince(started)))
            return report
        }
        for rejection in report.rejections { printError("rejected: \(rejection)") }
        for failure in report.failures { printError("failed: \(failure)") }
        if !report.failures.isEmpty { throw ExitCode.failure }
        if !report.rejections.isEmpty { throw ExitCode(2) }
    }

    static func summary(_ report: SyncReport, seconds: Double) -> String {
        """
        Synced \(report.windows) window\(report.windows == 1 ? "" : "s") (\(report.windowsSkipped) already final), \
        \(report.pages) pages, \(report.entries) entries in \(String(format: "%.1f", seconds)) s
          requests       \(report.requests) (\(report.retries) retried)
          new actions    \(report.newActions)
          new versions   \(report.newVersions)
          unchanged      \(report.unchanged)
          reclassified   \(report.contractsClassified) contracts
          rejected       \(report.rejections.count)
          failed windows \(report.failures.count)
        """
    }
}
