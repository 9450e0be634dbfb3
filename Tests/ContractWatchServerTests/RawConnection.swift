import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP connection driven byte by byte, for what an HTTP client library will not do: trickle a
/// request line, forge a `Host`, stream an endless chunked body. Every call blocks, so tests run
/// them through ``off(_:)``, away from the cooperative pool the server under test answers on.
final class RawConnection: @unchecked Sendable {
    // @unchecked: `fd` is set once in init; each test drives a connection from one thread at a time.
    let fd: Int32

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(port: Int) throws {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo("127.0.0.1", String(port), &hints, &list) == 0, let info = list?.pointee else {
            throw Failure(description: "cannot resolve 127.0.0.1:\(port)")
        }
        defer { freeaddrinfo(list) }
        fd = socket(info.ai_family, info.ai_socktype, info.ai_protocol)
        guard fd >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        guard connect(fd, info.ai_addr, info.ai_addrlen) == 0 else {
            let error = errno
            close(fd)
            throw Failure(description: "connect() failed: errno \(error)")
        }
    }

    deinit { close(fd) }

    /// Runs blocking socket work on a thread of its own.
    static func off<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Sends all of `bytes`; false when the server has closed the connection (or stopped reading
    /// for `timeout` seconds).
    @discardableResult
    func send(_ bytes: [UInt8], timeout: Double = 5) -> Bool {
        var offset = 0
        while offset < bytes.count {
            guard wait(for: Int16(POLLOUT), timeout: timeout) else { return false }
            let sent = bytes[offset...].withUnsafeBytes { raw in
                #if canImport(Glibc)
                Glibc.send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
                #else
                Darwin.send(fd, raw.baseAddress, raw.count, 0)
                #endif
            }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Whether the server has sent something (or closed) within `timeout` seconds.
    func isReadable(timeout: Double) -> Bool { wait(for: Int16(POLLIN), timeout: timeout) }

    /// Everything the server sends until it closes the connection or `timeout` seconds pass.
    func readUntilClosed(timeout: Double) -> (bytes: [UInt8], closed: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0, isReadable(timeout: left) else { return (received, false) }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            // 0 is the server's FIN; an error after its response is a reset, also a close.
            guard count > 0 else { return (received, true) }
            received += buffer[0..<count]
        }
    }

    private func wait(for events: Int16, timeout: Double) -> Bool {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        let ready = poll(&entry, 1, Int32(max(0, timeout * 1000)))
        return ready > 0
    }
}

/// An HTTP/1.1 response read off a ``RawConnection``.
struct RawResponse {
    let status: Int
    let head: String
    let body: String

    init?(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        head = String(text[..<split.lowerBound])
        body = String(text[split.upperBound...])
        let parts = head.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let code = Int(parts[1]) else { return nil }
        status = code
    }
}
