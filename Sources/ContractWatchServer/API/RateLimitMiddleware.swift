import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// Per-client token buckets: `rate` requests a second on average, bursts of `burst`. Over the
/// limit, 429 with `Retry-After`. Loopback clients (the same machine: the default deployment, and
/// a newsroom's own scripts) are exempt unless `limitLoopback` is set.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let limiter: RateLimiter
    let limitLoopback: Bool

    @concurrent func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        let client = context.remoteAddress?.ipAddress ?? "unknown"
        let isLoopback = client == "127.0.0.1" || client == "::1" || client.hasPrefix("::ffff:127.")
        if limitLoopback || !isLoopback, let wait = limiter.take(client) {
            throw HTTPError(
                .tooManyRequests, headers: [.retryAfter: String(wait)],
                message: "Too many requests from \(client); at most \(limiter.rate.formatted()) a second on average.")
        }
        return try await next(request, context)
    }
}

/// Token buckets by client, shared across the server's connections.
final class RateLimiter: Sendable {
    let rate: Double
    let burst: Int
    private let buckets = Mutex<[String: (tokens: Double, updated: ContinuousClock.Instant)]>([:])

    init(rate: Double, burst: Int) {
        self.rate = rate
        self.burst = burst
    }

    /// Takes a token from `client`'s bucket: nil when there was one, else the whole seconds until
    /// there will be (the `Retry-After`).
    func take(_ client: String) -> Int? {
        let now = ContinuousClock.now
        return buckets.withLock { buckets in
            // Forget idle clients rather than grow without bound.
            if buckets.count > 10_000 { buckets.removeAll() }
            var bucket = buckets[client] ?? (Double(burst), now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(Double(burst), bucket.tokens + seconds * rate)
            bucket.updated = now
            defer { buckets[client] = bucket }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }
}
