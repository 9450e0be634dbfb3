import ContractAwards
import ContractWatchCore
import FPDS
import Foundation
import TestSupport
import Testing

/// A deleted action means `record_deleted` and nothing else, and its money leaves the timeline.
/// Real public entries stand in for DELETED-feed entries, which have the same shape.
@Suite struct DeletionClassificationTests {
    let classifier = EventClassifier()

    /// A State Department IDV: M001 funds $29.5M (code C), M008 terminates it for convenience.
    private func actions() throws -> [ContractAction] {
        try actions(in: "fpds/kenosa-atom-harvest/SAQMMA12C1103__f69f81b8c082/page-0000-start-0.xml")
            .filter { $0.key.kind.isIDV }
    }

    private func actions(in path: String) throws -> [ContractAction] {
        let url = TestData.sample(path)
        let (results, _) = FPDSParser().parseAll(try Data(contentsOf: url), file: path)
        return try results.map { ContractAction(try $0.get().record) }
    }

    private func deleting(
        _ mod: String, in actions: [ContractAction], as deletion: ContractAction.Deletion
    ) -> [ContractAction] {
        actions.map { action in
            var action = action
            if action.key.modNumber == mod { action.deletion = deletion }
            return action
        }
    }

    @Test func aDeletedActionYieldsOnlyRecordDeletedDatedByTheNotice() throws {
        let live = try actions()
        let funding = try #require(live.first { $0.key.modNumber == "M001" })
        #expect(classifier.classify(contract: live).contains { $0.action == funding.key && $0.type == .funding })

        let deleted = deleting("M001", in: live, as: ContractAction.Deletion(format: .fpdsXML))
        let events = classifier.classify(contract: deleted)
        let ofDeleted = events.filter { $0.action == funding.key }
        #expect(ofDeleted.map(\.type) == [.recordDeleted])
        let event = try #require(ofDeleted.first)
        #expect(event.id == ProcurementEvent.id(for: funding.key, type: .recordDeleted))
        #expect(event.date == funding.lastModifiedDate)
        #expect(event.amount == funding.obligatedAmount)  // the obligation withdrawn
        #expect(event.evidence.map(\.rule) == ["deleted.fpds_deleted_feed"])
        #expect(
            event.evidence.first?.summary
                == "deleted.fpds_deleted_feed: lastModifiedDate \(funding.lastModifiedDate?.description ?? "")")
        // Deterministic: the same actions yield the same events.
        #expect(classifier.classify(contract: deleted) == events)
        // The other actions keep their events.
        #expect(
            events.filter { $0.action != funding.key }
                == classifier.classify(contract: live).filter { $0.action != funding.key })
    }

    @Test func whereTheDeletionWasSeenNamesTheEvidenceRule() throws {
        let live = try actions()
        let rules: [(SourceFormat?, String)] = [
            (.fpdsXML, "deleted.fpds_deleted_feed"), (.samJSON, "deleted.sam_deleted_records"),
            (.usaspendingCSV, "deleted.usaspending_delete_row"), (nil, "deleted"),
        ]
        for (format, rule) in rules {
            let events = classifier.classify(
                contract: deleting("M003", in: live, as: ContractAction.Deletion(format: format)))
            #expect(events.first { $0.type == .recordDeleted }?.evidence.first?.rule == rule)
        }
    }

    @Test func aKeyOnlyDeletionIsDatedWhenItWasSeen() throws {
        // Its lastModifiedDate is the deleted version's, carried over: not the deletion's date.
        let deleted = deleting(
            "M001", in: try actions(),
            as: ContractAction.Deletion(format: .samJSON, isKeyOnly: true, seenAt: "2026-07-01T16:30:00Z"))
        let event = try #require(classifier.classify(contract: deleted).first { $0.type == .recordDeleted })
        // 16:30 UTC is 12:30 in Eastern daylight time, FPDS's clock.
        #expect(event.date == FPDSDateTime(year: 2026, month: 7, day: 1, hour: 12, minute: 30))
        #expect(
            event.evidence == [
                Evidence(rule: "deleted.sam_deleted_records", field: "firstSeen", to: "2026-07-01T16:30:00Z")
            ])
    }

    @Test func aDeletedTerminationNoLongerTerminatesAndItsMoneyDoesNotCount() throws {
        let live = try actions()
        let asOf = FPDSDateTime(year: 2026, month: 11, day: 25)
        let before = ContractTimeline(actions: live, events: classifier.classify(contract: live), asOf: asOf)
        #expect(before.state == .terminated)

        let deleted = deleting("M008", in: live, as: ContractAction.Deletion(format: .fpdsXML))
        let termination = try #require(deleted.first { $0.key.modNumber == "M008" })
        let after = ContractTimeline(actions: deleted, events: classifier.classify(contract: deleted), asOf: asOf)
        #expect(after.state == .active)
        #expect(!after.events.contains { $0.action == termination.key && $0.type != .recordDeleted })
        #expect(after.narrative.contains("mod M008 deleted"))
        // Its obligation is out of the running total; the action itself is still told, as deleted.
        #expect(after.events.contains { $0.action == termination.key && $0.type == .recordDeleted })
        #expect(!after.points.contains { $0.action == termination.key })
        let withdrawn = termination.obligatedAmount?.decimal ?? 0
        #expect(withdrawn != 0)
        #expect(
            after.points.last?.cumulativeObligated == (before.points.last?.cumulativeObligated ?? 0) - withdrawn)
    }

    @Test func aDeletedModificationIsSkippedWhenTheNextOneIsCompared() throws {
        // A Navy contract whose completion date moves 2021-06-03 → 2024-06-03 (P00001) → 2028-06-03 (P00002)
        let live = try actions(in: "fpds/kenosa-atom-harvest/N666041890001__4596bf85dd5a/page-0000-start-0.xml")
        func lengthening(_ actions: [ContractAction]) -> Evidence? {
            classifier.classify(contract: actions).first {
                $0.type == .periodExtended && $0.action.modNumber == "P00002"
            }?
            .evidence.first
        }
        #expect(lengthening(live)?.from == "2024-06-03")

        // When P00001 is deleted, P00002 is measured from the base award, the live action before it
        let deleted = deleting("P00001", in: live, as: ContractAction.Deletion(format: .fpdsXML))
        #expect(lengthening(deleted)?.from == "2021-06-03")
        let withoutIt = live.filter { $0.key.modNumber != "P00001" }
        #expect(
            classifier.classify(contract: deleted).filter { $0.type != .recordDeleted }
                == classifier.classify(contract: withoutIt))
    }
}

