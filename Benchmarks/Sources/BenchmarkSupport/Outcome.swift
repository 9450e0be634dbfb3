import Foundation
import Synchronization

/// What a benchmark's measured work returned (events found, actions matched), written to standard
/// error by the benchmark's teardown.
///
/// The benchmark tool silences a benchmark's output while it measures (with `--no-progress`), and
/// a line printed inside the measured closure would be timed; so the closure records, and the
/// teardown, which runs after the output is restored, reports.
public final class Outcome: Sendable {
    private let line = Mutex<String?>(nil)

    /// An outcome with nothing recorded yet.
    public init() {}

    /// Keeps `text` to report, replacing what an earlier iteration recorded.
    /// - Parameter text: The line to report, such as `classify: 1364120 events per run`.
    public func record(_ text: String) {
        line.withLock { $0 = text }
    }

    /// Writes the recorded line, if any, to standard error.
    public func report() {
        if let text = line.withLock({ $0 }) { Self.note(text) }
    }

    /// Writes `text` to standard error at once, beside the tool's tables on standard output; for
    /// setup code, which the tool does not silence.
    /// - Parameter text: The line, without its line break.
    public static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
