import AsyncHTTPClient
package import ContractWatchCore
package import Foundation
package import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Posts queued alerts to their webhooks, at least once each, until they are accepted (any 2xx).
///
/// Deliveries follow Standard Webhooks: each POST carries `webhook-id` (the alert's id, the same on
/// every attempt, for de-duplication), `webhook-timestamp` (the attempt's time, in seconds) and
/// `webhook-signature` (``WebhookSignature``). The body is the alert as JSON (``Alert/json``), or
/// ``SlackMessage`` for a subscription in the Slack format. A failure (not 2xx, or no answer within
/// `timeout`) is retried after 30 s, doubling up to 6 h; after 10 attempts the delivery is marked
/// failed. The queue is in the store, so a restart loses nothing.
///
/// Each alert is one delivery, even when one modification yields several (one per event of the
/// action and per entry it matched): each has its own id to de-duplicate and to withdraw, and
/// receivers that group can group on the contract in the body.
///
/// Before each POST the target's host is resolved and checked against `targets`
/// (``WebhookTargetPolicy``); a refused target is a failed attempt, retried like any other, since
/// its name may resolve elsewhere later. Redirects are not followed.
package struct AlertDeliveryService: Service {
    let store: any RecordStore
    let logger: Logger
    let interval: Duration
    let targets: WebhookTargetPolicy
    let pages: String
    let timeout: Duration

    /// - Parameters:
    ///   - store: The outbox.
    ///   - logger: Where failed attempts are logged.
    ///   - interval: How long a pass waits after the one before.
    ///   - targets: Which addresses may receive.
    ///   - pages: The scheme, host and port of this server's pages, which Slack messages link to.
    ///   - timeout: How long an attempt waits for the receiver's answer.
    package init(
        store: any RecordStore, logger: Logger, interval: Duration = .seconds(5),
        targets: WebhookTargetPolicy = WebhookTargetPolicy(), pages: String = "http://127.0.0.1:8080",
        timeout: Duration = .seconds(10)
    ) {
        self.store = store
        self.logger = logger
        self.interval = interval
        self.targets = targets
        self.pages = pages
        self.timeout = timeout
    }

    package func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await deliverDue()
            } catch {
                logger.error("alert delivery pass failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// One pass over the deliveries that are due. - Returns: How many were accepted.
    @discardableResult
    package func deliverDue(now: Date = Date()) async throws -> Int {
        // Each body carries its alert's citation pack.
        let due = try await store.citing(try await store.dueDeliveries(at: Timestamp(now), limit: 100))
        guard !due.isEmpty else { return 0 }
        // A redirect would let a public target hand the POST on to a private address.
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        do {
            let accepted = try await deliver(due, with: client, now: now)
            try await client.shutdown()
            return accepted
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func deliver(_ due: [PendingDelivery], with client: HTTPClient, now: Date) async throws -> Int {
        var accepted = 0
        for delivery in due {
            let body =
                switch delivery.format {
                case .json: delivery.alert.json
                case .slack: SlackMessage.body(for: delivery.alert, base: pages)
                }
            // The attempt's own time, not `now` (the pass's clock for scheduling): receivers
            // refuse a timestamp far from theirs.
            let timestamp = Int64(Date().timeIntervalSince1970)
            var request = HTTPClientRequest(url: delivery.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "ContractWatch")
            request.headers.add(name: "webhook-id", value: delivery.alert.id)
            request.headers.add(name: "webhook-timestamp", value: "\(timestamp)")
            request.headers.add(
                name: "webhook-signature",
                value: WebhookSignature.sign(body, id: delivery.alert.id, timestamp: timestamp, secret: delivery.secret)
            )
            request.body = .bytes(ByteBuffer(string: body))
            var failure: String?
            if let url = URL(string: delivery.url),
                let refusal = await targets.refusal(for: url, requireResolution: true)
            {
                failure = "refused: the target \(refusal)"
            } else {
                do {
                    let response = try await client.execute(request, timeout: TimeAmount(timeout))
                    if !(200..<300).contains(Int(response.status.code)) { failure = "HTTP \(response.status.code)" }
                } catch {
                    failure = "\(error)"
                }
            }
            let attempts = delivery.attempts + 1
            let next =
                failure == nil || attempts >= 10
                ? nil : Timestamp(now.addingTimeInterval(min(30 * pow(2, Double(attempts - 1)), 21_600)))
            try await store.recordAttempt(
                alertID: delivery.alert.id, webhookID: delivery.webhookID, delivered: failure == nil, error: failure,
                nextAttempt: next, at: Timestamp(now))
            if let failure {
                // The URL is the subscriber's; the secret never reaches the log.
                logger.warning(
                    "webhook delivery failed",
                    metadata: [
                        "alert": "\(delivery.alert.id)", "webhook": "\(delivery.webhookID)", "error": "\(failure)",
                    ])
            } else {
                accepted += 1
            }
        }
        return accepted
    }
}
