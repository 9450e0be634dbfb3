package import ContractAwards
package import FPDS

/// The storage the domain needs. `SQLiteStore` in `ContractWatchStorage` implements it;
/// nothing in the domain knows which one it runs on.
package protocol RecordStore: WatchlistStore, SearchStore, AlertStore, SyncStore, FeedEventStore {
    /// Stores one batch of parsed records in a single transaction: all of it lands, or none.
    ///
    /// A record whose key is new becomes an action; one whose content (hash) is new for its key
    /// becomes a version, and the older versions stay; one already held only updates `lastSeen`.
    /// The version with the latest `lastModifiedDate` is current, deletions included.
    ///
    /// A key-only deletion (``ContractAction/Deletion/isKeyOnly``) becomes a version carrying the
    /// values of the action's current version; of an action the store does not hold it is not
    /// stored (``IngestOutcome/deletionOfUnknownAction``).
    /// - Returns: What happened to each record, in order.
    func ingest(_ batch: IngestBatch) async throws -> [IngestOutcome]

    /// Does the per-record work that needs no database (compressing the raw document), so the
    /// pipeline can run it on the parsing cores instead of inside the write transaction.
    func prepare(_ record: inout IngestRecord)

    /// Streams stored actions ordered by key: the current version of each, or every version.
    func forEachAction(
        allVersions: Bool,
        _ body: @Sendable (StoredAction) throws -> Void
    ) async throws

    /// Every action (current versions) of the contracts with this agency and PIID, including
    /// orders under different IDVs, ordered by signed date then modification number.
    func actions(agencyID: String, piid: String) async throws -> [StoredAction]

    /// The files among `sha256` (the hex SHA-256 of their bytes) already ingested whole, read
    /// plainly or, with `asDeletions`, as deletion notices, keyed by hash.
    func ingestedFiles(sha256: [String], asDeletions: Bool) async throws -> [String: IngestedFile]

    /// The contracts with these agencies and PIIDs (any IDV), read in one transaction: for each,
    /// in the order given, its actions as ``actions(agencyID:piid:)`` reads them, its versions as
    /// ``versions(agencyID:piid:modNumber:)`` reads them for no modification, and its events
    /// oldest first.
    func records(ofContracts contracts: [(agencyID: String, piid: String)]) async throws -> [ContractRecords]

    /// The contract with this agency and PIID (any IDV) for one window of its actions, read in one
    /// transaction: every action's current version in outline, in the order of
    /// ``actions(agencyID:piid:)``; whole, the actions at the positions `window` picks from that
    /// outline; every version of each action that has more than one; and its events, oldest
    /// first, whole for the window's actions and in outline for the others.
    ///
    /// A contract of thousands of modifications is shown a page at a time, and reading every action
    /// and event whole to show a few of them was most of the page's time.
    /// - Parameters:
    ///   - agencyID: The contract's agency.
    ///   - piid: Its PIID.
    ///   - window: The positions to read whole, given the outline (non-empty); positions past its
    ///     end are left out.
    /// - Returns: The records, or nil when the store holds no action of the contract.
    /// - Throws: What `window` throws, or the store's error.
    func contractWindow(
        agencyID: String, piid: String, window: @escaping @Sendable ([StoredAction]) throws -> Range<Int>
    ) async throws -> ContractWindowRecords?

    /// What the citation packs of events on these actions quote, read in one transaction: each
    /// action's current version, every version of those with several, and the timeline stored
    /// with each of their contracts' events.
    func citedRecords(of actions: [ActionKey]) async throws -> CitedRecords

    /// The stored source document of every version of one action, oldest first, byte for byte
    /// as it was read.
    func rawDocuments(of key: ActionKey) async throws -> [String]

    /// Every version of the actions of the contracts with this agency and PIID (any IDV), in
    /// the order they were stored: of the actions of modification `modNumber`, or, when it is nil,
    /// of every action that has more than one version (corrected, deleted or copied).
    func versions(agencyID: String, piid: String, modNumber: String?) async throws -> [StoredAction]

    /// The source document of the version with `contentHash` of an action of this agency and
    /// PIID, byte for byte as it was read, and the format it was read as; nil when none is stored.
    func rawDocument(agencyID: String, piid: String, contentHash: String) async throws -> RawDocument?

    /// Trains a compression dictionary for the raw documents from the store's newest ones and
    /// compresses those stored from now on with it; the documents stored before keep theirs.
    ///
    /// A store trains its first dictionary by itself once it holds enough documents; this trains
    /// one now (a later one follows what the store has come to hold).
    /// - Parameter time: Now, recorded as when it was trained.
    /// - Returns: The new dictionary's id, or nil when the store holds too little to train one.
    /// - Throws: If a stored document does not read, or the database's error.
    func trainRawDocumentDictionary(at time: Timestamp) async throws -> Int64?

    /// Compacts up to `limit` of the documents stored since the last compaction, oldest first:
    /// each becomes a delta against the document before it in its contract, where that is
    /// smaller, in one read and one write transaction.
    /// - Returns: What was compacted; no documents once none waits.
    /// - Throws: If a stored document does not read, or the database's error.
    func compactRawDocuments(limit: Int) async throws -> DocumentCompactionSummary

    /// Row counts, for summaries and health checks.
    func statistics() async throws -> StoreStatistics

    // MARK: Events

    /// The current version of every action of each contract named, for classification, read in
    /// one transaction: the agency and office names (lookups kept apart from versions) may be left out.
    func actions(of contracts: [ContractKey]) async throws -> [ContractKey: ContractSnapshot]

    /// Every contract key in the store, for re-classifying everything.
    func allContracts() async throws -> [ContractKey]

    /// Contracts that gained an action or a version since their events were last replaced:
    /// normally none after a run, but a killed run can leave some.
    func contractsNeedingClassification() async throws -> [ContractKey]

    /// Makes the classification's events the complete event list of each contract named that has
    /// not changed since the snapshot they were derived from (`revisions`, from
    /// ``ContractSnapshot/revision``), stores its timeline with them, and clears its need for
    /// classification, in one transaction.
    ///
    /// The revision check and the writes are one conditional step. A contract written to after
    /// its snapshot keeps its stored events and its flag, and is returned: storing events derived
    /// from the older snapshot would replace newer events, or leave newer actions without any.
    /// An event already stored (same id) keeps its `detectedAt` and its detection latency; a new
    /// one is stored with `detectedAt` and the event's own ``ProcurementEvent/detectionLatencySeconds``;
    /// stored events of these contracts that are no longer derived are removed.
    /// - Returns: The contracts whose snapshot was outdated, whose events were not stored.
    func replaceEvents(
        _ classifications: [ContractKey: ContractClassification], derivedFrom revisions: [ContractKey: Int64],
        detectedAt: Timestamp
    ) async throws -> Set<ContractKey>

    /// Stored events matching `query`, in `query.order`: by date, then id, either way.
    func events(_ query: EventQuery) async throws -> [ProcurementEvent]

    /// How long after FPDS changed a record ContractWatch derived its events, over the events
    /// first detected at or after `detectedSince` (a bare date's ``Timestamp`` is its midnight).
    /// Events whose latency is unknown are counted apart.
    func detectionLatency(detectedSince: Timestamp) async throws -> DetectionLatencySummary
}

