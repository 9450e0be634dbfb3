import ContractWatchCore
import ContractWatchStorage
import FPDS
import Foundation
import StoreTesting
import Synchronization
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(3)))
struct EventStoreTests {
    @Test(arguments: StoreEngine.available) func ingestDerivesEventsOnceAndKeepsTheirDetectionTime(
        engine: StoreEngine
    ) async throws {
        // Given the samples ingested
        let store = try await engine.makeStore()
        let pipeline = IngestPipeline(store: store)
        _ = try await pipeline.run(paths: [TestData.samples.path])
        let first = try await store.events(EventQuery())
        #expect(first.count > 700)
        let lifts = try await store.events(EventQuery(types: [.stopWorkLifted]))
        #expect(lifts.count == 13)  // 12 labelled real lifts and the Paragon reconstruction

        // When the same files are ingested again, and everything is re-classified
        try await Task.sleep(for: .seconds(1.1))  // so a new detection time would differ
        _ = try await pipeline.run(paths: [TestData.samples.path])
        try await AfterWrite.reclassify(
            try await store.allContracts(), in: store, detectedAt: .now)

        // Then the same events come back, with the same ids and first-detection times
        let again = try await store.events(EventQuery())
        #expect(again == first)
    }

    /// Classification can trail the writer by minutes on a large ingest; the progress line says how
    /// many contracts are still to classify, and ends at none.
    @Test(arguments: StoreEngine.available) func progressCountsTheContractsStillToClassify(
        engine: StoreEngine
    ) async throws {
        // Given the samples ingested in small batches, with every progress report kept
        let store = try await engine.makeStore()
        let reports = Mutex<[IngestProgress]>([])
        _ = try await IngestPipeline(store: store, chunkBytes: 256 << 10).run(paths: [TestData.samples.path]) {
            progress in reports.withLock { $0.append(progress) }
        }

        // Then the reports counted contracts waiting for classification, never more than the store
        // holds, and the last one counts none, as the store agrees
        let counts = reports.withLock { $0.map(\.contractsToClassify) }
        let contracts = try await store.statistics().contracts
        #expect(counts.contains { $0 > 0 })
        #expect(counts.allSatisfy { $0 <= contracts })
        #expect(counts.last == 0)
        #expect(try await store.contractsNeedingClassification().isEmpty)
    }

