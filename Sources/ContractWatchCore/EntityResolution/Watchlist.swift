import Foundation

/// A named list of what a user watches: vendors, agencies, keywords and product codes.
///
/// The JSON form is the one `Sources/ContractWatchCore/Resources/Watchlists/README.md` documents and `watchlist import`/`export` read
/// and write; absent arrays decode as empty.
package struct Watchlist: Sendable, Hashable, Codable {
    /// Letters, digits, `-` and `_`: it appears in URLs (`/feeds/watchlists/{name}.atom`).
    package var name: String
    package var description: String?
    package var entries: [WatchlistEntry]

    package init(name: String, description: String? = nil, entries: [WatchlistEntry] = []) {
        self.name = name
        self.description = description
        self.entries = entries
    }

    /// Checks what matching relies on: a usable name, unique entry ids, what each kind needs.
    /// - Throws: ``WatchlistError`` naming the entry and the field.
    package func validate() throws(WatchlistError) {
        guard Self.isValidName(name) else { throw .invalidName(name) }
        var seen: Set<String> = []
        for entry in entries {
            try entry.validate()
            guard seen.insert(entry.id).inserted else { throw .duplicateEntry(list: name, entry: entry.id) }
        }
    }

    /// True for names of letters, digits, `-` and `_`, 1 to 64 characters.
    package static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
            }
    }
}

/// One thing on a watchlist.
package struct WatchlistEntry: Sendable, Hashable, Codable {
    package enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A company, matched on identifiers and names (``VendorScreener``).
        case vendor
        /// Contracting or funding agency codes (`7012`); a department's code (`9700`) matches its
        /// agencies too.
        case agency
        /// A full-text query over descriptions, vendor, agency and office names.
        case keyword
        /// Product or service codes; a code matches itself and the codes it prefixes (`R4` → `R408`).
        case psc
        /// NAICS codes, matched the same way (`5415` → `541511`).
        case naics
    }

    /// Unique within its list; a slug such as `paragon-solutions-us`.
    package var id: String
    package var kind: Kind
    /// The display name; for vendors, also the primary name matched.
    package var name: String
    package var aliases: [String]
    package var identifiers: VendorIdentifiers
    /// ISO 3166-1 alpha-3, as FPDS writes countries.
    package var country: String?
    /// The minimum score for a vendor match; ``WatchlistEntry/defaultThreshold`` when absent.
    package var threshold: Double?
    package var relations: [Relation]
    package var reasons: [Reason]
    /// Agency, PSC or NAICS codes.
    package var codes: [String]
    /// The query of a keyword entry, in the search language (``SearchExpression``).
    package var query: String?

    /// The score a vendor match needs when the entry does not set one.
    package static let defaultThreshold = 0.7

    package init(
        id: String, kind: Kind, name: String, aliases: [String] = [], identifiers: VendorIdentifiers = .init(),
        country: String? = nil, threshold: Double? = nil, relations: [Relation] = [], reasons: [Reason] = [],
        codes: [String] = [], query: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.aliases = aliases
        self.identifiers = identifiers
        self.country = country
        self.threshold = threshold
        self.relations = relations
        self.reasons = reasons
        self.codes = codes
        self.query = query
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        kind = try container.decodeIfPresent(Kind.self, forKey: .kind) ?? .vendor
        name = try container.decode(String.self, forKey: .name)
        aliases = try container.decodeIfPresent([String].self, forKey: .aliases) ?? []
        identifiers = try container.decodeIfPresent(VendorIdentifiers.self, forKey: .identifiers) ?? .init()
        country = try container.decodeIfPresent(String.self, forKey: .country)
        threshold = try container.decodeIfPresent(Double.self, forKey: .threshold)
        relations = try container.decodeIfPresent([Relation].self, forKey: .relations) ?? []
        reasons = try container.decodeIfPresent([Reason].self, forKey: .reasons) ?? []
        codes = try container.decodeIfPresent([String].self, forKey: .codes) ?? []
        query = try container.decodeIfPresent(String.self, forKey: .query)
    }

    /// The threshold in force.
    package var effectiveThreshold: Double { threshold ?? Self.defaultThreshold }

    /// - Throws: ``WatchlistError/invalidEntry(entry:problem:)`` naming the field.
    package func validate() throws(WatchlistError) {
        func fail(_ problem: String) -> WatchlistError { .invalidEntry(entry: id, problem: problem) }
        guard Watchlist.isValidName(id) else { throw fail("the id must be letters, digits, - or _") }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail("the name is empty") }
        if let threshold, !(0...1).contains(threshold) { throw fail("threshold \(threshold) is not between 0 and 1") }
        switch kind {
        case .vendor:
            break
        case .agency, .psc, .naics:
            if codes.isEmpty { throw fail("a \(kind.rawValue) entry needs at least one code in \"codes\"") }
        case .keyword:
            guard let query, !query.allSatisfy(\.isWhitespace) else { throw fail("a keyword entry needs a \"query\"") }
            do {
                _ = try SearchExpression(parsing: query)
            } catch {
                throw fail("its query cannot run: at character \(error.column), \(error.problem)")
            }
        }
        for relation in relations where relation.citation.isEmpty {
            throw fail("the \(relation.type.rawValue) relation \"\(relation.name)\" has no citation")
        }
    }

    /// An edge to another company, with the public source that shows it.
    package struct Relation: Sendable, Hashable, Codable {
        package enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            /// Owned by the entry: matched as the entry.
            case subsidiary
            /// The entry under an earlier name: matched as the entry.
            case predecessor
            /// Another name of the entry: matched as the entry.
            case alias
            /// Owns the entry: recorded, not matched (an owner's other contracts are not the entry's).
            case parent
            /// Bought the entry: recorded, not matched.
            case acquirer
            /// Took over the entry's business: recorded, not matched.
            case successor
        }
        package var type: Kind
        package var name: String
        package var identifiers: VendorIdentifiers
        /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
        package var date: String?
        package var citation: String
        package var note: String?

        package init(
            type: Kind, name: String, identifiers: VendorIdentifiers = .init(), date: String? = nil, citation: String,
            note: String? = nil
        ) {
            self.type = type
            self.name = name
            self.identifiers = identifiers
            self.date = date
            self.citation = citation
            self.note = note
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decode(Kind.self, forKey: .type)
            name = try container.decode(String.self, forKey: .name)
            identifiers = try container.decodeIfPresent(VendorIdentifiers.self, forKey: .identifiers) ?? .init()
            date = try container.decodeIfPresent(String.self, forKey: .date)
            citation = try container.decodeIfPresent(String.self, forKey: .citation) ?? ""
            note = try container.decodeIfPresent(String.self, forKey: .note)
        }

        /// Whether a vendor with this name is the entry itself (or part of it).
        package var identifiesEntry: Bool { [.subsidiary, .predecessor, .alias].contains(type) }
    }

    /// Why the entry is on the list.
    package struct Reason: Sendable, Hashable, Codable {
        package var text: String
        package var citation: String?

        package init(text: String, citation: String? = nil) {
            self.text = text
            self.citation = citation
        }
    }
}

