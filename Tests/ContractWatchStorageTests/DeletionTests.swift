import ContractAwards
import ContractWatchCore
import ContractWatchStorage
import FPDS
import Foundation
import StoreTesting
import Synchronization
import TestSupport
import Testing

/// Deletions are versions: a record FPDS deleted stays visible, as deleted, with when and where
/// the deletion was seen. No public sample of a DELETED-feed page exists; its entries have the
/// public feed's shape, so real public entries are read here as deletions.
@Suite(.timeLimit(.minutes(3)))
struct DeletionTests {
    /// A State Department contract with obligations on its modifications (M001 funds $29.5M).
    static let page = "fpds/kenosa-atom-harvest/SAQMMA12C1103__f69f81b8c082/page-0000-start-0.xml"
    static let deletedFeed =
        "https://www.fpds.gov/ezsearch/FEEDS/ATOM?FEEDNAME=DELETED&q=PIID%3A%22SAQMMA12C1103%22&start=0"

    private func entries(_ path: String) throws -> [FPDSEntry] {
        let url = TestData.sample(path)
        let (results, _) = FPDSParser().parseAll(try Data(contentsOf: url), file: url.path)
        return try results.map { try $0.get() }
    }

    private func allVersions(of key: ActionKey, in store: any RecordStore) async throws -> [StoredAction] {
        let collected = Mutex<[StoredAction]>([])
        try await store.forEachAction(allVersions: true) { stored in
            if stored.action.key == key { collected.withLock { $0.append(stored) } }
        }
        return collected.withLock { $0 }
    }

    private func classify(_ store: any RecordStore, at time: Timestamp) async throws -> [ProcurementEvent] {
        try await AfterWrite.reclassify(try await store.allContracts(), in: store, detectedAt: time)
        return try await store.events(EventQuery())
    }

    @Test(arguments: StoreEngine.available) func aDeletionFromTheDeletedFeedIsAVersionAndTheActionReadsAsDeleted(
        engine: StoreEngine
    ) async throws {
        // Given the contract's page ingested and classified
        let store = try await engine.makeStore()
        let entries = try entries(Self.page)
        let live = entries.map { IngestPipeline.record(from: $0, source: TestData.sample(Self.page).path) }
        let firstRead = try #require(Timestamp("2026-11-24T12:00:00Z"))
        let deletionRead = try #require(Timestamp("2026-11-25T06:00:00Z"))
        let deletionReadAgain = try #require(Timestamp("2026-11-26T06:00:00Z"))
        _ = try await store.ingest(IngestBatch(records: live, seenAt: firstRead))
        let before = try await classify(store, at: firstRead)
        let funding = try #require(entries.first { $0.record.id.modNumber == "M001" })
        let key = ContractAction(funding.record).key
        #expect(before.filter { $0.action == key }.map(\.type) == [.funding])

        // When the DELETED feed reports M001
        let deletion = IngestPipeline.record(from: funding, source: Self.deletedFeed, isDeletion: true)
        #expect(deletion.isDeletion)
        #expect(deletion.contentHash != IngestPipeline.record(from: funding, source: Self.deletedFeed).contentHash)
        let outcomes = try await store.ingest(IngestBatch(records: [deletion], seenAt: deletionRead))
        #expect(outcomes == [.newVersion])
        let events = try await classify(store, at: deletionRead)

        // Then the action stays, with the live version kept as history and the deletion current
        let versions = try await allVersions(of: key, in: store)
        #expect(versions.count == 2)
        let current = try #require(versions.first { $0.isCurrent })
        #expect(current.action.isDeleted)
        #expect(current.action.deletion == ContractAction.Deletion(format: .fpdsXML, seenAt: "2026-11-25T06:00:00Z"))
        #expect(current.firstSeen == "2026-11-25T06:00:00Z")
        #expect(current.source == Self.deletedFeed)
        #expect(versions.first { !$0.isCurrent }?.action.isDeleted == false)
        // It still reads as what it was: nothing is blanked.
        #expect(current.action.obligatedAmount?.text == "29532302.12")
        #expect(current.action.vendorName == ContractAction(funding.record).vendorName)
        #expect(try await store.statistics().actions == entries.count)

        // and its only event is record_deleted, dated by the notice, the funding event withdrawn
        let ofDeleted = events.filter { $0.action == key }
        #expect(ofDeleted.map(\.type) == [.recordDeleted])
        let deleted = try #require(ofDeleted.first)
        #expect(deleted.id == ProcurementEvent.id(for: key, type: .recordDeleted))
        #expect(deleted.date == funding.record.transaction.lastModifiedDate)
        #expect(
            deleted.evidence == [
                Evidence(
                    rule: "deleted.fpds_deleted_feed", field: "lastModifiedDate",
                    to: funding.record.transaction.lastModifiedDate?.description)
            ])
        #expect(deleted.detectedAt == "2026-11-25T06:00:00Z")
        // The other actions' events are untouched.
        #expect(events.filter { $0.action != key } == before.filter { $0.action != key })

