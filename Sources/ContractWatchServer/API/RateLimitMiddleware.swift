import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Per-client token buckets: `rate` requests a second on average, bursts of `burst`. Over the
/// limit, 429 with `Retry-After`. Every client is limited, this machine's too: behind a reverse
/// proxy on the same host every request comes from loopback, so an exemption would exempt all.
/// Who the client is comes from ``ClientAddressResolver``.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let limiter: RateLimiter
    let clients: ClientAddressResolver

    @concurrent func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        let client = clients.client(
            peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: .xForwardedFor])
        if let wait = limiter.take(client) {
            throw HTTPError(
                .tooManyRequests, headers: [.retryAfter: String(wait)],
                message: "Too many requests from \(client); at most \(limiter.rate.formatted()) a second on average.")
        }
        return try await next(request, context)
    }
}

/// Who a request is from: the peer address, unless the peer is a trusted proxy (`serve
/// --trusted-proxy`), in which case the rightmost `X-Forwarded-For` entry that is not itself a
/// trusted proxy. Entries left of that are the client's own word and are never believed, and
/// without a trusted proxy the header is ignored, so no client can pick its own rate-limit bucket.
struct ClientAddressResolver: Sendable {
    let trustedProxies: Set<String>

    init(trustedProxies: [String]) {
        self.trustedProxies = Set(trustedProxies.map(Self.normalised))
    }

    func client(peer: String?, forwardedFor: [String]) -> String {
        var client = Self.normalised(peer ?? "unknown")
        var hops = forwardedFor.flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        while trustedProxies.contains(client), let hop = hops.popLast(), !hop.isEmpty {
            client = Self.normalised(hop)
        }
        return client
    }

    /// One spelling per address: `::ffff:10.0.0.1` and `10.0.0.1` are the same client.
    static func normalised(_ address: String) -> String {
        IPAddress(address)?.canonical.description ?? address
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`, which swift-http-types has no constant for; the literal is a valid token.
    static var xForwardedFor: Self {
        guard let name = Self("X-Forwarded-For") else { preconditionFailure("'X-Forwarded-For' is a header name") }
        return name
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
