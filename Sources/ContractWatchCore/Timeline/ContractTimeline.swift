package import FPDS
package import Foundation

/// A contract's life rebuilt from its actions and events: state over time, stop-work
/// suspensions and how long they lasted, and money over time.
package struct ContractTimeline: Sendable {
    /// Where a contract stands.
    package enum State: String, Sendable, Hashable {
        case active
        /// A stop-work order is in force.
        case suspended
        case terminated
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
        /// The event that began it, e.g. `stop_work_issued` or `reinstated`.
        package var cause: EventType
        package var causeEventID: String
    }

    /// One stop-work order and what became of it.
    package struct Suspension: Sendable, Hashable {
        package var issued: FPDSDateTime?
        package var issuedBy: ActionKey
        package var ended: FPDSDateTime?
        package var endedBy: ActionKey?
        /// `stop_work_lifted`, a termination or a cancellation; nil while in force.
        package var endedAs: EventType?
        /// Days from the order to its end, or to `asOf` while in force.
        package var days: Int?
        /// In force for longer than FAR 52.242-15's 90 days with no lift or termination.
        package var isUnresolved: Bool
        package var isPartial: Bool
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

    /// Every action, deleted ones included (they are shown as deleted).
    package var actions: [ContractAction]
    package var events: [ProcurementEvent]
    package var periods: [Period]
    package var suspensions: [Suspension]
    package var points: [Point]
    /// The date the timeline is judged at (suspension lengths, unresolved orders).
    package var asOf: FPDSDateTime

    /// The state after the last action.
    package var state: State { periods.last?.state ?? .active }
    /// The latest completion date reported by a live action.
    package var completionDate: FPDSDateTime? {
        actions.filter { !$0.isDeleted }.compactMap(\.currentCompletionDate).last
    }

    /// FAR 52.242-15: a stop-work order lasts 90 days unless extended or ended.
    package static let stopWorkDefaultDays = 90

    /// - Parameters:
    ///   - actions: The contract's actions, any order.
    ///   - events: Their events.
    ///   - asOf: The date suspensions are measured to while in force.
    package init(actions: [ContractAction], events: [ProcurementEvent], asOf: FPDSDateTime) {
        self.actions = EventClassifier.chronological(actions)
        self.asOf = asOf
        let position = Dictionary(
            self.actions.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        self.events = events.sorted {
            (position[$0.action] ?? 0, $0.type.rawValue) < (position[$1.action] ?? 0, $1.type.rawValue)
        }

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
        func endSuspension(_ event: ProcurementEvent) {
            guard let index = suspensions.lastIndex(where: { $0.endedAs == nil }) else { return }
            suspensions[index].ended = event.date
            suspensions[index].endedBy = event.action
            suspensions[index].endedAs = event.type
            suspensions[index].days = Self.days(from: suspensions[index].issued, to: event.date)
        }
        for event in self.events {
            switch event.type {
            case .award, .order, .idvAward:
                if periods.isEmpty { begin(.active, event) }
            case .stopWorkIssued:
                begin(.suspended, event)
                suspensions.append(
                    Suspension(
                        issued: event.date, issuedBy: event.action, ended: nil, endedBy: nil, endedAs: nil,
                        days: nil, isUnresolved: false, isPartial: event.isPartial))
            case .stopWorkLifted:
                endSuspension(event)
                if periods.last?.state == .suspended { begin(.active, event) }
            case .terminatedForConvenience, .terminatedForDefault, .terminatedForCause:
                endSuspension(event)
                begin(.terminated, event)
            case .cancelled:
                endSuspension(event)
                begin(.cancelled, event)
            case .reinstated:
                begin(.active, event)
            case .closeout:
                begin(.closed, event)
            default:
                break
            }
        }
        for index in suspensions.indices where suspensions[index].endedAs == nil {
            let days = Self.days(from: suspensions[index].issued, to: asOf)
            suspensions[index].days = days
            suspensions[index].isUnresolved = (days ?? 0) > Self.stopWorkDefaultDays
        }
        self.periods = periods
        self.suspensions = suspensions

        var cumulative: Decimal = 0
        var current: Decimal = 0
        var potential: Decimal = 0
        // A deleted action's money was withdrawn with it: it is not obligated, nor part of the value.
        points = self.actions.filter { !$0.isDeleted }.map { action in
            let obligated = action.obligatedAmount?.decimal ?? 0
            cumulative += obligated
            current += action.baseAndExercisedOptionsValue?.decimal ?? 0
            potential += action.baseAndAllOptionsValue?.decimal ?? 0
            return Point(
                action: action.key, date: action.signedDate, obligated: obligated,
                cumulativeObligated: cumulative, currentValue: current, potentialValue: potential)
        }
    }

    private static func days(from start: FPDSDateTime?, to end: FPDSDateTime?) -> Int? {
        guard let start, let end else { return nil }
        return end.dayNumber - start.dayNumber
    }

    /// "awarded 2024-09-27 → stop-work 2024-10-08 → lifted 2025-08-29 (suspended 325 days)".
    package var narrative: String {
        var steps: [String] = []
        for event in events {
            let date = event.date?.dateString ?? "?"
            let partial = event.isPartial ? "partial " : ""
            switch event.type {
            case .award, .idvAward: steps.append("awarded \(date)")
            case .order: steps.append("ordered \(date)")
            case .stopWorkIssued: steps.append("\(partial)stop-work \(date)")
            case .stopWorkLifted:
                let days = suspensions.first { $0.endedBy == event.action }?.days
                steps.append("lifted \(date)" + (days.map { " (suspended \($0) days)" } ?? ""))
            case .terminatedForConvenience: steps.append("\(partial)terminated for convenience \(date)")
            case .terminatedForDefault: steps.append("\(partial)terminated for default \(date)")
            case .terminatedForCause: steps.append("\(partial)terminated for cause \(date)")
            case .cancelled: steps.append("cancelled \(date)")
            case .reinstated: steps.append("reinstated \(date)")
            case .novation: steps.append("novated \(date)")
            case .closeout: steps.append("closed out \(date)")
            case .recordDeleted: steps.append("mod \(event.action.modNumber) deleted \(date)")
            default: break
            }
        }
        for suspension in suspensions where suspension.endedAs == nil {
            let days = suspension.days.map { "\($0) days" } ?? "unknown time"
            steps.append(
                "still suspended after \(days)"
                    + (suspension.isUnresolved ? " — unresolved past the 90-day default" : ""))
        }
        return steps.joined(separator: " → ")
    }
}
