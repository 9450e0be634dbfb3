import FPDS
import Foundation
import TestSupport
import Testing

/// Hostile bytes injected into a real FPDS page: bad bytes and bad keys are refused with the file
/// and record named, free text is neutralised, the raw XML stays verbatim, and no message carries
/// a raw control character.
@Suite struct FPDSHostileInputTests {
    let parser = FPDSParser()
    /// A real current-format page: 10 IDV entries of W91CRB15D0018, mods 0, P00001, P00002, ….
    let page: [UInt8]

    init() throws {
        page = Array(
            try Data(
                contentsOf: TestData.sample(
                    "fpds/kenosa-atom-harvest/W91CRB15D0018__c8a1f6aefaeb/page-0000-start-0.xml")))
    }

    /// The page with the `n`th (1-based) occurrence of `target` replaced by `replacement`'s bytes.
    private func replacing(_ target: String, occurrence n: Int = 1, with replacement: [UInt8]) throws -> [UInt8] {
        let needle = Array(target.utf8)
        var found: [Int] = []
        var index = 0
        while index + needle.count <= page.count, found.count < n {
            if page[index] == needle[0], Array(page[index..<(index + needle.count)]) == needle { found.append(index) }
            index += 1
        }
        let start = try #require(found.count == n ? found.last : nil, "occurrence \(n) of \(target)")
        var bytes = page
        bytes.replaceSubrange(start..<(start + needle.count), with: replacement)
        return bytes
    }

    private func replacing(_ target: String, occurrence n: Int = 1, with replacement: String) throws -> [UInt8] {
        try replacing(target, occurrence: n, with: Array(replacement.utf8))
    }

    private func parse(_ bytes: [UInt8], file: String = "page.xml") -> (good: [FPDSEntry], bad: [FPDSParseError]) {
        let (results, summary) = parser.parseAll(bytes, file: file)
        #expect(summary.error == nil)
        return (
            results.compactMap { try? $0.get() },
            results.compactMap { if case .failure(let error) = $0 { error } else { nil } }
        )
    }

    /// One line with nothing a terminal would act on.
    private func isSafeLine(_ message: String) -> Bool {
        message.unicodeScalars.allSatisfy(InputText.isPrintable)
    }

    private static let piid = "<ns1:PIID>W91CRB15D0018</ns1:PIID>"
    private static let description =
        "<ns1:descriptionOfContractRequirement>IGF::OT::IGF ATC TEST SUPPORT SERVICES</ns1:descriptionOfContractRequirement>"

    // MARK: - Bytes

    @Test func invalidUTF8InAPIIDRejectsTheEntryNamingTheElement() throws {
        // A lone 0xFF would have become U+FFFD: a PIID that exists nowhere, a phantom contract.
        let bytes = try replacing(
            Self.piid, occurrence: 2, with: Array("<ns1:PIID>W91CRB15D".utf8) + [0xFF] + Array("0018</ns1:PIID>".utf8))
        let (good, bad) = parse(bytes)
        #expect(good.count == 9)
        #expect(!good.contains { $0.record.id.piid.contains("\u{FFFD}") })
        let error = try #require(bad.first)
        #expect(bad.count == 1)
        #expect(error.file == "page.xml" && error.entry == 2)
        guard case .invalidValue(_, _, _, let element, _, let expected) = error else {
            Issue.record("expected an invalid value, got \(error)")
            return
        }
        #expect(element == "contractID/IDVID/PIID")
        #expect(expected.hasPrefix("valid UTF-8"))
        // The PIID could not be read, so the record is named by its entry.
        #expect(error.description.hasPrefix("page.xml: entry 2: contractID/IDVID/PIID is \"W91CRB15D\u{FFFD}0018\""))
        #expect(isSafeLine(error.description))
    }

    @Test func invalidUTF8OutsideTrackedElementsRejectsTheEntryWithItsLine() throws {
        // An attribute label the record keeps, and one byte of a three-byte sequence.
        let bytes = try replacing(
            "<ns1:agencyID name=\"DEPT OF DEFENSE\">", occurrence: 3,
            with: Array("<ns1:agencyID name=\"DEPT OF ".utf8) + [0xE2, 0x82] + Array("DEFENSE\">".utf8))
        let (good, bad) = parse(bytes)
        #expect(good.count == 9)
        let error = try #require(bad.first)
        #expect(error.entry == 3)
        #expect(error.description.contains("page.xml: entry 3 (PIID W91CRB15D0018 mod P00002): the text at line "))
        #expect(error.description.contains(#"is "ns1:agencyID name="DEPT OF "# + "\u{FFFD}" + #"DEFENSE">9700""#))
        #expect(error.description.contains("expected valid UTF-8"))
        #expect(isSafeLine(error.description))
    }

