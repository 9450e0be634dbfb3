import ArgumentParser
import ContractWatchCore
import ContractWatchServer
import ContractWatchSync
import Foundation
import Logging
import ServiceLifecycle

/// `contractwatch serve [--host 127.0.0.1] [--port 8080] [--public-url URL] [--trusted-proxy ADDRESS]…`
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web pages, the JSON API and the Atom feeds.",
        discussion: """
            Binds to 127.0.0.1 (this machine only) unless --host says otherwise. Reads are open; writes \
            (watchlists, judgements) need a token from `contractwatch token create`. Stops cleanly on SIGINT \
            or SIGTERM. The API is described at /openapi.json.

            On a network: every client is rate-limited, this machine's too. Behind a reverse proxy, name it \
            with --trusted-proxy so that the client it names in X-Forwarded-For is the one limited, and give \
            --public-url so that feed links point at the proxy (links never come from the Host header). \
            Webhooks may only target public addresses unless --allow-private-webhook-targets is given.
            """)

    @OptionGroup var options: StoreOptions

    @Option(help: "The address to listen on. 0.0.0.0 exposes the server to the network.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: "Requests a second each client may make on average, in bursts of three times as many.")
    var rateLimit = 20

    @Option(
        help: ArgumentHelp(
            "The URL clients reach this server at, e.g. https://watch.example.org; feed links start with it "
                + "(default: the address a connection arrived at).", valueName: "url"))
    var publicURL: String?

    @Option(
        help: ArgumentHelp(
            "A reverse proxy's address whose X-Forwarded-For names the client (repeatable).",
            valueName: "address"))
    var trustedProxy: [String] = []

    @Option(help: ArgumentHelp("Seconds a request's line and headers may take to arrive.", valueName: "seconds"))
    var headerTimeout = 10

    @Option(help: ArgumentHelp("Seconds a connection may stay silent before it is closed.", valueName: "seconds"))
    var idleTimeout = 60

    @Flag(help: "Let webhooks post to loopback, private, link-local and other non-public addresses.")
    var allowPrivateWebhookTargets = false

    @Flag(
        help: """
            Never write the store: for a read-only database role or a replica. Writes get 405; webhooks \
            and the built-in watchlists are left to the process that ingests.
            """)
    var readOnly = false

    @Option(
        help: ArgumentHelp(
            "Also sync now and then every interval, e.g. 6h, 30m, 1d (the sync options below apply).",
            valueName: "interval"))
    var syncEvery: String?

    @OptionGroup(title: "Sync (with --sync-every)") var sync: SyncOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be from 1 to 65535.") }
        guard rateLimit > 0 else { throw ValidationError("--rate-limit must be at least 1.") }
        guard headerTimeout > 0, idleTimeout > 0 else {
            throw ValidationError("--header-timeout and --idle-timeout must be at least 1 second.")
        }
        if let publicURL {
            guard let url = URL(string: publicURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host?.isEmpty == false, url.query == nil, url.fragment == nil
            else {
                throw ValidationError("--public-url must be an http or https URL like https://watch.example.org.")
            }
        }
        for proxy in trustedProxy where IPAddress(proxy) == nil {
            throw ValidationError("--trusted-proxy takes an IP address such as 127.0.0.1, not “\(proxy)”.")
        }
        if readOnly && syncEvery != nil {
            throw ValidationError("--sync-every writes the store; a --read-only server cannot sync.")
        }
        if let syncEvery, Self.interval(syncEvery) == nil {
            throw ValidationError("--sync-every takes an interval like 6h, 30m, 90s or 1d, not “\(syncEvery)”.")
        }
    }

    func run() async throws {
        options.bootstrapLogging()
        try await options.withStore { store in try await serve(store) }
    }

    private func serve(_ store: any RecordStore) async throws {
        if !readOnly { try await WatchlistService(store: store).installBuiltIns(at: .now) }
        var logger = Logger(label: "contractwatch.server")
        logger.logLevel = options.logLevel.level
        printError("Serving \(try options.location()) on http://\(host):\(port)/")
        let configuration = ServerConfiguration(
            host: host, port: port, publicURL: publicURL, requestsPerSecond: Double(rateLimit), burst: rateLimit * 3,
            trustedProxies: trustedProxy, headerTimeout: .seconds(headerTimeout), idleTimeout: .seconds(idleTimeout),
            allowsPrivateWebhookTargets: allowPrivateWebhookTargets, readOnly: readOnly)
        var services: [any Service] = []
        if let syncEvery, let interval = Self.interval(syncEvery) {
            let sync = self.sync
            let source = try sync.pagedSource()
            var syncLogger = Logger(label: "contractwatch.sync")
            syncLogger.logLevel = options.logLevel.level < .info ? options.logLevel.level : .info
            printError("Syncing \(source.endpoint) every \(syncEvery)")
            services.append(
                SyncService(interval: interval, logger: syncLogger) { [syncLogger] in
                    try await PageFetcher.with(configuration: sync.fetcherConfiguration(), logger: syncLogger) {
                        fetcher in
                        let engine = SourceSync(
                            store: store, source: source, fetcher: fetcher, concurrency: sync.concurrency,
                            logger: syncLogger)
                        return try await engine.run(try await sync.plan(for: engine))
                    }
                })
        }
        try await runServer(store: store, configuration: configuration, logger: logger, services: services)
    }

    /// `6h`, `30m`, `90s`, `1d`.
    static func interval(_ text: String) -> Duration? {
        guard let unit = text.last, let value = Int(text.dropLast()), value > 0 else { return nil }
        switch unit {
        case "s": return .seconds(value)
        case "m": return .seconds(value * 60)
        case "h": return .seconds(value * 3600)
        case "d": return .seconds(value * 86_400)
        default: return nil
        }
    }
}

/// `contractwatch token create NAME`: a secret for the API's write endpoints.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens for writes (watchlists, judgements).",
        subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print its secret once; only its SHA-256 is stored.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "Who or what the token is for (kept with judgements made with it).") var name: String

        func run() async throws {
            options.bootstrapLogging()
            let store = try await options.openStore()
            let secret = APIToken.generate()
            try await store.saveToken(
                name: name, secretHash: APIToken.hash(secret), at: .now)
            printError("Created token '\(name)'. Send it as 'Authorization: Bearer <secret>'; it is not shown again.")
            print(secret)
        }
    }
}
