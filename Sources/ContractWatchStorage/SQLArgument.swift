import Foundation

/// A value bound to a query's placeholder on either engine, typed even when it is NULL, so that
/// PostgreSQL never has to guess a parameter's type (`? IS NULL OR …` reads as on SQLite).
enum SQLArgument: Sendable {
    case text(String?)
    case integer(Int64?)
    case real(Double?)
    case boolean(Bool?)
    case bytes(Data)
}

/// Values that can be bound as an ``SQLArgument``.
protocol SQLArgumentConvertible: Sendable {
    var sqlArgument: SQLArgument { get }
}

extension SQLArgument: SQLArgumentConvertible {
    var sqlArgument: SQLArgument { self }
}
extension String: SQLArgumentConvertible {
    var sqlArgument: SQLArgument { .text(self) }
}
extension Int: SQLArgumentConvertible {
    var sqlArgument: SQLArgument { .integer(Int64(self)) }
}
extension Int64: SQLArgumentConvertible {
    var sqlArgument: SQLArgument { .integer(self) }
}
extension Double: SQLArgumentConvertible {
    var sqlArgument: SQLArgument { .real(self) }
}
extension Bool: SQLArgumentConvertible {
    var sqlArgument: SQLArgument { .boolean(self) }
}
extension Data: SQLArgumentConvertible {
    var sqlArgument: SQLArgument { .bytes(self) }
}
extension Optional: SQLArgumentConvertible where Wrapped: SQLArgumentConvertible & DefaultNullArgument {
    var sqlArgument: SQLArgument { self?.sqlArgument ?? Wrapped.nullArgument }
}

/// The typed NULL of a type, for optionals.
protocol DefaultNullArgument {
    static var nullArgument: SQLArgument { get }
}
extension String: DefaultNullArgument { static var nullArgument: SQLArgument { .text(nil) } }
extension Int: DefaultNullArgument { static var nullArgument: SQLArgument { .integer(nil) } }
extension Int64: DefaultNullArgument { static var nullArgument: SQLArgument { .integer(nil) } }
extension Double: DefaultNullArgument { static var nullArgument: SQLArgument { .real(nil) } }
extension Bool: DefaultNullArgument { static var nullArgument: SQLArgument { .boolean(nil) } }
