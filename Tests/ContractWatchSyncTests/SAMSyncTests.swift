import ContractWatchCore
import ContractWatchStorage
import ContractWatchSync
import FeedReplay
import Foundation
import TestSupport
import Testing

/// `sync --source sam` against GSA's published example records, served on loopback as the
/// Contract Awards API serves them: keyed, paged by page index, capped.
@Suite(.timeLimit(.minutes(2)))
struct SAMSyncTests {
    static let key = "test-key-7f3a9c"
    static let files = [
        "example1_dod_base_contracts_lastModified.json", "example2_purchase_orders_naics_or.json",
        "example6b_extract_file_json.json",
    ].map { TestData.awardFixture("sam-contract-awards/\($0)") }

    /// The three full records, last modified 2025-01-24, 2025-06-11 and 2025-07-15.
    static func days() throws -> ClosedRange<SyncDay> {
        try #require(SyncDay("2025-01-01"))...(try #require(SyncDay("2025-07-31")))
    }

    @Test func aCappedResultIsShardedByDaysAndEveryRecordLandsOnce() async throws {
        var api = try SAMAwards(files: Self.files, apiKeys: [Self.key])
        api.recordCap = 2
        let configuration = FeedReplayServer.Configuration(
            sam: api, faults: [.init(.status(500), on: .samPage(offset: 0), times: 2)])
        try await FeedReplayServer.withServer(configuration) { server in
            let store = try SQLiteStore.inMemory()
            // One window of seven months holds three records, over the cap of two: it is split by days.
            let source = SAMAwardsSource(apiURL: server.samURL, apiKey: Self.key, pageSize: 1, resultCap: 2)
            let plan = SyncPlan(query: FeedQuery(), days: try Self.days(), windowDays: 400)
            let report = try await SyncTesting.sync(store, from: source, plan, now: SyncTesting.later)
            #expect(report.failures.isEmpty, "\(report.failures)")
            #expect(report.rejections.isEmpty, "\(report.rejections)")
            #expect(report.newActions == 3)
            #expect(
                try await SyncTesting.versions(in: store) == (try await SyncTesting.versions(ingesting: Self.files)))
            // Every request carried the key as SAM.gov requires; nothing the store keeps does.
            #expect(server.requests.allSatisfy { $0[parameter: "api_key"] == Self.key })
            #expect(server.requests.allSatisfy { ($0[parameter: "limit"] ?? "") == "1" })
            let runs = try await store.recentSyncRuns(limit: 5)
            #expect(runs.first?.outcome == "succeeded")
            #expect(runs.allSatisfy { !"\($0)".contains(Self.key) })

            let again = try await SyncTesting.sync(store, from: source, plan, now: SyncTesting.later)
            #expect(again.newActions == 0 && again.newVersions == 0 && again.pages == 0)
        }
    }

    @Test func deletionsOfRecordsNeverSeenAreRejectedByPageAndRecord() async throws {
        // GSA's deleted-records example names only keys, of actions this store never held.
        let deleted = TestData.awardFixture("sam-contract-awards/example5_deleted_contracts_contractId_only.json")
        let api = try SAMAwards(files: Self.files, deletedFiles: [deleted], apiKeys: [Self.key])
        try await FeedReplayServer.withServer(FeedReplayServer.Configuration(sam: api)) { server in
            let store = try SQLiteStore.inMemory()
            let source = SAMAwardsSource(apiURL: server.samURL, apiKey: Self.key, deleted: true)
            let report = try await SyncTesting.sync(
                store, from: source, SyncPlan(query: FeedQuery(), days: try Self.days(), windowDays: 400))
            #expect(report.failures.isEmpty, "\(report.failures)")
            #expect(report.rejections.count == 5)
            #expect(report.rejections.allSatisfy { $0.file.hasPrefix(server.samURL) && $0.entry != nil })
            #expect(
                report.rejections.contains {
                    $0.message.hasPrefix(
                        "record 2: a deletion that names only its key (agency 9700, PIID SPE7M520V0512")
                }, "\(report.rejections)")
            #expect(try await store.statistics().actions == 0)
        }
    }

    @Test func aRefusedKeyFailsWithGSAsMessageAndNeverShowsTheKey() async throws {
        let api = try SAMAwards(files: Self.files, apiKeys: [Self.key])
        try await FeedReplayServer.withServer(FeedReplayServer.Configuration(sam: api)) { server in
            let store = try SQLiteStore.inMemory()
            let wrong = "wrong-key-123456"
            let source = SAMAwardsSource(apiURL: server.samURL, apiKey: wrong)
            let report = try await SyncTesting.sync(
                store, from: source, SyncPlan(query: FeedQuery(), days: try Self.days(), windowDays: 400))
            #expect(report.failures.count == 1)
            let failure = report.failures.first ?? ""
            #expect(failure.contains("HTTP 403") && failure.contains("An invalid API key was supplied"), "\(failure)")
            #expect(!failure.contains(wrong))
            // A refusal is not retried: the key will not become valid.
            #expect(server.requests.count == 1)
        }
    }

    @Test func queriesTranslateToTheAPIsParameters() throws {
        let source = SAMAwardsSource(apiKey: "k")
        let query = try FeedQuery(parsing: "VENDOR_UEI:\"MGWSQJMMLR59\" CONTRACT_TYPE:\"IDV\"")
        let day = try #require(SyncDay("2025-08-30"))
        let (url, shown) = try source.request(query.lastModified(day...day), page: 3)
        #expect(
            shown
                == "https://api.sam.gov/contract-awards/v1/search?awardeeUniqueEntityId=MGWSQJMMLR59&awardOrIDV=IDV"
                + "&lastModifiedDate=%5B08%2F30%2F2025%2C08%2F30%2F2025%5D&limit=100&offset=3")
        #expect(url.contains("api_key=k&"))
        #expect(throws: SyncError.self) {
            try source.request(try FeedQuery(parsing: "DESCRIPTION_OF_REQUIREMENT:\"x\""), page: 0)
        }
    }
}
