import FPDS
import Foundation
import Synchronization

/// The vendor of an action as matching sees it.
package struct VendorIdentity: Sendable, Hashable {
    package var name: String?
    package var alternateNames: [String]
    package var uei: String?
    package var cage: String?
    package var duns: String?
    package var parentUEI: String?
    package var parentName: String?
    package var country: String?

    package init(
        name: String?, alternateNames: [String] = [], uei: String? = nil, cage: String? = nil, duns: String? = nil,
        parentUEI: String? = nil, parentName: String? = nil, country: String? = nil
    ) {
        self.name = name
        self.alternateNames = alternateNames
        self.uei = uei
        self.cage = cage
        self.duns = duns
        self.parentUEI = parentUEI
        self.parentName = parentName
        self.country = country
    }

    package init(_ action: ContractAction) {
        self.init(
            name: action.vendorName, alternateNames: action.vendorAlternateNames, uei: action.vendorUEI,
            cage: action.cageCode, duns: action.vendorDUNS, parentUEI: action.ultimateParentUEI,
            parentName: action.ultimateParentName, country: action.vendorCountry)
    }

    /// What a judgement about this vendor is stored under: `uei:…` when the record has a UEI,
    /// else `duns:…`, else `name:` and the normalised name, so it holds across re-ingests.
    package var judgementKey: String {
        if let uei, !uei.isEmpty { return "uei:" + uei }
        if let duns, !duns.isEmpty { return "duns:" + duns }
        return "name:" + OrganisationName(name ?? "").normalized
    }

    /// The ``judgementKey`` for what a person typed: a key as shown (`uei:…`, `duns:…`, `name:…`),
    /// a bare UEI (12 upper-case letters and digits), or a vendor name.
    package static func key(forUserInput text: String) -> String {
        if text.hasPrefix("uei:") || text.hasPrefix("duns:") || text.hasPrefix("name:") { return text }
        return UniqueEntityID.isWellFormed(text) ? "uei:" + text : VendorIdentity(name: text).judgementKey
    }
}

/// An entry that an action matched, with the score and why.
package struct WatchlistMatch: Sendable, Hashable {
    package var watchlist: String
    package var entryID: String
    package var entryName: String
    package var score: Double
    package var features: [MatchFeature]
    /// ``VendorIdentity/judgementKey`` of the action's vendor.
    package var vendorKey: String
    /// True when re-screening stored history found it, rather than the ingest of a new record.
    package var historical: Bool = false
    /// When it was first found (UTC, ISO 8601), for stored matches.
    package var matchedAt: String?

    package init(
        watchlist: String, entryID: String, entryName: String, score: Double, features: [MatchFeature],
        vendorKey: String
    ) {
        self.watchlist = watchlist
        self.entryID = entryID
        self.entryName = entryName
        self.score = score
        self.features = features
        self.vendorKey = vendorKey
    }
}

/// A person's verdict on whether a vendor is the entity of a watchlist entry.
package struct Judgement: Sendable, Hashable {
    package var watchlist: String
    package var entryID: String
    /// ``VendorIdentity/judgementKey``.
    package var vendorKey: String
    /// True: the same entity (always matched); false: not the same (never matched again).
    package var same: Bool
    package var note: String?
    package var decidedAt: String

    package init(watchlist: String, entryID: String, vendorKey: String, same: Bool, note: String?, decidedAt: String) {
        self.watchlist = watchlist
        self.entryID = entryID
        self.vendorKey = vendorKey
        self.same = same
        self.note = note
        self.decidedAt = decidedAt
    }
}

