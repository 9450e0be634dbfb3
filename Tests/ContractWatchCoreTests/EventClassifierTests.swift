import ContractWatchCore
import FPDS
import Foundation
import TestSupport
import Testing

@Suite struct EventClassifierTests {
    let classifier = EventClassifier()

    private func actions(in relativePath: String) throws -> [ContractAction] {
        let url = TestData.sample(relativePath)
        let (results, _) = FPDSParser().parseAll(try Data(contentsOf: url), file: relativePath)
        return try results.map { ContractAction(try $0.get().record) }
    }

    private func events(_ actions: [ContractAction], mod: String) -> [EventType] {
        classifier.classify(contract: actions).filter { $0.action.modNumber == mod }.map(\.type)
    }

    @Test func paragonCaseYieldsAwardStopWorkAndLiftWithEvidence() throws {
        let actions = try actions(in: "reconstructed/paragon-ice.xml")
        let events = classifier.classify(contract: actions)
        let award = try #require(events.first { $0.type == .award })
        #expect(award.date == FPDSDateTime(year: 2024, month: 9, day: 27))
        let stop = try #require(events.first { $0.type == .stopWorkIssued })
        #expect(stop.date == FPDSDateTime(year: 2024, month: 10, day: 8))
        #expect(stop.action.modNumber == "P00001")
        let lift = try #require(events.first { $0.type == .stopWorkLifted })
        #expect(lift.action.modNumber == "P00002")
        #expect(lift.date == FPDSDateTime(year: 2025, month: 8, day: 29))
        let evidence = try #require(lift.evidence.first)
        #expect(evidence.rule == "text.stop_work.lift")
        #expect(evidence.code == "M")
        #expect(evidence.text == "This modification is to lift the stop work order.")
        // The offsets point at the quoted sentence in the published description.
        let description = try #require(actions.first { $0.key.modNumber == "P00002" }?.description)
        let scalars = Array(description.unicodeScalars)
        let start = try #require(evidence.start)
        let end = try #require(evidence.end)
        #expect(String(String.UnicodeScalarView(scalars[start..<end])) == evidence.text)
        // The base description, carried onto both modifications, yields nothing new.
        #expect(events.filter { $0.type == .stopWorkLifted || $0.type == .stopWorkIssued }.count == 2)
    }

    @Test func carriedForwardStopWorkTextIsNotANewEvent() throws {
        let actions = try actions(in: "fpds/kenosa-atom-harvest/36C10G19D0038__015df161ccb5/page-0000-start-0.xml")
        #expect(events(actions, mod: "P00001").contains(.stopWorkIssued))
        #expect(!events(actions, mod: "P00002").contains(.stopWorkIssued))
        #expect(events(actions, mod: "P00002").contains(.supplementalAgreement))
    }

    @Test func clauseCorrectionAndRemainsInEffectAreNotEvents() throws {
        let navy = try actions(in: "fpds/kenosa-atom-harvest/N6274217D3600__eeff8a18453b/page-0001-start-10.xml")
        #expect(events(navy, mod: "P00001").contains(.stopWorkIssued))
        #expect(events(navy, mod: "P00002") == [.administrative])
        #expect(events(navy, mod: "P00003").contains(.stopWorkLifted))
        let partial = classifier.classify(contract: navy).first {
            $0.action.modNumber == "P00005" && $0.type == .stopWorkIssued
        }
        #expect(partial?.isPartial == true)
    }

    @Test func codesDecideTerminationsNovationsAndCloseouts() throws {
        let last = try actions(in: "fpds/vzvenyach-open-fpds/get_fpds_last.interaction1.xml")
        let terminations = classifier.classify(contract: last).filter { $0.type == .terminatedForConvenience }
        #expect(terminations.count == 2)
        #expect(terminations.allSatisfy { $0.evidence.first?.rule == "code.F" && $0.confidence > 0.95 })
        let deobligations = classifier.classify(contract: last).filter { $0.type == .deobligation }
        #expect(Set(deobligations.compactMap(\.amount?.text)) == ["-91918.24", "-73605.92"])
    }

