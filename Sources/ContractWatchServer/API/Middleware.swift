import ContractWatchCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Turns every failure into `{"error": {"message": …}}`: bad input is 400 with a sentence the
/// user can act on; anything unexpected is 500 with no database message or stack trace (those
/// go to the log).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let logger: Logger

    // `@concurrent` as the protocol declares it (this package makes `nonsending` the default).
    @concurrent func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            throw error
        } catch let error as SearchSyntaxError {
            throw HTTPError(.badRequest, message: error.description)
        } catch let error as WatchlistError {
            throw HTTPError(.badRequest, message: error.description)
        } catch is NIOTooManyBytesError {
            // A body collected past its limit anywhere: the client's fault, not the server's.
            throw HTTPError(.contentTooLarge, message: "The request body is too large.")
        } catch {
            logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            throw HTTPError(.internalServerError, message: "Something went wrong on the server; it has been logged.")
        }
    }
}

/// Security headers on every response, and the request size limit.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let maxRequestBytes: Int

    /// Pages need their own stylesheet and inline SVG, nothing else: no scripts at all.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'"

    static var frameOptions: HTTPField.Name { header("X-Frame-Options") }
    static var referrerPolicy: HTTPField.Name { header("Referrer-Policy") }

    /// A header name that swift-http-types has no constant for; the literals above are valid tokens.
    private static func header(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure("'\(name)' is not a header name") }
        return field
    }

    // `@concurrent` as the protocol declares it (this package makes `nonsending` the default).
    @concurrent func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxRequestBytes {
            throw HTTPError(.contentTooLarge, message: "The request body is over \(maxRequestBytes) bytes.")
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.frameOptions] = "DENY"
        response.headers[Self.referrerPolicy] = "no-referrer"
        return response
    }
}

extension Response {
    /// A JSON response from already-encoded text.
    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A response with a body of `contentType`.
    static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Query parameters as browsers send them: `+` is a space, then percent-decoding.
struct QueryParameters {
    /// Each parameter's first value.
    private(set) var values: [String: String] = [:]
    /// Every value of each parameter, in order, for the repeatable ones.
    private var repeated: [String: [String]] = [:]

    init(_ request: Request) {
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            guard let key = parts.first.map(decode), !key.isEmpty else { continue }
            let value = parts.count > 1 ? decode(parts[1]) : ""
            if values[key] == nil { values[key] = value }
            repeated[key, default: []].append(value)
        }
    }

    /// Every non-empty value of a repeatable parameter (`type=a&type=b`), in order.
    func all(_ key: String) -> [String] {
        (repeated[key] ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The value, or nil when absent or empty (an empty form field means "any").
    subscript(_ key: String) -> String? {
        guard let value = values[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// The same parameters without the empty ones: an empty HTML form field means "any".
    func droppingEmpty() -> QueryParameters {
        var copy = self
        copy.values = values.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
        copy.repeated = repeated.filter { copy.values[$0.key] != nil }
        return copy
    }

    /// The page size `limit` asks for; nil when it is not given.
    /// - Throws: A 400 unless it is a whole number from 1 to `maximum`.
    func limit(maximum: Int) throws -> Int? {
        guard let text = self["limit"] else { return nil }
        guard let value = Int(text), (1...maximum).contains(value) else {
            throw HTTPError(.badRequest, message: "'limit' must be a whole number from 1 to \(maximum).")
        }
        return value
    }

    /// The cursor `cursor` gives, read by `read`; nil when it is not given.
    /// - Throws: A 400 when `read` cannot read it: this server did not give it out.
    func cursor<Cursor>(_ read: (String) -> Cursor?) throws -> Cursor? {
        guard let token = self["cursor"] else { return nil }
        guard let cursor = read(token) else {
            throw HTTPError(.badRequest, message: "'cursor' is not one this server gave out.")
        }
        return cursor
    }

    /// Fails with 400 naming the parameters the endpoint does not know, or that are given empty:
    /// an API client that sends `since=` has a bug worth hearing about.
    func requireKnown(_ known: [String]) throws {
        if let empty = values.first(where: { $0.value.trimmingCharacters(in: .whitespaces).isEmpty })?.key {
            throw HTTPError(.badRequest, message: "Parameter '\(empty)' is empty; leave it out to mean any.")
        }
        let unknown = values.keys.filter { !known.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw HTTPError(
                .badRequest,
                message: "Unknown parameter \(unknown.map { "'\($0)'" }.joined(separator: ", ")); "
                    + "this endpoint takes \(known.joined(separator: ", ")).")
        }
    }
}

/// 405 with `Allow` for a method a known path does not take (the router alone would say 404).
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Path templates (`:name` is one segment) that take more or other than GET and HEAD.
    static let routes: [(template: [String], methods: [HTTPRequest.Method])] = [
        (["api", "watchlists", ":name"], [.get, .head, .put, .delete]),
        (["api", "watchlists", ":name", "judgements"], [.post]),
        (["api", "watchlists", ":name", "disable"], [.post]),
        (["api", "watchlists", ":name", "enable"], [.post]),
        (["api", "webhooks"], [.get, .head, .post]),
        (["api", "webhooks", ":id"], [.delete]),
    ]

    @concurrent func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        let method = request.method
        let segments = request.uri.path.split(separator: "/").map(String.init)
        let route = Self.routes.first { template, _ in
            template.count == segments.count
                && zip(template, segments).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
        }
        let allowed = route?.methods ?? [.get, .head]
        guard allowed.contains(method) else {
            throw HTTPError(
                .methodNotAllowed, headers: [.allow: allowed.map(\.rawValue).joined(separator: ", ")],
                message:
                    "\(method.rawValue) is not allowed here; use \(allowed.map(\.rawValue).joined(separator: " or ")).")
        }
        return try await next(request, context)
    }
}
