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
    /// What a receiver was sent: the Standard Webhooks headers and the body.
    final class Received: Sendable {
        let posts = Mutex<[(id: String, timestamp: String, signature: String, body: String)]>([])
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
                        Self.header(request, "webhook-id"), Self.header(request, "webhook-timestamp"),
                        Self.header(request, "webhook-signature"), body
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
                url: "http://127.0.0.1:\(port)/hook", watchlist: "commercial-spyware", format: .json,
                secret: "whsec_c2VjcmV0LWtleS1ieXRlcw==", at: time)
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
            #expect(Set(log.map(\.id)) == Set(alerts.map(\.id)))
            for post in log {
                let timestamp = try #require(Int64(post.timestamp))
                #expect(abs(Date().timeIntervalSince1970 - Double(timestamp)) < 60)
                #expect(
                    post.signature
                        == WebhookSignature.sign(
                            post.body, id: post.id, timestamp: timestamp, secret: "whsec_c2VjcmV0LWtleS1ieXRlcw=="))
            }
            let lift = try #require(log.first { $0.body.contains("\"type\":\"stop_work_lifted\"") })
            #expect(lift.body.contains("\"entryID\":\"paragon-solutions-us\""))
            // The body is the alert with its citation pack, as /api/alerts/{id} and `alerts show` give it
            let cited = try #require(try await store.citing(alerts.filter { $0.id == lift.id }).first)
            #expect(cited.citation?.timeline.contains("lifted 2025-08-29") == true)
            #expect(cited.json == lift.body)

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
                url: "http://127.0.0.1:\(try #require(client.port))/hook", watchlist: nil, format: .json,
                secret: WebhookSignature.generateSecret(), at: time)
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
                    url: "http://\(host):\(port)/hook", watchlist: nil, format: .json,
                    secret: WebhookSignature.generateSecret(), at: time)
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

    @Test func theSignatureIsStandardWebhooksTestVector() {
        // The example of the Standard Webhooks specification and its reference libraries.
        #expect(
            WebhookSignature.sign(
                #"{"test": 2432232314}"#, id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330,
                secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        let secret = WebhookSignature.generateSecret()
        #expect(secret.hasPrefix("whsec_") && Data(base64Encoded: String(secret.dropFirst(6)))?.count == 32)
    }

    @Test(.enabled(if: ReferenceReceiver.isUsable, ReferenceReceiver.requirement))
    func theReferenceLibraryVerifiesEveryDeliveryThroughFailuresAndRejectsReplays() async throws {
        // Given a receiver that answers 500, then times out, then 503, before it accepts
        let secret = WebhookSignature.generateSecret()
        let receiver = try await ReferenceReceiver(secret: secret, failing: ["500", "timeout", "503"])
        let store = try SQLiteStore.inMemory()
        let time = try #require(Timestamp("2026-11-25T00:00:00Z"))
        try await WatchlistService(store: store).installBuiltIns(at: time)
        _ = try await store.saveWebhook(
            url: receiver.url, watchlist: "commercial-spyware", format: .json, secret: secret, at: time)
        _ = try await IngestPipeline(store: store).run(paths: [TestData.sample("reconstructed").path])
        let alerts = try await store.alerts(watchlist: nil, since: nil, limit: 100)
        #expect(alerts.count > 3)

        // When the outbox is delivered, and again once the back-off has passed
        let service = AlertDeliveryService(
            store: store, logger: Logger(label: "test"), targets: WebhookTargetPolicy(allowsPrivateTargets: true),
            timeout: .seconds(5))
        #expect(try await service.deliverDue() == alerts.count - 3)
        #expect(try await service.deliverDue(now: Date().addingTimeInterval(3_600)) == 3)
        #expect(try await service.deliverDue(now: Date().addingTimeInterval(7_200)) == 0)

        // Then the library verified every request, the retries included, and each alert arrived
        // under its own id, the three that failed twice with the same id
        let requests = try receiver.requests()
        #expect(requests.count == alerts.count + 3)
        #expect(requests.allSatisfy { $0.verified })
        #expect(Set(requests.map(\.id)) == Set(alerts.map(\.id)))
        let failed = requests.filter { $0.answer != "ok" }.map(\.id)
        #expect(failed.count == 3 && Set(failed).count == 3)
        for id in failed {
            #expect(requests.filter { $0.id == id }.map(\.answer).last == "ok")
        }
        // and it refuses each delivery tampered with, replayed ten minutes on, or re-stamped
        #expect(requests.allSatisfy { $0.tamperedRejected && $0.replayRejected && $0.freshTimestampRejected })
        let hook = try #require(try await store.webhooks().first)
        #expect(hook.delivered == alerts.count && hook.pending == 0 && hook.failed == 0)
        // and the body it verified is the alert with its citation pack
        let lift = try #require(try await store.citing(alerts.filter { $0.event.type == .stopWorkLifted }).first)
        #expect(lift.citation != nil)
        #expect(requests.first { $0.id == lift.id }?.body == lift.json)
        await receiver.stop()
    }

    @Test(.enabled(if: ReferenceReceiver.isUsable, ReferenceReceiver.requirement))
    func aSubscriptionFromBeforeWhsecSecretsGetsSlackMessagesItCanVerify() async throws {
        // Given a subscription made before `whsec_` secrets (its key is the secret's bytes), in
        // the Slack format
        let secret = "cw_" + String(repeating: "5e", count: 32)
        let receiver = try await ReferenceReceiver(secret: secret, rawKey: true, failing: [])
        let store = try SQLiteStore.inMemory()
        let time = try #require(Timestamp("2026-11-25T00:00:00Z"))
        try await WatchlistService(store: store).installBuiltIns(at: time)
        _ = try await store.saveWebhook(
            url: receiver.url, watchlist: "commercial-spyware", format: .slack, secret: secret, at: time)
        _ = try await IngestPipeline(store: store).run(paths: [TestData.sample("reconstructed").path])
        let alerts = try await store.alerts(watchlist: nil, since: nil, limit: 100)

        // When the outbox is delivered
        let service = AlertDeliveryService(
            store: store, logger: Logger(label: "test"), targets: WebhookTargetPolicy(allowsPrivateTargets: true),
            pages: "https://watch.example.org")
        #expect(try await service.deliverDue() == alerts.count)

        // Then each is a verified {"text": …} naming the event, vendor, agency, contract and a link
        let requests = try receiver.requests()
        #expect(requests.count == alerts.count && requests.allSatisfy { $0.verified })
        let lift = try #require(alerts.first { $0.event.type == .stopWorkLifted })
        let body = try #require(requests.first { $0.id == lift.id }?.body)
        let message = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String]
        let text = try #require(message?["text"])
        #expect(message?.count == 1)
        for part in [
            "*stop_work_lifted*", "Paragon Solutions (US) Inc.", "agency \(lift.event.action.agencyID)",
            lift.event.action.piid, "<https://watch.example.org/contracts/\(lift.event.action.agencyID)/",
        ] {
            #expect(text.contains(part), "\(part) is missing from \(text)")
        }
        await receiver.stop()
    }
}