    /// Classification stores each contract's timeline with its events, and a citation tells it
    /// from there: it must read as the contract's own page tells it, on any day it is asked.
    @Test(arguments: StoreEngine.available) func citationsTellTheTimelineTheContractTells(
        engine: StoreEngine
    ) async throws {
        // Given the samples ingested, every contract classified
        let store = try await engine.makeStore()
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
        let events = try await store.events(EventQuery())
        let contracts = try await store.allContracts()
        let cited = try await store.citedRecords(of: events.map(\.action))
        #expect(Set(cited.timelines.keys) == Set(events.map(\.action.contract)))

        // A contract page merges the orders of one PIID under several IDVs; a citation tells the
        // order's own timeline, so only PIIDs with one contract are compared.
        let contractsByPIID = Dictionary(grouping: contracts) { [$0.agencyID, $0.piid] }
        let compared = events.filter { contractsByPIID[[$0.action.agencyID, $0.action.piid]]?.count == 1 }
        #expect(compared.count > 700)
        let asOf = try #require(FPDSDateTime(fpds: "2026-12-06"))
        // When their citations are told
        let citations = try await store.citations(for: compared, asOf: asOf)
        #expect(citations.count == compared.count)

        // Then each timeline is the one the contract itself tells
        var told: [[String]: String] = [:]
        for event in compared where told[[event.action.agencyID, event.action.piid]] == nil {
            let records = try #require(
                try await store.records(ofContracts: [(event.action.agencyID, event.action.piid)]).first)
            told[[event.action.agencyID, event.action.piid]] = ContractView(records, asOf: asOf).timeline.narrative
        }
        for event in compared {
            #expect(
                citations[event.id]?.timeline == told[[event.action.agencyID, event.action.piid]], "\(event.action)")
        }
        let paragon = try #require(
            compared.first { $0.type == .stopWorkLifted && $0.action.piid == "70CMSD24RECON0001" })
        #expect(
            citations[paragon.id]?.timeline
                == "awarded 2024-09-27 → stop-work 2024-10-08 → lifted 2025-08-29 (suspended 325 days)")
    }

    /// A stop-work order still in force has lasted as long as the day a citation is read says:
    /// the stored timeline counts it to that day, not to the day it was classified.
    @Test(arguments: StoreEngine.available) func aCitedStopWorkOrderInForceIsCountedToTheDayAsked(
        engine: StoreEngine
    ) async throws {
        // Given the Paragon award and its stop-work order stored and classified, and not the lift
        let store = try await engine.makeStore()
        let url = TestData.sample("reconstructed/paragon-ice.xml")
        let records = try sampleRecords(url)
        _ = try await store.ingest(
            IngestBatch(
                records: records.filter { $0.action.key.modNumber != "P00002" },
                seenAt: StaleClassificationTests.time(0)))
        try await AfterWrite.reclassify(
            try await store.allContracts(), in: store, detectedAt: StaleClassificationTests.time(0))
        let stop = try #require(try await store.events(EventQuery(types: [.stopWorkIssued])).first)

        // When its citation is read 54 days after the order, and 236 days after it
        let early = try await store.citations(for: [stop], asOf: try #require(FPDSDateTime(fpds: "2024-12-01")))
        let late = try await store.citations(for: [stop], asOf: try #require(FPDSDateTime(fpds: "2025-06-01")))

        // Then each counts the order to that day, and the later one says it outlived its 90 days
        #expect(
            early[stop.id]?.timeline == "awarded 2024-09-27 → stop-work 2024-10-08 → still suspended after 54 days")
        #expect(
            late[stop.id]?.timeline
                == "awarded 2024-09-27 → stop-work 2024-10-08 → still suspended after 236 days"
                + " — unresolved past the 90-day default")
    }

    @Test(arguments: StoreEngine.available) func detectionLatencyIsMeasuredWhenAnEventIsFirstStoredAndKeptWithIt(
        engine: StoreEngine
    ) async throws {
        // Given the Jacobs stop-work page (every record last modified 2020-05-18 09:24:03, FPDS's
        // clock, read as U.S. Eastern daylight time: 13:24:03 UTC)
        let store = try await engine.makeStore()
        let url = TestData.sample("fpds/kenosa-atom-harvest/W91CRB15D0018__c8a1f6aefaeb/page-0000-start-0.xml")
        let records = try sampleRecords(url)
        #expect(Set(records.map(\.action.lastModifiedDate)) == [FPDSDateTime(fpds: "2020-05-18 09:24:03")])
        let dayAfter = try #require(Timestamp("2020-05-19T13:24:03Z"))
        _ = try await store.ingest(IngestBatch(records: records, seenAt: dayAfter))
        let contracts = try await store.allContracts()

        // When its events are first derived a day after FPDS changed the records
        try await AfterWrite.reclassify(contracts, in: store, detectedAt: dayAfter)
        let first = try await store.events(EventQuery())
        #expect(!first.isEmpty)
        #expect(first.allSatisfy { $0.detectionLatencySeconds == 86_400 })
        let line = try #require(first.first?.jsonLine)
        #expect(line.contains("\"detectionLatencySeconds\":86400,"))

        // Then re-deriving them later keeps their detection time and latency
        let later = try #require(Timestamp("2020-06-01T00:00:00Z"))
        try await AfterWrite.reclassify(contracts, in: store, detectedAt: later)
        #expect(try await store.events(EventQuery()) == first)

        // and the summary counts the events detected since a time
        let summary = try await store.detectionLatency(detectedSince: try #require(Timestamp("2020-05-19")))
        #expect(
            summary
                == DetectionLatencySummary(
                    events: first.count, measured: first.count, medianSeconds: 86_400, p90Seconds: 86_400,
                    maxSeconds: 86_400))
        let aSecondLater = try #require(Timestamp("2020-05-19T13:24:04Z"))
        #expect(
            try await store.detectionLatency(detectedSince: aSecondLater)
                == DetectionLatencySummary(events: 0, latencies: []))
    }

    @Test(arguments: StoreEngine.available) func detectionLatencySummarisesEventsOfDifferentRuns(
        engine: StoreEngine
    ) async throws {
        // Given the samples' events detected in two runs, at different times
        let store = try await engine.makeStore()
        let paragon = TestData.sample("reconstructed/paragon-ice.xml")
        let (results, _) = FPDSParser().parseAll(try Data(contentsOf: paragon), file: paragon.path)
        let records = try results.map { IngestPipeline.record(from: try $0.get(), source: paragon.path) }
        // The award and the stop-work order first, the lift (modified 2025-08-30) in a later run
        let isLift = { (record: IngestRecord) in record.action.key.modNumber == "P00002" }
        let firstRun = try #require(Timestamp("2025-08-01T00:00:00Z"))
        let secondRun = try #require(Timestamp("2025-08-30T10:00:00Z"))
        _ = try await store.ingest(IngestBatch(records: records.filter { !isLift($0) }, seenAt: firstRun))
        try await AfterWrite.reclassify(try await store.allContracts(), in: store, detectedAt: firstRun)
        _ = try await store.ingest(IngestBatch(records: records.filter(isLift), seenAt: secondRun))
        try await AfterWrite.reclassify(try await store.allContracts(), in: store, detectedAt: secondRun)

        // Then the later window holds only the lift: midnight EDT is 04:00 UTC, six hours before
        let events = try await store.events(EventQuery())
        let lift = try #require(events.first { $0.type == .stopWorkLifted })
        #expect(lift.detectedAt == "2025-08-30T10:00:00Z")
        #expect(lift.detectionLatencySeconds == 6 * 3600)
        let recent = try await store.detectionLatency(detectedSince: try #require(Timestamp("2025-08-30T00:00:00Z")))
        #expect(recent.events == events.filter { $0.detectedAt == "2025-08-30T10:00:00Z" }.count)
        #expect(recent.maxSeconds == 6 * 3600)
        // and the whole period holds every event, the award's latency (2024-09-27 to 2025-08-01) the longest
        let all = try await store.detectionLatency(detectedSince: try #require(Timestamp("2025-01-01")))
        #expect(all.events == events.count && all.measured == events.count)
        let award = try #require(events.first { $0.type == .award })
        #expect(all.maxSeconds == award.detectionLatencySeconds)
        #expect(award.detectionLatencySeconds == 308 * 86_400 - 4 * 3600)
    }

    @Test(arguments: StoreEngine.available) func queriesFilterByDateTypeAndContract(engine: StoreEngine) async throws {
        let store = try await engine.makeStore()
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
        let paragon = try await store.events(EventQuery(contract: ("7012", "70CMSD24RECON0001")))
        #expect(paragon.map(\.type).filter(\.isLifecycle) == [.stopWorkIssued, .stopWorkLifted])
        #expect(paragon.contains { $0.type == .award })
        let recent = try await store.events(
            EventQuery(since: FPDSDateTime(year: 2025, month: 1, day: 1), types: [.stopWorkLifted]))
        #expect(recent.map(\.action.piid) == ["70CMSD24RECON0001"])
        let lift = try #require(recent.first)
        #expect(lift.evidence.first?.text == "This modification is to lift the stop work order.")
        #expect(lift.detectedAt != nil)
        let limited = try await store.events(EventQuery(limit: 5))
        #expect(limited.count == 5)
    }

    @Test(arguments: StoreEngine.available) func timelineMeasuresTheParagonSuspension(engine: StoreEngine) async throws
    {
        let store = try await engine.makeStore()
        _ = try await IngestPipeline(store: store).run(paths: [TestData.sample("reconstructed").path])
        let actions = try await store.actions(agencyID: "7012", piid: "70CMSD24RECON0001").map(\.action)
        let events = try await store.events(EventQuery(contract: ("7012", "70CMSD24RECON0001")))
        let timeline = ContractTimeline(
            actions: actions, events: events, asOf: FPDSDateTime(year: 2026, month: 11, day: 25))
        #expect(timeline.state == .active)
        #expect(timeline.periods.map(\.state) == [.active, .suspended, .active])
        let suspension = try #require(timeline.suspensions.first)
        #expect(suspension.issued == FPDSDateTime(year: 2024, month: 10, day: 8))
        #expect(suspension.ended == FPDSDateTime(year: 2025, month: 8, day: 29))
        #expect(suspension.days == 325)
        #expect(!suspension.isUnresolved)
        #expect(
            timeline.narrative == "awarded 2024-09-27 → stop-work 2024-10-08 → lifted 2025-08-29 (suspended 325 days)")
        #expect(timeline.points.last?.cumulativeObligated == Decimal(string: "2000000"))

        // Before the lift, the same order was unresolved: past FAR 52.242-15's 90 days.
        let beforeLift = ContractTimeline(
            actions: actions.filter { $0.key.modNumber != "P00002" },
            events: events.filter { $0.action.modNumber != "P00002" }, asOf: FPDSDateTime(year: 2025, month: 3, day: 1))
        #expect(beforeLift.state == .suspended)
        #expect(beforeLift.suspensions.first?.isUnresolved == true)
        #expect(beforeLift.suspensions.first?.days == 144)
    }
}

