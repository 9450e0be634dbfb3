import Foundation
import Logging
import PostgresNIO

extension PostgresQuery {
    /// A query written with SQLite's `?` placeholders (the dialect both stores share), bound in
    /// order: each `?` outside a quoted literal becomes `$1`, `$2`, … . Values are always bound,
    /// never written into the SQL.
    /// - Parameters:
    ///   - sql: The SQL, with `?` where values go.
    ///   - arguments: One value per `?`, in order.
    /// - Throws: If a value cannot be encoded.
    init(sql: String, arguments: [any SQLArgumentConvertible]) throws {
        let values = arguments.map(\.sqlArgument)
        var text = ""
        text.reserveCapacity(sql.utf8.count + values.count * 2)
        var number = 0
        var inLiteral = false
        for character in sql {
            if character == "'" { inLiteral.toggle() }
            guard character == "?" && !inLiteral else {
                text.append(character)
                continue
            }
            precondition(number < values.count, "more placeholders than arguments in: \(sql)")
            // postgres-nio sends a NULL without a type; the cast gives it the column's.
            text += "$\(number + 1)" + (values[number].isNull ? "::" + values[number].postgresType : "")
            number += 1
        }
        precondition(number == values.count, "\(number) placeholders for \(values.count) arguments in: \(sql)")
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .text(let value): bindings.append(value)
            case .integer(let value): bindings.append(value)
            case .real(let value): bindings.append(value)
            case .boolean(let value): bindings.append(value)
            case .bytes(let value): try bindings.append(value)
            }
        }
        self.init(unsafeSQL: text, binds: bindings)
    }
}

extension SQLArgument {
    var isNull: Bool {
        switch self {
        case .text(let value): value == nil
        case .integer(let value): value == nil
        case .real(let value): value == nil
        case .boolean(let value): value == nil
        case .bytes: false
        }
    }

    /// The PostgreSQL type of the value.
    var postgresType: String {
        switch self {
        case .text: "text"
        case .integer: "bigint"
        case .real: "double precision"
        case .boolean: "boolean"
        case .bytes: "bytea"
        }
    }
}

/// One connection in use by the store, inside the transaction the store opened on it.
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger

    /// Every row of a query.
    /// - Returns: The rows, each readable by column position.
    /// - Throws: The server's error.
    func rows(_ sql: String, _ arguments: [any SQLArgumentConvertible] = []) async throws -> [PostgresRandomAccessRow] {
        try await connection.query(try PostgresQuery(sql: sql, arguments: arguments), logger: logger).get().rows
            .map { $0.makeRandomAccess() }
    }

    /// The first row of a query, if any.
    /// - Returns: The row, or nil.
    /// - Throws: The server's error.
    func row(_ sql: String, _ arguments: [any SQLArgumentConvertible] = []) async throws -> PostgresRandomAccessRow? {
        try await rows(sql, arguments).first
    }

    /// The first column of every row.
    /// - Returns: The values.
    /// - Throws: The server's error, or a decoding error if the column is not a `Value`.
    func values<Value: PostgresDecodable>(
        _ sql: String, _ arguments: [any SQLArgumentConvertible] = [], as type: Value.Type = Value.self
    ) async throws -> [Value] {
        try await rows(sql, arguments).map { try $0.value(0) }
    }

    /// The first column of the first row, if there is a row.
    /// - Returns: The value, or nil.
    /// - Throws: The server's error, or a decoding error.
    func value<Value: PostgresDecodable>(
        _ sql: String, _ arguments: [any SQLArgumentConvertible] = [], as type: Value.Type = Value.self
    ) async throws -> Value? {
        try await row(sql, arguments).map { try $0.value(0) }
    }

    /// Runs a statement.
    /// - Returns: How many rows it inserted, updated or deleted.
    /// - Throws: The server's error.
    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLArgumentConvertible] = []) async throws -> Int {
        try await connection.query(try PostgresQuery(sql: sql, arguments: arguments), logger: logger).get().metadata
            .rows
            ?? 0
    }

    /// Every row of a query written with postgres-nio's interpolation, which binds each
    /// interpolated value, arrays too: for statements that take a whole batch at once.
    /// - Returns: The rows, each readable by column position.
    /// - Throws: The server's error.
    func rows(of query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await connection.query(query, logger: logger).get().rows.map { $0.makeRandomAccess() }
    }

    /// Runs a statement written with postgres-nio's interpolation (see ``rows(of:)``).
    /// - Returns: How many rows it inserted, updated or deleted.
    /// - Throws: The server's error.
    @discardableResult
    func execute(query: PostgresQuery) async throws -> Int {
        try await connection.query(query, logger: logger).get().metadata.rows ?? 0
    }

    /// Streams the rows of a query to `body`, without holding them all.
    /// - Throws: The server's error or what `body` throws.
    func forEachRow(
        _ sql: String, _ arguments: [any SQLArgumentConvertible] = [],
        _ body: (PostgresRandomAccessRow) throws -> Void
    ) async throws {
        for try await row in try await connection.query(
            try PostgresQuery(sql: sql, arguments: arguments), logger: logger)
        {
            try body(row.makeRandomAccess())
        }
    }
}

extension PostgresRandomAccessRow {
    /// The value of the column at `index`.
    /// - Returns: The decoded value; an optional type reads NULL as nil.
    /// - Throws: A decoding error if the column does not hold a `Value`.
    func value<Value: PostgresDecodable>(_ index: Int, as type: Value.Type = Value.self) throws -> Value {
        try self[index].decode(Value.self)
    }
}
