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
                        SELECT d.raw_document, d.raw_encoding FROM actions a
                        JOIN action_versions v ON v.action_id = a.id
                        JOIN version_documents d ON d.version_id = v.id
                        WHERE \(ActionKey.matching("a"))
                        ORDER BY v.id
                        """,
                    arguments: key.arguments),
                in: db)
        }
    }

    package func rawDocument(agencyID: String, piid: String, contentHash: String) async throws -> RawDocument? {
        try await writer.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT d.raw_document, d.raw_encoding, s.format FROM actions a
                        JOIN action_versions v ON v.action_id = a.id
                        JOIN version_documents d ON d.version_id = v.id JOIN sources s ON s.id = v.source_id
                        WHERE a.agency_id = ? AND a.piid = ? AND v.content_hash = ?
                        ORDER BY v.id LIMIT 1
                        """,
                    arguments: [agencyID, piid, contentHash]),
                let text = try documents([row], in: db).first
            else { return nil }
            let format: String? = row[2]
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
        // Counts no further than needed, so that a store short of the mark pays little per batch.
        let held =
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM (SELECT 1 FROM version_documents LIMIT ?)",
                arguments: [RawDocumentCodec.trainingDocuments]) ?? 0
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
            db,
            sql:
                "SELECT raw_document, raw_encoding, version_id FROM version_documents ORDER BY version_id DESC LIMIT ?",
            arguments: [RawDocumentCodec.trainingDocuments])
        let texts = try documents(newest, in: db)
        guard let bytes = RawDocumentCodec.train(from: texts) else { return nil }
        try db.execute(
            sql: "INSERT INTO raw_dictionaries (trained_at, bytes) VALUES (?, ?)",
            arguments: [time.description, Data(bytes)])
        let dictionary = try RawDictionary(id: db.lastInsertedRowID, bytes: bytes)
        for (row, text) in zip(newest, texts) {
            let document = RawDocumentCodec.compress(text, with: dictionary)
            try db.cachedStatement(
                sql: "UPDATE version_documents SET raw_document = ?, raw_encoding = ? WHERE version_id = ?"
            ).execute(arguments: [Data(document.bytes), document.encoding, row[2] as Int64])
        }
        return dictionary
    }

    /// The documents of rows of (`raw_document`, `raw_encoding`), loading the dictionaries they need.
    private func documents(_ rows: [Row], in db: Database) throws -> [String] {
        for id in try codec.missingDictionaries(among: rows.map { $0[1] as String }) {
            codec.register(try dictionary(id, in: db))
        }
        return try rows.map { try codec.decompress(Array($0[0] as Data), encoding: $0[1]) }
    }

    /// The stored dictionary `id`, compiled.
    private func dictionary(_ id: Int64, in db: Database) throws -> RawDictionary {
        guard let bytes = try Data.fetchOne(db, sql: "SELECT bytes FROM raw_dictionaries WHERE id = ?", arguments: [id])
        else { throw StorageError.missingDictionary(id) }
        return try RawDictionary(id: id, bytes: Array(bytes))
    }
}
