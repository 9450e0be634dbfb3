/// Reads stop-work orders, suspensions of work, their lifting, reinstatements and terminations
/// out of description text, where FPDS records them without a code; and, for an action whose code
/// terminates or cancels, whether the text says how much, or that it rescinds a modification.
///
/// Each sentence is read on its own, and only sentences that the previous action's description
/// did not already hold: agencies carry text forward onto later modifications, and a repeated
/// old sentence is not a new event.
///
/// - A stop-work order (`stop_work_issued`): "STOP WORK ORDER", "SWO", "STOP ALL WORK", "TO STOP
///   WORK". Lifted (`stop_work_lifted`) when a sentence lifts, cancels, rescinds or ends one, or
///   resumes work while naming it.
/// - A suspension short of one (`work_suspended`): work, services, performance or operations
///   suspended, ceased or halted ("SUSPENSION OF WORK" under FAR 52.242-14, "CEASE ALL
///   SERVICES", "PERFORMANCE IS HEREBY SUSPENDED"). Partial unless the sentence says all of the
///   work or the entire contract, and names no part. Ended (`work_resumed`) when a sentence lifts,
///   cancels or rescinds "the suspension", or resumes work without naming a stop-work order.
/// - Orders that "remain in effect" and edits of the clauses (52.242-15, 52.233-3, 52.242-14) are
///   not events; a lift's recounting of the order it lifts is history, not a new order.
struct LifecycleTextRules {
    /// A text finding: the event type, the rule, the sentence that fired, partial or not.
    struct Finding {
        var type: EventType
        var rule: String
        var sentence: DescriptionText.Sentence
        var isPartial: Bool
        var confidence: Double
    }

    /// How much of the contract a termination or cancellation ends, as its text says.
    enum Extent {
        case partial
        case complete
    }

    private static let liftVerbs: Set<String> = [
        "LIFT", "LIFTS", "LIFTED", "LIFTING", "CANCEL", "CANCELS", "CANCELED", "CANCELLED", "CANCELING",
        "CANCELLING", "CANCELLATION", "CANCELATION", "RESCIND", "RESCINDS", "RESCINDED", "RESCINDING",
        "RESCISSION", "REMOVE", "REMOVES", "REMOVED", "REMOVING", "WITHDRAW", "WITHDRAWS", "WITHDRAWN",
        "WITHDRAWING", "REVOKE", "REVOKES", "REVOKED", "TERMINATE", "TERMINATES", "TERMINATED", "ENDS", "ENDED",
    ]
    /// Lifting a suspension: not "terminate", since a terminated contract's work ceases too.
    private static let suspensionLiftVerbs = liftVerbs.subtracting(["TERMINATE", "TERMINATES", "TERMINATED"])
    private static let resumeWords: Set<String> = ["RESUME", "RESUMES", "RESUMED", "RESUMPTION", "RESUMING"]
    private static let suspendWords: Set<String> = [
        "SUSPEND", "SUSPENDS", "SUSPENDED", "SUSPENDING", "SUSPENSION", "CEASE", "CEASES", "CEASED", "CEASING",
        "HALT", "HALTS", "HALTED", "HALTING",
    ]
    /// "… IS HEREBY SUSPENDED": the participles that take their work noun before them.
    private static let suspendParticiples: Set<String> = ["SUSPENDED", "CEASED", "HALTED"]
    private static let passiveAuxiliaries: Set<String> = [
        "IS", "ARE", "WAS", "WERE", "BE", "BEEN", "BEING", "HAS", "HAVE", "HAD", "HEREBY", "TEMPORARILY",
        "IMMEDIATELY", "SHALL", "WILL",
    ]
    /// What a suspension suspends; "SUSPEND THE INCENTIVE STRUCTURE" suspends none of it.
    private static let workNouns: Set<String> = [
        "WORK", "PERFORMANCE", "SERVICE", "SERVICES", "OPERATIONS", "CONSTRUCTION", "EFFORT", "EFFORTS",
        "ACTIVITIES", "DELIVERIES",
    ]
    private static let wholeMarkers: Set<String> = ["ENTIRE", "ENTIRETY", "WHOLE"]
    private static let clauseEditVerbs: Set<String> = [
        "REPLACE", "REPLACES", "REPLACED", "CORRECT", "CORRECTS", "CORRECTED", "ADMINISTRATIVELY", "INCORPORATE",
        "INCORPORATES", "ADD", "ADDS", "DELETE", "DELETES", "UPDATE", "UPDATES", "REVISE", "REVISES",
    ]
    private static let issueVerbs: Set<String> = [
        "ISSUE", "ISSUES", "ISSUING", "DIRECT", "DIRECTS", "IMPLEMENT", "PLACE",
    ]
    private static let partialMarkers: Set<String> = [
        "PARTIAL", "PARTIALLY", "PORTION", "PORTIONS", "ANNEX", "ANNEXES", "CLIN", "CLINS", "SUBCLIN",
    ]
    /// Marks of a termination or cancellation of part of the work, beyond ``partialMarkers``.
    private static let partialTerminationMarkers = partialMarkers.union([
        "DESCOPE", "DESCOPES", "DESCOPED", "DESCOPING", "SLIN", "SLINS", "ITEM", "ITEMS",
    ])
    /// Marks of a termination or cancellation of the whole contract.
    private static let completeTerminationMarkers = wholeMarkers.union(["COMPLETE", "COMPLETELY", "TOTAL"])
    /// What "terminate the …" or "cancel the …" ends when it ends all of it.
    private static let wholeContractNouns: Set<String> = [
        "CONTRACT", "ORDER", "AGREEMENT", "BPA", "IDIQ", "IDC", "GWAC", "BOA", "PURCHASE",
    ]
    private static let reinstateWords: Set<String> = ["REINSTATE", "REINSTATES", "REINSTATED", "REINSTATEMENT"]
    private static let rescindVerbs: Set<String> = [
        "RESCIND", "RESCINDS", "RESCINDED", "RESCINDING", "RESCISSION", "CANCEL", "CANCELS", "CANCELED",
        "CANCELLED", "CANCELING", "CANCELLING", "VOID", "VOIDS", "VOIDED", "REVERSE", "REVERSES", "REVERSED",
        "REVOKE", "REVOKES", "REVOKED", "WITHDRAW", "WITHDRAWS", "WITHDRAWN",
    ]
    private static let modificationWords: Set<String> = [
        "MODIFICATION", "MODIFICATIONS", "MOD", "MODS", "AMENDMENT", "AMENDMENTS",
    ]

