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
    private static func present(_ value: Any) -> Any? {
        if value is NSNull { return nil }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return nil }
            return present(wrapped)
        }
        if let dictionary = value as? [String: Any] { return dictionary.compactMapValues(present) }
        if let array = value as? [Any] { return array.compactMap(present) }
        return value
    }
}
