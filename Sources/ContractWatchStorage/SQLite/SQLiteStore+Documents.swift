import ContractAwards
package import ContractWatchCore
import Foundation
import GRDB

/// The raw documents: read back byte for byte, and the dictionaries they are compressed with.
extension SQLiteStore {
    /// The stored source document of every version of one action, oldest first.
    package func rawDocuments(of key: ActionKey) async throws -> [String] {
        try await writer.read { db in
            try documents(
                Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(DocumentSQL.columns) FROM actions a
                        JOIN action_versions v ON v.action_id = a.id \(DocumentSQL.joins)
                        WHERE \(ActionKey.matching("a"))
                        ORDER BY v.id
                        """,
                    arguments: key.arguments),
                in: db)
        }
    }

    package func rawDocument(agencyID: String, piid: String, contentHash: String) async throws -> RawDocument? {
        // The store keeps hashes as bytes; what is not a hash names no version.
        guard let hash = ContentHash.bytes(contentHash) else { return nil }
        return try await writer.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT \(DocumentSQL.columns), s.format FROM actions a
                        JOIN action_versions v ON v.action_id = a.id \(DocumentSQL.joins)
                        JOIN sources s ON s.id = v.source_id
                        WHERE a.agency_id = ? AND a.piid = ? AND v.content_hash = ?
                        ORDER BY v.id LIMIT 1
                        """,
                    arguments: [agencyID, piid, hash]),
                let text = try documents([row], in: db).first
            else { return nil }
            let format: String? = row[3]
            return RawDocument(text: text, format: format.flatMap(SourceFormat.init))
        }
    }

    /// Trains a compression dictionary from the store's newest documents and compresses the
    /// documents stored from now on with it; those stored before keep theirs.
    /// - Parameter time: Now, recorded as when it was trained.
    /// - Returns: The new dictionary's id, or nil when the store holds too little to train one.
    /// - Throws: ``StorageError`` if a stored document does not read, or the database's error.
    package func trainRawDocumentDictionary(at time: Timestamp) async throws -> Int64? {
        let trained = try await writer.write { db in try trainDictionary(db, at: time) }
        if let trained { codec.adopt(trained) }
        return trained?.id
    }

    /// Makes the newest stored dictionary the codec's current one, if it is not already.
    func adoptNewestDictionary(_ db: Database) throws {
        guard let newest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM raw_dictionaries"),
            newest != codec.currentDictionaryID
        else { return }
        codec.adopt(try dictionary(newest, in: db))
    }

    /// Trains the store's first dictionary once it holds ``RawDocumentCodec/trainingDocuments``
    /// documents; nil while it has too few or already has one, or when they give none.
    func trainFirstDictionaryIfDue(_ db: Database, at time: Timestamp) throws -> RawDictionary? {
        guard codec.wantsFirstDictionary else { return nil }
        let held =
            try Int.fetchOne(
                db, sql: DocumentSQL.countUpTo,
                arguments: [RawDocumentCodec.trainingDocuments, RawDocumentCodec.trainingDocuments]) ?? 0
        guard held >= RawDocumentCodec.trainingDocuments else { return nil }
        guard let trained = try trainDictionary(db, at: time) else {
            codec.noteTrainingFailed()
            return nil
        }
        return trained
    }

    /// Trains a dictionary from the newest documents and stores it, in the caller's transaction,
    /// and stores those documents again with it: a store's first documents would otherwise stay
    /// four times the size of the rest for good.
    private func trainDictionary(_ db: Database, at time: Timestamp) throws -> RawDictionary? {
        let newest = try Row.fetchAll(
            db, sql: DocumentSQL.newest,
            arguments: StatementArguments(Array(repeating: RawDocumentCodec.trainingDocuments, count: 3)))
        let texts = try documents(newest, in: db)
        guard let bytes = RawDocumentCodec.train(from: texts) else { return nil }
        try db.execute(
            sql: "INSERT INTO raw_dictionaries (trained_at, bytes) VALUES (?, ?)",
            arguments: [time.description, Data(bytes)])
        let dictionary = try RawDictionary(id: db.lastInsertedRowID, bytes: bytes)
        // Deltas stay as they are: smaller than any document stored whole.
        for (row, text) in zip(newest, texts) where try RawDocumentCodec.Encoding(row[1]).base == nil {
            let document = RawDocumentCodec.compress(text, with: dictionary)
            for table in ["version_documents", "pending_documents"] {
                try db.cachedStatement(
                    sql: "UPDATE \(table) SET raw_document = ?, raw_encoding = ? WHERE version_id = ?"
                ).execute(arguments: [Data(document.bytes), document.encoding, row[2] as Int64])
            }
        }
        return dictionary
    }