    /// Words whose presence makes a description worth tokenising (upper case ASCII).
    private static let triggers: [[UInt8]] = [
        "STOP", "SWO", "SUSPEN", "RESUM", "REINSTAT", "TERMINAT", "CEAS", "HALT",
    ]
    .map { Array($0.utf8) }

    /// A cheap filter before tokenising: most descriptions mention none of the trigger words.
    static func mayMatch(_ description: String) -> Bool {
        var text = description
        return text.withUTF8 { bytes in
            triggers.contains { containsIgnoringASCIICase(bytes, $0) }
        }
    }

    private static func containsIgnoringASCIICase(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count, let first = needle.first else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            // ASCII letters fold to upper case by clearing bit 5; the needles are upper-case letters.
            if haystack[index] & 0xDF == first {
                var offset = 1
                while offset < needle.count, haystack[index + offset] & 0xDF == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            index += 1
        }
        return false
    }

    /// The sentences of `description` that `previous` (the prior action's description) did not hold.
    private static func newSentences(
        in description: String, previous: String?
    ) -> (text: DescriptionText, sentences: [DescriptionText.Sentence]) {
        let text = DescriptionText(description)
        let carried = Set(previous.map { DescriptionText($0).sentences.map(\.normalized) } ?? [])
        return (text, text.sentences.filter { !carried.contains($0.normalized) })
    }

    /// The findings in `description` that `previous` (the prior action's description) did not
    /// hold, with the tokenised text their offsets refer to; nil when nothing could match.
    static func findings(in description: String, previous: String?) -> (text: DescriptionText, findings: [Finding])? {
        guard mayMatch(description) else { return nil }
        let (text, sentences) = newSentences(in: description, previous: previous)
        var findings = sentences.flatMap(read)
        // A lift often recounts the order it lifts ("… was issued on …, and is rescinded"): when
        // an action lifts, its mentions of the issue are history.
        if findings.contains(where: { $0.type == .stopWorkLifted || $0.type == .workResumed }) {
            findings.removeAll { $0.type == .stopWorkIssued || $0.type == .workSuspended }
        }
        return findings.isEmpty ? nil : (text, findings)
    }

    /// How much a termination or cancellation ends, as the new sentences that speak of it say:
    /// partial when one names a part (a CLIN, line item, annex, portion, a descope, "partial"),
    /// complete when one says the entire or whole contract, a complete termination, or terminates
    /// or cancels "the contract" or "the order" without naming a part; nil when none says.
    /// - Returns: The extent, the sentence that says it, and the tokenised text its offsets refer to.
    static func extent(
        in description: String, previous: String?
    ) -> (extent: Extent, sentence: DescriptionText.Sentence, text: DescriptionText)? {
        let (text, sentences) = newSentences(in: description, previous: previous)
        var complete: DescriptionText.Sentence?
        for sentence in sentences {
            let words = sentence.tokens.map(\.word)
            // Only sentences about ending work; a stop-work order's cancellation is not one.
            guard words.contains(where: { isTerminationWord($0) || $0.hasPrefix("PARTIAL") }),
                !containsStopWork(words)
            else { continue }
            let wordSet = Set(words)
            if !wordSet.isDisjoint(with: partialTerminationMarkers) { return (.partial, sentence, text) }
            if complete == nil && (!wordSet.isDisjoint(with: completeTerminationMarkers) || endsWholeContract(words)) {
                complete = sentence
            }
        }
        return complete.map { (.complete, $0, text) }
    }