/// `scripts/webhook-receiver.py`: a receiver on loopback that checks each delivery with the
/// Standard Webhooks reference library (PyPI `standardwebhooks`) and logs what it found.
struct ReferenceReceiver {
    /// One request, as the receiver logged it.
    struct Request: Decodable {
        var headers: [String: String]
        var body: String
        var verified: Bool
        var tamperedRejected: Bool
        var replayRejected: Bool
        var freshTimestampRejected: Bool
        var answer: String
        var id: String { headers["webhook-id"] ?? "" }
    }

    static let requirement: Comment =
        "needs python3 with the PyPI package standardwebhooks (pip install standardwebhooks); with CI set, its absence fails"

    /// Whether python3 can import the library; on CI the tests run regardless, and fail without it.
    static let isUsable: Bool = {
        if ProcessInfo.processInfo.environment["CI"] != nil { return true }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import standardwebhooks"]
        probe.standardError = FileHandle.nullDevice
        // Probed once, from a synchronous trait: a blocking wait is all there is.
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    let process = Process()
    let directory: URL
    let url: String

    /// Starts the receiver and waits until it listens.
    /// - Parameters:
    ///   - secret: The subscription's secret.
    ///   - rawKey: The secret's UTF-8 bytes are the key (a subscription from before `whsec_`).
    ///   - failing: How the first requests are answered: `500`, `503`, `timeout`.
    /// - Throws: If it cannot start, or does not listen within ten seconds.
    init(secret: String, rawKey: Bool = false, failing: [String]) async throws {
        directory = try TestData.temporaryDirectory()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", TestData.projectRoot.appendingPathComponent("scripts/webhook-receiver.py").path,
                "--secret", secret, "--port-file", directory.appendingPathComponent("port").path,
                "--log", directory.appendingPathComponent("log.jsonl").path, "--fail", failing.joined(separator: ","),
                // Well past the sender's 5 s, so that only the planned timeout is one on a busy machine.
                "--hang", "12",
                // A test that fails before `stop()` leaves it to end itself.
                "--lifetime", "120",
            ] + (rawKey ? ["--raw-secret"] : [])
        try process.run()
        let portFile = directory.appendingPathComponent("port")
        for _ in 0..<500 where !FileManager.default.fileExists(atPath: portFile.path) {
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let port = try String(contentsOf: portFile, encoding: .utf8)
        url = "http://127.0.0.1:\(port)/hook"
    }

    /// What it was sent, in order. - Throws: If its log cannot be read.
    func requests() throws -> [Request] {
        let log = try String(contentsOf: directory.appendingPathComponent("log.jsonl"), encoding: .utf8)
        return try log.split(separator: "\n").map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    /// Ends the receiver, without holding one of the test pool's threads while it exits.
    func stop() async {
        process.terminate()
        await process.waitForExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
