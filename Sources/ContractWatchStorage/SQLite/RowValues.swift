import GRDB

/// One row's values as SQLite stored them, read by position.
///
/// GRDB's generic decoding (`row[index] as String?`) looks up type metadata for every value it
/// reads: a third of reading a large contract's actions and events, where a row has dozens of
/// columns and a contract hundreds of rows.
struct RowValues {
    private let values: ContiguousArray<DatabaseValue>

    init(_ row: Row) {
        values = ContiguousArray(row.databaseValues)
    }

    /// The text at `index`; an integer as its digits; nil for NULL.
    func text(_ index: Int) -> String? {
        switch values[index].storage {
        case .string(let text): text
        case .int64(let value): String(value)
        default: nil
        }
    }

    /// The integer at `index`; nil for NULL or another type.
    func integer(_ index: Int) -> Int64? {
        if case .int64(let value) = values[index].storage { value } else { nil }
    }

    /// The number at `index`, integer or real; nil for NULL or another type.
    func real(_ index: Int) -> Double? {
        switch values[index].storage {
        case .double(let value): value
        case .int64(let value): Double(value)
        default: nil
        }
    }

    /// The boolean at `index` (stored as 0 or 1); false for NULL.
    func flag(_ index: Int) -> Bool { (integer(index) ?? 0) != 0 }
}
