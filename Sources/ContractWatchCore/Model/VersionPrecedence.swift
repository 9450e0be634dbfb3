package import ContractAwards
package import FPDS

/// Which of an action's versions is current: the rule every store applies, so that the same
/// records give the same current versions whatever order they arrive in.
///
/// The version FPDS modified last is current. When two versions carry the same
/// `lastModifiedDate` (a key-only deletion carries the date of the version it deletes; a
/// USAspending or SAM.gov copy carries FPDS's), the tie is broken, in order, by:
/// 1. a deletion over a live record: a notice of deletion is news about the record it copies;
/// 2. the source: FPDS XML, then SAM.gov JSON, then USAspending CSV, so that a derived copy does
///    not displace the FPDS record it was made from;
/// 3. the content hash, the greater first: arbitrary, but the same on every machine.
///
/// A version without a `lastModifiedDate` ranks below every version with one.
package struct VersionPrecedence: Comparable, Sendable {
    package var lastModifiedDate: FPDSDateTime?
    package var isDeletion: Bool
    /// The format of the version's source; nil when the source has no stored format, or one
    /// this build does not know: such a version ranks below every known source.
    package var format: SourceFormat?
    package var contentHash: String

    package init(lastModifiedDate: FPDSDateTime?, isDeletion: Bool, format: SourceFormat?, contentHash: String) {
        self.lastModifiedDate = lastModifiedDate
        self.isDeletion = isDeletion
        self.format = format
        self.contentHash = contentHash
    }

    /// The precedence of a record about to be stored.
    package init(_ record: IngestRecord) {
        self.init(
            lastModifiedDate: record.action.lastModifiedDate, isDeletion: record.isDeletion, format: record.format,
            contentHash: record.contentHash)
    }

    /// Sources in rising precedence; an unknown format (nil) ranks lowest. The switch is
    /// exhaustive, so a new format cannot be added without being given its place.
    private var sourceRank: Int {
        switch format {
        case nil: 0
        case .usaspendingCSV: 1
        case .samJSON: 2
        case .fpdsXML: 3
        }
    }

    /// Whether `lhs` yields to `rhs` as the current version.
    package static func < (lhs: Self, rhs: Self) -> Bool {
        switch (lhs.lastModifiedDate, rhs.lastModifiedDate) {
        case (nil, .some): return true
        case (.some, nil): return false
        case (let left?, let right?) where left != right: return left < right
        default: break
        }
        if lhs.isDeletion != rhs.isDeletion { return rhs.isDeletion }
        if lhs.sourceRank != rhs.sourceRank { return lhs.sourceRank < rhs.sourceRank }
        return lhs.contentHash < rhs.contentHash
    }
}