/// Which stored events to return, and in what order.
package struct EventQuery: Sendable, Hashable {
    /// Events dated on or after this date.
    package var since: FPDSDateTime?
    /// Only these types; empty means all.
    package var types: Set<EventType>
    /// Only this contract's (agency and PIID, any IDV).
    package var contract: (agencyID: String, piid: String)?
    /// Only events of actions that matched an entry of this watchlist.
    package var watchlist: String?
    /// Only events of this vendor's actions.
    package var vendorUEI: String?
    /// Only events of actions whose contracting or funding agency this code names: a department's
    /// code stands for its agencies too (9700 is all of Defense), as in search.
    package var agency: String?
    /// Only events whose amount is at least this large, either way: a $2 M de-obligation passes a
    /// $1 M minimum as a $2 M obligation does. Events without an amount do not pass.
    package var minimumAmount: Double?
    package var order: EventOrder
    package var limit: Int?

    package init(
        since: FPDSDateTime? = nil, types: Set<EventType> = [], contract: (agencyID: String, piid: String)? = nil,
        watchlist: String? = nil, order: EventOrder = .chronological, limit: Int? = nil
    ) {
        self.since = since
        self.types = types
        self.contract = contract
        self.watchlist = watchlist
        self.order = order
        self.limit = limit
    }

    package static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.since == rhs.since && lhs.types == rhs.types && lhs.limit == rhs.limit && lhs.watchlist == rhs.watchlist
            && lhs.vendorUEI == rhs.vendorUEI && lhs.agency == rhs.agency && lhs.minimumAmount == rhs.minimumAmount
            && lhs.order == rhs.order
            && lhs.contract?.agencyID == rhs.contract?.agencyID && lhs.contract?.piid == rhs.contract?.piid
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(since)
        hasher.combine(types)
        hasher.combine(contract?.agencyID)
        hasher.combine(contract?.piid)
        hasher.combine(watchlist)
        hasher.combine(vendorUEI)
        hasher.combine(agency)
        hasher.combine(minimumAmount)
        hasher.combine(order)
        hasher.combine(limit)
    }
}

