import ContractWatchCore
import ContractWatchStorage
import FeedReplay
import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `contractwatch sync` as a process: killed mid-sync with SIGKILL and run again, against real
/// feed pages replayed on loopback.
@Suite(.timeLimit(.minutes(3)))
struct SyncCommandTests {
    static let directory = TestData.sample("fpds/kenosa-atom-harvest/N0001915D0003__7dce87dd6b44")
    static let query = "PIID:\"N0001915D0003\""

    /// Every version of every action, as key and content hash.
    private func versions(_ store: any RecordStore) async throws -> [String] {
        let rows = Mutex<[String]>([])
        try await store.forEachAction(allVersions: true) { stored in
            rows.withLock { $0.append("\(stored.action.key) \(stored.contentHash)") }
        }
        return rows.withLock { $0 }.sorted()
    }

    @Test func aKilledSyncResumesAtTheFirstPageItHadNotStored() async throws {
        let (workspace, db) = try CLIRunner.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let configuration = FeedReplayServer.Configuration(
            recorded: [RecordedQuery(query: Self.query, directory: Self.directory)],
            faults: [.init(.delay(.milliseconds(400)), times: nil)])
        try await FeedReplayServer.withServer(configuration) { server in
            let arguments = [
                "sync", "--db", db, "--feed-url", server.feedURL, "--query", Self.query, "--concurrency", "1",
                "--retry-wait", "0.01",
            ]
            // Given a sync killed with SIGKILL once it has stored a few of the seven pages
            let (process, _, _) = try CLIRunner.start(arguments, in: workspace)
            let key = SyncWindowKey(
                source: "fpds", endpoint: "\(server.feedURL)?FEEDNAME=PUBLIC", query: Self.query, from: nil, to: nil)
            var stored: [Int: Int] = [:]
            let deadline = Date().addingTimeInterval(60)
            while stored.count < 3 && process.isRunning && Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
                if FileManager.default.fileExists(atPath: db) {
                    stored = try await SQLiteStore(path: db).syncWindow(key, at: .now).pagesDone
                }
            }
            #expect(process.isRunning, "the sync finished before it could be killed")
            kill(process.processIdentifier, SIGKILL)
            await process.waitForExit()
            stored = try await SQLiteStore(path: db).syncWindow(key, at: .now).pagesDone
            #expect((3..<7).contains(stored.count), "pages stored before the kill: \(stored.keys.sorted())")

            // When it is run again
            server.removeAllFaults()
            server.removeAllRequests()
            let resumed = try await CLIRunner.run(arguments, in: workspace)
            #expect(resumed.status == 0, "\(resumed.stderr)")

            // Then it fetched only the pages it had not stored (and page 0 and the last page again, to
            // check the result did not change while it was paged)
            let fetched = server.requests.compactMap(\.start)
            let refetched = Set(fetched).intersection(stored.keys).subtracting([0, 60])
            #expect(refetched.isEmpty, "fetched again: \(fetched)")
            // and the store holds every entry once, exactly as ingesting the pages from disk does
            let store = try SQLiteStore(path: db)
            let reference = try SQLiteStore.inMemory()
            _ = try await IngestPipeline(store: reference).run(paths: [Self.directory.path])
            #expect(try await versions(store) == (try await versions(reference)))
            #expect(try await store.contractsNeedingClassification().isEmpty)
            #expect(try await store.events(EventQuery()).count == (try await reference.events(EventQuery())).count)

            // and a third run adds nothing
            let again = try await CLIRunner.run(arguments, in: workspace)
            #expect(again.status == 0)
            #expect(
                again.stdout.contains("new actions    0") && again.stdout.contains("new versions   0"),
                "\(again.stdout)")
        }
    }

    @Test func badUsageIsExplainedWithExitStatusTwo() async throws {
        let (workspace, db) = try CLIRunner.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let noKey = try await CLIRunner.run(
            ["sync", "--db", db, "--source", "sam"], environment: ["CONTRACTWATCH_SAM_API_KEY": ""], in: workspace)
        #expect(noKey.status == 2)
        #expect(noKey.stderr.contains("CONTRACTWATCH_SAM_API_KEY"), "\(noKey.stderr)")

        let badQuery = try await CLIRunner.run(["sync", "--db", db, "--query", "PIDD:\"X\""], in: workspace)
        #expect(badQuery.status == 2)
        #expect(badQuery.stderr.contains("PIDD is not a field of the FPDS feed"), "\(badQuery.stderr)")

        let badDate = try await CLIRunner.run(["sync", "--db", db, "--since", "2025/08/30"], in: workspace)
        #expect(badDate.status == 2)
        #expect(badDate.stderr.contains("--since must be a date written YYYY-MM-DD"), "\(badDate.stderr)")
    }

    @Test func serveSyncsOnItsIntervalAndReportsItOnHealthAndStatus() async throws {
        let (workspace, db) = try CLIRunner.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let configuration = FeedReplayServer.Configuration(
            recorded: [RecordedQuery(query: Self.query, directory: Self.directory)],
            faults: [.init(.status(502), on: .feedPage(start: 30))])
        try await FeedReplayServer.withServer(configuration) { server in
            let port = try Self.freePort()
            let (process, _, stderr) = try CLIRunner.start(
                [
                    "serve", "--db", db, "--port", String(port), "--sync-every", "6h", "--feed-url", server.feedURL,
                    "--query", Self.query, "--retry-wait", "0.01",
                ], in: workspace)
            defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

            // The first sync runs at start; /healthz shows it once it has finished.
            var sync: [String: Any] = [:]
            let deadline = Date().addingTimeInterval(90)
            while sync["outcome"] as? String != "succeeded" && process.isRunning && Date() < deadline {
                try await Task.sleep(for: .milliseconds(200))
                if let health = try? await Self.json("http://127.0.0.1:\(port)/healthz") {
                    sync = health["sync"] as? [String: Any] ?? [:]
                }
            }
            #expect(
                sync["outcome"] as? String == "succeeded", "\((try? String(contentsOf: stderr, encoding: .utf8)) ?? "")"
            )
            let reference = try SQLiteStore.inMemory()
            _ = try await IngestPipeline(store: reference).run(paths: [Self.directory.path])
            #expect(sync["newActions"] as? Int == (try await reference.statistics()).actions)
            let events = try await Self.json("http://127.0.0.1:\(port)/api/events?limit=5")
            let first = try #require((events["events"] as? [[String: Any]])?.first)
            #expect(first["detectionLatencySeconds"] is Int)

            let (page, _) = try await URLSession.shared.data(
                from: try #require(URL(string: "http://127.0.0.1:\(port)/status")))
            let html = String(decoding: page, as: UTF8.self)
            #expect(html.contains("<h1>Status: ok</h1>") && html.contains("succeeded"))
            #expect(html.contains("PIID:&quot;N0001915D0003&quot;"))

            // SIGTERM stops the server and the sync service cleanly.
            kill(process.processIdentifier, SIGTERM)
            await process.waitForExit()
            #expect(process.terminationStatus == 0)
            let log = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
            #expect(log.contains("sync finished"), "\(log)")
        }
    }

    static func json(_ url: String) async throws -> [String: Any] {
        let (data, _) = try await URLSession.shared.data(from: try #require(URL(string: url)))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// A loopback port nothing listens on: bound to 0, read back, released.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
