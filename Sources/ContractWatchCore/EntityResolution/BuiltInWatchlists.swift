package import Foundation

/// The watchlists that ship with ContractWatch (`Resources/Watchlists/*.json`, compiled in).
///
/// Every store gets them on first use; after that they are the user's to change or remove, and a
/// newer shipped version replaces an unmodified one (see `SQLiteStore.installBuiltInWatchlists`).
package enum BuiltInWatchlists {
    /// The names of the built-in lists.
    package static var names: [String] { documents.keys.sorted() }

    /// The shipped JSON text of a built-in list.
    package static func document(_ name: String) -> String? { documents[name] }

    /// Decodes and validates a built-in list.
    /// - Throws: ``WatchlistError`` if there is no such list or it does not validate.
    package static func load(_ name: String) throws -> Watchlist {
        guard let text = documents[name] else {
            throw WatchlistError.unreadable(file: name, problem: "there is no built-in watchlist of that name")
        }
        return try WatchlistDocument.decode(Data(text.utf8), file: "built-in \(name)")
    }
}

/// Reading and writing watchlists as JSON and CSV files.
package enum WatchlistDocument {
    /// Decodes a JSON watchlist and validates it.
    /// - Throws: ``WatchlistError`` naming `file` and what is wrong.
    package static func decode(_ data: Data, file: String) throws -> Watchlist {
        let list: Watchlist
        do {
            list = try JSONDecoder().decode(Watchlist.self, from: data)
        } catch let error as DecodingError {
            throw WatchlistError.unreadable(file: file, problem: describe(error))
        } catch {
            throw WatchlistError.unreadable(file: file, problem: "not JSON: \(error)")
        }
        try list.validate()
        return list
    }

    /// The list as pretty-printed JSON with sorted keys (stable for diffs).
    package static func json(_ list: Watchlist) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(list), as: UTF8.self)
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the document" : String(keys.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context)) has no \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
