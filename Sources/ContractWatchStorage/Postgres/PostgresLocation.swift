import Foundation
import NIOSSL
package import PostgresNIO

/// Where a PostgreSQL store is, read from a `postgres://` URL the way libpq reads one, with the
/// password kept out of every description, log line and error.
///
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]`; `?host=/run/postgresql`
/// names a Unix socket directory instead. The password comes from the URL, else from the
/// password file given, else from `PGPASSWORD`.
package struct PostgresLocation: Sendable, CustomStringConvertible {
    package enum Endpoint: Sendable, Hashable {
        case tcp(host: String, port: Int)
        /// The socket file itself (`DIRECTORY/.s.PGSQL.PORT`).
        case unixSocket(path: String)
    }

    /// How to use TLS, as libpq's `sslmode` says.
    package enum TLSMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    package var endpoint: Endpoint
    package var username: String
    package var database: String
    package var tlsMode: TLSMode
    /// Never printed: ``description`` leaves it out.
    package var password: String?

    /// Whether `text` names a PostgreSQL store rather than an SQLite file.
    /// - Returns: True for `postgres://` and `postgresql://` URLs.
    package static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads a location from a URL.
    /// - Parameters:
    ///   - url: A `postgres://` or `postgresql://` URL.
    ///   - passwordFile: A file whose first line is the password, used when the URL has none.
    ///   - environment: The process environment: `PGPASSWORD` is the last resort, and `USER`
    ///     the user name when the URL has none, as with libpq.
    /// - Throws: ``PostgresLocationError`` naming what is wrong, never quoting the password.
    package init(url: String, passwordFile: String? = nil, environment: [String: String]) throws {
        guard Self.isPostgresURL(url), let components = URLComponents(string: url) else {
            throw PostgresLocationError.malformed(
                "it is not a URL of the form postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        username = components.user ?? environment["USER"] ?? "postgres"
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? username : path
        let port = components.port ?? query["port"].flatMap(Int.init) ?? 5432
        if let socketDirectory = query["host"], socketDirectory.hasPrefix("/") {
            endpoint = .unixSocket(path: "\(socketDirectory)/.s.PGSQL.\(port)")
        } else {
            guard let host = components.host, !host.isEmpty else {
                throw PostgresLocationError.malformed("it names no host (postgres://USER@HOST/DATABASE)")
            }
            endpoint = .tcp(host: host, port: port)
        }
        let mode = query["sslmode"] ?? TLSMode.prefer.rawValue
        guard let tlsMode = TLSMode(rawValue: mode) else {
            throw PostgresLocationError.malformed(
                "sslmode=\(mode) is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.tlsMode = tlsMode
        if let password = components.password {
            self.password = password
        } else if let passwordFile {
            guard let contents = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                throw PostgresLocationError.unreadablePasswordFile(passwordFile)
            }
            self.password = contents.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
        } else {
            self.password = environment["PGPASSWORD"]
        }
    }

    /// The URL without its password, fit for logs, errors and `/healthz`.
    package var description: String {
        switch endpoint {
        case .tcp(let host, let port):
            let bracketed = host.contains(":") ? "[\(host)]" : host
            return "postgres://\(username)@\(bracketed):\(port)/\(database)"
        case .unixSocket(let path):
            return "postgres://\(username)@/\(database)?host=\(path)"
        }
    }

    /// The client configuration for this location.
    package var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            let tls: PostgresClient.Configuration.TLS =
                switch tlsPolicy {
                case nil: .disable
                case .some((required: false, let settings)): .prefer(settings)
                case .some((required: true, let settings)): .require(settings)
                }
            configuration = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: tls)
        case .unixSocket(let path):
            configuration = PostgresClient.Configuration(
                unixSocketPath: path, username: username, password: password, database: database)
        }
        configuration.options.additionalStartupParameters = Self.startupParameters
        return configuration
    }

    /// The configuration of one connection outside the pool, to the same server as the pool's.
    /// - Throws: NIOSSL's error when the TLS settings cannot make a context.
    package func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            let tls: PostgresConnection.Configuration.TLS =
                switch tlsPolicy {
                case nil: .disable
                case .some((required: false, let settings)): .prefer(try NIOSSLContext(configuration: settings))
                case .some((required: true, let settings)): .require(try NIOSSLContext(configuration: settings))
                }
            configuration = PostgresConnection.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: tls)
        case .unixSocket(let path):
            configuration = PostgresConnection.Configuration(
                unixSocketPath: path, username: username, password: password, database: database)
        }
        configuration.options.additionalStartupParameters = Self.startupParameters
        return configuration
    }

    /// Names ContractWatch's sessions in `pg_stat_activity`.
    private static let startupParameters = [("application_name", "contractwatch")]

    /// libpq's modes: `prefer` and `require` encrypt without checking the certificate, the
    /// `verify-` modes check it; nil means no TLS.
    private var tlsPolicy: (required: Bool, settings: TLSConfiguration)? {
        var settings = TLSConfiguration.makeClientConfiguration()
        switch tlsMode {
        case .disable: return nil
        case .allow, .prefer:
            settings.certificateVerification = .none
            return (false, settings)
        case .require:
            settings.certificateVerification = .none
            return (true, settings)
        case .verifyCA:
            settings.certificateVerification = .noHostnameVerification
            return (true, settings)
        case .verifyFull:
            return (true, settings)
        }
    }
}

/// Why a PostgreSQL location cannot be used; never quotes a password.
package enum PostgresLocationError: Error, CustomStringConvertible, Equatable {
    case malformed(String)
    case unreadablePasswordFile(String)

    package var description: String {
        switch self {
        case .malformed(let problem): "The PostgreSQL URL cannot be read: \(problem)."
        case .unreadablePasswordFile(let path): "The password file \(path) cannot be read."
        }
    }
}
