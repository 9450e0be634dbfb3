import AsyncHTTPClient
package import ContractWatchCore
package import Foundation
package import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Posts queued alerts to their webhooks, at least once each, until they are accepted (any 2xx).
///
/// Each POST carries the alert as JSON, `X-ContractWatch-Alert` (the stable alert id, for
/// de-duplication) and `X-ContractWatch-Signature` (``WebhookSignature``). A failure is retried
/// after 30 s, doubling up to 6 h; after 10 attempts the delivery is marked failed. The queue is
/// in the store, so a restart loses nothing.
///
/// Before each POST the target's host is resolved and checked against `targets`
/// (``WebhookTargetPolicy``); a refused target is a failed attempt, retried like any other, since
/// its name may resolve elsewhere later. Redirects are not followed.
package struct AlertDeliveryService: Service {
    let store: any RecordStore
    let logger: Logger
    let interval: Duration
    let targets: WebhookTargetPolicy

    package init(
        store: any RecordStore, logger: Logger, interval: Duration = .seconds(5),
        targets: WebhookTargetPolicy = WebhookTargetPolicy()
    ) {
        self.store = store
        self.logger = logger
        self.interval = interval
        self.targets = targets
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
            let body = delivery.alert.json
            var request = HTTPClientRequest(url: delivery.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "ContractWatch")
            request.headers.add(name: "X-ContractWatch-Alert", value: delivery.alert.id)
            request.headers.add(
                name: "X-ContractWatch-Signature", value: WebhookSignature.sign(body, secret: delivery.secret))
            request.body = .bytes(ByteBuffer(string: body))
            var failure: String?
            if let url = URL(string: delivery.url),
                let refusal = await targets.refusal(for: url, requireResolution: true)
            {
                failure = "refused: the target \(refusal)"
            } else {
                do {
                    let response = try await client.execute(request, timeout: .seconds(10))
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
