/// What a live sync keeps in the store: where it is in each window of each query, so that an
/// interrupted sync resumes at the first page it had not stored, and a log of its runs for the
/// status page.
///
/// A page's records and its checkpoint are written in one transaction (``IngestBatch/checkpoint``),
/// so a page is either stored and marked done, or neither.
package protocol SyncStore: Sendable {
    /// The checkpoint of one window of one query at one endpoint, created (pass 1, no pages done)
    /// when new.
    /// - Parameters:
    ///   - key: The window.
    ///   - time: Now, the window's `startedAt` when it is new.
    /// - Returns: The window's checkpoint.
    /// - Throws: The store's error.
    func syncWindow(_ key: SyncWindowKey, at time: Timestamp) async throws -> SyncWindow

    /// Saves a window's progress: pass, last page, expected total, completion, error.
    func updateSyncWindow(_ window: SyncWindow, at time: Timestamp) async throws

    /// Where the next sync of `query` at `endpoint` without `--since` starts: the first day of the
    /// earliest window that is not final (failed, interrupted or recent), and the last day of the
    /// newest final one.
    func syncResumeDays(
        source: String, endpoint: String, query: String
    ) async throws -> (earliestUnfinished: String?, latestFinal: String?)

    /// Starts a run's log entry.
    /// - Returns: Its id.
    func beginSyncRun(source: String, endpoint: String, query: String, at time: Timestamp) async throws -> Int64

    /// Ends a run's log entry with its outcome and totals.
    func finishSyncRun(_ id: Int64, _ report: SyncReport, at time: Timestamp) async throws

    /// The latest runs, newest first.
    func recentSyncRuns(limit: Int) async throws -> [SyncRunRecord]
}

/// Names a window: a source, an endpoint, a query and a span of days.
package struct SyncWindowKey: Sendable, Hashable {
    /// `fpds`, `fpds-deleted`, `sam`, `sam-deleted`.
    package var source: String
    /// The feed or API URL, never with a key in it.
    package var endpoint: String
    /// The user's query, without the window's date term.
    package var query: String
    /// The window's first and last day (`2026-11-24`), both nil for a query synced whole.
    package var from: String?
    package var to: String?

    package init(source: String, endpoint: String, query: String, from: String?, to: String?) {
        self.source = source
        self.endpoint = endpoint
        self.query = query
        self.from = from
        self.to = to
    }
}

/// Where a sync stands in one window.
package struct SyncWindow: Sendable, Hashable {
    package var id: Int64
    package var key: SyncWindowKey
    /// Passes over the window's pages: a pass during which the result changed is followed by
    /// another, so that entries the shifting feed moved onto pages already read are not lost.
    package var pass: Int
    /// The position of the last page (FPDS: its `start=`; SAM: its page index) as this pass's
    /// first page gave it, once known.
    package var lastPage: Int?
    /// The records the source said the window holds, once known.
    package var expectedTotal: Int?
    /// Pages stored in this pass: position → entries on it.
    package var pagesDone: [Int: Int]
    package var startedAt: String
    package var completedAt: String?
    /// Complete, and old enough that the source will not add to it: later syncs skip it.
    package var isFinal: Bool
    /// Why the window could not be completed, if it could not.
    package var error: String?

    package init(
        id: Int64, key: SyncWindowKey, pass: Int = 1, lastPage: Int? = nil, expectedTotal: Int? = nil,
        pagesDone: [Int: Int] = [:], startedAt: String, completedAt: String? = nil, isFinal: Bool = false,
        error: String? = nil
    ) {
        self.id = id
        self.key = key
        self.pass = pass
        self.lastPage = lastPage
        self.expectedTotal = expectedTotal
        self.pagesDone = pagesDone
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.isFinal = isFinal
        self.error = error
    }
}

/// Marks one page of a window stored, in the transaction that stores its records.
package struct SyncPageCheckpoint: Sendable, Hashable {
    package var windowID: Int64
    package var pass: Int
    /// FPDS: the page's `start=`; SAM: its page index.
    package var page: Int
    package var entries: Int

    package init(windowID: Int64, pass: Int, page: Int, entries: Int) {
        self.windowID = windowID
        self.pass = pass
        self.page = page
        self.entries = entries
    }
}

/// What one sync run did: counts a user checks, and every problem by page and entry.
package struct SyncReport: OutcomeCounting, Sendable, Hashable {
    package var windows = 0
    package var windowsSkipped = 0
    package var pages = 0
    package var requests = 0
    package var retries = 0
    package var entries = 0
    package var newActions = 0
    package var newVersions = 0
    package var unchanged = 0
    /// Contracts whose events were derived again after their records changed.
    package var contractsClassified = 0
    /// Entries that could not be read, each naming the page URL, entry and problem.
    package var rejections: [IngestRejection] = []
    /// Windows that could not be completed, with why; the run fails if there are any.
    package var failures: [String] = []

    package init() {}

    /// `succeeded`, or `failed` when a window could not be completed.
    package var outcome: String { failures.isEmpty ? "succeeded" : "failed" }
}

/// One run as the log keeps it.
package struct SyncRunRecord: Sendable, Hashable {
    package var id: Int64
    package var source: String
    package var endpoint: String
    package var query: String
    package var startedAt: String
    package var finishedAt: String?
    /// `running` (or killed while running), `succeeded`, `failed`.
    package var outcome: String
    package var windows: Int
    package var pages: Int
    package var newActions: Int
    package var newVersions: Int
    package var rejected: Int
    /// The first failure or rejection, for the status page.
    package var message: String?

    package init(
        id: Int64, source: String, endpoint: String, query: String, startedAt: String, finishedAt: String?,
        outcome: String, windows: Int, pages: Int, newActions: Int, newVersions: Int, rejected: Int, message: String?
    ) {
        self.id = id
        self.source = source
        self.endpoint = endpoint
        self.query = query
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.windows = windows
        self.pages = pages
        self.newActions = newActions
        self.newVersions = newVersions
        self.rejected = rejected
        self.message = message
    }
}
