package import FPDS

/// One contract action read from a SAM.gov Contract Awards document or a USAspending CSV file,
/// as the same `FPDSRecord` the FPDS XML parser produces, with its source text.
package struct AwardEntry: Sendable {
    /// 1-based position of the record in its document (the award object in `awardSummary`, or
    /// the CSV row after the header).
    package var ordinal: Int
    /// The contract action, in the FPDS model.
    package var record: FPDSRecord
    /// The record exactly as it appears in the document: the award's JSON object text, or the
    /// CSV row as read (quotes and embedded line breaks included, without the row's line break).
    package var rawDocument: String
    /// A canonical serialisation of the record, independent of key or column order, whitespace
    /// and escape spelling: equal bytes mean equal content. Hash this to identify a version.
    ///
    /// SAM JSON: the award object with members sorted by key, no whitespace, minimal string
    /// escapes and numbers as published. USAspending CSV: the non-empty columns sorted by name,
    /// without the award-level and USAspending-derived columns listed in
    /// ``USAspendingTransactionsParser/columnsExcludedFromContent``.
    package var canonicalContent: [UInt8]
    /// The source the record was read from.
    package var format: SourceFormat
    /// The record's public page, when the source gives one (USAspending's `usaspending_permalink`).
    package var link: String?
    /// True when the record lacks sections a full record has: a SAM response requested with
    /// `includeSections` (e.g. `contractId` only). Its content is not comparable with a full
    /// record's, and when it had no `coreData.awardOrIDV` its kind was inferred (see
    /// ``SAMAwardsParser``).
    package var isPartial: Bool
    /// True when the source marks the record deleted: a USAspending delta row whose
    /// `correction_delete_ind` is `D`. SAM responses carry no such mark (a `deletedStatus=yes`
    /// request returns deleted records only), so their caller knows it from the request.
    package var isDeletion: Bool

    /// An entry from its parts (the parsers build these; tests and callers may too).
    package init(
        ordinal: Int, record: FPDSRecord, rawDocument: String, canonicalContent: [UInt8], format: SourceFormat,
        link: String? = nil, isPartial: Bool = false, isDeletion: Bool = false
    ) {
        self.ordinal = ordinal
        self.record = record
        self.rawDocument = rawDocument
        self.canonicalContent = canonicalContent
        self.format = format
        self.link = link
        self.isPartial = isPartial
        self.isDeletion = isDeletion
    }
}

/// What a whole SAM or USAspending document held, after its records were delivered.
package struct AwardDocumentSummary: Sendable, Hashable {
    /// The source the document was read as.
    package var format: SourceFormat
    /// Records delivered, good or bad (a record cut short by `error` is not among them).
    package var recordCount: Int
    /// SAM's envelope: `totalRecords`, `limit` and `offset` as published (strings, and `offset`
    /// is `"null"` in extract files); nil for CSV or when absent.
    package var totalRecords: String?
    /// SAM's `limit` (records per page), as published.
    package var limit: String?
    /// SAM's `offset` (a 0-based page index in search responses), as published.
    package var offset: String?
    /// Set when the document itself could not be read to the end, or at all.
    package var error: AwardParseError?

    /// An empty summary of a document of `format`.
    package init(format: SourceFormat) {
        self.format = format
        self.recordCount = 0
    }
}
