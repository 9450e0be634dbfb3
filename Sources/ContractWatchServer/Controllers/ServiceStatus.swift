import ContractWatchCore
import Foundation

/// What `/healthz` and the status page report: the store's size, the latest sync runs, and how
/// quickly events were detected after FPDS last modified their records.
struct ServiceStatus {
    var statistics: StoreStatistics
    /// Newest first.
    var runs: [SyncRunRecord]
    /// Detection latency of the events detected in the last `days` days, for each period asked.
    var latency: [(days: Int, summary: DetectionLatencySummary)]

    /// - Parameters:
    ///   - store: The store to report on.
    ///   - runs: How many of the latest sync runs to read.
    ///   - latencyDays: The periods to summarise latency over; the first is `/healthz`'s.
    ///   - now: The time the periods end at.
    /// - Returns: The store's statistics, its latest sync runs and the latency of each period.
    /// - Throws: The store's error.
    static func read(
        from store: any RecordStore, runs: Int, latencyDays: [Int] = [7], now: Date = Date()
    ) async throws -> ServiceStatus {
        var latency: [(Int, DetectionLatencySummary)] = []
        // Periods start on a whole minute, so that the store's kept summary serves every request
        // of that minute.
        let minute = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.down) * 60)
        for days in latencyDays {
            let since = Timestamp(minute.addingTimeInterval(-Double(days) * 86_400))
            latency.append((days, try await store.detectionLatency(detectedSince: since)))
        }
        return ServiceStatus(
            statistics: try await store.statistics(), runs: try await store.recentSyncRuns(limit: runs),
            latency: latency)
    }

    /// The latest finished run, which says whether syncing works.
    var latestFinishedRun: SyncRunRecord? { runs.first { $0.finishedAt != nil } }

    /// `ok`, or `degraded` when the latest finished sync failed: the server answers, but the
    /// record it serves may be going stale.
    var health: String { latestFinishedRun?.outcome == "failed" ? "degraded" : "ok" }

    /// `/healthz`: always 200 while the server can read its store.
    var json: String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("status", health)
        writer.member("actions", number: String(statistics.actions))
        writer.member("versions", number: String(statistics.versions))
        writer.member("contracts", number: String(statistics.contracts))
        writer.key("sync")
        if let run = runs.first {
            writer.beginObject()
            writer.member("source", run.source)
            writer.member("startedAt", run.startedAt)
            writer.member("finishedAt", run.finishedAt)
            writer.member("outcome", run.outcome)
            writer.member("pages", number: String(run.pages))
            writer.member("newActions", number: String(run.newActions))
            writer.member("newVersions", number: String(run.newVersions))
            writer.member("rejected", number: String(run.rejected))
            writer.member("message", run.message)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.key("detectionLatency")
        writer.beginObject()
        if let (days, summary) = latency.first {
            writer.member("days", number: String(days))
            writer.member("events", number: String(summary.events))
            writer.member("measured", number: String(summary.measured))
            writer.member("medianSeconds", number: summary.medianSeconds.map(String.init))
            writer.member("p90Seconds", number: summary.p90Seconds.map(String.init))
            writer.member("maxSeconds", number: summary.maxSeconds.map(String.init))
        }
        writer.endObject()
        writer.endObject()
        return writer.output
    }

    /// `3 h 12 min`, `2 d 4 h`, `45 s`: latencies for people.
    static func duration(_ seconds: Int?) -> String {
        guard let seconds else { return "—" }
        switch seconds {
        case ..<60: return "\(seconds) s"
        case ..<3600: return "\(seconds / 60) min"
        case ..<86_400: return "\(seconds / 3600) h \(seconds % 3600 / 60) min"
        default: return "\(seconds / 86_400) d \(seconds % 86_400 / 3600) h"
        }
    }
}
