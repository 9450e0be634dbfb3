package import FPDS
package import Foundation

/// One `<entry>` of a real FPDS ATOM page, kept as text, with the fields the simulated feed
/// filters and orders on.
package struct FeedEntry: Sendable, Hashable {
    /// The `<entry>…</entry>` text exactly as the page has it, except that namespace
    /// declarations the entry inherited from the page's `<feed>` element are added to its start tag
    /// (see ``entries(inPage:)``).
    package let xml: String
    /// The record element: `award`, `IDV`, `OtherTransactionAward` or `OtherTransactionIDV`.
    package let kind: FPDSRecord.Kind
    /// The contract's agency code (`awardContractID/agencyID` or its IDV / OT counterpart).
    package let agencyID: String
    /// The contract's PIID.
    package let piid: String
    /// The modification number.
    package let modNumber: String
    /// `transactionInformation/lastModifiedDate`; nil if the record has none.
    package let lastModified: FPDSDateTime?

    /// The entries of one real ATOM page, in page order.
    ///
    /// The text of each entry comes from ``FPDSParser``'s `rawXML`, the bytes between `<entry>`
    /// and `</entry>` inclusive. Every real page in `Samples/fpds` declares the record prefix
    /// (`xmlns:ns1`) on the entry's `<content>` and again on the record element, never on `<feed>`,
    /// so their entries stand alone and are kept byte for byte. A page that declared a prefix only
    /// on its `<feed>` element would leave its entries' prefixes unbound once cut out, so any prefix
    /// an entry uses without declaring, and that the `<feed>` start tag declares, is declared again
    /// on the `<entry>` start tag (likewise a default namespace other than Atom's).
    /// - Throws: ``FeedReplayError/unreadablePage(file:reason:)`` if the file is not a readable
    ///   feed page or one of its entries does not parse.
    package static func entries(inPage url: URL) throws -> [FeedEntry] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FeedReplayError.unreadablePage(file: url.path, reason: "\(error)")
        }
        let (results, summary) = FPDSParser().parseAll(data, file: url.path)
        if let error = summary.error {
            throw FeedReplayError.unreadablePage(file: url.path, reason: error.description)
        }
        guard summary.kind == .atomFeed else {
            throw FeedReplayError.unreadablePage(file: url.path, reason: "it is not an ATOM <feed>")
        }
        let inherited = NamespaceDeclarations(feedStartTagOf: String(decoding: data, as: UTF8.self))
        return try results.map { result in
            switch result {
            case .failure(let error):
                throw FeedReplayError.unreadablePage(file: url.path, reason: error.description)
            case .success(let entry):
                return FeedEntry(
                    xml: inherited.declaringMissingPrefixes(in: entry.rawXML), kind: entry.record.kind,
                    agencyID: entry.record.id.agency.code, piid: entry.record.id.piid,
                    modNumber: entry.record.id.modNumber, lastModified: entry.record.transaction.lastModifiedDate)
            }
        }
    }

    /// The entries of several pages, in the order given.
    /// - Throws: As ``entries(inPage:)``.
    package static func entries(inPages urls: [URL]) throws -> [FeedEntry] {
        try urls.flatMap { try entries(inPage: $0) }
    }

    /// The sort key of the simulated feed: last-modified time, then the text, so that the order is
    /// total and the same on every run.
    var orderKey: (String, String) {
        (lastModified?.description ?? "", xml)
    }
}

// MARK: - Namespace declarations

/// The namespace declarations on a feed page's `<feed>` start tag, and the means of re-declaring
/// them on an entry that uses them.
struct NamespaceDeclarations {
    /// Prefix → URI, from `xmlns:prefix="uri"`.
    var prefixes: [String: String] = [:]
    /// The `xmlns="uri"` default namespace when it is not Atom's (which every rendered page declares).
    var defaultNamespace: String?

    private static let atomNamespace = "http://www.w3.org/2005/Atom"

    /// Reads the declarations from the first `<feed …>` (optionally prefixed) start tag of `document`.
    init(feedStartTagOf document: String) {
        guard let tag = document.firstMatch(of: /<(?:[A-Za-z_][\w.\-]*:)?feed\b[^>]*>/) else { return }
        for declaration in tag.output.matches(of: /xmlns(?::([A-Za-z_][\w.\-]*))?\s*=\s*(?:"([^"]*)"|'([^']*)')/) {
            let uri = String(declaration.output.2 ?? declaration.output.3 ?? "")
            if let prefix = declaration.output.1 {
                prefixes[String(prefix)] = uri
            } else if uri != Self.atomNamespace {
                defaultNamespace = uri
            }
        }
    }

    /// `entry` with declarations added to its start tag for the prefixes it uses (in element or
    /// attribute names) but never declares, where the feed declared them; unchanged otherwise.
    ///
    /// This is textual, not a namespace-aware parse: a prefix declared anywhere inside the entry
    /// counts as declared, which holds for FPDS's entries (they declare on `<content>` or on the
    /// record, the ancestors of every prefixed name).
    func declaringMissingPrefixes(in entry: String) -> String {
        guard !prefixes.isEmpty || defaultNamespace != nil else { return entry }
        let declared = Set(entry.matches(of: /xmlns:([A-Za-z_][\w.\-]*)\s*=/).map { String($0.output.1) })
        var used = Set(entry.matches(of: /<\/?([A-Za-z_][\w.\-]*):[A-Za-z_]/).map { String($0.output.1) })
        used.formUnion(
            entry.matches(of: /\s([A-Za-z_][\w.\-]*):[A-Za-z_][\w.\-]*\s*=\s*["']/).map { String($0.output.1) })
        var additions = ""
        for prefix in used.subtracting(declared).sorted() where prefix != "xml" && prefix != "xmlns" {
            if let uri = prefixes[prefix] { additions += " xmlns:\(prefix)=\"\(uri)\"" }
        }
        if let defaultNamespace, entry.firstMatch(of: /^<entry\b[^>]*\sxmlns\s*=/) == nil {
            additions += " xmlns=\"\(defaultNamespace)\""
        }
        guard !additions.isEmpty, entry.hasPrefix("<entry") else { return entry }
        return "<entry" + additions + entry.dropFirst("<entry".count)
    }
}