/// The order events are listed in. Both read the store's (date, id) index, in one direction or
/// the other, so a page costs its own rows whatever the store holds.
package enum EventOrder: Sendable, Hashable {
    /// Oldest first, undated events before all others: how a contract's timeline is told.
    case chronological
    /// Newest first, undated events last: how people and feeds list what happened. `after` is the
    /// last event of the previous page; the page starts with the one after it.
    case newestFirst(after: EventCursor?)
}

/// Where a newest-first page of events ended: its last event's date and id, the listing's sort key.
package struct EventCursor: Sendable, Hashable {
    /// The event's date, nil for an undated event.
    package var date: FPDSDateTime?
    package var eventID: String

    package init(date: FPDSDateTime?, eventID: String) {
        self.date = date
        self.eventID = eventID
    }

    /// The cursor of the event `event`.
    package init(after event: ProcurementEvent) {
        self.init(date: event.date, eventID: event.id)
    }

    /// `2025-08-29~ev_6c1d…`, or `~ev_…` for an undated event; safe in a URL.
    package var token: String { CursorToken.token(date?.description ?? "", eventID) }

    /// Reads a ``token``; nil when it is not one.
    package init?(token: String) {
        guard let parts = CursorToken.parts(token), ProcurementEvent.idBits(parts.tiebreak) != nil else { return nil }
        let date = FPDSDateTime(fpds: parts.position)
        guard parts.position.isEmpty || date != nil else { return nil }
        self.init(date: date, eventID: parts.tiebreak)
    }
}

/// One page of a newest-first listing of events, and where the next one starts.
package struct EventPage: Sendable {
    package var events: [ProcurementEvent]
    /// The cursor of the next page; nil on the last.
    package var nextCursor: EventCursor?
}

extension RecordStore {
    /// The page of newest-first events `query` selects, of `query.limit` events (at most), and the
    /// cursor of the page after it: one more event than the page holds is read to know there is one.
    /// - Parameters:
    ///   - query: The filters, and `limit`, the page size.
    ///   - after: The previous page's ``EventPage/nextCursor``; nil for the first page.
    /// - Returns: The page.
    /// - Throws: The store's error.
    package func eventPage(_ query: EventQuery, after: EventCursor?) async throws -> EventPage {
        var query = query
        let size = query.limit ?? 100
        query.order = .newestFirst(after: after)
        query.limit = size + 1
        let events = try await events(query)
        guard events.count > size else { return EventPage(events: events, nextCursor: nil) }
        let shown = Array(events.prefix(size))
        return EventPage(events: shown, nextCursor: shown.last.map(EventCursor.init(after:)))
    }
}

/// Records to store in one transaction, all seen at the same time.
package struct IngestBatch: Sendable {
    package var records: [IngestRecord]
    /// When these records were read; becomes `firstSeen`/`lastSeen`.
    package var seenAt: Timestamp
    /// The sync page these records are, marked done in the same transaction.
    package var checkpoint: SyncPageCheckpoint?

    /// The files these records were read from, each with the range of ``records`` it gave:
    /// those whose every record is stored are remembered in the same transaction
    /// (``completedFiles(_:)``).
    package var files: [(file: IngestedFile, records: Range<Int>)]

    package init(
        records: [IngestRecord], seenAt: Timestamp, checkpoint: SyncPageCheckpoint? = nil,
        files: [(file: IngestedFile, records: Range<Int>)] = []
    ) {
        self.records = records
        self.seenAt = seenAt
        self.checkpoint = checkpoint
        self.files = files
    }

    /// The files of this batch a store remembers as ingested once it has stored the batch with
    /// these outcomes: those whose every record is held now. A file with a deletion of an action
    /// the store does not hold is not among them, so reading it again applies the deletion once
    /// the action arrives.
    /// - Parameter outcomes: What storing each record did, in order.
    /// - Returns: The files to remember.
    package func completedFiles(_ outcomes: [IngestOutcome]) -> [IngestedFile] {
        files.filter { file in
            !outcomes[file.records].contains { $0 == .deletionOfUnknownAction }
        }.map(\.file)
    }
}

