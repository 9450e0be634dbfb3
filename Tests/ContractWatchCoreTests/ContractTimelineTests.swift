import ContractWatchCore
import FPDS
import Foundation
import TestSupport
import Testing

/// The state rules of `ContractTimeline`, on the real contracts whose states were wrong.
@Suite struct ContractTimelineTests {
    let classifier = EventClassifier()
    let asOf = FPDSDateTime(year: 2026, month: 11, day: 25)

    /// Every action in the sample pages of one contract.
    private func actions(in directory: String) throws -> [ContractAction] {
        let folder = TestData.sample("fpds/kenosa-atom-harvest/\(directory)")
        return try TestData.xmlFiles(under: folder).flatMap { url in
            let (results, _) = FPDSParser().parseAll(try Data(contentsOf: url), file: url.lastPathComponent)
            return try results.map { ContractAction(try $0.get().record) }
        }
    }

    private func timeline(_ actions: [ContractAction]) -> ContractTimeline {
        ContractTimeline(actions: actions, events: classifier.classify(contract: actions), asOf: asOf)
    }

    /// VA Community Care Network Region 4 (36C10G19D0038): a stop-work order on P00001
    /// (2019-08-20) with no published lift, then option period 1 exercised on P00007 (2020-03-13).
    @Test func anOptionExercisedAfterAStopWorkOrderEndsItAsResumedInferred() throws {
        let actions = try actions(in: "36C10G19D0038__015df161ccb5")
        let timeline = timeline(actions)
        #expect(timeline.state == .active)
        #expect(timeline.periods.map(\.state) == [.active, .suspended, .active])
        #expect(timeline.periods.last?.cause == .optionExercised)

        let suspension = try #require(timeline.suspensions.first)
        #expect(timeline.suspensions.count == 1)
        #expect(suspension.cause == .stopWorkIssued)
        #expect(suspension.issuedBy.modNumber == "P00001")
        #expect(suspension.isInferred)
        #expect(suspension.endedAs == .optionExercised)
        #expect(suspension.endedBy?.modNumber == "P00007")
        #expect(suspension.ended == FPDSDateTime(year: 2020, month: 3, day: 13))
        #expect(suspension.days == 206)
        #expect(!suspension.isUnresolved)
        #expect(
            timeline.narrative
                == "awarded 2019-08-06 → stop-work 2019-08-20 → resumed (inferred) 2020-03-13: option exercised in mod"
                + " P00007 (suspended 206 days)")