    @Test func nulByteRejectsTheEntry() throws {
        // NUL cut stored values short; now the entry is refused and the others come through.
        let bytes = try replacing(
            "IGF::OT::IGF ATC TEST SUPPORT SERVICES",
            with: Array("IGF::OT::IGF ATC".utf8) + [0] + Array(" TEST SUPPORT SERVICES".utf8))
        let (good, bad) = parse(bytes)
        #expect(good.count == 9)
        let error = try #require(bad.first)
        #expect(error.entry == 1)
        #expect(error.description.contains("(PIID W91CRB15D0018 mod 0)"))
        #expect(error.description.contains("expected text without NUL bytes"))
        #expect(error.description.contains(#"IGF ATC\0 TEST"#))
        #expect(isSafeLine(error.description))
    }

    // MARK: - Free text

    @Test func rawEscapeByteInADescriptionIsNeutralisedAndTheRawXMLKept() throws {
        let bytes = try replacing(
            "IGF::OT::IGF ATC TEST SUPPORT SERVICES",
            with: Array("IGF::OT::IGF ".utf8) + [0x1B] + Array("[2J ATC\tTEST\r\nSUPPORT SERVICES".utf8))
        let (good, bad) = parse(bytes)
        #expect(bad.isEmpty)
        let entry = try #require(good.first)
        // Tab and line ends stay (XML folds CRLF to LF); ESC becomes U+FFFD.
        #expect(entry.record.contractData.description == "IGF::OT::IGF \u{FFFD}[2J ATC\tTEST\nSUPPORT SERVICES")
        #expect(entry.rawXML.contains("IGF::OT::IGF \u{1B}[2J ATC"))
    }

    @Test func characterReferenceToAControlIsNeutralised() throws {
        let bytes = try replacing(
            "IGF::OT::IGF ATC TEST SUPPORT SERVICES", with: "IGF&#x1B;[31m ATC&#0;TEST&#x9B;&#xFFFE;&#x7F;")
        let (good, bad) = parse(bytes)
        #expect(bad.isEmpty)
        let entry = try #require(good.first)
        #expect(entry.record.contractData.description == "IGF\u{FFFD}[31m ATC\u{FFFD}TEST\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(entry.rawXML.contains("IGF&#x1B;[31m ATC&#0;TEST"))
    }

    @Test func controlCharactersInNamesAndLabelsAreNeutralised() throws {
        var bytes = try replacing(
            "<ns1:vendorName>JACOBS TECHNOLOGY INC.</ns1:vendorName>",
            with: "<ns1:vendorName>JACOBS\u{9B}31m TECHNOLOGY&#x1B;</ns1:vendorName>")
        let (good, _) = parse(bytes)
        #expect(good.first?.record.vendor.name == "JACOBS\u{FFFD}31m TECHNOLOGY\u{FFFD}")
        bytes = try replacing("<ns1:agencyID name=\"DEPT OF DEFENSE\">", with: "<ns1:agencyID name=\"DEPT&#x1B; OF\">")
        #expect(parse(bytes).good.first?.record.id.agency.name == "DEPT\u{FFFD} OF")
    }

    @Test func freeTextThatImitatesAnOutputLineIsKeptAsText() throws {
        let bytes = try replacing(
            "IGF::OT::IGF ATC TEST SUPPORT SERVICES", with: "SERVICES\nrejected: forged.xml: entry 1: fake")
        let entry = try #require(parse(bytes).good.first)
        // A line break is legitimate in free text; printing it is the CLI's concern (escaped there).
        #expect(entry.record.contractData.description == "SERVICES\nrejected: forged.xml: entry 1: fake")
        #expect(
            InputText.escaped(entry.record.contractData.description ?? "")
                == #"SERVICES\nrejected: forged.xml: entry 1: fake"#)
    }

    // MARK: - Keys

