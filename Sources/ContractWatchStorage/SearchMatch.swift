/// One action a search walk found, with the listing's sort key: signed date, then
/// ``ActionKey/orderingKey``.
struct SearchMatch: Sendable {
    var id: Int64
    var signedDate: String
    var orderingKey: Int64
}
