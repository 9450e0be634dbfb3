package import ContractAwards
import FPDS

/// Every stored version of one action, and what they say together: what was first reported,
/// what the record says now, which version a citation names, and what changed between them.
///
/// The rules live here, not in the stores, so that every engine, command and page agrees.
package struct VersionHistory: Sendable, Hashable {
    /// The versions, lowest ``VersionPrecedence`` first: the order in which FPDS published them,
    /// whatever order ContractWatch read them in.
    package var versions: [StoredAction]

    /// - Parameter versions: Every stored version of one action, in any order (non-empty).
    package init(_ versions: [StoredAction]) {
        self.versions = versions.sorted { Self.precedence($0) < Self.precedence($1) }
    }

    /// Groups `versions` (of any number of actions) by action key.
    /// - Returns: One history per action.
    package static func histories(_ versions: [StoredAction]) -> [ActionKey: VersionHistory] {
        Dictionary(grouping: versions, by: \.action.key).mapValues(VersionHistory.init)
    }

    /// `actions` (current versions) with each one whose history cites another version
    /// (``cited``) replaced by that version, so that what is shown and linked is the record cited.
    /// - Returns: The actions, in the same order.
    package static func citing(_ actions: [StoredAction], histories: [ActionKey: VersionHistory]) -> [StoredAction] {
        // Most contracts have no action with a second version: their actions are the cited ones.
        histories.isEmpty ? actions : actions.map { histories[$0.action.key]?.cited ?? $0 }
    }

    /// The precedence of a stored version: how ``VersionPrecedence`` ranks it.
    package static func precedence(_ version: StoredAction) -> VersionPrecedence {
        VersionPrecedence(
            lastModifiedDate: version.action.lastModifiedDate, isDeletion: version.action.isDeleted,
            format: version.format, contentHash: version.contentHash)
    }

    /// The action as first reported: its earliest live version by FPDS's modification date.
    package var firstReported: StoredAction? { versions.first { !$0.action.isDeleted } }

    /// The version a citation names: the current one, unless that is a copy from a derived source
    /// (SAM.gov, USAspending) that changes nothing ``FieldChange/changes(from:to:)`` compares
    /// against an FPDS version of the same action; the FPDS record it copies is cited then.
    package var cited: StoredAction? {
        guard let current = versions.last else { return nil }
        guard current.format != .fpdsXML, !current.action.isDeleted else { return current }
        return versions.last {
            $0.format == .fpdsXML && !$0.action.isDeleted
                && FieldChange.changes(from: $0.action, to: current.action).isEmpty
        } ?? current
    }

    /// What changed from the first report to the cited version (empty when nothing did, or when
    /// the action is deleted: a deletion is `record_deleted`, not a correction).
    package var corrections: [FieldChange] {
        guard let first = firstReported, let cited, !cited.action.isDeleted else { return [] }
        return FieldChange.changes(from: first.action, to: cited.action)
    }

    /// Each version with what changed from the version before it (nothing for the first).
    package var diffs: [(version: StoredAction, changes: [FieldChange])] {
        versions.indices.map { index in
            (
                versions[index],
                index == 0 ? [] : FieldChange.changes(from: versions[index - 1].action, to: versions[index].action)
            )
        }
    }

    /// `record_corrected` for this action when its cited version differs from the first report:
    /// dated when the correction was published (the cited version's `lastModifiedDate`, else its
    /// signed date), for the corrected obligation, with one evidence item naming the two versions'
    /// content hashes and one per changed field.
    package var correctionEvent: ProcurementEvent? {
        let changes = corrections
        guard let first = firstReported, let cited, !changes.isEmpty else { return nil }
        let evidence =
            [Evidence(rule: "version.corrected", field: "contentHash", from: first.contentHash, to: cited.contentHash)]
            + changes.map { Evidence(rule: "version.corrected", field: $0.field, from: $0.from, to: $0.to) }
        return ProcurementEvent(
            type: .recordCorrected, action: cited.action.key,
            date: cited.action.lastModifiedDate ?? cited.action.signedDate, amount: cited.action.obligatedAmount,
            confidence: 0.99, evidence: evidence)
    }
}

/// One field of an action that differs between two versions.
package struct FieldChange: Sendable, Hashable {
    /// The field's JSON key (`obligatedAmount`, `signedDate`, `vendorName`, `description`, …).
    package var field: String
    /// Its value in the earlier version, as published; nil when that version had none.
    package var from: String?
    /// Its value in the later version.
    package var to: String?

    package init(field: String, from: String?, to: String?) {
        self.field = field
        self.from = from
        self.to = to
    }

    /// The compared fields whose values differ from `before` to `after`, in a fixed order: the
    /// amounts, the dates, the vendor and the description. Amounts compare by value (`100` equals
    /// `100.00`), dates by date and time, text exactly.
    /// - Returns: The changes; empty when none of those fields changed.
    package static func changes(from before: ContractAction, to after: ContractAction) -> [FieldChange] {
        var changes: [FieldChange] = []
        func compare<Value: Equatable>(
            _ field: String, _ path: KeyPath<ContractAction, Value?>, _ text: (Value) -> String
        ) {
            let (old, new) = (before[keyPath: path], after[keyPath: path])
            if old != new { changes.append(FieldChange(field: field, from: old.map(text), to: new.map(text))) }
        }
        compare("obligatedAmount", \.obligatedAmount, \.text)
        compare("baseAndExercisedOptionsValue", \.baseAndExercisedOptionsValue, \.text)
        compare("baseAndAllOptionsValue", \.baseAndAllOptionsValue, \.text)
        compare("totalObligatedAmount", \.totalObligatedAmount, \.text)
        compare("signedDate", \.signedDate, \.description)
        compare("effectiveDate", \.effectiveDate, \.description)
        compare("currentCompletionDate", \.currentCompletionDate, \.description)
        compare("ultimateCompletionDate", \.ultimateCompletionDate, \.description)
        compare("vendorName", \.vendorName, { $0 })
        compare("vendorUEI", \.vendorUEI, { $0 })
        compare("description", \.description, { $0 })
        return changes
    }
}

extension SourceFormat {
    /// The source as a reader names it: `FPDS`, `SAM.gov` or `USAspending`.
    package var label: String {
        switch self {
        case .fpdsXML: "FPDS"
        case .samJSON: "SAM.gov"
        case .usaspendingCSV: "USAspending"
        }
    }

    /// The media type of a raw document in this format, for downloads.
    package var mediaType: String {
        switch self {
        case .fpdsXML: "application/xml; charset=utf-8"
        case .samJSON: "application/json; charset=utf-8"
        case .usaspendingCSV: "text/csv; charset=utf-8"
        }
    }
}