@Suite(.timeLimit(.minutes(3)))
struct StaleClassificationTests {
    /// `seconds` seconds after 2026-11-25T00:00:00Z: the times of the writes and classifications, in order.
    static func time(_ seconds: Int) -> Timestamp {
        Timestamp(utc: FPDSDateTime(year: 2026, month: 11, day: 25, second: seconds))
    }

    @Test(arguments: StoreEngine.available) func writesWhoseClassificationNeverRanAreCaughtUpByTheNextRun(
        engine: StoreEngine
    ) async throws {
        // Given a write whose classification never ran, as a killed ingest leaves it
        let store = try await engine.makeStore()
        let url = TestData.sample("reconstructed/paragon-ice.xml")
        let records = try sampleRecords(url)
        _ = try await store.ingest(IngestBatch(records: records, seenAt: Self.time(0)))
        #expect(try await store.contractsNeedingClassification().count == 1)
        #expect(try await store.events(EventQuery()).isEmpty)

        // When the same file is read again (nothing new in it)
        let summary = try await IngestPipeline(store: store).run(paths: [url.path])
        #expect(summary.unchanged == 3)

        // Then the contract's events are derived and the flag is cleared
        #expect(try await store.contractsNeedingClassification().isEmpty)
        let lifts = try await store.events(EventQuery(types: [.stopWorkLifted]))
        #expect(lifts.map(\.action.modNumber) == ["P00002"])
    }

