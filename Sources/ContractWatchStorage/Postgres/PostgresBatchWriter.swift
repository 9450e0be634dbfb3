import ContractWatchCore
import FPDS
import Foundation

/// Writes one ingest batch inside the caller's transaction: what ``BatchWriter`` does on SQLite,
/// statement for statement, with the same rules (Core's ``VersionPrecedence``) deciding.
struct PostgresBatchWriter {
    let session: PostgresSession
    let seenAt: String
    /// The name of each agency and office this batch has already offered, with its record's date.
    private var offeredNames: [String: BatchWriter.NameAsOf] = [:]
    private var sourceIDs: [String: Int64] = [:]
    /// Contracts whose revision this batch has already raised.
    private var changedContracts: Set<Int64> = []

    init(session: PostgresSession, seenAt: String) {
        self.session = session
        self.seenAt = seenAt
    }

    mutating func write(_ record: IngestRecord) async throws -> IngestOutcome {
        var record = record
        if record.action.deletion?.isKeyOnly == true {
            guard let completed = try await completingKeyOnlyDeletion(record) else { return .deletionOfUnknownAction }
            record = completed
        }
        let action = record.action
        let key = action.key
        let sourceID = try await source(record)
        try await upsertOrganisations(action)

        let existing = try await session.row(
            """
            SELECT a.id, v.last_modified_date, a.contract_id, v.is_deletion, v.content_hash, s.format
            FROM actions a
            LEFT JOIN action_versions v ON v.id = a.current_version_id
            LEFT JOIN sources s ON s.id = v.source_id
            WHERE \(ActionKey.matching("a"))
            """, key.postgresArguments)

        guard let existing else {
            let contractID = try await contract(for: key)
            let vendorID = try await vendor(action)
            let actionID: Int64 =
                try await session.value(
                    """
                    INSERT INTO actions (agency_id, piid, idv_agency_id, idv_piid, mod_number, transaction_number, kind,
                                         ordering_key, contract_id, vendor_id, first_seen, last_seen)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    RETURNING id
                    """,
                    key.postgresArguments + [key.orderingKey, contractID, vendorID, seenAt, seenAt]) ?? 0
            try await markStale(contractID)
            let versionID = try await insertVersion(record, actionID: actionID, sourceID: sourceID)
            try await makeCurrent(versionID: versionID, of: actionID, action: action, vendorID: vendorID)
            return .newAction
        }

        let actionID: Int64 = try existing.value(0)
        if let versionID: Int64 = try await session.value(
            "SELECT id FROM action_versions WHERE action_id = ? AND content_hash = ?", [actionID, record.contentHash])
        {
            try await session.execute(
                "UPDATE action_versions SET last_seen = greatest(last_seen, ?) WHERE id = ?", [seenAt, versionID])
            try await session.execute(
                "UPDATE actions SET last_seen = greatest(last_seen, ?) WHERE id = ?", [seenAt, actionID])
            return .unchanged
        }

        let versionID = try await insertVersion(record, actionID: actionID, sourceID: sourceID)
        try await markStale(try existing.value(2))
        try await session.execute(
            "UPDATE actions SET last_seen = greatest(last_seen, ?) WHERE id = ?", [seenAt, actionID])
        let current = VersionPrecedence(
            lastModifiedDate: try existing.value(1, as: String?.self).flatMap { FPDSDateTime(fpds: $0) },
            isDeletion: try existing.value(3, as: Bool?.self) ?? false,
            format: try existing.value(5, as: String?.self) ?? "",
            contentHash: try existing.value(4, as: String?.self) ?? "")
        if VersionPrecedence(record) < current {
            return .newVersion
        }
        try await makeCurrent(versionID: versionID, of: actionID, action: action, vendorID: try await vendor(action))
        return .newVersion
    }

    /// Flags the contract for classification by raising its revision once per batch.
    private mutating func markStale(_ contractID: Int64) async throws {
        guard changedContracts.insert(contractID).inserted else { return }
        try await session.execute("UPDATE contracts SET revision = revision + 1 WHERE id = ?", [contractID])
    }

    // MARK: - Versions