    package func compactRawDocuments(limit: Int) async throws -> DocumentCompactionSummary {
        // Read in one transaction, compressed outside any, written in one.
        let (pending, compacted, initialReader, dictionaryID) = try await writer.read { db in
            // Documents stored whole are compressed with the newest dictionary (another process may
            // have trained it), and the write below checks it is still the newest.
            try adoptNewestDictionary(db)
            let dictionaryID = codec.currentDictionaryID
            // The oldest pending documents, by contract.
            var pending: [Int64: [StoredDocument]] = [:]
            for document in try Row.fetchAll(db, sql: DocumentSQL.oldestPending, arguments: [limit])
                .map(Self.storedDocument)
            {
                let contract = try Int64.fetchOne(
                    db.cachedStatement(
                        sql:
                            "SELECT a.contract_id FROM action_versions v JOIN actions a ON a.id = v.action_id WHERE v.id = ?"
                    ),
                    arguments: [document.versionID])
                guard let contract else { throw StorageError.corruptDocument }
                pending[contract, default: []].append(document)
            }
            // Those contracts' newest compacted documents: the chain of the newest lies within
            // them, and a contract of thousands of modifications is not read whole.
            var compacted: [Int64: [StoredDocument]] = [:]
            for contract in pending.keys {
                let versions = try Int64.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT v.id FROM actions a JOIN action_versions v ON v.action_id = a.id
                            WHERE a.contract_id = ? ORDER BY v.id DESC
                            """),
                    arguments: [contract])
                var newest: [StoredDocument] = []
                for version in versions where newest.count < DocumentCompaction.longestChain {
                    if let row = try Row.fetchOne(
                        db.cachedStatement(
                            sql:
                                "SELECT raw_document, raw_encoding, version_id FROM version_documents WHERE version_id = ?"
                        ),
                        arguments: [version])
                    {
                        newest.append(try Self.storedDocument(row))
                    }
                }
                compacted[contract] = DocumentCompaction.newestChain(of: newest.reversed())
            }
            let all = pending.values.flatMap(\.self) + compacted.values.flatMap(\.self)
            return (pending, compacted, try reader(of: all, in: db), dictionaryID)
        }
        var documentReader = initialReader
        let (rows, summary) = try DocumentCompaction.rows(for: pending, after: compacted, reading: &documentReader)
        guard !rows.isEmpty else { return summary }
        let written = try await writer.write { db in
            // A dictionary trained meanwhile (a new store's first, by the ingest beside this) stored
            // these documents again with it; rows made before it would undo that for good.
            guard try Int64.fetchOne(db, sql: "SELECT max(id) FROM raw_dictionaries") == dictionaryID else {
                return false
            }
            for row in rows {
                // Another process may have compacted the same documents first: its rows stand.
                try db.cachedStatement(
                    sql: """
                        INSERT INTO version_documents (version_id, raw_document, raw_encoding) VALUES (?, ?, ?)
                        ON CONFLICT DO NOTHING
                        """
                ).execute(arguments: [row.versionID, Data(row.bytes), row.encoding])
                try db.cachedStatement(sql: "DELETE FROM pending_documents WHERE version_id = ?")
                    .execute(arguments: [row.versionID])
            }
            return true
        }
        return written ? summary : try await compactRawDocuments(limit: limit)
    }

    /// The documents of rows of (`raw_document`, `raw_encoding`, `version_id`).
    private func documents(_ rows: [Row], in db: Database) throws -> [String] {
        let documents = try rows.map(Self.storedDocument)
        var reader = try reader(of: documents, in: db)
        return try documents.map { try reader.text(of: $0.versionID) }
    }

    /// A reader of `documents` that holds the bases of their deltas, with the dictionaries they
    /// all need registered.
    private func reader(of documents: [StoredDocument], in db: Database) throws -> DocumentReader {
        var reader = DocumentReader(documents, codec: codec)
        try reader.fetchBases { bases in
            try bases.compactMap { base in
                try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT \(DocumentSQL.columns) FROM action_versions v \(DocumentSQL.joins) WHERE v.id = ?
                            """),
                    arguments: [base]
                ).map(Self.storedDocument)
            }
        }
        for id in try codec.missingDictionaries(among: reader.encodings) {
            codec.register(try dictionary(id, in: db))
        }
        return reader
    }

    /// A row of (`raw_document`, `raw_encoding`, `version_id`).
    /// - Throws: ``StorageError/corruptDocument`` for a version without a document.
    private static func storedDocument(_ row: Row) throws -> StoredDocument {
        guard let bytes = row[0] as Data?, let encoding = row[1] as String? else { throw StorageError.corruptDocument }
        return StoredDocument(versionID: row[2], bytes: Array(bytes), encoding: encoding)
    }

    /// The stored dictionary `id`, compiled.
    private func dictionary(_ id: Int64, in db: Database) throws -> RawDictionary {
        guard let bytes = try Data.fetchOne(db, sql: "SELECT bytes FROM raw_dictionaries WHERE id = ?", arguments: [id])
        else { throw StorageError.missingDictionary(id) }
        return try RawDictionary(id: id, bytes: Array(bytes))
    }
}
