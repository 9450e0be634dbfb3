import ArgumentParser
import ContractWatchCore
import ContractWatchServer
import ContractWatchSync
import Foundation
import Logging
import ServiceLifecycle

/// `contractwatch serve [--host 127.0.0.1] [--port 8080]`
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web pages, the JSON API and the Atom feeds.",
        discussion: """
            Binds to 127.0.0.1 (this machine only) unless --host says otherwise. Reads are open; writes \
            (watchlists, judgements) need a token from `contractwatch token create`. Stops cleanly on SIGINT \
            or SIGTERM. The API is described at /openapi.json.
            """)

    @OptionGroup var options: StoreOptions

    @Option(help: "The address to listen on. 0.0.0.0 exposes the server to the network.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: "Requests a second each client may make on average (clients on this machine are not limited).")
    var rateLimit = 20

    @Option(
        help: ArgumentHelp(
            "Also sync now and then every interval, e.g. 6h, 30m, 1d (the sync options below apply).",
            valueName: "interval"))
    var syncEvery: String?

    @OptionGroup(title: "Sync (with --sync-every)") var sync: SyncOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be from 1 to 65535.") }
        guard rateLimit > 0 else { throw ValidationError("--rate-limit must be at least 1.") }
        if let syncEvery, Self.interval(syncEvery) == nil {
            throw ValidationError("--sync-every takes an interval like 6h, 30m, 90s or 1d, not “\(syncEvery)”.")
        }
    }

    func run() async throws {
        options.bootstrapLogging()
        let store = try options.openStore()
        try await WatchlistService(store: store).installBuiltIns(at: IngestPipeline.timestamp(Date()))
        var logger = Logger(label: "contractwatch.server")
        logger.logLevel = options.logLevel.level
        printError("Serving \(try options.databasePath()) on http://\(host):\(port)/")
        let configuration = ServerConfiguration(
            host: host, port: port, requestsPerSecond: Double(rateLimit), burst: rateLimit * 3)
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
            let store = try options.openStore()
            let secret = APIToken.generate()
            try await store.saveToken(
                name: name, secretHash: APIToken.hash(secret), at: IngestPipeline.timestamp(Date()))
            printError("Created token '\(name)'. Send it as 'Authorization: Bearer <secret>'; it is not shown again.")
            print(secret)
        }
    }
}
