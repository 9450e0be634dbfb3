import ContractAwards
import ContractWatchCore
import ContractWatchStorage
import FPDS
import Foundation
import StoreTesting
import Synchronization
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(3)))
struct SQLiteStoreTests {
    /// A pipeline over a fresh in-memory store, with a fixed clock that advances a minute a batch.
    private func makePipeline(
        _ store: any RecordStore, start: Date = Date(timeIntervalSince1970: 1_790_000_000)
    )
        -> IngestPipeline
    {
        let clock = Clock(start)
        return IngestPipeline(store: store, now: { clock.tick() })
    }

    final class Clock: Sendable {
        let time: Mutex<Date>
        init(_ start: Date) { time = Mutex(start) }
        func tick() -> Date {
            time.withLock {
                $0 += 60; return $0
            }
        }
    }

    private func allVersions(_ store: any RecordStore) async throws -> [StoredAction] {
        let collected = Mutex<[StoredAction]>([])
        try await store.forEachAction(allVersions: true) { action in collected.withLock { $0.append(action) } }
        return collected.withLock { $0 }
    }

    private func sampleRecords(_ path: String) throws -> [IngestRecord] {
        let url = TestData.sample(path)
        let (results, _) = FPDSParser().parseAll(try Data(contentsOf: url), file: url.path)
        return try results.map { IngestPipeline.record(from: try $0.get(), source: url.path) }
    }

    @Test(arguments: StoreEngine.available) func reingestingTheSamplesChangesNothing(engine: StoreEngine) async throws {
        // Given every sample page ingested once
        let store = try await engine.makeStore()
        let pipeline = makePipeline(store)
        let first = try await pipeline.run(paths: [TestData.samples.path])
        #expect(first.rejected == 0)
        #expect(first.newActions > 700)
        #expect(first.newActions + first.unchanged == first.entries)
        let before = try await store.statistics()
        let exportBefore = try await allVersions(store)

        // When the same files are read again, they are known by their bytes' hashes and passed over
        let second = try await pipeline.run(paths: [TestData.samples.path])
        #expect(second.entries == 0 && second.newActions == 0 && second.unchanged == 0)
        #expect(second.alreadyIngested.files == second.files && second.alreadyIngested.records == first.entries)
        #expect(try await allVersions(store).map(\.lastSeen) == exportBefore.map(\.lastSeen))

        // and a file whose bytes differ at all is read, as is every file when asked to read again
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let paragon = TestData.sample("reconstructed/paragon-ice.xml")
        let edited = directory.appendingPathComponent("paragon-ice.xml")
        try (try Data(contentsOf: paragon) + Data("\n".utf8)).write(to: edited)
        let changed = try await pipeline.run(paths: [edited.path, paragon.path])
        #expect(changed.alreadyIngested.files == 1 && changed.unchanged == changed.entries && changed.entries == 3)
        let reread = try await pipeline.run(paths: [TestData.samples.path], reread: true)

        // Then nothing is added, and only lastSeen moved
        #expect(reread.newActions == 0 && reread.newVersions == 0)
        #expect(reread.unchanged == reread.entries && reread.entries == first.entries)
        #expect(try await store.statistics() == before)
        let exportAfter = try await allVersions(store)
        #expect(exportAfter.map(\.contentHash) == exportBefore.map(\.contentHash))
        #expect(exportAfter.map(\.firstSeen) == exportBefore.map(\.firstSeen))
        #expect(zip(exportAfter, exportBefore).allSatisfy { $0.lastSeen > $1.lastSeen })
        #expect(before.actions == first.newActions)
        #expect(before.versions == before.actions)
    }

    @Test(arguments: StoreEngine.available) func aCorrectionBecomesANewVersionAndTheOldOneIsKept(
        engine: StoreEngine
    ) async throws {
        let store = try await engine.makeStore()
        let original = try #require(
            try sampleRecords("fpds/kenosa-atom-harvest/W91CRB15D0018__c8a1f6aefaeb/page-0000-start-0.xml")
                .first { $0.action.key.modNumber == "P00001" })
        let firstRead = try #require(Timestamp("2026-01-01T00:00:00Z"))
        let correctionRead = try #require(Timestamp("2026-02-02T00:00:00Z"))
        let staleRead = try #require(Timestamp("2026-02-03T00:00:00Z"))
        _ = try await store.ingest(IngestBatch(records: [original], seenAt: firstRead))