        // The JSON says so too, naming the event it was inferred from.
        let stored = actions.map {
            StoredAction(
                action: $0, contentHash: "", firstSeen: "2026-11-25T00:00:00Z", lastSeen: "2026-11-25T00:00:00Z",
                sourceURL: nil, source: nil, isCurrent: true)
        }
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(timeline.json(actions: stored).utf8)) as? [String: Any])
        let written = try #require((json["suspensions"] as? [[String: Any]])?.first)
        #expect(written["endedAs"] as? String == "resumed (inferred)")
        #expect(written["inferredFrom"] as? String == "option_exercised")
        #expect(written["endedBy"] as? String == "P00007")
        let option = try #require(timeline.events.first { $0.type == .optionExercised })
        #expect(written["endedByEventID"] as? String == option.id)
        #expect(written["cause"] as? String == "stop_work_issued")
    }

    /// Without the later option the same order stays open, and is unresolved past 90 days.
    @Test func aStopWorkOrderWithNoLaterWorkStaysSuspended() throws {
        let actions = try actions(in: "36C10G19D0038__015df161ccb5").filter {
            ["0", "P00001", "P00002"].contains($0.key.modNumber)
        }
        let timeline = timeline(actions)
        #expect(timeline.state == .suspended)
        let suspension = try #require(timeline.suspensions.first)
        #expect(suspension.endedAs == nil && suspension.isUnresolved)
        #expect(timeline.narrative.hasSuffix("still suspended after 2654 days — unresolved past the 90-day default"))
    }

    /// State INL aviation support (SAQMPD05C1103): three partial terminations for convenience
    /// (M062, M088, M112), each followed by new work, leave the contract active.
    @Test func partialTerminationsFollowedByNewWorkLeaveTheContractActive() throws {
        let timeline = timeline(try actions(in: "SAQMPD05C1103__0c39cf02ff07"))
        let terminations = timeline.events.filter { $0.type == .terminatedForConvenience }
        #expect(terminations.map(\.action.modNumber) == ["M062", "M088", "M112"])
        #expect(terminations.allSatisfy { $0.isPartial })
        #expect(timeline.state == .active)
        #expect(!timeline.periods.contains { $0.state == .terminated })
        #expect(timeline.narrative.contains("partial terminated for convenience 2008-08-04"))
        // The new work after them: $45M obligated by M063, and $100M-odd more through M119.
        let afterFirst = timeline.points.filter { ($0.date ?? asOf) > (terminations[0].date ?? asOf) }
        #expect(afterFirst.map(\.obligated).reduce(0, +) > 100_000_000)
    }

    /// Navy T-34/T-44/T-6 support (N0001915D0003): P00063 is coded N, legal contract
    /// cancellation, but rescinds modification P00061; the contract goes on.
    @Test func aRescindedModificationLeavesTheContractActive() throws {
        let timeline = timeline(try actions(in: "N0001915D0003__7dce87dd6b44"))
        #expect(timeline.state == .active)
        #expect(!timeline.events.contains { $0.type == .cancelled })
        #expect(timeline.periods.map(\.state) == [.active])
    }

    /// A termination whose text says it ends the whole contract is complete whatever follows
    /// (AIDDOTI000300004 mod 8: "TO TERMINATE THE CONTRACT BASED ON THE AWARD OF A FIVE-YEAR
    /// FOLLOW-ON CONTRACT", followed in FPDS's signed dates by funding mods 5, 1 and 10).
    @Test func aTerminationTheTextCallsWholeStaysComplete() throws {
        let timeline = timeline(try actions(in: "AIDDOTI000300004__189d89020636"))
        let termination = try #require(timeline.events.first { $0.type == .terminatedForConvenience })
        #expect(!termination.isPartial)
        #expect(termination.evidence.map(\.rule) == ["code.F", "text.extent.complete"])
        #expect(timeline.periods.contains { $0.state == .terminated })
    }

    /// No record in `Samples/` or the shared corpus suspends work short of a stop-work order, so
    /// these descriptions follow FAR 52.242-14's own words ("suspend, delay, or interrupt all or
    /// any part of the work of this contract"), on the real Community Care Network actions.
    @Test func suspensionsShortOfAStopWorkOrderCountButSuspendOnlyWhenWhole() throws {
        var actions = try actions(in: "36C10G19D0038__015df161ccb5").filter { $0.key.modNumber == "0" }
        let texts = [
            (
                "P00001", FPDSDateTime(year: 2019, month: 9, day: 2),
                "SUSPENSION OF WORK ON CLIN 0003 IN ACCORDANCE WITH FAR 52.242-14"
            ),
            ("P00002", FPDSDateTime(year: 2019, month: 10, day: 1), "ALL WORK UNDER THIS CONTRACT IS HEREBY SUSPENDED"),
            ("P00003", FPDSDateTime(year: 2019, month: 11, day: 1), "THE CONTRACTOR SHALL RESUME WORK"),
        ]
        for (mod, date, text) in texts {
            var action = actions[0]
            action.key.modNumber = mod
            action.reasonForModification = FPDSCode(code: "M")
            action.signedDate = date
            action.description = text
            action.obligatedAmount = nil
            action.baseAndAllOptionsValue = nil
            actions.append(action)
        }
        let timeline = timeline(actions)
        let types = timeline.events.filter(\.type.isLifecycle).map { "\($0.action.modNumber) \($0.type.rawValue)" }
        #expect(types == ["P00001 work_suspended", "P00002 work_suspended", "P00003 work_resumed"])
        // The partial one is counted but leaves the contract active; the whole one suspends it.
        #expect(timeline.periods.map(\.state) == [.active, .suspended, .active])
        #expect(timeline.periods[1].cause == .workSuspended)
        #expect(timeline.suspensions.map(\.isPartial) == [true, false])
        #expect(timeline.suspensions.map(\.cause) == [.workSuspended, .workSuspended])
        // The resumption ends the latest; the suspension of CLIN 0003 is still open.
        #expect(timeline.suspensions[1].endedAs == .workResumed && timeline.suspensions[1].days == 31)
        #expect(timeline.suspensions[0].endedAs == nil && !timeline.suspensions[0].isUnresolved)
        #expect(
            timeline.narrative
                == "awarded 2019-08-06 → work partly suspended 2019-09-02 → work suspended 2019-10-01 → work resumed"
                + " 2019-11-01 (suspended 31 days) → work still partly suspended after 2641 days")
        // As the store keeps it beside the events, it reads back whole and tells the same line.
        let stored = try #require(TimelineSummary(storedText: timeline.summary.storedText))
        #expect(stored == timeline.summary)
        #expect(stored.openSuspensions.map(\.isPartial) == [true])
        #expect(stored.narrative(asOf: asOf) == timeline.narrative)
        for damaged in ["", "{}", "{\"steps\":[1],\"open\":[]}", "{\"steps\":[],\"open\":[{\"cause\":\"x\"}]}"] {
            #expect(TimelineSummary(storedText: damaged) == nil)
        }
    }
}