/// A file whose every record a store holds, known by the SHA-256 of its bytes: ingest does not
/// read it again (unless asked to), since the same bytes can only say the same thing.
package struct IngestedFile: Sendable, Hashable {
    /// SHA-256 (hex) of the file's bytes.
    package var sha256: String
    /// It was read as deletion notices (`ingest --deleted`): the same bytes read plainly say
    /// something else.
    package var asDeletions: Bool
    package var bytes: Int
    /// Where it was read from, the first time.
    package var path: String
    /// How many records it gave, all of them stored.
    package var records: Int
    /// When it was ingested.
    package var ingestedAt: Timestamp

    package init(sha256: String, asDeletions: Bool, bytes: Int, path: String, records: Int, ingestedAt: Timestamp) {
        self.sha256 = sha256
        self.asDeletions = asDeletions
        self.bytes = bytes
        self.path = path
        self.records = records
        self.ingestedAt = ingestedAt
    }
}

/// What one ``RecordStore/compactRawDocuments(limit:)`` call, or several, did.
package struct DocumentCompactionSummary: Sendable, Hashable {
    /// Documents compacted.
    package var documents = 0
    /// Of those, the documents stored as deltas.
    package var deltas = 0
    /// The documents' stored bytes before and after.
    package var bytesBefore = 0
    package var bytesAfter = 0

    package init() {}

    package static func += (lhs: inout Self, rhs: Self) {
        lhs.documents += rhs.documents
        lhs.deltas += rhs.deltas
        lhs.bytesBefore += rhs.bytesBefore
        lhs.bytesAfter += rhs.bytesAfter
    }
}

/// A raw document as a store keeps it: the bytes and the store's name for how they are encoded.
package struct PreparedDocument: Sendable {
    /// The encoded bytes.
    package var bytes: [UInt8]
    /// How ``bytes`` are encoded (the store's `raw_encoding`), e.g. `zstd` or `zstd-dict:2`.
    package var encoding: String

    /// - Parameters:
    ///   - bytes: The encoded bytes.
    ///   - encoding: How they are encoded.
    package init(bytes: [UInt8], encoding: String) {
        self.bytes = bytes
        self.encoding = encoding
    }
}

/// One parsed record on its way into the store.
package struct IngestRecord: Sendable {
    package var action: ContractAction
    /// SHA-256 (hex) of the canonical content.
    package var contentHash: String
    /// The source document of this record, verbatim.
    package var rawDocument: String
    /// The public page for the record, if the source gave one.
    package var sourceURL: String?
    /// The file path or feed URL it was read from.
    package var source: String
    /// The source's format, e.g. ``SourceFormat/fpdsXML``; stored as its raw value (`fpds-xml`).
    package var format: SourceFormat
    /// The raw document as the store will keep it, computed by ``RecordStore/prepare(_:)``.
    package var preparedDocument: PreparedDocument?
    /// The record's number in its source document (1-based), when known: rejections name it.
    package var entry: Int?

    /// True when the record is a deletion notice (FPDS's DELETED feed, SAM.gov's deleted records):
    /// it is stored as a version like any other, and the action then reads as deleted.
    ///
    /// Kept on ``action`` as ``ContractAction/deletion``, so that there is one flag to trust.
    package var isDeletion: Bool {
        get { action.deletion != nil }
        set { action.deletion = newValue ? (action.deletion ?? ContractAction.Deletion(format: format)) : nil }
    }

    /// - Parameters:
    ///   - action: The normalised action.
    ///   - contentHash: SHA-256 (hex) of the canonical content.
    ///   - rawDocument: The source document of this record, verbatim.
    ///   - sourceURL: The public page for the record, if the source gave one.
    ///   - source: The file path or feed URL it was read from.
    ///   - format: The source's format, e.g. ``SourceFormat/fpdsXML``.
    ///   - isDeletion: The record is a deletion notice; its `contentHash` must then differ
    ///     from the same content published live (``IngestPipeline/deletionHash(of:)``).
    package init(
        action: ContractAction, contentHash: String, rawDocument: String, sourceURL: String?, source: String,
        format: SourceFormat, isDeletion: Bool = false
    ) {
        self.action = action
        self.contentHash = contentHash
        self.rawDocument = rawDocument
        self.sourceURL = sourceURL
        self.source = source
        self.format = format
        self.isDeletion = isDeletion
    }
}

