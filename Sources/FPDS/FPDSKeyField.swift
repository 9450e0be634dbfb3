/// The parts of a contract action's natural key, and the one rule that the FPDS, SAM.gov and
/// USAspending parsers apply to each before a record may be stored.
///
/// A key that is blank, longer than FPDS allows, or holds characters that do not print names a
/// contract FPDS cannot hold: storing it would create a phantom contract beside the real one. The
/// value is checked as published, never trimmed, so what is accepted is what is stored.
package enum FPDSKeyField: String, Sendable, Hashable, CaseIterable {
    /// The agency that reported the action (`agencyID`), or the referenced IDV's agency.
    case agencyID
    /// The procurement instrument identifier, the action's own or the referenced IDV's.
    case piid
    /// The modification number.
    case modNumber
    /// The transaction number (awards only).
    case transactionNumber

    /// Why a key value was refused.
    package enum Violation: Sendable, Hashable {
        /// Empty, or only whitespace.
        case blank
        /// More Unicode scalars than FPDS's field holds.
        case tooLong(length: Int, limit: Int)
        /// A character that does not print (a control, format or separator character, or
        /// U+FFFD, which marks bytes lost before they reached us).
        case nonPrintingCharacter(Unicode.Scalar)
    }

    /// The longest value FPDS accepts, in characters.
    ///
    /// From the FPDS data element dictionary (the per-element pages at
    /// `https://www.fpds.gov/help/`): PIID "Maximum 50 characters", Modification Number "Maximum
    /// 25 characters", Agency ID a 4-character code. The dictionary gives the transaction number
    /// no length (FPDS publishes small integers); it gets the PIID's, which still refuses the
    /// 10,000-character values that a hostile file can carry. Every key in the shared corpus
    /// (`shared/data`, 5,000 records) is within these: PIIDs reach 33 characters, modification
    /// numbers 20, agency IDs are all 4.
    package var maximumLength: Int {
        switch self {
        case .agencyID: 4
        case .piid: 50
        case .modNumber: 25
        case .transactionNumber: 50
        }
    }

    /// What the rule refuses in `value`, or nil when it is a valid key part.
    package func violation(in value: String) -> Violation? {
        var length = 0
        var blank = true
        for scalar in value.unicodeScalars {
            length += 1
            if scalar == "\u{FFFD}" || !InputText.isPrintable(scalar) { return .nonPrintingCharacter(scalar) }
            if blank && !scalar.properties.isWhitespace { blank = false }
        }
        if blank { return .blank }
        if length > maximumLength { return .tooLong(length: length, limit: maximumLength) }
        return nil
    }
}

extension FPDSKeyField.Violation {
    /// What the value should have been, for an error's "expected …" clause.
    package var expectation: String {
        switch self {
        case .blank:
            "an identifier that is not blank"
        case .tooLong(let length, let limit):
            "at most \(limit) characters, FPDS's length for it (it has \(length))"
        case .nonPrintingCharacter(let scalar):
            "an identifier of printing characters (it holds \\u{\(String(scalar.value, radix: 16, uppercase: true))})"
        }
    }
}