    /// A key-only deletion with the values of its action's current version; nil when the action
    /// is not stored.
    private func completingKeyOnlyDeletion(_ record: IngestRecord) async throws -> IngestRecord? {
        guard
            let row = try await session.row(
                """
                SELECT \(ActionColumn.list) FROM actions a
                JOIN action_versions v ON v.id = a.current_version_id
                \(ActionColumn.joins)
                WHERE \(ActionKey.matching("a"))
                """, record.action.key.postgresArguments)
        else { return nil }
        return BatchWriter.completing(record, with: PostgresStore.storedAction(row))
    }

    private func insertVersion(_ record: IngestRecord, actionID: Int64, sourceID: Int64) async throws -> Int64 {
        let rawDocument = Data(record.preparedDocument ?? RawDocumentCodec.compress(record.rawDocument))
        let versionID: Int64 =
            try await session.value(
                "\(BatchWriter.insertVersionSQL) RETURNING id",
                BatchWriter.versionValues(record, actionID: actionID, sourceID: sourceID, seenAt: seenAt)
            ) ?? 0
        try await session.execute(
            "INSERT INTO version_documents (version_id, raw_document, raw_encoding) VALUES (?, ?, ?)",
            [versionID, rawDocument, RawDocumentCodec.encoding])
        return versionID
    }

    /// Points the action at a version and re-indexes its searchable text.
    private func makeCurrent(
        versionID: Int64, of actionID: Int64, action: ContractAction, vendorID: Int64?
    )
        async throws
    {
        try await session.execute(
            "UPDATE actions SET current_version_id = ?, vendor_id = coalesce(?, vendor_id), signed_date = ? WHERE id = ?",
            [versionID, vendorID, action.signedDate?.description ?? "", actionID])
        let text = BatchWriter.searchText(action)
        try await Self.index(
            actionID, texts: [text.description, text.vendorName, text.agencyName, text.officeName], in: session)
    }

    /// Writes an action's row of the full-text index, from its texts by weight: the
    /// description, the vendor's name, the agency's names, the office's name.
    static func index(_ actionID: Int64, texts: [String?], in session: PostgresSession) async throws {
        try await session.execute(
            """
            INSERT INTO action_search (action_id, document) VALUES (?,
                setweight(to_tsvector('contractwatch', ?), 'A') || setweight(to_tsvector('contractwatch', ?), 'B')
                || setweight(to_tsvector('contractwatch', ?), 'C') || setweight(to_tsvector('contractwatch', ?), 'D'))
            ON CONFLICT (action_id) DO UPDATE SET document = excluded.document
            """,
            [SQLArgument.integer(actionID)] + texts.map { SQLArgument.text(PostgresFullText.words($0 ?? "")) })
    }

    // MARK: - Related rows

    private mutating func source(_ record: IngestRecord) async throws -> Int64 {
        if let id = sourceIDs[record.source] { return id }
        let id: Int64 =
            try await session.value(
                """
                INSERT INTO sources (location, format, first_seen, last_seen) VALUES (?, ?, ?, ?)
                ON CONFLICT (location) DO UPDATE SET last_seen = greatest(sources.last_seen, excluded.last_seen)
                RETURNING id
                """, [record.source, record.format, seenAt, seenAt]) ?? 0
        sourceIDs[record.source] = id
        return id
    }

    private func contract(for key: ActionKey) async throws -> Int64 {
        let isIDV = key.kind.isIDV
        if let id = try await key.contract.id(in: session) {
            if isIDV {
                try await session.execute("UPDATE contracts SET is_idv = true WHERE id = ? AND NOT is_idv", [id])
            }
            return id
        }
        let id: Int64 =
            try await session.value(
                "INSERT INTO contracts (agency_id, piid, idv_agency_id, idv_piid, is_idv) VALUES (?, ?, ?, ?, ?) RETURNING id",
                key.contract.postgresArguments + [isIDV]) ?? 0
        // A new contract: link it to its IDV, or its orders to it, whichever arrived first.
        if !key.idvPIID.isEmpty {
            try await session.execute(
                """
                UPDATE contracts SET idv_contract_id = (
                    SELECT id FROM contracts WHERE agency_id = ? AND piid = ? AND is_idv ORDER BY id LIMIT 1)
                WHERE id = ?
                """, [key.idvAgencyID, key.idvPIID, id])
        }
        if isIDV {
            try await session.execute(
                """
                UPDATE contracts SET idv_contract_id = ?
                WHERE idv_agency_id = ? AND idv_piid = ? AND idv_contract_id IS NULL
                """, [id, key.agencyID, key.piid])
        }
        return id
    }

