/// How quickly ContractWatch noticed what FPDS published: the detection latency of events (when
/// an event was first derived minus its record's `lastModifiedDate`), summarised for a status
/// page and a sync's report.
package struct DetectionLatencySummary: Sendable, Hashable {
    /// Events first detected in the period.
    package var events: Int
    /// Of those, the events whose latency is known (their record had a `lastModifiedDate`, and
    /// they were stored after latencies began to be recorded).
    package var measured: Int
    /// The median latency in seconds (nearest rank), nil when nothing was measured.
    package var medianSeconds: Int?
    /// The 90th percentile in seconds (nearest rank), nil when nothing was measured.
    package var p90Seconds: Int?
    /// The longest latency in seconds, nil when nothing was measured.
    package var maxSeconds: Int?

    /// A summary from its parts.
    package init(events: Int, measured: Int, medianSeconds: Int?, p90Seconds: Int?, maxSeconds: Int?) {
        self.events = events
        self.measured = measured
        self.medianSeconds = medianSeconds
        self.p90Seconds = p90Seconds
        self.maxSeconds = maxSeconds
    }

    /// Summarises `latencies` of `events` events (the others' latency unknown).
    /// - Parameters:
    ///   - events: Every event of the period, measured or not.
    ///   - latencies: The known latencies, in seconds, in any order.
    package init(events: Int, latencies: [Int]) {
        let sorted = latencies.sorted()
        // Nearest rank: the smallest value with at least p% of the values at or below it, so every
        // figure is a latency that some event really had.
        func percentile(_ percent: Int) -> Int? {
            guard !sorted.isEmpty else { return nil }
            let rank = (percent * sorted.count + 99) / 100
            return sorted[max(rank, 1) - 1]
        }
        self.init(
            events: events, measured: sorted.count, medianSeconds: percentile(50), p90Seconds: percentile(90),
            maxSeconds: sorted.last)
    }
}
