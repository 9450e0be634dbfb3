import FPDS
import Foundation
import TestSupport
import Testing

@Suite struct FPDSParserTests {
    let parser = FPDSParser()

    private func parse(
        _ relativePath: String
    ) throws -> (
        entries: [FPDSEntry], errors: [FPDSParseError], summary: FPDSParser.DocumentSummary
    ) {
        let url = TestData.sample(relativePath)
        let data = try Data(contentsOf: url)
        let (results, summary) = parser.parseAll(data, file: relativePath)
        var entries: [FPDSEntry] = []
        var errors: [FPDSParseError] = []
        for result in results {
            switch result {
            case .success(let entry): entries.append(entry)
            case .failure(let error): errors.append(error)
            }
        }
        return (entries, errors, summary)
    }

    @Test func readsEverySampleFileWithoutErrors() throws {
        let files = TestData.xmlFiles(under: TestData.samples.appendingPathComponent("fpds"))
        #expect(files.count > 70)
        var total = 0
        for file in files {
            let (entries, errors, summary) = try parse(
                TestData.relativePath(file).replacingOccurrences(of: "Samples/", with: ""))
            #expect(errors.isEmpty, "\(file.lastPathComponent): \(errors)")
            #expect(summary.error == nil, "\(file.lastPathComponent): \(String(describing: summary.error))")
            #expect(summary.entryCount == entries.count)
            total += entries.count
        }
        #expect(total > 760)
    }

    @Test func everySampleAmountReadsAsTheExactDecimalItsDigitsSay() throws {
        // Given every amount the samples publish, and the forms FPDS's schema allows at its edges
        var texts = ["0", "-0.00", "+5", "000123.40", "9999999999999999999", "18446744073709551616.5", "-0.01"]
        for file in TestData.xmlFiles(under: TestData.samples.appendingPathComponent("fpds")) {
            let (entries, _, _) = try parse(
                TestData.relativePath(file).replacingOccurrences(of: "Samples/", with: ""))
            for record in entries.map(\.record) {
                texts += [
                    record.dollars.obligated, record.dollars.baseAndExercisedOptions, record.dollars.baseAndAllOptions,
                    record.totals.obligated,
                ].compactMap { $0?.text }
            }
        }
        #expect(texts.count > 2_000)
        // Then the value read from the digits is the one Foundation parses from them
        for text in texts {
            let amount = try #require(FPDSAmount(text))
            #expect(amount.decimal == Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), "\(text)")
            #expect(!amount.decimal.isNaN && (amount.decimal == 0) == (amount.signum == 0), "\(text)")
        }
    }

