/// Which of a contract's modifications its page lists: pages of ``size``, numbered from the newest.
///
/// FPDS holds contracts with thousands of modifications; listing them all made a page of megabytes
/// that took seconds to render. The page keeps the whole contract in its summary, chart and
/// stop-work table, and lists one window of modifications, oldest first within it. Page 1 holds the
/// newest, because a reader arrives for what just happened. A link to one modification asks for the
/// page that holds it (`?mod=`), so it stays right as the contract grows.
struct ModificationWindow: Equatable {
    /// How many modifications one page lists. A modification with its events costs about a
    /// quarter of a millisecond to render on a 2-core machine (swift-mustache looks every value up
    /// by name); 25 keep a page within 20 ms beside reading the whole contract.
    static let size = 25

    /// The positions listed, in the contract's order (oldest first).
    let positions: Range<Int>
    /// This page's number: 1 holds the newest.
    let page: Int
    /// How many pages the contract's modifications fill (at least 1).
    let pages: Int

    /// How many pages `count` modifications fill (at least 1).
    static func pages(count: Int) -> Int {
        max(1, (count + size - 1) / size)
    }

    /// The page numbered `page`, of a contract with `count` modifications.
    /// - Returns: nil when there is no such page.
    init?(count: Int, page: Int) {
        let pages = Self.pages(count: count)
        guard (1...pages).contains(page) else { return nil }
        self.init(count: count, page: page, of: pages)
    }

    /// The page that lists the modification at `position` (0 is the oldest) of `count`.
    init(count: Int, holding position: Int) {
        self.init(count: count, page: (count - 1 - position) / Self.size + 1, of: Self.pages(count: count))
    }

    private init(count: Int, page: Int, of pages: Int) {
        let upper = count - (page - 1) * Self.size
        self.positions = max(0, upper - Self.size)..<upper
        self.page = page
        self.pages = pages
    }

    /// The page of older modifications, if any.
    var earlier: Int? { page < pages ? page + 1 : nil }
    /// The page of newer modifications, if any.
    var later: Int? { page > 1 ? page - 1 : nil }
}
