import Foundation
import Hummingbird
import HummingbirdTesting

/// Follows a server's own links as a reader would: from starting points, every same-site
/// `href="/…"` found on the answers, breadth first, each path once.
struct SiteCrawler {
    var startingPoints: [String]
    var pageLimit: Int

    /// Fetches each path and hands it to `visit`.
    /// - Returns: The paths fetched.
    @discardableResult
    func crawl(
        _ client: any TestClientProtocol, visit: (String, TestResponse) async throws -> Void
    ) async throws -> Set<String> {
        var queue = startingPoints
        var visited: Set<String> = []
        while !queue.isEmpty, visited.count < pageLimit {
            let path = queue.removeFirst()
            guard visited.insert(path).inserted else { continue }
            let response = try await client.execute(uri: path, method: .get)
            try await visit(path, response)
            queue += Self.links(in: String(buffer: response.body)).filter { !visited.contains($0) }
        }
        return visited
    }

    /// The same-site links of a page, HTML entities undone and fragments dropped.
    static func links(in page: String) -> [String] {
        page.matches(of: /href="(\/[^"#]*)/).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
    }
}