/// The registry identifiers of a company; each list may hold several (re-registrations, branches).
package struct VendorIdentifiers: Sendable, Hashable, Codable {
    package var uei: [String]
    package var cage: [String]
    package var duns: [String]

    package init(uei: [String] = [], cage: [String] = [], duns: [String] = []) {
        self.uei = uei
        self.cage = cage
        self.duns = duns
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        uei = try container.decodeIfPresent([String].self, forKey: .uei) ?? []
        cage = try container.decodeIfPresent([String].self, forKey: .cage) ?? []
        duns = try container.decodeIfPresent([String].self, forKey: .duns) ?? []
    }

    package var isEmpty: Bool { uei.isEmpty && cage.isEmpty && duns.isEmpty }
}

/// What is wrong with a watchlist.
package enum WatchlistError: Error, Hashable, CustomStringConvertible {
    case invalidName(String)
    case duplicateEntry(list: String, entry: String)
    case invalidEntry(entry: String, problem: String)
    case unreadable(file: String, problem: String)
    /// A built-in list, which a client of the API may not remove.
    case builtIn(String)

    package var description: String {
        switch self {
        case .builtIn(let name):
            "'\(name)' is a built-in watchlist; it cannot be removed through the API, but it can be disabled "
                + "(POST /api/watchlists/\(name)/disable)."
        case .invalidName(let name):
            "'\(name)' is not a usable watchlist name: use 1 to 64 letters, digits, - or _."
        case .duplicateEntry(let list, let entry):
            "Watchlist '\(list)' has two entries with the id '\(entry)'."
        case .invalidEntry(let entry, let problem):
            "Watchlist entry '\(entry)': \(problem)."
        case .unreadable(let file, let problem):
            "\(file): \(problem)"
        }
    }
}
