package import FPDS
import Foundation

extension ContractTimeline {
    /// The contract as JSON: `agencyID piid state summary completionDate states suspensions
    /// obligations actions events versions actionCount nextCursor`, the shape of
    /// `contract --format json` and `GET /api/contracts/{agencyID}/{piid}`.
    ///
    /// The state, summary, completion date, states and suspensions are the whole contract's;
    /// `obligations`, `events` and `versions` are those of `actions`, which may be one page of it
    /// (`actionCount` says how many it has, `nextCursor` where the next page starts). Cumulative
    /// obligations are summed over the whole contract.
    ///
    /// A suspension ended by inference has `endedAs` "resumed (inferred)", `inferredFrom` the type of
    /// the added work (`option_exercised`, `funding`, `value_increase`), and `endedBy` and
    /// `endedByEventID` the action and event it was inferred from.
    /// - Parameters:
    ///   - actions: The stored actions of the timeline's contract to list: all, or a page.
    ///   - histories: The version histories of the actions that have more than one version:
    ///     `versions` lists those of `actions` in their order (``VersionHistory/writeJSON(to:)``).
    ///   - actionCount: How many actions the contract has; `actions.count` when nil.
    ///   - nextCursor: Where the page after `actions` starts; nil on the last.
    /// - Returns: The JSON text of one object.
    package func json(
        actions: [StoredAction], histories: [ActionKey: VersionHistory] = [:], actionCount: Int? = nil,
        nextCursor: ContractCursor? = nil
    ) -> String {
        let listed = Set(actions.map(\.action.key))
        // Every action of a contract has its agency and PIID.
        let contract = actions.first?.action.key ?? points.first?.action ?? events.first?.action
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("agencyID", contract?.agencyID)
        writer.member("piid", contract?.piid)
        writer.member("state", state.rawValue)
        writer.member("summary", narrative)
        writer.member("completionDate", completionDate?.description)
        writer.key("states")
        writer.beginArray()
        for period in periods {
            writer.beginObject()
            writer.member("state", period.state.rawValue)
            writer.member("partial", period.isPartial)
            writer.member("from", period.from?.description)
            writer.member("to", period.to?.description)
            writer.member("cause", period.cause.rawValue)
            writer.member("eventID", period.causeEventID)
            writer.endObject()
        }
        writer.endArray()
        writer.key("suspensions")
        writer.beginArray()
        for suspension in suspensions {
            writer.beginObject()
            writer.member("cause", suspension.cause.rawValue)
            writer.member("issued", suspension.issued?.description)
            writer.member("issuedBy", suspension.issuedBy.modNumber)
            writer.member("ended", suspension.ended?.description)
            writer.member("endedBy", suspension.endedBy?.modNumber)
            // An inferred end names the work it was inferred from separately, so `endedAs` never
            // reads as if a lift had been published.
            writer.member("endedAs", suspension.isInferred ? "resumed (inferred)" : suspension.endedAs?.rawValue)
            writer.member("endedByEventID", suspension.endedByEventID)
            writer.member("inferredFrom", suspension.isInferred ? suspension.endedAs?.rawValue : nil)
            writer.member("days", number: suspension.days.map(String.init))
            writer.member("unresolved", suspension.isUnresolved)
            writer.member("partial", suspension.isPartial)
            writer.endObject()
        }
        writer.endArray()
        writer.key("obligations")
        writer.beginArray()
        for point in points where listed.contains(point.action) {
            writer.beginObject()
            writer.member("modNumber", point.action.modNumber)
            writer.member("date", point.date?.description)
            writer.member("obligated", number: point.obligated.description)
            writer.member("cumulativeObligated", number: point.cumulativeObligated.description)
            writer.member("currentValue", number: point.currentValue.description)
            writer.member("potentialValue", number: point.potentialValue.description)
            writer.endObject()
        }
        writer.endArray()
        writer.key("actions")
        writer.beginArray()
        for action in actions { action.writeJSON(to: &writer) }
        writer.endArray()
        writer.key("events")
        writer.beginArray()
        for event in events where listed.contains(event.action) { event.writeJSON(to: &writer) }
        writer.endArray()
        writer.key("versions")
        writer.beginArray()
        for action in actions { histories[action.action.key]?.writeJSON(to: &writer) }
        writer.endArray()
        writer.member("actionCount", number: String(actionCount ?? actions.count))
        writer.member("nextCursor", nextCursor?.token)
        writer.endObject()
        return writer.output
    }
}

extension FPDSDateTime {
    /// Today's date (UTC), which open suspensions are measured to.
    package static func today() -> FPDSDateTime {
        let parts = Calendar(identifier: .gregorian).dateComponents(
            in: TimeZone(identifier: "UTC") ?? .current, from: Date())
        return FPDSDateTime(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }
}
