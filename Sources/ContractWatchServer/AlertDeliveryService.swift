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
package struct AlertDeliveryService: Service {
    let store: any AlertStore
    let logger: Logger
    let interval: Duration

    package init(store: any AlertStore, logger: Logger, interval: Duration = .seconds(5)) {
        self.store = store
        self.logger = logger
        self.interval = interval
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
        var accepted = 0
        for delivery in try await store.dueDeliveries(at: IngestPipeline.timestamp(now), limit: 100) {
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
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                if !(200..<300).contains(Int(response.status.code)) { failure = "HTTP \(response.status.code)" }
            } catch {
                failure = "\(error)"
            }
            let attempts = delivery.attempts + 1
            let next =
                failure == nil || attempts >= 10
                ? nil : IngestPipeline.timestamp(now.addingTimeInterval(min(30 * pow(2, Double(attempts - 1)), 21_600)))
            try await store.recordAttempt(
                alertID: delivery.alert.id, webhookID: delivery.webhookID, delivered: failure == nil, error: failure,
                nextAttempt: next, at: IngestPipeline.timestamp(now))
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
