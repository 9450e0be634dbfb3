import Foundation

/// A company name reduced to the words that identify it, with the original kept alongside.
///
/// Normalisation, in order: case and accents folded; `&` read as `AND`; apostrophes dropped;
/// every other non-alphanumeric character separates words; runs of single letters joined
/// (`L.L.C.` → `LLC`, `U.S.` → `US`, `V H B` → `VHB`); parenthesised numbers dropped (FPDS parent
/// names such as `MCKESSON CORPORATION (7296)`); the stop words `THE`, `AND`, `OF` dropped; legal
/// forms (``LegalForm``) and the country qualifiers `US`/`USA` stripped from the end; `US`/`USA`
/// dropped anywhere. `Paragon Solutions (US) Inc.` and `PARAGON SOLUTIONS US INC` both become
/// `PARAGON SOLUTIONS` with the form `corporation`.
package struct OrganisationName: Sendable, Hashable {
    /// The name as given.
    package let original: String
    /// The identifying words, upper-case ASCII where the name allows it.
    package let words: [String]
    /// The legal forms the name declares (usually one; none for a bare trade name).
    package let legalForms: Set<LegalForm>
    /// True when the name is long enough that a 30-character FPDS field may have cut its last word
    /// (`AMERICAN TELEPHONE AND TELEGRA`).
    package let mayBeTruncated: Bool
    /// The words without spaces: `Q-CYBER` and `Q Cyber` are the same name.
    let joined: String
    /// The words that hold digits (`L3`, `2319`), usually none.
    let numbers: [String]

    private static let stopWords: Set<String> = ["THE", "AND", "OF"]
    private static let countryQualifiers: Set<String> = ["US", "USA"]

    /// Normalises `original`.
    package init(_ original: String) {
        self.original = original
        var words = Self.tokens(of: original).filter { !Self.stopWords.contains($0) }
        var forms: Set<LegalForm> = []
        // Strip legal forms and qualifiers from the end, but never the last word that is left.
        stripping: while words.count > 1 {
            for (phrase, form) in LegalForm.phrases
            where words.count > phrase.count && words.suffix(phrase.count).elementsEqual(phrase) {
                words.removeLast(phrase.count)
                forms.insert(form)
                continue stripping
            }
            guard let last = words.last else { break }
            if let form = LegalForm.suffixes[last] {
                forms.insert(form)
            } else if !Self.countryQualifiers.contains(last) {
                break
            }
            words.removeLast()
        }
        if words.count > 1 { words.removeAll { Self.countryQualifiers.contains($0) } }
        self.words = words
        self.joined = words.joined()
        self.numbers = words.filter { $0.contains(where: \.isNumber) }.sorted()
        self.legalForms = forms
        let scalars = original.unicodeScalars
        self.mayBeTruncated =
            scalars.count >= 28
            && scalars.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).count >= 28
    }

    /// The identifying words joined by spaces: equal for names that differ only in case,
    /// punctuation, legal form or qualifiers.
    package var normalized: String { words.joined(separator: " ") }

    /// The first letters of the identifying words (`GENERAL DYNAMICS INFORMATION TECHNOLOGY` → `GDIT`).
    var initials: String { String(words.compactMap(\.first)) }

    /// The upper-cased words of `name` before stop words and forms are removed.
    package static func tokens(of name: String) -> [String] {
        // Most FPDS names are ASCII: fold those by hand, leave the rest to Foundation.
        let ascii = name.utf8.allSatisfy { $0 < 0x80 }
        let folded =
            ascii ? name : name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).uppercased()
        var tokens: [String] = []
        var word = ""
        func close() {
            if !word.isEmpty { tokens.append(word) }
            word = ""
        }
        var scalars = folded.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case "&":
                close()
                tokens.append("AND")
            case "'", "\u{2019}":
                continue
            case "(":
                // `(7296)`: a number in parentheses is an FPDS code, not part of the name.
                var inside = ""
                var closed = false
                while let next = scalars.next() {
                    if next == ")" {
                        closed = true
                        break
                    }
                    inside.unicodeScalars.append(next)
                }
                let trimmed = inside.trimmingCharacters(in: .whitespaces)
                close()
                if !(closed && !trimmed.isEmpty && trimmed.allSatisfy(\.isNumber)) {
                    tokens += Self.tokens(of: inside)
                }
            default:
                if ascii, ("a"..."z").contains(scalar) {
                    word.unicodeScalars.append(Unicode.Scalar(scalar.value - 32) ?? scalar)
                } else if (ascii && ("A"..."Z").contains(scalar)) || ("0"..."9").contains(scalar)
                    || (!ascii && scalar.properties.isAlphabetic)
                {
                    word.unicodeScalars.append(scalar)
                } else {
                    close()
                }
            }
        }
        close()
        return joiningInitials(tokens)
    }

    /// `S A I C` → `SAIC`: consecutive single letters are one initialism.
    private static func joiningInitials(_ tokens: [String]) -> [String] {
        var result: [String] = []
        var run = ""
        for token in tokens {
            if token.count == 1, token.first?.isLetter == true {
                run += token
                continue
            }
            if !run.isEmpty { result.append(run) }
            run = ""
            result.append(token)
        }
        if !run.isEmpty { result.append(run) }
        return result
    }
}
