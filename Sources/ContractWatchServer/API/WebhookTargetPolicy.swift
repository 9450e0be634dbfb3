import Dispatch
package import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which webhook URLs the server will post to: by default only hosts whose every address is
/// public, so that a token holder cannot make the server post into its own network (loopback,
/// RFC 1918, link-local, the cloud metadata address, …; see ``IPAddress/nonPublicRange``).
///
/// Checked at subscription and again before each delivery, after resolving the host: a name's
/// addresses can change after it was subscribed. A name that resolves to any non-public address
/// is refused. (AsyncHTTPClient resolves the name again when it connects; a DNS answer that
/// changes within that moment is not caught. Redirects are not followed, so a public target
/// cannot hand the request on to a private one.)
package struct WebhookTargetPolicy: Sendable {
    /// Whether loopback and private targets are allowed (`serve --allow-private-webhook-targets`):
    /// for a receiver on the same machine or network, and for tests.
    package var allowsPrivateTargets: Bool

    package init(allowsPrivateTargets: Bool = false) {
        self.allowsPrivateTargets = allowsPrivateTargets
    }

    /// Why `url` may not be a webhook target, or nil when it may.
    ///
    /// - Parameters:
    ///   - url: The webhook URL to check.
    ///   - requireResolution: Whether a name that does not resolve is refused (at delivery)
    ///     or let through (at subscription, where delivery will check it again).
    /// - Returns: The reason the target is refused, or nil when it is allowed.
    package func refusal(for url: URL, requireResolution: Bool) async -> String? {
        guard !allowsPrivateTargets else { return nil }
        guard var host = url.host(percentEncoded: false)?.lowercased(), !host.isEmpty else {
            return "the URL has no host"
        }
        if host.hasSuffix(".") { host.removeLast() }
        if host == "localhost" || host.hasSuffix(".localhost") {
            return "'\(host)' is this machine (loopback)"
        }
        if let address = IPAddress(host) {
            return address.nonPublicRange.map { "\(address) is \($0)" }
        }
        let addresses = await Self.resolve(host)
        guard !addresses.isEmpty else {
            return requireResolution ? "'\(host)' does not resolve to any address" : nil
        }
        for address in addresses {
            if let range = address.nonPublicRange { return "'\(host)' resolves to \(address), which is \(range)" }
        }
        return nil
    }

    /// The addresses `host` resolves to (getaddrinfo), on a thread of its own: the call blocks.
    static func resolve(_ host: String) async -> [IPAddress] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: resolveBlocking(host))
            }
        }
    }

    private static func resolveBlocking(_ host: String) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var entry = list
        while let info = entry?.pointee {
            // The address bytes sit at offset 4 of a sockaddr_in and 8 of a sockaddr_in6, on
            // Linux and BSD alike (read as bytes: the structs' members are not all importable here).
            if let address = info.ai_addr.map(UnsafeRawPointer.init) {
                switch info.ai_family {
                case AF_INET:
                    addresses += [IPAddress(bytes: Array(UnsafeRawBufferPointer(start: address + 4, count: 4)))]
                        .compactMap { $0 }
                case AF_INET6:
                    addresses += [IPAddress(bytes: Array(UnsafeRawBufferPointer(start: address + 8, count: 16)))]
                        .compactMap { $0 }
                default: break
                }
            }
            entry = info.ai_next
        }
        return addresses
    }
}
