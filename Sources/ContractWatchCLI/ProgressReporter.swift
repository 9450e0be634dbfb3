import ContractWatchCore
import ContractWatchSync
import Foundation
import Synchronization

/// One line of progress on standard error, for long work: redrawn in place on a terminal every
/// tenth of a second, printed as a line of its own every five seconds otherwise (logs and CI),
/// and nothing for work that ends before the first of those five seconds.
final class ProgressLine: Sendable {
    /// Whether standard error is a terminal, where the line is redrawn in place.
    let isTerminal = isatty(STDERR_FILENO) == 1
    /// When the work began.
    let start = Date()
    private let drawn = Mutex<(last: Date, any: Bool)>((Date.distantPast, false))

    /// Shows the line `text` makes if it is due, or if `final` and a line is already showing (so
    /// that a redrawn line ends on the finished figures); `text` is not called otherwise.
    func show(final: Bool = false, _ text: () -> String) {
        let now = Date()
        let interval: TimeInterval = isTerminal ? 0.1 : 5
        let due = drawn.withLock { state in
            guard now.timeIntervalSince(state.last) >= interval || (final && state.any && isTerminal),
                isTerminal || now.timeIntervalSince(start) >= interval
            else { return false }
            state.last = now
            state.any = true
            return true
        }
        guard due else { return }
        if isTerminal {
            FileHandle.standardError.write(Data("\r\(text())\u{1B}[K".utf8))
        } else {
            printError(text())
        }
    }

    /// Ends a redrawn line so that what follows starts on its own line.
    func finish() {
        if isTerminal, drawn.withLock({ $0.any }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// Shows ingest progress: a bar on a terminal, plain lines otherwise (``ProgressLine``).
final class ProgressReporter: Sendable {
    private let line = ProgressLine()

    func report(_ progress: IngestProgress) {
        line.show(final: progress.filesDone == progress.filesTotal) {
            let elapsed = max(Date().timeIntervalSince(line.start), 0.001)
            let fraction = progress.bytesTotal > 0 ? Double(progress.bytesDone) / Double(progress.bytesTotal) : 1
            let rate = Int(Double(progress.entries) / elapsed)
            var counts =
                "\(Int(fraction * 100))% \(progress.filesDone)/\(progress.filesTotal) files, "
                + "\(progress.entries) entries, \(rate) entries/s"
            if progress.contractsToClassify > 0 {
                counts += ", \(progress.contractsToClassify) contracts to classify"
            }
            guard line.isTerminal else { return "ingest: \(counts)" }
            let width = 30
            let filled = Int(fraction * Double(width))
            return "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                + "] \(counts)"
        }
    }

    func finish() { line.finish() }
}

/// Shows sync progress by window and page (``ProgressLine``).
final class SyncProgressReporter: Sendable {
    private let line = ProgressLine()

    func report(_ progress: SyncProgress) {
        line.show {
            "sync: window \(progress.window) (\(progress.windowsDone + 1)/\(progress.windowsTotal)), "
                + "page \(progress.pagesDone)/\(progress.pagesTotal), \(progress.entries) entries"
        }
    }

    func finish() { line.finish() }
}
