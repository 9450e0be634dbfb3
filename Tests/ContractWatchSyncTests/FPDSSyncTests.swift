import ContractWatchCore
import ContractWatchStorage
import ContractWatchSync
import FeedReplay
import Foundation
import TestSupport
import Testing

/// `sync --source fpds` against real feed pages replayed on loopback, through the faults a live
/// feed shows: errors, stalls, truncated and garbled pages, entries that shift while a client pages.
@Suite(.timeLimit(.minutes(3)))
struct FPDSSyncTests {
    /// A 7-page real result (one IDV's history), served verbatim.
    static let directory = "N0001915D0003__7dce87dd6b44"
    static let query = "PIID:\"N0001915D0003\""

    static func pages() -> [URL] { TestData.xmlFiles(under: SyncTesting.harvest(directory)) }

    @Test func aSyncThroughFaultsStoresEveryEntryOnceAndARepeatAddsNothing() async throws {
        let faults: [FeedReplayServer.Fault] = [
            .init(.status(500), on: .feedPage(start: 10), times: 2),
            .init(.status(503), on: .feedPage(start: 20)),
            .init(.truncatedBody(bytes: 4_000), on: .feedPage(start: 30)),
            .init(.htmlErrorPage, on: .feedPage(start: 40)),
            .init(.delay(.seconds(30)), on: .feedPage(start: 50)),
            .init(.droppedConnection(afterBytes: 2_000), on: .feedPage(start: 60)),
        ]
        let configuration = FeedReplayServer.Configuration(
            recorded: [RecordedQuery(query: Self.query, directory: SyncTesting.harvest(Self.directory))],
            faults: faults)
        try await FeedReplayServer.withServer(configuration) { server in
            let store = try SQLiteStore.inMemory()
            let source = FPDSFeedSource(feedURL: server.feedURL)
            let plan = SyncPlan(query: try FeedQuery(parsing: Self.query), days: nil)

            let first = try await SyncTesting.sync(store, from: source, plan)
            #expect(first.failures.isEmpty, "\(first.failures)")
            #expect(first.rejections.isEmpty)
            #expect(first.retries >= 7, "every injected fault costs a retry")
            // Every entry of the real result is stored exactly once, as ingesting the pages does.
            let expected = try await SyncTesting.versions(ingesting: Self.pages())
            #expect(try await SyncTesting.versions(in: store) == expected)
            #expect(first.newActions == expected.count)

            // A query synced whole is never final: every sync pages it again, and adds nothing.
            for _ in 0..<5 {
                let again = try await SyncTesting.sync(store, from: source, plan)
                #expect(again.failures.isEmpty, "\(again.failures)")
                #expect(again.newActions == 0 && again.newVersions == 0)
            }
            #expect(try await SyncTesting.versions(in: store) == expected)
            // The Paragon-style lifecycle is derived from synced records as from files.
            #expect(try await store.contractsNeedingClassification().isEmpty)
        }
    }

