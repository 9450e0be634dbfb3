import ContractWatchCore
import ContractWatchStorage
import FPDS
import Foundation
import GRDB
import PostgresNIO
import StoreTesting
import TestSupport
import Testing

/// The source documents a store keeps read back byte for byte, whether compressed alone or with
/// a dictionary the store trained from its own documents, in a store from before dictionaries
/// too; and the dictionary makes them several times smaller.
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
        // Given half the samples stored, each document compressed alone
        let location = try await engine.newLocation()
        let store = try await engine.openStore(at: location)
        _ = try await IngestPipeline(store: store).run(paths: Self.halves.first.map(\.path))
        let alone = try #require(try await Self.documentSizes(at: location, engine: engine)["zstd"])

        // When the store trains a dictionary from them
        let dictionary = try #require(try await store.trainRawDocumentDictionary(at: Self.time))

        // Then they are stored again with it, in well under half the bytes
        let encoding = "zstd-dict:\(dictionary)"
        let trained = try await Self.documentSizes(at: location, engine: engine)
        #expect(Set(trained.keys) == [encoding])
        #expect(trained[encoding]?.documents == alone.documents)
        #expect(try #require(trained[encoding]?.bytes) < alone.bytes / 2, "\(alone) \(trained)")

        // and the other half is stored with it, and every version of every action reads back as
        // the file had it
        _ = try await IngestPipeline(store: store).run(paths: Self.halves.second.map(\.path))
        #expect(Set(try await Self.documentSizes(at: location, engine: engine).keys) == [encoding])
        try await Self.expectEveryVersion(in: store)
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
        #expect(Set(try await Self.documentSizes(at: location, engine: engine).keys) == ["zstd-dict:\(dictionary)"])
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
        // under a third of the size
        let encodings = try await Self.documentSizes(at: location, engine: engine)
        let plain = try #require(encodings["zstd"])
        let trained = try #require(encodings["zstd-dict:1"])
        #expect(encodings.count == 2)
        #expect(trained.documents > RawDocumentCodec.trainingDocuments)
        #expect(plain.documents < trained.documents / 2)
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

    /// The number of documents and their stored bytes, by `raw_encoding`.
    static func documentSizes(
        at location: String, engine: StoreEngine
    ) async throws -> [String: (documents: Int, bytes: Int)] {
        let sql =
            "SELECT raw_encoding, count(*), sum(length(raw_document)) FROM version_documents GROUP BY raw_encoding"
        var sizes: [String: (documents: Int, bytes: Int)] = [:]
        switch engine {
        case .sqlite:
            let rows = try DatabaseQueue(path: location).read { db in try Row.fetchAll(db, sql: sql) }
            for row in rows { sizes[row[0]] = (row[1], row[2]) }
        case .postgres:
            guard case .postgres(let postgres) = try StoreLocation(location, environment: [:]) else { return [:] }
            let rows = try await PostgresDatabase(location: postgres).withRunningClient { client in
                var rows: [(String, Int, Int)] = []
                for try await row in try await client.query(PostgresQuery(unsafeSQL: sql)).decode(
                    (String, Int, Int).self)
                {
                    rows.append(row)
                }
                return rows
            }
            for (encoding, documents, bytes) in rows { sizes[encoding] = (documents, bytes) }
        }
        return sizes
    }

    /// Takes the dictionaries' table and its migration out of a store, as an earlier ContractWatch
    /// left it (its documents were all compressed alone, as they are before a dictionary).
    static func undoDictionaryMigration(at location: String, engine: StoreEngine) async throws {
        switch engine {
        case .sqlite:
            try await DatabaseQueue(path: location).write { db in
                try db.execute(sql: "DROP TABLE raw_dictionaries")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = '017-raw-dictionaries'")
            }
        case .postgres:
            guard case .postgres(let postgres) = try StoreLocation(location, environment: [:]) else { return }
            try await PostgresDatabase(location: postgres).withRunningClient { client in
                try await client.query("DROP TABLE raw_dictionaries")
                try await client.query("DELETE FROM schema_migrations WHERE identifier = '004-raw-dictionaries'")
            }
        }
    }
}