/// Screens actions against watchlists: vendors by identifiers and names, agencies and product
/// codes by code. Keyword entries are full-text queries, which the store runs.
///
/// Candidate entries come from an index of the entries' name words, joined names, initials and
/// identifiers, so a record is scored only against entries it shares something with; results
/// are cached per distinct vendor, so screening a million actions costs one scoring per vendor.
package struct WatchlistScreener: Sendable {
    /// One name an entry is matched under.
    struct Name: Sendable {
        var entry: Int
        /// `name`, `alias` or the relation type (`subsidiary`, `predecessor`).
        var label: String
        var name: OrganisationName
        /// The identifiers that belong to this name (the entry's own, or the relation's).
        var identifiers: VendorIdentifiers
    }

    private let lists: [(name: String, entry: WatchlistEntry)]
    private let names: [Name]
    private var nameIndex: [String: [Int]] = [:]
    private var identifierIndex: [String: [Int]] = [:]
    /// People's verdicts by vendor key, then entry.
    private let judgements: [String: [WatchlistEntryReference: Bool]]
    /// The agency, PSC and NAICS entries, which every action is checked against.
    private let codeEntries: [(name: String, entry: WatchlistEntry)]
    /// Some entry accepts scores a name with a different first word can reach.
    private let lookupAllWords: Bool

    /// - Parameters:
    ///   - watchlists: The lists to screen against.
    ///   - judgements: People's verdicts: a "not the same" pair is never matched, a "same" pair always is.
    package init(watchlists: [Watchlist], judgements: [Judgement] = []) {
        var lists: [(String, WatchlistEntry)] = []
        var names: [Name] = []
        for list in watchlists {
            for entry in list.entries {
                let index = lists.count
                lists.append((list.name, entry))
                guard entry.kind == .vendor else { continue }
                names.append(
                    Name(
                        entry: index, label: "name", name: OrganisationName(entry.name), identifiers: entry.identifiers)
                )
                for alias in entry.aliases {
                    names.append(
                        Name(entry: index, label: "alias", name: OrganisationName(alias), identifiers: .init()))
                }
                for relation in entry.relations where relation.identifiesEntry {
                    names.append(
                        Name(
                            entry: index, label: relation.type.rawValue, name: OrganisationName(relation.name),
                            identifiers: relation.identifiers))
                }
            }
        }
        self.lists = lists
        self.names = names
        self.codeEntries = lists.filter { [.agency, .psc, .naics].contains($0.1.kind) }
        self.lookupAllWords = lists.contains { $0.1.kind == .vendor && $0.1.effectiveThreshold <= 0.6 }
        var verdicts: [String: [WatchlistEntryReference: Bool]] = [:]
        for judgement in judgements {
            let reference = WatchlistEntryReference(watchlist: judgement.watchlist, entryID: judgement.entryID)
            verdicts[judgement.vendorKey, default: [:]][reference] = judgement.same
        }
        self.judgements = verdicts
        for (position, name) in names.enumerated() {
            for key in Self.blockingKeys(name.name) { nameIndex[key, default: []].append(position) }
            let ids = name.identifiers
            for key in ids.uei.map({ "uei:" + $0 }) + ids.cage.map({ "cage:" + $0 }) + ids.duns.map({ "duns:" + $0 }) {
                identifierIndex[key, default: []].append(position)
            }
        }
    }

    /// The number of entries screened against.
    package var entryCount: Int { lists.count }

    /// Every entry screened against, by its natural key.
    package var entryReferences: Set<WatchlistEntryReference> {
        Set(lists.map { WatchlistEntryReference(watchlist: $0.name, entryID: $0.entry.id) })
    }

    /// The keyword entries, which the store runs as full-text queries.
    package var keywordEntries: [(watchlist: String, entry: WatchlistEntry)] {
        lists.filter { $0.entry.kind == .keyword }.map { ($0.name, $0.entry) }
    }

    /// What each action matches, in the order given.
    package func screen(_ actions: [ContractAction]) -> [[WatchlistMatch]] {
        // Each distinct vendor is scored once, the distinct vendors spread over every core.
        var positions: [VendorIdentity: Int] = [:]
        var vendors: [VendorIdentity] = []
        let vendorOfAction = actions.map { action in
            let identity = VendorIdentity(action)
            if let position = positions[identity] { return position }
            positions[identity] = vendors.count
            vendors.append(identity)
            return vendors.count - 1
        }
        let distinct = vendors
        let found = Mutex<[Int: [WatchlistMatch]]>([:])
        let slices = min(distinct.count, ProcessInfo.processInfo.activeProcessorCount * 4)
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            var local: [Int: [WatchlistMatch]] = [:]
            for index in stride(from: slice, to: distinct.count, by: slices) {
                let vendorMatches = matches(for: distinct[index])
                if !vendorMatches.isEmpty { local[index] = vendorMatches }
            }
            found.withLock { $0.merge(local) { first, _ in first } }
        }
        let vendorMatches = found.withLock { $0 }
        return zip(actions, vendorOfAction).map { action, vendor in
            (vendorMatches[vendor] ?? []) + codeMatches(for: action, vendorKey: vendors[vendor].judgementKey)
        }
    }

    /// The vendor entries `vendor` matches at or above their thresholds, or by a person's "same" verdict.
    package func matches(for vendor: VendorIdentity) -> [WatchlistMatch] {
        let vendorKey = vendor.judgementKey
        let verdicts = judgements[vendorKey] ?? [:]
        var best: [Int: (score: Double, features: [MatchFeature])] = [:]
        func offer(_ entry: Int, _ score: Double, _ features: [MatchFeature]) {
            if score > best[entry]?.score ?? -1 { best[entry] = (score, features) }
        }
        // Identifiers: equal registry numbers are the strongest evidence there is.
        let identifiers: [(String, String?, Double, String)] = [
            ("uei", vendor.uei, 1.0, "identifier.uei"), ("cage", vendor.cage, 0.98, "identifier.cage"),
            ("duns", vendor.duns, 0.98, "identifier.duns"), ("uei", vendor.parentUEI, 0.9, "identifier.parent_uei"),
        ]
        for (scheme, value, score, rule) in identifiers {
            guard let value, !value.isEmpty else { continue }
            for position in identifierIndex["\(scheme):\(value)"] ?? [] {
                let name = names[position]
                let whose = rule == "identifier.parent_uei" ? "the vendor's ultimate parent" : "the vendor"
                offer(
                    name.entry, score,
                    [
                        MatchFeature(
                            rule, score,
                            "\(whose) has \(scheme.uppercased()) \(value), as \(name.label) \(name.name.original)")
                    ])
            }
        }
        // Names: the vendor's names against every candidate name of every entry.
        var vendorNames: [String] = []
        for raw in [vendor.name].compactMap({ $0 }) + vendor.alternateNames
        where !raw.isEmpty && !vendorNames.contains(raw) {
            vendorNames.append(raw)
        }
        for (index, raw) in vendorNames.enumerated() {
            let recordName = OrganisationName(raw)
            for position in candidates(for: recordName) {
                let name = names[position]
                // Score first, explain only what can match: most candidates share a word and no more.
                let threshold = lists[name.entry].entry.effectiveThreshold
                guard NameComparison(record: recordName, entry: name.name, explain: false).score >= threshold else {
                    continue
                }
                let comparison = NameComparison(record: recordName, entry: name.name)
                var features = [
                    MatchFeature(
                        index == 0 ? "name.vendor" : "name.alternate", 0,
                        "\(raw) against \(name.label) \(name.name.original)")
                ]
                features += comparison.features
                var score = comparison.score
                score += identifierConflict(vendor, name, &features)
                score += countryCheck(vendor, name, &features)
                offer(name.entry, min(1, max(0, score)), features)
            }
        }
        // The ultimate parent's name: the vendor belongs to a watched company.
        if let parent = vendor.parentName, !parent.isEmpty, parent != vendor.name {
            let parentName = OrganisationName(parent)
            for position in candidates(for: parentName) {
                let name = names[position]
                let threshold = lists[name.entry].entry.effectiveThreshold
                guard NameComparison(record: parentName, entry: name.name, explain: false).score * 0.95 >= threshold
                else { continue }
                let comparison = NameComparison(record: parentName, entry: name.name)
                let score = comparison.score * 0.95
                var features = [
                    MatchFeature(
                        "name.parent", 0,
                        "the vendor's ultimate parent \(parent) against \(name.label) \(name.name.original)")
                ]
                features += comparison.features
                features.append(
                    MatchFeature("penalty.via_parent", score - comparison.score, "matched through the parent"))
                offer(name.entry, score, features)
            }
        }
        var result: [WatchlistMatch] = []
        for (entryIndex, found) in best {
            let (list, entry) = lists[entryIndex]
            var match = WatchlistMatch(
                watchlist: list, entryID: entry.id, entryName: entry.name, score: (found.score * 1000).rounded() / 1000,
                features: found.features, vendorKey: vendorKey)
            switch verdicts[WatchlistEntryReference(watchlist: list, entryID: entry.id)] {
            case false?:
                continue
            case true?:
                match.features.append(
                    MatchFeature("judgement.same", 0, "a person judged \(vendorKey) to be this entry"))
            case nil:
                guard found.score >= entry.effectiveThreshold else { continue }
            }
            result.append(match)
        }
        // A "same" verdict matches even when no rule found the vendor.
        for (reference, same) in verdicts where same {
            guard
                let entryIndex = lists.firstIndex(where: {
                    $0.name == reference.watchlist && $0.entry.id == reference.entryID
                }),
                !result.contains(where: { $0.watchlist == reference.watchlist && $0.entryID == reference.entryID })
            else { continue }
            result.append(
                WatchlistMatch(
                    watchlist: reference.watchlist, entryID: reference.entryID,
                    entryName: lists[entryIndex].entry.name, score: 1,
                    features: [MatchFeature("judgement.same", 1, "a person judged \(vendorKey) to be this entry")],
                    vendorKey: vendorKey))
        }
        return result.sorted { ($0.watchlist, $0.entryID) < ($1.watchlist, $1.entryID) }
    }

    // MARK: - Agencies and codes

    private func codeMatches(for action: ContractAction, vendorKey: String) -> [WatchlistMatch] {
        var result: [WatchlistMatch] = []
        for (list, entry) in codeEntries {
            let found: (String, String)?
            switch entry.kind {
            case .agency:
                // A department's code stands for its agencies too (9700 for the Army's 2100), as in search.
                let agencies = [action.contractingAgency, action.fundingAgency].compactMap { $0 }
                found =
                    entry.codes.lazy.compactMap { code -> (String, String)? in
                        if agencies.contains(where: { $0.code == code }) { return ("agency.code", "agency \(code)") }
                        guard let agency = agencies.first(where: { $0.departmentID == code }) else { return nil }
                        return ("agency.department", "agency \(agency.code) of department \(code)")
                    }.first
            case .psc:
                found = Self.prefixMatch(entry.codes, action.productOrServiceCode?.code).map {
                    ("psc.code", "PSC \($0)")
                }
            case .naics:
                found = Self.prefixMatch(entry.codes, action.naicsCode?.code).map { ("naics.code", "NAICS \($0)") }
            case .vendor, .keyword:
                found = nil
            }
            guard let (rule, detail) = found else { continue }
            result.append(
                WatchlistMatch(
                    watchlist: list, entryID: entry.id, entryName: entry.name, score: 1,
                    features: [MatchFeature(rule, 1, detail)], vendorKey: vendorKey))
        }
        return result
    }

    private static func prefixMatch(_ codes: [String], _ code: String?) -> String? {
        guard let code, !code.isEmpty else { return nil }
        return codes.first { !$0.isEmpty && code.hasPrefix($0) }.map { "\(code) (listed: \($0))" }
    }

    // MARK: - Scoring helpers

    /// The vendor has a UEI, the matched name has UEIs, and they differ: a different registration.
    private func identifierConflict(_ vendor: VendorIdentity, _ name: Name, _ features: inout [MatchFeature]) -> Double
    {
        guard let uei = vendor.uei, !uei.isEmpty, !name.identifiers.uei.isEmpty, !name.identifiers.uei.contains(uei)
        else { return 0 }
        features.append(MatchFeature("penalty.uei_differs", -0.2, "the vendor's UEI \(uei) is not the entry's"))
        return -0.2
    }

    /// The entry's own country against the vendor's (relations carry no country of their own).
    private func countryCheck(_ vendor: VendorIdentity, _ name: Name, _ features: inout [MatchFeature]) -> Double {
        guard name.label == "name" || name.label == "alias", let expected = lists[name.entry].entry.country,
            let country = vendor.country, !country.isEmpty
        else { return 0 }
        if expected == country {
            features.append(MatchFeature("country.same", 0, country))
            return 0
        }
        features.append(MatchFeature("penalty.country", -0.05, "the vendor is in \(country), the entry in \(expected)"))
        return -0.05
    }

    // MARK: - Blocking

    /// The keys a name is indexed and looked up under: its words (or only its first), its words
    /// joined (`QCYBER`), and its initials (for acronyms).
    private static func blockingKeys(_ name: OrganisationName, allWords: Bool = true) -> Set<String> {
        var keys = Set((allWords ? name.words : Array(name.words.prefix(1))).map { "w:" + $0 })
        keys.insert("j:" + name.words.joined())
        if name.words.count >= 3 {
            keys.insert("a:" + name.initials)
            if name.legalForms.contains(.corporation) { keys.insert("a:" + name.initials + "C") }
        }
        if name.words.count == 1, let word = name.words.first { keys.insert("a:" + word) }
        return keys
    }

    /// Entry names that could score at their threshold against `name`. A name whose first word is
    /// unshared scores at most 0.6 (``NameComparison``), so unless some entry accepts that little,
    /// only the record's first word is looked up, with its joined letters and initials.
    ///
    /// In the order the names were indexed (an entry's name, then its aliases, then its
    /// relations): `offer` keeps the first of equal scores, so the explanation a user reads
    /// must not depend on a set's order, which differs from process to process.
    private func candidates(for name: OrganisationName) -> [Int] {
        let keys = Self.blockingKeys(name, allWords: lookupAllWords)
        var result = Set<Int>()
        for key in keys { result.formUnion(nameIndex[key] ?? []) }
        return result.sorted()
    }
}
