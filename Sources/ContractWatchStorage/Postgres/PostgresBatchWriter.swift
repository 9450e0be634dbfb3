import ContractAwards
import ContractWatchCore
import FPDS
import Foundation
import PostgresNIO

/// Writes one ingest batch inside the caller's transaction, with the same rules (Core's
/// ``VersionPrecedence``) deciding as ``BatchWriter`` on SQLite, and the same rows resulting.
///
/// Each statement is a round trip to the server, which on SQLite is a function call; so the
/// writer asks in bulk what the batch needs to know (which actions, versions and contracts are
/// stored), writes a new action with its version, raw document and index row in one statement,
/// and leaves what only marks rows as seen or changed to one statement per batch at the end.
struct PostgresBatchWriter {
    let session: PostgresSession
    /// The batch's ``IngestBatch/seenAt``, as sources and vendors keep it.
    let seenAt: String
    /// The batch's ``IngestBatch/seenAt``, as versions keep it (``StoredTime``).
    let versionSeenAt: Int64
    /// Compresses the raw documents of records not prepared before the batch.
    let codec: RawDocumentCodec
    /// The name of each agency and office this batch has already offered, with its record's date.
    private var offeredNames: [String: BatchWriter.NameAsOf] = [:]
    /// The upsert of each agency and office name, the newest offered, by code.
    private var organisations: [String: (sql: String, arguments: [any SQLArgumentConvertible])] = [:]
    private var sourceIDs: [String: Int64] = [:]
    /// Each vendor this batch has written, by UEI, with the record date it was described as of.
    private var vendors: [String: (id: Int64, asOf: String)] = [:]
    /// What the store holds of the batch's actions, kept current as the batch writes.
    private var stored: [ActionKey: StoredAction] = [:]
    private var contracts: [ContractKey: Int64] = [:]
    /// Contracts this batch has marked as IDVs.
    private var idvContracts: Set<Int64> = []
    /// Versions the batch read again, whose `last_seen` moves at the end.
    private var seenVersions: [Int64] = []
    /// Contracts whose revision this batch raises, once, at the end.
    private var changedContracts: Set<Int64> = []

    /// An action the store holds: its row, its contract, its current version's precedence and
    /// the ids of its versions by content hash (those the batch may meet again).
    private struct StoredAction {
        var id: Int64
        var contractID: Int64
        var current: VersionPrecedence
        var versions: [String: Int64]
    }

    init(session: PostgresSession, seenAt: Timestamp, codec: RawDocumentCodec) {
        self.session = session
        self.seenAt = seenAt.description
        self.versionSeenAt = StoredTime.stored(seenAt)
        self.codec = codec
    }

    /// Writes the records in order, as if one by one.
    /// - Returns: Each record's outcome, in order.
    mutating func write(_ records: [IngestRecord]) async throws -> [IngestOutcome] {
        try await load(records)
        var outcomes: [IngestOutcome] = []
        outcomes.reserveCapacity(records.count)
        for record in records { outcomes.append(try await write(record)) }
        try await finish()
        return outcomes
    }

    private mutating func write(_ record: IngestRecord) async throws -> IngestOutcome {
        var record = record
        if record.action.deletion?.isKeyOnly == true {
            guard let completed = try await completingKeyOnlyDeletion(record) else { return .deletionOfUnknownAction }
            record = completed
        }
        let action = record.action
        let key = action.key
        let sourceID = try await source(record)
        upsertOrganisations(action)

        guard var existing = stored[key] else {
            let contractID = try await contract(for: key)
            let vendorID = try await vendor(action)
            let (actionID, versionID) = try await insertAction(
                record, contractID: contractID, vendorID: vendorID, sourceID: sourceID)
            changedContracts.insert(contractID)
            stored[key] = StoredAction(
                id: actionID, contractID: contractID, current: VersionPrecedence(record),
                versions: [record.contentHash: versionID])
            return .newAction
        }

        if let versionID = existing.versions[record.contentHash] {
            seenVersions.append(versionID)
            return .unchanged
        }
        let versionID = try await insertVersion(record, actionID: existing.id, sourceID: sourceID)
        changedContracts.insert(existing.contractID)
        existing.versions[record.contentHash] = versionID
        defer { stored[key] = existing }
        if VersionPrecedence(record) < existing.current {
            return .newVersion
        }
        try await makeCurrent(versionID: versionID, of: existing.id, action: action, vendorID: try await vendor(action))
        existing.current = VersionPrecedence(record)
        return .newVersion
    }

