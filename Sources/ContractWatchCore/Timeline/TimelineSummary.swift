import ContractAwards
package import FPDS

/// A contract's timeline as one line tells it (``ContractTimeline/narrative``), in the form the
/// store keeps beside the contract's events.
///
/// Classification stores it with the events it derived, from the same snapshot, so that a
/// citation tells the timeline from one row instead of reading every action and event of the
/// contract: a feed of 100 events of large contracts would otherwise read thousands of each. The
/// steps told so far never change with the day they are read; the length of a suspension still in
/// force does, so those are kept as what began them and told as of the day asked.
package struct TimelineSummary: Sendable, Hashable {
    /// The steps, oldest first: "awarded 2024-09-27", "lifted 2025-08-29 (suspended 325 days)".
    package var steps: [String]
    /// The suspensions still in force, in the order they began.
    package var openSuspensions: [OpenSuspension]

    /// A stop-work order or suspension of work with no end published or inferred yet.
    package struct OpenSuspension: Sendable, Hashable {
        /// `stop_work_issued`, or `work_suspended` for a suspension short of a stop-work order.
        package var cause: EventType
        package var isPartial: Bool
        package var issued: FPDSDateTime?

        package init(cause: EventType, isPartial: Bool, issued: FPDSDateTime?) {
            self.cause = cause
            self.isPartial = isPartial
            self.issued = issued
        }
    }

    package init(steps: [String], openSuspensions: [OpenSuspension]) {
        self.steps = steps
        self.openSuspensions = openSuspensions
    }

    /// The line, with each open suspension's length counted to `asOf`.
    package func narrative(asOf: FPDSDateTime) -> String {
        var steps = steps
        for suspension in openSuspensions {
            let days = ContractTimeline.days(from: suspension.issued, to: asOf)
            let length = days.map { "\($0) days" } ?? "unknown time"
            let what =
                suspension.cause == .workSuspended ? "work still \(suspension.isPartial ? "partly " : "")" : "still "
            let unresolved = ContractTimeline.isUnresolved(cause: suspension.cause, days: days)
            steps.append(
                "\(what)suspended after \(length)" + (unresolved ? " — unresolved past the 90-day default" : ""))
        }
        return steps.joined(separator: " → ")
    }

    // MARK: - Stored form

    /// The JSON text the store keeps: `{"steps":[…],"open":[{"cause":…,"partial":…,"issued":…}]}`.
    package var storedText: String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("steps")
        writer.beginArray()
        for step in steps { writer.string(step) }
        writer.endArray()
        writer.key("open")
        writer.beginArray()
        for suspension in openSuspensions {
            writer.beginObject()
            writer.member("cause", suspension.cause.rawValue)
            writer.member("partial", suspension.isPartial)
            writer.member("issued", suspension.issued?.description)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.output
    }

    /// The summary ``storedText`` wrote, or nil when the text is not one (a damaged row, or one
    /// written by a later build that this one cannot read): the caller tells the timeline from
    /// the contract's records instead.
    package init?(storedText: String) {
        guard let summary = try? Self.parse(storedText) else { return nil }
        self = summary
    }

    private struct NotASummary: Error {}

    private static func parse(_ storedText: String) throws -> TimelineSummary {
        let stored = try JSONValue(parsing: storedText)
        guard case .array(let items)? = stored["steps"], case .array(let open)? = stored["open"]
        else { throw NotASummary() }
        let steps = try items.map { item in
            guard case .string(let step) = item else { throw NotASummary() }
            return step
        }
        let suspensions = try open.map { item in
            guard let name = try JSONValue.optionalString(item["cause"]), let cause = EventType(rawValue: name),
                case .bool(let isPartial)? = item["partial"]
            else { throw NotASummary() }
            let issued = try JSONValue.optionalString(item["issued"]).map { text in
                guard let date = FPDSDateTime(fpds: text) else { throw NotASummary() }
                return date
            }
            return OpenSuspension(cause: cause, isPartial: isPartial, issued: issued)
        }
        return TimelineSummary(steps: steps, openSuspensions: suspensions)
    }
}

/// What classification derived from one snapshot of a contract, stored together
/// (``RecordStore/replaceEvents(_:derivedFrom:detectedAt:)``).
package struct ContractClassification: Sendable {
    /// The contract's complete list of events.
    package var events: [ProcurementEvent]
    /// Its timeline told from those events and the snapshot's actions.
    package var timeline: TimelineSummary

    package init(events: [ProcurementEvent], timeline: TimelineSummary) {
        self.events = events
        self.timeline = timeline
    }

    /// The events of `actions`, a contract's, with the timeline they tell.
    package init(events: [ProcurementEvent], of actions: [ContractAction]) {
        self.init(
            events: events, timeline: ContractTimeline(actions: actions, events: events, asOf: .today()).summary)
    }
}
