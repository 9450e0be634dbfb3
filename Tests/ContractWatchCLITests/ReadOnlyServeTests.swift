import Foundation
import Glibc
import StoreTesting
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `serve --read-only` for readers: on PostgreSQL under a role that may only `SELECT`, as a
/// newsroom runs its public server beside the one that ingests.
@Suite(.timeLimit(.minutes(3)))
struct ReadOnlyServeTests {
    @Test(arguments: StoreEngine.available)
    func aReadOnlyServerAnswersReadsAndRefusesWrites(engine: StoreEngine) async throws {
        // Given a store of the Paragon case, and a token that could write to it
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try await engine.newLocation()
        let ingest = try await CLIRunner.run(
            ["ingest", "--db", db, TestData.sample("reconstructed").path], in: directory)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let token = try await CLIRunner.run(["token", "create", "--db", db, "editor"], in: directory)
        let secret = token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let reader = engine == .postgres ? try await StoreEngine.readOnlyURL(for: db) : db

        // When it is served read-only, by a role that may only read
        let port = try SyncCommandTests.freePort()
        let (server, _, log) = try CLIRunner.start(
            ["serve", "--db", reader, "--port", String(port), "--read-only"], in: directory)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let base = "http://127.0.0.1:\(port)"
        var health: [String: Any]?
        let deadline = Date().addingTimeInterval(60)
        while health == nil && server.isRunning && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            health = try? await SyncCommandTests.json("\(base)/healthz")
        }
        let started = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        try #require(health != nil, "\(started)")

        // Then searches, contracts and feeds answer
        let search = try await SyncCommandTests.json("\(base)/api/search?q=%22stop+work%22")
        #expect((search["actions"] as? [[String: Any]])?.isEmpty == false)
        let (feed, feedResponse) = try await URLSession.shared.data(
            from: try #require(URL(string: "\(base)/feeds/events.atom")))
        #expect((feedResponse as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: feed, as: UTF8.self).contains("<feed"))

        // and a write, even with a valid token, is refused with 405 and a reason
        var request = URLRequest(url: try #require(URL(string: "\(base)/api/watchlists/desk")))
        request.httpMethod = "PUT"
        request.setValue("Bearer \(secret)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"name": "desk", "entries": []}"#.utf8)
        let (body, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 405)
        #expect(String(decoding: body, as: UTF8.self).contains("read-only"))

        kill(server.processIdentifier, SIGTERM)
        await server.waitForExit()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(server.terminationStatus == 0, "\(output)")
        #expect(!output.contains("permission denied"), "\(output)")
        if let password = URLComponents(string: reader)?.password { #expect(!output.contains(password)) }
    }
}
