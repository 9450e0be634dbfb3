import ContractAwards
import ContractWatchCore
import FPDS
import Foundation
import TestSupport
import Testing

/// Which version of a real record is cited, and when a later one is a correction.
@Suite struct VersionHistoryTests {
    /// 9700 ZR03 mod 1 as FPDS published it (a real record), as a stored FPDS version.
    private static func fpdsVersion() throws -> StoredAction {
        let url = TestData.sample("fpds/vzvenyach-open-fpds/get_fpds_last.interaction1.xml")
        let (results, _) = FPDSParser().parseAll(try Data(contentsOf: url), file: url.path)
        let entry = try #require(results.first).get()
        let record = IngestPipeline.record(from: entry, source: url.path)
        return StoredAction(
            action: record.action, contentHash: record.contentHash, firstSeen: "2026-01-01T00:00:00Z",
            lastSeen: "2026-01-01T00:00:00Z", sourceURL: record.sourceURL, source: url.path, format: .fpdsXML,
            isCurrent: false)
    }

    /// A USAspending copy of `version`, read later and dated later, with `change` applied.
    private static func usaspendingCopy(
        of version: StoredAction, _ change: (inout ContractAction) -> Void = { _ in }
    ) -> StoredAction {
        var copy = version
        copy.contentHash = String(repeating: "0", count: 64)
        copy.format = .usaspendingCSV
        copy.sourceURL = nil
        copy.source = "Contracts_PrimeTransactions_2016.csv"
        copy.firstSeen = "2026-02-01T00:00:00Z"
        copy.action.lastModifiedDate = FPDSDateTime(year: 2016, month: 6, day: 1)
        copy.isCurrent = true
        change(&copy.action)
        return copy
    }

    @Test func aCopyThatAddsNothingNeverReplacesTheFPDSRecordAsCited() throws {
        let fpds = try Self.fpdsVersion()
        let history = VersionHistory([Self.usaspendingCopy(of: fpds), fpds])
        #expect(history.firstReported?.format == .fpdsXML)
        #expect(history.cited?.contentHash == fpds.contentHash)
        #expect(history.cited?.sourceURL?.hasPrefix("https://www.fpds.gov/") == true)
        #expect(history.corrections.isEmpty)
        #expect(history.correctionEvent == nil)
    }

    @Test func aCopyWithAnotherAmountIsACorrectionCitedFromItsSource() throws {
        let fpds = try Self.fpdsVersion()
        let copy = Self.usaspendingCopy(of: fpds) { $0.obligatedAmount = FPDSAmount("-90918.24") }
        let history = VersionHistory([copy, fpds])
        #expect(history.cited?.format == .usaspendingCSV)
        #expect(history.corrections == [FieldChange(field: "obligatedAmount", from: "-91918.24", to: "-90918.24")])
        let event = try #require(history.correctionEvent)
        #expect(
            event.type == .recordCorrected
                && event.id == ProcurementEvent.id(for: fpds.action.key, type: .recordCorrected))
        #expect(event.evidence.first?.from == fpds.contentHash && event.evidence.first?.to == copy.contentHash)
        // Amounts compare by value: the same figure with other digits is no correction.
        let digits = Self.usaspendingCopy(of: fpds) { $0.obligatedAmount = FPDSAmount("-91918.240") }
        #expect(VersionHistory([fpds, digits]).corrections.isEmpty)
    }
}