    /// Reads, in three statements, what the store holds of the batch's actions and contracts.
    private mutating func load(_ records: [IngestRecord]) async throws {
        let keys = Array(Set(records.map(\.action.key)))
        let key = keys.columns
        let actions = try await session.rows(
            of: """
                SELECT k.ordinal, a.id, a.contract_id, v.last_modified_date, v.is_deletion, s.format,
                       \(unescaped: ActionColumn.contentHash.sql)
                FROM unnest(
                    \(key.agencyIDs), \(key.piids), \(key.idvAgencyIDs), \(key.idvPIIDs), \(key.modNumbers),
                    \(key.transactionNumbers), \(key.kinds))
                     WITH ORDINALITY AS k(agency_id, piid, idv_agency_id, idv_piid, mod_number, transaction_number, kind, ordinal)
                JOIN actions a ON \(unescaped: PostgresStore.actionMatchesK)
                LEFT JOIN action_versions v ON v.id = a.current_version_id
                LEFT JOIN sources s ON s.id = v.source_id
                """)
        var keysByID: [Int64: ActionKey] = [:]
        for row in actions {
            let key = keys[Int(try row.value(0, as: Int64.self)) - 1]
            let id: Int64 = try row.value(1)
            keysByID[id] = key
            stored[key] = StoredAction(
                id: id, contractID: try row.value(2),
                current: VersionPrecedence(
                    lastModifiedDate: try row.value(3, as: String?.self).flatMap { FPDSDateTime(fpds: $0) },
                    isDeletion: try row.value(4, as: Bool?.self) ?? false,
                    format: try row.value(5, as: String?.self).flatMap(SourceFormat.init(rawValue:)),
                    contentHash: try row.value(6, as: String?.self) ?? ""),
                versions: [:])
        }

        // The stored versions the batch's records may repeat, by action and content hash.
        var actionIDs: [Int64] = []
        var hashes: [String] = []
        for record in records {
            guard let action = stored[record.action.key] else { continue }
            actionIDs.append(action.id)
            hashes.append(record.contentHash)
        }
        if !actionIDs.isEmpty {
            for row in try await session.rows(
                of: """
                    SELECT v.action_id, k.content_hash, v.id FROM action_versions v
                    JOIN unnest(\(actionIDs), \(hashes)) AS k(action_id, content_hash)
                        ON v.action_id = k.action_id AND v.content_hash = decode(k.content_hash, 'hex')
                    """)
            {
                guard let key = keysByID[try row.value(0)] else { continue }
                stored[key]?.versions[try row.value(1)] = try row.value(2)
            }
        }

        // The texts the batch's versions keep by id, offered in one order by every writer: two
        // offering the same new texts wait for each other rather than deadlock.
        let texts = Set(records.flatMap(VersionText.texts(of:))).sorted()
        if !texts.isEmpty {
            try await session.execute(
                query: """
                    INSERT INTO version_texts (text) SELECT t FROM unnest(\(texts)) AS t ORDER BY t
                    ON CONFLICT (text) DO NOTHING
                    """)
        }

        let contractKeys = Array(Set(keys.map(\.contract)))
        let contract = contractKeys.columns
        for row in try await session.rows(
            of: """
                SELECT k.ordinal, c.id
                FROM unnest(\(contract.agencyIDs), \(contract.piids), \(contract.idvAgencyIDs), \(contract.idvPIIDs))
                     WITH ORDINALITY AS k(agency_id, piid, idv_agency_id, idv_piid, ordinal)
                JOIN contracts c ON \(unescaped: PostgresStore.contractMatchesK)
                """)
        {
            contracts[contractKeys[Int(try row.value(0, as: Int64.self)) - 1]] = try row.value(1)
        }
    }

