extension FeedReplayServer {
    /// The two FPDS ATOM feeds, by their `FEEDNAME` values.
    package enum FeedName: String, Sendable, Hashable, CaseIterable {
        /// `FEEDNAME=PUBLIC`: contract actions.
        case `public` = "PUBLIC"
        /// `FEEDNAME=DELETED`: deleted contract actions.
        case deleted = "DELETED"
    }

    /// A misbehaviour of the server for some of the requests that match ``target``.
    ///
    /// A fault counts the requests that match its target. It lets the first ``after`` of them
    /// through, then applies to the next ``times`` (all of them when nil), then is spent. Faults are
    /// set in the configuration or injected at any time with ``FeedReplayServer/inject(_:)``, and the
    /// count lives in the server, so it carries across client processes (a CLI killed and restarted).
    ///
    /// Several faults can be due on one request: all delays and shifts apply; of the faults that
    /// shape the response (status, truncation, dropped connection, HTML page), the first injected
    /// applies and the others stay due for the next matching request, which makes injected faults a
    /// queue (500, then an HTML page, then normal pages).
    package struct Fault: Sendable, Hashable {
        /// Which requests a fault counts.
        package enum Target: Sendable, Hashable {
            /// Every request, whatever its path.
            case anyRequest
            /// ATOM feed requests of `feed` (nil: either) whose `start` is `start` (nil: any page).
            case feedPage(feed: FeedName? = nil, start: Int? = nil)
            /// SAM.gov searches at page `offset` (nil: any), of the deleted set or not (nil: both).
            case samPage(offset: Int? = nil, deleted: Bool? = nil)
        }

        /// What a fault does.
        package enum Action: Sendable, Hashable {
            /// Answer with this status and a short plain-text body instead of the real response.
            case status(Int)
            /// Wait this long before answering (ends early when the server shuts down), to exercise
            /// client timeouts; combines with every other action.
            case delay(Duration)
            /// Send status 200 (or the real status) with the real body cut to this many bytes and a
            /// `Content-Length` that matches: a complete HTTP response whose XML or JSON ends mid-way.
            case truncatedBody(bytes: Int)
            /// Declare the real body's full `Content-Length`, send this many bytes, then close the
            /// connection: the client's read ends early, as when a proxy drops the link.
            case droppedConnection(afterBytes: Int)
            /// Answer 200 with an HTML error page (`text/html`) instead of XML or JSON, as gateways do
            /// during maintenance. The page is a synthetic one; no real FPDS error page is on record.
            case htmlErrorPage
            /// Change the simulated feed the request asked for, before answering it (see ``Shift``).
            case shift(Shift)
        }

        /// A change to the simulated ATOM feed while a client pages through it.
        ///
        /// Shifts apply to the feed (PUBLIC or DELETED) of the request that triggers them, for every
        /// query from then on, in the order they happened. They do not apply to recorded queries
        /// (verbatim pages) or to SAM.gov searches. Because the shift happens before the triggering
        /// request is answered, a shift with `after: 1` on `.feedPage(start: 10)` makes the first
        /// serve of `start=10` the original page and every later serve the shifted one; pair it
        /// with a `.status(500)` fault on the same page to get "500, then shifted content".
        package enum Shift: Sendable, Hashable {
            /// Put this entry at the front of every result whose query it matches (and that does
            /// not hold it yet), so each later page starts with the previous page's last entry.
            /// Build the feed without the entry, then insert it: a record that appears mid-pull.
            case insertAtFront(FeedEntry)
            /// Drop the first entry of every result, so each later page's first entry moves onto
            /// the page before it, which the client has already read.
            case removeFirst
        }

        /// The requests counted.
        package var target: Target
        /// What is done to them.
        package var action: Action
        /// Matching requests let through before the fault applies.
        package var after: Int
        /// Matching requests the fault applies to; nil for all of them from then on.
        package var times: Int?

        /// A fault.
        /// - Parameters:
        ///   - action: What to do.
        ///   - target: Which requests count (default: every request).
        ///   - after: Matching requests to let through first (default 0).
        ///   - times: Matching requests to apply to (default 1; nil: every one from then on).
        package init(_ action: Action, on target: Target = .anyRequest, after: Int = 0, times: Int? = 1) {
            self.action = action
            self.target = target
            self.after = after
            self.times = times
        }

        /// Whether the action decides the response's status or body, as opposed to delays and shifts.
        var shapesResponse: Bool {
            switch action {
            case .status, .truncatedBody, .droppedConnection, .htmlErrorPage: true
            case .delay, .shift: false
            }
        }
    }
}

extension FeedReplayServer.Fault.Target {
    /// Whether a request with this path and these parameters is one the target counts.
    func matches(path: String, parameters: [ReplayRequest.Field]) -> Bool {
        func value(_ name: String) -> String? { parameters.first { $0.name == name }?.value }
        switch self {
        case .anyRequest:
            return true
        case .feedPage(let feed, let start):
            guard path == FeedReplayServer.feedPath else { return false }
            if let feed, value("FEEDNAME")?.uppercased() != feed.rawValue { return false }
            if let start, (value("start").map { Int($0) } ?? 0) != start { return false }
            return true
        case .samPage(let offset, let deleted):
            guard path == FeedReplayServer.samPath else { return false }
            if let offset, (value("offset").map { Int($0) } ?? 0) != offset { return false }
            if let deleted, (value("deletedStatus")?.lowercased() == "yes") != deleted { return false }
            return true
        }
    }
}
