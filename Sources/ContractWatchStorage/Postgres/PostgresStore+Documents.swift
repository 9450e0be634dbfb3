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
                    SELECT \(DocumentSQL.columns) FROM actions a
                    JOIN action_versions v ON v.action_id = a.id \(DocumentSQL.joins)
                    WHERE \(ActionKey.matching("a"))
                    ORDER BY v.id
                    """, key.postgresArguments),
                in: session)
        }
    }

    package func rawDocument(agencyID: String, piid: String, contentHash: String) async throws -> RawDocument? {
        // The store keeps hashes as bytes; what is not a hash names no version.
        guard let hash = ContentHash.bytes(contentHash) else { return nil }
        return try await read { session in
            guard
                let row = try await session.row(
                    """
                    SELECT \(DocumentSQL.columns), s.format FROM actions a
                    JOIN action_versions v ON v.action_id = a.id \(DocumentSQL.joins)
                    JOIN sources s ON s.id = v.source_id
                    WHERE a.agency_id = ? AND a.piid = ? AND v.content_hash = ?
                    ORDER BY v.id LIMIT 1
                    """, [agencyID, piid, hash]),
                let text = try await documents([row], in: session).first
            else { return nil }
            return RawDocument(text: text, format: try row.value(3, as: String?.self).flatMap(SourceFormat.init))
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
        let held =
            try await session.value(
                DocumentSQL.countUpTo, [RawDocumentCodec.trainingDocuments, RawDocumentCodec.trainingDocuments],
                as: Int64.self) ?? 0
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
            DocumentSQL.newest, Array(repeating: RawDocumentCodec.trainingDocuments, count: 3))
        let texts = try await documents(newest, in: session)
        guard let bytes = RawDocumentCodec.train(from: texts) else { return nil }
        guard
            let id = try await session.value(
                "INSERT INTO raw_dictionaries (trained_at, bytes) VALUES (?, ?) RETURNING id",
                [time.description, Data(bytes)], as: Int64.self)
        else { throw PostgresStoreError.missingRow("the new compression dictionary") }
        let dictionary = try RawDictionary(id: id, bytes: bytes)
        // Deltas stay as they are: smaller than any document stored whole.
        let whole = try zip(newest, texts).filter {
            try RawDocumentCodec.Encoding($0.0.value(1, as: String.self)).base == nil
        }
        let versionIDs = try whole.map { try $0.0.value(2, as: Int64.self) }
        let recompressed = whole.map { RawDocumentCodec.compress($0.1, with: dictionary) }
        for table in ["version_documents", "pending_documents"] {
            try await update(table, versionIDs, to: recompressed, in: session)
        }
        return dictionary
    }

    package func compactRawDocuments(limit: Int) async throws -> DocumentCompactionSummary {
        // Read in one transaction, compressed outside any, written in one.
        let (pending, compacted, initialReader, dictionaryID) = try await read {
            session -> ([Int64: [StoredDocument]], [Int64: [StoredDocument]], DocumentReader, Int64?) in
            // Documents stored whole are compressed with the newest dictionary (another process may
            // have trained it), and the write below checks it is still the newest.
            try await adoptNewestDictionary(session)
            let dictionaryID = codec.currentDictionaryID
            let oldest = try await session.rows(DocumentSQL.oldestPending, [limit]).map(Self.storedDocument)
            let versionIDs = oldest.map(\.versionID)
            var contractOf: [Int64: Int64] = [:]
            for row in try await session.rows(
                of: """
                    SELECT v.id, a.contract_id FROM action_versions v JOIN actions a ON a.id = v.action_id
                    WHERE v.id = ANY(\(versionIDs))
                    """)
            {
                contractOf[try row.value(0, as: Int64.self)] = try row.value(1, as: Int64.self)
            }
            // The oldest pending documents, by contract.
            var pending: [Int64: [StoredDocument]] = [:]
            for document in oldest {
                guard let contract = contractOf[document.versionID] else { throw StorageError.corruptDocument }
                pending[contract, default: []].append(document)
            }
            // Those contracts' newest compacted documents: the chain of the newest lies within
            // them, and a contract of thousands of modifications is not read whole.
            let contractIDs = Array(pending.keys)
            var compacted: [Int64: [StoredDocument]] = [:]
            for row in try await session.rows(
                of: """
                    SELECT d.raw_document, d.raw_encoding, d.version_id, newest.contract_id FROM (
                        SELECT v.id, a.contract_id,
                            row_number() OVER (PARTITION BY a.contract_id ORDER BY v.id DESC) AS position
                        FROM actions a JOIN action_versions v ON v.action_id = a.id
                        WHERE a.contract_id = ANY(\(contractIDs))
                            AND EXISTS (SELECT 1 FROM version_documents c WHERE c.version_id = v.id)
                    ) AS newest
                    JOIN version_documents d ON d.version_id = newest.id
                    WHERE newest.position <= \(DocumentCompaction.longestChain)
                    ORDER BY d.version_id
                    """)
            {
                compacted[try row.value(3, as: Int64.self), default: []].append(try Self.storedDocument(row))
            }
            compacted = compacted.mapValues(DocumentCompaction.newestChain)
            let all = oldest + compacted.values.flatMap(\.self)
            return (pending, compacted, try await reader(of: all, in: session), dictionaryID)
        }
        var documentReader = initialReader
        let (rows, summary) = try DocumentCompaction.rows(for: pending, after: compacted, reading: &documentReader)
        guard !rows.isEmpty else { return summary }
        let versionIDs = rows.map(\.versionID)
        let bytesList = rows.map { ByteBuffer(bytes: $0.bytes) }
        let encodings = rows.map(\.encoding)
        let written = try await write { session in
            // A dictionary trained meanwhile (a new store's first, by the ingest beside this) stored
            // these documents again with it; rows made before it would undo that for good. Writers
            // take turns (``write(_:)``), so no training commits between this check and the rows.
            guard
                (try await session.value("SELECT max(id) FROM raw_dictionaries", as: Int64?.self) ?? nil)
                    == dictionaryID
            else { return false }
            // Another process may have compacted the same documents first: its rows stand.
            _ = try await session.execute(
                query: """
                    INSERT INTO version_documents (version_id, raw_document, raw_encoding)
                    SELECT * FROM unnest(\(versionIDs), \(bytesList), \(encodings)) ORDER BY 1
                    ON CONFLICT DO NOTHING
                    """)
            _ = try await session.execute(
                query: "DELETE FROM pending_documents WHERE version_id = ANY(\(versionIDs))")
            return true
        }
        return written ? summary : try await compactRawDocuments(limit: limit)
    }

    /// Stores `documents` as the documents of versions `versionIDs` in `table`, where it holds
    /// them, in one statement: a round trip per document would hold the write lock longer.
    private func update(
        _ table: String, _ versionIDs: [Int64], to documents: [PreparedDocument], in session: PostgresSession
    ) async throws {
        guard !versionIDs.isEmpty else { return }
        let bytesList = documents.map { ByteBuffer(bytes: $0.bytes) }
        let encodings = documents.map(\.encoding)
        _ = try await session.execute(
            query: """
                UPDATE \(unescaped: table) d SET raw_document = n.raw_document, raw_encoding = n.raw_encoding
                FROM unnest(\(versionIDs), \(bytesList), \(encodings)) AS n(version_id, raw_document, raw_encoding)
                WHERE d.version_id = n.version_id
                """)
    }

    /// The documents of rows of (`raw_document`, `raw_encoding`, `version_id`).
    private func documents(_ rows: [PostgresRandomAccessRow], in session: PostgresSession) async throws -> [String] {
        let documents = try rows.map(Self.storedDocument)
        var reader = try await reader(of: documents, in: session)
        return try documents.map { try reader.text(of: $0.versionID) }
    }

    /// A reader of `documents` that holds the bases of their deltas, with the dictionaries they
    /// all need registered.
    private func reader(of documents: [StoredDocument], in session: PostgresSession) async throws -> DocumentReader {
        var reader = DocumentReader(documents, codec: codec)
        try await reader.fetchBases { bases in
            try await session.rows(
                of: """
                    SELECT \(unescaped: DocumentSQL.columns) FROM action_versions v \(unescaped: DocumentSQL.joins)
                    WHERE v.id = ANY(\(bases))
                    """
            ).map(Self.storedDocument)
        }
        for id in try codec.missingDictionaries(among: reader.encodings) {
            codec.register(try await dictionary(id, in: session))
        }
        return reader
    }

    /// A row of (`raw_document`, `raw_encoding`, `version_id`).
    /// - Throws: ``StorageError/corruptDocument`` for a version without a document.
    private static func storedDocument(_ row: PostgresRandomAccessRow) throws -> StoredDocument {
        guard let bytes = try row.value(0, as: Data?.self), let encoding = try row.value(1, as: String?.self) else {
            throw StorageError.corruptDocument
        }
        return StoredDocument(versionID: try row.value(2, as: Int64.self), bytes: Array(bytes), encoding: encoding)
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
