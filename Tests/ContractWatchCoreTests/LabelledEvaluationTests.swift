import ContractWatchCore
import FPDS
import Foundation
import TestSupport
import Testing

/// Precision and recall of the lifecycle events against the hand-labelled real records in
/// `Fixtures/event-labels.jsonl` (every label has its reason there).
@Suite struct LabelledEvaluationTests {
    struct Label: Decodable {
        var file: String
        var entryIndex: Int
        var modNumber: String
        var events: [String]
        /// Whether the termination or cancellation covers only part of the contract.
        var partial: Bool
        var reason: String
    }

    /// The types the suite must get right at ≥ 0.95 precision and recall. `work_suspended` and
    /// `work_resumed` have no labelled occurrence, so for them this gates false positives.
    static let gated: Set<EventType> = [
        .stopWorkIssued, .stopWorkLifted, .workSuspended, .workResumed, .terminatedForConvenience,
        .terminatedForDefault, .terminatedForCause, .cancelled,
    ]

    @Test func lifecycleEventsMeetTheThresholds() throws {
        let fixture = TestData.projectRoot.appendingPathComponent(
            "Tests/ContractWatchCoreTests/Fixtures/event-labels.jsonl")
        let labels = try String(contentsOf: fixture, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(Label.self, from: Data($0.utf8)) }
        #expect(labels.count > 500)

        // Parse every labelled file; key each action by (file, entry index).
        var actionsByPosition: [String: ContractAction] = [:]
        for file in Set(labels.map(\.file)) {
            let url = TestData.projectRoot.appendingPathComponent(file)
            let (results, _) = FPDSParser().parseAll(try Data(contentsOf: url), file: file)
            for (index, result) in results.enumerated() {
                actionsByPosition["\(file)#\(index)"] = ContractAction(try result.get().record)
            }
        }
        // Classify whole contracts (a contract may span several pages).
        var contracts: [ContractKey: [ContractAction]] = [:]
        for action in actionsByPosition.values {
            contracts[action.key.contract, default: []].append(action)
        }
        // Duplicate renderings of one action (the same entry in two files) count once.
        var predicted: [ActionKey: Set<EventType>] = [:]
        var predictedPartial: [ActionKey: Bool] = [:]
        for actions in contracts.values {
            var seen: Set<ActionKey> = []
            let unique = actions.filter { seen.insert($0.key).inserted }
            for event in EventClassifier().classify(contract: unique) where event.type.isLifecycle {
                predicted[event.action, default: []].insert(event.type)
                if event.type.endsWork { predictedPartial[event.action] = event.isPartial }
            }
        }
        var expected: [ActionKey: Set<EventType>] = [:]
        var reasons: [ActionKey: String] = [:]
        var wrongExtent: [String] = []
        for label in labels {
            let action = try #require(actionsByPosition["\(label.file)#\(label.entryIndex)"])
            #expect(action.key.modNumber == label.modNumber)
            expected[action.key] = Set(label.events.compactMap(EventType.init(rawValue:)))
            reasons[action.key] = label.reason
            // A termination or cancellation is partial or complete as labelled.
            if let partial = predictedPartial[action.key], expected[action.key]?.contains(where: \.endsWork) == true,
                partial != label.partial
            {
                wrongExtent.append(
                    "\(action.key): read as \(partial ? "partial" : "complete"); label says \(label.reason)")
            }
        }
        #expect(wrongExtent.isEmpty, "\(wrongExtent.joined(separator: "\n"))")

        var report: [String] = []
        for type in EventType.allCases where type.isLifecycle {
            var truePositives = 0
            var falsePositives: [ActionKey] = []
            var falseNegatives: [ActionKey] = []
            for (key, labelled) in expected {
                let found = predicted[key]?.contains(type) ?? false
                switch (found, labelled.contains(type)) {
                case (true, true): truePositives += 1
                case (true, false): falsePositives.append(key)
                case (false, true): falseNegatives.append(key)
                case (false, false): break
                }
            }
            let support = truePositives + falseNegatives.count
            guard support + falsePositives.count > 0 else { continue }
            let precision = Double(truePositives) / Double(max(1, truePositives + falsePositives.count))
            let recall = Double(truePositives) / Double(max(1, support))
            report.append(
                "\(type.rawValue): support \(support), precision \(String(format: "%.3f", precision)), recall \(String(format: "%.3f", recall))"
            )
            for key in falsePositives { report.append("  false positive \(key): label says \(reasons[key] ?? "")") }
            for key in falseNegatives { report.append("  missed \(key): \(reasons[key] ?? "")") }
            if Self.gated.contains(type) {
                #expect(precision >= 0.95, "\(type.rawValue) precision \(precision)")
                #expect(recall >= 0.95, "\(type.rawValue) recall \(recall)")
            }
        }
        print("Lifecycle events on \(expected.count) labelled actions:\n" + report.joined(separator: "\n"))
    }
}