        // FPDS corrects the record: new text, later last-modified date.
        var corrected = original
        corrected.action.description = "IGF::OT::IGF STOP WORK ORDER (CORRECTED)"
        corrected.action.lastModifiedDate = FPDSDateTime(year: 2026, month: 2, day: 1)
        corrected.contentHash = String(repeating: "c", count: 64)
        corrected.rawDocument = original.rawDocument.replacingOccurrences(
            of: "STOP WORK ORDER", with: "STOP WORK ORDER (CORRECTED)")
        let outcomes = try await store.ingest(IngestBatch(records: [corrected], seenAt: correctionRead))
        #expect(outcomes == [.newVersion])

        // An older rendering arriving late is history, not current.
        var stale = original
        stale.contentHash = String(repeating: "a", count: 64)
        stale.action.lastModifiedDate = FPDSDateTime(year: 2015, month: 1, day: 1)
        #expect(try await store.ingest(IngestBatch(records: [stale], seenAt: staleRead)) == [.newVersion])

        let versions = try await allVersions(store)
        #expect(versions.count == 3)
        #expect(versions.filter(\.isCurrent).map(\.action.description) == ["IGF::OT::IGF STOP WORK ORDER (CORRECTED)"])
        let current = try await store.actions(agencyID: "9700", piid: "W91CRB15D0018")
        #expect(current.count == 1)
        #expect(current.first?.firstSeen == "2026-02-02T00:00:00Z")
        #expect(try await store.statistics().actions == 1)