/// FPDS's clock is read as U.S. Eastern time, daylight saving included.
@Suite struct FPDSClockTests {
    @Test func latencyIsMeasuredFromEasternTime() throws {
        func latency(_ lastModified: FPDSDateTime, detectedAt text: String) throws -> Int? {
            FPDSClock.detectionLatency(lastModified: lastModified, detectedAt: try #require(Timestamp(text)))
        }
        // Summer (EDT, UTC−4): 09:14:02 in Washington is 13:14:02 UTC.
        let summer = FPDSDateTime(year: 2025, month: 8, day: 30, hour: 9, minute: 14, second: 2)
        #expect(try latency(summer, detectedAt: "2025-08-30T14:14:02Z") == 3600)
        // Winter (EST, UTC−5).
        let winter = FPDSDateTime(year: 2026, month: 1, day: 15, hour: 23, minute: 0, second: 0)
        #expect(try latency(winter, detectedAt: "2026-01-16T05:00:00Z") == 3600)
        #expect(try latency(winter, detectedAt: "2026-01-18T04:00:00Z") == 2 * 86400)
        // Never negative.
        #expect(try latency(winter, detectedAt: "2026-01-16T03:00:00Z") == 0)
    }

    @Test func timestampsAreWrittenOnFPDSClock() {
        #expect(
            FPDSClock.dateTime(atTimestamp: "2025-08-30T13:14:02Z")
                == FPDSDateTime(year: 2025, month: 8, day: 30, hour: 9, minute: 14, second: 2))
        #expect(FPDSClock.dateTime(atTimestamp: "not a time") == nil)
    }

    @Test func summaryUsesNearestRankPercentiles() {
        let summary = DetectionLatencySummary(events: 12, latencies: [10, 9, 8, 7, 6, 5, 4, 3, 2, 1])
        #expect(
            summary
                == DetectionLatencySummary(events: 12, measured: 10, medianSeconds: 5, p90Seconds: 9, maxSeconds: 10))
        #expect(
            DetectionLatencySummary(events: 3, latencies: [])
                == DetectionLatencySummary(events: 3, measured: 0, medianSeconds: nil, p90Seconds: nil, maxSeconds: nil)
        )
        #expect(DetectionLatencySummary(events: 1, latencies: [42]).p90Seconds == 42)
    }
}
