package import Logging

extension FeedReplayServer {
    /// What the replay server serves, and how it misbehaves from the start.
    ///
    /// Configuration keys (all optional):
    /// - `recorded` (`[RecordedQuery]`, default none): queries answered with verbatim recorded pages;
    ///   they take precedence over the simulated feed.
    /// - `simulated` (`SimulatedFeed?`, default nil): the feed answering every other ATOM query. With
    ///   neither a recording nor a simulated feed for a query, the answer is 404 with a message.
    /// - `sam` (`SAMAwards?`, default nil): the Contract Awards API; without it its path is 404.
    /// - `faults` (`[Fault]`, default none): faults active from the first request.
    /// - `logger` (default: label `contractwatch.feed-replay`, level `warning`): Hummingbird's logger.
    package struct Configuration: Sendable {
        /// Queries answered with recorded pages.
        package var recorded: [RecordedQuery]
        /// The simulated ATOM feed.
        package var simulated: SimulatedFeed?
        /// The simulated SAM.gov Contract Awards API.
        package var sam: SAMAwards?
        /// Faults active from the start.
        package var faults: [Fault]
        /// The server's logger.
        package var logger: Logger

        /// A configuration; see the type's keys.
        package init(
            recorded: [RecordedQuery] = [], simulated: SimulatedFeed? = nil, sam: SAMAwards? = nil,
            faults: [Fault] = [], logger: Logger? = nil
        ) {
            self.recorded = recorded
            self.simulated = simulated
            self.sam = sam
            self.faults = faults
            self.logger =
                logger
                ?? {
                    // Quiet by default: tests run many servers in parallel, and a request log is kept anyway.
                    var logger = Logger(label: "contractwatch.feed-replay")
                    logger.logLevel = .warning
                    return logger
                }()
        }
    }
}
