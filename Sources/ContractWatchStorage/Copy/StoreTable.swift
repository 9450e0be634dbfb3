/// One table of a store as `copy` moves it: its columns with their types, its key, and the
/// columns it fills only after every table is copied.
///
/// Both engines hold the same tables with the same columns (`SQLiteStore+Migrations.swift`,
/// `Postgres/Migrations/`); ``StoreTable/copied`` lists them in an order in which every row's
/// references are copied before it. A test compares this list with both live schemas, so a
/// column added to one engine and not here fails it.
package struct StoreTable: Sendable {
    /// How a column's values are read and bound.
    package enum ColumnType: Sendable {
        case integer, real, text, boolean, bytes
    }

    package struct Column: Sendable {
        package let name: String
        package let type: ColumnType
    }

    package let name: String
    package let columns: [Column]
    /// The primary key's columns: rows are read in this order, a page at a time.
    package let key: [String]
    /// Columns that refer to rows of a table copied later, or of the same table (an action's
    /// current version, an order's IDV): written NULL first and set once every row exists.
    package let laterReferences: [String]
    /// Whether an integer `id` is a generated identity (false: the rows' own, as events' are).
    let generatesID: Bool

    init(
        _ name: String, key: [String] = ["id"], laterReferences: [String] = [], generatesID: Bool = true,
        _ columns: [(String, ColumnType)]
    ) {
        self.name = name
        self.columns = columns.map { Column(name: $0.0, type: $0.1) }
        self.key = key
        self.laterReferences = laterReferences
        self.generatesID = generatesID
    }

    /// The positions of `names` among the columns, each of which the table must have.
    func positions(of names: [String]) -> [Int] {
        names.map { name in
            guard let position = columns.firstIndex(where: { $0.name == name }) else {
                preconditionFailure("\(self.name) has no column \(name)")
            }
            return position
        }
    }

    /// This table with only the key and the later references: the second pass of a copy.
    var laterReferencePass: StoreTable {
        StoreTable(
            name, key: key, laterReferences: [],
            generatesID: generatesID, positions(of: key + laterReferences).map { (columns[$0].name, columns[$0].type) })
    }

    /// Whether `id` is a generated identity, whose sequence a PostgreSQL copy must move past
    /// the copied rows.
    var hasGeneratedID: Bool {
        generatesID && key == ["id"] && columns.first { $0.name == "id" }?.type == .integer
    }

    /// `SELECT` of a page in key order, after a key (row values compare column by column in both
    /// engines), with SQLite's `?` placeholders.
    func pageSelect(after: Bool) -> String {
        let keyList = key.joined(separator: ", ")
        let condition = after ? " WHERE (\(keyList)) > (\(key.map { _ in "?" }.joined(separator: ", ")))" : ""
        return
            "SELECT \(columns.map(\.name).joined(separator: ", ")) FROM \(name)\(condition) ORDER BY \(keyList) LIMIT ?"
    }

    /// `INSERT` of `rows` rows, with SQLite's `?` placeholders.
    func insert(rows: Int) -> String {
        let row = "(" + columns.map { _ in "?" }.joined(separator: ", ") + ")"
        return "INSERT INTO \(name) (\(columns.map(\.name).joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// `UPDATE` of the later references of one row, which binds them and then the key.
    var laterReferenceUpdate: String {
        "UPDATE \(name) SET \(laterReferences.map { "\($0) = ?" }.joined(separator: ", ")) WHERE "
            + key.map { "\($0) = ?" }.joined(separator: " AND ")
    }

    /// How many rows one statement inserts: PostgreSQL binds at most 65,535 values, and pages of
    /// raw documents stay a few MB.
    var rowsPerInsert: Int {
        min(columns.contains { $0.type == .bytes } ? 200 : 500, 30_000 / columns.count)
    }
}

extension StoreTable {
    /// Every table `copy` moves, references first. The full-text index is not among them: each
    /// engine rebuilds its own from the copied rows. Neither are the migration records: a
    /// store's own migrations made its schema.
    package static let copied: [StoreTable] = [
        StoreTable(
            "sources",
            [("id", .integer), ("location", .text), ("format", .text), ("first_seen", .text), ("last_seen", .text)]),
        StoreTable(
            "agencies", key: ["code"],
            [
                ("code", .text), ("name", .text), ("department_id", .text), ("department_name", .text),
                ("as_of", .text),
            ]),
        StoreTable(
            "offices", key: ["agency_code", "code"],
            [("agency_code", .text), ("code", .text), ("name", .text), ("as_of", .text)]),
        StoreTable(
            "vendors",
            [
                ("id", .integer), ("uei", .text), ("name", .text), ("ultimate_parent_uei", .text),
                ("ultimate_parent_name", .text), ("cage_code", .text), ("duns", .text), ("country", .text),
                ("first_seen", .text), ("last_seen", .text), ("as_of", .text),
            ]),
        StoreTable(
            "contracts", laterReferences: ["idv_contract_id"],
            [
                ("id", .integer), ("agency_id", .text), ("piid", .text), ("idv_agency_id", .text),
                ("idv_piid", .text), ("is_idv", .boolean), ("idv_contract_id", .integer), ("revision", .integer),
                ("classified_revision", .integer), ("timeline_summary", .text),
            ]),
        StoreTable(
            "actions", laterReferences: ["current_version_id"],
            [
                ("id", .integer), ("agency_id", .text), ("piid", .text), ("idv_agency_id", .text),
                ("idv_piid", .text), ("mod_number", .text), ("transaction_number", .text), ("kind", .text),
                ("contract_id", .integer), ("vendor_id", .integer), ("current_version_id", .integer),
                ("signed_date", .text), ("ordering_key", .integer),
            ]),
        StoreTable("version_texts", [("id", .integer), ("text", .text)]),
        StoreTable(
            "action_versions",
            [
                ("id", .integer), ("action_id", .integer), ("content_hash", .bytes), ("first_seen", .integer),
                ("last_seen", .integer), ("source_id", .integer), ("source_url_address_id", .integer),
                ("source_url_rest", .text), ("signed_date", .text),
                ("effective_date", .text), ("current_completion_date", .text), ("ultimate_completion_date", .text),
                ("obligated_amount", .text), ("base_and_exercised_options_value", .text),
                ("base_and_all_options_value", .text), ("total_obligated_amount", .text),
                ("contract_action_type", .text), ("contract_action_type_description_id", .integer),
                ("reason_for_modification", .text), ("reason_for_modification_description_id", .integer),
                ("description", .text), ("vendor_name", .text), ("vendor_uei", .text),
                ("ultimate_parent_uei", .text), ("ultimate_parent_name", .text), ("cage_code", .text),
                ("contracting_agency_id", .text), ("contracting_office_id", .text), ("funding_agency_id", .text),
                ("product_or_service_code", .text), ("product_or_service_description_id", .integer),
                ("naics_code", .text), ("naics_description_id", .integer), ("last_modified_date", .text),
                ("vendor_duns", .text), ("vendor_alternate_names", .text), ("vendor_country", .text),
                ("is_deletion", .boolean), ("is_key_only", .boolean),
            ]),
        StoreTable("raw_dictionaries", [("id", .integer), ("trained_at", .text), ("bytes", .bytes)]),
        StoreTable(
            "ingested_files", key: ["sha256", "as_deletions"],
            [
                ("sha256", .text), ("as_deletions", .boolean), ("bytes", .integer), ("path", .text),
                ("records", .integer), ("ingested_at", .text),
            ]),
        StoreTable(
            "version_documents", key: ["version_id"],
            [("version_id", .integer), ("raw_document", .bytes), ("raw_encoding", .text)]),
        StoreTable(
            "pending_documents", key: ["version_id"],
            [("version_id", .integer), ("raw_document", .bytes), ("raw_encoding", .text)]),
        StoreTable(
            "events", generatesID: false,
            [
                ("id", .integer), ("contract_id", .integer), ("action_id", .integer), ("type", .integer),
                ("date", .integer),
                ("amount", .text), ("confidence", .real), ("is_partial", .boolean), ("evidence", .text),
                ("detected_at", .integer), ("detection_latency_seconds", .integer), ("contracting_agency_id", .text),
                ("funding_agency_id", .text), ("vendor_id", .integer),
            ]),
        StoreTable(
            "watchlists",
            [
                ("id", .integer), ("name", .text), ("description", .text), ("builtin", .boolean),
                ("created_at", .text), ("updated_at", .text), ("enabled", .boolean),
            ]),
        StoreTable(
            "watchlist_entries",
            [
                ("id", .integer), ("watchlist_id", .integer), ("entry_id", .text), ("kind", .text), ("body", .text),
                ("updated_at", .text),
            ]),
        StoreTable(
            "watchlist_matches", key: ["entry_row", "action_id"],
            [
                ("entry_row", .integer), ("action_id", .integer), ("vendor_key", .text), ("score", .real),
                ("explanation", .text), ("historical", .boolean), ("matched_at", .text),
            ]),
        StoreTable(
            "judgements", key: ["watchlist", "entry_id", "vendor_key"],
            [
                ("watchlist", .text), ("entry_id", .text), ("vendor_key", .text), ("same", .boolean),
                ("note", .text), ("decided_at", .text),
            ]),
        StoreTable(
            "builtin_watchlists", key: ["name"],
            [("name", .text), ("document_hash", .text), ("installed_at", .text)]),
        StoreTable(
            "api_tokens",
            [
                ("id", .integer), ("name", .text), ("secret_hash", .text), ("created_at", .text),
                ("last_used_at", .text),
            ]),
        StoreTable(
            "alerts",
            [
                ("id", .text), ("event_id", .integer), ("watchlist", .text), ("entry_id", .text),
                ("historical", .boolean), ("created_at", .text),
            ]),
        StoreTable(
            "webhooks",
            [
                ("id", .integer), ("url", .text), ("watchlist", .text), ("secret", .text), ("created_at", .text),
                ("format", .text),
            ]),
        StoreTable(
            "deliveries", key: ["alert_id", "webhook_id"],
            [
                ("alert_id", .text), ("webhook_id", .integer), ("status", .text), ("attempts", .integer),
                ("next_attempt_at", .text), ("last_error", .text), ("delivered_at", .text),
            ]),
        StoreTable(
            "sync_windows",
            [
                ("id", .integer), ("source", .text), ("endpoint", .text), ("query", .text), ("day_from", .text),
                ("day_to", .text), ("pass", .integer), ("last_page", .integer), ("expected_total", .integer),
                ("started_at", .text), ("updated_at", .text), ("completed_at", .text), ("final", .boolean),
                ("error", .text),
            ]),
        StoreTable(
            "sync_pages", key: ["window_id", "pass", "page"],
            [
                ("window_id", .integer), ("pass", .integer), ("page", .integer), ("entries", .integer),
                ("stored_at", .text),
            ]),
        StoreTable(
            "sync_runs",
            [
                ("id", .integer), ("source", .text), ("endpoint", .text), ("query", .text), ("started_at", .text),
                ("finished_at", .text), ("outcome", .text), ("windows", .integer), ("pages", .integer),
                ("new_actions", .integer), ("new_versions", .integer), ("rejected", .integer), ("message", .text),
            ]),
    ]

    /// The text the full-text index holds for each action with a current version, as
    /// `BatchWriter.searchText` makes it, from the copied rows: the description, the vendor's
    /// name, the agency's and its department's names, the office's name. Agency and office
    /// names are the store's reference names, the newest published. Last, the signed date and the
    /// ordering key (SQLite keys its index rows by them).
    static let searchTextSelect = """
        SELECT a.id, v.description, v.vendor_name,
               trim(coalesce(ag.name, '') || ' ' || coalesce(ag.department_name, '')), o.name, a.signed_date,
               a.ordering_key
        FROM actions a
        JOIN action_versions v ON v.id = a.current_version_id
        LEFT JOIN agencies ag ON ag.code = v.contracting_agency_id
        LEFT JOIN offices o ON o.agency_code = v.contracting_agency_id AND o.code = v.contracting_office_id
        ORDER BY a.id
        """
}
