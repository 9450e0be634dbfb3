import ContractAwards
package import FPDS

/// Turns a contract's actions into events: from each action's reason code, its money and date
/// deltas against the action before it, and its description text.
///
/// Deterministic: the same actions always yield the same events with the same ids.
package struct EventClassifier: Sendable {
    /// A classifier with the built-in rules.
    package init() {}

    /// Classifies every action of one contract.
    ///
    /// Unlike ``classify(_:previous:)``, this also reads a termination or cancellation against the
    /// actions after it: when later work shows the contract went on, it was partial.
    /// - Parameters:
    ///   - actions: The contract's actions (current versions), in any order; they are sorted by
    ///     signed date, then modification number, then transaction number.
    ///   - histories: The versions of its actions that have more than one: an action whose record
    ///     was corrected after publication also yields `record_corrected`
    ///     (``VersionHistory/correctionEvent``).
    /// - Returns: The events of every action, action by action in that order.
    package func classify(
        contract actions: [ContractAction], histories: [ActionKey: VersionHistory] = [:]
    ) -> [ProcurementEvent] {
        let ordered = Self.chronological(actions)
        var events: [[ProcurementEvent]] = []
        // Each action is compared with the live action before it: a deleted action's text and
        // dates were withdrawn, so the next one's deltas are measured past it.
        var previous: ContractAction?
        for action in ordered {
            var found = classify(action, previous: previous)
            if let correction = histories[action.key]?.correctionEvent { found.append(correction) }
            events.append(found)
            if !action.isDeleted { previous = action }
        }
        Self.markPartialByLaterWork(&events, of: ordered)
        return events.flatMap { $0 }
    }

    /// A termination or cancellation whose text does not say it ends the whole contract is
    /// partial when a later action adds work (an option exercised, new money, a higher potential
    /// value): a contract that was wholly ended gets none. The first such action is its evidence.
    ///
    /// Actions that take money back, that are themselves terminations, cancellations or
    /// close-outs, whose text speaks of a termination or settlement, or whose completion date had
    /// passed when they were signed, settle what was ended or done and are not new work; a
    /// reinstatement ends the search, since the work after it is the restored contract's.
    /// - Parameters:
    ///   - events: Each action's events, in the order of `actions`.
    ///   - actions: The contract's actions in chronological order.
    private static func markPartialByLaterWork(_ events: inout [[ProcurementEvent]], of actions: [ContractAction]) {
        guard events.contains(where: { $0.contains { $0.type.endsWork } }) else { return }
        // What each action adds, if it is new work.
        let addedWork: [EventType?] = zip(actions, events).map { action, events in
            guard !action.isDeleted, (action.obligatedAmount?.signum ?? 0) >= 0,
                !events.contains(where: { $0.type.endsWork || $0.type == .closeout }),
                let added = events.first(where: \.type.addsWork)?.type,
                !LifecycleTextRules.mentionsTermination(action.description ?? ""),
                !(action.currentCompletionDate.flatMap { end in action.signedDate.map { end < $0 } } ?? false)
            else { return nil }
            return added
        }
        for index in events.indices {
            for eventIndex in events[index].indices {
                let event = events[index][eventIndex]
                guard event.type.endsWork, !event.isPartial,
                    !event.evidence.contains(where: { $0.rule == "text.extent.complete" })
                else { continue }
                for later in (index + 1)..<actions.count {
                    if events[later].contains(where: { $0.type == .reinstated }) { break }
                    guard let added = addedWork[later] else { continue }
                    events[index][eventIndex].isPartial = true
                    events[index][eventIndex].evidence.append(
                        Evidence(
                            rule: "later_work.\(added.rawValue)", code: actions[later].reasonForModification?.code,
                            field: "modNumber", to: actions[later].key.modNumber))
                    break
                }
            }
        }
    }

    /// The order in which a contract's actions happened.
    package static func chronological(_ actions: [ContractAction]) -> [ContractAction] {
        chronologicalOrder(actions).map { actions[$0] }
    }

    /// The positions of `actions` in the order in which they happened (``chronological(_:)``).
    package static func chronologicalOrder(_ actions: [ContractAction]) -> [Int] {
        // Sort keys computed once per action, not once per comparison, and positions sorted
        // rather than the actions themselves: an action is large, and each move of one retains
        // every string it holds.
        let keys = actions.map { action in
            (action.signedDate.map(signedOrder) ?? -1, modOrder(action.key.modNumber), action.key.transactionNumber)
        }
        return actions.indices.sorted { keys[$0] < keys[$1] }
    }

    /// The signed date and time as one number that orders as they do (undated actions, -1,
    /// first), without writing it out as text for every action.
    private static func signedOrder(_ date: FPDSDateTime) -> Int {
        ((((date.year * 100 + date.month) * 100 + date.day) * 100 + date.hour) * 100 + date.minute) * 100
            + date.second
    }

    /// Base records ("0") first; otherwise by the text, digits compared as numbers.
    private static func modOrder(_ mod: String) -> String {
        if mod == "0" || mod.isEmpty { return "" }
        // Left-pad digit runs so "P00010" sorts after "P00009" and "10" after "9".
        var result = ""
        var digits = ""
        for character in mod {
            if character.isNumber {
                digits.append(character)
            } else {
                if !digits.isEmpty { result += String(repeating: "0", count: max(0, 12 - digits.count)) + digits }
                digits = ""
                result.append(character)
            }
        }
        if !digits.isEmpty { result += String(repeating: "0", count: max(0, 12 - digits.count)) + digits }
        return result
    }

    /// Classifies one action against the action before it in the same contract.
    ///
    /// A deleted action (``ContractAction/deletion``) yields `record_deleted` and nothing else:
    /// what it said was withdrawn, so it awards, funds and suspends nothing.
    package func classify(_ action: ContractAction, previous: ContractAction?) -> [ProcurementEvent] {
        if let deletion = action.deletion { return [Self.deletionEvent(action, deletion)] }
        var events: [ProcurementEvent] = []
        func add(
            _ type: EventType, confidence: Double, amount: FPDSAmount? = nil, partial: Bool = false,
            _ evidence: Evidence...
        ) {
            guard !events.contains(where: { $0.type == type }) else { return }
            events.append(
                ProcurementEvent(
                    type: type, action: action.key, date: action.signedDate, amount: amount ?? action.obligatedAmount,
                    confidence: confidence, evidence: evidence, isPartial: partial))
        }
        let code = action.reasonForModification?.code
        let isBase = code == nil && (action.key.modNumber == "0" || action.key.modNumber.isEmpty)

        // 1. The reason code.
        if isBase {
            let type: EventType =
                action.key.kind.isIDV ? .idvAward : action.key.idvPIID.isEmpty ? .award : .order
            add(type, confidence: 0.99, Evidence(rule: "base_record", field: "modNumber", to: action.key.modNumber))
        } else if let code, let type = Self.eventType(forReason: code, obligated: action.obligatedAmount) {
            // Code N on an action that rescinds an earlier modification is a paperwork reversal:
            // the contract goes on.
            if type == .cancelled, let description = action.description,
                let (sentence, text) = LifecycleTextRules.rescindedModification(
                    in: description, previous: previous?.description)
            {
                add(
                    .administrative, confidence: 0.9,
                    Self.quote(sentence, in: text, rule: "text.rescinds_modification", code: code))
            } else {
                add(type, confidence: 0.99, Evidence(rule: "code.\(code)", code: code))
            }
        }

        // 2. The description, minus what the previous action already said.
        if let description = action.description,
            let (text, findings) = LifecycleTextRules.findings(in: description, previous: previous?.description)
        {
            for finding in findings {
                // A code-decided termination is not doubled by its own text.
                if finding.rule == "text.termination" && events.contains(where: { $0.type == finding.type }) {
                    continue
                }
                add(
                    finding.type, confidence: finding.confidence, partial: finding.isPartial,
                    Self.quote(finding.sentence, in: text, rule: finding.rule, code: code))
            }
        }
        // How much a termination or cancellation ends, when its text says.
        if events.contains(where: \.type.endsWork), let description = action.description,
            let (extent, sentence, text) = LifecycleTextRules.extent(in: description, previous: previous?.description)
        {
            let evidence = Self.quote(
                sentence, in: text, rule: extent == .partial ? "text.extent.partial" : "text.extent.complete",
                code: code)
            for index in events.indices where events[index].type.endsWork {
                events[index].isPartial = extent == .partial
                events[index].evidence.append(evidence)
            }
        }

        // 3. Money and dates, for modifications.
        guard !isBase else { return events }
        if let obligated = action.obligatedAmount {
            let sign = obligated.signum
            if sign > 0 && code != "C" {
                add(
                    .funding, confidence: 0.95,
                    Evidence(rule: "delta.obligation", field: "obligatedAmount", to: obligated.text))
            } else if sign < 0 {
                add(
                    .deobligation, confidence: 0.95,
                    Evidence(rule: "delta.obligation", field: "obligatedAmount", to: obligated.text))
            }
        }
        if let change = action.baseAndAllOptionsValue, change.signum != 0 {
            let type: EventType = change.signum > 0 ? .valueIncrease : .valueDecrease
            add(
                type, confidence: 0.95, amount: change,
                Evidence(rule: "delta.potential_value", field: "baseAndAllOptionsValue", to: change.text))
        }
        if let before = previous?.currentCompletionDate, let after = action.currentCompletionDate, before != after {
            add(
                after > before ? .periodExtended : .periodShortened, confidence: 0.95,
                Evidence(
                    rule: "delta.completion_date", field: "currentCompletionDate",
                    from: before.dateString, to: after.dateString))
        }
        return events
    }

    /// Evidence quoting `sentence` exactly as published, with its offsets.
    private static func quote(
        _ sentence: DescriptionText.Sentence, in text: DescriptionText, rule: String, code: String?
    ) -> Evidence {
        let range = sentence.range
        return Evidence(
            rule: rule, code: code, text: String(text.text[range]), start: text.scalarOffset(of: range.lowerBound),
            end: text.scalarOffset(of: range.upperBound))
    }

    /// `record_deleted`, dated when FPDS deleted the record (the notice's `lastModifiedDate`), or,
    /// when the notice gave no date of its own (a key-only one), when ContractWatch first saw it;
    /// its amount is the obligation withdrawn.
    ///
    /// The evidence rule says where the notice was seen: `deleted.fpds_deleted_feed`,
    /// `deleted.sam_deleted_records` or `deleted.usaspending_delete_row`.
    static func deletionEvent(_ action: ContractAction, _ deletion: ContractAction.Deletion) -> ProcurementEvent {
        let rule =
            switch deletion.format {
            case .fpdsXML: "deleted.fpds_deleted_feed"
            case .samJSON: "deleted.sam_deleted_records"
            case .usaspendingCSV: "deleted.usaspending_delete_row"
            case nil: "deleted"
            }
        let evidence: Evidence
        let date: FPDSDateTime?
        if !deletion.isKeyOnly, let modified = action.lastModifiedDate {
            date = modified
            evidence = Evidence(rule: rule, field: "lastModifiedDate", to: modified.description)
        } else {
            // Seen times are UTC; written on FPDS's clock, so the date sorts with FPDS's own.
            date = deletion.seenAt.flatMap(FPDSClock.dateTime(atTimestamp:))
            evidence = Evidence(rule: rule, field: "firstSeen", to: deletion.seenAt)
        }
        return ProcurementEvent(
            type: .recordDeleted, action: action.key, date: date, amount: action.obligatedAmount, confidence: 0.99,
            evidence: [evidence])
    }

    /// The event a reason-for-modification code means by itself.
    package static func eventType(forReason code: String, obligated: FPDSAmount?) -> EventType? {
        switch code {
        case "A", "B", "H": .supplementalAgreement
        case "C": (obligated?.signum ?? 0) < 0 ? .deobligation : .funding
        case "D", "L": .changeOrder
        case "E": .terminatedForDefault
        case "F": .terminatedForConvenience
        case "G": .optionExercised
        case "J": .novation
        case "K": .closeout
        case "M", "R", "T", "W", "Y": .administrative
        case "N": .cancelled
        case "P", "V": .vendorIdentityChange
        case "S": .piidChange
        case "X": .terminatedForCause
        default: nil
        }
    }
}
