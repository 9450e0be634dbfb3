package import Foundation

/// Real sample pages copied several times with their PIIDs prefixed, so every copy holds
/// distinct records with the real pages' sizes and shapes: a larger corpus without invented data.
package enum ReplicatedCorpus {
    /// Writes `copies` copies of every sample XML file below `directory/rNNN/`.
    /// - Returns: The number of files written.
    @discardableResult
    package static func make(copies: Int, in directory: URL) throws -> Int {
        let sources = TestData.xmlFiles(under: TestData.samples.appendingPathComponent("fpds"))
        // `<PIID>` or `<ns1:PIID>`: the opening tag only, so closing tags stay intact.
        let piid = try NSRegularExpression(pattern: "<((?:[A-Za-z0-9_]+:)?PIID)>")
        var written = 0
        for copy in 0..<copies {
            let copyDirectory = directory.appendingPathComponent(String(format: "r%03d", copy))
            for source in sources {
                let text = try String(contentsOf: source, encoding: .utf8)
                let replaced = piid.stringByReplacingMatches(
                    in: text, range: NSRange(text.startIndex..., in: text),
                    withTemplate: String(format: "<$1>R%03d", copy))
                let relative = TestData.relativePath(source).replacingOccurrences(of: "/", with: "_")
                try FileManager.default.createDirectory(at: copyDirectory, withIntermediateDirectories: true)
                try replaced.write(
                    to: copyDirectory.appendingPathComponent(relative), atomically: false, encoding: .utf8)
                written += 1
            }
        }
        return written
    }
}