    /// The vendor's row, created or updated from `action` as ``BatchWriter`` does: it describes
    /// the vendor as its newest record does, whatever order the records arrived in.
    private func vendor(_ action: ContractAction) async throws -> Int64? {
        guard let uei = action.vendorUEI, !uei.isEmpty else { return nil }
        let columns = BatchWriter.vendorColumns
        let newer =
            "(excluded.as_of, \(columns.map { "coalesce(excluded.\($0), '')" }.joined(separator: ", "))) > "
            + "(vendors.as_of, \(columns.map { "coalesce(vendors.\($0), '')" }.joined(separator: ", ")))"
        let updates = (columns + ["as_of"]).map {
            "\($0) = CASE WHEN \(newer) THEN excluded.\($0) ELSE vendors.\($0) END"
        }
        return try await session.value(
            """
            INSERT INTO vendors (uei, \(columns.joined(separator: ", ")), as_of, first_seen, last_seen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (uei) DO UPDATE SET
                \(updates.joined(separator: ",\n")),
                last_seen = greatest(vendors.last_seen, excluded.last_seen)
            RETURNING id
            """,
            [
                uei, action.vendorName, action.ultimateParentUEI, action.ultimateParentName, action.cageCode,
                action.vendorDUNS, action.vendorCountry, BatchWriter.asOf(action), seenAt, seenAt,
            ])
    }

    /// Agency and office names, kept as ``BatchWriter`` keeps them: the newest record's.
    private mutating func upsertOrganisations(_ action: ContractAction) async throws {
        let asOf = BatchWriter.asOf(action)
        for agency in [action.contractingAgency, action.fundingAgency].compactMap({ $0 }) where !agency.code.isEmpty {
            guard let name = agency.name, offer(BatchWriter.NameAsOf(asOf: asOf, name: name), for: agency.code)
            else { continue }
            let newer = "(excluded.as_of, excluded.name) > (agencies.as_of, coalesce(agencies.name, ''))"
            try await session.execute(
                """
                INSERT INTO agencies (code, name, department_id, department_name, as_of) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (code) DO UPDATE SET
                    name = CASE WHEN \(newer) THEN excluded.name ELSE agencies.name END,
                    department_id = CASE WHEN \(newer) THEN excluded.department_id ELSE agencies.department_id END,
                    department_name = CASE WHEN \(newer) THEN excluded.department_name ELSE agencies.department_name END,
                    as_of = CASE WHEN \(newer) THEN excluded.as_of ELSE agencies.as_of END
                """, [agency.code, name, agency.departmentID, agency.departmentName, asOf])
        }
        if let agency = action.contractingAgency, let office = action.contractingOffice, let name = office.name,
            !agency.code.isEmpty, !office.code.isEmpty,
            offer(BatchWriter.NameAsOf(asOf: asOf, name: name), for: agency.code + "/" + office.code)
        {
            let newer = "(excluded.as_of, excluded.name) > (offices.as_of, coalesce(offices.name, ''))"
            try await session.execute(
                """
                INSERT INTO offices (agency_code, code, name, as_of) VALUES (?, ?, ?, ?)
                ON CONFLICT (agency_code, code) DO UPDATE SET
                    name = CASE WHEN \(newer) THEN excluded.name ELSE offices.name END,
                    as_of = CASE WHEN \(newer) THEN excluded.as_of ELSE offices.as_of END
                """, [agency.code, office.code, name, asOf])
        }
    }

    private mutating func offer(_ name: BatchWriter.NameAsOf, for code: String) -> Bool {
        if let offered = offeredNames[code], name <= offered { return false }
        offeredNames[code] = name
        return true
    }
}
