import Crypto
import Foundation

/// Secrets for the web API's write endpoints. Only their SHA-256 is stored, so a copy of the
/// database does not give anyone write access.
package enum APIToken {
    /// A new secret: `cw_` and 32 random bytes as hex.
    package static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "cw_" + bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// The hex SHA-256 the store keeps for `secret`.
    package static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
