import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address read from text, and the ranges a server must not be made to reach.
///
/// IPv4-mapped (`::ffff:a.b.c.d`), NAT64 (`64:ff9b::/96`) and 6to4 (`2002::/16`)
/// addresses are judged by the IPv4 address they carry, so that no spelling slips a private
/// address past the rule.
package struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6.
    package let bytes: [UInt8]

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (brackets and a `%zone` are allowed).
    package init?(_ text: some StringProtocol) {
        var text = String(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
        // Into plain bytes: in_addr and in6_addr are network-order bytes, 4 and 16 of them.
        var v4 = [UInt8](repeating: 0, count: 4)
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = v4
            return
        }
        var v6 = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        bytes = v6
    }

    package init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), else nil.
    package var embeddedIPv4: IPAddress? {
        guard bytes.count == 16 else { return nil }
        let prefix = Array(bytes[0..<12])
        if prefix == Array(repeating: 0, count: 10) + [0xff, 0xff]  // ::ffff:0:0/96
            || prefix == [0, 0x64, 0xff, 0x9b] + Array(repeating: 0, count: 8)  // 64:ff9b::/96
        {
            return IPAddress(bytes: Array(bytes[12..<16]))
        }
        if bytes[0] == 0x20, bytes[1] == 0x02 { return IPAddress(bytes: Array(bytes[2..<6])) }  // 2002::/16
        return nil
    }

    /// The same address, IPv4 when it is an IPv4-mapped IPv6 address: `::ffff:127.0.0.1` is `127.0.0.1`.
    package var canonical: IPAddress {
        if bytes.count == 16, bytes[0..<12].elementsEqual(Array(repeating: 0, count: 10) + [0xff, 0xff]) {
            return IPAddress(bytes: Array(bytes[12..<16])) ?? self
        }
        return self
    }

    package var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        return bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, inet_ntop(family, base, &buffer, socklen_t(buffer.count)) != nil else {
                return bytes.map(String.init).joined(separator: ".")
            }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    // MARK: - Ranges

    /// Why a webhook may not target this address (loopback, private, link-local, …), or nil when
    /// it is a public unicast address.
    package var nonPublicRange: String? {
        if let v4 = embeddedIPv4 { return v4.nonPublicRange }
        let ranges = bytes.count == 4 ? Self.v4Ranges : Self.v6Ranges
        return ranges.first { contains(prefix: $0.prefix, length: $0.length) }?.name
    }

    private func contains(prefix: [UInt8], length: Int) -> Bool {
        guard prefix.count == bytes.count else { return false }
        for bit in 0..<length {
            let mask = UInt8(0x80) >> (bit % 8)
            if bytes[bit / 8] & mask != prefix[bit / 8] & mask { return false }
        }
        return true
    }

    private typealias Range = (prefix: [UInt8], length: Int, name: String)

    /// IANA's IPv4 special-purpose registry, less the globally reachable entries.
    private static let v4Ranges: [Range] = [
        ([0, 0, 0, 0], 8, "'this network' (0.0.0.0/8)"),
        ([10, 0, 0, 0], 8, "private (10.0.0.0/8)"),
        ([100, 64, 0, 0], 10, "carrier-grade NAT (100.64.0.0/10)"),
        ([127, 0, 0, 0], 8, "loopback (127.0.0.0/8)"),
        ([169, 254, 169, 254], 32, "cloud metadata (169.254.169.254)"),
        ([169, 254, 0, 0], 16, "link-local (169.254.0.0/16)"),
        ([172, 16, 0, 0], 12, "private (172.16.0.0/12)"),
        ([192, 0, 0, 0], 24, "IETF protocol assignments (192.0.0.0/24)"),
        ([192, 0, 2, 0], 24, "documentation (192.0.2.0/24)"),
        ([192, 168, 0, 0], 16, "private (192.168.0.0/16)"),
        ([198, 18, 0, 0], 15, "benchmarking (198.18.0.0/15)"),
        ([198, 51, 100, 0], 24, "documentation (198.51.100.0/24)"),
        ([203, 0, 113, 0], 24, "documentation (203.0.113.0/24)"),
        ([224, 0, 0, 0], 4, "multicast (224.0.0.0/4)"),
        ([240, 0, 0, 0], 4, "reserved or broadcast (240.0.0.0/4)"),
    ]

    private static func v6(_ head: [UInt8]) -> [UInt8] { head + Array(repeating: 0, count: 16 - head.count) }

    private static let v6Ranges: [Range] = [
        (v6([]), 128, "unspecified (::)"),
        (v6(Array(repeating: 0, count: 15) + [1]), 128, "loopback (::1)"),
        (v6([]), 96, "IPv4-compatible, deprecated (::/96)"),
        (v6([0x01, 0x00]), 64, "discard-only (100::/64)"),
        (v6([0x20, 0x01, 0x0d, 0xb8]), 32, "documentation (2001:db8::/32)"),
        (v6([0xfc]), 7, "unique local, private (fc00::/7)"),
        (v6([0xfe, 0x80]), 10, "link-local (fe80::/10)"),
        (v6([0xfe, 0xc0]), 10, "site-local (fec0::/10)"),
        (v6([0xff]), 8, "multicast (ff00::/8)"),
    ]
}