    /// Writes the agencies' and offices' newest names, marks what the batch read as seen, and
    /// what it changed as due for classification.
    private func finish() async throws {
        for (sql, arguments) in organisations.values { try await session.execute(sql, arguments) }
        if !seenVersions.isEmpty {
            try await session.execute(
                query:
                    """
                    UPDATE action_versions SET last_seen = greatest(last_seen, \(versionSeenAt))
                    WHERE id = ANY(\(seenVersions))
                    """
            )
        }
        if !changedContracts.isEmpty {
            try await session.execute(
                query: "UPDATE contracts SET revision = revision + 1 WHERE id = ANY(\(Array(changedContracts)))")
        }
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
        try await session.value(
            """
            WITH version AS (\(BatchWriter.insertVersionSQL) RETURNING id),
            document AS (
                INSERT INTO pending_documents (version_id, raw_document, raw_encoding) SELECT id, ?, ? FROM version)
            SELECT id FROM version
            """,
            try BatchWriter.versionValues(record, actionID: actionID, sourceID: sourceID, seenAt: versionSeenAt)
                + documentValues(record)) ?? 0
    }

    /// Stores a new action with its first version, its raw document and its row of the index, in
    /// one statement: the version's id is drawn first, so that the action can point at it.
    /// - Returns: The action's id and the version's.
    private func insertAction(
        _ record: IngestRecord, contractID: Int64, vendorID: Int64?, sourceID: Int64
    ) async throws -> (action: Int64, version: Int64) {
        let key = record.action.key
        let versionColumns = BatchWriter.versionColumns.dropFirst()
        var arguments: [any SQLArgumentConvertible] = key.postgresArguments
        arguments += [
            key.orderingKey, contractID, vendorID, record.action.signedDate?.description ?? "",
        ]
        // The version's values but its action's id, which the statement has.
        let versionValues = try BatchWriter.versionValues(
            record, actionID: 0, sourceID: sourceID, seenAt: versionSeenAt)
        arguments += versionValues.dropFirst().map { $0 as any SQLArgumentConvertible }
        arguments += documentValues(record)
        arguments += Self.searchValues(record.action)
        arguments += Self.agencyValues(record.action)
        let row = try await session.row(
            """
            WITH version AS (SELECT nextval(pg_get_serial_sequence('action_versions', 'id')) AS id),
            action AS (
                INSERT INTO actions (agency_id, piid, idv_agency_id, idv_piid, mod_number, transaction_number, kind,
                                     ordering_key, contract_id, vendor_id, signed_date, current_version_id)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, version.id FROM version
                RETURNING id, current_version_id, signed_date, ordering_key),
            stored_version AS (
                INSERT INTO action_versions (id, action_id, \(versionColumns.joined(separator: ", ")))
                SELECT current_version_id, id, \(BatchWriter.versionPlaceholders.dropFirst().joined(separator: ", "))
                FROM action),
            document AS (
                INSERT INTO pending_documents (version_id, raw_document, raw_encoding)
                SELECT current_version_id, ?, ? FROM action),
            indexed AS (INSERT INTO action_search (action_id, document) SELECT id, \(Self.searchDocument()) FROM action),
            agencies AS (\(Self.agencyInsert))
            SELECT id, current_version_id FROM action
            """,
            arguments)
        guard let row else { throw PostgresStoreError.missingRow("the new action \(key)") }
        return (try row.value(0), try row.value(1))
    }

    /// The raw document's values for `pending_documents`: its compressed bytes and their encoding.
    private func documentValues(_ record: IngestRecord) -> [any SQLArgumentConvertible] {
        let document = record.preparedDocument ?? codec.compress(record.rawDocument)
        return [Data(document.bytes), document.encoding]
    }

