import Hummingbird
import Synchronization

/// A response before faults shape it: status, content type and body bytes.
struct ReplayResponse: Sendable {
    var status: Int
    var contentType: String?
    var body: [UInt8]

    /// A plain-text answer (errors the replay itself reports).
    static func text(_ status: Int, _ message: String) -> ReplayResponse {
        ReplayResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array((message + "\n").utf8))
    }
}

/// Thrown from a response body after part of it was written: Hummingbird then closes the
/// connection, which is the dropped-connection fault.
private struct DroppedConnection: Error {}

/// The replay server's data and shared state, and the one function that answers every request.
///
/// The data is immutable after start; the state (faults, shifts, request log) sits behind a
/// `Mutex`, held only for short bookkeeping, never across an `await`.
final class ReplayCore: Sendable {
    /// A fault and how many matching requests it has seen.
    struct PendingFault: Sendable {
        var fault: FeedReplayServer.Fault
        var matched = 0
        var applied = 0
    }

    struct State: Sendable {
        /// `http://127.0.0.1:PORT`, set once the port is known.
        var origin = ""
        var faults: [PendingFault] = []
        var shifts: [FeedReplayServer.FeedName: [FeedReplayServer.Fault.Shift]] = [:]
        var log: [ReplayRequest] = []
        var arrivals = 0
        /// Set by shutdown, so that delays end at once instead of holding the server open.
        var stopping = false
    }

    let recordings: [LoadedRecording]
    let simulated: SimulatedFeed?
    let sam: SAMAwards?
    let state: Mutex<State>

    init(_ configuration: FeedReplayServer.Configuration) throws {
        recordings = try configuration.recorded.map(LoadedRecording.init)
        simulated = configuration.simulated
        sam = configuration.sam
        state = Mutex(State(faults: configuration.faults.map { PendingFault(fault: $0) }))
    }

    // MARK: - Answering

    func respond(to request: Request) async -> Response {
        let path = request.uri.path
        let parameters = FormEncoding.decode(request.uri.query ?? "")
        let (number, due) = state.withLock { state in
            state.arrivals += 1
            return (state.arrivals, Self.takeDueFaults(&state, path: path, parameters: parameters))
        }

        let delay = due.reduce(Duration.zero) { total, fault in
            if case .delay(let duration) = fault.action { return total + duration }
            return total
        }
        if delay > .zero { await pause(delay) }

        let answer: ReplayResponse
        if request.method != .get {
            answer = .text(405, "FeedReplay answers GET only.")
        } else if path == FeedReplayServer.feedPath {
            answer = feedPage(parameters)
        } else if path == FeedReplayServer.samPath, let sam {
            answer = sam.respond(to: parameters)
        } else {
            answer = .text(404, "FeedReplay serves \(FeedReplayServer.feedPath) and \(FeedReplayServer.samPath).")
        }

        let shaping = due.first(where: \.shapesResponse)?.action
        var logged = ReplayRequest(
            number: number, method: request.method.rawValue, path: path, parameters: parameters,
            headers: request.headers.map { ReplayRequest.Field(name: $0.name.canonicalName, value: $0.value) },
            status: answer.status, faults: due.map(\.action))
        let response = Self.shape(answer, by: shaping, status: &logged.status)
        state.withLock { state in
            state.log.append(logged)
        }
        return response
    }

    /// Counts the request against every fault whose target it matches and returns the faults that
    /// apply to it: every due delay and shift, and the first due response-shaping fault. Applies
    /// the shifts, and drops the faults that are spent.
    private static func takeDueFaults(
        _ state: inout State, path: String, parameters: [ReplayRequest.Field]
    ) -> [FeedReplayServer.Fault] {
        var applying: [FeedReplayServer.Fault] = []
        var shaped = false
        for index in state.faults.indices {
            guard state.faults[index].fault.target.matches(path: path, parameters: parameters) else { continue }
            state.faults[index].matched += 1
            let fault = state.faults[index].fault
            guard state.faults[index].matched > fault.after else { continue }
            if fault.shapesResponse {
                // One response, one shape: later shaping faults stay due for the next request.
                if shaped { continue }
                shaped = true
            }
            state.faults[index].applied += 1
            applying.append(fault)
            if case .shift(let shift) = fault.action, path == FeedReplayServer.feedPath,
                let feed = parameters.first(where: { $0.name == "FEEDNAME" }).flatMap({
                    FeedReplayServer.FeedName(rawValue: $0.value.uppercased())
                })
            {
                state.shifts[feed, default: []].append(shift)
            }
        }
        state.faults.removeAll { pending in pending.fault.times.map { pending.applied >= $0 } ?? false }
        return applying
    }