/// What storing one record did.
package enum IngestOutcome: Sendable, Hashable {
    /// The key was new.
    case newAction
    /// The key was known and this content was not: a correction (or an older rendering).
    case newVersion
    /// This exact content was already stored.
    case unchanged
    /// A deletion that names only its key, of an action the store does not hold: nothing was
    /// stored, since a record never seen cannot be shown as deleted. Callers report it.
    case deletionOfUnknownAction
}

/// A version's source document as it was read.
package struct RawDocument: Sendable, Hashable {
    /// The document, verbatim.
    package var text: String
    /// Its format; nil when the stored format is one this build does not know.
    package var format: SourceFormat?

    package init(text: String, format: SourceFormat?) {
        self.text = text
        self.format = format
    }
}

/// How much the store holds.
package struct StoreStatistics: Sendable, Hashable {
    package var actions: Int
    package var versions: Int
    package var contracts: Int
    package var vendors: Int

    package init(actions: Int, versions: Int, contracts: Int, vendors: Int) {
        self.actions = actions
        self.versions = versions
        self.contracts = contracts
        self.vendors = vendors
    }
}

/// What the citation packs of events quote, as ``RecordStore/citedRecords(of:)`` reads it.
package struct CitedRecords: Sendable {
    /// The current version of each action found.
    package var actions: [ActionKey: StoredAction]
    /// Every version, in the order stored, of each of those actions that has more than one.
    package var versions: [StoredAction]
    /// The timeline of each of their contracts that has one stored: contracts last classified
    /// before the store kept timelines have none.
    package var timelines: [ContractKey: TimelineSummary]

    package init(
        actions: [ActionKey: StoredAction] = [:], versions: [StoredAction] = [],
        timelines: [ContractKey: TimelineSummary] = [:]
    ) {
        self.actions = actions
        self.versions = versions
        self.timelines = timelines
    }
}

/// One contract's records as ``RecordStore/records(ofContracts:)`` reads them.
package struct ContractRecords: Sendable {
    /// The current version of each action.
    package var actions: [StoredAction]
    /// Every version of each action that has more than one.
    package var versions: [StoredAction]
    /// The contract's events, oldest first.
    package var events: [ProcurementEvent]

    package init(actions: [StoredAction], versions: [StoredAction], events: [ProcurementEvent]) {
        self.actions = actions
        self.versions = versions
        self.events = events
    }
}

/// One contract read for a window of its actions (``RecordStore/contractWindow(agencyID:piid:window:)``).
package struct ContractWindowRecords: Sendable {
    /// Every action's current version in outline: what a timeline, a contract's heading and its
    /// source links read (key, signed and completion dates, amounts, vendor name and UEI,
    /// contracting agency, deletion, modification date, source page and format). Codes,
    /// descriptions and the other fields are nil, the content hash and times seen empty.
    package var outline: [StoredAction]
    /// The positions of ``outline`` read whole.
    package var window: Range<Int>
    /// The current versions of the actions at ``window``, whole, in the same order.
    package var actions: [StoredAction]
    /// Every version of each of the contract's actions that has more than one.
    package var versions: [StoredAction]
    /// The contract's events, oldest first: whole for the actions at ``window``; for the others,
    /// in outline: what a timeline reads (id, type, date, confidence, partial or not, action) and
    /// the watchlist entries, with no amount, evidence, detection time or parties.
    package var events: [ProcurementEvent]

    package init(
        outline: [StoredAction], window: Range<Int>, actions: [StoredAction], versions: [StoredAction],
        events: [ProcurementEvent]
    ) {
        self.outline = outline
        self.window = window
        self.actions = actions
        self.versions = versions
        self.events = events
    }
}

/// A contract's current actions as one read of the store saw them.
package struct ContractSnapshot: Sendable {
    package var actions: [ContractAction]
    /// Every version of each of those actions that has more than one, read in the same
    /// transaction: what `record_corrected` is derived from.
    package var histories: [ActionKey: VersionHistory]
    /// The contract's revision at that read: every write that adds an action or a version raises
    /// it, and it never goes back, so events derived from this snapshot are current only while
    /// the stored revision still equals it.
    package var revision: Int64

    package init(actions: [ContractAction], histories: [ActionKey: VersionHistory] = [:], revision: Int64) {
        self.actions = actions
        self.histories = histories
        self.revision = revision
    }
}