    @Test(arguments: [
        ("   ", "an identifier that is not blank"),
        ("W91CRB15D&#x1B;0018", #"an identifier of printing characters (it holds \u{1B})"#),
        ("W91CRB15D0018&#x9;", #"an identifier of printing characters (it holds \u{9})"#),
        ("W91CRB15D\u{202E}0018", #"an identifier of printing characters (it holds \u{202E})"#),
        ("W91CRB15D&#xFFFD;0018", #"an identifier of printing characters (it holds \u{FFFD})"#),
        (String(repeating: "W", count: 10_000), "at most 50 characters, FPDS's length for it (it has 10000)"),
    ])
    func badPIIDIsRejected(piid: String, expected: String) throws {
        let bytes = try replacing(Self.piid, occurrence: 3, with: "<ns1:PIID>\(piid)</ns1:PIID>")
        let (good, bad) = parse(bytes)
        #expect(good.count == 9)
        let error = try #require(bad.first)
        #expect(error.entry == 3)
        guard case .invalidValue(let file, _, _, let element, _, let errorExpected) = error else {
            Issue.record("expected an invalid value, got \(error)")
            return
        }
        #expect(file == "page.xml" && element == "contractID/IDVID/PIID" && errorExpected == expected)
        #expect(error.description.hasPrefix("page.xml: entry 3 (PIID "))
        #expect(error.description.hasSuffix("expected \(expected)"))
        #expect(isSafeLine(error.description))
        #expect(error.description.count < 400)
    }

    @Test func forgedRejectionLineInAKeyStaysOnOneLine() throws {
        let bytes = try replacing(
            Self.piid, with: "<ns1:PIID>X\nrejected: forged.xml: entry 9: \u{1B}[31mfake</ns1:PIID>")
        let error = try #require(parse(bytes).bad.first)
        #expect(!error.description.contains("\n") && !error.description.contains("\u{1B}"))
        #expect(error.description.contains(#"X\nrejected: forged.xml: entry 9: \u{1B}[31mfake"#))
    }

    @Test func overlongAgencyAndModificationAreRejected() throws {
        var bytes = try replacing(
            "<ns1:agencyID name=\"DEPT OF DEFENSE\">9700<", with: "<ns1:agencyID name=\"DEPT OF DEFENSE\">97000<")
        var error = try #require(parse(bytes).bad.first)
        #expect(error.description.contains("contractID/IDVID/agencyID is \"97000\", expected at most 4 characters"))
        bytes = try replacing(
            "<ns1:modNumber>P00001</ns1:modNumber>",
            with: "<ns1:modNumber>P\(String(repeating: "0", count: 25))</ns1:modNumber>")
        error = try #require(parse(bytes).bad.first)
        #expect(error.entry == 2)
        #expect(error.description.contains("expected at most 25 characters"))
    }

    @Test func keyAtItsFPDSLengthIsAccepted() throws {
        let piid = String(repeating: "W", count: 50)
        let bytes = try replacing(Self.piid, with: "<ns1:PIID>\(piid)</ns1:PIID>")
        let (good, bad) = parse(bytes)
        #expect(bad.isEmpty)
        #expect(good.first?.record.id.piid == piid)
    }

    // MARK: - Messages

    @Test func fileNameAndQuotedValuesAreEscaped() throws {
        let bytes = try replacing(
            "<ns1:signedDate>2015-09-09 00:00:00</ns1:signedDate>",
            with: "<ns1:signedDate>2015\nrejected: forged\u{1B}[2J</ns1:signedDate>")
        let (results, _) = parser.parseAll(bytes, file: "evil\nrejected: x.xml")
        let error = try #require(results.compactMap { if case .failure(let error) = $0 { error } else { nil } }.first)
        #expect(error.file == "evil\nrejected: x.xml")
        #expect(error.description.hasPrefix(#"evil\nrejected: x.xml: entry 1 "#))
        // The date is free text, so ESC was neutralised before it was read; the line break is escaped.
        #expect(error.description.contains(#"is "2015\nrejected: forged"# + "\u{FFFD}[2J\", expected a date"))
        #expect(isSafeLine(error.description))
    }

    @Test func unknownRootNameIsEscaped() {
        let (_, summary) = parser.parseAll(Array("<evil\u{1B}[2J/>".utf8), file: "x.xml")
        #expect(
            summary.error?.description == #"x.xml: <evil\u{1B}[2J> is not an FPDS ATOM feed, archive list or record"#)
    }
}
