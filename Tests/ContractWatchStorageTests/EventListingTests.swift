import ContractWatchCore
import ContractWatchStorage
import FPDS
import Foundation
import StoreTesting
import TestSupport
import Testing

/// People, the API and feeds list events newest first, a page at a time: the 2025 stop-work lift
/// is on the first page, and following the cursors reads every event once, in order.
@Suite(.timeLimit(.minutes(3)))
struct EventListingTests {
    @Test(arguments: StoreEngine.available) func pagesWalkEveryEventNewestFirstOnce(engine: StoreEngine) async throws {
        // Given the samples
        let store = try await engine.makeStore()
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
        let chronological = try await store.events(EventQuery())

        // When a reader follows the cursors 97 events at a time
        var listed: [ProcurementEvent] = []
        var cursor: EventCursor?
        var pages = 0
        repeat {
            let page = try await store.eventPage(EventQuery(limit: 97), after: cursor)
            listed += page.events
            cursor = page.nextCursor.flatMap { EventCursor(token: $0.token) }
            pages += 1
        } while cursor != nil && pages < 100

        // Then they read every event once, newest first, undated events last
        #expect(listed.count == chronological.count)
        #expect(Set(listed.map(\.id)).count == listed.count)
        let dated = listed.compactMap(\.date)
        #expect(dated == dated.sorted(by: >))
        #expect(listed.drop { $0.date != nil }.allSatisfy { $0.date == nil })
        // and the newest lift, the Paragon one of 2025, is on the first page
        let first = try await store.eventPage(EventQuery(types: [.stopWorkLifted], limit: 1), after: nil)
        #expect(first.events.map(\.action.piid) == ["70CMSD24RECON0001"])
        #expect(first.nextCursor != nil)
        // with its vendor and agency named
        let parties = try #require(first.events.first?.parties)
        #expect(parties.vendorName == "PARAGON SOLUTIONS (US) INC.")
        #expect(parties.agencyID == "7012")
        #expect(first.events.first?.headline.contains("PARAGON SOLUTIONS (US) INC.") == true)
    }

    /// An agency's events (read by the events' agency indexes, two ranges per code) are the events
    /// of the actions a search of the agency finds, listed in the listing's order, oldest first or
    /// newest first page by page along the cursors, with and without a type.
    @Test(arguments: StoreEngine.available) func anAgencysEventsAreThoseOfTheActionsItsSearchFinds(
        engine: StoreEngine
    ) async throws {
        let store = try await engine.makeStore()
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
        let chronological = try await store.events(EventQuery())
        let newestFirst = try await store.events(EventQuery(order: .newestFirst(after: nil)))
        for code in ["9700", "1700", "2100", "7000", "7012", "1900", "4732"] {
            var search = SearchQuery()
            (search.agency, search.limit, search.withFacets) = (code, 200, false)
            var actions: Set<ActionKey> = []
            repeat {
                let page = try await store.search(search)
                actions.formUnion(page.actions.map(\.action.key))
                search.after = page.nextCursor
            } while search.after != nil
            #expect(!actions.isEmpty, "\(code)")
            for types in [[], [EventType.award]] as [Set<EventType>] {
                var query = EventQuery(types: types)
                query.agency = code
                let expected = chronological.filter {
                    actions.contains($0.action) && (types.isEmpty || types.contains($0.type))
                }
                #expect(try await store.events(query).map(\.id) == expected.map(\.id), "\(code) \(types)")
                #expect(!types.isEmpty || !expected.isEmpty, "\(code)")

                query.limit = 13
                var listed: [String] = []
                var cursor: EventCursor?
                repeat {
                    let page = try await store.eventPage(query, after: cursor)
                    listed += page.events.map(\.id)
                    cursor = page.nextCursor
                } while cursor != nil
                let expectedNewestFirst = newestFirst.filter {
                    actions.contains($0.action) && (types.isEmpty || types.contains($0.type))
                }
                #expect(listed == expectedNewestFirst.map(\.id), "\(code) \(types)")
            }
        }
    }

    @Test(arguments: StoreEngine.available) func agencyAndAmountFiltersSelectAsSearchDoes(
        engine: StoreEngine
    ) async throws {
        let store = try await engine.makeStore()
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
        let all = try await store.events(EventQuery())

        // A department's code takes in its agencies: 9700 finds the Army's and the Navy's lifts
        var defense = EventQuery(types: [.stopWorkLifted])
        defense.agency = "9700"
        let lifts = try await store.events(defense)
        #expect(!lifts.isEmpty)
        #expect(lifts.allSatisfy { $0.parties?.departmentID == "9700" })
        #expect(!lifts.contains { $0.action.piid == "70CMSD24RECON0001" })
        var army = defense
        army.agency = "2100"
        let armyLifts = try await store.events(army)
        #expect(!armyLifts.isEmpty && armyLifts.count < lifts.count)
        #expect(Set(armyLifts.map(\.id)).isSubset(of: Set(lifts.map(\.id))))

        // A minimum amount keeps events that large either way, and drops those without an amount
        var large = EventQuery()
        large.minimumAmount = 1_000_000
        let expected = all.filter { ($0.amount?.decimal).map { abs($0) >= 1_000_000 } ?? false }.map(\.id)
        #expect(!expected.isEmpty)
        #expect(try await store.events(large).map(\.id) == expected)
    }
}
