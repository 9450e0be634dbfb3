import ContractAwards
package import ContractWatchCore
import Foundation
import NIOCore
import PostgresNIO

/// The raw documents: read back byte for byte, and the dictionaries they are compressed with.
extension PostgresStore {
    /// The stored source document of every version of one action, oldest first.
    /// - Returns: The documents, byte for byte as read.
    /// - Throws: ``StorageError`` if one does not read, or the server's error.
    package func rawDocuments(of key: ActionKey) async throws -> [String] {
        try await read { session in
            try await documents(
                session.rows(
                    """
                    SELECT d.raw_document, d.raw_encoding FROM actions a
                    JOIN action_versions v ON v.action_id = a.id
                    JOIN version_documents d ON d.version_id = v.id
                    WHERE \(ActionKey.matching("a"))
                    ORDER BY v.id
                    """, key.postgresArguments),
                in: session)
        }
    }

    package func rawDocument(agencyID: String, piid: String, contentHash: String) async throws -> RawDocument? {
        try await read { session in
            guard
                let row = try await session.row(
                    """
                    SELECT d.raw_document, d.raw_encoding, s.format FROM actions a
                    JOIN action_versions v ON v.action_id = a.id
                    JOIN version_documents d ON d.version_id = v.id JOIN sources s ON s.id = v.source_id
                    WHERE a.agency_id = ? AND a.piid = ? AND v.content_hash = ?
                    ORDER BY v.id LIMIT 1
                    """, [agencyID, piid, contentHash]),
                let text = try await documents([row], in: session).first
            else { return nil }
            return RawDocument(text: text, format: try row.value(2, as: String?.self).flatMap(SourceFormat.init))
        }
    }

    /// Trains a compression dictionary from the store's newest documents and compresses the
    /// documents stored from now on with it; those stored before keep theirs.
    /// - Parameter time: Now, recorded as when it was trained.
    /// - Returns: The new dictionary's id, or nil when the store holds too little to train one.
    /// - Throws: ``StorageError`` if a stored document does not read, or the server's error.
    package func trainRawDocumentDictionary(at time: Timestamp) async throws -> Int64? {
        let trained = try await write { session in try await trainDictionary(session, at: time) }
        if let trained { codec.adopt(trained) }
        return trained?.id
    }

    /// Makes the newest stored dictionary the codec's current one, if it is not already.
    func adoptNewestDictionary(_ session: PostgresSession) async throws {
        guard let newest = try await session.value("SELECT max(id) FROM raw_dictionaries", as: Int64?.self) ?? nil,
            newest != codec.currentDictionaryID
        else { return }
        codec.adopt(try await dictionary(newest, in: session))
    }

    /// Trains the store's first dictionary once it holds ``RawDocumentCodec/trainingDocuments``
    /// documents; nil while it has too few or already has one, or when they give none.
    func trainFirstDictionaryIfDue(_ session: PostgresSession, at time: Timestamp) async throws -> RawDictionary? {
        guard codec.wantsFirstDictionary else { return nil }
        // Counts no further than needed, so that a store short of the mark pays little per batch.
        let held =
            try await session.value(
                "SELECT count(*) FROM (SELECT 1 FROM version_documents LIMIT ?) AS held",
                [RawDocumentCodec.trainingDocuments], as: Int64.self) ?? 0
        guard held >= RawDocumentCodec.trainingDocuments else { return nil }
        guard let trained = try await trainDictionary(session, at: time) else {
            codec.noteTrainingFailed()
            return nil
        }
        return trained
    }

    /// Trains a dictionary from the newest documents and stores it, in the caller's transaction,
    /// and stores those documents again with it: a store's first documents would otherwise stay
    /// four times the size of the rest for good.
    private func trainDictionary(_ session: PostgresSession, at time: Timestamp) async throws -> RawDictionary? {
        let newest = try await session.rows(
            "SELECT raw_document, raw_encoding, version_id FROM version_documents ORDER BY version_id DESC LIMIT ?",
            [RawDocumentCodec.trainingDocuments])
        let texts = try await documents(newest, in: session)
        guard let bytes = RawDocumentCodec.train(from: texts) else { return nil }
        guard
            let id = try await session.value(
                "INSERT INTO raw_dictionaries (trained_at, bytes) VALUES (?, ?) RETURNING id",
                [time.description, Data(bytes)], as: Int64.self)
        else { throw PostgresStoreError.missingRow("the new compression dictionary") }
        let dictionary = try RawDictionary(id: id, bytes: bytes)
        let versionIDs = try newest.map { try $0.value(2, as: Int64.self) }
        let recompressed = texts.map { RawDocumentCodec.compress($0, with: dictionary) }
        let bytesList = recompressed.map { ByteBuffer(bytes: $0.bytes) }
        let encodings = recompressed.map(\.encoding)
        // One statement for them all: a round trip per document would hold the write lock longer.
        _ = try await session.execute(
            query: """
                UPDATE version_documents d SET raw_document = n.raw_document, raw_encoding = n.raw_encoding
                FROM unnest(\(versionIDs), \(bytesList), \(encodings)) AS n(version_id, raw_document, raw_encoding)
                WHERE d.version_id = n.version_id
                """)
        return dictionary
    }

    /// The documents of rows of (`raw_document`, `raw_encoding`), loading the dictionaries they need.
    private func documents(_ rows: [PostgresRandomAccessRow], in session: PostgresSession) async throws -> [String] {
        let rows = try rows.map { (bytes: try $0.value(0, as: Data.self), encoding: try $0.value(1, as: String.self)) }
        for id in try codec.missingDictionaries(among: rows.map(\.encoding)) {
            codec.register(try await dictionary(id, in: session))
        }
        return try rows.map { try codec.decompress(Array($0.bytes), encoding: $0.encoding) }
    }

    /// The stored dictionary `id`, compiled.
    private func dictionary(_ id: Int64, in session: PostgresSession) async throws -> RawDictionary {
        guard
            let bytes = try await session.value(
                "SELECT bytes FROM raw_dictionaries WHERE id = ?", [id], as: Data.self)
        else { throw StorageError.missingDictionary(id) }
        return try RawDictionary(id: id, bytes: Array(bytes))
    }
}
