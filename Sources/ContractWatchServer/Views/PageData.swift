import Foundation

/// The values a page template renders, with every missing value taken out.
///
/// A record leaves many fields empty (a vendor known by name alone has no UEI; most actions have
/// no completion date). Mustache prints an absent optional as the word `nil` and renders a section
/// over it, so "Current completion date: nil" and `href="nil"` reached readers. Removing missing
/// values before rendering makes a template's `{{#field}}…{{/field}}` guard leave them out, on every
/// page, however the data was built.
enum PageData {
    /// `data` with every `nil` (an absent optional or `NSNull`) removed, at any depth, and every
    /// present optional unwrapped.
    static func withoutMissingValues(_ data: [String: Any]) -> [String: Any] {
        data.compactMapValues(present)
    }

    /// The value itself, unwrapped from any optionals, or nil when it is missing.
    ///
    /// The common types are tried first, each bound by a cast that also unwraps a present
    /// optional: a page holds thousands of values, and reflecting on each, or casting each to a
    /// collection first (which tries Foundation's bridging), took a fifth of a 69-action contract
    /// page's time. What is left, an absent optional among it, is reflected on.
    private static func present(_ value: Any) -> Any? {
        switch value {
        case let text as String: return text
        case let number as Int: return number
        case let flag as Bool: return flag
        case let dictionary as [String: Any]: return dictionary.compactMapValues(present)
        case let rows as [[String: Any]]: return rows.map { $0.compactMapValues(present) }
        case let array as [Any]: return array.compactMap(present)
        case is NSNull: return nil
        default:
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .optional else { return value }
            return mirror.children.first.flatMap { present($0.value) }
        }
    }
}
