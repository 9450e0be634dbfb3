import ContractWatchCore
import Foundation
import Testing

/// `JSONWriter` escapes every control character, so JSON output is valid and inert in a terminal.
@Suite struct JSONWriterEscapingTests {
    @Test func everyControlCharacterIsEscaped() throws {
        var scalars = String.UnicodeScalarView()
        for value in UInt32(0)...0xA0 {
            if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
        }
        let text = String(scalars) + "\u{2028}\u{2029}\nrejected: forged"
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("quote\u{1B}")
        writer.string(text)
        writer.endObject()
        let output = writer.output
        // No raw C0, DEL or C1 control, nor a line separator, reaches the output.
        #expect(!output.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(!output.contains("\u{2028}") && !output.contains("\u{2029}"))
        #expect(output.contains(#"\u001b"#) && output.contains(#"\u009b"#) && output.contains(#"\u007f"#))
        #expect(output.contains(#"\nrejected: forged"#))
        // And it reads back as the same text.
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: String])
        #expect(object == ["quote\u{1B}": text])
    }
}
