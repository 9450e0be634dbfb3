import ContractWatchCore
import ContractWatchServer
import ContractWatchStorage
import Foundation
import HummingbirdTesting
import Logging
import TestSupport

/// One store of the real samples, ingested once for the server suites that read it (they add only
/// their own tokens and watchlists), and a live server over it.
enum SampleServer {
    static let store = Task { () throws -> SQLiteStore in
        let store = try SQLiteStore.inMemory()
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
        return store
    }

    /// Runs `body` against the server on a loopback port (HummingbirdTesting `.live`).
    static func withServer(
        _ configuration: ServerConfiguration = ServerConfiguration(port: 0),
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let app = try buildApplication(
            store: try await store.value, configuration: configuration, logger: Logger(label: "test"))
        try await app.test(.live, body)
    }
}