    @Test func aPageThatNeverReadsFailsItsWindowWithTheURLAndTheProblem() async throws {
        let configuration = FeedReplayServer.Configuration(
            recorded: [RecordedQuery(query: Self.query, directory: SyncTesting.harvest(Self.directory))],
            faults: [.init(.truncatedBody(bytes: 3_000), on: .feedPage(start: 20), times: nil)])
        try await FeedReplayServer.withServer(configuration) { server in
            let store = try SQLiteStore.inMemory()
            let source = FPDSFeedSource(feedURL: server.feedURL)
            let plan = SyncPlan(query: try FeedQuery(parsing: Self.query), days: nil)
            let report = try await SyncTesting.sync(store, from: source, plan)
            #expect(report.failures.count == 1)
            #expect(report.failures.first?.contains("start=20") == true, "\(report.failures)")
            #expect(report.failures.first?.contains("6 attempts") == true, "\(report.failures)")
            let key = SyncWindowKey(
                source: "fpds", endpoint: source.endpoint, query: Self.query, from: nil, to: nil)
            let window = try await store.syncWindow(key, at: .now)
            #expect(window.error?.contains("start=20") == true && window.completedAt == nil && !window.isFinal)
            // The other pages are stored and checkpointed: a later sync fetches only what is missing.
            server.removeAllFaults()
            server.removeAllRequests()
            let resumed = try await SyncTesting.sync(store, from: source, plan)
            #expect(resumed.failures.isEmpty)
            #expect(try await store.syncWindow(key, at: .now).error == nil)
            let fetched = server.requests.compactMap(\.start)
            #expect(fetched.filter { $0 != 0 && $0 != 60 } == [20], "fetched again: \(fetched)")
            #expect(
                try await SyncTesting.versions(in: store) == (try await SyncTesting.versions(ingesting: Self.pages())))
        }
    }

    /// Two busy days of the harvest (78 real entries), served by the simulated feed by day.
    static func busyDays() throws -> ClosedRange<SyncDay> {
        try #require(SyncDay("2022-09-05"))...(try #require(SyncDay("2022-09-06")))
    }

    @Test func entriesThatShiftWhilePagingAreNeitherLostNorDoubled() async throws {
        let feed = try SimulatedFeed(pages: SyncTesting.harvestPages)
        let busyDay = try feed.matches("LAST_MOD_DATE:[2022/09/05,2022/09/05]", in: .public)
        #expect(busyDay.count > 30)
        // Mid-pull, one record is withdrawn from the front of the day (every later entry slides back
        // one place, onto pages already read) and another, modified that day, appears at the front.
        let configuration = FeedReplayServer.Configuration(
            simulated: feed,
            faults: [
                .init(.shift(.removeFirst), on: .feedPage(start: 20), times: 1),
                .init(.status(500), on: .feedPage(start: 30), times: 1),
            ])
        try await FeedReplayServer.withServer(configuration) { server in
            let store = try SQLiteStore.inMemory()
            let source = FPDSFeedSource(feedURL: server.feedURL)
            let plan = SyncPlan(query: FeedQuery(), days: try Self.busyDays())
            let report = try await SyncTesting.sync(store, from: source, plan, now: SyncTesting.later)
            #expect(report.failures.isEmpty, "\(report.failures)")
            #expect(report.windows == 2)
            // Nothing lost: every entry of the first day, including the one that slid onto page 0
            // after it was read, and of the second day all but the record withdrawn before it was
            // paged, is stored once.
            let secondDay = try feed.matches("LAST_MOD_DATE:[2022/09/06,2022/09/06]", in: .public)
            let expected = busyDay + secondDay.dropFirst()
            let stored = try await store.statistics()
            #expect(stored.actions == Set(expected.map { "\($0.agencyID) \($0.piid) \($0.modNumber)" }).count)
            #expect(stored.versions == stored.actions)
            // The window that shifted was paged twice; the other once.
            let passes = server.requests.filter { $0.start == 0 }.count
            #expect(passes >= 5, "page 0 of each pass and each closing check: \(passes)")

            // Both days are now final: a repeat fetches nothing and adds nothing.
            server.removeAllRequests()
            let again = try await SyncTesting.sync(store, from: source, plan, now: SyncTesting.later)
            #expect(again.windowsSkipped == 2 && again.pages == 0)
            #expect(server.requests.isEmpty)
        }
    }

    @Test func anEntryInsertedMidPullIsStoredOnceThoughTwoPagesCarryIt() async throws {
        let all = try SimulatedFeed(pages: SyncTesting.harvestPages)
        let day = try all.matches("LAST_MOD_DATE:[2022/09/05,2022/09/05]", in: .public)
        let late = try #require(day.last)
        let feed = SimulatedFeed(entries: all.entries.filter { $0 != late })
        let configuration = FeedReplayServer.Configuration(
            simulated: feed, faults: [.init(.shift(.insertAtFront(late)), on: .feedPage(start: 10))])
        try await FeedReplayServer.withServer(configuration) { server in
            let store = try SQLiteStore.inMemory()
            let source = FPDSFeedSource(feedURL: server.feedURL)
            let plan = SyncPlan(
                query: FeedQuery(), days: try Self.busyDays().lowerBound...Self.busyDays().lowerBound)
            let report = try await SyncTesting.sync(store, from: source, plan, concurrency: 1, now: SyncTesting.later)
            #expect(report.failures.isEmpty, "\(report.failures)")
            #expect(try await store.statistics().actions == day.count)
            #expect(report.unchanged > 0, "the entries repeated across pages were recognised")
        }
    }

    @Test func queriesAreBuiltAndCheckedAsTheFeedWritesThem() throws {
        let query = try FeedQuery(parsing: "PIID:\"70CMSD24P00000009\" AGENCY_CODE:\"7012\"")
        let day = try #require(SyncDay("2025-08-30"))
        #expect(
            query.lastModified(day...day).description
                == "PIID:\"70CMSD24P00000009\" AGENCY_CODE:\"7012\" LAST_MOD_DATE:[2025/08/30,2025/08/30]")
        #expect(
            try FeedQuery(parsing: "DEPARTMENT_NAME:GENERAL SERVICES ADMINISTRATION CONTRACT_TYPE:\"IDV\"").terms.count
                == 2)
        #expect(
            try FeedQuery(parsing: "OBLIGATED_AMOUNT:[10000,12000000]").description
                == "OBLIGATED_AMOUNT:[10000,12000000]")
        #expect(throws: SyncError.self) { try FeedQuery(parsing: "PIDD:\"X\"") }
        #expect(throws: SyncError.self) { try FeedQuery(parsing: "LAST_MOD_DATE:[2025-08-30,2025-08-31]") }
        #expect(throws: SyncError.self) { try FeedQuery(parsing: "PIID:\"unclosed") }
        let (url, _) = try FPDSFeedSource(feedURL: "https://www.fpds.gov/ezsearch/FEEDS/ATOM").request(
            try FeedQuery(parsing: "PIID:\"W56HZV13D0008\""), page: 10)
        #expect(url.hasSuffix("&q=PIID%3A%22W56HZV13D0008%22&start=10"))
        #expect(
            try query.samParameters().map { "\($0.name)=\($0.value)" } == [
                "piid=70CMSD24P00000009", "piidSubtierCode=7012",
            ])
    }
}

