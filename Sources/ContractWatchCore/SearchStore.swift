package import FPDS

/// Full-text search with filters, facets and keyset pagination, and the vendor view: what the
/// web server and `search` need from a store.
package protocol SearchStore: Sendable {
    /// One page of current actions matching `query`, in its order, with facet counts.
    func search(_ query: SearchQuery) async throws -> SearchPage

    /// A vendor by UEI: its names, identifiers, parent and the store's counts, or nil if unknown.
    func vendor(uei: String) async throws -> VendorProfile?

    /// Creates an API token record; only the SHA-256 of the secret is stored.
    func saveToken(name: String, secretHash: String, at time: Timestamp) async throws

    /// The name of the token whose secret hashes to `secretHash`, recording its use; nil if none.
    func tokenName(secretHash: String, at time: Timestamp) async throws -> String?
}

/// What to search for. Every filter is optional; all given filters must hold.
package struct SearchQuery: Sendable, Hashable {
    /// A query in the search language (``SearchExpression``): words found in descriptions,
    /// vendor, agency and office names, and `field:value` terms.
    package var terms: SearchExpression?
    /// Contracting or funding agency code.
    package var agency: String?
    /// Contracting office code.
    package var office: String?
    /// A UEI (12 characters), or words of the vendor's name.
    package var vendor: String?
    package var productOrServiceCode: String?
    package var naicsCode: String?
    /// Signed on or after / before (exclusive) these dates.
    package var from: FPDSDateTime?
    package var to: FPDSDateTime?
    /// The action's obligation, inclusive bounds.
    package var minAmount: Double?
    package var maxAmount: Double?
    /// Only actions that yielded an event of this type.
    package var eventType: EventType?
    /// Only actions that matched this watchlist.
    package var watchlist: String?
    /// Newest or oldest signed first.
    package var order: SearchOrder = .newest
    /// Results per page, 1 to 200.
    package var limit: Int = 50
    /// Where the previous page ended (``SearchPage/nextCursor``).
    package var after: SearchCursor?
    /// Count facets (a CSV export walking every page does not need them).
    package var withFacets = true

    package init() {}
}

/// The order of search results: by signed date, then by the action's store id.
package enum SearchOrder: String, Sendable, Hashable, CaseIterable {
    case newest, oldest
}

/// A position in the result order: signed date, then ``ActionKey/orderingKey``.
package struct SearchCursor: Sendable, Hashable {
    package var signedDate: String
    /// ``ActionKey/orderingKey`` of the last action shown: ties in the date sort by it.
    package var orderingKey: Int64

    package init(signedDate: String, orderingKey: Int64) {
        self.signedDate = signedDate
        self.orderingKey = orderingKey
    }

    /// `2025-08-29T00:00:00~-4811025917713224519`, safe in a URL.
    package var token: String { CursorToken.token(signedDate, String(orderingKey)) }

    /// Reads a ``token``; nil when it is not one.
    package init?(token: String) {
        guard let parts = CursorToken.parts(token), let key = Int64(parts.tiebreak) else { return nil }
        self.init(signedDate: parts.position, orderingKey: key)
    }
}

/// The token of a listing's cursor, `position~tiebreak` (a date or time, then what orders rows
/// of the same one): the one format search, event and alert cursors share.
enum CursorToken {
    /// `position~tiebreak`.
    static func token(_ position: String, _ tiebreak: String) -> String {
        "\(position)~\(tiebreak)"
    }

    /// The two parts of a token; nil unless there are two and the position is at most 32
    /// characters (no date or time is longer).
    static func parts(_ token: String) -> (position: String, tiebreak: String)? {
        let parts = token.split(separator: "~", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count <= 32 else { return nil }
        return (String(parts[0]), String(parts[1]))
    }
}

/// One page of results.
package struct SearchPage: Sendable {
    package var actions: [StoredAction]
    /// Counts by contracting agency, by event type and by fiscal year of signing, over the
    /// matching actions (at most ``SearchPage/facetWindow`` of them, newest first).
    package var facets: [String: [FacetCount]]
    /// How many actions the facets counted; equal to ``facetWindow`` when there were more.
    package var facetTotal: Int
    /// The cursor of the next page, nil on the last.
    package var nextCursor: SearchCursor?

    /// The most matching actions facets are counted over: enough for any focused query, and a
    /// bound on the cost of a broad one.
    package static let facetWindow = 1_000

    package init(actions: [StoredAction], facets: [String: [FacetCount]], facetTotal: Int, nextCursor: SearchCursor?) {
        self.actions = actions
        self.facets = facets
        self.facetTotal = facetTotal
        self.nextCursor = nextCursor
    }
}

/// A facet value and how many matching actions have it.
package struct FacetCount: Sendable, Hashable {
    package var value: String
    package var label: String?
    package var count: Int

    package init(value: String, label: String?, count: Int) {
        self.value = value
        self.label = label
        self.count = count
    }
}

/// A vendor as the store knows it.
package struct VendorProfile: Sendable, Hashable {
    package var uei: String
    package var name: String?
    /// Every name the vendor's records carried, most used first.
    package var names: [String]
    package var cageCode: String?
    package var duns: String?
    package var country: String?
    package var ultimateParentUEI: String?
    package var ultimateParentName: String?
    package var firstSeen: String
    package var lastSeen: String
    package var actionCount: Int
    package var contractCount: Int
    /// The vendor's contracts, newest action first: agency, PIID, latest signed date, action count.
    package var contracts: [(agencyID: String, piid: String, lastSigned: String?, actions: Int)]

    package init(
        uei: String, name: String?, names: [String], cageCode: String?, duns: String?, country: String?,
        ultimateParentUEI: String?, ultimateParentName: String?, firstSeen: String, lastSeen: String,
        actionCount: Int, contractCount: Int,
        contracts: [(agencyID: String, piid: String, lastSigned: String?, actions: Int)]
    ) {
        self.uei = uei
        self.name = name
        self.names = names
        self.cageCode = cageCode
        self.duns = duns
        self.country = country
        self.ultimateParentUEI = ultimateParentUEI
        self.ultimateParentName = ultimateParentName
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.actionCount = actionCount
        self.contractCount = contractCount
        self.contracts = contracts
    }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.uei == rhs.uei && lhs.lastSeen == rhs.lastSeen }
    package func hash(into hasher: inout Hasher) { hasher.combine(uei) }
}