    /// The sentence in which an action rescinds, cancels, voids or reverses an earlier
    /// modification ("RESCIND MODIFICATION P00061", "MODIFICATION TO RESCIND P00063"), which FPDS
    /// agencies sometimes code N (legal contract cancellation) though the contract goes on.
    /// - Returns: The sentence and the tokenised text its offsets refer to; nil when none does.
    static func rescindedModification(
        in description: String, previous: String?
    ) -> (sentence: DescriptionText.Sentence, text: DescriptionText)? {
        let (text, sentences) = newSentences(in: description, previous: previous)
        for sentence in sentences {
            let words = sentence.tokens.map(\.word)
            guard !containsStopWork(words) else { continue }
            for (index, word) in words.enumerated() where rescindVerbs.contains(word) {
                // The object follows the verb; "cancel the contract by modification" is not one.
                for object in words[(index + 1)..<min(words.count, index + 5)] {
                    if wholeContractNouns.contains(object) { break }
                    if modificationWords.contains(object) || looksLikeModificationNumber(object) {
                        return (sentence, text)
                    }
                }
            }
        }
        return nil
    }

    /// True when the description speaks of a termination, a cancellation or a settlement: such an
    /// action's money settles what was ended, it is not new work.
    static func mentionsTermination(_ description: String) -> Bool {
        DescriptionText(description).sentences.contains { sentence in
            sentence.tokens.contains { isTerminationWord($0.word) || $0.word.hasPrefix("SETTLE") }
        }
    }

    /// "TERMINATE", "CANCEL", "DESCOPE", "T4C" (termination for convenience), "T4D" (for default).
    private static func isTerminationWord(_ word: String) -> Bool {
        word.hasPrefix("TERMINAT") || word.hasPrefix("CANCEL") || word.hasPrefix("DESCOP") || word == "T4C"
            || word == "T4D"
    }

    /// "TERMINATE THE CONTRACT", "CANCEL PERSPECTA ENTERPRISE SOLUTIONS, LLC THE MASTER CONTRACT": a
    /// terminating or cancelling verb whose object, within eight words, is the contract or order.
    private static func endsWholeContract(_ words: [String]) -> Bool {
        for (index, word) in words.enumerated() where word.hasPrefix("TERMINAT") || word.hasPrefix("CANCEL") {
            if words[(index + 1)..<min(words.count, index + 9)].contains(where: wholeContractNouns.contains) {
                return true
            }
        }
        return false
    }

    /// A modification number such as P00061, A00002 or PO0012: a letter, then three digits or more.
    private static func looksLikeModificationNumber(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first, ("A"..."Z").contains(first), word.count <= 8 else {
            return false
        }
        return word.unicodeScalars.filter { ("0"..."9").contains($0) }.count >= 3
    }

    private static func read(_ sentence: DescriptionText.Sentence) -> [Finding] {
        let words = sentence.tokens.map(\.word)
        let wordSet = Set(words)
        var findings: [Finding] = []
        let isPartial =
            !wordSet.isDisjoint(with: partialMarkers)
            || zip(words, words.dropFirst()).contains { $0 == "CHANGE" && $1 == "REQUEST" }

        let mentionsStopWork = containsStopWork(words)
        // A termination or cancellation ends work too ("… TERMINATED AND ALL SERVICES HAVE CEASED"):
        // that is not a suspension.
        let suspends = mentionsSuspension(words) && !words.contains(where: isTerminationWord)
        let continuing = (wordSet.contains("REMAIN") || wordSet.contains("REMAINS")) && wordSet.contains("EFFECT")
        let editsClause =
            (sentence.upperText.contains("52.242-15") || sentence.upperText.contains("52.233-3")
                || sentence.upperText.contains("52.242-14") || wordSet.contains("CLAUSE"))
            && !wordSet.isDisjoint(with: clauseEditVerbs) && wordSet.isDisjoint(with: issueVerbs)

        if !continuing && !editsClause {
            let resumes = !wordSet.isDisjoint(with: resumeWords) && !wordSet.isDisjoint(with: workNouns)
            let lifts = !wordSet.isDisjoint(with: liftVerbs)
            if mentionsStopWork && (lifts || resumes) {
                findings.append(
                    Finding(
                        type: .stopWorkLifted, rule: lifts ? "text.stop_work.lift" : "text.stop_work.resume",
                        sentence: sentence, isPartial: isPartial, confidence: 0.9))
            } else if resumes || (wordSet.contains("SUSPENSION") && !wordSet.isDisjoint(with: suspensionLiftVerbs)) {
                findings.append(
                    Finding(
                        type: .workResumed, rule: resumes ? "text.work.resume" : "text.work.suspension_lift",
                        sentence: sentence, isPartial: isPartial, confidence: 0.85))
            } else if issuesStopWork(words) {
                findings.append(
                    Finding(
                        type: .stopWorkIssued, rule: "text.stop_work.issue", sentence: sentence, isPartial: isPartial,
                        confidence: 0.9))
            } else if suspends {
                // Short of a stop-work order, a suspension covers part of the work unless the
                // sentence says all of it, and names no part.
                let isWhole = saysAllWork(words) && !isPartial
                findings.append(
                    Finding(
                        type: .workSuspended, rule: "text.work.suspend", sentence: sentence, isPartial: !isWhole,
                        confidence: 0.85))
            }
        }
        if !wordSet.isDisjoint(with: reinstateWords) && !mentionsStopWork
            && (wordSet.contains("CONTRACT") || wordSet.contains("TERMINATED") || wordSet.contains("ORDER"))
        {
            findings.append(
                Finding(
                    type: .reinstated, rule: "text.reinstate", sentence: sentence, isPartial: false, confidence: 0.8))
        }
        if let termination = terminationType(words) {
            findings.append(
                Finding(
                    type: termination, rule: "text.termination", sentence: sentence, isPartial: isPartial,
                    confidence: 0.8))
        }
        return findings
    }