    /// N0001915D0003 P00063 is coded N, legal contract cancellation, but its text rescinds a
    /// modification (P00061, a wage adjustment); P00065 later rescinds P00063 in turn.
    @Test func aRescindedModificationIsNotACancellation() throws {
        let navy = try actions(in: "fpds/kenosa-atom-harvest/N0001915D0003__7dce87dd6b44/page-0006-start-60.xml")
        let events = classifier.classify(contract: navy)
        #expect(!events.contains { $0.type == .cancelled })
        let rescission = try #require(events.first { $0.action.modNumber == "P00063" && $0.type == .administrative })
        let evidence = try #require(rescission.evidence.first)
        #expect(evidence.rule == "text.rescinds_modification")
        #expect(evidence.code == "N")
        #expect(evidence.text == "PID # N61340-21-NORFP-PMA-273-0251 - RESCIND MODIFICATION P00061")
        // Its money still counts: the value P00061 added comes off.
        #expect(events.contains { $0.action.modNumber == "P00063" && $0.type == .valueDecrease })
    }

    /// A real cancellation coded N stays one (47QTCK18D0030 PO0012, "TO MUTUALLY CANCEL … THE
    /// MASTER CONTRACT"), complete as its text says.
    @Test func aCancellationOfTheContractIsComplete() throws {
        let gwac = try actions(in: "fpds/kenosa-atom-harvest/47QTCK18D0030__a185e4ed33a3/page-0000-start-0.xml")
        let cancellation = try #require(classifier.classify(contract: gwac).first { $0.type == .cancelled })
        #expect(cancellation.action.modNumber == "PO0012")
        #expect(!cancellation.isPartial)
        #expect(cancellation.evidence.map(\.rule) == ["code.N", "text.extent.complete"])
    }

