import ContractWatchCore
import ContractWatchServer
import ContractWatchStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The OpenAPI document is a file people edit: it must name every route the server answers for
/// API clients, and no other, and every event type the classifier yields.
@Suite
struct OpenAPIDriftTests {
    /// A path with its parameters as `*`, and a capture's fixed suffix (`{name}.atom`) dropped, so
    /// the router's `:file` and the document's `{name}.atom` read alike.
    static func shape(_ path: String) -> String {
        "/"
            + path.split(separator: "/").map { segment -> String in
                segment.hasPrefix(":") || segment.hasPrefix("{") ? "*" : String(segment)
            }.joined(separator: "/")
    }

    /// The document as the server serves it at `/openapi.json`.
    static func document() async throws -> [String: Any] {
        let app = try buildApplication(
            store: try SQLiteStore.inMemory(), configuration: ServerConfiguration(port: 0),
            logger: Logger(label: "test"))
        let text = try await app.test(.router) { client in
            String(buffer: try await client.execute(uri: "/openapi.json", method: .get).body)
        }
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theDocumentNamesEveryAPIRouteAndNoOther() async throws {
        let router = try buildRouter(
            store: try SQLiteStore.inMemory(), configuration: ServerConfiguration(port: 0),
            logger: Logger(label: "test"))
        let served = Set(
            router.routes.map { "\($0.method) \(Self.shape($0.path.description))" }.filter {
                let path = $0.split(separator: " ")[1]
                // The document describes the API, not itself.
                return path.hasPrefix("/api/") || path.hasPrefix("/feeds/") || path == "/healthz"
            })
        let spec = try await Self.document()
        let paths = try #require(spec["paths"] as? [String: [String: Any]])
        let documented = Set(
            paths.flatMap { path, operations in
                operations.keys.filter { $0 != "parameters" }.map { "\($0.uppercased()) \(Self.shape(path))" }
            })
        #expect(served.subtracting(documented).sorted() == [], "served but not documented")
        #expect(documented.subtracting(served).sorted() == [], "documented but not served")
        #expect(served.count > 20)
    }

    @Test func theDocumentsEventTypesAreTheClassifiers() async throws {
        let spec = try await Self.document()
        let schemas = try #require((spec["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let eventType = try #require(schemas["EventType"] as? [String: Any])
        #expect(eventType["enum"] as? [String] == EventType.allCases.map(\.rawValue))
    }
}
