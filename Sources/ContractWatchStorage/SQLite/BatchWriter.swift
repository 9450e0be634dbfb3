import ContractAwards
import ContractWatchCore
import FPDS
import Foundation
import GRDB

/// Writes one ingest batch inside the caller's transaction, with cached prepared statements.
///
/// All SQL here binds its values as arguments; nothing is interpolated.
struct BatchWriter {
    let db: Database
    /// The batch's ``IngestBatch/seenAt``, as sources and vendors keep it.
    let seenAt: String
    /// The batch's ``IngestBatch/seenAt``, as versions keep it (``StoredTime``).
    let versionSeenAt: Int64
    /// Compresses the raw documents of records not prepared before the batch.
    let codec: RawDocumentCodec
    /// The name of each agency and office this batch has already offered to the store, with the
    /// date of the record that gave it: an equal or older one need not be offered again.
    private var offeredNames: [String: NameAsOf] = [:]
    private var sourceIDs: [String: Int64] = [:]
    private var searchNames = SearchNames()
    /// The texts this batch has offered to `version_texts` (``VersionText``).
    private var offeredTexts: Set<String> = []
    /// Contracts whose change counter this batch has already raised.
    private var changedContracts: Set<Int64> = []

    init(db: Database, seenAt: Timestamp, codec: RawDocumentCodec) {
        self.db = db
        self.seenAt = seenAt.description
        self.versionSeenAt = StoredTime.stored(seenAt)
        self.codec = codec
    }

    mutating func write(_ records: [IngestRecord]) throws -> [IngestOutcome] {
        try records.map { try write($0) }
    }

