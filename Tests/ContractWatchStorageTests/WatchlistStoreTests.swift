import ContractWatchCore
import ContractWatchStorage
import FPDS
import Foundation
import StoreTesting
import TestSupport
import Testing

/// Watchlists on a real store over the real samples: ingest-time screening with the built-in
/// list, re-screening of history, judgements, keyword and agency entries.
@Suite(.timeLimit(.minutes(3)))
struct WatchlistStoreTests {
    /// The real look-alike in the samples: a federal IT contractor, not the spyware vendor.
    static let decoyPIID = "HHSN316201300006W"
    /// 2026-11-25T12:00:00Z.
    static let time = Timestamp(utc: FPDSDateTime(year: 2026, month: 11, day: 25, hour: 12))

    private func ingestedSamples(_ engine: StoreEngine) async throws -> any RecordStore {
        let store = try await engine.makeStore()
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
        return store
    }

    @Test(arguments: StoreEngine.available) func theBuiltInListFlagsTheParagonLifecycleAndNotTheLookAlike(
        engine: StoreEngine
    ) async throws {
        let store = try await ingestedSamples(engine)
        let events = try await store.events(EventQuery(watchlist: "commercial-spyware"))
        #expect(Set(events.map(\.action.piid)) == ["70CMSD24RECON0001"])
        let types = Set(events.map(\.type))
        #expect(types.isSuperset(of: [.award, .stopWorkIssued, .stopWorkLifted]))
        let lift = try #require(events.first { $0.type == .stopWorkLifted })
        let match = try #require(lift.watchlistEntries.first { $0.entryID == "paragon-solutions-us" })
        #expect(match.score == 1)
        #expect(!match.historical)
        #expect(match.features.map(\.rule) == ["name.vendor", "name.equal", "country.same"])

        // The look-alike is stored, but matched to nothing.
        let decoy = try await store.actions(agencyID: "7529", piid: Self.decoyPIID)
        #expect(decoy.contains { $0.action.vendorName == "PARAGON TECHNOLOGY GROUP, INC." })
        #expect(
            try await store.events(EventQuery(contract: ("7529", Self.decoyPIID))).allSatisfy {
                $0.watchlistEntries.isEmpty
            })
    }

    @Test(arguments: StoreEngine.available) func addingAnEntryScreensHistoryAndFlagsItHistorical(
        engine: StoreEngine
    ) async throws {
        let store = try await ingestedSamples(engine)
        let service = WatchlistService(store: store)
        let entry = WatchlistEntry(id: "paragon-tech", kind: .vendor, name: "Paragon Technology Group Inc")
        let (changed, screening) = try await service.save(
            Watchlist(name: "it-vendors", entries: [entry]), replacingEntries: false, at: Self.time)
        #expect(changed == ["paragon-tech"])
        #expect(screening.actionsScreened > 700)
        #expect(screening.newMatches == 3)  // the decoy's three actions on the sample page
        let events = try await store.events(EventQuery(watchlist: "it-vendors"))
        #expect(!events.isEmpty)
        #expect(events.allSatisfy { $0.action.piid == Self.decoyPIID })
        #expect(
            events.flatMap(\.watchlistEntries).allSatisfy { $0.historical && $0.matchedAt == Self.time.description })

        // Saving the same list again changes nothing and screens nothing.
        let (unchanged, again) = try await service.save(
            Watchlist(name: "it-vendors", entries: [entry]), replacingEntries: false, at: Self.time)
        #expect(unchanged.isEmpty && again.actionsScreened == 0)
    }

    @Test(arguments: StoreEngine.available) func aDisabledListMatchesButMakesNoAlertsUntilEnabled(
        engine: StoreEngine
    ) async throws {
        // Given the built-in list disabled before the Paragon records arrive
        let store = try await engine.makeStore()
        let service = WatchlistService(store: store)
        try await service.installBuiltIns(at: Self.time)
        #expect(try await service.setEnabled("commercial-spyware", false, at: Self.time) == (true, 0))
        #expect(try await service.setEnabled("no-such-list", false, at: Self.time) == (false, 0))

        // When they are ingested
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])

        // Then the list still matches the lift, stays disabled, and has made no alert
        let summary = try #require(try await store.watchlistSummaries().first { $0.name == "commercial-spyware" })
        #expect(summary.isBuiltIn && !summary.isEnabled && summary.matches > 0)
        #expect(
            try await store.events(EventQuery(watchlist: "commercial-spyware")).contains { $0.type == .stopWorkLifted })
        #expect(try await store.alerts(watchlist: "commercial-spyware", since: nil, limit: 100).isEmpty)

        // and enabling it alerts what it matched meanwhile, the lift included, once
        let (found, created) = try await service.setEnabled("commercial-spyware", true, at: Self.time)
        let alerts = try await store.alerts(watchlist: "commercial-spyware", since: nil, limit: 100)
        #expect(found && created > 0 && alerts.count == created)
        #expect(alerts.contains { $0.event.type == .stopWorkLifted && $0.entryID == "paragon-solutions-us" })
        #expect(try await service.setEnabled("commercial-spyware", true, at: Self.time) == (true, 0))
    }

    @Test(arguments: StoreEngine.available) func aRejectedPairIsNeverMatchedAgainAcrossReingest(
        engine: StoreEngine
    ) async throws {
        let store = try await ingestedSamples(engine)
        let service = WatchlistService(store: store)
        // A newsroom's receiver subscribed to the list, and a delivery already made to it.
        _ = try await store.saveWebhook(
            url: "https://hooks.example.org/it", watchlist: "it-vendors", format: .json, secret: "whsec_test",
            at: Self.time)
        let entry = WatchlistEntry(id: "paragon-tech", kind: .vendor, name: "Paragon Technology Group Inc")
        _ = try await service.save(
            Watchlist(name: "it-vendors", entries: [entry]), replacingEntries: false, at: Self.time)
        let vendorKey = try #require(
            try await store.events(EventQuery(watchlist: "it-vendors")).first?.watchlistEntries.first?.vendorKey)
        #expect(vendorKey == "uei:SQCFFDXBQJ78")
        let alerts = try await store.alerts(watchlist: "it-vendors", since: nil, limit: 100)
        let due = try await store.dueDeliveries(at: Self.time, limit: 100)
        #expect(alerts.count >= 2 && due.count == alerts.count)
        let sent = try #require(due.first)
        try await store.recordAttempt(
            alertID: sent.alert.id, webhookID: sent.webhookID, delivered: true, error: nil, nextAttempt: nil,
            at: Self.time)

        _ = try await service.judge(
            Judgement(
                watchlist: "it-vendors", entryID: "paragon-tech", vendorKey: vendorKey, same: false,
                note: "checked by hand", decidedAt: Self.time.description), at: Self.time)
        #expect(try await store.events(EventQuery(watchlist: "it-vendors")).isEmpty)
        // The alerts not yet sent are withdrawn; the one sent stays, as the record of what was sent.
        #expect(try await store.dueDeliveries(at: Self.time, limit: 100).isEmpty)
        #expect(try await store.alerts(watchlist: "it-vendors", since: nil, limit: 100).map(\.id) == [sent.alert.id])

        // Re-ingesting and re-screening everything does not bring it back.
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
        _ = try await store.screen(
            ScreeningScope(), with: try await service.screener(), historical: true, at: Self.time)
        #expect(try await store.events(EventQuery(watchlist: "it-vendors")).isEmpty)
        #expect(try await store.judgements().map(\.note) == ["checked by hand"])

        // An unknown entry is refused by name.
        await #expect(throws: WatchlistError.self) {
            _ = try await service.judge(
                Judgement(
                    watchlist: "it-vendors", entryID: "nope", vendorKey: vendorKey, same: false, note: nil,
                    decidedAt: Self.time.description), at: Self.time)
        }
    }

    @Test(arguments: StoreEngine.available) func keywordAndAgencyEntriesMatchByQueryAndCode(
        engine: StoreEngine
    ) async throws {
        let store = try await ingestedSamples(engine)
        let service = WatchlistService(store: store)
        let entries = [
            WatchlistEntry(id: "stop-work", kind: .keyword, name: "stop-work orders", query: "\"stop work\""),
            WatchlistEntry(id: "ice", kind: .agency, name: "ICE", codes: ["7012"]),
        ]
        let (_, screening) = try await service.save(
            Watchlist(name: "desk", entries: entries), replacingEntries: false, at: Self.time)
        #expect(screening.newMatchesByEntry[WatchlistEntryReference(watchlist: "desk", entryID: "ice")] == 3)
        #expect(
            (screening.newMatchesByEntry[WatchlistEntryReference(watchlist: "desk", entryID: "stop-work")] ?? 0) > 10)
        let lifts = try await store.events(EventQuery(types: [.stopWorkLifted], watchlist: "desk"))
        #expect(lifts.count >= 10)
        #expect(lifts.allSatisfy { $0.watchlistEntries.contains { $0.features.first?.rule == "keyword.query" } })

        // A query the search language cannot read is refused when saved, naming the entry.
        let broken = WatchlistEntry(id: "broken", kind: .keyword, name: "broken", query: "\"unterminated")
        await #expect(throws: WatchlistError.self) {
            _ = try await service.save(
                Watchlist(name: "desk", entries: [broken]), replacingEntries: false, at: Self.time)
        }
        #expect(try await store.watchlists().first { $0.name == "desk" }?.entries.count == 2)
    }

    @Test(arguments: StoreEngine.available) func aRemovedBuiltInListStaysRemoved(engine: StoreEngine) async throws {
        let store = try await ingestedSamples(engine)
        #expect(try await store.removeWatchlist("commercial-spyware", entry: nil))
        _ = try await IngestPipeline(store: store).run(paths: [TestData.sample("reconstructed").path])
        #expect(try await store.watchlistSummaries().isEmpty)
        #expect(try await store.events(EventQuery(watchlist: "commercial-spyware")).isEmpty)
    }

    /// Events derived after their matches were stored (as `events --reclassify` does after an
    /// upgrade adds a rule) get their alerts in the same run.
    @Test(arguments: StoreEngine.available) func reclassifyingEverythingCreatesTheAlertsOfNewEvents(
        engine: StoreEngine
    ) async throws {
        let store = try await ingestedSamples(engine)
        // The decoy's contract as an older build left it: no events.
        let decoy = try #require(try await store.allContracts().first { $0.piid == Self.decoyPIID })
        let snapshot = try #require(try await store.actions(of: [decoy])[decoy])
        #expect(
            try await store.replaceEvents(
                [decoy: ContractClassification(events: [], of: snapshot.actions)],
                derivedFrom: [decoy: snapshot.revision],
                detectedAt: Self.time
            ).isEmpty)
        let service = WatchlistService(store: store)
        let entry = WatchlistEntry(id: "paragon-tech", kind: .vendor, name: "Paragon Technology Group Inc")
        let (_, screening) = try await service.save(
            Watchlist(name: "it-vendors", entries: [entry]), replacingEntries: false, at: Self.time)
        #expect(screening.newMatches == 3)
        #expect(try await store.alerts(watchlist: "it-vendors", since: nil, limit: 100).isEmpty)

        let done = try await AfterWrite(store: store, screener: try await service.screener())
            .run(.everything, at: try #require(Timestamp("2026-11-26T00:00:00Z")))
        #expect(done.contractsClassified == (try await store.allContracts()).count)
        let alerts = try await store.alerts(watchlist: "it-vendors", since: nil, limit: 100)
        #expect(!alerts.isEmpty)
        #expect(alerts.allSatisfy { $0.event.action.piid == Self.decoyPIID && $0.entryID == "paragon-tech" })
        #expect(done.alertsCreated == alerts.count)
        #expect(
            alerts.allSatisfy {
                $0.id == Alert.id(eventID: $0.event.id, watchlist: "it-vendors", entryID: "paragon-tech")
            })

        // Run again, nothing is new.
        let again = try await AfterWrite(store: store, screener: try await service.screener())
            .run(.everything, at: try #require(Timestamp("2026-11-27T00:00:00Z")))
        #expect(again.alertsCreated == 0 && again.screening.newMatches == 0)
    }
}
