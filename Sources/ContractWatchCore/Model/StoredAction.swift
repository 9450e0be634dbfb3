package import ContractAwards

/// A version of a contract action as the store keeps it: the normalised values, where and when
/// it was seen, and the source document verbatim.
package struct StoredAction: Sendable, Hashable {
    package var action: ContractAction
    /// SHA-256 (hex) of the record's canonical content; equal hashes mean equal content.
    package var contentHash: String
    /// When ContractWatch first and last saw this content (UTC, ISO 8601).
    package var firstSeen: String
    package var lastSeen: String
    /// The public page for the record (FPDS ezSearch), when the source gave one.
    package var sourceURL: String?
    /// The file or feed URL the version was read from.
    package var source: String?
    /// The format of that source (FPDS XML, SAM.gov JSON, USAspending CSV); nil when the read
    /// did not look it up, or the stored format is one this build does not know.
    package var format: SourceFormat?
    /// True when this is the action's current version (latest by last-modified date).
    package var isCurrent: Bool

    package init(
        action: ContractAction, contentHash: String, firstSeen: String, lastSeen: String, sourceURL: String?,
        source: String?, format: SourceFormat? = nil, isCurrent: Bool
    ) {
        self.action = action
        self.contentHash = contentHash
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.sourceURL = sourceURL
        self.source = source
        self.format = format
        self.isCurrent = isCurrent
    }
}
