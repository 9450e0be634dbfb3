import ContractWatchServer
import FPDS
import Foundation
import TestSupport
import Testing

/// `HTML.escape`, which every page, SVG chart and Atom feed uses, emits only what XML 1.0 allows,
/// whatever a stored record holds.
@Suite(.timeLimit(.minutes(1)))
struct HTMLEscapeTests {
    /// Every code point of the BMP but the surrogates, and a sample of the supplementary planes.
    static let everyCharacter: String = {
        var scalars = String.UnicodeScalarView()
        for value in UInt32(0)...0xFFFF {
            if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
        }
        for value in stride(from: UInt32(0x10000), through: 0x10FFFF, by: 0x1FF) {
            if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
        }
        for value: UInt32 in [0x1FFFE, 0x1FFFF, 0x10FFFE, 0x10FFFF] {
            if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
        }
        return String(scalars)
    }()

    /// XML 1.0's `Char` production (section 2.2).
    static func isXMLChar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    @Test func escapesMarkupAndReplacesWhatXMLForbids() {
        #expect(HTML.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(HTML.escape("tab\tlf\ncr\r") == "tab\tlf\ncr\r")
        #expect(
            HTML.escape("\u{0}\u{1B}[2J\u{7F}\u{9B}\u{FFFE}\u{FFFF}x")
                == "\u{FFFD}\u{FFFD}[2J\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}x")
        #expect(HTML.escape("\r\n") == "\r\n")
        #expect(HTML.escape("café 🇺🇸 €") == "café 🇺🇸 €")
        // Neighbours of the refused byte sequences stay: U+00A0 (C2 A0), U+FFFD (EF BF BD), U+EFFF.
        #expect(
            HTML.escape("\u{80}é\u{9F}\u{A0}\u{FFFD}\u{EFFF}\u{FFFE}'")
                == "\u{FFFD}é\u{FFFD}\u{A0}\u{FFFD}\u{EFFF}\u{FFFD}&#39;")
    }

    @Test func outputOfEveryCharacterIsLegalXML() {
        let escaped = HTML.escape(Self.everyCharacter)
        #expect(escaped.unicodeScalars.allSatisfy(Self.isXMLChar))
        #expect(!escaped.contains("<") && !escaped.contains(">") && !escaped.contains("\""))
    }

    @Test func xmllintReadsTheEscapedTextInElementsAndAttributes() async throws {
        // Given every character in an attribute value and in element content,
        let text = HTML.escape(Self.everyCharacter)
        let document = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title type="text" label="\(text)">\(text)</title></feed>

            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("html-escape-\(UUID().uuidString).xml")
        try Data(document.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        // when libxml2 reads the document,
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        process.arguments = ["--noout", file.path]
        let errors = Pipe()
        process.standardError = errors
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint") else {
            Issue.record("xmllint is not installed (apt-get install libxml2-utils)")
            return
        }
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        await process.waitForExit()
        // then it is well-formed.
        #expect(process.terminationStatus == 0, "\(String(decoding: message, as: UTF8.self).prefix(2000))")
    }

    @Test func xmllintRejectsTheUnescapedText() async throws {
        // The check above is only worth something if xmllint refuses what the escape removes.
        let document = "<?xml version=\"1.0\"?><r>\u{1B}</r>\n"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("html-raw-\(UUID().uuidString).xml")
        try Data(document.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint") else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        process.arguments = ["--noout", file.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        await process.waitForExit()
        #expect(process.terminationStatus != 0)
    }
}
