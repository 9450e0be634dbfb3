import Mustache

/// The HTML pages' Mustache templates and the stylesheet: the files in `Resources/Templates/`,
/// compiled into the binary (`.embedInCode`), so there is nothing to find at run time.
/// `{{ }}` escapes; `{{{ }}}` is used only for markup the server built and escaped itself.
enum Templates {
    /// Each template's name, as pages and partials (`{{> layout-top}}`) call it, and its file.
    private static let files: [(name: String, bytes: [UInt8])] = [
        ("layout-top", PackageResources.layout_top_mustache),
        ("layout-bottom", PackageResources.layout_bottom_mustache),
        ("search", PackageResources.search_mustache),
        ("contract", PackageResources.contract_mustache),
        ("vendor", PackageResources.vendor_mustache),
        ("events", PackageResources.events_mustache),
        ("watchlist", PackageResources.watchlist_mustache),
        ("message", PackageResources.message_mustache),
        ("event-item", PackageResources.event_item_mustache),
        ("modification-pages", PackageResources.modification_pages_mustache),
        ("status", PackageResources.status_mustache),
    ]

    static func library() throws -> MustacheLibrary {
        MustacheContentTypes.register(PageEscaping(), named: PageEscaping.name)
        var library = MustacheLibrary()
        for file in files {
            // The pragma comes first in every template, partials too, so no page escapes any
            // other way; on a line of its own, which Mustache drops, it adds nothing to a page.
            try library.register("{{% CONTENT_TYPE: \(PageEscaping.name)}}\n" + text(file.bytes), named: file.name)
        }
        return library
    }

    /// What `{{ }}` escapes with: ``HTML/escape(_:)``, which returns text that needs no escaping
    /// after one pass over its bytes. Mustache's own HTML escape looks every character up in a
    /// dictionary, grapheme by grapheme: a tenth of a long contract page's time.
    private struct PageEscaping: MustacheContentType {
        static let name = "CONTRACTWATCH_HTML"

        func escapeText(_ text: String) -> String {
            HTML.escape(text)
        }
    }

    static let stylesheet = text(PackageResources.style_css)

    /// A file's text without the newline that ends the file, which is no part of the page.
    private static func text(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
