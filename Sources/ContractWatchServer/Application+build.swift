package import ContractWatchCore
package import Hummingbird
package import Logging
package import ServiceLifecycle

/// Where and how the server listens, and its limits.
///
/// Configuration keys (command-line options of `contractwatch serve`):
/// - `host` (string, default `127.0.0.1`): the address to bind; loopback unless told otherwise.
/// - `port` (integer, default `8080`).
/// - `maxRequestBytes` (integer, default 1 MiB): larger request bodies get 413.
/// - `requestsPerSecond` (default 20) / `burst` (default 60): each non-loopback client's rate limit.
/// - `limitLoopback` (boolean, default false): apply the rate limit to this machine's clients too.
package struct ServerConfiguration: Sendable {
    package var host: String
    package var port: Int
    package var maxRequestBytes: Int
    package var requestsPerSecond: Double
    package var burst: Int
    package var limitLoopback: Bool

    package init(
        host: String = "127.0.0.1", port: Int = 8080, maxRequestBytes: Int = 1 << 20, requestsPerSecond: Double = 20,
        burst: Int = 60, limitLoopback: Bool = false
    ) {
        self.host = host
        self.port = port
        self.maxRequestBytes = maxRequestBytes
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.limitLoopback = limitLoopback
    }
}

/// The ContractWatch web application: JSON API, HTML pages and Atom feeds over `store`.
/// - Parameters:
///   - services: Services to run beside the server (a sync service), shut down with it.
/// - Throws: If the page templates do not compile (a build defect, caught by the tests).
package func buildApplication(
    store: any RecordStore, configuration: ServerConfiguration, logger: Logger, services: [any Service] = []
) throws -> some ApplicationProtocol {
    Application(
        router: try buildRouter(store: store, configuration: configuration, logger: logger),
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
            limitLoopback: configuration.limitLoopback))
    router.add(middleware: MethodNotAllowedMiddleware())
    router.get("healthz") { _, _ in
        Response.json(try await ServiceStatus.read(from: store, runs: 1).json)
    }
    router.get("openapi.json") { _, _ in Response.json(OpenAPIDocument.json) }
    APIController(store: store, maxRequestBytes: configuration.maxRequestBytes).register(on: router)
    try PagesController(store: store).register(on: router)
    FeedsController(store: store).register(on: router)
    return router
}

/// Builds the application with the alert delivery service and runs both until SIGINT or
/// SIGTERM, then shuts down gracefully.
/// - Parameters:
///   - services: More services to run beside the server and the webhook delivery (a sync).
package func runServer(
    store: any RecordStore, configuration: ServerConfiguration, logger: Logger, services: [any Service] = []
) async throws {
    try await buildApplication(
        store: store, configuration: configuration, logger: logger,
        services: [AlertDeliveryService(store: store, logger: logger)] + services
    ).runService()
}
