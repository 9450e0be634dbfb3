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
            // 64 MiB of page cache keeps the key indexes in memory during large ingests.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        configuration.busyMode = .timeout(10)
        try self.init(writer: Self.openPool(path: path, configuration: configuration))
    }

    /// Opens the pool, waiting for other processes that are opening the same new file.
    ///
    /// Turning a new file to WAL takes an exclusive lock, and SQLite answers `SQLITE_BUSY` at
    /// once, without the busy timeout, where waiting could deadlock: two processes that create
    /// the same store at once (an ingest and a scheduled sync) would see one of them fail.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED)
                && ContinuousClock.now < deadline
            {
                // Jittered, so that processes that collided do not collide again.
                Thread.sleep(forTimeInterval: .random(in: 0.01...0.1))
            }
        }
    }

    /// Wraps an open database (tests use an in-memory `DatabaseQueue`) and migrates it.
    package init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrate(writer)
    }

    /// Migrates, tolerating another process migrating the same new file at the same moment (a
    /// `serve` and a scheduled `sync` started together): each migration is its own transaction, so
    /// the loser of a race finds its tables already made, and simply reads the applied list again.
    private static func migrate(_ writer: any DatabaseWriter) throws {
        var attempt = 0
        while true {
            do {
                try migrator.migrate(writer)
                return
            } catch let error as DatabaseError where attempt < 20 && Self.lostMigrationRace(error) {
                attempt += 1
            }
        }
    }

    /// Whether `error` is what a migration meets when another process applied it first: its
    /// tables or columns exist already, or (for a migration that tolerates that, such as
    /// `CREATE INDEX IF NOT EXISTS`) its identifier is already recorded.
    private static func lostMigrationRace(_ error: DatabaseError) -> Bool {
        let message = error.message ?? ""
        switch error.resultCode {
        case .SQLITE_ERROR: return message.contains("already exists") || message.contains("duplicate column")
        case .SQLITE_CONSTRAINT: return message.contains("grdb_migrations")
        default: return false
        }
    }

    /// A fresh in-memory store.
    package static func inMemory() throws -> SQLiteStore {
        try SQLiteStore(writer: DatabaseQueue())
    }

    // MARK: - Writes

    package func ingest(_ batch: IngestBatch) async throws -> [IngestOutcome] {
        try await writer.write { db in
            var batchWriter = BatchWriter(db: db, seenAt: batch.seenAt)
            let outcomes = try batchWriter.write(batch.records)
            if let checkpoint = batch.checkpoint { try Self.markDone(checkpoint, at: batch.seenAt, in: db) }
            return outcomes
        }
    }

    package func prepare(_ record: inout IngestRecord) {
        if record.preparedDocument == nil { record.preparedDocument = RawDocumentCodec.compress(record.rawDocument) }
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
                    SELECT d.raw_document FROM actions a JOIN action_versions v ON v.action_id = a.id
                    JOIN version_documents d ON d.version_id = v.id
                    WHERE \(ActionKey.matching("a"))
                    ORDER BY v.id
                    """,
                arguments: key.arguments
            ).map { try RawDocumentCodec.decompress(Array($0)) }
        }
    }

    // MARK: - Row mapping

    /// The columns action reads select, in order; rows are read by position, which is much
    /// faster than GRDB's by-name lookup on wide rows.
    enum ActionColumn: String, CaseIterable {
        case kind = "a.kind"
        case agencyID = "a.agency_id"
        case piid = "a.piid"
        case modNumber = "a.mod_number"
        case transactionNumber = "a.transaction_number"
        case idvAgencyID = "a.idv_agency_id"
        case idvPIID = "a.idv_piid"
        case signedDate = "v.signed_date"
        case effectiveDate = "v.effective_date"
        case currentCompletionDate = "v.current_completion_date"
        case ultimateCompletionDate = "v.ultimate_completion_date"
        case obligatedAmount = "v.obligated_amount"
        case baseAndExercisedOptionsValue = "v.base_and_exercised_options_value"
        case baseAndAllOptionsValue = "v.base_and_all_options_value"
        case totalObligatedAmount = "v.total_obligated_amount"
        case contractActionType = "v.contract_action_type"
        case contractActionTypeDescription = "v.contract_action_type_description"
        case reasonForModification = "v.reason_for_modification"
        case reasonForModificationDescription = "v.reason_for_modification_description"
        case description = "v.description"
        case vendorName = "v.vendor_name"
        case vendorUEI = "v.vendor_uei"
        case ultimateParentUEI = "v.ultimate_parent_uei"
        case ultimateParentName = "v.ultimate_parent_name"
        case cageCode = "v.cage_code"
        case vendorDUNS = "v.vendor_duns"
        case vendorAlternateNames = "v.vendor_alternate_names"
        case vendorCountry = "v.vendor_country"
        case contractingAgencyID = "v.contracting_agency_id"
        case contractingOfficeID = "v.contracting_office_id"
        case fundingAgencyID = "v.funding_agency_id"
        case productOrServiceCode = "v.product_or_service_code"
        case productOrServiceDescription = "v.product_or_service_description"
        case naicsCode = "v.naics_code"
        case naicsDescription = "v.naics_description"
        case lastModifiedDate = "v.last_modified_date"
        case contentHash = "v.content_hash"
        case firstSeen = "v.first_seen"
        case lastSeen = "v.last_seen"
        case sourceURL = "v.source_url"
        case source = "s.location"
        case isCurrent = "v.id = a.current_version_id"
        case isDeletion = "v.is_deletion"
        case isKeyOnly = "v.is_key_only"
        // Looked up only for deletions, and without the joins, so classification's reads have it.
        case deletionFormat = "CASE WHEN v.is_deletion THEN (SELECT format FROM sources WHERE id = v.source_id) END"
        case contractingAgencyName = "ca.name"
        case contractingDepartmentID = "ca.department_id"
        case contractingDepartmentName = "ca.department_name"
        case contractingOfficeName = "co.name"
        case fundingAgencyName = "fa.name"
        case fundingDepartmentID = "fa.department_id"
        case fundingDepartmentName = "fa.department_name"
    }

    static let actionColumns = ActionColumn.allCases.map(\.rawValue).joined(separator: ", ")

    /// ``actionColumns`` with NULL for the columns ``actionJoins`` supplies, for reads without them.
    static let actionColumnsWithoutNames = ActionColumn.allCases.map {
        $0.rawValue.hasPrefix("s.") || $0.rawValue.hasPrefix("ca.") || $0.rawValue.hasPrefix("co.")
            || $0.rawValue.hasPrefix("fa.") ? "NULL" : $0.rawValue
    }.joined(separator: ", ")

    /// Joins for ``actionColumns``: source, agency and office names.
    static let actionJoins = """
        LEFT JOIN sources s ON s.id = v.source_id
        LEFT JOIN agencies ca ON ca.code = v.contracting_agency_id
        LEFT JOIN agencies fa ON fa.code = v.funding_agency_id
        LEFT JOIN offices co ON co.agency_code = v.contracting_agency_id AND co.code = v.contracting_office_id
        """

    static func storedAction(_ row: Row) -> StoredAction {
        func text(_ column: ActionColumn) -> String? { row[column.index] }
        func date(_ column: ActionColumn) -> FPDSDateTime? { text(column).flatMap { FPDSDateTime(fpds: $0) } }
        func amount(_ column: ActionColumn) -> FPDSAmount? { text(column).flatMap { FPDSAmount($0) } }
        func code(_ column: ActionColumn, _ description: ActionColumn) -> FPDSCode? {
            text(column).map { FPDSCode(code: $0, description: text(description)) }
        }
        var action = ContractAction(
            key: ActionKey(
                kind: text(.kind).flatMap(FPDSRecord.Kind.init(rawValue:)) ?? .award,
                agencyID: text(.agencyID) ?? "", piid: text(.piid) ?? "", modNumber: text(.modNumber) ?? "",
                transactionNumber: text(.transactionNumber) ?? "", idvAgencyID: text(.idvAgencyID) ?? "",
                idvPIID: text(.idvPIID) ?? ""))
        action.signedDate = date(.signedDate)
        action.effectiveDate = date(.effectiveDate)
        action.currentCompletionDate = date(.currentCompletionDate)
        action.ultimateCompletionDate = date(.ultimateCompletionDate)
        action.obligatedAmount = amount(.obligatedAmount)
        action.baseAndExercisedOptionsValue = amount(.baseAndExercisedOptionsValue)
        action.baseAndAllOptionsValue = amount(.baseAndAllOptionsValue)
        action.totalObligatedAmount = amount(.totalObligatedAmount)
        action.contractActionType = code(.contractActionType, .contractActionTypeDescription)
        action.reasonForModification = code(.reasonForModification, .reasonForModificationDescription)
        action.description = text(.description)
        action.vendorName = text(.vendorName)
        action.vendorUEI = text(.vendorUEI)
        action.ultimateParentUEI = text(.ultimateParentUEI)
        action.ultimateParentName = text(.ultimateParentName)
        action.cageCode = text(.cageCode)
        action.vendorDUNS = text(.vendorDUNS)
        action.vendorAlternateNames = text(.vendorAlternateNames)?.split(separator: "\n").map(String.init) ?? []
        action.vendorCountry = text(.vendorCountry)
        action.contractingAgency = text(.contractingAgencyID).map {
            FPDSRecord.Agency(
                code: $0, name: text(.contractingAgencyName), departmentID: text(.contractingDepartmentID),
                departmentName: text(.contractingDepartmentName))
        }
        action.contractingOffice = text(.contractingOfficeID).map {
            FPDSRecord.Office(code: $0, name: text(.contractingOfficeName))
        }
        action.fundingAgency = text(.fundingAgencyID).map {
            FPDSRecord.Agency(
                code: $0, name: text(.fundingAgencyName), departmentID: text(.fundingDepartmentID),
                departmentName: text(.fundingDepartmentName))
        }
        action.productOrServiceCode = code(.productOrServiceCode, .productOrServiceDescription)
        action.naicsCode = code(.naicsCode, .naicsDescription)
        action.lastModifiedDate = date(.lastModifiedDate)
        if row[ActionColumn.isDeletion.index] ?? false {
            action.deletion = ContractAction.Deletion(
                format: text(.deletionFormat) ?? "", isKeyOnly: row[ActionColumn.isKeyOnly.index] ?? false,
                seenAt: text(.firstSeen))
        }
        return StoredAction(
            action: action, contentHash: text(.contentHash) ?? "", firstSeen: text(.firstSeen) ?? "",
            lastSeen: text(.lastSeen) ?? "", sourceURL: text(.sourceURL), source: text(.source),
            isCurrent: row[ActionColumn.isCurrent.index] ?? false)
    }
}

extension SQLiteStore.ActionColumn {
    /// The column's position in ``SQLiteStore/actionColumns``.
    var index: Int { Self.positions[self] ?? 0 }

    private static let positions = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
}
