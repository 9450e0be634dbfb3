package import FPDS
package import Foundation

/// A contract's life rebuilt from its actions and events: state over time, suspensions and how
/// long they lasted, and money over time.
///
/// The state rules, applied to the events in the order of their actions:
/// - An award, order or IDV award makes the contract active.
/// - A stop-work order (`stop_work_issued`), partial or not, suspends it. A suspension short of one
///   (`work_suspended`) suspends it only when its text says all of the work stops; a partial one
///   is recorded as a suspension and leaves the state alone.
/// - `stop_work_lifted` or `work_resumed` ends the latest open suspension (a stop-work order first,
///   for a lift) and makes a suspended contract active again once no open suspension holds it.
/// - Work added by a later action while suspensions are open (an option exercised, new money, a
///   higher potential value) ends them all as "resumed (inferred)", with that event as the
///   evidence: a government that exercises options or funds work has let it go on, though no lift
///   was published. Work added by the action that suspends or lifts does not count.
/// - A complete termination or cancellation ends every open suspension and makes the contract
///   terminated or cancelled. A partial one (see ``EventType/terminatedForConvenience``) ends the
///   latest open partial suspension, the part it ended, and leaves the state alone: the rest of
///   the contract goes on.
/// - `reinstated` makes it active again; `closeout` closes it.
package struct ContractTimeline: Sendable {
    /// Where a contract stands.
    package enum State: String, Sendable, Hashable {
        case active
        /// A stop-work order, or a suspension of all the work, is in force.
        case suspended
        /// Wholly terminated; a partial termination leaves the contract active.
        case terminated
        /// Wholly cancelled.
        case cancelled
        case closed
    }

    /// A stretch of time in one state.
    package struct Period: Sendable, Hashable {
        package var state: State
        /// True when the suspension or termination covers only part of the work.
        package var isPartial: Bool
        package var from: FPDSDateTime?
        package var to: FPDSDateTime?
        /// The event that began it, e.g. `stop_work_issued`, `reinstated`, or the `funding` or
        /// `option_exercised` from which a resumption was inferred.
        package var cause: EventType
        package var causeEventID: String
    }

    /// One stop-work order or suspension of work, and what became of it.
    package struct Suspension: Sendable, Hashable {
        /// `stop_work_issued`, or `work_suspended` for a suspension short of a stop-work order.
        package var cause: EventType
        package var issued: FPDSDateTime?
        package var issuedBy: ActionKey
        package var ended: FPDSDateTime?
        package var endedBy: ActionKey?
        /// The type of the event that ended it: `stop_work_lifted`, `work_resumed`, a termination
        /// or cancellation, or, when ``isInferred``, the added work it was inferred from
        /// (`option_exercised`, `funding`, `value_increase`); nil while in force.
        package var endedAs: EventType?
        /// The id of that event.
        package var endedByEventID: String?
        /// True when no lift was published and later work shows it ended: "resumed (inferred)".
        package var isInferred: Bool
        /// Days from the order to its end, or to `asOf` while in force.
        package var days: Int?
        /// A stop-work order in force for longer than FAR 52.242-15's 90 days with no lift or
        /// termination. (A suspension under 52.242-14 has no such term.)
        package var isUnresolved: Bool
        package var isPartial: Bool

        /// Whether it holds the contract's state at suspended: a stop-work order, or a suspension
        /// of all the work.
        var suspendsContract: Bool { cause == .stopWorkIssued || !isPartial }
    }

    /// Money after one live action (deleted actions have no point: their money does not count).
    package struct Point: Sendable, Hashable {
        package var action: ActionKey
        package var date: FPDSDateTime?
        package var obligated: Decimal
        /// The running sum of obligations (de-obligations subtract).
        package var cumulativeObligated: Decimal
        /// Base and exercised options, summed over actions.
        package var currentValue: Decimal
        /// Base and all options, summed over actions.
        package var potentialValue: Decimal
    }

    /// The events, in the order of their actions.
    package var events: [ProcurementEvent]
    package var periods: [Period]
    package var suspensions: [Suspension]
    package var points: [Point]
    /// The date the timeline is judged at (suspension lengths, unresolved orders).
    package var asOf: FPDSDateTime

    /// The state after the last action.
    package var state: State { periods.last?.state ?? .active }
    /// The latest completion date reported by a live action.
    package var completionDate: FPDSDateTime?

    /// FAR 52.242-15: a stop-work order lasts 90 days unless extended or ended.
    package static let stopWorkDefaultDays = 90

    /// - Parameters:
    ///   - actions: The contract's actions, any order.
    ///   - events: Their events.
    ///   - asOf: The date suspensions are measured to while in force.
    package init(actions: [ContractAction], events: [ProcurementEvent], asOf: FPDSDateTime) {
        // The actions are read in place, in the order they happened: a long contract's are
        // thousands of large values, and copying them in order was much of a page's time.
        let order = EventClassifier.chronologicalOrder(actions)
        self.asOf = asOf
        let position = Dictionary(
            order.enumerated().map { (actions[$1].key, $0) }, uniquingKeysWith: { first, _ in first })
        // Sort keys computed once per event, not once per comparison (a key hashes seven
        // strings), and positions sorted rather than the events, as the actions are.
        let keys = events.map { (position[$0.action] ?? 0, $0.type.rawValue) }
        self.events = events.indices.sorted { keys[$0] < keys[$1] }.map { events[$0] }
        // Work added by an action that itself suspends or lifts says nothing about resumption.
        let suspensionActions = Set(
            events.filter { [.stopWorkIssued, .stopWorkLifted, .workSuspended, .workResumed].contains($0.type) }
                .map(\.action))

        var periods: [Period] = []
        var suspensions: [Suspension] = []
        func begin(_ state: State, _ event: ProcurementEvent) {
            if var last = periods.popLast() {
                last.to = event.date
                periods.append(last)
            }
            periods.append(
                Period(
                    state: state, isPartial: event.isPartial, from: event.date, to: nil, cause: event.type,
                    causeEventID: event.id))
        }
        func end(_ index: Int, by event: ProcurementEvent, inferred: Bool = false) {
            suspensions[index].ended = event.date
            suspensions[index].endedBy = event.action
            suspensions[index].endedAs = event.type
            suspensions[index].endedByEventID = event.id
            suspensions[index].isInferred = inferred
            suspensions[index].days = Self.days(from: suspensions[index].issued, to: event.date)
        }
        func openSuspensions() -> [Int] { suspensions.indices.filter { suspensions[$0].endedAs == nil } }
        // Back to active once nothing open holds the contract suspended.
        func resumeIfFree(_ event: ProcurementEvent) {
            if periods.last?.state == .suspended
                && !openSuspensions().contains(where: { suspensions[$0].suspendsContract })
            {
                begin(.active, event)
            }
        }
        for event in self.events {
            switch event.type {
            case .award, .order, .idvAward:
                if periods.isEmpty { begin(.active, event) }
            case .stopWorkIssued, .workSuspended:
                let suspension = Suspension(
                    cause: event.type, issued: event.date, issuedBy: event.action, ended: nil, endedBy: nil,
                    endedAs: nil, endedByEventID: nil, isInferred: false, days: nil, isUnresolved: false,
                    isPartial: event.isPartial)
                suspensions.append(suspension)
                if suspension.suspendsContract { begin(.suspended, event) }
            case .stopWorkLifted, .workResumed:
                let open = openSuspensions()
                let preferred = event.type == .stopWorkLifted ? .stopWorkIssued : EventType.workSuspended
                if let index = open.last(where: { suspensions[$0].cause == preferred }) ?? open.last {
                    end(index, by: event)
                }
                resumeIfFree(event)
            case .terminatedForConvenience, .terminatedForDefault, .terminatedForCause, .cancelled:
                if event.isPartial {
                    if let index = openSuspensions().last(where: { suspensions[$0].isPartial }) {
                        end(index, by: event)
                    }
                } else {
                    for index in openSuspensions() { end(index, by: event) }
                    begin(event.type == .cancelled ? .cancelled : .terminated, event)
                }
            case .reinstated:
                begin(.active, event)
            case .closeout:
                begin(.closed, event)
            case let type where type.addsWork && !suspensionActions.contains(event.action):
                let open = openSuspensions()
                guard !open.isEmpty else { break }
                for index in open { end(index, by: event, inferred: true) }
                resumeIfFree(event)
            default:
                break
            }
        }
        for index in suspensions.indices where suspensions[index].endedAs == nil {
            let days = Self.days(from: suspensions[index].issued, to: asOf)
            suspensions[index].days = days
            suspensions[index].isUnresolved = Self.isUnresolved(cause: suspensions[index].cause, days: days)
        }
        self.periods = periods
        self.suspensions = suspensions

        var cumulative: Decimal = 0
        var current: Decimal = 0
        var potential: Decimal = 0
        // A deleted action's money was withdrawn with it: it is not obligated, nor part of the value.
        var points: [Point] = []
        points.reserveCapacity(actions.count)
        for index in order where !actions[index].isDeleted {
            let action = actions[index]
            completionDate = action.currentCompletionDate ?? completionDate
            let obligated = action.obligatedAmount?.decimal ?? 0
            cumulative += obligated
            current += action.baseAndExercisedOptionsValue?.decimal ?? 0
            potential += action.baseAndAllOptionsValue?.decimal ?? 0
            points.append(
                Point(
                    action: action.key, date: action.signedDate, obligated: obligated,
                    cumulativeObligated: cumulative, currentValue: current, potentialValue: potential))
        }
        self.points = points
    }

    /// Days from `start` to `end`, when both are known.
    static func days(from start: FPDSDateTime?, to end: FPDSDateTime?) -> Int? {
        guard let start, let end else { return nil }
        return end.dayNumber - start.dayNumber
    }

    /// Whether a suspension in force for `days` is past its term: only a stop-work order has one.
    static func isUnresolved(cause: EventType, days: Int?) -> Bool {
        cause == .stopWorkIssued && (days ?? 0) > stopWorkDefaultDays
    }

    /// "awarded 2024-09-27 → stop-work 2024-10-08 → lifted 2025-08-29 (suspended 325 days)"; a
    /// resumption inferred from later work reads "resumed (inferred) 2020-03-13: option exercised in
    /// mod P00007 (suspended 206 days)".
    package var narrative: String { summary.narrative(asOf: asOf) }

    /// The timeline as the store keeps it beside the events: ``narrative`` less the day it is told.
    package var summary: TimelineSummary {
        var steps: [String] = []
        for event in events {
            let date = event.date?.dateString ?? "?"
            let partial = event.isPartial ? "partial " : ""
            let ended = suspensions.first { $0.endedByEventID == event.id }
            let suspended = ended?.days.map { " (suspended \($0) days)" } ?? ""
            switch event.type {
            case .award, .idvAward: steps.append("awarded \(date)")
            case .order: steps.append("ordered \(date)")
            case .stopWorkIssued: steps.append("\(partial)stop-work \(date)")
            case .stopWorkLifted: steps.append("lifted \(date)\(suspended)")
            case .workSuspended: steps.append("work \(event.isPartial ? "partly " : "")suspended \(date)")
            case .workResumed: steps.append("work resumed \(date)\(suspended)")
            case .terminatedForConvenience: steps.append("\(partial)terminated for convenience \(date)")
            case .terminatedForDefault: steps.append("\(partial)terminated for default \(date)")
            case .terminatedForCause: steps.append("\(partial)terminated for cause \(date)")
            case .cancelled: steps.append("\(event.isPartial ? "partly " : "")cancelled \(date)")
            case .reinstated: steps.append("reinstated \(date)")
            case .novation: steps.append("novated \(date)")
            case .closeout: steps.append("closed out \(date)")
            case .recordDeleted: steps.append("mod \(event.action.modNumber) deleted \(date)")
            case let type where ended?.isInferred == true:
                let evidence = type.rawValue.replacingOccurrences(of: "_", with: " ")
                steps.append(
                    "resumed (inferred) \(date): \(evidence) in mod \(event.action.modNumber)\(suspended)")
            default: break
            }
        }
        let open = suspensions.filter { $0.endedAs == nil }.map {
            TimelineSummary.OpenSuspension(cause: $0.cause, isPartial: $0.isPartial, issued: $0.issued)
        }
        return TimelineSummary(steps: steps, openSuspensions: open)
    }
}
