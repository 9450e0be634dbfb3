package import FPDS

/// Something a contract action means, with the evidence that says so.
package struct ProcurementEvent: Sendable, Hashable, Identifiable {
    /// Stable across re-classification: derived from the action's key and the event type.
    package var id: String
    package var type: EventType
    package var action: ActionKey
    /// The action's signed date (when the government acted).
    package var date: FPDSDateTime?
    /// The money involved: the obligation, or the value change for value events.
    package var amount: FPDSAmount?
    /// 0…1: how sure the rule that fired is.
    package var confidence: Double
    /// Why: the rules that fired and what they matched.
    package var evidence: [Evidence]
    /// True when the stop-work order or termination covers only part of the work.
    package var isPartial: Bool
    /// When ContractWatch first derived this event (set by the store; nil before storing).
    package var detectedAt: String?
    /// Seconds from the action's `lastModifiedDate` (FPDS's clock, see ``FPDSClock``) to
    /// `detectedAt`: how long ContractWatch took to notice the change. Measured by the store when
    /// the event is first stored and kept with `detectedAt`; nil before storing, for events stored
    /// before latencies were recorded, and when FPDS gave no date (a key-only deletion).
    package var detectionLatencySeconds: Int?
    /// The watchlist entries the action matched (filled by the store's event queries).
    package var watchlistEntries: [WatchlistMatch] = []
    /// The action's vendor and agency (filled by the store's event queries; nil when derived).
    package var parties: EventParties?

    /// An event of `type` on `action`, with `id` as a store kept it, or without one (a new event)
    /// with the id its action's key and type give (``id(for:type:)``), which a store's reads need
    /// not work out again.
    package init(
        id: String? = nil, type: EventType, action: ActionKey, date: FPDSDateTime?, amount: FPDSAmount?,
        confidence: Double, evidence: [Evidence], isPartial: Bool = false, detectedAt: String? = nil
    ) {
        self.id = id ?? Self.id(for: action, type: type)
        self.type = type
        self.action = action
        self.date = date
        self.amount = amount
        self.confidence = confidence
        self.evidence = evidence
        self.isPartial = isPartial
        self.detectedAt = detectedAt
    }

    /// `ev_` and 16 hex digits of SHA-256 over the action key and type.
    package static func id(for action: ActionKey, type: EventType) -> String {
        let material = [
            action.kind.rawValue, action.agencyID, action.piid, action.modNumber, action.transactionNumber,
            action.idvAgencyID, action.idvPIID, type.rawValue,
        ].joined(separator: "\u{1F}")
        return "ev_" + IngestPipeline.contentHash(of: Array(material.utf8)).prefix(16)
    }

    /// The 64 bits the 16 hex digits of an ``id(for:type:)`` spell; nil when `id` is not `ev_`
    /// and 16 lowercase hex digits.
    package static func idBits(_ id: String) -> UInt64? {
        let digits = id.utf8.dropFirst(3)
        guard id.utf8.count == 19, id.hasPrefix("ev_"),
            digits.allSatisfy({
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
            })
        else { return nil }
        return UInt64(Substring(id.dropFirst(3)), radix: 16)
    }

    /// The id whose 16 hex digits spell `bits`: ``idBits(_:)`` read back.
    package static func id(bits: UInt64) -> String {
        let hex = String(bits, radix: 16)
        return "ev_" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// One reason behind an event.
package struct Evidence: Sendable, Hashable, Codable {
    /// The rule that fired, e.g. `code.F` or `text.stop_work.lift`.
    package var rule: String
    /// The reason-for-modification code it relied on, if any.
    package var code: String?
    /// The matched text, exactly as published.
    package var text: String?
    /// Where `text` sits in the description, in Unicode scalars from its start.
    package var start: Int?
    package var end: Int?
    /// The field a delta compares, and its values before and after.
    package var field: String?
    package var from: String?
    package var to: String?

    package init(
        rule: String, code: String? = nil, text: String? = nil, start: Int? = nil, end: Int? = nil,
        field: String? = nil, from: String? = nil, to: String? = nil
    ) {
        self.rule = rule
        self.code = code
        self.text = text
        self.start = start
        self.end = end
        self.field = field
        self.from = from
        self.to = to
    }
}
