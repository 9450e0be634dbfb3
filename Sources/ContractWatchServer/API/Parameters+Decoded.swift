import Foundation
import Hummingbird

extension Parameters {
    /// The path parameter `name`, percent-decoded: the router matches the raw path, so a PIID the
    /// server's own links encode (a space as `%20`, `/` as `%2F`) arrives encoded.
    /// - Throws: 400 when the segment is not valid percent-encoding; what `require` throws when
    ///   the parameter is missing.
    func decoded(_ name: String) throws -> String {
        let raw = try require(name)
        guard let value = raw.removingPercentEncoding else {
            throw HTTPError(.badRequest, message: "'\(raw)' is not a valid percent-encoded path segment.")
        }
        return value
    }
}
