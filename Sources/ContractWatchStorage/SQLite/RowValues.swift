import GRDB

/// One row's values as SQLite stored them, read by position.
///
/// GRDB's generic decoding (`row[index] as String?`) looks up type metadata for every value it
/// reads, and `Row.fetchAll` copies every value of every row first: together most of the time
/// spent reading a large contract's actions and events, where a row has dozens of columns and a
/// contract hundreds of rows. ``all(_:arguments:_:)`` reads each value once, from SQLite's own
/// buffers, as it is asked for.
struct RowValues {
    private enum Source {
        case copied(ContiguousArray<DatabaseValue>)
        case stepping(SQLiteStatement)
    }

    private let source: Source

    /// The values of a row already fetched.
    init(_ row: Row) {
        source = .copied(ContiguousArray(row.databaseValues))
    }

    /// The rows of `statement`, each read by `read` while SQLite is on it.
    /// - Returns: What `read` made of each row, in order.
    /// - Throws: The database's error, or what `read` throws.
    static func all<Value>(
        _ statement: Statement, arguments: StatementArguments, _ read: (RowValues) throws -> Value
    ) throws -> [Value] {
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        let values = RowValues(source: .stepping(statement.sqliteStatement))
        var result: [Value] = []
        while try rows.next() != nil { result.append(try read(values)) }
        return result
    }

    private init(source: Source) {
        self.source = source
    }

    private func storage(_ index: Int) -> DatabaseValue.Storage {
        switch source {
        case .copied(let values): values[index].storage
        case .stepping(let statement): DatabaseValue(sqliteStatement: statement, index: CInt(index)).storage
        }
    }

    /// The text at `index`; an integer as its digits; nil for NULL.
    func text(_ index: Int) -> String? {
        switch storage(index) {
        case .string(let text): text
        case .int64(let value): String(value)
        default: nil
        }
    }

    /// The integer at `index`; nil for NULL or another type.
    func integer(_ index: Int) -> Int64? {
        if case .int64(let value) = storage(index) { value } else { nil }
    }

    /// The number at `index`, integer or real; nil for NULL or another type.
    func real(_ index: Int) -> Double? {
        switch storage(index) {
        case .double(let value): value
        case .int64(let value): Double(value)
        default: nil
        }
    }

    /// The boolean at `index` (stored as 0 or 1); false for NULL.
    func flag(_ index: Int) -> Bool { (integer(index) ?? 0) != 0 }
}
