import ContractWatchCore
import ContractWatchSync
import Foundation
import Synchronization

/// Shows ingest progress on standard error: a redrawn bar on a terminal, plain lines every few
/// seconds otherwise (logs and CI), nothing for runs shorter than that.
final class ProgressReporter: Sendable {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let start = Date()
    private let drawn = Mutex<(last: Date, any: Bool)>((Date.distantPast, false))

    /// Draws `progress` if enough time has passed since the last drawing.
    func report(_ progress: IngestProgress) {
        let now = Date()
        let (lastDraw, drewBar) = drawn.withLock { $0 }
        let interval: TimeInterval = isTerminal ? 0.1 : 5
        let finished = progress.filesDone == progress.filesTotal
        guard now.timeIntervalSince(lastDraw) >= interval || (finished && drewBar) else { return }
        guard isTerminal || now.timeIntervalSince(start) >= interval else { return }
        drawn.withLock { $0.last = now }
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let fraction = progress.bytesTotal > 0 ? Double(progress.bytesDone) / Double(progress.bytesTotal) : 1
        let rate = Int(Double(progress.entries) / elapsed)
        let counts =
            "\(progress.filesDone)/\(progress.filesTotal) files, \(progress.entries) entries, \(rate) entries/s"
        if isTerminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(Int(fraction * 100))% \(counts)\u{1B}[K".utf8))
            drawn.withLock { $0.any = true }
        } else {
            printError("ingest: \(Int(fraction * 100))% \(counts)")
        }
    }

    /// Ends the progress line so the summary starts on its own line.
    func finish() {
        if drawn.withLock({ $0.any }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// Shows sync progress on standard error: a redrawn line on a terminal, a line every few
/// seconds otherwise.
final class SyncProgressReporter: Sendable {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let drawn = Mutex<(last: Date, any: Bool)>((Date.distantPast, false))

    func report(_ progress: SyncProgress) {
        let now = Date()
        let interval: TimeInterval = isTerminal ? 0.1 : 5
        let due = drawn.withLock { state in
            guard now.timeIntervalSince(state.last) >= interval else { return false }
            state.last = now
            state.any = state.any || isTerminal
            return true
        }
        guard due else { return }
        let line =
            "sync: window \(progress.window) (\(progress.windowsDone + 1)/\(progress.windowsTotal)), "
            + "page \(progress.pagesDone)/\(progress.pagesTotal), \(progress.entries) entries"
        if isTerminal {
            FileHandle.standardError.write(Data("\r\(line)\u{1B}[K".utf8))
        } else {
            printError(line)
        }
    }

    /// Ends the progress line so the summary starts on its own line.
    func finish() {
        if drawn.withLock({ $0.any }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