    /// Sleeps for `duration`, or until shutdown begins.
    private func pause(_ duration: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now + duration
        while clock.now < deadline, !state.withLock({ $0.stopping }) {
            try? await Task.sleep(for: min(.milliseconds(20), deadline - clock.now))
        }
    }

    // MARK: - ATOM feed

    private func feedPage(_ parameters: [ReplayRequest.Field]) -> ReplayResponse {
        func value(_ name: String) -> String? { parameters.first { $0.name == name }?.value }
        guard let feedName = value("FEEDNAME") else {
            return .text(400, "FeedReplay: FEEDNAME is required (PUBLIC or DELETED).")
        }
        guard let feed = FeedReplayServer.FeedName(rawValue: feedName.uppercased()) else {
            return .text(400, "FeedReplay: FEEDNAME '\(feedName)' is not PUBLIC or DELETED.")
        }
        let start = value("start").map { Int($0) } ?? 0
        guard let start, start >= 0 else {
            return .text(400, "FeedReplay: start must be a whole number from 0.")
        }
        let query = value("q") ?? ""
        let (origin, shifts) = state.withLock { ($0.origin, $0.shifts[feed] ?? []) }

        if let recording = recordings.first(where: { $0.answers(query, feed: feed) }) {
            return ReplayResponse(
                status: 200, contentType: Self.xmlContentType,
                body: recording.page(start: start, query: query, origin: origin))
        }
        guard let simulated else {
            return .text(404, "FeedReplay has no recording of \(feed.rawValue) q=\(query) and no simulated feed.")
        }
        let result: [FeedEntry]
        do {
            result = SimulatedFeed.shifted(try simulated.matches(query, in: feed), by: shifts, query: query)
        } catch {
            return .text(400, error.description)
        }
        let page = result.dropFirst(start).prefix(FeedPage.size).map(\.xml)
        let xml = FeedPage.render(
            query: query, feed: feed, start: start, lastStart: FeedPage.lastStart(total: result.count),
            hasNext: start + FeedPage.size < result.count, entries: Array(page), origin: origin)
        return ReplayResponse(status: 200, contentType: Self.xmlContentType, body: Array(xml.utf8))
    }

    /// What FPDS sends (as recorded in the vzvenyach/open-fpds cassettes).
    private static let xmlContentType = "application/xml; charset=utf-8"

    // MARK: - Shaping

    /// The Hummingbird response for `answer` after the shaping fault, if any; `status` is set to
    /// the status actually sent.
    private static func shape(
        _ answer: ReplayResponse, by action: FeedReplayServer.Fault.Action?, status: inout Int
    ) -> Response {
        var answer = answer
        switch action {
        case .status(let code)?:
            answer = .text(code, "FeedReplay injected HTTP \(code).")
        case .htmlErrorPage?:
            answer = ReplayResponse(status: 200, contentType: "text/html; charset=utf-8", body: Array(errorPage.utf8))
        case .truncatedBody(let bytes)?:
            answer.body = Array(answer.body.prefix(max(0, bytes)))
        case .droppedConnection(let bytes)?:
            status = answer.status
            let prefix = ByteBuffer(bytes: answer.body.prefix(max(0, bytes)))
            return Response(
                status: HTTPResponse.Status(code: answer.status), headers: headers(answer),
                body: ResponseBody(contentLength: answer.body.count) { writer in
                    try await writer.write(prefix)
                    throw DroppedConnection()
                })
        case .delay?, .shift?, nil:
            break
        }
        status = answer.status
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers(answer),
            body: answer.body.isEmpty ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    private static func headers(_ answer: ReplayResponse) -> HTTPFields {
        var headers = HTTPFields()
        if let contentType = answer.contentType { headers[.contentType] = contentType }
        return headers
    }

    /// A maintenance page of the kind load balancers and gateways serve with status 200. Synthetic:
    /// no real FPDS or SAM.gov error page is on record.
    private static let errorPage = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Service Unavailable</title></head>
        <body>
        <h1>The system is temporarily unavailable</h1>
        <p>The site is undergoing scheduled maintenance. Please try again later.</p>
        </body>
        </html>

        """
}