    @Test func readsCurrentFeedPageOfIDVs() throws {
        let (entries, _, summary) = try parse(
            "fpds/kenosa-atom-harvest/W91CRB15D0018__c8a1f6aefaeb/page-0000-start-0.xml")
        #expect(summary.kind == .atomFeed)
        #expect(entries.count == 10)
        #expect(summary.feed?.title == "FPDS-NG search results for: PIID:\"W91CRB15D0018\"")
        #expect(summary.feed?.next?.hasSuffix("start=10") == true)
        #expect(summary.feed?.last?.hasSuffix("start=30") == true)

        let base = try #require(entries.first)
        #expect(base.ordinal == 1)
        #expect(base.title == "New IDC W91CRB15D0018 awarded to JACOBS TECHNOLOGY INC. for the amount of $0")
        #expect(base.modified == FPDSDateTime(year: 2020, month: 5, day: 18, hour: 9, minute: 24, second: 3))
        let record = base.record
        #expect(record.kind == .idv)
        #expect(record.schemaVersion == "1.4")
        #expect(record.id.agency == FPDSRecord.Agency(code: "9700", name: "DEPT OF DEFENSE"))
        #expect(record.id.piid == "W91CRB15D0018")
        #expect(record.id.modNumber == "0")
        #expect(record.id.transactionNumber == nil)
        #expect(record.dates.lastDateToOrder == FPDSDateTime(year: 2020, month: 8, day: 31))
        #expect(record.dollars.baseAndAllOptions?.text == "435983899.71")
        #expect(record.totals.baseAndAllOptions?.decimal == Decimal(string: "653449093.47"))
        #expect(
            record.purchaser.contractingAgency
                == FPDSRecord.Agency(
                    code: "2100", name: "DEPT OF THE ARMY", departmentID: "9700", departmentName: "DEPT OF DEFENSE"))
        #expect(record.purchaser.contractingOffice == FPDSRecord.Office(code: "W91CRB", name: "W6QK ACC-APG"))
        #expect(record.contractData.contractActionType == FPDSCode(code: "B", description: "IDC"))
        #expect(record.contractData.reasonForModification == nil)
        #expect(record.contractData.description == "IGF::OT::IGF ATC TEST SUPPORT SERVICES")
        #expect(record.productOrService.productOrServiceCode?.code == "R425")
        #expect(record.productOrService.productOrServiceType == "SERVICE")
        #expect(
            record.productOrService.principalNAICSCode == FPDSCode(code: "541330", description: "ENGINEERING SERVICES"))
        #expect(record.vendor.name == "JACOBS TECHNOLOGY INC.")
        #expect(record.vendor.alternateName == "JACOBS")
        #expect(record.transaction.status == FPDSCode(code: "F", description: "FINAL"))
        #expect(base.rawXML.hasPrefix("<entry>"))
        #expect(base.rawXML.hasSuffix("</entry>"))

        let stop = try #require(entries.first { $0.record.id.modNumber == "P00001" })
        #expect(stop.record.contractData.reasonForModification?.code == "M")
        #expect(stop.record.contractData.description?.contains("STOP WORK ORDER") == true)
    }

    @Test func readsOldNamespaceOrdersWithReferencedIDV() throws {
        let (entries, _, summary) = try parse("fpds/NuAxis-fpds-atom/piid_feed_result.xml")
        #expect(entries.count == 2)
        #expect(summary.feed?.next == nil)
        let order = try #require(entries.first).record
        #expect(order.kind == .award)
        #expect(order.id.transactionNumber == "0")
        #expect(order.referencedIDV?.piid == "DOLOPS14D0002")
        #expect(order.referencedIDV?.agency.code == "1605")
        #expect(order.dollars.obligated?.text == "62190.40")
        #expect(order.dates.signed == FPDSDateTime(year: 2015, month: 1, day: 12))
    }

    @Test func readsMixedNamespacePage() throws {
        let (entries, errors, _) = try parse("fpds/wamuir-fpds-lxml-validation/sample-feed.xml")
        #expect(errors.isEmpty)
        #expect(entries.count == 10)
        #expect(entries.contains { $0.record.contractData.reasonForModification?.code == "K" })
    }

    @Test func readsReserializedPageWithOtherPrefixes() throws {
        let (entries, _, summary) = try parse("fpds/dherincx92-fpds/full_response.xml")
        #expect(entries.count == 10)
        #expect(summary.feed?.next?.hasSuffix("start=10") == true)
        #expect(summary.feed?.last?.hasSuffix("start=20") == true)
        #expect(entries.contains { $0.title?.contains("awarded to , was modified") == true })
    }

    @Test func readsArchiveFilesWithoutDescriptions() throws {
        let (entries, _, summary) = try parse("fpds/wamuir-fpds-conversion-utility/award-14.xml")
        #expect(summary.kind == .archive)
        #expect(entries.count == 23)
        let first = try #require(entries.first)
        #expect(first.title == nil)
        #expect(first.record.id.piid == "CSB150003")
        #expect(first.record.referencedIDV?.modNumber == "PS0005REVTERMCOND")
        #expect(first.record.contractData.contractActionType?.description == nil)
        #expect(first.rawXML.hasPrefix("<ns1:award"))
    }

    @Test func readsSingleBareRecord() throws {
        let (entries, _, summary) = try parse("fpds/wamuir-fpds-lxml-validation/sample-IDV-1.5.xml")
        #expect(summary.kind == .record)
        #expect(entries.count == 1)
        #expect(entries.first?.record.kind == .idv)
    }

    @Test func readsOtherTransactionIDVs() throws {
        let (entries, _, _) = try parse("fpds/kenosa-atom-harvest/N666041890001__4596bf85dd5a/page-0000-start-0.xml")
        let record = try #require(entries.first).record
        #expect(record.kind == .otherTransactionIDV)
        #expect(record.id.piid == "N666041890001")
        #expect(record.contractData.contractActionType?.code == "O")
        #expect(record.contractData.typeOfAgreement == "PROTOTYPE")
        #expect(record.productOrService.productOrServiceCode?.code == "AD23")
        #expect(record.dates.fiscalYear == "2018")
        #expect(record.vendor.uei == "LDMMF472BB93")
        #expect(record.vendor.ultimateParentName == "ANALYTIC SERVICES INC.")
        #expect(record.purchaser.contractingOffice?.code == "N66604")
    }

    @Test func readsEmptyPagePastTheEnd() throws {
        let (entries, errors, summary) = try parse(
            "fpds/kenosa-atom-harvest/DAAE0700DS022__814f62bf648b/page-0005-start-50.xml")
        #expect(entries.isEmpty && errors.isEmpty)
        #expect(summary.kind == .atomFeed)
        #expect(summary.feed?.next == nil)
        #expect(summary.feed?.last != nil)
    }

    @Test func canonicalContentIgnoresRenderingButNotContent() throws {
        // The single record was cut from the archive: same content, other surroundings.
        let (single, _, _) = try parse("fpds/wamuir-fpds-lxml-validation/sample-award-1.5.xml")
        let (archive, _, _) = try parse("fpds/wamuir-fpds-lxml-validation/1100-EXECUTIVEOFFICEOFTHEPRESIDENT-AWARD.xml")
        let record = try #require(single.first)
        let twin = try #require(archive.first { $0.record.id == record.record.id })
        #expect(twin.canonicalContent == record.canonicalContent)
        #expect(archive.filter { $0.canonicalContent == record.canonicalContent }.count == 1)

        // Re-indenting and re-prefixing the XML does not change the canonical form; a changed
        // amount does.
        let raw = record.rawXML
        let reformatted = raw.replacingOccurrences(of: "ns1:", with: "fpds:")
            .replacingOccurrences(of: "xmlns:ns1", with: "xmlns:fpds")
            .replacingOccurrences(of: "\n", with: "\n\n  ")
        let (again, _) = parser.parseAll(Array(reformatted.utf8), file: "reformatted")
        #expect(try again.first?.get().canonicalContent == record.canonicalContent)
        let amount = try #require(record.record.dollars.obligated?.text)
        let changed = raw.replacingOccurrences(of: ">\(amount)<", with: ">\(amount)1<")
        let (corrected, _) = parser.parseAll(Array(changed.utf8), file: "changed")
        #expect(try corrected.first?.get().canonicalContent != record.canonicalContent)
    }
}