        // Every version's source document is kept verbatim.
        let raw = try await store.rawDocuments(of: original.action.key)
        #expect(raw == [original.rawDocument, corrected.rawDocument, stale.rawDocument])
    }

    /// The agency filter reads each action under the agencies and signed date of its current
    /// version: a correction that names another funding agency and another day moves the action
    /// there, and one that names the first agency again moves it back.
    @Test(arguments: StoreEngine.available) func aCorrectionMovesTheActionInTheAgencyFilter(
        engine: StoreEngine
    ) async throws {
        let store = try await engine.makeStore()
        let award = try #require(try sampleRecords("reconstructed/paragon-ice.xml").first)
        #expect(award.action.contractingAgency?.code == "7012" && award.action.fundingAgency?.code == "7012")
        func found(_ agency: String, from: String? = nil, to: String? = nil) async throws -> [String] {
            var query = SearchQuery()
            query.agency = agency
            (query.from, query.to) = (from.flatMap(FPDSDateTime.init(fpds:)), to.flatMap(FPDSDateTime.init(fpds:)))
            return try await store.search(query).actions.map { "\($0.action.key.piid) \($0.action.signedDate!)" }
        }
        _ = try await store.ingest(
            IngestBatch(records: [award], seenAt: try #require(Timestamp("2026-01-01T00:00:00Z"))))
        let published = ["70CMSD24RECON0001 2024-09-27T00:00:00"]
        #expect(try await found("7012") == published)
        #expect(try await found("7001").isEmpty)

        // FPDS corrects the funding agency (the department's headquarters) and the signed date.
        var corrected = award
        corrected.action.fundingAgency = FPDSRecord.Agency(
            code: "7001", name: "OFFICE OF THE SECRETARY", departmentID: "7000",
            departmentName: "HOMELAND SECURITY, DEPARTMENT OF")
        corrected.action.signedDate = FPDSDateTime(year: 2024, month: 9, day: 28)
        corrected.action.lastModifiedDate = FPDSDateTime(year: 2026, month: 2, day: 1)
        corrected.contentHash = String(repeating: "c", count: 64)
        #expect(
            try await store.ingest(
                IngestBatch(records: [corrected], seenAt: try #require(Timestamp("2026-02-02T00:00:00Z"))))
                == [.newVersion])
        let moved = ["70CMSD24RECON0001 2024-09-28T00:00:00"]
        for agency in ["7012", "7001", "7000"] { #expect(try await found(agency) == moved, "\(agency)") }
        #expect(try await found("7012", from: "2024-09-28 00:00:00", to: "2024-09-29 00:00:00") == moved)
        #expect(try await found("7012", from: "2024-09-27 00:00:00", to: "2024-09-28 00:00:00").isEmpty)

        // A later correction names ICE as the funding agency again.
        var restored = award
        restored.action.lastModifiedDate = FPDSDateTime(year: 2026, month: 3, day: 1)
        restored.contentHash = String(repeating: "d", count: 64)
        _ = try await store.ingest(
            IngestBatch(records: [restored], seenAt: try #require(Timestamp("2026-03-02T00:00:00Z"))))
        #expect(try await found("7001").isEmpty)
        #expect(try await found("7000") == published)
    }

    @Test(arguments: StoreEngine.available) func storesThePublishedValues(engine: StoreEngine) async throws {
        let store = try await engine.makeStore()
        let records = try sampleRecords("fpds/vzvenyach-open-fpds/get_fpds_last.interaction1.xml")
        let seenAt = try #require(Timestamp("2026-01-01T00:00:00Z"))
        _ = try await store.ingest(IngestBatch(records: records, seenAt: seenAt))
        let stored = try await allVersions(store)
        #expect(stored.count == records.count)
        for record in records {
            let match = try #require(stored.first { $0.action.key == record.action.key })
            #expect(match.action == record.action)
            #expect(match.contentHash == record.contentHash)
            #expect(match.sourceURL == record.sourceURL)
        }
        // The terminations' de-obligations keep their published digits.
        let amounts = stored.compactMap { $0.action.obligatedAmount?.text }
        #expect(amounts.contains("-91918.24") && amounts.contains("-73605.92"))
    }

    @Test(arguments: StoreEngine.available)
    func aContractWindowReadsItsActionsWholeAndTellsTheSameTimelineFromTheOutline(engine: StoreEngine) async throws {
        // Given every sample, with a State Department contract's second page read again as a
        // DELETED-feed page (ten of its modifications with two versions each)
        let store = try await engine.makeStore()
        let pipeline = makePipeline(store)
        _ = try await pipeline.run(paths: [TestData.samples.path])
        let deletions = TestData.sample("fpds/kenosa-atom-harvest/SAQMMA12C1103__f69f81b8c082/page-0001-start-10.xml")
        _ = try await pipeline.run(paths: [deletions.path], asDeletions: true)
        let contracts = Set(try await allVersions(store).map { [$0.action.key.agencyID, $0.action.key.piid] })
        #expect(contracts.count > 100)

        for contract in contracts {
            let (agencyID, piid) = (contract[0], contract[1])
            let whole = try #require(try await store.records(ofContracts: [(agencyID, piid)]).first)
            // When the middle third of its actions is read whole, and the rest in outline
            let third = whole.actions.count / 3
            let middle = third..<(whole.actions.count - third)
            let records = try #require(
                try await store.contractWindow(agencyID: agencyID, piid: piid) { _ in middle }, "\(contract)")

            // Then the outline lists every action in the same order, the window whole
            #expect(records.outline.map(\.action.key) == whole.actions.map(\.action.key), "\(contract)")
            #expect(records.window == middle)
            #expect(records.actions == Array(whole.actions[middle]), "\(contract)")
            #expect(records.versions == whole.versions, "\(contract)")
            #expect(records.outline.allSatisfy { $0.action.description == nil && $0.action.naicsCode == nil })
            // and every event in the same order: the window's whole, the others in outline
            func outline(_ event: ProcurementEvent) -> [String] {
                [
                    event.id, event.type.rawValue, event.date?.description ?? "", "\(event.isPartial)",
                    event.action.orderingKey.description, event.watchlistEntries.map(\.entryID).joined(separator: ","),
                ]
            }
            #expect(records.events.map(outline) == whole.events.map(outline), "\(contract)")
            let windowKeys = Set(records.actions.map(\.action.key))
            let (inWindow, outside) = (
                records.events.filter { windowKeys.contains($0.action) },
                records.events.filter { !windowKeys.contains($0.action) }
            )
            #expect(inWindow == whole.events.filter { windowKeys.contains($0.action) }, "\(contract)")
            #expect(outside.allSatisfy { $0.evidence.isEmpty && $0.detectedAt == nil && $0.amount == nil })
            // and the timeline told from the outline is the one told from every action whole
            let asOf = FPDSDateTime(year: 2026, month: 12, day: 1)
            let (outlined, told) = (
                ContractView(records, asOf: asOf).timeline, ContractView(whole, asOf: asOf).timeline
            )
            #expect(outlined.narrative == told.narrative, "\(contract)")
            #expect(outlined.periods == told.periods && outlined.suspensions == told.suspensions, "\(contract)")
            #expect(outlined.points == told.points && outlined.completionDate == told.completionDate, "\(contract)")
        }

        // and a window past the last action is cut at it; a contract the store lacks has none
        let kenosa = try #require(
            try await store.contractWindow(agencyID: "1900", piid: "SAQMMA12C1103") { $0.count - 5..<$0.count + 5 })
        #expect(kenosa.actions.map(\.action.key) == kenosa.outline.suffix(5).map(\.action.key))
        #expect(kenosa.versions.count == 20)
        #expect(try await store.contractWindow(agencyID: "0000", piid: "NOPE") { $0.indices } == nil)
    }

    @Test(arguments: StoreEngine.available)
    func badFilesAreReportedAndGoodOnesStored(engine: StoreEngine) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cw-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = try String(
            contentsOf: TestData.sample("fpds/NuAxis-fpds-atom/vendor_feed_result.xml"), encoding: .utf8)
        try page.write(to: directory.appendingPathComponent("a-good.xml"), atomically: true, encoding: .utf8)
        try String(page.prefix(page.count / 2)).write(
            to: directory.appendingPathComponent("b-truncated.xml"), atomically: true, encoding: .utf8)
        try "<html><body>502 Bad Gateway</body></html>".write(
            to: directory.appendingPathComponent("c-error.xml"), atomically: true, encoding: .utf8)
        // Not a format ingest reads: passed over by the walk, rejected when named.
        try "[1, 2, 3]".write(to: directory.appendingPathComponent("d.json"), atomically: true, encoding: .utf8)

        let store = try await engine.makeStore()
        let summary = try await makePipeline(store).run(paths: [
            directory.path, directory.appendingPathComponent("d.json").path,
        ])
        #expect(summary.files == 4)
        #expect(summary.newActions == 10)
        let messages = summary.rejections.map(\.description)
        #expect(messages.count == 3)
        #expect(messages.contains { $0.contains("b-truncated.xml") && $0.contains("truncated document") })
        #expect(messages.contains { $0.contains("c-error.xml") && $0.contains("<html> is not an FPDS") })
        #expect(
            messages.contains { $0.contains("d.json") && $0.contains("is not FPDS XML, SAM.gov Contract Awards JSON") })
        // The truncated file's complete entries were stored too (the good file holds them all).
        #expect(try await store.statistics().actions == 10)
    }

    @Test(arguments: StoreEngine.available)
    func versionsWithTheSameLastModifiedDateMakeTheSameVersionCurrentInEitherOrder(engine: StoreEngine) async throws {
        // Given the Paragon award as published, and a republication that FPDS stamped with the
        // same lastModifiedDate but another obligation
        let url = TestData.sample("reconstructed/paragon-ice.xml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let republished = text.replacingOccurrences(
            of: "<ns1:obligatedAmount>2000000.00</ns1:obligatedAmount>",
            with: "<ns1:obligatedAmount>1999000.00</ns1:obligatedAmount>")
        #expect(republished != text)
        func award(_ xml: String) throws -> IngestRecord {
            let (results, _) = FPDSParser().parseAll(Data(xml.utf8), file: url.path)
            return IngestPipeline.record(from: try #require(try results.first?.get()), source: url.path)
        }
        let original = try award(text), other = try award(republished)
        #expect(original.action.lastModifiedDate == other.action.lastModifiedDate)

        // When one store reads them in one order and another store in the other
        var current: [String] = []
        for order in [[original, other], [other, original]] {
            let store = try await engine.makeStore()
            for (index, record) in order.enumerated() {
                let seenAt = try #require(Timestamp("2026-11-25T00:00:0\(index)Z"))
                _ = try await store.ingest(IngestBatch(records: [record], seenAt: seenAt))
            }
            let stored = try await store.actions(agencyID: original.action.key.agencyID, piid: original.action.key.piid)
            current += stored.filter { $0.action.key == original.action.key }.map(\.contentHash)
        }

        // Then both make the same version current: the rule, not the arrival order, decides
        #expect(current.count == 2)
        #expect(current[0] == current[1])
        #expect(current[0] == max(original.contentHash, other.contentHash))
    }

    @Test func aCopyFromUSAspendingDoesNotDisplaceTheFPDSRecordItCopies() {
        // Given an FPDS record and a USAspending copy of it with the same lastModifiedDate
        let date = FPDSDateTime(fpds: "2025-08-30 00:00:00")
        let fpds = VersionPrecedence(lastModifiedDate: date, isDeletion: false, format: .fpdsXML, contentHash: "0")
        let copy = VersionPrecedence(
            lastModifiedDate: date, isDeletion: false, format: .usaspendingCSV, contentHash: "f")
        let deletion = VersionPrecedence(lastModifiedDate: date, isDeletion: true, format: .samJSON, contentHash: "0")
        let later = VersionPrecedence(
            lastModifiedDate: FPDSDateTime(fpds: "2025-08-31 00:00:00"), isDeletion: false,
            format: .usaspendingCSV, contentHash: "0")

        // Then the FPDS record stays current, a deletion of the same date wins, and a later
        // publication from any source is current
        #expect(copy < fpds)
        #expect(fpds < deletion)
        #expect(deletion < later)
        #expect(VersionPrecedence(lastModifiedDate: nil, isDeletion: true, format: .fpdsXML, contentHash: "f") < copy)
    }
}
