package import ContractWatchCore
import FPDS
import Foundation
package import GRDB

/// The embedded store: one SQLite file in WAL mode, through GRDB.
///
/// Every write is one transaction (a batch lands whole or not at all), so a killed process
/// leaves the last committed batch and a re-run picks up from there: records already held are
/// recognised by key and content hash and only have `lastSeen` moved.
package struct SQLiteStore: RecordStore {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the database file at `path` and migrates it.
    /// - Throws: If the file cannot be opened or is not a ContractWatch database.
    package init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL + NORMAL: durable at each checkpoint, crash-safe at every commit.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        configuration.busyMode = .timeout(10)
        try self.init(writer: DatabasePool(path: path, configuration: configuration))
    }

    /// Wraps an open database (tests use an in-memory `DatabaseQueue`) and migrates it.
    package init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// A fresh in-memory store.
    package static func inMemory() throws -> SQLiteStore {
        try SQLiteStore(writer: DatabaseQueue())
    }

    // MARK: - Writes

    package func ingest(_ batch: IngestBatch) async throws -> [IngestOutcome] {
        // Compress before taking the writer, off the caller's actor: it overlaps the previous
        // batch's write on SQLite's writer queue.
        let documents = await Self.compressDocuments(of: batch)
        return try await writer.write { db in
            var batchWriter = BatchWriter(db: db, seenAt: batch.seenAt, compressed: documents)
            return try batchWriter.write(batch.records)
        }
    }

    @concurrent
    private static func compressDocuments(of batch: IngestBatch) async -> [String: [UInt8]] {
        var compressed: [String: [UInt8]] = [:]
        compressed.reserveCapacity(batch.records.count)
        for record in batch.records where compressed[record.contentHash] == nil {
            compressed[record.contentHash] = RawDocumentCodec.compress(record.rawDocument)
        }
        return compressed
    }

    // MARK: - Reads

    package func forEachAction(
        allVersions: Bool,
        _ body: @Sendable (StoredAction) throws -> Void
    ) async throws {
        try await writer.read { db in
            let join = allVersions ? "v.action_id = a.id" : "v.id = a.current_version_id"
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT \(Self.actionColumns) FROM actions a JOIN action_versions v ON \(join)
                    \(Self.actionJoins)
                    ORDER BY a.agency_id, a.piid, a.idv_agency_id, a.idv_piid, a.mod_number, a.transaction_number,
                             a.kind, v.id
                    """)
            while let row = try rows.next() {
                try body(Self.storedAction(row))
            }
        }
    }

    package func actions(agencyID: String, piid: String) async throws -> [StoredAction] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.actionColumns) FROM actions a JOIN action_versions v ON v.id = a.current_version_id
                    \(Self.actionJoins)
                    WHERE a.agency_id = ? AND a.piid = ?
                    ORDER BY a.idv_agency_id, a.idv_piid, v.signed_date, a.mod_number, a.transaction_number, a.kind
                    """,
                arguments: [agencyID, piid]
            ).map(Self.storedAction)
        }
    }

    package func statistics() async throws -> StoreStatistics {
        try await writer.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT count(*) FROM actions), (SELECT count(*) FROM action_versions),
                           (SELECT count(*) FROM contracts), (SELECT count(*) FROM vendors)
                    """)
            return StoreStatistics(
                actions: row?[0] ?? 0, versions: row?[1] ?? 0, contracts: row?[2] ?? 0, vendors: row?[3] ?? 0)
        }
    }

    /// The stored source document of every version of one action, oldest first.
    package func rawDocuments(of key: ActionKey) async throws -> [String] {
        try await writer.read { db in
            try Data.fetchAll(
                db,
                sql: """
                    SELECT v.raw_document FROM actions a JOIN action_versions v ON v.action_id = a.id
                    WHERE a.agency_id = ? AND a.piid = ? AND a.idv_agency_id = ? AND a.idv_piid = ?
                      AND a.mod_number = ? AND a.transaction_number = ? AND a.kind = ?
                    ORDER BY v.id
                    """,
                arguments: [
                    key.agencyID, key.piid, key.idvAgencyID, key.idvPIID, key.modNumber, key.transactionNumber,
                    key.kind.rawValue,
                ]
            ).map { try RawDocumentCodec.decompress(Array($0)) }
        }
    }

    // MARK: - Row mapping

    static let actionColumns = """
        a.kind, a.agency_id, a.piid, a.mod_number, a.transaction_number, a.idv_agency_id, a.idv_piid,
        v.signed_date, v.effective_date, v.current_completion_date, v.ultimate_completion_date,
        v.obligated_amount, v.base_and_exercised_options_value, v.base_and_all_options_value,
        v.total_obligated_amount, v.contract_action_type, v.contract_action_type_description,
        v.reason_for_modification, v.reason_for_modification_description, v.description,
        v.vendor_name, v.vendor_uei, v.ultimate_parent_uei, v.ultimate_parent_name, v.cage_code,
        v.contracting_agency_id, v.contracting_office_id, v.funding_agency_id,
        v.product_or_service_code, v.product_or_service_description, v.naics_code, v.naics_description,
        v.last_modified_date, v.content_hash, v.first_seen, v.last_seen, v.source_url, s.location,
        v.id = a.current_version_id AS is_current,
        ca.name AS contracting_agency_name, ca.department_id AS contracting_department_id,
        ca.department_name AS contracting_department_name, co.name AS contracting_office_name,
        fa.name AS funding_agency_name, fa.department_id AS funding_department_id,
        fa.department_name AS funding_department_name
        """

    /// Joins for ``actionColumns``: source, agency and office names.
    static let actionJoins = """
        LEFT JOIN sources s ON s.id = v.source_id
        LEFT JOIN agencies ca ON ca.code = v.contracting_agency_id
        LEFT JOIN agencies fa ON fa.code = v.funding_agency_id
        LEFT JOIN offices co ON co.agency_code = v.contracting_agency_id AND co.code = v.contracting_office_id
        """

    static func storedAction(_ row: Row) -> StoredAction {
        func date(_ column: String) -> FPDSDateTime? { (row[column] as String?).flatMap { FPDSDateTime(fpds: $0) } }
        func amount(_ column: String) -> FPDSAmount? { (row[column] as String?).flatMap { FPDSAmount($0) } }
        func code(_ column: String, _ descriptionColumn: String) -> FPDSCode? {
            (row[column] as String?).map { FPDSCode(code: $0, description: row[descriptionColumn]) }
        }
        let kind = FPDSRecord.Kind(rawValue: row["kind"]) ?? .award
        var action = ContractAction(
            key: ActionKey(
                kind: kind, agencyID: row["agency_id"], piid: row["piid"], modNumber: row["mod_number"],
                transactionNumber: row["transaction_number"], idvAgencyID: row["idv_agency_id"],
                idvPIID: row["idv_piid"]))
        action.signedDate = date("signed_date")
        action.effectiveDate = date("effective_date")
        action.currentCompletionDate = date("current_completion_date")
        action.ultimateCompletionDate = date("ultimate_completion_date")
        action.obligatedAmount = amount("obligated_amount")
        action.baseAndExercisedOptionsValue = amount("base_and_exercised_options_value")
        action.baseAndAllOptionsValue = amount("base_and_all_options_value")
        action.totalObligatedAmount = amount("total_obligated_amount")
        action.contractActionType = code("contract_action_type", "contract_action_type_description")
        action.reasonForModification = code("reason_for_modification", "reason_for_modification_description")
        action.description = row["description"]
        action.vendorName = row["vendor_name"]
        action.vendorUEI = row["vendor_uei"]
        action.ultimateParentUEI = row["ultimate_parent_uei"]
        action.ultimateParentName = row["ultimate_parent_name"]
        action.cageCode = row["cage_code"]
        action.contractingAgency = (row["contracting_agency_id"] as String?).map {
            FPDSRecord.Agency(
                code: $0, name: row["contracting_agency_name"], departmentID: row["contracting_department_id"],
                departmentName: row["contracting_department_name"])
        }
        action.contractingOffice = (row["contracting_office_id"] as String?).map {
            FPDSRecord.Office(code: $0, name: row["contracting_office_name"])
        }
        action.fundingAgency = (row["funding_agency_id"] as String?).map {
            FPDSRecord.Agency(
                code: $0, name: row["funding_agency_name"], departmentID: row["funding_department_id"],
                departmentName: row["funding_department_name"])
        }
        action.productOrServiceCode = code("product_or_service_code", "product_or_service_description")
        action.naicsCode = code("naics_code", "naics_description")
        action.lastModifiedDate = date("last_modified_date")
        return StoredAction(
            action: action, contentHash: row["content_hash"], firstSeen: row["first_seen"],
            lastSeen: row["last_seen"], sourceURL: row["source_url"], source: row["location"],
            isCurrent: row["is_current"])
    }
}
