import ContractAwards
import FPDS
import Foundation
import TestSupport
import Testing

/// Hostile bytes injected into real SAM.gov and USAspending documents: bad bytes and bad keys are
/// refused with the file and record named, free text is neutralised, and no message carries a raw
/// control character.
@Suite struct AwardHostileInputTests {
    let sam = SAMAwardsParser()
    let usaspending = USAspendingTransactionsParser()

    private func fixture(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: TestData.awardFixture(path)))
    }

    /// `bytes` with the first occurrence of `target` replaced by `replacement`.
    private func replacing(_ target: String, in bytes: [UInt8], with replacement: [UInt8]) throws -> [UInt8] {
        let needle = Array(target.utf8)
        var index = 0
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], Array(bytes[index..<(index + needle.count)]) == needle { break }
            index += 1
        }
        try #require(index + needle.count <= bytes.count, "\(target) is in the fixture")
        var result = bytes
        result.replaceSubrange(index..<(index + needle.count), with: replacement)
        return result
    }

    private func replacing(_ target: String, in bytes: [UInt8], with replacement: String) throws -> [UInt8] {
        try replacing(target, in: bytes, with: Array(replacement.utf8))
    }

    private func split(
        _ results: [Result<AwardEntry, AwardParseError>]
    ) -> (good: [AwardEntry], bad: [AwardParseError]) {
        (
            results.compactMap { try? $0.get() },
            results.compactMap { if case .failure(let error) = $0 { error } else { nil } }
        )
    }

    /// One line with nothing a terminal would act on.
    private func isSafeLine(_ message: String) -> Bool {
        message.unicodeScalars.allSatisfy(InputText.isPrintable)
    }

    // MARK: - SAM JSON

    static let example1 = "sam-contract-awards/example1_dod_base_contracts_lastModified.json"
    static let example5 = "sam-contract-awards/example5_deleted_contracts_contractId_only.json"

    @Test func invalidUTF8InAPIIDRejectsTheRecordNamingTheField() throws {
        let bytes = try replacing(
            "\"SPE7M520V0512\"", in: try fixture(Self.example5),
            with: Array("\"SPE7M".utf8) + [0xC0, 0xAF] + Array("520V0512\"".utf8))
        let (results, summary) = sam.parseAll(bytes, file: "deleted.json")
        #expect(summary.error == nil)
        let (good, bad) = split(results)
        #expect(good.map(\.ordinal) == [1, 3, 4, 5])
        let error = try #require(bad.first)
        #expect(error.file == "deleted.json" && error.record == 2 && error.field == "contractId.piid")
        #expect(error.description.hasPrefix("deleted.json: record 2 (PIID SPE7M\u{FFFD}\u{FFFD}520V0512 mod P00001): "))
        #expect(error.description.contains("expected valid UTF-8"))
        #expect(isSafeLine(error.description))
    }

    @Test func invalidUTF8InFreeTextRejectsTheRecordToo() throws {
        let bytes = try replacing(
            "SALAD MIX", in: try fixture(Self.example1), with: Array("SALAD ".utf8) + [0xFF] + Array("MIX".utf8))
        let error = try #require(split(sam.parseAll(bytes, file: "e1.json").entries).bad.first)
        #expect(error.record == 1)
        #expect(error.field == "awardDetails.productOrServiceInformation.descriptionOfContractRequirement")
    }

    @Test func rawNULEndsTheDocumentNamingTheRecord() throws {
        // JSON forbids raw control characters in strings; the record and its line are named.
        let bytes = try replacing("SALAD MIX", in: try fixture(Self.example1), with: [0x53, 0x00, 0x4D])
        let (results, summary) = sam.parseAll(bytes, file: "e1.json")
        #expect(results.isEmpty)
        let error = try #require(summary.error)
        #expect(error.record == 1)
        #expect(error.description.contains("malformed JSON in record 1: control character byte 0x0"))
        #expect(isSafeLine(error.description))
    }

    @Test func escapedControlsInFreeTextAreNeutralised() throws {
        let bytes = try replacing(
            "SALAD MIX", in: try fixture(Self.example1), with: #"SALAD\u001b[2J\u0000\u009b\t\nrejected: forged MIX"#)
        let (results, _) = sam.parseAll(bytes, file: "e1.json")
        let entry = try #require(split(results).good.first)
        let description = try #require(entry.record.contractData.description)
        #expect(description.hasPrefix("4567323815!SALAD\u{FFFD}[2J\u{FFFD}\u{FFFD}\t\nrejected: forged MIX"))
        // The raw document is kept as published.
        #expect(entry.rawDocument.contains(#"SALAD\u001b[2J\u0000"#))
    }

    @Test(arguments: [
        (#""   ""#, "an identifier that is not blank"),
        (#""SPE7M520\u001bV0512""#, #"an identifier of printing characters (it holds \u{1B})"#),
        (#""SPE7M520\u0000V0512""#, #"an identifier of printing characters (it holds \u{0})"#),
        (#""X\nrejected: forged""#, #"an identifier of printing characters (it holds \u{A})"#),
        ("\"\(String(repeating: "S", count: 10_000))\"", "at most 50 characters, FPDS's length for it (it has 10000)"),
    ])
    func badPIIDIsRejected(piid: String, expected: String) throws {
        let bytes = try replacing("\"SPE7M520V0512\"", in: try fixture(Self.example5), with: piid)
        let (results, summary) = sam.parseAll(bytes, file: "deleted.json")
        #expect(summary.error == nil)
        let (good, bad) = split(results)
        #expect(good.count == 4)
        let error = try #require(bad.first)
        guard case .invalidValue(let file, let record, _, let field, _, let errorExpected) = error else {
            Issue.record("expected an invalid value, got \(error)")
            return
        }
        #expect(file == "deleted.json" && record == 2 && field == "contractId.piid" && errorExpected == expected)
        #expect(error.description.hasPrefix("deleted.json: record 2 (PIID "))
        #expect(isSafeLine(error.description))
        #expect(error.description.count < 400)
    }

    @Test(arguments: [
        (#""code": "9700""#, #""code": "97000""#, "contractId.subtier.code", "at most 4 characters"),
        (#""code": "9700""#, #""code": " ""#, "contractId.subtier.code", "an identifier that is not blank"),
        (
            #""modificationNumber": "P00001""#, #""modificationNumber": "P\u0007""#, "contractId.modificationNumber",
            "an identifier of printing"
        ),
        (
            #""transactionNumber": "0""#, #""transactionNumber": "0\r""#, "contractId.transactionNumber",
            "an identifier of printing"
        ),
    ])
    func badKeyPartsAreRejected(original: String, replacement: String, field: String, expected: String) throws {
        // Example 5's second record: agency 9700, mod P00001, transaction 0.
        let text = try String(decoding: fixture(Self.example5), as: UTF8.self)
        let second = try #require(text.range(of: "SPE7M520V0512"))
        let found = try #require(
            text.range(of: original, range: text.index(second.lowerBound, offsetBy: -150)..<text.endIndex))
        let bad = text.replacingCharacters(in: found, with: replacement)
        let (good, errors) = split(sam.parseAll(Data(bad.utf8), file: "deleted.json").entries)
        #expect(good.count == 4)
        let error = try #require(errors.first)
        #expect(error.record == 2 && error.field == field)
        #expect(error.description.contains("expected \(expected)"), "\(error)")
    }

    // MARK: - USAspending CSV

    static let transactions = "usaspending/Contracts_PrimeTransactions_derived_from_fpds.csv"

    @Test func invalidUTF8InAPIIDRejectsTheRowNamingTheColumn() throws {
        let bytes = try replacing(
            ",W91CRB15D0018,", in: try fixture(Self.transactions),
            with: Array(",W91CRB15D".utf8) + [0xED, 0xA0, 0x80] + Array("0018,".utf8))
        let (results, summary) = usaspending.parseAll(bytes, file: "t.csv")
        #expect(summary.error == nil)
        let (good, bad) = split(results)
        #expect(good.count == 5)
        let error = try #require(bad.first)
        #expect(error.file == "t.csv" && error.record == 6 && error.field == "award_id_piid")
        #expect(error.description.contains("t.csv: record 6 (line "))
        #expect(
            error.description.contains(
                "award_id_piid is \"W91CRB15D\u{FFFD}\u{FFFD}\u{FFFD}0018\", expected valid UTF-8"))
        #expect(isSafeLine(error.description))
    }

    @Test func nulByteRejectsTheRowNamingTheColumn() throws {
        let bytes = try replacing(
            "JACOBS TECHNOLOGY INC.", in: try fixture(Self.transactions),
            with: Array("JACOBS".utf8) + [0] + Array(" TECHNOLOGY INC.".utf8))
        let (good, bad) = split(usaspending.parseAll(bytes, file: "t.csv").entries)
        #expect(good.count == 5)
        let error = try #require(bad.first)
        #expect(error.record == 6)
        #expect(error.description.contains(#"is "JACOBS\0 TECHNOLOGY INC.", expected text without NUL bytes"#))
        #expect(isSafeLine(error.description))
    }

    @Test func controlCharactersInFreeTextAreNeutralised() throws {
        let bytes = try replacing(
            "IGF::OT::IGF ATC TEST SUPPORT SERVICES", in: try fixture(Self.transactions),
            with: "\"IGF\u{1B}[2J\u{9B}\u{7F}\tATC\nrejected: forged\"")
        let (good, bad) = split(usaspending.parseAll(bytes, file: "t.csv").entries)
        #expect(bad.isEmpty)
        let entry = try #require(good.last)
        #expect(entry.record.contractData.description == "IGF\u{FFFD}[2J\u{FFFD}\u{FFFD}\tATC\nrejected: forged")
        #expect(entry.rawDocument.contains("IGF\u{1B}[2J"))
    }

    @Test(arguments: [
        ("   ", "an identifier that is not blank"),
        ("W91CRB15D\u{1B}0018", #"an identifier of printing characters (it holds \u{1B})"#),
        (String(repeating: "W", count: 10_000), "at most 50 characters, FPDS's length for it (it has 10000)"),
    ])
    func badPIIDIsRejected(csvPIID piid: String, expected: String) throws {
        let bytes = try replacing(",W91CRB15D0018,", in: try fixture(Self.transactions), with: ",\(piid),")
        let (good, bad) = split(usaspending.parseAll(bytes, file: "t.csv").entries)
        #expect(good.count == 5)
        let error = try #require(bad.first)
        guard case .invalidValue(_, 6, _, "award_id_piid", _, let errorExpected) = error else {
            Issue.record("expected an invalid award_id_piid in record 6, got \(error)")
            return
        }
        #expect(errorExpected == expected)
        #expect(isSafeLine(error.description))
        #expect(error.description.count < 400)
    }

    @Test func overlongAgencyInTheUniqueKeyIsRejected() throws {
        let bytes = try replacing(
            "9700_-none-_W91CRB15D0018_0", in: try fixture(Self.transactions), with: "97001_-none-_W91CRB15D0018_0")
        let error = try #require(split(usaspending.parseAll(bytes, file: "t.csv").entries).bad.first)
        #expect(error.field == "contract_transaction_unique_key")
        #expect(error.description.contains("is \"97001\", expected at most 4 characters"))
    }

    @Test func forgedLineInAValueStaysOnOneLine() throws {
        let bytes = try replacing(
            ",W91CRB15D0018,", in: try fixture(Self.transactions),
            with: ",\"W91\nrejected: forged.csv: record 1: \u{1B}[31mfake\",")
        let error = try #require(split(usaspending.parseAll(bytes, file: "t.csv").entries).bad.first)
        #expect(!error.description.contains("\n") && !error.description.contains("\u{1B}"))
        #expect(error.description.contains(#"W91\nrejected: forged.csv: record 1: \u{1B}[31mfake"#))
    }
}
