package import ContractWatchCore
package import Foundation
package import Logging

/// What to sync: a query, and the days of last modification to cover.
package struct SyncPlan: Sendable {
    package var query: FeedQuery
    /// Days of last modification, synced one window at a time; nil syncs the query whole, as one
    /// window (a query for one contract, or one that names its own `LAST_MOD_DATE` range).
    package var days: ClosedRange<SyncDay>?
    /// Days per window.
    package var windowDays: Int
    /// Fetch windows again even when they are final.
    package var refetch: Bool

    package init(query: FeedQuery, days: ClosedRange<SyncDay>?, windowDays: Int = 1, refetch: Bool = false) {
        self.query = query
        self.days = days
        self.windowDays = max(1, windowDays)
        self.refetch = refetch
    }
}

/// Where a running sync is, for progress lines and the status page.
package struct SyncProgress: Sendable, Hashable {
    package var window: String
    package var windowsDone: Int
    package var windowsTotal: Int
    package var pagesDone: Int
    package var pagesTotal: Int
    package var entries: Int
}

/// Pulls a query from a ``PagedSource`` into a ``RecordStore``, one window of days at a time,
/// each page stored in one transaction with its checkpoint, so that an interrupted sync resumes
/// at the first page it had not stored and a repeated sync adds nothing.
///
/// Feeds shift while they are paged: a record modified during the sync moves, and the entries
/// after it slide by one position. A repeated entry is harmless (the store recognises its key and
/// content); an entry slid onto a page already read would be lost, so every pass over a window
/// ends by asking for the first and last pages again, and if the result changed size while it
/// was paged, the window gets another pass. A window whose last day is more than `settleDays`
/// past becomes final and is not fetched again.
///
/// Configuration:
/// - `concurrency` (default 4, at most 10, the FPDS feed's limit per search): pages in flight.
/// - `settleDays` (default 3): how long after a day FPDS may still add records modified on it.
/// - `maximumPasses` (default 4): passes over a window that keeps changing before it fails.
package struct SourceSync: Sendable {
    package var store: any RecordStore
    package var source: any PagedSource
    package var fetcher: PageFetcher
    package var concurrency: Int
    package var settleDays: Int
    package var maximumPasses: Int
    package var logger: Logger
    package var now: @Sendable () -> Date

    package init(
        store: any RecordStore, source: any PagedSource, fetcher: PageFetcher, concurrency: Int = 4,
        settleDays: Int = 3, maximumPasses: Int = 4, logger: Logger, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.source = source
        self.fetcher = fetcher
        self.concurrency = min(10, max(1, concurrency))
        self.settleDays = settleDays
        self.maximumPasses = maximumPasses
        self.logger = logger
        self.now = now
    }

    /// The days a sync without `--since` covers: from the first day of the earliest window not yet
    /// final (a failed or recent one), else the day after the newest final window, else
    /// `initialDays` back; through today.
    package func defaultDays(for query: FeedQuery, initialDays: Int = 3) async throws -> ClosedRange<SyncDay> {
        let today = SyncDay.today(now())
        let (unfinished, lastFinal) = try await store.syncResumeDays(
            source: source.name, endpoint: source.endpoint, query: query.description)
        let start: SyncDay
        if let unfinished, let day = SyncDay(unfinished) {
            start = day
        } else if let lastFinal, let day = SyncDay(lastFinal) {
            start = day.advanced(by: 1)
        } else {
            start = today.advanced(by: -initialDays)
        }
        return min(start, today)...today
    }

    /// Runs the plan, logging the run in the store.
    /// - Parameters:
    ///   - plan: What to sync: the query, and the days to cover.
    ///   - progress: Called after every page.
    /// - Returns: What was fetched and stored, and which windows failed and why.
    /// - Throws: Storage failures and cancellation; a window that cannot be fetched is a failure
    ///   in the report, and the other windows still run.
    package func run(
        _ plan: SyncPlan, progress: @Sendable (SyncProgress) -> Void = { _ in }
    ) async throws -> SyncReport {
        let started = Timestamp(now())
        let runID = try await store.beginSyncRun(
            source: source.name, endpoint: source.endpoint, query: plan.query.description, at: started)
        let watchlists = WatchlistService(store: store)
        try await watchlists.installBuiltIns(at: started)
        let afterWrite = AfterWrite(store: store, screener: try await watchlists.screener())
        // A killed run's stored pages may still lack their events.
        try await afterWrite.run(.pending, at: started)

        var report = SyncReport()
        let windows = Self.windows(plan.days, days: plan.windowDays)
        var status = SyncProgress(
            window: "", windowsDone: 0, windowsTotal: windows.count, pagesDone: 0, pagesTotal: 0, entries: 0)
        do {
            for days in windows {
                status.window = days.map { "\($0.lowerBound)…\($0.upperBound)" } ?? plan.query.description
                try await sync(plan, days: days, into: &report, status: &status, progress: progress)
                report.contractsClassified += try await afterWrite.run(.pending, at: Timestamp(now()))
                    .contractsClassified
                status.windowsDone += 1
            }
        } catch {
            report.failures.append(error is CancellationError ? "the sync was stopped" : "\(error)")
            try? await finish(runID, &report)
            throw error
        }
        try await finish(runID, &report)
        return report
    }

    private func finish(_ runID: Int64, _ report: inout SyncReport) async throws {
        let counters = fetcher.counters
        report.requests = counters.requests
        report.retries = counters.retries
        try await store.finishSyncRun(runID, report, at: Timestamp(now()))
    }

    /// Syncs one window; splits it in two when the source caps results below its size.
    private func sync(
        _ plan: SyncPlan, days: ClosedRange<SyncDay>?, into report: inout SyncReport, status: inout SyncProgress,
        progress: @Sendable (SyncProgress) -> Void
    ) async throws {
        let key = SyncWindowKey(
            source: source.name, endpoint: source.endpoint, query: plan.query.description,
            from: days?.lowerBound.description, to: days?.upperBound.description)
        let query = days.map { plan.query.lastModified($0) } ?? plan.query
        do {
            try await syncWindow(
                key, query: query, refetch: plan.refetch, into: &report, status: &status, progress: progress)
        } catch let split as ResultTooLarge {
            guard let days, days.count > 1 else {
                let failure = SyncError.tooManyRecords(window: status.window, total: split.total, cap: split.cap)
                report.failures.append(failure.description)
                logger.error("sync window failed", metadata: ["window": "\(status.window)", "error": "\(failure)"])
                return
            }
            let middle = days.lowerBound.advanced(by: days.count / 2 - 1)
            logger.info(
                "splitting window", metadata: ["window": "\(status.window)", "total": "\(split.total)"])
            let failures = report.failures.count
            for half in [days.lowerBound...middle, middle.advanced(by: 1)...days.upperBound] {
                try await sync(plan, days: half, into: &report, status: &status, progress: progress)
            }
            // Complete once both halves are: a later sync then skips the whole when it is final.
            if report.failures.count == failures { try await complete(split.window) }
        } catch let error as SyncError {
            report.failures.append("\(status.window): \(error)")
            logger.error("sync window failed", metadata: ["window": "\(status.window)", "error": "\(error)"])
            // Kept with the window's checkpoint; the next sync starts here (it is not final).
            let time = Timestamp(now())
            if var window = try? await store.syncWindow(key, at: time) {
                window.error = error.description
                try? await store.updateSyncWindow(window, at: time)
            }
        }
    }

    private struct ResultTooLarge: Error {
        var window: SyncWindow
        var total: Int
        var cap: Int
    }

    // MARK: - One window

    private func syncWindow(
        _ key: SyncWindowKey, query: FeedQuery, refetch: Bool, into report: inout SyncReport,
        status: inout SyncProgress, progress: @Sendable (SyncProgress) -> Void
    ) async throws {
        var window = try await store.syncWindow(key, at: Timestamp(now()))
        if window.isFinal && !refetch {
            report.windowsSkipped += 1
            return
        }
        report.windows += 1
        if window.completedAt != nil { window.startPass(window.pass + 1) }
        // Passes are counted per run: a recent window is paged again by every sync until it is final.
        let firstPass = window.pass
        let first = source.firstPage
        while true {
            guard window.pass - firstPass < maximumPasses else {
                throw SyncError.unavailable(
                    url: source.endpoint, problem: "the result kept changing over \(maximumPasses) passes")
            }
            // Opening: the first page gives the last page's position; the last page, read right
            // after, gives the result's size as the pass begins.
            if window.lastPage == nil || window.pagesDone[first] == nil {
                let page = try await fetchAndStore(query, page: first, window: window, into: &report)
                window.pagesDone[first] = page.entries
                window.lastPage = page.lastPage
                window.expectedTotal = page.total
                if page.lastPage == first { window.expectedTotal = page.total ?? page.entries }
                try await store.updateSyncWindow(window, at: Timestamp(now()))
                if let cap = source.resultCap, let total = page.total, total > cap {
                    throw ResultTooLarge(window: window, total: total, cap: cap)
                }
            }
            let lastPage = window.lastPage ?? first
            if window.expectedTotal == nil {
                let page = try await fetchAndStore(query, page: lastPage, window: window, into: &report)
                window.pagesDone[lastPage] = page.entries
                window.expectedTotal = source.total(lastPage: lastPage, entriesOnLastPage: page.entries)
                try await store.updateSyncWindow(window, at: Timestamp(now()))
            }
            let remaining = stride(from: first + source.pageStep, through: lastPage, by: source.pageStep)
                .filter { window.pagesDone[$0] == nil }
            status.pagesTotal = (lastPage - first) / source.pageStep + 1
            status.pagesDone = status.pagesTotal - remaining.count
            progress(status)
            try await fetchConcurrently(remaining, query: query, window: &window, report: &report) { entries in
                status.pagesDone += 1
                status.entries += entries
                progress(status)
            }

            // Closing: the same two pages again. A result that changed size while it was paged may
            // have slid entries onto pages already read.
            let passTotal = window.expectedTotal ?? 0
            let check = try await fetchAndStore(query, page: first, window: nil, into: &report)
            var totalNow = check.total
            if totalNow == nil {
                let entriesOnLast =
                    check.lastPage == first
                    ? check.entries
                    : try await fetchAndStore(query, page: check.lastPage, window: nil, into: &report).entries
                totalNow = source.total(lastPage: check.lastPage, entriesOnLastPage: entriesOnLast)
            }
            if check.lastPage == lastPage && totalNow == passTotal {
                break
            }
            logger.notice(
                "the result changed while it was paged; paging it again",
                metadata: [
                    "window": "\(status.window)", "pass": "\(window.pass)", "before": "\(passTotal)",
                    "after": "\(totalNow ?? 0)",
                ])
            window.startPass(window.pass + 1)
            try await store.updateSyncWindow(window, at: Timestamp(now()))
        }
        try await complete(window)
    }

    /// Marks a window complete, and final when its last day has settled.
    private func complete(_ window: SyncWindow) async throws {
        var window = window
        let completed = now()
        let time = Timestamp(completed)
        window.completedAt = time.description
        window.error = nil
        if let to = window.key.to, let lastDay = SyncDay(to) {
            window.isFinal = lastDay < SyncDay.today(completed).advanced(by: -settleDays)
        }
        try await store.updateSyncWindow(window, at: time)
    }

    /// Fetches and stores `pages`, at most `concurrency` at a time, marking each done.
    private func fetchConcurrently(
        _ pages: [Int], query: FeedQuery, window: inout SyncWindow, report: inout SyncReport,
        onPage: (Int) -> Void
    ) async throws {
        guard !pages.isEmpty else { return }
        let snapshot = window
        try await withThrowingTaskGroup(of: (Int, SourcePage, SyncReport).self) { group in
            var next = pages.makeIterator()
            func launch() {
                guard let page = next.next() else { return }
                group.addTask {
                    var pageReport = SyncReport()
                    let result = try await fetchAndStore(query, page: page, window: snapshot, into: &pageReport)
                    return (page, result, pageReport)
                }
            }
            for _ in 0..<concurrency { launch() }
            while let (page, result, pageReport) = try await group.next() {
                window.pagesDone[page] = result.entries
                report.merge(pageReport)
                onPage(result.entries)
                launch()
            }
        }
    }

    /// Fetches one page and stores its records; with a window, marks the page done in the same
    /// transaction.
    private func fetchAndStore(
        _ query: FeedQuery, page: Int, window: SyncWindow?, into report: inout SyncReport
    ) async throws -> SourcePage {
        let (url, shownAs) = try source.request(query, page: page)
        let source = self.source
        let store = self.store
        var result = try await fetcher.fetch(url, shownAs: shownAs) { body throws(PageReadError) in
            var page = try source.read(body, shownAs: shownAs)
            for index in page.records.indices { store.prepare(&page.records[index]) }
            return page
        }
        let checkpoint = window.map {
            SyncPageCheckpoint(windowID: $0.id, pass: $0.pass, page: page, entries: result.entries)
        }
        let outcomes = try await store.ingest(
            IngestBatch(records: result.records, seenAt: Timestamp(now()), checkpoint: checkpoint))
        report.pages += 1
        report.entries += result.entries
        report.count(outcomes)
        for (record, outcome) in zip(result.records, outcomes) where outcome == .deletionOfUnknownAction {
            result.rejections.append(.deletionOfUnknownAction(record, in: shownAs))
        }
        // A closing check reads pages the pass already reported on.
        if window != nil {
            report.rejections += result.rejections
            for rejection in result.rejections {
                logger.warning("entry rejected", metadata: ["rejection": "\(rejection)"])
            }
        }
        result.records = []
        return result
    }

    // MARK: - Windows

    /// `days` cut into windows of `days` days each; one whole-query window when nil.
    static func windows(_ range: ClosedRange<SyncDay>?, days: Int) -> [ClosedRange<SyncDay>?] {
        guard let range else { return [nil] }
        return stride(from: range.lowerBound, through: range.upperBound, by: days).map {
            $0...min(range.upperBound, $0.advanced(by: days - 1))
        }
    }
}

extension SyncWindow {
    /// Starts another pass: nothing of it fetched yet.
    mutating func startPass(_ pass: Int) {
        self.pass = pass
        lastPage = nil
        expectedTotal = nil
        pagesDone = [:]
        completedAt = nil
        isFinal = false
    }
}

extension SyncReport {
    /// Adds another report's counts (a page fetched concurrently).
    mutating func merge(_ other: SyncReport) {
        pages += other.pages
        entries += other.entries
        newActions += other.newActions
        newVersions += other.newVersions
        unchanged += other.unchanged
        rejections += other.rejections
    }
}
