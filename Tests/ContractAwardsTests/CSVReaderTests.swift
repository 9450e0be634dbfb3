import ContractAwards
import Testing

/// RFC 4180 corner cases, on hand-written rows.
@Suite struct CSVReaderTests {
    private func rows(_ text: String) throws -> [CSVReader.Row] {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            var reader = CSVReader(bytes: buffer)
            var rows: [CSVReader.Row] = []
            while let row = try reader.nextRow() { rows.append(row) }
            return rows
        }
    }

    @Test func splitsQuotedFieldsWithDelimitersQuotesAndLineBreaks() throws {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"stop\"\"\",\"line 1\r\nline 2\"\r\n,\"\",last"
        let parsed = try rows(text)
        #expect(
            parsed.map(\.fields) == [
                ["a", "b", "c"], ["x, y", "say \"stop\"", "line 1\r\nline 2"], ["", "", "last"],
            ])
        #expect(parsed.map(\.line) == [1, 2, 4])
        #expect(String(decoding: Array(text.utf8)[parsed[1].range], as: UTF8.self).hasSuffix("line 2\""))
    }

    @Test func acceptsLoneLineFeedsCarriageReturnsAndBlankLines() throws {
        let parsed = try rows("\u{FEFF}h1,h2\n\n1,2\r3,4\n\n")
        #expect(parsed.map(\.fields) == [["h1", "h2"], ["1", "2"], ["3", "4"]])
        #expect(parsed.map(\.line) == [1, 3, 4])
    }

    @Test func keepsStrayQuotesAsText() throws {
        // RFC 4180 forbids both; the intent is clear, so the text is kept.
        #expect(try rows("5'10\" TALL,\"quoted\"tail\n").map(\.fields) == [["5'10\" TALL", "quotedtail"]])
    }

    @Test func reportsWhereAnUnclosedQuoteOpened() throws {
        let error = try #require(throws: CSVReader.UnterminatedQuote.self) { try rows("a,b\n1,x,\"open\nmore\n") }
        #expect(error.line == 2)
        #expect(error.rowLine == 2)
    }
}