/// `sync --source fpds-deleted`: the DELETED feed's entries become deletion versions.
@Suite(.timeLimit(.minutes(2)))
struct DeletedFeedSyncTests {
    @Test func deletedRecordsStayVisibleAsDeletedWithEvents() async throws {
        // No page of the DELETED feed is public; real public entries of one contract play its records
        // (the feed's entries have the same shape).
        let contract = SyncTesting.harvest("SAQMMA12C1103__f69f81b8c082")
        let pages = TestData.xmlFiles(under: contract)
        let deletedPage = try #require(pages.last)
        let feed = try SimulatedFeed(pages: pages, deletedPages: [deletedPage])
        try await FeedReplayServer.withServer(FeedReplayServer.Configuration(simulated: feed)) { server in
            let store = try SQLiteStore.inMemory()
            let plan = SyncPlan(query: try FeedQuery(parsing: "PIID:\"SAQMMA12C1103\""), days: nil)
            let published = try await SyncTesting.sync(store, from: FPDSFeedSource(feedURL: server.feedURL), plan)
            #expect(published.failures.isEmpty)
            let withdrawn = try await SyncTesting.sync(
                store, from: FPDSFeedSource(feedURL: server.feedURL, feed: .deleted), plan)
            #expect(withdrawn.failures.isEmpty, "\(withdrawn.failures)")
            #expect(withdrawn.newVersions == feed.deletedEntries.count && withdrawn.newActions == 0)

            let current = try await store.actions(agencyID: "1900", piid: "SAQMMA12C1103")
            let deleted = current.filter { $0.action.isDeleted }
            #expect(deleted.count == feed.deletedEntries.count)
            #expect(deleted.allSatisfy { $0.source == "\(server.feedURL)?FEEDNAME=DELETED" })
            let events = try await store.events(EventQuery(types: [.recordDeleted]))
            #expect(events.count == feed.deletedEntries.count)

            let again = try await SyncTesting.sync(
                store, from: FPDSFeedSource(feedURL: server.feedURL, feed: .deleted), plan)
            #expect(again.newVersions == 0 && again.newActions == 0)
        }
    }
}
