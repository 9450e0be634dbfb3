import ContractWatchCore
import FPDS
import Foundation
import GRDB
import StoreTesting
import TestSupport
import Testing

@testable import ContractWatchStorage

/// A search finds an action by the text of its current version only: when a correction replaces
/// a version, the words it took out are found no more. SQLite's index keeps no copy of its text
/// (`IndexedText`), so its rows are removed by the text they were made from, which these tests
/// prove exact: the index holds, term for term and place for place, what one rebuilt from the
/// store holds.
@Suite(.timeLimit(.minutes(3)))
struct FullTextIndexTests {
    /// The ICE award to Paragon, and a correction of it that changes every indexed text: the
    /// description, the vendor's name, the agency's and the office's names.
    static func awardAndCorrection() throws -> (award: IngestRecord, correction: IngestRecord) {
        let url = TestData.sample("reconstructed/paragon-ice.xml")
        let (results, _) = FPDSParser().parseAll(try Data(contentsOf: url), file: url.path)
        let award = IngestPipeline.record(from: try #require(results.first).get(), source: url.path)
        var correction = award
        correction.action.description = "Renewal of quokka telemetry licences"
        correction.action.vendorName = "ZEPHYR LABS LLC"
        correction.action.contractingAgency?.name = "OBSIDIAN BUREAU"
        correction.action.contractingOffice?.name = "MARMALADE OFFICE"
        correction.action.lastModifiedDate = FPDSDateTime(year: 2026, month: 2, day: 1)
        correction.contentHash = String(repeating: "c", count: 64)
        return (award, correction)
    }

    static let awardWords = ["proprietary", "paragon", "immigration", "reconstructed"]
    static let correctionWords = ["quokka", "zephyr", "obsidian", "marmalade"]

    @Test(arguments: StoreEngine.available)
    func aCorrectionsReplacedWordsAreFoundNoMore(engine: StoreEngine) async throws {
        let store = try await engine.makeStore()
        let (award, correction) = try Self.awardAndCorrection()
        func found(_ words: [String]) async throws -> [Int] {
            var counts: [Int] = []
            for word in words {
                var query = SearchQuery()
                query.terms = try SearchExpression(parsing: word)
                counts.append(try await store.search(query).actions.count)
            }
            return counts
        }
        _ = try await store.ingest(
            IngestBatch(records: [award], seenAt: try #require(Timestamp("2026-01-01T00:00:00Z"))))
        #expect(try await found(Self.awardWords) == [1, 1, 1, 1])
        #expect(try await found(Self.correctionWords) == [0, 0, 0, 0])

        _ = try await store.ingest(
            IngestBatch(records: [correction], seenAt: try #require(Timestamp("2026-02-02T00:00:00Z"))))
        #expect(try await found(Self.awardWords) == [0, 0, 0, 0])
        #expect(try await found(Self.correctionWords) == [1, 1, 1, 1])

        // A later correction publishes the award's text again.
        var restored = award
        restored.action.lastModifiedDate = FPDSDateTime(year: 2026, month: 3, day: 1)
        restored.contentHash = String(repeating: "d", count: 64)
        _ = try await store.ingest(
            IngestBatch(records: [restored], seenAt: try #require(Timestamp("2026-03-02T00:00:00Z"))))
        #expect(try await found(Self.awardWords) == [1, 1, 1, 1])
        #expect(try await found(Self.correctionWords) == [0, 0, 0, 0])
    }

    /// After the samples and two corrections of one of their actions, the index holds exactly
    /// what one made afresh from the store holds: no term of a replaced version stays behind.
    @Test func theIndexHoldsWhatARebuildHolds() async throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path)
        _ = try await IngestPipeline(store: store).run(paths: [TestData.samples.path])
        let (award, correction) = try Self.awardAndCorrection()
        var restored = award
        restored.action.lastModifiedDate = FPDSDateTime(year: 2026, month: 3, day: 1)
        restored.contentHash = String(repeating: "d", count: 64)
        for (day, record) in [correction, restored].enumerated() {
            _ = try await store.ingest(
                IngestBatch(records: [record], seenAt: try #require(Timestamp("2026-0\(day + 2)-02T00:00:00Z"))))
        }
        let (terms, differing) = try await Self.indexAgainstRebuild(of: store)
        #expect(terms > 10_000)
        #expect(differing == [])
    }

    /// The index's keys never order two actions against the listing (signed date as stored,
    /// then ordering key): keys of different runs order as the listing does, for dates at
    /// midnight or not, alone, missing or out of range, and the actions of a day signed at
    /// midnight spread over its slots.
    @Test func keysOrderAsTheListingDoes() {
        let dates = [
            "", "2024-10-08", "2024-10-08T00:00:00", "2024-10-08T09:30:00", "2024-10-09T00:00:00",
            "2025-08-29T00:00:00", "2025-08-29T23:59:59", "2025-13-40T00:00:00", "2025-19-01T00:00:00",
            "9999-12-31T00:00:00",
        ]
        var generator = SystemRandomNumberGenerator()
        let actions = (0..<12_000).map { index in
            (
                date: dates[index % dates.count], ordering: Int64.random(in: .min ... .max, using: &generator),
                id: Int64(index + 1)
            )
        }
        // In the listing's order, runs never go back.
        let listed = actions.sorted {
            $0.date == $1.date ? $0.ordering < $1.ordering : $0.date.utf8.lexicographicallyPrecedes($1.date.utf8)
        }
        let keys = listed.map { FullTextKey.key(signedDate: $0.date, orderingKey: $0.ordering, actionID: $0.id) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { FullTextKey.run(ofKey: $0) <= FullTextKey.run(ofKey: $1) })
        #expect(zip(keys, listed).allSatisfy { $0 > 0 && $0 & FullTextKey.actionIDMask == $1.id })
        let slots = Set(
            actions.filter { $0.date == "2025-08-29T00:00:00" }.map {
                FullTextKey.slot(signedDate: $0.date, orderingKey: $0.ordering)
            })
        #expect(slots.count > 120 && slots.isSubset(of: 1...128))
    }

    /// How many term instances (term, row, column, place) the store's index holds, and the first
    /// of those that differ between it and an index made afresh from the text each action's
    /// columns give (`IndexedText`), in either.
    static func indexAgainstRebuild(of store: SQLiteStore) async throws -> (terms: Int, differing: [String]) {
        try await store.writer.write { db in
            try db.execute(
                sql: """
                    CREATE VIRTUAL TABLE temp.rebuilt USING fts5(
                        description, vendor_name, agency_name, office_name,
                        content = '', columnsize = 0, tokenize = 'porter unicode61'
                    );
                    CREATE VIRTUAL TABLE temp.kept_terms USING fts5vocab(main, action_search, 'instance');
                    CREATE VIRTUAL TABLE temp.rebuilt_terms USING fts5vocab(temp, rebuilt, 'instance');
                    """)
            try IndexedText.forEachRow(in: db) { key, text in
                try db.execute(
                    sql: IndexedText.insert.replacingOccurrences(of: "INTO action_search", with: "INTO temp.rebuilt"),
                    arguments: [key, text.description, text.vendorName, text.agencyName, text.officeName])
            }
            func terms(_ table: String) throws -> Set<String> {
                Set(
                    try String.fetchAll(
                        db, sql: "SELECT term || ' ' || doc || ' ' || col || ' ' || offset FROM temp.\(table)"))
            }
            defer {
                try? db.execute(
                    sql: "DROP TABLE temp.kept_terms; DROP TABLE temp.rebuilt_terms; DROP TABLE temp.rebuilt")
            }
            let kept = try terms("kept_terms")
            return (kept.count, Array(kept.symmetricDifference(try terms("rebuilt_terms")).sorted().prefix(10)))
        }
    }
}