    private mutating func write(_ record: IngestRecord) throws -> IngestOutcome {
        var record = record
        if record.action.deletion?.isKeyOnly == true {
            // An action never seen has nothing to show as deleted: the caller reports it.
            guard let completed = try completingKeyOnlyDeletion(record) else { return .deletionOfUnknownAction }
            record = completed
        }
        let action = record.action
        let key = action.key
        let sourceID = try source(record)
        try upsertOrganisations(action)

        let existing = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT a.id, v.last_modified_date, a.contract_id, v.is_deletion, \(ActionColumn.contentHash.sql),
                           s.format,
                           a.signed_date, a.ordering_key, v.contracting_agency_id, v.funding_agency_id
                    FROM actions a
                    LEFT JOIN action_versions v ON v.id = a.current_version_id
                    LEFT JOIN sources s ON s.id = v.source_id
                    WHERE \(ActionKey.matching("a"))
                    """),
            arguments: key.arguments)

        guard let existing else {
            let contractID = try contract(for: key)
            let vendorID = try vendor(action)
            // With its signed date and vendor from the start: set later, each would move the row
            // in the indexes on them.
            try db.cachedStatement(
                sql: """
                    INSERT INTO actions (agency_id, piid, idv_agency_id, idv_piid, mod_number, transaction_number, kind,
                                         ordering_key, contract_id, vendor_id, signed_date)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                key.agencyID, key.piid, key.idvAgencyID, key.idvPIID, key.modNumber, key.transactionNumber,
                key.kind.rawValue, key.orderingKey, contractID, vendorID, action.signedDate?.description ?? "",
            ])
            let actionID = db.lastInsertedRowID
            try markStale(contractID)
            let versionID = try insertVersion(record, actionID: actionID, sourceID: sourceID)
            try makeCurrent(versionID: versionID, of: actionID, action: action, vendorID: vendorID, replacing: nil)
            return .newAction
        }

        let actionID: Int64 = existing[0]
        if let versionID = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM action_versions WHERE action_id = ? AND content_hash = ?"),
            arguments: [actionID, try Self.hashBytes(record)])
        {
            try db.cachedStatement(sql: "UPDATE action_versions SET last_seen = max(last_seen, ?) WHERE id = ?")
                .execute(arguments: [versionSeenAt, versionID])
            return .unchanged
        }

        let versionID = try insertVersion(record, actionID: actionID, sourceID: sourceID)
        try markStale(existing[2])
        // Core's rule decides which version is current (the latest publication, ties broken
        // without regard to arrival order); the one that yields is kept as history. Deletions too:
        // a deletion older than the current version (a record deleted, then reported again) is
        // history, and the record stays live.
        let current = VersionPrecedence(
            lastModifiedDate: (existing[1] as String?).flatMap { FPDSDateTime(fpds: $0) },
            isDeletion: existing[3] ?? false, format: (existing[5] as String?).flatMap(SourceFormat.init(rawValue:)),
            contentHash: existing[4] ?? "")
        if VersionPrecedence(record) < current {
            return .newVersion
        }
        try makeCurrent(
            versionID: versionID, of: actionID, action: action, vendorID: try vendor(action),
            replacing: IndexedVersion(
                signedDate: existing[6], orderingKey: existing[7], contractingAgency: existing[8],
                fundingAgency: existing[9]))
        return .newVersion
    }

    /// Flags the contract for classification, in this same transaction, by raising its revision
    /// once per batch: a classification that read the contract before this write then finds the
    /// revision moved, and its events are not stored (``SQLiteStore/replaceEvents(_:derivedFrom:detectedAt:)``).
    private mutating func markStale(_ contractID: Int64) throws {
        guard changedContracts.insert(contractID).inserted else { return }
        try db.cachedStatement(sql: "UPDATE contracts SET revision = revision + 1 WHERE id = ?")
            .execute(arguments: [contractID])
    }

    // MARK: - Versions

    /// A key-only deletion with the values of its action's current version (names, source page
    /// and `lastModifiedDate` included), so that it reads as the record deleted, not blanked;
    /// nil when the action is not stored.
    private func completingKeyOnlyDeletion(_ record: IngestRecord) throws -> IngestRecord? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT \(ActionColumn.list) FROM actions a
                        JOIN action_versions v ON v.id = a.current_version_id
                        \(ActionColumn.joins)
                        WHERE \(ActionKey.matching("a"))
                        """),
                arguments: record.action.key.arguments)
        else { return nil }
        return Self.completing(record, with: SQLiteStore.storedAction(row))
    }

    /// `record`, a key-only deletion, with the values of `current`, the action's current
    /// version, so that it reads as the record deleted, not blanked.
    /// - Returns: The completed deletion.
    static func completing(_ record: IngestRecord, with current: StoredAction) -> IngestRecord {
        var completed = record
        completed.action = current.action
        completed.action.key = record.action.key
        completed.action.deletion = record.action.deletion
        completed.sourceURL = record.sourceURL ?? current.sourceURL
        return completed
    }

    private mutating func insertVersion(_ record: IngestRecord, actionID: Int64, sourceID: Int64) throws -> Int64 {
        let document = record.preparedDocument ?? codec.compress(record.rawDocument)
        for text in VersionText.texts(of: record) where offeredTexts.insert(text).inserted {
            try db.cachedStatement(sql: VersionText.offer).execute(arguments: [text])
        }
        try db.cachedStatement(sql: Self.insertVersionSQL).execute(
            arguments: StatementArguments(
                try Self.versionValues(record, actionID: actionID, sourceID: sourceID, seenAt: versionSeenAt)
                    .map(\.databaseValue))
        )
        let versionID = db.lastInsertedRowID
        try db.cachedStatement(
            sql: "INSERT INTO pending_documents (version_id, raw_document, raw_encoding) VALUES (?, ?, ?)"
        ).execute(arguments: [versionID, Data(document.bytes), document.encoding])
        return versionID
    }

    /// The columns of `action_versions` a version is stored with, in the order of
    /// ``versionValues(_:actionID:sourceID:seenAt:)``; the same on both engines.
    static let versionColumns = [
        "action_id", "content_hash", "first_seen", "last_seen", "source_id", "source_url_address_id",
        "source_url_rest", "signed_date", "effective_date", "current_completion_date", "ultimate_completion_date",
        "obligated_amount", "base_and_exercised_options_value", "base_and_all_options_value",
        "total_obligated_amount", "contract_action_type", "contract_action_type_description_id",
        "reason_for_modification", "reason_for_modification_description_id", "description",
        "vendor_name", "vendor_uei", "ultimate_parent_uei", "ultimate_parent_name", "cage_code",
        "contracting_agency_id", "contracting_office_id", "funding_agency_id",
        "product_or_service_code", "product_or_service_description_id", "naics_code", "naics_description_id",
        "last_modified_date", "vendor_duns", "vendor_alternate_names", "vendor_country", "is_deletion", "is_key_only",
    ]

    /// What stores each of ``versionColumns``: a placeholder, or for a text kept by id the
    /// lookup of the text it binds (``VersionText/id``), which must have been offered first.
    static let versionPlaceholders = versionColumns.map { VersionText.idColumns.contains($0) ? VersionText.id : "?" }

    /// The statement that stores a version, for ``versionValues(_:actionID:sourceID:seenAt:)``;
    /// the same on both engines.
    static let insertVersionSQL =
        "INSERT INTO action_versions (\(versionColumns.joined(separator: ", "))) VALUES ("
        + versionPlaceholders.joined(separator: ", ") + ")"

    /// The content hash of `record` as the store keeps it, 32 bytes.
    static func hashBytes(_ record: IngestRecord) throws -> Data {
        guard let bytes = ContentHash.bytes(record.contentHash) else {
            throw StorageError.invalidContentHash(record.contentHash)
        }
        return bytes
    }

    /// The values of ``insertVersionSQL``, in its order; a text kept by id is bound as itself.
    /// - Returns: One value per placeholder.
    static func versionValues(
        _ record: IngestRecord, actionID: Int64, sourceID: Int64, seenAt: Int64
    ) throws -> [SQLArgument] {
        let action = record.action
        let link = record.sourceURL.map { VersionText.parts(ofLink: $0) }
        let values: [any SQLArgumentConvertible] = [
            actionID, try hashBytes(record), seenAt, seenAt, sourceID, link?.address, link?.rest,
            action.signedDate?.description, action.effectiveDate?.description,
            action.currentCompletionDate?.description, action.ultimateCompletionDate?.description,
            action.obligatedAmount?.text, action.baseAndExercisedOptionsValue?.text,
            action.baseAndAllOptionsValue?.text, action.totalObligatedAmount?.text,
            action.contractActionType?.code, action.contractActionType?.description,
            action.reasonForModification?.code, action.reasonForModification?.description, action.description,
            action.vendorName, action.vendorUEI, action.ultimateParentUEI, action.ultimateParentName,
            action.cageCode, code(action.contractingAgency?.code), code(action.contractingOffice?.code),
            code(action.fundingAgency?.code), action.productOrServiceCode?.code,
            action.productOrServiceCode?.description, action.naicsCode?.code, action.naicsCode?.description,
            action.lastModifiedDate?.description, action.vendorDUNS,
            action.vendorAlternateNames.isEmpty ? nil : action.vendorAlternateNames.joined(separator: "\n"),
            action.vendorCountry, action.isDeleted, action.deletion?.isKeyOnly ?? false,
        ]
        return values.map(\.sqlArgument)
    }

    /// The text the full-text index holds for an action, by column: the description, the
    /// vendor's name, the agency's and department's names, the office's name.
    static func searchText(_ action: ContractAction) -> IndexedText {
        let agencyName = [action.contractingAgency?.name, action.contractingAgency?.departmentName]
            .compactMap { $0 }.joined(separator: " ")
        return IndexedText(
            description: action.description, vendorName: action.vendorName, agencyName: agencyName,
            officeName: action.contractingOffice?.name)
    }

    /// What the indexes of an action's current version are keyed by: its signed date (as the
    /// action holds it, `""` for none), its ordering key and its agencies.
    struct IndexedVersion {
        var signedDate: String
        var orderingKey: Int64
        var contractingAgency: String?
        var fundingAgency: String?
    }

    /// Points the action at a version and re-indexes its searchable text and its agencies,
    /// removing the index rows of `previous`, the version it replaces (nil for a new action).
    private mutating func makeCurrent(
        versionID: Int64, of actionID: Int64, action: ContractAction, vendorID: Int64?,
        replacing previous: IndexedVersion?
    ) throws {
        let signedDate = action.signedDate?.description ?? ""
        if let previous {
            // Read before the action points at its new version: the text is the replaced one's.
            try IndexedText.current(of: actionID, in: db)?.remove(
                key: FullTextKey.key(
                    signedDate: previous.signedDate, orderingKey: previous.orderingKey, actionID: actionID),
                in: db)
            for code in ActionAgencySQL.codes(contracting: previous.contractingAgency, funding: previous.fundingAgency)
            {
                try db.cachedStatement(sql: ActionAgencySQL.delete).execute(arguments: [
                    code, previous.signedDate, previous.orderingKey, actionID,
                ])
            }
        }
        if previous == nil {
            // A new action, inserted with its signed date and vendor.
            try db.cachedStatement(sql: "UPDATE actions SET current_version_id = ? WHERE id = ?")
                .execute(arguments: [versionID, actionID])
        } else {
            try db.cachedStatement(
                sql: """
                    UPDATE actions SET current_version_id = ?, vendor_id = coalesce(?, vendor_id), signed_date = ?
                    WHERE id = ?
                    """
            ).execute(arguments: [versionID, vendorID, signedDate, actionID])
        }
        let orderingKey = previous?.orderingKey ?? action.key.orderingKey
        try Self.searchText(action).index(
            actionID: actionID,
            key: FullTextKey.key(signedDate: signedDate, orderingKey: orderingKey, actionID: actionID), in: db,
            names: &searchNames)
        for code in ActionAgencySQL.codes(
            contracting: Self.code(action.contractingAgency?.code), funding: Self.code(action.fundingAgency?.code))
        {
            try db.cachedStatement(sql: ActionAgencySQL.insert).execute(arguments: [
                code, signedDate, orderingKey, actionID,
            ])
        }
    }

    /// Empty codes (an element published without text) are stored as NULL.
    static func code(_ value: String?) -> String? {
        value?.isEmpty == false ? value : nil
    }

    // MARK: - Related rows

    private mutating func source(_ record: IngestRecord) throws -> Int64 {
        if let id = sourceIDs[record.source] { return id }
        let id =
            try Int64.fetchOne(
                db.cachedStatement(
                    sql: """
                        INSERT INTO sources (location, format, first_seen, last_seen) VALUES (?, ?, ?, ?)
                        ON CONFLICT (location) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)
                        RETURNING id
                        """),
                arguments: [record.source, record.format.rawValue, seenAt, seenAt]) ?? 0
        sourceIDs[record.source] = id
        return id
    }

    private func contract(for key: ActionKey) throws -> Int64 {
        let isIDV = key.kind.isIDV
        if let id = try key.contract.id(in: db) {
            if isIDV {
                try db.cachedStatement(sql: "UPDATE contracts SET is_idv = 1 WHERE id = ? AND is_idv = 0")
                    .execute(arguments: [id])
            }
            return id
        }
        try db.cachedStatement(
            sql: "INSERT INTO contracts (agency_id, piid, idv_agency_id, idv_piid, is_idv) VALUES (?, ?, ?, ?, ?)"
        ).execute(arguments: key.contract.arguments + [isIDV])
        let id = db.lastInsertedRowID
        // A new contract: link it to its IDV, or its orders to it, whichever arrived first.
        if !key.idvPIID.isEmpty {
            try db.cachedStatement(
                sql: """
                    UPDATE contracts SET idv_contract_id = (
                        SELECT id FROM contracts WHERE agency_id = ? AND piid = ? AND is_idv = 1 ORDER BY id LIMIT 1)
                    WHERE id = ?
                    """
            ).execute(arguments: [key.idvAgencyID, key.idvPIID, id])
        }
        if isIDV {
            try db.cachedStatement(
                sql: """
                    UPDATE contracts SET idv_contract_id = ?
                    WHERE idv_agency_id = ? AND idv_piid = ? AND idv_contract_id IS NULL
                    """
            ).execute(arguments: [id, key.agencyID, key.piid])
        }
        return id
    }

    /// The vendor's row, created or updated from `action`, the version just made current.
    ///
    /// The row describes the vendor as its newest record does (greatest `lastModifiedDate`, ties
    /// broken by the values themselves), whatever order the records arrived in; a value that
    /// record leaves out is left out here too rather than kept from an older one, so that two
    /// stores of the same records agree.
    private func vendor(_ action: ContractAction) throws -> Int64? {
        guard let uei = action.vendorUEI, !uei.isEmpty else { return nil }
        return try Int64.fetchOne(
            db.cachedStatement(sql: Self.upsertVendor),
            arguments: [
                uei, action.vendorName, action.ultimateParentUEI, action.ultimateParentName, action.cageCode,
                action.vendorDUNS, action.vendorCountry, Self.asOf(action), seenAt, seenAt,
            ])
    }

    /// The vendor columns a record describes, compared in this order to tell the newer record.
    static let vendorColumns = ["name", "ultimate_parent_uei", "ultimate_parent_name", "cage_code", "duns", "country"]

    /// Creates or updates a vendor's row and returns its id: the uei, ``vendorColumns``, as of,
    /// first and last seen. Made once: it is run for nearly every record.
    private static let upsertVendor: String = {
        let newer =
            "(excluded.as_of, \(vendorColumns.map { "coalesce(excluded.\($0), '')" }.joined(separator: ", "))) > "
            + "(as_of, \(vendorColumns.map { "coalesce(\($0), '')" }.joined(separator: ", ")))"
        let updates = (vendorColumns + ["as_of"]).map {
            "\($0) = CASE WHEN \(newer) THEN excluded.\($0) ELSE \($0) END"
        }
        return """
            INSERT INTO vendors (uei, \(vendorColumns.joined(separator: ", ")), as_of, first_seen, last_seen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (uei) DO UPDATE SET
                \(updates.joined(separator: ",\n")),
                last_seen = max(last_seen, excluded.last_seen)
            RETURNING id
            """
    }()

    /// An agency's or office's name and the date of the record it was read from.
    struct NameAsOf: Comparable {
        var asOf: String
        var name: String

        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.asOf, lhs.name) < (rhs.asOf, rhs.name) }
    }

    /// The record's `lastModifiedDate` as stored (sortable text), empty when it has none.
    static func asOf(_ action: ContractAction) -> String {
        action.lastModifiedDate?.description ?? ""
    }

    /// Agency and office names, from every record read whether or not it becomes current: each
    /// keeps the name of its newest record that gives one (ties broken by the name), which is the
    /// same whatever order the records arrive in. Archive files leave names out; they change nothing.
    private mutating func upsertOrganisations(_ action: ContractAction) throws {
        let asOf = Self.asOf(action)
        // Keeps the greater (as_of, name); the department travels with the agency name it came with.
        let newer = "(excluded.as_of, excluded.name) > (as_of, coalesce(name, ''))"
        for agency in [action.contractingAgency, action.fundingAgency].compactMap({ $0 }) where !agency.code.isEmpty {
            guard let name = agency.name, offer(NameAsOf(asOf: asOf, name: name), for: agency.code) else { continue }
            try db.cachedStatement(
                sql: """
                    INSERT INTO agencies (code, name, department_id, department_name, as_of) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET
                        name = CASE WHEN \(newer) THEN excluded.name ELSE name END,
                        department_id = CASE WHEN \(newer) THEN excluded.department_id ELSE department_id END,
                        department_name = CASE WHEN \(newer) THEN excluded.department_name ELSE department_name END,
                        as_of = CASE WHEN \(newer) THEN excluded.as_of ELSE as_of END
                    """
            ).execute(arguments: [agency.code, name, agency.departmentID, agency.departmentName, asOf])
        }
        if let agency = action.contractingAgency, let office = action.contractingOffice, let name = office.name,
            !agency.code.isEmpty, !office.code.isEmpty,
            offer(NameAsOf(asOf: asOf, name: name), for: agency.code + "/" + office.code)
        {
            try db.cachedStatement(
                sql: """
                    INSERT INTO offices (agency_code, code, name, as_of) VALUES (?, ?, ?, ?)
                    ON CONFLICT (agency_code, code) DO UPDATE SET
                        name = CASE WHEN \(newer) THEN excluded.name ELSE name END,
                        as_of = CASE WHEN \(newer) THEN excluded.as_of ELSE as_of END
                    """
            ).execute(arguments: [agency.code, office.code, name, asOf])
        }
    }

    /// Whether `name` outranks what this batch already offered for `code` (and notes it if so).
    private mutating func offer(_ name: NameAsOf, for code: String) -> Bool {
        if let offered = offeredNames[code], name <= offered { return false }
        offeredNames[code] = name
        return true
    }
}