    /// Points the action at a version and re-indexes its searchable text and its agencies.
    private func makeCurrent(
        versionID: Int64, of actionID: Int64, action: ContractAction, vendorID: Int64?
    )
        async throws
    {
        let signedDate = action.signedDate?.description ?? ""
        let agencies = Self.agencyValues(action)
        // Every part reads the rows as they were before the statement: `removed` the agencies of
        // the version that yields, but those the new one keeps, which the insert would repeat.
        try await session.execute(
            """
            WITH removed AS (
                DELETE FROM action_agencies g USING actions a JOIN action_versions v ON v.id = a.current_version_id
                WHERE a.id = ? AND g.action_id = a.id AND g.signed_date = a.signed_date
                  AND g.ordering_key = a.ordering_key AND g.code IN (v.contracting_agency_id, v.funding_agency_id)
                  AND (g.signed_date = ? AND (g.code = ? OR g.code = ?)) IS NOT TRUE),
            action AS (
                UPDATE actions SET current_version_id = ?, vendor_id = coalesce(?, vendor_id), signed_date = ?
                WHERE id = ? RETURNING id, signed_date, ordering_key),
            indexed AS (
                INSERT INTO action_search (action_id, document) SELECT id, \(Self.searchDocument()) FROM action
                ON CONFLICT (action_id) DO UPDATE SET document = excluded.document)
            \(Self.agencyInsert) ON CONFLICT DO NOTHING
            """,
            [actionID, signedDate] + agencies + [versionID, vendorID, signedDate, actionID] + Self.searchValues(action)
                + agencies)
    }

    /// Inserts the `action_agencies` rows of the CTE `action` (id, signed date, ordering key);
    /// binds ``agencyValues(_:)``.
    private static let agencyInsert = """
        INSERT INTO action_agencies (code, signed_date, ordering_key, action_id)
        SELECT DISTINCT c.code, action.signed_date, action.ordering_key, action.id
        FROM action, (VALUES (?::text), (?::text)) AS c(code) WHERE c.code IS NOT NULL
        """

    /// The action's contracting and funding agency codes, NULL where it has none.
    private static func agencyValues(_ action: ContractAction) -> [any SQLArgumentConvertible] {
        [action.contractingAgency?.code, action.fundingAgency?.code].map { SQLArgument.text(BatchWriter.code($0)) }
    }

    /// An action's `tsvector` from its texts by weight: the description, the vendor's name, the
    /// agency's names, the office's name; and the month it was signed in, which
    /// ``PostgresFullTextWalk`` reads by. Each is an SQL expression (``searchValues(_:)`` binds them).
    static func searchDocument(_ texts: [String] = ["?", "?", "?", "?"], signedDate: String = "?") -> String {
        zip(texts, ["A", "B", "C", "D"]).map { "setweight(to_tsvector('contractwatch', \($0)), '\($1)')" }
            .joined(separator: " || ") + " || " + PostgresFullTextWalk.monthLexeme(ofSignedDate: signedDate)
    }