    /// "STOP WORK", "STOP-WORK", "SWO".
    private static func containsStopWork(_ words: [String]) -> Bool {
        for (index, word) in words.enumerated() {
            if word == "SWO" || word == "SWOS" { return true }
            if word == "STOP", index + 1 < words.count, words[index + 1] == "WORK" { return true }
        }
        return false
    }

    /// Work suspended, ceased or halted: the work noun after the verb ("SUSPEND ALL WORK",
    /// "SUSPENSION OF PERFORMANCE", "CEASE SERVICES"), or before a passive participle ("ALL WORK
    /// IS HEREBY SUSPENDED", "SERVICES HAVE CEASED").
    private static func mentionsSuspension(_ words: [String]) -> Bool {
        for (index, word) in words.enumerated() where suspendWords.contains(word) {
            if words[(index + 1)..<min(words.count, index + 4)].contains(where: workNouns.contains) { return true }
            guard suspendParticiples.contains(word) else { continue }
            var subjectEnd = index - 1
            while subjectEnd >= 0, passiveAuxiliaries.contains(words[subjectEnd]) { subjectEnd -= 1 }
            if subjectEnd >= 0, subjectEnd < index - 1,
                words[max(0, subjectEnd - 3)...subjectEnd].contains(where: workNouns.contains)
            {
                return true
            }
        }
        return false
    }

    /// "ALL WORK", "ALL SERVICES", "THE ENTIRE CONTRACT", "IN ITS ENTIRETY", "IN WHOLE".
    private static func saysAllWork(_ words: [String]) -> Bool {
        zip(words, words.dropFirst()).contains { $0 == "ALL" && workNouns.contains($1) }
            || words.contains(where: wholeMarkers.contains)
    }

    /// An order to stop: "STOP WORK ORDER", "SWO", "STOP ALL WORK", "TO STOP WORK". A bare
    /// "STOP WORK" in other prose (settlement history) is not one.
    private static func issuesStopWork(_ words: [String]) -> Bool {
        for (index, word) in words.enumerated() {
            if word == "SWO" || word == "SWOS" { return true }
            guard word == "STOP", index + 1 < words.count else { continue }
            let next = words[index + 1]
            if next == "WORK", index + 2 < words.count, words[index + 2] == "ORDER" || words[index + 2] == "ORDERS" {
                return true
            }
            if next == "ALL", index + 2 < words.count, words[index + 2] == "WORK" { return true }
            if next == "WORK", index > 0, words[index - 1] == "TO" { return true }
        }
        return false
    }

    /// "TERMINATE … FOR CONVENIENCE / DEFAULT / CAUSE" in the text.
    private static func terminationType(_ words: [String]) -> EventType? {
        guard let start = words.firstIndex(where: { $0.hasPrefix("TERMINAT") }) else { return nil }
        let rest = words[start...]
        guard let forIndex = rest.firstIndex(of: "FOR"), forIndex - start <= 8 else { return nil }
        let following = words[(forIndex + 1)..<min(words.count, forIndex + 4)]
        if following.contains("CONVENIENCE") { return .terminatedForConvenience }
        if following.contains("DEFAULT") { return .terminatedForDefault }
        if following.contains("CAUSE") { return .terminatedForCause }
        return nil
    }
}
