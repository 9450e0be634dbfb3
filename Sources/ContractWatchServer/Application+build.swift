package import ContractWatchCore
package import Hummingbird
import HummingbirdCore
package import Logging
import NIOCore
package import ServiceLifecycle

/// Where and how the server listens, and its limits.
///
/// Configuration keys (command-line options of `contractwatch serve`):
/// - `host` (string, default `127.0.0.1`): the address to bind; loopback unless told otherwise.
/// - `port` (integer, default `8080`).
/// - `publicURL` (string, optional): the scheme, host and port clients reach the server at (behind
///   a proxy, the proxy's); feed and page links are built from it, else from the address the
///   connection arrived at, never from the request's `Host` header. Links in Slack-format
///   webhook messages are built from it, else from `host` and `port`.
/// - `maxRequestBytes` (integer, default 1 MiB): larger request bodies get 413, chunked or not,
///   before more than this is buffered.
/// - `requestsPerSecond` (default 20) / `burst` (default 60): each client's rate limit; every
///   client is limited, this machine's too.
/// - `trustedProxies` (addresses, default none): proxies whose `X-Forwarded-For` names the client.
/// - `headerTimeout` (default 10 s): a request's line and headers must arrive within this time of
///   its first byte.
/// - `idleTimeout` (default 60 s): a connection on which nothing arrives for this long is closed.
/// - `allowsPrivateWebhookTargets` (boolean, default false): let webhooks post to loopback and
///   private addresses.
/// - `readOnly` (boolean, default false): serve a store this server may not write (a read-only
///   database role, a replica): writes are refused with 405 and webhooks are left to the
///   server that writes.
package struct ServerConfiguration: Sendable {
    package var host: String
    package var port: Int
    package var publicURL: String?
    package var maxRequestBytes: Int
    package var requestsPerSecond: Double
    package var burst: Int
    package var trustedProxies: [String]
    package var headerTimeout: Duration
    package var idleTimeout: Duration
    package var allowsPrivateWebhookTargets: Bool
    package var readOnly: Bool

    package init(
        host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil, maxRequestBytes: Int = 1 << 20,
        requestsPerSecond: Double = 20, burst: Int = 60, trustedProxies: [String] = [],
        headerTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60),
        allowsPrivateWebhookTargets: Bool = false, readOnly: Bool = false
    ) {
        self.host = host
        self.port = port
        self.publicURL = publicURL
        self.maxRequestBytes = maxRequestBytes
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.trustedProxies = trustedProxies
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.allowsPrivateWebhookTargets = allowsPrivateWebhookTargets
        self.readOnly = readOnly
    }

    /// Which webhook targets the server accepts and posts to.
    package var webhookTargets: WebhookTargetPolicy {
        WebhookTargetPolicy(allowsPrivateTargets: allowsPrivateWebhookTargets)
    }

    /// Where links in webhook messages point: `publicURL`, else the address the server binds.
    var pagesURL: String {
        FeedsController.base(
            publicURL: publicURL ?? (host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"),
            localAddress: nil)
    }

    /// HTTP/1.1 with the header and idle timeouts.
    var server: HTTPServerBuilder {
        let headerTimeout = TimeAmount(headerTimeout)
        let idleTimeout = TimeAmount(idleTimeout)
        return HTTPServerBuilder { responder in
            TimedHTTP1Channel(
                http1: HTTP1Channel(responder: responder, configuration: .init(idleTimeout: idleTimeout)),
                headerTimeout: headerTimeout)
        }
    }
}

/// The ContractWatch web application: JSON API, HTML pages and Atom feeds over `store`.
/// - Parameters:
///   - store: The store the application reads and writes.
///   - configuration: Where and how the server listens, and its limits.
///   - logger: The logger for requests and errors.
///   - services: Services to run beside the server (a sync service), shut down with it.
/// - Returns: The application, ready to run.
/// - Throws: If the page templates do not compile (a build defect, caught by the tests).
package func buildApplication(
    store: any RecordStore, configuration: ServerConfiguration, logger: Logger, services: [any Service] = []
) throws -> some ApplicationProtocol {
    Application(
        router: try buildRouter(store: store, configuration: configuration, logger: logger),
        server: configuration.server,
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "ContractWatch"),
        services: services,
        logger: logger)
}

/// The routes, so that tests exercise exactly what `serve` runs.
package func buildRouter(
    store: any RecordStore, configuration: ServerConfiguration, logger: Logger
) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ErrorMiddleware(logger: logger))
    router.add(middleware: SecurityHeadersMiddleware(maxRequestBytes: configuration.maxRequestBytes))
    router.add(
        middleware: RateLimitMiddleware(
            limiter: RateLimiter(rate: configuration.requestsPerSecond, burst: configuration.burst),
            clients: ClientAddressResolver(trustedProxies: configuration.trustedProxies)))
    router.add(middleware: MethodNotAllowedMiddleware())
    router.get("healthz") { _, _ in
        Response.json(try await ServiceStatus.read(from: store, runs: 1).json)
    }
    router.get("openapi.json") { _, _ in Response.json(OpenAPIDocument.json) }
    APIController(
        store: store, maxRequestBytes: configuration.maxRequestBytes, webhookTargets: configuration.webhookTargets,
        readOnly: configuration.readOnly
    ).register(on: router)
    try PagesController(store: store).register(on: router)
    FeedsController(store: store, publicURL: configuration.publicURL).register(on: router)
    return router
}

/// Builds the application with the alert delivery service and runs both until SIGINT or
/// SIGTERM, then shuts down gracefully.
/// - Parameters:
///   - store: The store the application reads and writes.
///   - configuration: Where and how the server listens, and its limits.
///   - logger: The logger for requests and errors.
///   - services: More services to run beside the server and the webhook delivery (a sync).
/// - Throws: If the page templates do not compile, or the error the server stops with.
package func runServer(
    store: any RecordStore, configuration: ServerConfiguration, logger: Logger, services: [any Service] = []
) async throws {
    try await buildApplication(
        store: store, configuration: configuration, logger: logger,
        services: (configuration.readOnly
            ? []
            : [
                AlertDeliveryService(
                    store: store, logger: logger, targets: configuration.webhookTargets,
                    pages: configuration.pagesURL)
            ])
            + services
    ).runService()
}