    /// The values of ``searchDocument(_:signedDate:)`` for `action`.
    static func searchValues(_ action: ContractAction) -> [any SQLArgumentConvertible] {
        let text = BatchWriter.searchText(action)
        return [text.description, text.vendorName, text.agencyName, text.officeName].map {
            SQLArgument.text(PostgresFullText.words($0 ?? ""))
        } + [SQLArgument.text(action.signedDate?.description ?? "")]
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
                """, [record.source, record.format.rawValue, seenAt, seenAt]) ?? 0
        sourceIDs[record.source] = id
        return id
    }

    private mutating func contract(for key: ActionKey) async throws -> Int64 {
        let isIDV = key.kind.isIDV
        if let id = contracts[key.contract] {
            if isIDV, idvContracts.insert(id).inserted {
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
                WHERE idv_agency_id = ? AND idv_piid = ? AND idv_piid <> '' AND idv_contract_id IS NULL
                """, [id, key.agencyID, key.piid])
            idvContracts.insert(id)
        }
        contracts[key.contract] = id
        return id
    }

    /// The vendor's row, created or updated from `action` as ``BatchWriter`` does: it describes
    /// the vendor as its newest record does, whatever order the records arrived in.
    private mutating func vendor(_ action: ContractAction) async throws -> Int64? {
        guard let uei = action.vendorUEI, !uei.isEmpty else { return nil }
        let asOf = BatchWriter.asOf(action)
        // A record older than one this batch already described the vendor with changes nothing
        // (the statement below keeps the newest); equal dates compare the texts, so they go.
        if let written = vendors[uei], asOf < written.asOf { return written.id }
        let columns = BatchWriter.vendorColumns
        let newer =
            "(excluded.as_of, \(columns.map { "coalesce(excluded.\($0), '')" }.joined(separator: ", "))) > "
            + "(vendors.as_of, \(columns.map { "coalesce(vendors.\($0), '')" }.joined(separator: ", ")))"
        let updates = (columns + ["as_of"]).map {
            "\($0) = CASE WHEN \(newer) THEN excluded.\($0) ELSE vendors.\($0) END"
        }
        let id: Int64? = try await session.value(
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
                action.vendorDUNS, action.vendorCountry, asOf, seenAt, seenAt,
            ])
        if let id { vendors[uei] = (id, max(asOf, vendors[uei]?.asOf ?? asOf)) }
        return id
    }

    /// Agency and office names, kept as ``BatchWriter`` keeps them: the newest record's.
    /// Offers the agencies' and office's names to the batch's pending writes; only the newest
    /// offer of each is written, by ``finish()``, since the upsert keeps the newest anyway.
    private mutating func upsertOrganisations(_ action: ContractAction) {
        let asOf = BatchWriter.asOf(action)
        for agency in [action.contractingAgency, action.fundingAgency].compactMap({ $0 }) where !agency.code.isEmpty {
            guard let name = agency.name, offer(BatchWriter.NameAsOf(asOf: asOf, name: name), for: agency.code)
            else { continue }
            let newer = "(excluded.as_of, excluded.name) > (agencies.as_of, coalesce(agencies.name, ''))"
            organisations[agency.code] = (
                """
                INSERT INTO agencies (code, name, department_id, department_name, as_of) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (code) DO UPDATE SET
                    name = CASE WHEN \(newer) THEN excluded.name ELSE agencies.name END,
                    department_id = CASE WHEN \(newer) THEN excluded.department_id ELSE agencies.department_id END,
                    department_name = CASE WHEN \(newer) THEN excluded.department_name ELSE agencies.department_name END,
                    as_of = CASE WHEN \(newer) THEN excluded.as_of ELSE agencies.as_of END
                """, [agency.code, name, agency.departmentID, agency.departmentName, asOf]
            )
        }
        if let agency = action.contractingAgency, let office = action.contractingOffice, let name = office.name,
            !agency.code.isEmpty, !office.code.isEmpty,
            offer(BatchWriter.NameAsOf(asOf: asOf, name: name), for: agency.code + "/" + office.code)
        {
            let newer = "(excluded.as_of, excluded.name) > (offices.as_of, coalesce(offices.name, ''))"
            organisations[agency.code + "/" + office.code] = (
                """
                INSERT INTO offices (agency_code, code, name, as_of) VALUES (?, ?, ?, ?)
                ON CONFLICT (agency_code, code) DO UPDATE SET
                    name = CASE WHEN \(newer) THEN excluded.name ELSE offices.name END,
                    as_of = CASE WHEN \(newer) THEN excluded.as_of ELSE offices.as_of END
                """, [agency.code, office.code, name, asOf]
            )
        }
    }

    private mutating func offer(_ name: BatchWriter.NameAsOf, for code: String) -> Bool {
        if let offered = offeredNames[code], name <= offered { return false }
        offeredNames[code] = name
        return true
    }
}
