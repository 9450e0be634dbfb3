/// A description split into sentences of upper-cased word tokens, keeping where each sits in
/// the original text so evidence can quote it exactly.
///
/// Sentences end at `;`, `!`, `?`, a line break, or a `.` followed by white space or the end
/// (so `52.242-15` stays whole). Words are runs of letters and digits; `STOP-WORK` is two words.
struct DescriptionText {
    struct Token {
        /// Upper-cased.
        var word: String
        var range: Range<String.Index>
    }

    struct Sentence {
        var tokens: [Token]
        var range: Range<String.Index>
        /// The words joined by single spaces: equal for sentences that differ only in case,
        /// punctuation or spacing.
        var normalized: String { tokens.map(\.word).joined(separator: " ") }
        /// The sentence upper-cased, punctuation kept (for clause numbers such as 52.242-15).
        var upperText: String
    }

    let text: String
    let sentences: [Sentence]

    init(_ text: String) {
        self.text = text
        var sentences: [Sentence] = []
        var tokens: [Token] = []
        var sentenceStart = text.startIndex
        var wordStart: String.Index?
        let scalars = text.unicodeScalars
        var index = scalars.startIndex

        func closeWord(at end: String.Index) {
            if let start = wordStart {
                tokens.append(Token(word: String(text[start..<end]).uppercased(), range: start..<end))
                wordStart = nil
            }
        }
        func closeSentence(at end: String.Index) {
            closeWord(at: end)
            if let first = tokens.first {
                // Quote from the first word to the terminator, without surrounding white space.
                var last = end
                while last > first.range.lowerBound, text[text.index(before: last)].isWhitespace {
                    last = text.index(before: last)
                }
                let start =
                    text[sentenceStart..<first.range.lowerBound].lastIndex { $0.isWhitespace }
                    .map { text.index(after: $0) } ?? sentenceStart
                sentences.append(
                    Sentence(tokens: tokens, range: start..<last, upperText: text[start..<last].uppercased()))
            }
            tokens = []
        }

        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            // ASCII first: the Unicode property lookup is the slow path, and FPDS text is ASCII.
            let isWordCharacter =
                scalar.isASCII
                ? (("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar))
                : scalar.properties.isAlphabetic
            if isWordCharacter {
                if wordStart == nil { wordStart = index }
            } else {
                closeWord(at: index)
                let endsSentence: Bool
                switch scalar {
                case ";", "!", "?", "\n", "\r": endsSentence = true
                case ".":
                    endsSentence =
                        next == scalars.endIndex || scalars[next] == " " || scalars[next] == "\n"
                        || scalars[next] == "\t" || scalars[next] == "\r" || scalars[next].properties.isWhitespace
                default: endsSentence = false
                }
                if endsSentence {
                    closeSentence(at: next)
                    sentenceStart = next
                }
            }
            index = next
        }
        closeSentence(at: text.endIndex)
        self.sentences = sentences
    }

    /// The offset of `index` in Unicode scalars, as evidence reports positions.
    func scalarOffset(of index: String.Index) -> Int {
        text.unicodeScalars.distance(from: text.startIndex, to: index)
    }
}