        // and the export and the contract's JSON say so; the live actions' JSON is unchanged
        #expect(current.jsonLine.hasSuffix(",\"deleted\":true}"))
        let contract = try await store.actions(agencyID: "1900", piid: "SAQMMA12C1103")
        #expect(contract.filter(\.action.isDeleted).map(\.action.key) == [key])
        #expect(contract.filter { !$0.action.isDeleted }.allSatisfy { !$0.jsonLine.contains("\"deleted\"") })
        let timeline = ContractTimeline(
            actions: contract.map(\.action), events: events, asOf: FPDSDateTime(year: 2026, month: 11, day: 25))
        let json = timeline.json(actions: contract)
        #expect(json.contains("\"modNumber\":\"M001\"") && json.contains("\"deleted\":true"))
        // The deleted obligation no longer counts.
        #expect(!timeline.points.contains { $0.action == key })
        let liveTotal = contract.filter { !$0.action.isDeleted }.compactMap(\.action.obligatedAmount?.decimal)
            .reduce(0, +)
        #expect(timeline.points.map(\.obligated).reduce(0, +) == liveTotal)

        // When the same deletion is read again, nothing changes
        #expect(
            try await store.ingest(IngestBatch(records: [deletion], seenAt: deletionReadAgain)) == [.unchanged])
        #expect(try await allVersions(of: key, in: store).map(\.contentHash) == versions.map(\.contentHash))
        #expect(try await classify(store, at: deletionReadAgain) == events)
    }

    @Test(arguments: StoreEngine.available) func aRecordDeletedThenReportedAgainIsLiveAndALateOlderDeletionStaysHistory(
        engine: StoreEngine
    ) async throws {
        let store = try await engine.makeStore()
        let funding = try #require(try entries(Self.page).first { $0.record.id.modNumber == "M001" })
        let published = try #require(funding.record.transaction.lastModifiedDate)
        // FPDS re-reports the record after deleting it: the same content, a later last-modified date.
        var reported = IngestPipeline.record(from: funding, source: TestData.sample(Self.page).path)
        reported.action.lastModifiedDate = FPDSDateTime(
            year: published.year + 1, month: published.month, day: published.day)
        reported.contentHash = String(repeating: "e", count: 64)
        let deletion = IngestPipeline.record(from: funding, source: Self.deletedFeed, isDeletion: true)
        let key = reported.action.key
        let firstRead = try #require(Timestamp("2026-11-24T00:00:00Z"))
        let secondRead = try #require(Timestamp("2026-11-25T00:00:00Z"))

        // Given the deletion, then the re-report
        _ = try await store.ingest(IngestBatch(records: [deletion], seenAt: firstRead))
        #expect(try await store.actions(agencyID: "1900", piid: "SAQMMA12C1103").first?.action.isDeleted == true)
        #expect(try await classify(store, at: firstRead).map(\.type) == [.recordDeleted])
        _ = try await store.ingest(IngestBatch(records: [reported], seenAt: secondRead))

        // Then the record is live again, and its events are a live record's
        #expect(try await store.actions(agencyID: "1900", piid: "SAQMMA12C1103").first?.action.isDeleted == false)
        #expect(try await classify(store, at: secondRead).map(\.type) == [.funding])

        // Given, in another store, the re-report first and the older deletion read later
        let other = try await engine.makeStore()
        _ = try await other.ingest(IngestBatch(records: [reported], seenAt: firstRead))
        #expect(try await other.ingest(IngestBatch(records: [deletion], seenAt: secondRead)) == [.newVersion])

        // Then the deletion is kept as history and does not become current
        let versions = try await allVersions(of: key, in: other)
        #expect(versions.count == 2)
        #expect(versions.first { $0.isCurrent }?.action.isDeleted == false)
        #expect(versions.first { !$0.isCurrent }?.action.isDeleted == true)
        #expect(try await classify(other, at: secondRead).map(\.type) == [.funding])
    }

    // MARK: - SAM.gov

    private static let example1 = TestData.awardFixture(
        "sam-contract-awards/example1_dod_base_contracts_lastModified.json")
    private static let example5 = TestData.awardFixture(
        "sam-contract-awards/example5_deleted_contracts_contractId_only.json")

    @Test(arguments: StoreEngine.available) func aFullSAMRecordReadAsDeletedBecomesADeletionVersion(
        engine: StoreEngine
    ) async throws {
        let store = try await engine.makeStore()
        let pipeline = IngestPipeline(store: store)
        let first = try await pipeline.run(paths: [Self.example1.path])
        #expect(first.newActions == 1 && first.rejected == 0)

        // When the same record comes back from a deletedStatus=yes request
        let deleted = try await pipeline.run(paths: [Self.example1.path], asDeletions: true)
        #expect(deleted.newVersions == 1 && deleted.rejected == 0)

        let stored = try #require(try await store.actions(agencyID: "9700", piid: "SPE3SU25F97V0").first)
        #expect(stored.action.deletion?.format == .samJSON)
        #expect(stored.action.deletion?.isKeyOnly == false)
        #expect(stored.action.obligatedAmount?.text == "202.39")
        let events = try await store.events(EventQuery(contract: ("9700", "SPE3SU25F97V0")))
        #expect(events.map(\.type) == [.recordDeleted])
        #expect(events.first?.evidence.first?.rule == "deleted.sam_deleted_records")
        #expect(events.first?.date == FPDSDateTime(year: 2025, month: 6, day: 11, hour: 7, minute: 18, second: 2))

        // and reading it again changes nothing
        let again = try await pipeline.run(paths: [Self.example1.path], asDeletions: true, reread: true)
        #expect(again.unchanged == 1 && again.newVersions == 0)
    }

    @Test(arguments: StoreEngine.available) func keyOnlyDeletionsOfActionsNeverSeenAreRejectedAndSaySo(
        engine: StoreEngine
    ) async throws {
        // Given GSA's example 1 stored, and example 5 (five key-only deletions of other actions)
        let store = try await engine.makeStore()
        let pipeline = IngestPipeline(store: store)
        _ = try await pipeline.run(paths: [Self.example1.path])
        let before = try await store.statistics()

        let summary = try await pipeline.run(paths: [Self.example5.path], asDeletions: true)

        // Then each is reported, by record, as a deletion of an action never seen, and nothing is stored
        #expect(summary.entries == 5)
        #expect(summary.newActions == 0 && summary.newVersions == 0 && summary.unchanged == 0)
        #expect(summary.rejections.map(\.entry) == [1, 2, 3, 4, 5])
        let message = try #require(summary.rejections.first?.description)
        #expect(message.hasPrefix(Self.example5.path + ": record 1: a deletion that names only its key"))
        #expect(message.contains("PIID VA25715J1359") && message.contains("never seen"))
        #expect(try await store.statistics() == before)

        // Without --deleted, the same file is what it always was: partial records, not stored
        let plain = try await pipeline.run(paths: [Self.example5.path])
        #expect(plain.rejected == 5)
        #expect(plain.rejections.allSatisfy { $0.message.contains("holds only some sections") })
    }

    @Test(arguments: StoreEngine.available)
    func aKeyOnlyDeletionOfAStoredActionCarriesItsValues(engine: StoreEngine) async throws {
        // Given example 1's record stored, and a deletion naming only its key, in example 5's shape
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cw-deleted-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Self.example1)) as? [String: Any])
        let award = try #require((document["awardSummary"] as? [[String: Any]])?.first)
        let keyOnly = directory.appendingPathComponent("deleted-contractId.json")
        try JSONSerialization.data(withJSONObject: [
            "awardSummary": [["contractId": try #require(award["contractId"])]], "totalRecords": "1", "limit": "1",
            "offset": "0",
        ]).write(to: keyOnly)

        let clock = Mutex(Date(timeIntervalSince1970: 1_795_000_000))  // 2026-11-18T11:06:40Z
        let store = try await engine.makeStore()
        let pipeline = IngestPipeline(store: store, now: { clock.withLock { $0 } })
        _ = try await pipeline.run(paths: [Self.example1.path])
        let live = try #require(try await store.actions(agencyID: "9700", piid: "SPE3SU25F97V0").first)

        // When it is read as a deletion (example1 named too: the stored action is found either way)
        clock.withLock { $0 += 3600 }
        let summary = try await pipeline.run(paths: [Self.example1.path, keyOnly.path], asDeletions: true)
        #expect(summary.rejected == 0)
        #expect(summary.newVersions == 2)  // the full record as deleted, then the key-only deletion

        // Then it is current, reads as the record deleted, and is dated when it was seen
        let versions = try await allVersions(of: live.action.key, in: store)
        #expect(versions.count == 3)
        let current = try #require(versions.first { $0.isCurrent })
        #expect(
            current.action.deletion
                == ContractAction.Deletion(format: .samJSON, isKeyOnly: true, seenAt: current.firstSeen))
        var values = current.action
        values.deletion = nil
        #expect(values == live.action)
        let event = try #require(try await store.events(EventQuery(contract: ("9700", "SPE3SU25F97V0"))).first)
        #expect(event.type == .recordDeleted)
        #expect(event.evidence.first?.field == "firstSeen")
        // Seen at 12:06:40 UTC on 2026-11-18, which FPDS's clock (Eastern standard time) writes 07:06:40.
        #expect(current.firstSeen == "2026-11-18T12:06:40Z")
        #expect(event.date == FPDSDateTime(year: 2026, month: 11, day: 18, hour: 7, minute: 6, second: 40))
        #expect(event.detectionLatencySeconds == nil)  // FPDS gave no date for this deletion

        // and reading it again changes nothing
        let again = try await pipeline.run(paths: [keyOnly.path], asDeletions: true, reread: true)
        #expect(again.unchanged == 1 && again.rejected == 0)
        #expect(try await allVersions(of: live.action.key, in: store).count == 3)
    }
}
