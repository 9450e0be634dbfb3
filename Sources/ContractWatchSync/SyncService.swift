package import ContractWatchCore
package import Logging
import ServiceLifecycle

/// Runs a sync now and then every `interval`, beside the web server (`serve --sync-every 6h`).
/// Each run is logged with its totals, and kept in the store's run log that `/healthz` and the
/// status page read; a failed run is logged and the next one comes at the next interval. On
/// shutdown the running sync is cancelled: its stored pages are checkpointed, so the next start
/// resumes there.
package struct SyncService: Service {
    /// One sync run (building its plan afresh, so that each run starts where the last stopped).
    package var sync: @Sendable () async throws -> SyncReport
    package var interval: Duration
    package var logger: Logger

    package init(interval: Duration, logger: Logger, sync: @escaping @Sendable () async throws -> SyncReport) {
        self.sync = sync
        self.interval = interval
        self.logger = logger
    }

    package func run() async throws {
        while !Task.isShuttingDownGracefully {
            logger.info("sync started")
            do {
                let report = try await cancelWhenGracefulShutdown { try await sync() }
                let metadata: Logger.Metadata = [
                    "sync.outcome": "\(report.outcome)", "sync.pages": "\(report.pages)",
                    "sync.newActions": "\(report.newActions)", "sync.newVersions": "\(report.newVersions)",
                    "sync.rejected": "\(report.rejections.count)", "sync.failures": "\(report.failures.count)",
                ]
                if report.failures.isEmpty {
                    logger.info("sync finished", metadata: metadata)
                } else {
                    logger.error(
                        "sync finished with failures: \(report.failures.joined(separator: "; "))", metadata: metadata)
                }
            } catch is CancellationError {
                break
            } catch {
                logger.error("sync failed: \(error)")
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
        }
    }
}
