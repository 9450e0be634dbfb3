import ContractWatchCore
import ContractWatchServer
import ContractWatchStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import TestSupport
import Testing

/// Alerts over real HTTP: a receiver on loopback gets each alert once, signed, and a failing one
/// is retried later.
@Suite(.timeLimit(.minutes(3)))
struct AlertDeliveryTests {
    /// What a receiver was sent: alert id, signature, body.
    final class Received: Sendable {
        let posts = Mutex<[(alert: String, signature: String, body: String)]>([])
    }

    /// A webhook receiver that records what it is sent and answers with `status`.
    private static func receiver(status: HTTPResponse.Status, into log: Received) -> some ApplicationProtocol {
        let router = Router()
        router.post("hook") { request, _ in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
            log.posts.withLock {
                $0.append(
                    (
                        Self.header(request, "X-ContractWatch-Alert"),
                        Self.header(request, "X-ContractWatch-Signature"), body
                    ))
            }
            return Response(status: status)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    private static func header(_ request: Request, _ name: String) -> String {
        HTTPField.Name(name).flatMap { request.headers[$0] } ?? ""
    }

    @Test func eachAlertIsPostedOnceSignedAndFailuresWait() async throws {
        let received = Received()
        try await Self.receiver(status: .ok, into: received).test(.live) { client in
            let port = try #require(client.port)
            // Given a subscription to the spyware list, then the Paragon records ingested
            let store = try SQLiteStore.inMemory()
            let time = try #require(Timestamp("2026-11-25T00:00:00Z"))
            try await WatchlistService(store: store).installBuiltIns(at: time)
            _ = try await store.saveWebhook(
                url: "http://127.0.0.1:\(port)/hook", watchlist: "commercial-spyware", secret: "s3cret",
                at: time)
            _ = try await IngestPipeline(store: store).run(paths: [TestData.sample("reconstructed").path])
            let alerts = try await store.alerts(watchlist: nil, since: nil, limit: 100)
            #expect(alerts.contains { $0.event.type == .stopWorkLifted && $0.entryID == "paragon-solutions-us" })

            // When the outbox is delivered twice (to loopback, which takes the flag)
            let service = AlertDeliveryService(
                store: store, logger: Logger(label: "test"), targets: WebhookTargetPolicy(allowsPrivateTargets: true))
            #expect(try await service.deliverDue() == alerts.count)
            #expect(try await service.deliverDue() == 0)

            // Then every alert arrived once, with a signature the receiver can check
            let log = received.posts.withLock { $0 }
            #expect(log.count == alerts.count)
            #expect(Set(log.map(\.0)) == Set(alerts.map(\.id)))
            for (_, signature, body) in log {
                #expect(signature == WebhookSignature.sign(body, secret: "s3cret"))
            }
            let lift = try #require(log.first { $0.2.contains("\"type\":\"stop_work_lifted\"") })
            #expect(lift.2.contains("\"entryID\":\"paragon-solutions-us\""))
            // The body is the alert with its citation pack, as /api/alerts/{id} and `alerts show` give it
            let cited = try #require(try await store.citing(alerts.filter { $0.id == lift.0 }).first)
            #expect(cited.citation?.timeline.contains("lifted 2025-08-29") == true)
            #expect(cited.json == lift.2)

            // and re-ingesting creates no new alert
            _ = try await IngestPipeline(store: store).run(paths: [TestData.sample("reconstructed").path])
            #expect(try await store.alerts(watchlist: nil, since: nil, limit: 100).count == alerts.count)
        }

        let refused = Received()
        try await Self.receiver(status: .internalServerError, into: refused).test(.live) { client in
            let store = try SQLiteStore.inMemory()
            let time = try #require(Timestamp("2026-11-25T00:00:00Z"))
            try await WatchlistService(store: store).installBuiltIns(at: time)
            _ = try await store.saveWebhook(
                url: "http://127.0.0.1:\(try #require(client.port))/hook", watchlist: nil, secret: "x",
                at: time)
            _ = try await IngestPipeline(store: store).run(paths: [TestData.sample("reconstructed").path])
            let service = AlertDeliveryService(
                store: store, logger: Logger(label: "test"), targets: WebhookTargetPolicy(allowsPrivateTargets: true))
            #expect(try await service.deliverDue() == 0)
            let hook = try #require(try await store.webhooks().first)
            #expect(hook.delivered == 0 && hook.pending > 0)
            // Not due again until the back-off has passed.
            #expect(try await service.deliverDue() == 0)
            #expect(refused.posts.withLock { $0.count } == hook.pending)
        }
    }

    @Test func withoutTheFlagNothingIsPostedToALoopbackReceiver() async throws {
        let received = Received()
        try await Self.receiver(status: .ok, into: received).test(.live) { client in
            let port = try #require(client.port)
            // Given subscriptions on loopback, by address and by a name that resolves to it
            let store = try SQLiteStore.inMemory()
            let time = try #require(Timestamp("2026-11-25T00:00:00Z"))
            try await WatchlistService(store: store).installBuiltIns(at: time)
            for host in ["127.0.0.1", "127.1"] {
                _ = try await store.saveWebhook(
                    url: "http://\(host):\(port)/hook", watchlist: nil, secret: "x", at: time)
            }
            _ = try await IngestPipeline(store: store).run(paths: [TestData.sample("reconstructed").path])

            // When the outbox is delivered under the default policy
            let service = AlertDeliveryService(store: store, logger: Logger(label: "test"))
            #expect(try await service.deliverDue() == 0)

            // Then the receiver got nothing, and every delivery waits as failed, not delivered
            #expect(received.posts.withLock { $0.isEmpty })
            let hooks = try await store.webhooks()
            #expect(hooks.count == 2)
            #expect(hooks.allSatisfy { $0.delivered == 0 && $0.pending > 0 })
        }
    }
}
