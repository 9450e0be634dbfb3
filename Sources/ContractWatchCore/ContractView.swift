package import FPDS

/// A contract as its page, its JSON, `contract` and the citation packs show it: every action in
/// outline, a window of them whole with every version of those with several, its events and its
/// timeline.
package struct ContractView: Sendable {
    /// Every action of the contract, in the order ``RecordStore/actions(agencyID:piid:)`` lists
    /// them: the cited version of each (``VersionHistory/citing(_:histories:)``), in outline
    /// (``ContractWindowRecords/outline``) unless it cites an earlier version, which is whole.
    package var outline: [StoredAction]
    /// The positions of ``outline`` that ``actions`` holds.
    package var window: Range<Int>
    /// The cited version of each action in ``window``, whole.
    package var actions: [StoredAction]
    /// The versions of each action that has more than one.
    package var histories: [ActionKey: VersionHistory]
    /// The contract's events, oldest first; those of actions outside ``window`` in outline
    /// (``ContractWindowRecords/events``).
    package var events: [ProcurementEvent]
    /// The whole contract's timeline, told from ``outline``.
    package var timeline: ContractTimeline

    /// The view of a window of a contract.
    /// - Parameters:
    ///   - records: What ``RecordStore/contractWindow(agencyID:piid:window:)`` read of the contract.
    ///   - asOf: The day the timeline is told as of.
    package init(_ records: ContractWindowRecords, asOf: FPDSDateTime = .today()) {
        histories = VersionHistory.histories(records.versions)
        outline = VersionHistory.citing(records.outline, histories: histories)
        window = records.window
        actions = VersionHistory.citing(records.actions, histories: histories)
        events = records.events
        timeline = ContractTimeline(actions: outline.map(\.action), events: events, asOf: asOf)
    }

    /// The view of a whole contract.
    /// - Parameters:
    ///   - records: What ``RecordStore/records(ofContracts:)`` read of the contract.
    ///   - asOf: The day the timeline is told as of.
    package init(_ records: ContractRecords, asOf: FPDSDateTime = .today()) {
        self.init(
            ContractWindowRecords(
                outline: records.actions, window: records.actions.indices, actions: records.actions,
                versions: records.versions, events: records.events),
            asOf: asOf)
    }

    /// Where the actions after ``window`` start; nil when it reaches the last.
    package var nextCursor: ContractCursor? {
        let end = window.upperBound
        guard end > 0, end < outline.count else { return nil }
        return ContractCursor(position: end, orderingKey: outline[end - 1].action.key.orderingKey)
    }

    /// The window as JSON (``ContractTimeline/json(actions:histories:actionCount:nextCursor:)``).
    package var json: String {
        timeline.json(actions: actions, histories: histories, actionCount: outline.count, nextCursor: nextCursor)
    }
}

/// Where a page of a contract's actions starts: after the action the page before listed last.
///
/// A key, not a count, says where: an action stored meanwhile before the cursor moves the page by
/// one, and it neither repeats nor skips an action of the page before.
package struct ContractCursor: Sendable, Hashable {
    /// How many actions the pages before listed, where the action is looked for first.
    package var position: Int
    /// ``ActionKey/orderingKey`` of the action listed last.
    package var orderingKey: Int64

    package init(position: Int, orderingKey: Int64) {
        self.position = position
        self.orderingKey = orderingKey
    }

    /// `25~-4811025917713224519`, safe in a URL.
    package var token: String { CursorToken.token(String(position), String(orderingKey)) }

    /// Reads a ``token``; nil when it is not one.
    package init?(token: String) {
        guard let parts = CursorToken.parts(token), let position = Int(parts.position), position > 0,
            let key = Int64(parts.tiebreak)
        else { return nil }
        self.init(position: position, orderingKey: key)
    }

    /// The positions of the page of at most `limit` actions of `outline` after `cursor`.
    /// - Returns: The first page when `cursor` is nil; nil when no action of `outline` has the
    ///   cursor's key (it is another contract's).
    package static func page(_ cursor: ContractCursor?, limit: Int, in outline: [StoredAction]) -> Range<Int>? {
        var start = 0
        if let cursor {
            if outline.indices.contains(cursor.position - 1),
                outline[cursor.position - 1].action.key.orderingKey == cursor.orderingKey
            {
                start = cursor.position
            } else if let index = outline.firstIndex(where: { $0.action.key.orderingKey == cursor.orderingKey }) {
                start = index + 1
            } else {
                return nil
            }
        }
        return start..<min(outline.count, start + max(1, limit))
    }
}

extension RecordStore {
    /// The whole contract with this agency and PIID (orders under any IDV included), read in one
    /// transaction.
    /// - Returns: The view, or nil when the store holds no action of it.
    /// - Throws: The store's error.
    package func contract(agencyID: String, piid: String) async throws -> ContractView? {
        try await contractWindow(agencyID: agencyID, piid: piid) { $0.indices }.map { ContractView($0) }
    }
}
