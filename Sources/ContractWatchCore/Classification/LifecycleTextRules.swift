/// Reads stop-work orders, their lifting, reinstatements and terminations out of description
/// text, where FPDS records them without a code.
///
/// Each sentence is read on its own, and only sentences that the previous action's description
/// did not already hold: agencies carry text forward onto later modifications, and a repeated
/// old sentence is not a new event.
struct LifecycleTextRules {
    /// A text finding: the event type, the rule, the sentence that fired, partial or not.
    struct Finding {
        var type: EventType
        var rule: String
        var sentence: DescriptionText.Sentence
        var isPartial: Bool
        var confidence: Double
    }

    private static let liftVerbs: Set<String> = [
        "LIFT", "LIFTS", "LIFTED", "LIFTING", "CANCEL", "CANCELS", "CANCELED", "CANCELLED", "CANCELING",
        "CANCELLING", "CANCELLATION", "CANCELATION", "RESCIND", "RESCINDS", "RESCINDED", "RESCINDING",
        "RESCISSION", "REMOVE", "REMOVES", "REMOVED", "REMOVING", "WITHDRAW", "WITHDRAWS", "WITHDRAWN",
        "WITHDRAWING", "REVOKE", "REVOKES", "REVOKED", "TERMINATE", "TERMINATES", "TERMINATED", "ENDS", "ENDED",
    ]
    private static let resumeWords: Set<String> = ["RESUME", "RESUMES", "RESUMED", "RESUMPTION", "RESUMING"]
    private static let suspendWords: Set<String> = ["SUSPEND", "SUSPENDS", "SUSPENDED", "SUSPENDING", "SUSPENSION"]
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
    private static let reinstateWords: Set<String> = ["REINSTATE", "REINSTATES", "REINSTATED", "REINSTATEMENT"]

    /// Words whose presence makes a description worth tokenising (upper case ASCII).
    private static let triggers: [[UInt8]] = ["STOP", "SWO", "SUSPEN", "RESUM", "REINSTAT", "TERMINAT"]
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

    /// The findings in `description` that `previous` (the prior action's description) did not
    /// hold, with the tokenised text their offsets refer to; nil when nothing could match.
    static func findings(in description: String, previous: String?) -> (text: DescriptionText, findings: [Finding])? {
        guard mayMatch(description) else { return nil }
        let text = DescriptionText(description)
        let carried = Set(previous.map { DescriptionText($0).sentences.map(\.normalized) } ?? [])
        var findings: [Finding] = []
        for sentence in text.sentences where !carried.contains(sentence.normalized) {
            findings += read(sentence)
        }
        // A lift often recounts the order it lifts ("… was issued on …, and is rescinded"): when
        // an action lifts, its mentions of the issue are history.
        if findings.contains(where: { $0.type == .stopWorkLifted }) {
            findings.removeAll { $0.type == .stopWorkIssued }
        }
        return findings.isEmpty ? nil : (text, findings)
    }

    private static func read(_ sentence: DescriptionText.Sentence) -> [Finding] {
        let words = sentence.tokens.map(\.word)
        let wordSet = Set(words)
        var findings: [Finding] = []
        let isPartial =
            !wordSet.isDisjoint(with: partialMarkers)
            || zip(words, words.dropFirst()).contains { $0 == "CHANGE" && $1 == "REQUEST" }

        let mentionsStopWork = containsStopWork(words)
        let continuing = (wordSet.contains("REMAIN") || wordSet.contains("REMAINS")) && wordSet.contains("EFFECT")
        let editsClause =
            (sentence.upperText.contains("52.242-15") || sentence.upperText.contains("52.233-3")
                || wordSet.contains("CLAUSE"))
            && !wordSet.isDisjoint(with: clauseEditVerbs) && wordSet.isDisjoint(with: issueVerbs)

        if !continuing && !editsClause {
            let lifts = !wordSet.isDisjoint(with: liftVerbs) && (mentionsStopWork || mentionsSuspension(words))
            let resumes =
                !wordSet.isDisjoint(with: resumeWords) && (wordSet.contains("WORK") || wordSet.contains("PERFORMANCE"))
            if lifts || resumes {
                findings.append(
                    Finding(
                        type: .stopWorkLifted, rule: lifts ? "text.stop_work.lift" : "text.stop_work.resume",
                        sentence: sentence, isPartial: isPartial, confidence: 0.9))
            } else if issuesStopWork(words) {
                findings.append(
                    Finding(
                        type: .stopWorkIssued, rule: "text.stop_work.issue", sentence: sentence, isPartial: isPartial,
                        confidence: 0.9))
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

    /// A suspension of work or performance ("SUSPEND ALL WORK", "SUSPENSION OF PERFORMANCE").
    private static func mentionsSuspension(_ words: [String]) -> Bool {
        for (index, word) in words.enumerated() where suspendWords.contains(word) {
            let window = words[(index + 1)..<min(words.count, index + 4)]
            if window.contains("WORK") || window.contains("PERFORMANCE") { return true }
        }
        return false
    }

    /// An order to stop: "STOP WORK ORDER", "SWO", "STOP ALL WORK", "TO STOP WORK", or a
    /// suspension of work. A bare "STOP WORK" in other prose (settlement history) is not one.
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
        return mentionsSuspension(words)
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
