/// How closely a name in a record matches a name on a watchlist entry, with the reasons.
///
/// The score is a Dice coefficient over identifying words (2 × shared / total), then adjusted by
/// rules that each leave a ``MatchFeature`` behind, so a reader can see why two names did or did
/// not match:
/// - equal words, or equal letters once spaces go (`Q-CYBER` / `Q Cyber`), score 1;
/// - a record name that is an acronym of the entry's words (`GDIT`) scores 0.72: above the
///   default threshold, below the stricter thresholds of high-stakes lists;
/// - a record name that is the entry's first two or more words abbreviates it (`WHITAKER BROTHERS`
///   for `WHITAKER BROTHERS BUSINESS MACHINES`) and scores at least 0.8; one word alone
///   (`PARAGON`, `NSO`) never does;
/// - the first words differ: × 0.6 (names are identified by their head);
/// - an unshared word that marks a distinct entity (`HOLDINGS`, `GROUP`, `INTERNATIONAL`, …): −0.15;
/// - unshared words on both sides (`SYSTEMS` against `SOLUTIONS`): −0.15;
/// - different numbers (`L-3` against `L-4`): −0.2;
/// - legal forms that cannot be one registration (`INC` against `LTD`): −0.05.
///
/// A record name with words added to the entry's (`LOCKHEED MARTIN INTEGRATED SYSTEMS` against
/// `LOCKHEED MARTIN`) names something narrower, a subsidiary or a division: it gets no
/// abbreviation bonus. Parents and subsidiaries are matched through watchlist relations and
/// identifiers, not by name.
package struct NameComparison: Sendable, Hashable {
    /// 0 to 1.
    package var score: Double
    /// What contributed, in the order the rules ran.
    package var features: [MatchFeature]

    /// Words that, left unshared, say the longer name is a different legal entity.
    private static let entityMarkers: Set<String> = [
        "HOLDINGS", "HOLDING", "GROUP", "PARENT", "ENTERPRISE", "ENTERPRISES", "INTERNATIONAL",
    ]

    /// Whether ``features`` is filled; screening scores thousands of candidates and explains only
    /// the ones that match.
    private let explains: Bool

    /// Compares the name in a record with the name on an entry.
    /// - Parameters:
    ///   - record: The name in the record.
    ///   - entry: The name on the watchlist entry.
    ///   - explain: Fill ``features`` (false leaves it empty, for speed).
    package init(record: OrganisationName, entry: OrganisationName, explain: Bool = true) {
        explains = explain
        let recordWords = record.words
        let entryWords = entry.words
        features = []
        guard !recordWords.isEmpty, !entryWords.isEmpty else {
            score = 0
            return
        }
        if record.joined == entry.joined {
            score = 1
            note("name.equal", 1, "\(record.normalized) = \(entry.normalized)")
        } else if let acronym = Self.acronym(record, entry) {
            score = 0.72
            note("name.acronym", 0.72, acronym)
        } else {
            score = 0
            compareWords(record, entry)
        }
        let recordForms = record.legalForms
        let entryForms = entry.legalForms
        if !recordForms.isEmpty, !entryForms.isEmpty, recordForms.isDisjoint(with: entryForms) {
            score -= 0.05
            let names = { (forms: Set<LegalForm>) in forms.map(\.rawValue).sorted().joined(separator: "/") }
            note("penalty.legal_form", -0.05, "\(names(recordForms)) against \(names(entryForms))")
        }
        score = min(1, max(0, score))
    }

    private mutating func note(_ rule: String, _ contribution: Double, _ detail: @autoclosure () -> String) {
        if explains { features.append(MatchFeature(rule, contribution, detail())) }
    }

    private mutating func compareWords(_ record: OrganisationName, _ entry: OrganisationName) {
        let recordWords = record.words
        let entryWords = entry.words
        // Greedy alignment in the record's word order; a word pairs with at most one other.
        var shared = 0.0
        var recordMatched = [Bool](repeating: false, count: recordWords.count)
        var entryMatched = [Bool](repeating: false, count: entryWords.count)
        var pairs: [String] = []
        for (i, word) in recordWords.enumerated() {
            var best: (similarity: Double, index: Int)?
            for (j, other) in entryWords.enumerated() where !entryMatched[j] {
                let mayBeCut =
                    (record.mayBeTruncated && i == recordWords.count - 1)
                    || (entry.mayBeTruncated && j == entryWords.count - 1)
                let similarity = Self.similarity(word, other, mayBeCut: mayBeCut)
                if similarity > 0, similarity > best?.similarity ?? 0 { best = (similarity, j) }
            }
            guard let best else { continue }
            recordMatched[i] = true
            entryMatched[best.index] = true
            shared += best.similarity
            if explains { pairs.append(word == entryWords[best.index] ? word : "\(word)~\(entryWords[best.index])") }
        }
        score = 2 * shared / Double(recordWords.count + entryWords.count)
        note(
            "name.words", score,
            "\(pairs.count) of \(recordWords.count)/\(entryWords.count) words shared"
                + (pairs.isEmpty ? "" : " (\(pairs.joined(separator: ", ")))"))

        if recordWords.count >= 2, recordWords.count < entryWords.count,
            recordWords.elementsEqual(entryWords.prefix(recordWords.count)),
            Self.entityMarkers.isDisjoint(with: entryWords.dropFirst(recordWords.count)), score < 0.8
        {
            note("name.abbreviation", 0.8 - score, "the entry's first \(recordWords.count) words")
            score = 0.8
        }
        if !recordMatched[0] || !entryMatched[0] {
            note("penalty.first_word", -score * 0.4, "\(recordWords[0]) against \(entryWords[0])")
            score *= 0.6
        }
        let recordExtra = recordWords.indices.filter { !recordMatched[$0] }.map { recordWords[$0] }
        let entryExtra = entryWords.indices.filter { !entryMatched[$0] }.map { entryWords[$0] }
        if let marker = (recordExtra + entryExtra).first(where: Self.entityMarkers.contains) {
            score -= 0.15
            note("penalty.entity_marker", -0.15, "\(marker) names a different entity")
        }
        if !recordExtra.isEmpty, !entryExtra.isEmpty {
            score -= 0.15
            note(
                "penalty.conflicting_words", -0.15,
                "\(recordExtra.joined(separator: " ")) against \(entryExtra.joined(separator: " "))")
        }
        if record.numbers != entry.numbers {
            score -= 0.2
            note("penalty.numbers", -0.2, "the names carry different numbers")
        }
    }

    /// 1 for equal words; 0.9 when one may be the other cut short by a 30-character field.
    private static func similarity(_ a: String, _ b: String, mayBeCut: Bool) -> Double {
        if a == b { return 1 }
        if mayBeCut, a.count >= 4, b.count >= 4, a.hasPrefix(b) || b.hasPrefix(a) { return 0.9 }
        return 0
    }

    /// `IBM` against `INTERNATIONAL BUSINESS MACHINES`, either way round; the long side needs three
    /// words or more, so two-letter coincidences do not count.
    private static func acronym(_ record: OrganisationName, _ entry: OrganisationName) -> String? {
        for (short, long) in [(record, entry), (entry, record)] {
            guard short.words.count == 1, let word = short.words.first, word.count >= 3, long.words.count >= 3
            else { continue }
            // SAIC: Science Applications International Corporation.
            let withForm = long.initials + (long.legalForms.contains(.corporation) ? "C" : "")
            if word == long.initials || word == withForm {
                return "\(word) is the initials of \(long.normalized)"
            }
        }
        return nil
    }
}

/// One reason a score is what it is: the rule, what it added (negative for penalties), and the
/// particulars a reader needs.
package struct MatchFeature: Sendable, Hashable, Codable {
    /// A stable rule name, e.g. `name.equal`, `identifier.uei`, `penalty.first_word`.
    package var rule: String
    package var contribution: Double
    package var detail: String

    package init(_ rule: String, _ contribution: Double, _ detail: String) {
        self.rule = rule
        self.contribution = contribution
        self.detail = detail
    }
}
