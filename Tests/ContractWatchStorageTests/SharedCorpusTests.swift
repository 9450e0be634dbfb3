import ContractWatchCore
import ContractWatchStorage
import Foundation
import StoreTesting
import TestSupport
import Testing

/// Sweeps the whole shared FPDS corpus (about 3,600 real actions beside the checkout) when this
/// machine has it; a user's clone does not, and then the suite says it skipped.
@Suite(.timeLimit(.minutes(5)))
struct SharedCorpusTests {
    @Test(
        .enabled(if: TestData.sharedData != nil, "../shared/data is not present beside this checkout"),
        arguments: StoreEngine.available)
    func ingestsAndClassifiesTheSharedCorpus(engine: StoreEngine) async throws {
        let shared = try #require(TestData.sharedData)
        let files = TestData.xmlFiles(under: shared).map(\.path)
        #expect(files.count > 400)

        let store = try await engine.makeStore()
        let summary = try await IngestPipeline(store: store).run(paths: files)
        #expect(summary.rejections.isEmpty, "\(summary.rejections.map(\.description))")
        #expect(summary.entries > 3500)

        // Every text-derived event quotes the sentence it read, exactly as published.
        let events = try await store.events(EventQuery(types: [.stopWorkIssued, .stopWorkLifted, .reinstated]))
        #expect(events.count >= 18)
        for event in events {
            let evidence = try #require(event.evidence.first)
            #expect(evidence.text?.isEmpty == false && evidence.start != nil && evidence.end != nil)
        }
        // The corpus's known carry-over (36C10G19D0038 P00002 repeats P00001) is not an event.
        #expect(!events.contains { $0.action.piid == "36C10G19D0038" && $0.action.modNumber == "P00002" })
    }
}
