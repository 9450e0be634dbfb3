import Foundation
import Synchronization

/// Buffered writes to standard output: exports print millions of lines.
final class StandardOutput: Sendable {
    private let buffer = Mutex<[UInt8]>([])
    private static let flushThreshold = 1 << 16

    /// Appends `text` and a newline.
    func line(_ text: String) {
        buffer.withLock { bytes in
            bytes.append(contentsOf: text.utf8)
            bytes.append(0x0A)
            if bytes.count >= Self.flushThreshold { Self.write(&bytes) }
        }
    }

    func flush() {
        buffer.withLock { Self.write(&$0) }
    }

    private static func write(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        FileHandle.standardOutput.write(Data(bytes))
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