    @Test(arguments: StoreEngine.available) func aWriteBetweenTheClassifiersReadAndWriteKeepsTheContractFlagged(
        engine: StoreEngine
    ) async throws {
        // Given the Paragon award and stop-work order stored, and a classifier that has read them
        let store = try await engine.makeStore()
        let url = TestData.sample("reconstructed/paragon-ice.xml")
        let records = try sampleRecords(url)
        let isLift = { (record: IngestRecord) in record.action.key.modNumber == "P00002" }
        let lift = try #require(records.first(where: isLift))
        _ = try await store.ingest(IngestBatch(records: records.filter { !isLift($0) }, seenAt: Self.time(0)))
        let contract = lift.action.key.contract
        let snapshot = try #require(try await store.actions(of: [contract])[contract])
        #expect(snapshot.actions.count == 2)

        // When the lift is written before that classifier stores what it derived
        _ = try await store.ingest(IngestBatch(records: [lift], seenAt: Self.time(1)))
        let derived = ContractClassification(
            events: EventClassifier().classify(contract: snapshot.actions), of: snapshot.actions)
        let outdated = try await store.replaceEvents(
            [contract: derived], derivedFrom: [contract: snapshot.revision], detectedAt: Self.time(2))
        #expect(outdated == [contract])

        // Then the contract still needs classification, and the next run finds the lift
        #expect(try await store.contractsNeedingClassification() == [contract])
        #expect(try await store.events(EventQuery(types: [.stopWorkLifted])).isEmpty)
        _ = try await IngestPipeline(store: store).run(paths: [url.path])
        #expect(try await store.contractsNeedingClassification().isEmpty)
        let lifts = try await store.events(EventQuery(types: [.stopWorkLifted]))
        #expect(lifts.map(\.action.modNumber) == ["P00002"])
    }

    @Test(arguments: StoreEngine.available) func aClassificationThatLostTheRaceNeverReplacesNewerEvents(
        engine: StoreEngine
    ) async throws {
        // Given the Paragon award stored, and a slow classifier that has read it
        let store = try await engine.makeStore()
        let url = TestData.sample("reconstructed/paragon-ice.xml")
        let records = try sampleRecords(url)
        let byMod = Dictionary(uniqueKeysWithValues: records.map { ($0.action.key.modNumber, $0) })
        let award = try #require(byMod["0"]), stop = try #require(byMod["P00001"])
        let lift = try #require(byMod["P00002"])
        let contract = award.action.key.contract
        _ = try await store.ingest(IngestBatch(records: [award], seenAt: Self.time(0)))
        let slow = try #require(try await store.actions(of: [contract])[contract])

        // When another process stores the stop-work order and its events, then the lift, and
        // the slow classifier stores what it derived from the award alone
        _ = try await store.ingest(IngestBatch(records: [stop], seenAt: Self.time(1)))
        try await AfterWrite.reclassify([contract], in: store, detectedAt: Self.time(1))
        _ = try await store.ingest(IngestBatch(records: [lift], seenAt: Self.time(2)))
        let outdated = try await store.replaceEvents(
            [
                contract: ContractClassification(
                    events: EventClassifier().classify(contract: slow.actions), of: slow.actions)
            ],
            derivedFrom: [contract: slow.revision], detectedAt: Self.time(3))

        // Then its events are refused, the newer stop-work event stays, and the contract stays
        // flagged until a classification of what is stored now finds the lift
        #expect(outdated == [contract])
        #expect(try await store.events(EventQuery(types: [.stopWorkIssued])).map(\.action.modNumber) == ["P00001"])
        #expect(try await store.contractsNeedingClassification() == [contract])
        try await AfterWrite.reclassify([contract], in: store, detectedAt: Self.time(4))
        #expect(try await store.contractsNeedingClassification().isEmpty)
        let types = Set(try await store.events(EventQuery()).map(\.type))
        #expect(types.isSuperset(of: [.award, .stopWorkIssued, .stopWorkLifted]))
    }
}

/// The records of one sample file, as ingest makes them.
private func sampleRecords(_ url: URL) throws -> [IngestRecord] {
    let (results, _) = FPDSParser().parseAll(try Data(contentsOf: url), file: url.path)
    return try results.map { IngestPipeline.record(from: try $0.get(), source: url.path) }
}