    /// SAQMPD05C1103's terminations for convenience are partial: M088's text says "DESCOPE"; M062
    /// and M112 name items, and the contract's next actions add work ($45M on M063, $24.9M on M113).
    @Test func terminationsArePartialAsTheTextOrLaterWorkSays() throws {
        let directory = TestData.sample("fpds/kenosa-atom-harvest/SAQMPD05C1103__0c39cf02ff07")
        let actions = try TestData.xmlFiles(under: directory).flatMap {
            try self.actions(in: "fpds/kenosa-atom-harvest/SAQMPD05C1103__0c39cf02ff07/\($0.lastPathComponent)")
        }
        let terminations = classifier.classify(contract: actions).filter { $0.type == .terminatedForConvenience }
        #expect(terminations.map(\.action.modNumber) == ["M062", "M088", "M112"])
        #expect(terminations.allSatisfy { $0.isPartial })
        #expect(
            terminations[0].evidence == [
                Evidence(rule: "code.F", code: "F"),
                Evidence(rule: "later_work.funding", code: "D", field: "modNumber", to: "M063"),
            ])
        let descope = try #require(terminations[1].evidence.last)
        #expect(descope.rule == "text.extent.partial" && descope.text == "COLAR PCHP HUEY II DESCOPE")
        #expect(terminations[2].evidence.last?.to == "M113")
        // Read alone, with nothing after it, M062 says nothing of its extent.
        let alone = classifier.classify(contract: actions.filter { $0.key.modNumber <= "M062" })
        #expect(alone.first { $0.type == .terminatedForConvenience }?.isPartial == false)
    }

    @Test func classificationIsDeterministic() throws {
        let actions = try actions(in: "fpds/kenosa-atom-harvest/W91CRB15D0018__c8a1f6aefaeb/page-0000-start-0.xml")
        let first = classifier.classify(contract: actions)
        let again = classifier.classify(contract: actions.reversed())
        #expect(first == again)
        #expect(Set(first.map(\.id)).count == first.count)
    }

    /// Phrasings of real FPDS records (see the reference notes): (previous text, text, expected).
    @Test(
        arguments: [
            (nil, "IGF::OT::IGF STOP WORK ORDER", [EventType.stopWorkIssued]),
            (nil, "TO ISSUE A STOP WORK ORDER FOR ALL WORK UNDER CHANGE REQUEST NUMBER 2157", [.stopWorkIssued]),
            (nil, "THE PURPOSE OF THIS MOD IS TO STOP WORK", [.stopWorkIssued]),
            (nil, "POTFF LIFT STOP WORK ORDER", [.stopWorkLifted]),
            (nil, "CANCEL THE STOP-WORK ORDER ISSUED ON OCTOBER, 4, 2013.", [.stopWorkLifted]),
            (
                nil, "1.)  RESCIND THE VERBAL STOP WORK ORDER ISSUED ON OCTOBER 8, 2013 FOR OOI MIGRATION;",
                [.stopWorkLifted]
            ),
            (nil, "REVISE PERIOD OF PERFORMANCE DUE TO CANCELLATION OF STOP WORK", [.stopWorkLifted]),
            (
                nil, "A STOP WORK ORDER WAS ISSUED ON SEPTEMBER 12, 2016. THE STOP WORK ORDER WAS RESCINDED.",
                [.stopWorkLifted]
            ),
            (nil, "THE STOP WORK ORDER WILL REMAIN IN EFFECT UNTIL OTHERWISE NOTIFIED", []),
            (nil, "TO REPLACE FAR CLAUSE 52.242-15, STOP WORK ORDER (AUG 1989) WITH FAR CLAUSE 52.233-3", []),
            (nil, "ALL ASSERTIONS MADE WITH REGARD TO THE STOP WORK AND DELAYED CONTRACT AWARD EVENTS", []),
            (nil, "REINSTATE THE TERMINATED CONTRACT IN WHOLE", [.reinstated]),
            (nil, "UPDATE WAGE DETERMINATION FOR OPTION YEAR 2", []),
            (
                "COMMUNITY CARE NETWORK REGION 4\nSTOP WORK ORDER", "COMMUNITY CARE NETWORK REGION 4\nSTOP WORK ORDER",
                []
            ),
            ("BASE TEXT.", "BASE TEXT. This modification is to lift the stop work order.", [.stopWorkLifted]),
            (nil, "THE STOP WORK ORDER IS LIFTED AND WORK MAY RESUME", [.stopWorkLifted]),
            // Suspensions short of a stop-work order. No real record holds one (see
            // ContractTimelineTests); these follow FAR 52.242-14's wording.
            (nil, "SUSPENSION OF WORK IN ACCORDANCE WITH FAR 52.242-14", [.workSuspended]),
            (nil, "THE CONTRACTOR SHALL CEASE ALL SERVICES UNDER CLIN 0002", [.workSuspended]),
            (nil, "PERFORMANCE IS HEREBY SUSPENDED UNTIL FURTHER NOTICE", [.workSuspended]),
            (nil, "TO HALT CONSTRUCTION AT THE NORTH SITE", [.workSuspended]),
            (nil, "THE SUSPENSION OF WORK IS LIFTED", [.workResumed]),
            (nil, "THE CONTRACTOR IS DIRECTED TO RESUME WORK", [.workResumed]),
            (nil, "TO INCORPORATE FAR CLAUSE 52.242-14, SUSPENSION OF WORK", []),
            (nil, "THE SUSPENSION OF WORK REMAINS IN EFFECT", []),
            (nil, "THE CONTRACT IS TERMINATED AND ALL SERVICES HAVE CEASED", []),
            // Real (36C10X22D0008 P00005): an incentive structure is suspended, not the work.
            (
                nil,
                "THE PURPOSE OF THIS NO COST MODIFICATION P00005 IS TO TEMPORARILY WAIVE THE PERFORMANCE STANDARDS AND SUSPEND THE INCENTIVE/NEGATIVE INCENTIVE STRUCTURE OF THE MDE CONTRACTS.",
                []
            ),
        ] as [(String?, String, [EventType])])
    func readsLifecycleText(previous: String?, text: String, expected: [EventType]) {
        var action = ContractAction(key: ActionKey(kind: .award, agencyID: "7012", piid: "X", modNumber: "P00002"))
        action.reasonForModification = FPDSCode(code: "M")
        action.description = text
        var before = action
        before.key.modNumber = "P00001"
        before.description = previous
        let found = classifier.classify(action, previous: previous == nil ? nil : before)
            .map(\.type).filter { $0 != .administrative }
        #expect(found == expected, "\(text)")
    }
}
