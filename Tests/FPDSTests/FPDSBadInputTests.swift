import FPDS
import Foundation
import TestSupport
import Testing

/// Bad input gets a typed error naming the file, the entry and the element, and the good
/// entries of the same document still come through.
@Suite struct FPDSBadInputTests {
    let parser = FPDSParser()
    /// A real current-format page: 10 IDV entries, the second a stop-work order.
    let page: String

    init() throws {
        page = try String(
            contentsOf: TestData.sample("fpds/kenosa-atom-harvest/W91CRB15D0018__c8a1f6aefaeb/page-0000-start-0.xml"),
            encoding: .utf8)
    }

    private func parse(
        _ text: String, file: String = "page.xml"
    ) -> (
        good: [FPDSEntry], bad: [FPDSParseError], summary: FPDSParser.DocumentSummary
    ) {
        let (results, summary) = parser.parseAll(Array(text.utf8), file: file)
        return (
            results.compactMap { try? $0.get() },
            results.compactMap { if case .failure(let error) = $0 { error } else { nil } },
            summary
        )
    }

    /// The page with the `n`th (1-based) occurrence of `target` replaced.
    private func replacing(_ target: String, occurrence n: Int = 1, with replacement: String) throws -> String {
        var searchStart = page.startIndex
        var found: Range<String.Index>?
        for _ in 0..<n {
            let next = try #require(page.range(of: target, range: searchStart..<page.endIndex))
            found = next
            searchStart = next.upperBound
        }
        let range = try #require(found)
        return page.replacingCharacters(in: range, with: replacement)
    }

    @Test func truncatedPageKeepsTheEntriesBeforeTheCut() throws {
        // Cut in the middle of the fourth entry.
        var cut = page.startIndex
        for _ in 0..<4 { cut = try #require(page.range(of: "<entry>", range: cut..<page.endIndex)).upperBound }
        let truncated = String(page[..<page.index(cut, offsetBy: 2000)])
        let (good, bad, summary) = parse(truncated, file: "cut.xml")
        #expect(good.count == 3)
        #expect(bad.isEmpty)
        let error = try #require(summary.error)
        #expect(error.entry == 4)
        #expect(error.file == "cut.xml")
        #expect(error.description.contains("cut.xml:"))
        #expect(error.description.contains("malformed XML in entry 4"))
        #expect(error.description.contains("truncated"))
    }

    @Test func nonXMLIsAMalformedDocument() {
        let (good, _, summary) = parse("PIID,AGENCY\nW91CRB15D0018,9700\n", file: "data.csv")
        #expect(good.isEmpty)
        guard case .malformedXML(let file, nil, 1, 1, _)? = summary.error else {
            Issue.record("expected a malformed-XML error at 1:1, got \(String(describing: summary.error))")
            return
        }
        #expect(file == "data.csv")
    }

    @Test func wrongRootIsUnsupported() {
        let (good, _, summary) = parse("<?xml version=\"1.0\"?><html><body>Not found</body></html>", file: "error.html")
        #expect(good.isEmpty)
        #expect(summary.error == .unsupportedDocument(file: "error.html", rootElement: "html"))
    }

    @Test func entryWithoutPIIDIsRejectedAlone() throws {
        let text = try replacing("<ns1:PIID>W91CRB15D0018</ns1:PIID>", occurrence: 2, with: "")
        let (good, bad, summary) = parse(text)
        #expect(good.count == 9)
        #expect(summary.error == nil)
        #expect(
            bad == [.missingElement(file: "page.xml", entry: 2, record: nil, element: "contractID/IDVID/PIID")])
        #expect(
            bad.first?.description == "page.xml: entry 2: required element contractID/IDVID/PIID is missing or empty")
    }

    @Test func unparseableAmountNamesTheElement() throws {
        let text = try replacing(
            "<ns1:obligatedAmount>0.00</ns1:obligatedAmount>", occurrence: 3,
            with: "<ns1:obligatedAmount>1,000.00</ns1:obligatedAmount>")
        let (good, bad, _) = parse(text)
        #expect(good.count == 9)
        let error = try #require(bad.first)
        #expect(error.entry == 3)
        #expect(error.description.contains("(PIID W91CRB15D0018 mod P00002)"))
        #expect(error.description.contains("dollarValues/obligatedAmount is \"1,000.00\""))
    }

    @Test func unparseableDateNamesTheElement() throws {
        let text = try replacing(
            "<ns1:signedDate>2015-09-09 00:00:00</ns1:signedDate>",
            with: "<ns1:signedDate>09/09/2015</ns1:signedDate>")
        let (good, bad, _) = parse(text)
        #expect(good.count == 9)
        #expect(
            bad == [
                .invalidValue(
                    file: "page.xml", entry: 1, record: "PIID W91CRB15D0018 mod 0",
                    element: "relevantContractDates/signedDate", value: "09/09/2015",
                    expected: "a date as YYYY-MM-DD HH:MM:SS")
            ])
    }

    @Test func tenMegabyteDescriptionIsRejectedAlone() throws {
        let huge = String(repeating: "STOP WORK ORDER ", count: 10 * 1024 * 1024 / 16)
        let text = try replacing("IGF::OT::IGF ATC TEST SUPPORT SERVICES", with: huge)
        let (good, bad, summary) = parse(text)
        #expect(summary.error == nil)
        #expect(good.count == 9)
        guard case .valueTooLong(_, 1, _, let element, let length, let limit)? = bad.first else {
            Issue.record("expected valueTooLong for entry 1, got \(bad)")
            return
        }
        #expect(element == "contractData/descriptionOfContractRequirement")
        #expect(length > limit)
    }

    @Test func undefinedEntityAndDoctypeAreRefused() {
        let entity = parse("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>&nbsp;</title></feed>")
        #expect(entity.summary.error == nil)  // a bad entity in a feed title is kept raw, not fatal
        let doctype = parse("<!DOCTYPE feed [<!ENTITY x \"y\">]><feed/>")
        #expect(doctype.summary.error?.description.contains("document type declarations are not accepted") == true)
    }
}
