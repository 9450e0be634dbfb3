import ContractWatchCore
import ContractWatchStorage
import FPDS
import Foundation
import GRDB
import PostgresNIO
import StoreTesting
import TestSupport
import Testing

/// The source documents a store keeps read back byte for byte, whether compressed alone, with
/// a dictionary the store trained from its own documents, or as deltas against the document
/// before them in their contract, in a store from before dictionaries or deltas too; and the
/// dictionary and the deltas make them several times smaller.
@Suite(.timeLimit(.minutes(5)))
struct RawDocumentTests {
    /// 2026-12-05T10:00:00Z.
    static let time = Timestamp(utc: FPDSDateTime(year: 2026, month: 12, day: 5, hour: 10))

    /// Every sample file, in two interleaved halves: the first is stored before the store has a
    /// dictionary, the second with the one trained from the first.
    static let halves: (first: [URL], second: [URL]) = {
        let files = TestData.xmlFiles(under: TestData.samples)
        return (
            files.enumerated().filter { $0.offset.isMultiple(of: 2) }.map(\.element),
            files.enumerated().filter { !$0.offset.isMultiple(of: 2) }.map(\.element)
        )
    }()

    @Test(arguments: StoreEngine.available)
    func everyVersionOfEverySampleReadsBackByteForByte(engine: StoreEngine) async throws {
        // Given half the samples stored, each contract's first document compressed alone and the
        // rest as deltas
        let location = try await engine.newLocation()
        let store = try await engine.openStore(at: location)
        _ = try await IngestPipeline(store: store).run(paths: Self.halves.first.map(\.path))
        let beforeTraining = try await Self.documentSizes(at: location, engine: engine)
        #expect(Set(beforeTraining.keys) == ["zstd", "zstd-ref"])
        let alone = try #require(beforeTraining["zstd"])

        // When the store trains a dictionary from them
        let dictionary = try #require(try await store.trainRawDocumentDictionary(at: Self.time))

        // Then those stored whole are stored again with it, in well under half the bytes, and the
        // deltas are left as they were
        let encoding = "zstd-dict:\(dictionary)"
        let trained = try await Self.documentSizes(at: location, engine: engine)
        #expect(Set(trained.keys) == [encoding, "zstd-ref"])
        #expect(trained[encoding]?.documents == alone.documents)
        #expect(try #require(trained[encoding]?.bytes) < alone.bytes / 2, "\(alone) \(trained)")
        #expect(trained["zstd-ref"]?.bytes == beforeTraining["zstd-ref"]?.bytes)

        // and the other half is stored with it, then as deltas where a contract has an earlier
        // document, each at under half the size with the dictionary; and every version of every
        // action reads back as the file had it
        _ = try await IngestPipeline(store: store).run(paths: Self.halves.second.map(\.path))
        let sizes = try await Self.documentSizes(at: location, engine: engine)
        #expect(Set(sizes.keys) == [encoding, "zstd-ref"])
        let whole = try #require(sizes[encoding])
        let deltas = try #require(sizes["zstd-ref"])
        #expect(deltas.bytes * whole.documents < whole.bytes * deltas.documents / 2, "\(sizes)")
        try await Self.expectEveryVersion(in: store)
        #expect(try await Self.longestChain(at: location, engine: engine) == DocumentCompaction.longestChain)
    }

    @Test(arguments: StoreEngine.available)
    func aStoreFromBeforeDeltasIsCompactedAfterMigrationAsIngestDoes(engine: StoreEngine) async throws {
        // Given the samples ingested, and their deltas then stored whole as a ContractWatch from
        // before deltas left them, without the migration that sets documents aside to compact
        let location = try await engine.newLocation()
        let store = try await engine.openStore(at: location)
        _ = try await IngestPipeline(store: store).run(paths: TestData.xmlFiles(under: TestData.samples).map(\.path))
        let compacted = try await Self.documentSizes(at: location, engine: engine)
        let deltas = try #require(compacted["zstd-ref"]?.documents)
        try await Self.storeDeltasWhole(of: store, at: location, engine: engine)

        // When this ContractWatch opens it (migrating it: every document waits to be compacted)
        // and compacts what waits
        let reopened = try await engine.openStore(at: location)
        #expect(Set(try await Self.documentSizes(at: location, engine: engine).keys) == ["pending zstd"])
        let summary = try await AfterWrite.compactDocuments(in: reopened)

        // Then every document is compacted once, into exactly the bytes ingest made, and every
        // version reads back byte for byte
        #expect(summary.documents == compacted.values.reduce(0) { $0 + $1.documents })
        #expect(summary.deltas == deltas)
        #expect(summary.bytesAfter < summary.bytesBefore / 2, "\(summary)")
        #expect(try await AfterWrite.compactDocuments(in: reopened).documents == 0)
        let sizes = try await Self.documentSizes(at: location, engine: engine)
        #expect(sizes.mapValues { [$0.documents, $0.bytes] } == compacted.mapValues { [$0.documents, $0.bytes] })
        try await Self.expectEveryVersion(in: reopened)
    }

