import FPDS

extension SearchStore {
    /// A vendor its records name without a UEI (a name-only record, or one reconstructed from
    /// public reporting), by ``OrganisationName/normalized`` name: the actions whose vendor has no
    /// UEI and whose name normalises to `normalizedName`, as a profile with an empty `uei`.
    ///
    /// The store's search finds the candidates by the name's words; the rule of which of them are
    /// this vendor is the normalised name's, and lives here. At most
    /// `scanning` candidates a query are read, newest first. Nil when none is this vendor.
    /// - Returns: The profile.
    /// - Throws: The store's error.
    package func vendor(normalizedName: String, scanning: Int = 2_000) async throws -> VendorProfile? {
        let words = normalizedName.split(separator: " ")
        guard !words.isEmpty, words.count <= 16,
            words.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber } })
        else { return nil }
        // Candidates by the name's words, as prefixes anywhere in the record: the normalised words
        // need not be the index's (`CHILDREN'S` is indexed as `children` and `s`), so when all of
        // them find nothing, any of them is tried. Which candidates are this vendor is decided below.
        let prefixes = words.map { $0 + "*" }
        var found: [StoredAction] = []
        for terms in [prefixes.joined(separator: " "), prefixes.joined(separator: " OR ")] where found.isEmpty {
            var query = SearchQuery()
            query.terms = try SearchExpression(parsing: terms)
            query.limit = 200
            query.withFacets = false
            var read = 0
            while read < scanning {
                let page = try await search(query)
                read += page.actions.count
                found += page.actions.filter {
                    ($0.action.vendorUEI ?? "").isEmpty
                        && OrganisationName($0.action.vendorName ?? "").normalized == normalizedName
                }
                guard let next = page.nextCursor else { break }
                query.after = next
            }
        }
        guard !found.isEmpty else { return nil }
        var nameCounts: [String: Int] = [:]
        var contracts: [String: (agencyID: String, piid: String, lastSigned: String?, actions: Int)] = [:]
        for stored in found {
            let action = stored.action
            if let name = action.vendorName { nameCounts[name, default: 0] += 1 }
            let key = action.key.agencyID + "\u{1F}" + action.key.piid
            var contract = contracts[key] ?? (action.key.agencyID, action.key.piid, nil, 0)
            contract.actions += 1
            let signed = action.signedDate?.description
            if let signed, signed > contract.lastSigned ?? "" { contract.lastSigned = signed }
            contracts[key] = contract
        }
        let names = nameCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        return VendorProfile(
            uei: "", name: names.first, names: names, cageCode: nil, duns: nil, country: nil,
            ultimateParentUEI: nil, ultimateParentName: nil, firstSeen: found.map(\.firstSeen).min() ?? "",
            lastSeen: found.map(\.lastSeen).max() ?? "", actionCount: found.count, contractCount: contracts.count,
            contracts: contracts.values.sorted {
                ($0.lastSigned ?? "", $1.agencyID, $1.piid) > ($1.lastSigned ?? "", $0.agencyID, $0.piid)
            })
    }
}
