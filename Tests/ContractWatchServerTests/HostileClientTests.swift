import ContractWatchCore
import ContractWatchServer
import ContractWatchStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport
import Testing

/// The server over real HTTP against clients that do not play fair: huge chunked bodies, slow
/// request lines, forged `Host` and `X-Forwarded-For`, webhooks aimed inside the network.
@Suite(.timeLimit(.minutes(3)))
struct HostileClientTests {
    private static func token(_ name: String) async throws -> String {
        let secret = APIToken.generate()
        try await SampleServer.store.value.saveToken(
            name: name, secretHash: APIToken.hash(secret), at: try #require(Timestamp("2026-11-25T00:00:00Z")))
        return secret
    }

    // MARK: - Bodies

    @Test func aTenMegabyteChunkedBodyWithAValidTokenIs413AndTheServerCarriesOn() async throws {
        let secret = try await Self.token("big-body")
        try await SampleServer.withServer { client in
            let port = try #require(client.port)
            // Given a token holder who streams 10 MB in 64 KiB chunks with no Content-Length
            let response = try await RawConnection.off { () -> (bytes: [UInt8], sent: Int) in
                let connection = try RawConnection(port: port)
                _ = connection.send(
                    "PUT /api/watchlists/huge HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(secret)\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                let chunk = Array("10000\r\n".utf8) + [UInt8](repeating: 0x20, count: 65_536) + Array("\r\n".utf8)
                var sent = 0
                // Until the server answers (it should, long before the end) or stops reading.
                while sent < 10 << 20, !connection.isReadable(timeout: 0), connection.send(chunk) {
                    sent += 65_536
                }
                if sent >= 10 << 20 { _ = connection.send("0\r\n\r\n") }
                return (connection.readUntilClosed(timeout: 10).bytes, sent)
            }
            // Then the answer is 413, well before the whole body was sent
            let answer = try #require(RawResponse(response.bytes), "no response after \(response.sent) bytes")
            #expect(answer.status == 413, "\(answer.head)")
            #expect(answer.body.contains("over 1048576 bytes"))
            #expect(response.sent < 10 << 20)
            // and the server still answers everyone else
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    // MARK: - Slow clients

    @Test func slowRequestLinesAreClosedWithinTheHeaderTimeout() async throws {
        // Header timeout 1 s; idle timeout 30 s, so only the header timeout can close them.
        let configuration = ServerConfiguration(port: 0, headerTimeout: .seconds(1), idleTimeout: .seconds(30))
        try await SampleServer.withServer(configuration) { client in
            let port = try #require(client.port)
            // Given 200 connections that send part of a request line and then nothing, and one
            // that trickles a byte every 100 ms (bytes must not reset the clock)
            let closedAfter = try await RawConnection.off { () -> [Double] in
                let started = Date()
                let connections = try (0..<200).map { index in
                    let connection = try RawConnection(port: port)
                    _ = connection.send(index.isMultiple(of: 2) ? "GET /healthz HT" : "GET /api/search?q=")
                    return connection
                }
                let trickler = try RawConnection(port: port)
                var closed = [Double?](repeating: nil, count: connections.count + 1)
                var trickled = 0
                let request = Array(
                    "GET /healthz HTTP/1.1\r\nHost: slow\r\nX-Padding: \(String(repeating: "a", count: 200))".utf8)
                while Date().timeIntervalSince(started) < 25, closed.contains(where: { $0 == nil }) {
                    if closed[connections.count] == nil, trickled < request.count {
                        if !trickler.send([request[trickled]], timeout: 0.05) {
                            closed[connections.count] = Date().timeIntervalSince(started)
                        }
                        trickled += 1
                    }
                    for (index, connection) in (connections + [trickler]).enumerated() where closed[index] == nil {
                        if connection.isReadable(timeout: 0), connection.readUntilClosed(timeout: 0.01).closed {
                            closed[index] = Date().timeIntervalSince(started)
                        }
                    }
                    Thread.sleep(forTimeInterval: 0.1)
                }
                return closed.map { $0 ?? .infinity }
            }
            // Then every one was closed by the server, after about a second: well before the idle
            // timeout (30 s), allowing for a machine loaded by the rest of the suite
            #expect(
                closedAfter.allSatisfy { $0 < 25 },
                "still open: \(closedAfter.filter { $0 >= 25 }.count); slowest \(closedAfter.max() ?? 0) s")
            #expect(closedAfter.allSatisfy { $0 > 0.5 })
            // and a well-behaved client is served as before
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    @Test func aStalledBodyIsClosedByTheIdleTimeoutAndAKeptAliveConnectionOnlyOnceItsNextHeadStalls() async throws {
        // A token holder, so that the handler is waiting for the body when it stalls.
        let secret = try await Self.token("stalled-body")
        let configuration = ServerConfiguration(port: 0, headerTimeout: .seconds(30), idleTimeout: .seconds(1))
        try await SampleServer.withServer(configuration) { client in
            let port = try #require(client.port)
            let stalled = try await RawConnection.off { () -> Bool in
                let connection = try RawConnection(port: port)
                _ = connection.send(
                    "POST /api/webhooks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(secret)\r\n"
                        + "Content-Length: 100\r\n\r\n{\"url\"")
                return connection.readUntilClosed(timeout: 20).closed
            }
            #expect(stalled)
        }
        // A kept-alive connection waits on the idle timeout, until a second request begins.
        let keptAlive = ServerConfiguration(port: 0, headerTimeout: .seconds(1), idleTimeout: .seconds(30))
        try await SampleServer.withServer(keptAlive) { client in
            let port = try #require(client.port)
            let (first, openAfterFourSeconds, closedAfter) = try await RawConnection.off {
                () -> ([UInt8], Bool, Double) in
                let connection = try RawConnection(port: port)
                _ = connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                let response = connection.readUntilClosed(timeout: 4)
                let started = Date()
                _ = connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n")
                let closed = connection.readUntilClosed(timeout: 28).closed
                return (response.bytes, !response.closed, closed ? Date().timeIntervalSince(started) : .infinity)
            }
            #expect(RawResponse(first)?.status == 200)
            #expect(openAfterFourSeconds)
            // (well before the idle timeout, allowing for a loaded machine)
            #expect(closedAfter > 0.5 && closedAfter < 25, "\(closedAfter)")
        }
    }

    // MARK: - Host

    @Test func feedLinksComeFromThePublicURLOrTheBoundAddressNeverFromHost() async throws {
        let forged = "GET /feeds/events.atom HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
        let configured = ServerConfiguration(port: 0, publicURL: "https://watch.example.org/")
        try await SampleServer.withServer(configured) { client in
            let port = try #require(client.port)
            let bytes = try await RawConnection.off {
                let connection = try RawConnection(port: port)
                _ = connection.send(forged)
                return connection.readUntilClosed(timeout: 10).bytes
            }
            let feed = try #require(RawResponse(bytes))
            #expect(feed.status == 200)
            #expect(feed.body.contains("<link rel=\"self\" href=\"https://watch.example.org/feeds/events.atom\"/>"))
            #expect(feed.body.contains("href=\"https://watch.example.org/contracts/"))
            #expect(!feed.body.contains("evil.example"))
        }
        try await SampleServer.withServer { client in
            let port = try #require(client.port)
            let bytes = try await RawConnection.off {
                let connection = try RawConnection(port: port)
                _ = connection.send(forged)
                return connection.readUntilClosed(timeout: 10).bytes
            }
            let feed = try #require(RawResponse(bytes))
            #expect(feed.body.contains("<link rel=\"self\" href=\"http://127.0.0.1:\(port)/feeds/events.atom\"/>"))
            #expect(!feed.body.contains("evil.example"))
        }
    }

    // MARK: - Rate limits

    @Test func loopbackClientsAreLimitedAndOnlyATrustedProxyNamesTheClient() async throws {
        let forwardedFor = try #require(HTTPField.Name("X-Forwarded-For"))
        // Without a trusted proxy, X-Forwarded-For is the client's own word: ignored.
        try await SampleServer.withServer(ServerConfiguration(port: 0, requestsPerSecond: 0.01, burst: 3)) { client in
            for index in 0..<3 {
                let response = try await client.execute(
                    uri: "/healthz", method: .get, headers: [forwardedFor: "198.51.100.\(index)"])
                #expect(response.status == .ok)
            }
            let refused = try await client.execute(
                uri: "/healthz", method: .get, headers: [forwardedFor: "198.51.100.99"])
            #expect(refused.status == .tooManyRequests)
            #expect(String(buffer: refused.body).contains("from 127.0.0.1"))
        }
        // Behind a trusted proxy on loopback, the rightmost untrusted entry is the client.
        let proxied = ServerConfiguration(
            port: 0, requestsPerSecond: 0.01, burst: 2, trustedProxies: ["127.0.0.1", "10.0.0.2"])
        try await SampleServer.withServer(proxied) { client in
            // A client that claims to be 1.1.1.1 is still 203.0.113.7, the address the proxy saw.
            for claim in ["1.1.1.1", "1.1.1.2"] {
                let response = try await client.execute(
                    uri: "/healthz", method: .get, headers: [forwardedFor: "\(claim), 203.0.113.7, 10.0.0.2"])
                #expect(response.status == .ok)
            }
            let limited = try await client.execute(
                uri: "/healthz", method: .get, headers: [forwardedFor: "1.1.1.3, 203.0.113.7"])
            #expect(limited.status == .tooManyRequests)
            #expect(String(buffer: limited.body).contains("from 203.0.113.7"))
            // while another client behind the same proxy has a bucket of its own
            let other = try await client.execute(uri: "/healthz", method: .get, headers: [forwardedFor: "203.0.113.8"])
            #expect(other.status == .ok)
        }
    }

    // MARK: - Webhooks

    @Test func webhooksToLoopbackPrivateAndMetadataAddressesAreRefusedAtSubscription() async throws {
        let secret = try await Self.token("hook-targets")
        let auth: HTTPFields = [.authorization: "Bearer \(secret)"]
        let refused = [
            "http://127.0.0.1:9/hook", "http://127.1/hook", "http://2130706433/hook", "http://localhost:8080/",
            "http://LOCALHOST./", "http://[::1]/", "http://10.1.2.3/", "http://172.16.0.1/", "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://0.0.0.0/",
            "http://[fd00::1]/", "http://[fe80::1]/", "http://[::ffff:192.168.0.1]/", "http://224.0.0.1/",
        ]
        try await SampleServer.withServer { client in
            for url in refused {
                let response = try await client.execute(
                    uri: "/api/webhooks", method: .post, headers: auth, body: ByteBuffer(string: #"{"url": "\#(url)"}"#)
                )
                #expect(response.status == .badRequest, "\(url)")
                let message = String(buffer: response.body)
                #expect(message.contains("may not target"), "\(url): \(message)")
                #expect(message.contains("--allow-private-webhook-targets"), "\(url): \(message)")
            }
            let metadata = try await client.execute(
                uri: "/api/webhooks", method: .post, headers: auth,
                body: ByteBuffer(string: #"{"url": "http://169.254.169.254/"}"#))
            #expect(String(buffer: metadata.body).contains("cloud metadata"))
        }
        try await SampleServer.withServer(ServerConfiguration(port: 0, allowsPrivateWebhookTargets: true)) { client in
            let allowed = try await client.execute(
                uri: "/api/webhooks", method: .post, headers: auth,
                body: ByteBuffer(string: #"{"url": "http://127.0.0.1:9/hook"}"#))
            #expect(allowed.status == .created)
        }
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("127.255.0.1", true), ("10.0.0.1", true), ("172.31.255.255", true),
        ("172.32.0.1", false), ("192.168.0.1", true), ("169.254.169.254", true), ("169.254.1.1", true),
        ("100.64.0.1", true), ("100.128.0.1", false), ("0.0.0.0", true), ("0.1.2.3", true), ("224.0.0.251", true),
        ("255.255.255.255", true), ("8.8.8.8", false), ("93.184.216.34", false), ("::", true), ("::1", true),
        ("fc00::1", true), ("fdff::1", true), ("fe80::1%eth0", true), ("ff02::1", true), ("::ffff:127.0.0.1", true),
        ("::ffff:8.8.8.8", false), ("64:ff9b::a00:1", true), ("2002:c0a8:0101::1", true), ("::127.0.0.1", true),
        ("2606:4700:4700::1111", false), ("[2001:4860:4860::8888]", false),
    ])
    func addressRangesAreJudgedByTheAddressTheyReach(address: String, isNonPublic: Bool) throws {
        let parsed = try #require(IPAddress(address))
        #expect((parsed.nonPublicRange != nil) == isNonPublic, "\(address): \(parsed.nonPublicRange ?? "public")")
    }

    @Test func namesAreResolvedBeforeTheyAreJudged() async throws {
        #expect(IPAddress("127.1") == nil)  // not an address to inet_pton, but getaddrinfo reads it as one
        let policy = WebhookTargetPolicy()
        for url in ["http://127.1/", "http://2130706433/", "http://0x7f.1/"] {
            let refusal = await policy.refusal(for: try #require(URL(string: url)), requireResolution: true)
            #expect(refusal?.contains("loopback") == true, "\(url): \(refusal ?? "allowed")")
        }
        let unresolvable = try #require(URL(string: "https://newsroom.invalid/hooks"))
        #expect(await policy.refusal(for: unresolvable, requireResolution: false) == nil)
        #expect(await policy.refusal(for: unresolvable, requireResolution: true)?.contains("does not resolve") == true)
        #expect(
            await WebhookTargetPolicy(allowsPrivateTargets: true).refusal(
                for: try #require(URL(string: "http://127.0.0.1/")), requireResolution: true) == nil)
    }
}
