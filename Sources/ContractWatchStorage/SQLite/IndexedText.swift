import GRDB

/// The text the SQLite full-text index (`action_search`) holds for one action, by column.
///
/// The index keeps no copy of its text (an FTS5 table with `content=''`): a copy cost a third of
/// a kilobyte per action, and the store holds the text already. A contentless row is removed by
/// handing FTS5 the very text it was made from, so that text must be readable later exactly:
/// the description and vendor name are the action's current version's, and the agency and office
/// names (as that version published them; the `agencies` and `offices` tables keep only the
/// newest) are kept, interned in `search_names`, in `action_search_names`, one row per action.
/// Every row of the index is written and removed through this type, from those columns.
struct IndexedText {
    var description: String?
    var vendorName: String?
    /// The contracting agency's and its department's names, space-separated.
    var agencyName: String?
    var officeName: String?

    /// The statement that adds a row to the index: key, then the four columns.
    static let insert =
        "INSERT INTO action_search (rowid, description, vendor_name, agency_name, office_name) VALUES (?, ?, ?, ?, ?)"

    /// The statement that removes a row from the index, given the text it was made from.
    static let delete = """
        INSERT INTO action_search (action_search, rowid, description, vendor_name, agency_name, office_name)
        VALUES ('delete', ?, ?, ?, ?, ?)
        """

    /// The columns of the text each action is indexed with, from its current version and its
    /// interned names, after `FROM actions a`; its values in ``init(row:at:)``'s order.
    static let columns = "v.description, v.vendor_name, sa.name, so.name"
    static let joins = """
        JOIN action_versions v ON v.id = a.current_version_id
        LEFT JOIN action_search_names n ON n.action_id = a.id
        LEFT JOIN search_names sa ON sa.id = n.agency_name_id
        LEFT JOIN search_names so ON so.id = n.office_name_id
        """

    init(description: String?, vendorName: String?, agencyName: String?, officeName: String?) {
        self.description = description
        self.vendorName = vendorName
        // Empty text and no text index the same (no terms), and are kept alike, as no name.
        self.agencyName = agencyName?.isEmpty == false ? agencyName : nil
        self.officeName = officeName?.isEmpty == false ? officeName : nil
    }

    /// The four values of ``columns`` in `row`, from `index` on.
    init(row: Row, at index: Int) {
        self.init(
            description: row[index], vendorName: row[index + 1], agencyName: row[index + 2], officeName: row[index + 3])
    }

    /// The text action `actionID` is indexed with now, read from the columns it was made from;
    /// nil when the action has no current version.
    static func current(of actionID: Int64, in db: Database) throws -> IndexedText? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(columns) FROM actions a \(joins) WHERE a.id = ?"),
            arguments: [actionID]
        ).map { IndexedText(row: $0, at: 0) }
    }

    /// Adds the action's row to the index under `key` and keeps its names (the action's current
    /// version must be the one the text is of).
    func index(actionID: Int64, key: Int64, in db: Database, names: inout SearchNames) throws {
        try insert(key: key, in: db)
        try db.cachedStatement(
            sql: """
                INSERT INTO action_search_names (action_id, agency_name_id, office_name_id) VALUES (?, ?, ?)
                ON CONFLICT (action_id) DO UPDATE SET
                    agency_name_id = excluded.agency_name_id, office_name_id = excluded.office_name_id
                """
        ).execute(arguments: [actionID, try names.id(of: agencyName, in: db), try names.id(of: officeName, in: db)])
    }

    /// Calls `body` with the key (``FullTextKey``) and the text of every action's row, as the
    /// store's columns give them: the whole index made afresh, for a migration that rebuilds it
    /// and for checking it against a rebuild.
    static func forEachRow(in db: Database, _ body: (_ key: Int64, _ text: IndexedText) throws -> Void) throws {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT a.id, a.signed_date, a.ordering_key, \(columns) FROM actions a \(joins)")
        while let row = try rows.next() {
            try body(
                FullTextKey.key(signedDate: row[1], orderingKey: row[2], actionID: row[0]), IndexedText(row: row, at: 3)
            )
        }
    }

    /// Adds the action's row to the index under `key`, its names being kept already.
    func insert(key: Int64, in db: Database) throws {
        try db.cachedStatement(sql: Self.insert).execute(arguments: [
            key, description, vendorName, agencyName, officeName,
        ])
    }

    /// Removes the row this text was indexed under `key`.
    func remove(key: Int64, in db: Database) throws {
        try db.cachedStatement(sql: Self.delete).execute(arguments: [
            key, description, vendorName, agencyName, officeName,
        ])
    }
}

/// The ids of names in `search_names`, each added on first use and remembered: one value lives
/// no longer than the transaction it is used in, which may roll back what it added.
struct SearchNames {
    private var ids: [String: Int64] = [:]

    /// The id of `name`, added to the table if new; nil for no name.
    mutating func id(of name: String?, in db: Database) throws -> Int64? {
        guard let name else { return nil }
        if let id = ids[name] { return id }
        var id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM search_names WHERE name = ?"), arguments: [name])
        if id == nil {
            try db.cachedStatement(sql: "INSERT INTO search_names (name) VALUES (?)").execute(arguments: [name])
            id = db.lastInsertedRowID
        }
        ids[name] = id
        return id
    }
}
