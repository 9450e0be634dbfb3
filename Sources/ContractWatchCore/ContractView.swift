package import FPDS

/// A contract as its page, its JSON, `contract` and the citation packs show it: the cited version
/// of each action, every version of those with several, its events and its timeline.
package struct ContractView: Sendable {
    /// The cited version of each action (``VersionHistory/citing(_:histories:)``), in the order
    /// ``RecordStore/actions(agencyID:piid:)`` lists them.
    package var actions: [StoredAction]
    /// The versions of each action that has more than one.
    package var histories: [ActionKey: VersionHistory]
    /// The contract's events, oldest first.
    package var events: [ProcurementEvent]
    package var timeline: ContractTimeline

    /// The view of a contract's records.
    /// - Parameters:
    ///   - records: What ``RecordStore/records(ofContracts:)`` read of the contract.
    ///   - asOf: The day the timeline is told as of.
    package init(_ records: ContractRecords, asOf: FPDSDateTime = .today()) {
        histories = VersionHistory.histories(records.versions)
        actions = VersionHistory.citing(records.actions, histories: histories)
        events = records.events
        timeline = ContractTimeline(actions: actions.map(\.action), events: events, asOf: asOf)
    }
}

extension RecordStore {
    /// The contract with this agency and PIID (orders under any IDV included), read in one
    /// transaction.
    /// - Returns: The view, or nil when the store holds no action of it.
    /// - Throws: The store's error.
    package func contract(agencyID: String, piid: String) async throws -> ContractView? {
        guard let records = try await records(ofContracts: [(agencyID, piid)]).first, !records.actions.isEmpty
        else { return nil }
        return ContractView(records)
    }
}
