package import Foundation

extension Process {
    /// Waits for the process to end without holding a thread. Tests share Swift's cooperative
    /// pool, which has one thread a core (two on CI): a test blocked in `waitUntilExit()` stalls the
    /// loopback servers and clients of every other test running beside it.
    package func waitForExit() async {
        while isRunning {
            do {
                try await Task.sleep(for: .milliseconds(20))
            } catch {
                break
            }
        }
        waitUntilExit()
    }
}