    @Test(arguments: StoreEngine.available)
    func documentsWaitingToBeCompactedReadBackAndCompactAsIngestCompactsThem(engine: StoreEngine) async throws {
        // Given the samples stored by a writer that did not compact them (a run killed after its
        // writes): every document waits, stored whole
        let location = try await engine.newLocation()
        let store = try await engine.openStore(at: location)
        for file in TestData.xmlFiles(under: TestData.samples) {
            let (results, _) = FPDSParser().parseAll(try Data(contentsOf: file), file: file.path)
            var records: [IngestRecord] = []
            for case .success(let entry) in results {
                records.append(IngestPipeline.record(from: entry, source: file.path))
            }
            _ = try await store.ingest(IngestBatch(records: records, seenAt: Self.time))
        }
        let waiting = try await Self.documentSizes(at: location, engine: engine)
        #expect(Set(waiting.keys) == ["pending zstd"])

        // Then every version reads back as the file had it
        try await Self.expectEveryVersion(in: store)

        // and once compacted, the documents are what ingest makes of the same files, and still
        // read back
        let summary = try await AfterWrite.compactDocuments(in: store)
        #expect(summary.documents == waiting["pending zstd"]?.documents)
        let ingested = try await engine.newLocation()
        _ = try await IngestPipeline(store: try await engine.openStore(at: ingested))
            .run(paths: TestData.xmlFiles(under: TestData.samples).map(\.path))
        let sizes = try await Self.documentSizes(at: location, engine: engine)
        #expect(Set(sizes.keys) == ["zstd", "zstd-ref"])
        #expect(
            sizes.mapValues { [$0.documents, $0.bytes] }
                == (try await Self.documentSizes(at: ingested, engine: engine)).mapValues { [$0.documents, $0.bytes] })
        try await Self.expectEveryVersion(in: store)
    }

    @Test
    func aDeltaReadWithTheWrongBaseFailsItsChecksum() throws {
        // Given a sample entry stored as a delta against another
        let texts = try Self.sampleEntries(3)
        #expect(Set(texts).count == 3)
        let delta = RawDocumentCodec.compress(texts[1], against: texts[0], baseID: 7)
        #expect(delta.encoding == "zstd-ref:7")
        let codec = RawDocumentCodec()

        // Then it reads back with its base, and is refused with another, or none
        #expect(try codec.decompress(delta.bytes, encoding: delta.encoding, base: texts[0]) == texts[1])
        #expect(throws: StorageError.self) {
            try codec.decompress(delta.bytes, encoding: delta.encoding, base: texts[2])
        }
        #expect(throws: StorageError.self) { try codec.decompress(delta.bytes, encoding: delta.encoding) }
    }

    @Test(arguments: StoreEngine.available)
    func aStoreFromBeforeDictionariesReadsItsDocumentsAndTrainsOne(engine: StoreEngine) async throws {
        // Given a store whose documents were all stored before dictionaries, as an earlier
        // ContractWatch left it: without the migration that adds them
        let location = try await engine.newLocation()
        _ = try await IngestPipeline(store: try await engine.openStore(at: location))
            .run(paths: Self.halves.first.map(\.path))
        try await Self.undoDictionaryMigration(at: location, engine: engine)

        // When the store is opened by this ContractWatch, its documents read as they did
        let store = try await engine.openStore(at: location)
        try await Self.expectEveryVersion(of: Self.halves.first, in: store)

        // and it trains a dictionary and goes on with it
        let dictionary = try #require(try await store.trainRawDocumentDictionary(at: Self.time))
        _ = try await IngestPipeline(store: store).run(paths: Self.halves.second.map(\.path))
        #expect(
            Set(try await Self.documentSizes(at: location, engine: engine).keys) == [
                "zstd-dict:\(dictionary)", "zstd-ref",
            ])
        try await Self.expectEveryVersion(in: store)
    }

    @Test(
        .enabled(if: TestData.sharedData != nil, "../shared/data is not present beside this checkout"),
        arguments: StoreEngine.available)
    func aStoreTrainsItsFirstDictionaryOnceItHoldsEnoughDocuments(engine: StoreEngine) async throws {
        // Given the shared corpus (about 3,600 real actions) ingested into a new store
        let files = TestData.xmlFiles(under: try #require(TestData.sharedData))
        let location = try await engine.newLocation()
        let store = try await engine.openStore(at: location)
        _ = try await IngestPipeline(store: store).run(paths: files.map(\.path))

        // Then the store trained a dictionary on reaching 2,000 documents, stored those again with
        // it and went on with it (but for the documents compressed before it was trained), at
        // under a third of the size; and stored the rest of each contract's documents as deltas
        let encodings = try await Self.documentSizes(at: location, engine: engine)
        let plain = try #require(encodings["zstd"])
        let trained = try #require(encodings["zstd-dict:1"])
        #expect(Set(encodings.keys) == ["zstd", "zstd-dict:1", "zstd-ref"])
        #expect(trained.documents > plain.documents, "\(encodings)")
        #expect(trained.bytes * plain.documents < plain.bytes * trained.documents / 3, "\(encodings)")
        try await Self.expectEveryVersion(of: files, in: store)
    }

    // MARK: - Helpers

    /// Every action of every file holds one document per distinct version (content hash) the
    /// files give it, each exactly the text of an entry of that action in the files.
    static func expectEveryVersion(
        of files: [URL] = TestData.xmlFiles(under: TestData.samples), in store: any RecordStore
    ) async throws {
        var expected: [ActionKey: [String: Set<String>]] = [:]
        for file in files {
            let (results, _) = FPDSParser().parseAll(try Data(contentsOf: file), file: file.path)
            for case .success(let entry) in results {
                let record = IngestPipeline.record(from: entry, source: file.path)
                expected[record.action.key, default: [:]][record.contentHash, default: []].insert(record.rawDocument)
            }
        }
        #expect(expected.count > 400)
        var documents = 0
        for (key, versions) in expected {
            let stored = try await store.rawDocuments(of: key)
            documents += stored.count
            #expect(stored.count == versions.count, "\(key)")
            for version in versions.values {
                #expect(stored.contains(where: version.contains), "\(key): a version's document does not read back")
            }
        }
        #expect(documents >= expected.count)
    }

    /// The first `count` distinct entries of the samples, as read.
    static func sampleEntries(_ count: Int) throws -> [String] {
        var texts: [String] = []
        for file in TestData.xmlFiles(under: TestData.samples) where texts.count < count {
            let (results, _) = FPDSParser().parseAll(try Data(contentsOf: file), file: file.path)
            for case .success(let entry) in results where texts.count < count {
                let text = IngestPipeline.record(from: entry, source: file.path).rawDocument
                if !texts.contains(text) { texts.append(text) }
            }
        }
        return texts
    }

    /// The most documents read to reach any one stored, following each delta to its base.
    static func longestChain(at location: String, engine: StoreEngine) async throws -> Int {
        var bases: [String: String] = [:]
        for row in try await rows(
            "SELECT CAST(version_id AS TEXT), raw_encoding FROM version_documents", at: location, engine: engine)
        where row[1].hasPrefix("zstd-ref:") {
            bases[row[0]] = String(row[1].dropFirst("zstd-ref:".count))
        }
        return bases.keys.map { version in
            var length = 1
            var next = bases[version]
            while let base = next {
                length += 1
                next = bases[base]
            }
            return length
        }.max() ?? 1
    }

    /// Stores every delta whole again (compressed alone) and takes the table of documents waiting
    /// to be compacted out with its migration, as a ContractWatch from before deltas left the store.
    static func storeDeltasWhole(of store: any RecordStore, at location: String, engine: StoreEngine) async throws {
        // Every version of each action that has a delta, the action's key first.
        let versions = try await rows(
            """
            SELECT a.kind, a.agency_id, a.piid, a.mod_number, a.transaction_number, a.idv_agency_id, a.idv_piid,
                CAST(v.id AS TEXT)
            FROM actions a JOIN action_versions v ON v.action_id = a.id
            WHERE a.id IN (
                SELECT w.action_id FROM action_versions w JOIN version_documents d ON d.version_id = w.id
                WHERE d.raw_encoding LIKE 'zstd-ref:%')
            ORDER BY a.id, v.id
            """, at: location, engine: engine)
        var statements: [String] = []
        for (_, rows) in Dictionary(grouping: versions, by: { Array($0.prefix(7)) }) {
            let key = rows[0]
            let action = ActionKey(
                kind: try #require(FPDSRecord.Kind(rawValue: key[0])), agencyID: key[1], piid: key[2],
                modNumber: key[3], transactionNumber: key[4], idvAgencyID: key[5], idvPIID: key[6])
            let texts = try await store.rawDocuments(of: action)
            #expect(texts.count == rows.count, "\(action)")
            for (row, text) in zip(rows, texts) {
                let hex = RawDocumentCodec().compress(text).bytes.map { String(format: "%02x", $0) }.joined()
                let blob = engine == .sqlite ? "X'\(hex)'" : "'\\x\(hex)'::bytea"
                statements.append(
                    "UPDATE version_documents SET raw_document = \(blob), raw_encoding = 'zstd' WHERE version_id = \(row[7])"
                )
            }
        }
        let migration =
            engine == .sqlite
            ? "grdb_migrations WHERE identifier = '028-pending-documents'"
            : "schema_migrations WHERE identifier = '015-pending-documents'"
        statements += ["DROP TABLE pending_documents", "DELETE FROM \(migration)"]
        try await execute(statements, at: location, engine: engine)
    }

    /// The number of documents and their stored bytes, by `raw_encoding` (deltas together, as
    /// `zstd-ref`; those waiting to be compacted as `pending <encoding>`).
    static func documentSizes(
        at location: String, engine: StoreEngine
    ) async throws -> [String: (documents: Int, bytes: Int)] {
        let sql = """
            SELECT CASE WHEN raw_encoding LIKE 'zstd-ref:%' THEN 'zstd-ref' ELSE raw_encoding END AS encoding,
                CAST(count(*) AS TEXT), CAST(sum(length(raw_document)) AS TEXT)
            FROM version_documents GROUP BY 1
            UNION ALL
            SELECT 'pending ' || raw_encoding, CAST(count(*) AS TEXT), CAST(sum(length(raw_document)) AS TEXT)
            FROM pending_documents GROUP BY raw_encoding
            """
        var sizes: [String: (documents: Int, bytes: Int)] = [:]
        for row in try await rows(sql, at: location, engine: engine) {
            sizes[row[0]] = (try #require(Int(row[1])), try #require(Int(row[2])))
        }
        return sizes
    }

    /// The rows `sql` selects, every column text.
    static func rows(_ sql: String, at location: String, engine: StoreEngine) async throws -> [[String]] {
        switch engine {
        case .sqlite:
            return try await DatabaseQueue(path: location).read { db in
                try Row.fetchAll(db, sql: sql).map { row in
                    row.databaseValues.map { String.fromDatabaseValue($0) ?? "" }
                }
            }
        case .postgres:
            guard case .postgres(let postgres) = try StoreLocation(location, environment: [:]) else { return [] }
            return try await PostgresDatabase(location: postgres).withRunningClient { client in
                var rows: [[String]] = []
                for try await row in try await client.query(PostgresQuery(unsafeSQL: sql)) {
                    rows.append(try row.makeRandomAccess().map { try $0.decode(String.self) })
                }
                return rows
            }
        }
    }

    /// Runs `statements`, in order.
    static func execute(_ statements: [String], at location: String, engine: StoreEngine) async throws {
        switch engine {
        case .sqlite:
            try await DatabaseQueue(path: location).write { db in
                for statement in statements { try db.execute(sql: statement) }
            }
        case .postgres:
            guard case .postgres(let postgres) = try StoreLocation(location, environment: [:]) else { return }
            try await PostgresDatabase(location: postgres).withRunningClient { client in
                for statement in statements { try await client.query(PostgresQuery(unsafeSQL: statement)) }
            }
        }
    }

    /// Takes the dictionaries' table and its migration out of a store, as an earlier ContractWatch
    /// left it (its documents were all compressed alone, as they are before a dictionary).
    static func undoDictionaryMigration(at location: String, engine: StoreEngine) async throws {
        let migration =
            engine == .sqlite
            ? "grdb_migrations WHERE identifier = '017-raw-dictionaries'"
            : "schema_migrations WHERE identifier = '004-raw-dictionaries'"
        try await execute(["DROP TABLE raw_dictionaries", "DELETE FROM \(migration)"], at: location, engine: engine)
    }
}
