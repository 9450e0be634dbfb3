import AsyncHTTPClient
package import Foundation
package import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Fetches source pages over HTTP the way a polite, persistent client must: a deadline per
/// request that covers the whole body, retries with exponential backoff and jitter on network
/// errors, timeouts, 5xx, 429 and pages that do not read (truncated or malformed), and a minimum
/// interval between requests shared by every concurrent fetch.
///
/// Configuration:
/// - `timeout` (default 60 s): one request, body included.
/// - `attempts` (default 6): tries per page before the page, and its window, fail.
/// - `backoff` (default 1 s): the wait after the first failure; doubled each time, capped at 60 s,
///   with up to 50 % random jitter so that concurrent clients do not retry in step.
/// - `minimumInterval` (default 0.1 s): at most ten requests a second from this process.
/// - `maximumBytes` (default 64 MiB): a larger body is a failed page, not an out-of-memory process.
package final class PageFetcher: Sendable {
    package struct Configuration: Sendable {
        package var timeout: Duration = .seconds(60)
        package var attempts = 6
        package var backoff: Duration = .seconds(1)
        package var minimumInterval: Duration = .milliseconds(100)
        package var maximumBytes = 64 << 20
        package var userAgent = "ContractWatch (https://github.com/contractwatch; federal contract monitoring)"

        package init() {}
    }

    /// Counts for the run's report.
    package struct Counters: Sendable, Hashable {
        package var requests = 0
        package var retries = 0
    }

    let configuration: Configuration
    let logger: Logger
    private let client: HTTPClient
    private let nextSlot: Mutex<ContinuousClock.Instant>
    private let counts = Mutex(Counters())

    package init(configuration: Configuration = Configuration(), logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(
                redirectConfiguration: .follow(max: 5, allowCycles: false),
                timeout: .init(connect: .seconds(30))))
        nextSlot = Mutex(.now)
    }

    /// Must be called once the fetcher is no longer needed; ``with(configuration:logger:_:)`` does.
    package func shutdown() async throws {
        try await client.shutdown()
    }

    /// Runs `body` with a new fetcher and shuts it down afterwards, whether `body` returns or throws.
    package static func with<Value: Sendable>(
        configuration: Configuration = Configuration(), logger: Logger,
        _ body: (PageFetcher) async throws -> Value
    ) async throws -> Value {
        let fetcher = PageFetcher(configuration: configuration, logger: logger)
        do {
            let value = try await body(fetcher)
            try await fetcher.shutdown()
            return value
        } catch {
            try? await fetcher.shutdown()
            throw error
        }
    }

    /// Requests made and retried so far.
    package var counters: Counters { counts.withLock { $0 } }

    /// Fetches `url` and reads the body with `read`, retrying until a page reads or the attempts
    /// run out.
    /// - Parameters:
    ///   - url: The request URL, which may carry a secret.
    ///   - shownAs: The URL as logs and errors show it (secrets removed).
    ///   - read: Turns a body into a page; throws ``PageReadError`` when the body is not a page.
    /// - Returns: The page `read` made of the first body it could read.
    /// - Throws: ``SyncError``: `refused` for a 4xx other than 408 and 429, `badPage` or
    ///   `unavailable` when every attempt failed.
    package func fetch<Page: Sendable>(
        _ url: String, shownAs: String, read: @Sendable (Data) throws(PageReadError) -> Page
    ) async throws -> Page {
        var lastProblem = ""
        var unreadable = false
        for attempt in 1...max(1, configuration.attempts) {
            if attempt > 1 {
                counts.withLock { $0.retries += 1 }
                let wait = backoff(beforeAttempt: attempt)
                logger.info(
                    "retrying page",
                    metadata: [
                        "url": "\(shownAs)", "attempt": "\(attempt)", "problem": "\(lastProblem)",
                        "wait": "\(wait)",
                    ])
                try await Task.sleep(for: wait)
            }
            try await awaitTurn()
            counts.withLock { $0.requests += 1 }
            do {
                let (status, body) = try await get(url)
                switch status {
                case 200..<300:
                    do throws(PageReadError) {
                        return try read(body)
                    } catch {
                        lastProblem = error.description
                        unreadable = true
                    }
                case 408, 429, 500..<600:
                    lastProblem = "HTTP \(status)"
                    unreadable = false
                default:
                    let message = String(decoding: body.prefix(500), as: UTF8.self)
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                    throw SyncError.refused(url: shownAs, status: status, message: message)
                }
            } catch let error as SyncError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                lastProblem = Self.describe(error, timeout: configuration.timeout)
                unreadable = false
            }
        }
        throw unreadable
            ? SyncError.badPage(url: shownAs, problem: "\(lastProblem) (after \(configuration.attempts) attempts)")
            : SyncError.unavailable(url: shownAs, problem: "\(lastProblem) (after \(configuration.attempts) attempts)")
    }

    /// One GET whose deadline covers the body: a server that sends headers and then stalls does
    /// not hold the sync forever.
    private func get(_ url: String) async throws -> (Int, Data) {
        let timeout = configuration.timeout
        let client = self.client
        let configuration = self.configuration
        return try await withThrowingTaskGroup(of: (Int, Data)?.self) { group in
            group.addTask {
                var request = HTTPClientRequest(url: url)
                request.headers.add(name: "User-Agent", value: configuration.userAgent)
                let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
                let body = try await response.body.collect(upTo: configuration.maximumBytes)
                return (Int(response.status.code), Data(body.readableBytesView))
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let result = try await group.next() ?? nil else { throw PageTimeout() }
            return result
        }
    }

    /// Waits for this request's slot: slots are `minimumInterval` apart across all fetches.
    private func awaitTurn() async throws {
        let interval = configuration.minimumInterval
        let slot = nextSlot.withLock { next in
            let slot = max(next, ContinuousClock.now)
            next = slot + interval
            return slot
        }
        if slot > .now { try await Task.sleep(until: slot, clock: .continuous) }
    }

    private func backoff(beforeAttempt attempt: Int) -> Duration {
        let base = configuration.backoff * (1 << min(attempt - 2, 16))
        let capped = min(base, .seconds(60))
        return capped + capped * Double.random(in: 0..<0.5)
    }

    private struct PageTimeout: Error {}

    private static func describe(_ error: any Error, timeout: Duration) -> String {
        if error is PageTimeout { return "no complete answer within \(timeout)" }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "no answer within \(timeout)"
            case .remoteConnectionClosed: return "the connection closed before the answer was complete"
            default: return "\(error)"
            }
        }
        if let error = error as? NIOTooManyBytesError {
            return "the answer is larger than \(error.maxBytes ?? 0) bytes"
        }
        return String(describing: error)
    }
}

/// A body that arrived but is not a page: retried like a network failure, because a truncated
/// or garbled answer is what an overloaded feed sends.
package struct PageReadError: Error, Sendable, CustomStringConvertible {
    package var description: String

    package init(_ description: String) { self.description = description }
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
