import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A loopback HTTP server standing in for the FPDS ATOM feed and the SAM.gov Contract Awards API,
/// serving real recorded data with injected faults.
///
/// It binds `127.0.0.1` on a free port and serves:
/// - `GET /ezsearch/FEEDS/ATOM?FEEDNAME=PUBLIC|DELETED&q=…&start=…` (other parameters such as
///   `s=FPDS&VERSION=1.5.3` are ignored) from ``RecordedQuery`` recordings, verbatim, or else from a
///   ``SimulatedFeed``;
/// - `GET /contract-awards/v1/search?api_key=…` from ``SAMAwards``.
///
/// Its state (faults, feed shifts, request log) lives in the test process, so it is the same for
/// every client: in-process ones and CLI subprocesses killed and restarted alike. Servers share no
/// global state, so parallel tests each start their own.
package final class FeedReplayServer: Sendable {
    /// The ATOM feed's path.
    package static let feedPath = "/ezsearch/FEEDS/ATOM"
    /// The Contract Awards search path.
    package static let samPath = "/contract-awards/v1/search"

    /// `http://127.0.0.1:PORT`.
    package let baseURL: String
    /// The ATOM feed endpoint: ``baseURL`` + `/ezsearch/FEEDS/ATOM`.
    package var feedURL: String { baseURL + Self.feedPath }
    /// The Contract Awards search endpoint: ``baseURL`` + `/contract-awards/v1/search`.
    package var samURL: String { baseURL + Self.samPath }

    private let core: ReplayCore
    private let serviceGroup: ServiceGroup
    private let running: Task<Void, any Error>

    private init(baseURL: String, core: ReplayCore, serviceGroup: ServiceGroup, running: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.core = core
        self.serviceGroup = serviceGroup
        self.running = running
    }

    /// Loads the configured data and starts serving; returns once the port is bound.
    ///
    /// The server runs in a task of its own because it outlives any one scope of the caller: a test
    /// starts it, runs and kills client processes against it, then calls ``shutdown()``, which must
    /// always follow (or use ``withServer(_:_:)``, which does it).
    /// - Parameter configuration: What to serve and the faults active from the start.
    /// - Returns: The running server.
    /// - Throws: ``FeedReplayError`` if a recording cannot be read or the server stops before binding,
    ///   or the bind error.
    package static func start(_ configuration: Configuration) async throws -> FeedReplayServer {
        let core = try ReplayCore(configuration)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            responder: CallbackResponder { (request: Request, _: BasicRequestContext) in
                await core.respond(to: request)
            },
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: configuration.logger)
        // No signal handlers: the test process owns SIGINT and SIGTERM, and many servers run at once.
        let serviceGroup = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [application], logger: configuration.logger))
        let running = Task {
            defer { portContinuation.finish() }
            try await serviceGroup.run()
        }
        var port: Int?
        for await bound in ports {
            port = bound
            break
        }
        guard let port, port > 0 else {
            await serviceGroup.triggerGracefulShutdown()
            try await running.value
            throw FeedReplayError.serverDidNotStart
        }
        let baseURL = "http://127.0.0.1:\(port)"
        core.state.withLock { $0.origin = baseURL }
        return FeedReplayServer(baseURL: baseURL, core: core, serviceGroup: serviceGroup, running: running)
    }

    /// Starts a server, runs `body` with it and shuts it down, also when `body` throws.
    /// - Parameters:
    ///   - configuration: What to serve.
    ///   - body: The test.
    /// - Returns: What `body` returns.
    /// - Throws: What ``start(_:)`` or `body` throws.
    package static func withServer<Value: Sendable>(
        _ configuration: Configuration, _ body: (FeedReplayServer) async throws -> Value
    ) async throws -> Value {
        let server = try await start(configuration)
        do {
            let value = try await body(server)
            try await server.shutdown()
            return value
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    /// Stops accepting connections, lets requests in progress finish (cutting injected delays
    /// short), and returns once the server task has ended.
    /// - Throws: The server's error, if it failed while running.
    package func shutdown() async throws {
        core.state.withLock { $0.stopping = true }
        await serviceGroup.triggerGracefulShutdown()
        try await running.value
    }

    // MARK: - Faults

    /// Adds a fault, effective from the next request.
    /// - Parameter fault: The fault; its `after` counts matching requests from now on.
    package func inject(_ fault: Fault) {
        core.state.withLock { $0.faults.append(ReplayCore.PendingFault(fault: fault)) }
    }

    /// Removes every fault not yet spent (shifts already applied stay applied).
    package func removeAllFaults() {
        core.state.withLock { $0.faults.removeAll() }
    }

    /// The faults not yet spent, in the order injected.
    package var pendingFaults: [Fault] {
        core.state.withLock { $0.faults.map(\.fault) }
    }

    // MARK: - Request log

    /// Every request answered so far, in order of arrival.
    package var requests: [ReplayRequest] {
        core.state.withLock { $0.log }.sorted { $0.number < $1.number }
    }

    /// Empties the request log (arrival numbers keep counting).
    package func removeAllRequests() {
        core.state.withLock { $0.log.removeAll() }
    }
}
