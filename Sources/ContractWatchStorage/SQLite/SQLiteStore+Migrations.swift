import ContractWatchCore
import FPDS
import Foundation
import GRDB

extension SQLiteStore {
    /// Numbered migrations, applied in order and recorded in the store. Never edit a shipped one:
    /// add the next number.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerRacing("001-versioned-actions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sources (
                        id INTEGER PRIMARY KEY,
                        location TEXT NOT NULL UNIQUE,      -- file path or feed URL
                        format TEXT NOT NULL,               -- fpds-xml, sam-json, usaspending-csv
                        first_seen TEXT NOT NULL,
                        last_seen TEXT NOT NULL
                    );
                    CREATE TABLE agencies (
                        code TEXT PRIMARY KEY,
                        name TEXT,
                        department_id TEXT,
                        department_name TEXT
                    );
                    CREATE TABLE offices (
                        agency_code TEXT NOT NULL,
                        code TEXT NOT NULL,
                        name TEXT,
                        PRIMARY KEY (agency_code, code)
                    ) WITHOUT ROWID;
                    CREATE TABLE vendors (
                        id INTEGER PRIMARY KEY,
                        uei TEXT NOT NULL UNIQUE,
                        name TEXT,
                        ultimate_parent_uei TEXT,
                        ultimate_parent_name TEXT,
                        cage_code TEXT,
                        first_seen TEXT NOT NULL,
                        last_seen TEXT NOT NULL
                    );
                    CREATE TABLE contracts (
                        id INTEGER PRIMARY KEY,
                        agency_id TEXT NOT NULL,
                        piid TEXT NOT NULL,
                        idv_agency_id TEXT NOT NULL DEFAULT '',
                        idv_piid TEXT NOT NULL DEFAULT '',
                        is_idv INTEGER NOT NULL DEFAULT 0,
                        -- the IDV this order is placed under, once that IDV is stored
                        idv_contract_id INTEGER REFERENCES contracts(id),
                        UNIQUE (agency_id, piid, idv_agency_id, idv_piid)
                    );
                    CREATE INDEX contracts_by_idv ON contracts(idv_agency_id, idv_piid);
                    CREATE TABLE actions (
                        id INTEGER PRIMARY KEY,
                        agency_id TEXT NOT NULL,
                        piid TEXT NOT NULL,
                        idv_agency_id TEXT NOT NULL DEFAULT '',
                        idv_piid TEXT NOT NULL DEFAULT '',
                        mod_number TEXT NOT NULL,
                        transaction_number TEXT NOT NULL DEFAULT '',
                        kind TEXT NOT NULL,
                        contract_id INTEGER NOT NULL REFERENCES contracts(id),
                        vendor_id INTEGER REFERENCES vendors(id),
                        current_version_id INTEGER REFERENCES action_versions(id),
                        first_seen TEXT NOT NULL,
                        last_seen TEXT NOT NULL,
                        -- the natural key of DESIGN.md
                        UNIQUE (agency_id, piid, idv_agency_id, idv_piid, mod_number, transaction_number, kind)
                    );
                    CREATE INDEX actions_by_contract ON actions(contract_id);
                    CREATE INDEX actions_by_vendor ON actions(vendor_id);
                    CREATE TABLE action_versions (
                        id INTEGER PRIMARY KEY,
                        action_id INTEGER NOT NULL REFERENCES actions(id),
                        content_hash TEXT NOT NULL,
                        first_seen TEXT NOT NULL,
                        last_seen TEXT NOT NULL,
                        source_id INTEGER NOT NULL REFERENCES sources(id),
                        source_url TEXT,
                        raw_document BLOB NOT NULL,         -- the source bytes, compressed
                        raw_encoding TEXT NOT NULL,         -- zstd
                        signed_date TEXT,
                        effective_date TEXT,
                        current_completion_date TEXT,
                        ultimate_completion_date TEXT,
                        obligated_amount TEXT,              -- decimal text exactly as published
                        base_and_exercised_options_value TEXT,
                        base_and_all_options_value TEXT,
                        total_obligated_amount TEXT,
                        contract_action_type TEXT,
                        contract_action_type_description TEXT,
                        reason_for_modification TEXT,
                        reason_for_modification_description TEXT,
                        description TEXT,
                        vendor_name TEXT,
                        vendor_uei TEXT,
                        ultimate_parent_uei TEXT,
                        ultimate_parent_name TEXT,
                        cage_code TEXT,
                        contracting_agency_id TEXT,
                        contracting_office_id TEXT,
                        funding_agency_id TEXT,
                        product_or_service_code TEXT,
                        product_or_service_description TEXT,
                        naics_code TEXT,
                        naics_description TEXT,
                        last_modified_date TEXT,
                        UNIQUE (action_id, content_hash)
                    );
                    -- Full text over the current version of each action; rowid = actions.id (until 018).
                    CREATE VIRTUAL TABLE action_search USING fts5(
                        description, vendor_name, agency_name, office_name,
                        tokenize = 'porter unicode61'
                    );
                    """)
        }
        migrator.registerRacing("002-events") { db in
            try db.execute(
                sql: """
                    CREATE TABLE events (
                        id TEXT PRIMARY KEY,                -- ev_ + hash of action key and type
                        contract_id INTEGER NOT NULL REFERENCES contracts(id),
                        action_id INTEGER NOT NULL REFERENCES actions(id),
                        type TEXT NOT NULL,
                        date TEXT,
                        amount TEXT,
                        confidence REAL NOT NULL,
                        is_partial INTEGER NOT NULL,
                        evidence TEXT NOT NULL,             -- JSON array
                        detected_at TEXT NOT NULL           -- when first derived; kept on re-classification
                    );
                    CREATE INDEX events_by_date ON events(date, id);
                    CREATE INDEX events_by_type ON events(type, date);
                    CREATE INDEX events_by_contract ON events(contract_id);
                    -- Set in the transaction that adds an action or version, cleared in the one that
                    -- replaces the contract's events: a killed run leaves the flag for the next.
                    ALTER TABLE contracts ADD COLUMN events_stale INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX contracts_with_stale_events ON contracts(events_stale) WHERE events_stale = 1;
                    """)
        }
        // `events_stale` became a change counter (raised by each write, cleared only if unchanged
        // since the classifier's read), so the flagged contracts are those above zero.
        migrator.registerRacing("003-stale-counter") { db in
            try db.execute(
                sql: """
                    DROP INDEX contracts_with_stale_events;
                    CREATE INDEX contracts_with_stale_events ON contracts(events_stale) WHERE events_stale > 0;
                    """)
        }
        migrator.registerRacing("004-watchlists") { db in
            try db.execute(
                sql: """
                    -- Vendor identity beyond the UEI: legacy DUNS, other names, location. Versions
                    -- stored before this migration have NULL here until their records are re-read.
                    ALTER TABLE action_versions ADD COLUMN vendor_duns TEXT;
                    ALTER TABLE action_versions ADD COLUMN vendor_alternate_names TEXT;  -- one per line
                    ALTER TABLE action_versions ADD COLUMN vendor_country TEXT;
                    ALTER TABLE vendors ADD COLUMN duns TEXT;
                    ALTER TABLE vendors ADD COLUMN country TEXT;

                    CREATE TABLE watchlists (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        description TEXT,
                        builtin INTEGER NOT NULL DEFAULT 0,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    CREATE TABLE watchlist_entries (
                        id INTEGER PRIMARY KEY,
                        watchlist_id INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
                        entry_id TEXT NOT NULL,            -- the entry's slug, unique in its list
                        kind TEXT NOT NULL,
                        body TEXT NOT NULL,                -- the entry as JSON, exactly as imported
                        updated_at TEXT NOT NULL,
                        UNIQUE (watchlist_id, entry_id)
                    );
                    -- What screening found: one row per (entry, action), first-found time kept.
                    CREATE TABLE watchlist_matches (
                        entry_row INTEGER NOT NULL REFERENCES watchlist_entries(id) ON DELETE CASCADE,
                        action_id INTEGER NOT NULL REFERENCES actions(id),
                        vendor_key TEXT NOT NULL,          -- uei:… or name:…, what judgements refer to
                        score REAL NOT NULL,
                        explanation TEXT NOT NULL,         -- JSON array of features
                        historical INTEGER NOT NULL,       -- found by re-screening stored history
                        matched_at TEXT NOT NULL,
                        PRIMARY KEY (entry_row, action_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX watchlist_matches_by_action ON watchlist_matches(action_id);
                    -- People's verdicts on a vendor against an entry, by natural keys so that they
                    -- survive re-ingest and re-import.
                    CREATE TABLE judgements (
                        watchlist TEXT NOT NULL,
                        entry_id TEXT NOT NULL,
                        vendor_key TEXT NOT NULL,
                        same INTEGER NOT NULL,             -- 1: the same entity; 0: not the same
                        note TEXT,
                        decided_at TEXT NOT NULL,
                        PRIMARY KEY (watchlist, entry_id, vendor_key)
                    );
                    -- Which shipped version of each built-in list this store has taken in.
                    CREATE TABLE builtin_watchlists (
                        name TEXT PRIMARY KEY,
                        document_hash TEXT NOT NULL,
                        installed_at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerRacing("005-search-and-tokens") { db in
            try db.execute(
                sql: """
                    -- The current version's signed date, on the action, so that search can walk
                    -- actions newest first by index and page by (signed_date, id).
                    ALTER TABLE actions ADD COLUMN signed_date TEXT NOT NULL DEFAULT '';
                    UPDATE actions SET signed_date = coalesce(
                        (SELECT v.signed_date FROM action_versions v WHERE v.id = actions.current_version_id), '');
                    CREATE INDEX actions_by_signed_date ON actions(signed_date, id);
                    -- API tokens: only the SHA-256 of the secret is kept.
                    CREATE TABLE api_tokens (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL,
                        secret_hash TEXT NOT NULL UNIQUE,
                        created_at TEXT NOT NULL,
                        last_used_at TEXT
                    );
                    """)
        }
        // Search facets and event lookups by action ask this for every matching action.
        migrator.registerRacing("006-events-by-action") { db in
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS events_by_action ON events(action_id, type)")
        }
        // The source documents leave the version rows: a compressed document stored before the
        // values made every read of a later column walk the document's overflow pages (search on
        // a million actions spent most of its time there).
        migrator.registerRacing("007-documents-apart") { db in
            try db.execute(
                sql: """
                    CREATE TABLE version_documents (
                        version_id INTEGER PRIMARY KEY REFERENCES action_versions(id),
                        raw_document BLOB NOT NULL,         -- the source bytes, compressed
                        raw_encoding TEXT NOT NULL          -- zstd
                    );
                    INSERT INTO version_documents (version_id, raw_document, raw_encoding)
                        SELECT id, raw_document, raw_encoding FROM action_versions;
                    ALTER TABLE action_versions DROP COLUMN raw_document;
                    ALTER TABLE action_versions DROP COLUMN raw_encoding;
                    """)
        }
        migrator.registerRacing("008-alerts") { db in
            try db.execute(
                sql: """
                    -- One alert per (event, watchlist entry), created once; its id is stable for receivers.
                    CREATE TABLE alerts (
                        id TEXT PRIMARY KEY,
                        event_id TEXT NOT NULL,
                        watchlist TEXT NOT NULL,
                        entry_id TEXT NOT NULL,
                        historical INTEGER NOT NULL,
                        created_at TEXT NOT NULL
                    );
                    CREATE INDEX alerts_by_time ON alerts(created_at, id);
                    CREATE TABLE webhooks (
                        id INTEGER PRIMARY KEY,
                        url TEXT NOT NULL,
                        watchlist TEXT,                    -- NULL: every list
                        secret TEXT NOT NULL,              -- signs bodies; never returned after creation
                        created_at TEXT NOT NULL
                    );
                    -- The outbox: a row per alert and webhook until delivered or given up.
                    CREATE TABLE deliveries (
                        alert_id TEXT NOT NULL REFERENCES alerts(id),
                        webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                        status TEXT NOT NULL,              -- pending, delivered, failed
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at TEXT NOT NULL,
                        last_error TEXT,
                        delivered_at TEXT,
                        PRIMARY KEY (alert_id, webhook_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at);
                    """)
        }
        migrator.registerRacing("009-deletions-and-latency") { db in
            try db.execute(
                sql: """
                    -- A deletion notice (FPDS's DELETED feed, SAM.gov's deleted records) is a version
                    -- like any other; when it is current, the action reads as deleted.
                    ALTER TABLE action_versions ADD COLUMN is_deletion INTEGER NOT NULL DEFAULT 0;
                    -- A notice that named only the key: its values were copied from the version it
                    -- deleted, so its last_modified_date is that version's, not the deletion's.
                    ALTER TABLE action_versions ADD COLUMN is_key_only INTEGER NOT NULL DEFAULT 0;
                    -- Seconds from the action's last_modified_date (FPDS's clock, read as U.S. Eastern)
                    -- to detected_at, measured when the event is first stored and kept with detected_at.
                    -- NULL when unknown, and for events stored before this migration.
                    ALTER TABLE events ADD COLUMN detection_latency_seconds INTEGER;
                    CREATE INDEX events_by_detection ON events(detected_at, detection_latency_seconds);
                    """)
        }
        registerSyncMigration(in: &migrator)
        // A counter that went back to zero let a classification read before two writes pass its
        // check after them (the counter was back at the value it had read), and store events
        // derived from an older snapshot over newer ones. The revision now only ever rises, and
        // the revision the stored events were derived from is kept beside it.
        migrator.registerRacing("011-classification-revisions") { db in
            try db.execute(
                sql: """
                    ALTER TABLE contracts ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE contracts ADD COLUMN classified_revision INTEGER NOT NULL DEFAULT 0;
                    UPDATE contracts SET revision = events_stale;
                    DROP INDEX contracts_with_stale_events;
                    ALTER TABLE contracts DROP COLUMN events_stale;
                    CREATE INDEX contracts_with_stale_events ON contracts(id) WHERE revision > classified_revision;
                    """)
        }
        registerFeedIndexMigration(in: &migrator)
        // Listings broke ties in the signed date by row number, that is by arrival, and vendor,
        // agency and office names were the last one read: two stores of the same records showed
        // different pages. Ties now sort by a key derived from the action's identity, and names
        // come from the newest record that gives one.
        migrator.registerRacing("013-order-independent-listings") { db in
            try db.execute(
                sql: """
                    ALTER TABLE actions ADD COLUMN ordering_key INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE vendors ADD COLUMN as_of TEXT NOT NULL DEFAULT '';
                    ALTER TABLE agencies ADD COLUMN as_of TEXT NOT NULL DEFAULT '';
                    ALTER TABLE offices ADD COLUMN as_of TEXT NOT NULL DEFAULT '';
                    """)
            let update = try db.makeStatement(sql: "UPDATE actions SET ordering_key = ? WHERE id = ?")
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT id, kind, agency_id, piid, mod_number, transaction_number, idv_agency_id, idv_piid
                    FROM actions
                    """)
            while let row = try rows.next() {
                guard let kind = FPDSRecord.Kind(rawValue: row["kind"]) else { continue }
                let key = ActionKey(
                    kind: kind, agencyID: row["agency_id"], piid: row["piid"], modNumber: row["mod_number"],
                    transactionNumber: row["transaction_number"], idvAgencyID: row["idv_agency_id"],
                    idvPIID: row["idv_piid"])
                try update.execute(arguments: [key.orderingKey, row["id"] as Int64])
            }
            try db.execute(
                sql: """
                    DROP INDEX actions_by_signed_date;
                    CREATE INDEX actions_by_signed_date ON actions(signed_date, ordering_key);
                    """)
        }
        // Keyword entries were SQLite FTS5 queries; they are now in ContractWatch's search
        // language, which `piid:` terms look up by contract.
        migrator.registerRacing("014-search-language") { db in
            try db.execute(
                sql: """
                    CREATE INDEX contracts_by_piid ON contracts(piid);
                    CREATE INDEX contracts_by_idv_piid ON contracts(idv_piid);
                    """)
            let decoder = JSONDecoder()
            let encoder = JSONEncoder()
            encoder.outputFormatting = Self.watchlistEntryFormatting
            for row in try Row.fetchAll(db, sql: "SELECT id, body FROM watchlist_entries") {
                var entry = try decoder.decode(WatchlistEntry.self, from: Data((row["body"] as String).utf8))
                guard entry.kind == .keyword, let query = entry.query else { continue }
                let rewritten = SearchExpression.rewritingFullTextQuery(query)
                guard rewritten != query else { continue }
                entry.query = rewritten
                try db.execute(
                    sql: "UPDATE watchlist_entries SET body = ? WHERE id = ?",
                    arguments: [String(decoding: try encoder.encode(entry), as: UTF8.self), row["id"] as Int64])
            }
        }
        // Alert ids are Core's; the store finds the matches not yet alerted by what an alert is of.
        migrator.registerRacing("015-alerts-by-event") { db in
            try db.execute(sql: "CREATE INDEX alerts_by_event ON alerts(event_id, watchlist, entry_id)")
        }
        // A list can be disabled (it then makes no alerts), and a webhook can ask for Slack's body.
        migrator.registerRacing("016-disabled-lists-and-webhook-formats") { db in
            try db.execute(
                sql: """
                    ALTER TABLE watchlists ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1;
                    ALTER TABLE webhooks ADD COLUMN format TEXT NOT NULL DEFAULT 'json';  -- json, slack
                    """)
        }
        // Raw documents compress with dictionaries trained from the store's own documents
        // (`RawDocumentCodec`); each is kept for as long as any document names it in its
        // `raw_encoding` (`zstd-dict:<id>`). Documents already stored keep their encoding.
        migrator.registerRacing("017-raw-dictionaries") { db in
            try db.execute(
                sql: """
                    CREATE TABLE raw_dictionaries (
                        id INTEGER PRIMARY KEY,
                        trained_at TEXT NOT NULL,
                        bytes BLOB NOT NULL                 -- a zstd dictionary
                    )
                    """)
        }
        // Text search read every match to sort it by date. Rows of the full-text index are now
        // keyed by signed day and action (`FullTextKey`), so a search walks them in date order
        // and stops when its page is full.
        migrator.registerRacing("018-full-text-by-date") { db in
            try db.execute(
                sql: """
                    CREATE VIRTUAL TABLE action_search_by_date USING fts5(
                        description, vendor_name, agency_name, office_name,
                        tokenize = 'porter unicode61'
                    )
                    """)
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO action_search_by_date (rowid, description, vendor_name, agency_name, office_name)
                    VALUES (?, ?, ?, ?, ?)
                    """)
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT a.signed_date, s.rowid, s.description, s.vendor_name, s.agency_name, s.office_name
                    FROM action_search s JOIN actions a ON a.id = s.rowid
                    """)
            while let row = try rows.next() {
                let key = FullTextKey.keyBefore035(signedDate: row[0], actionID: row[1])
                try insert.execute(arguments: [key, row[2], row[3], row[4], row[5]])
            }
            try db.execute(
                sql: """
                    DROP TABLE action_search;
                    ALTER TABLE action_search_by_date RENAME TO action_search;
                    """)
        }
        // Files whose every record the store holds, by the SHA-256 of their bytes: ingest passes
        // over them when they are read again (`IngestedFile`), unless asked to read them.
        migrator.registerRacing("019-ingested-files") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ingested_files (
                        sha256 TEXT NOT NULL,
                        as_deletions INTEGER NOT NULL,      -- read as deletion notices
                        bytes INTEGER NOT NULL,
                        path TEXT NOT NULL,                 -- where it was read from, the first time
                        records INTEGER NOT NULL,
                        ingested_at TEXT NOT NULL,
                        PRIMARY KEY (sha256, as_deletions)
                    ) WITHOUT ROWID
                    """)
        }
        // Each contract's timeline, stored by classification beside its events
        // (`TimelineSummary`), so that a citation tells it from one row. NULL until the contract
        // is next classified; citations read the whole contract until then.
        migrator.registerRacing("020-contract-timelines") { db in
            try db.execute(sql: "ALTER TABLE contracts ADD COLUMN timeline_summary TEXT")
        }
        // A counter every write of actions, versions or events raises, so that a server keeps a
        // search's facet counts until the records change (`GenerationCache`).
        migrator.registerRacing("021-search-generation") { db in
            try db.execute(
                sql: """
                    CREATE TABLE search_generation (generation INTEGER NOT NULL);
                    INSERT INTO search_generation VALUES (0);
                    """)
        }
        // Versions by agency, so that a filter on an agency that signs few actions reads them
        // rather than walking the whole date index (`RareAgencySQL`).
        migrator.registerRacing("022-versions-by-agency") { db in
            try db.execute(
                sql: """
                    CREATE INDEX action_versions_by_contracting_agency ON action_versions(contracting_agency_id);
                    CREATE INDEX action_versions_by_funding_agency ON action_versions(funding_agency_id);
                    """)
        }
        // Each event keeps its action's agencies, so that an agency filter tests the event row
        // alone as the events listing walks them by date (as `EventSQL.copyActionParties` keeps them).
        migrator.registerRacing("023-event-agencies") { db in
            try db.execute(
                sql: """
                    ALTER TABLE events ADD COLUMN contracting_agency_id TEXT;
                    ALTER TABLE events ADD COLUMN funding_agency_id TEXT;
                    UPDATE events SET
                        contracting_agency_id = (SELECT cv.contracting_agency_id FROM actions a
                                                 JOIN action_versions cv ON cv.id = a.current_version_id
                                                 WHERE a.id = events.action_id),
                        funding_agency_id = (SELECT cv.funding_agency_id FROM actions a
                                             JOIN action_versions cv ON cv.id = a.current_version_id
                                             WHERE a.id = events.action_id);
                    """)
        }
        // A vendor's actions newest first, read in order and stopped at the page, as PostgreSQL's
        // migration 007: a vendor with 40,000 actions had them all sorted for each page (180 ms at
        // five million actions). It serves every lookup the index on vendor_id alone served.
        migrator.registerRacing("024-actions-by-vendor-and-date") { db in
            try db.execute(
                sql: """
                    CREATE INDEX actions_by_vendor_and_date ON actions(vendor_id, signed_date, ordering_key);
                    DROP INDEX actions_by_vendor;
                    """)
        }
        // Each action's agency codes in the listing's order, so that an agency filter reads its page
        // from one range per code and stops there, wherever the agency's actions lie in time
        // (`ActionAgencySQL`).
        migrator.registerRacing("025-action-agencies") { db in
            try db.execute(
                sql: """
                    CREATE TABLE action_agencies (
                        code TEXT NOT NULL,                 -- contracting or funding agency of the current version
                        signed_date TEXT NOT NULL,          -- the action's, as actions hold it
                        ordering_key INTEGER NOT NULL,
                        action_id INTEGER NOT NULL REFERENCES actions(id),
                        PRIMARY KEY (code, signed_date, ordering_key, action_id)
                    ) WITHOUT ROWID;
                    \(ActionAgencySQL.fill);
                    """)
        }
        // Events by agency, in the listing's order, so that an agency filter reads its page from
        // two ranges per code (`EventSQL.agencyListing`); the funding agency's only where it is
        // not the contracting agency's, which finds the event already (`IS NOT`: SQLite before 3.39
        // does not know `IS DISTINCT FROM`, which means the same). A feed's rare agency is
        // read from `action_agencies` now, so the versions' agency indexes of 022 go.
        migrator.registerRacing("026-events-by-agency") { db in
            try db.execute(
                sql: """
                    CREATE INDEX events_by_contracting_agency ON events(contracting_agency_id, date, id);
                    CREATE INDEX events_by_funding_agency ON events(funding_agency_id, date, id)
                        WHERE funding_agency_id IS NOT contracting_agency_id;
                    DROP INDEX action_versions_by_contracting_agency;
                    DROP INDEX action_versions_by_funding_agency;
                    """)
        }
        // Each event keeps its action's vendor, so that a vendor's feed reads its newest detections
        // by index and stops at the page (`EventSQL.conditions`).
        migrator.registerRacing("027-events-by-vendor") { db in
            try db.execute(
                sql: """
                    ALTER TABLE events ADD COLUMN vendor_id INTEGER REFERENCES vendors(id);
                    UPDATE events SET vendor_id = (SELECT a.vendor_id FROM actions a WHERE a.id = events.action_id);
                    CREATE INDEX events_by_vendor_newest_detected ON events(vendor_id, detected_at DESC, id DESC)
                        WHERE vendor_id IS NOT NULL;
                    """)
        }
        // Documents are stored whole at ingest, in `pending_documents`, and compacted into
        // `version_documents` oldest first, as deltas against the document before each in their
        // contract (`DocumentCompaction`). Every document stored before waits to be compacted:
        // the table is renamed, so the migration copies nothing.
        migrator.registerRacing("028-pending-documents") { db in
            try db.execute(
                sql: """
                    ALTER TABLE version_documents RENAME TO pending_documents;
                    CREATE TABLE version_documents (
                        version_id INTEGER PRIMARY KEY REFERENCES action_versions(id),
                        raw_document BLOB NOT NULL,         -- the source bytes, compressed
                        raw_encoding TEXT NOT NULL          -- zstd, zstd-dict:<id> or zstd-ref:<version id>
                    );
                    """)
        }
        // The full-text index keeps no copy of its text (`IndexedText`), which cost a third of a
        // kilobyte per action. Each row is made again from the columns it will be removed with:
        // the current version's description and vendor name, and the agency and office names the
        // old index's copy holds for it.
        migrator.registerRacing("029-contentless-full-text") { db in
            try db.execute(
                sql: """
                    ALTER TABLE action_search RENAME TO action_search_with_content;
                    \(contentlessFullTextIndex);
                    CREATE TABLE search_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                    CREATE TABLE action_search_names (
                        action_id INTEGER PRIMARY KEY REFERENCES actions(id),
                        agency_name_id INTEGER REFERENCES search_names(id),
                        office_name_id INTEGER REFERENCES search_names(id)
                    );
                    """)
            var names = SearchNames()
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT s.rowid, a.id, v.description, v.vendor_name, s.agency_name, s.office_name
                    FROM action_search_with_content s
                    JOIN actions a ON a.id = s.rowid & \(FullTextKey.maskBefore035)
                    JOIN action_versions v ON v.id = a.current_version_id
                    """)
            while let row = try rows.next() {
                try IndexedText(row: row, at: 2).index(actionID: row[1], key: row[0], in: db, names: &names)
            }
            try db.execute(sql: "DROP TABLE action_search_with_content")
        }
        // Versions keep the texts most of them repeat by id (`VersionText`), and the content hash
        // as its 32 bytes: a third of each version's row. The table is made again in id order,
        // so its pages are full; the old one's pages are free for later writes (`VACUUM` gives
        // them back to the disk).
        migrator.registerRacing("030-compact-versions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE version_texts (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
                    INSERT OR IGNORE INTO version_texts (text)
                        SELECT contract_action_type_description FROM action_versions
                            WHERE contract_action_type_description IS NOT NULL
                        UNION ALL SELECT reason_for_modification_description FROM action_versions
                            WHERE reason_for_modification_description IS NOT NULL
                        UNION ALL SELECT product_or_service_description FROM action_versions
                            WHERE product_or_service_description IS NOT NULL
                        UNION ALL SELECT naics_description FROM action_versions WHERE naics_description IS NOT NULL
                        UNION ALL SELECT \(linkAddress) FROM action_versions WHERE \(linkAddress) <> '';
                    CREATE TABLE action_versions_compact (
                        id INTEGER PRIMARY KEY,
                        action_id INTEGER NOT NULL REFERENCES actions(id),
                        content_hash BLOB NOT NULL,         -- SHA-256 of the canonical content, 32 bytes
                        first_seen TEXT NOT NULL,
                        last_seen TEXT NOT NULL,
                        source_id INTEGER NOT NULL REFERENCES sources(id),
                        -- the source link: its address up to its last / or =, and the rest (NULL: no link)
                        source_url_address_id INTEGER REFERENCES version_texts(id),
                        source_url_rest TEXT,
                        signed_date TEXT,
                        effective_date TEXT,
                        current_completion_date TEXT,
                        ultimate_completion_date TEXT,
                        obligated_amount TEXT,              -- decimal text exactly as published
                        base_and_exercised_options_value TEXT,
                        base_and_all_options_value TEXT,
                        total_obligated_amount TEXT,
                        contract_action_type TEXT,
                        contract_action_type_description_id INTEGER REFERENCES version_texts(id),
                        reason_for_modification TEXT,
                        reason_for_modification_description_id INTEGER REFERENCES version_texts(id),
                        description TEXT,
                        vendor_name TEXT,
                        vendor_uei TEXT,
                        ultimate_parent_uei TEXT,
                        ultimate_parent_name TEXT,
                        cage_code TEXT,
                        contracting_agency_id TEXT,
                        contracting_office_id TEXT,
                        funding_agency_id TEXT,
                        product_or_service_code TEXT,
                        product_or_service_description_id INTEGER REFERENCES version_texts(id),
                        naics_code TEXT,
                        naics_description_id INTEGER REFERENCES version_texts(id),
                        last_modified_date TEXT,
                        vendor_duns TEXT,
                        vendor_alternate_names TEXT,        -- one per line
                        vendor_country TEXT,
                        is_deletion INTEGER NOT NULL DEFAULT 0,
                        is_key_only INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (action_id, content_hash)
                    );
                    """)
            db.add(function: hashBytes)
            defer { db.remove(function: hashBytes) }
            func id(_ text: String) -> String { "(SELECT id FROM version_texts WHERE text = \(text))" }
            try db.execute(
                sql: """
                    INSERT INTO action_versions_compact (
                        id, action_id, content_hash, first_seen, last_seen, source_id, source_url_address_id,
                        source_url_rest, signed_date, effective_date, current_completion_date,
                        ultimate_completion_date, obligated_amount, base_and_exercised_options_value,
                        base_and_all_options_value, total_obligated_amount, contract_action_type,
                        contract_action_type_description_id, reason_for_modification,
                        reason_for_modification_description_id, description, vendor_name, vendor_uei,
                        ultimate_parent_uei, ultimate_parent_name, cage_code, contracting_agency_id,
                        contracting_office_id, funding_agency_id, product_or_service_code,
                        product_or_service_description_id, naics_code, naics_description_id, last_modified_date,
                        vendor_duns, vendor_alternate_names, vendor_country, is_deletion, is_key_only)
                    SELECT id, action_id, contractwatch_hash_bytes(content_hash), first_seen, last_seen, source_id,
                           \(id("address")), substr(source_url, length(address) + 1),
                           signed_date, effective_date, current_completion_date, ultimate_completion_date,
                           obligated_amount, base_and_exercised_options_value, base_and_all_options_value,
                           total_obligated_amount, contract_action_type, \(id("contract_action_type_description")),
                           reason_for_modification, \(id("reason_for_modification_description")), description,
                           vendor_name, vendor_uei, ultimate_parent_uei, ultimate_parent_name, cage_code,
                           contracting_agency_id, contracting_office_id, funding_agency_id,
                           product_or_service_code, \(id("product_or_service_description")), naics_code,
                           \(id("naics_description")), last_modified_date, vendor_duns, vendor_alternate_names,
                           vendor_country, is_deletion, is_key_only
                    FROM (SELECT *, \(linkAddress) AS address FROM action_versions) ORDER BY id;
                    DROP TABLE action_versions;
                    ALTER TABLE action_versions_compact RENAME TO action_versions;
                    """)
        }
        // The detection latency summary reads (detected_at, latency) and feeds read (detected_at,
        // id) newest first: one index with all three serves both, and its twin cost 51 B per
        // action at a million.
        migrator.registerRacing("031-one-index-by-detection") { db in
            try db.execute(
                sql: """
                    DROP INDEX events_by_detection;
                    DROP INDEX events_newest_first;
                    CREATE INDEX events_newest_first ON events(detected_at DESC, id DESC, detection_latency_seconds);
                    """)
        }
        // An event's date and detection time are kept as integer seconds (`StoredTime`): each
        // took twenty bytes of text in the row and again in each index that holds it, 148 B per
        // action at a million. The table is made again with its indexes.
        migrator.registerRacing("032-event-times-as-seconds") { db in
            try db.execute(
                sql: """
                    CREATE TABLE events_with_seconds (
                        id TEXT PRIMARY KEY,                -- ev_ + hash of action key and type
                        contract_id INTEGER NOT NULL REFERENCES contracts(id),
                        action_id INTEGER NOT NULL REFERENCES actions(id),
                        type TEXT NOT NULL,
                        date INTEGER,                       -- seconds after 1970-01-01T00:00:00, read as UTC
                        amount TEXT,
                        confidence REAL NOT NULL,
                        is_partial INTEGER NOT NULL,
                        evidence TEXT NOT NULL,             -- JSON array
                        detected_at INTEGER NOT NULL,       -- seconds since the epoch; kept on re-classification
                        detection_latency_seconds INTEGER,
                        contracting_agency_id TEXT,
                        funding_agency_id TEXT,
                        vendor_id INTEGER REFERENCES vendors(id)
                    );
                    INSERT INTO events_with_seconds
                        SELECT id, contract_id, action_id, type, CAST(strftime('%s', date) AS INTEGER), amount,
                               confidence, is_partial, evidence, CAST(strftime('%s', detected_at) AS INTEGER),
                               detection_latency_seconds, contracting_agency_id, funding_agency_id, vendor_id
                        FROM events ORDER BY rowid;
                    DROP TABLE events;
                    ALTER TABLE events_with_seconds RENAME TO events;
                    \(eventsIndexes)
                    """)
        }
        // An event's id and type are kept as integers (`EventCodes`), where the id's twenty bytes
        // of text stood in the row, its unique index and four more, and the type's twelve in the
        // row and two: events with their indexes 576 → 374 B per action at a million.
        // `event_types` names the codes for SQL that wants the names; a later type is added to it
        // by a later migration. The table is made again with its indexes, and alerts keep their
        // event's id as the event does.
        migrator.registerRacing("033-event-ids-and-types-as-integers") { db in
            try db.execute(
                sql: """
                    CREATE TABLE event_types (
                        code INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE
                    );
                    INSERT INTO event_types (code, name) VALUES
                        (1, 'award'), (2, 'order'), (3, 'idv_award'), (4, 'option_exercised'), (5, 'funding'),
                        (6, 'deobligation'), (7, 'value_increase'), (8, 'value_decrease'), (9, 'period_extended'),
                        (10, 'period_shortened'), (11, 'stop_work_issued'), (12, 'stop_work_lifted'),
                        (13, 'work_suspended'), (14, 'work_resumed'), (15, 'terminated_for_convenience'),
                        (16, 'terminated_for_default'), (17, 'terminated_for_cause'), (18, 'cancelled'),
                        (19, 'reinstated'), (20, 'novation'), (21, 'vendor_identity_change'), (22, 'piid_change'),
                        (23, 'closeout'), (24, 'change_order'), (25, 'supplemental_agreement'),
                        (26, 'administrative'), (27, 'record_corrected'), (28, 'record_deleted');
                    CREATE TABLE events_with_codes (
                        id INTEGER NOT NULL UNIQUE,         -- EventCodes: the bits of ev_ + hash of action key and type
                        contract_id INTEGER NOT NULL REFERENCES contracts(id),
                        action_id INTEGER NOT NULL REFERENCES actions(id),
                        type INTEGER NOT NULL REFERENCES event_types(code),
                        date INTEGER,                       -- seconds after 1970-01-01T00:00:00, read as UTC
                        amount TEXT,
                        confidence REAL NOT NULL,
                        is_partial INTEGER NOT NULL,
                        evidence TEXT NOT NULL,             -- JSON array
                        detected_at INTEGER NOT NULL,       -- seconds since the epoch; kept on re-classification
                        detection_latency_seconds INTEGER,
                        contracting_agency_id TEXT,
                        funding_agency_id TEXT,
                        vendor_id INTEGER REFERENCES vendors(id)
                    );
                    CREATE TABLE alerts_with_event_codes (
                        id TEXT PRIMARY KEY,
                        event_id INTEGER NOT NULL,          -- as events.id keeps it
                        watchlist TEXT NOT NULL,
                        entry_id TEXT NOT NULL,
                        historical INTEGER NOT NULL,
                        created_at TEXT NOT NULL
                    );
                    """)
            db.add(function: storedEventID)
            defer { db.remove(function: storedEventID) }
            try db.execute(
                sql: """
                    INSERT INTO events_with_codes
                        SELECT contractwatch_event_id(e.id), e.contract_id, e.action_id, t.code, e.date, e.amount,
                               e.confidence, e.is_partial, e.evidence, e.detected_at, e.detection_latency_seconds,
                               e.contracting_agency_id, e.funding_agency_id, e.vendor_id
                        FROM events e LEFT JOIN event_types t ON t.name = e.type ORDER BY e.rowid;
                    DROP TABLE events;
                    ALTER TABLE events_with_codes RENAME TO events;
                    \(eventsIndexes)
                    INSERT INTO alerts_with_event_codes
                        SELECT id, contractwatch_event_id(event_id), watchlist, entry_id, historical, created_at
                        FROM alerts ORDER BY rowid;
                    DROP TABLE alerts;
                    ALTER TABLE alerts_with_event_codes RENAME TO alerts;
                    CREATE INDEX alerts_by_time ON alerts(created_at, id);
                    CREATE INDEX alerts_by_event ON alerts(event_id, watchlist, entry_id);
                    """)
        }
        // A version keeps the times it was first and last seen as integer seconds (`StoredTime`),
        // and an action none: its own were its versions' first and last, and nothing read them.
        // Forty bytes of text each: 85 B per action at a million, ingested afresh. The versions'
        // table is made again; SQLite drops the actions' columns in place.
        migrator.registerRacing("034-seen-times-as-seconds") { db in
            try db.execute(
                sql: """
                    CREATE TABLE action_versions_with_seconds (
                        id INTEGER PRIMARY KEY,
                        action_id INTEGER NOT NULL REFERENCES actions(id),
                        content_hash BLOB NOT NULL,         -- SHA-256 of the canonical content, 32 bytes
                        first_seen INTEGER NOT NULL,        -- seconds since the epoch
                        last_seen INTEGER NOT NULL,
                        source_id INTEGER NOT NULL REFERENCES sources(id),
                        -- the source link: its address up to its last / or =, and the rest (NULL: no link)
                        source_url_address_id INTEGER REFERENCES version_texts(id),
                        source_url_rest TEXT,
                        signed_date TEXT,
                        effective_date TEXT,
                        current_completion_date TEXT,
                        ultimate_completion_date TEXT,
                        obligated_amount TEXT,              -- decimal text exactly as published
                        base_and_exercised_options_value TEXT,
                        base_and_all_options_value TEXT,
                        total_obligated_amount TEXT,
                        contract_action_type TEXT,
                        contract_action_type_description_id INTEGER REFERENCES version_texts(id),
                        reason_for_modification TEXT,
                        reason_for_modification_description_id INTEGER REFERENCES version_texts(id),
                        description TEXT,
                        vendor_name TEXT,
                        vendor_uei TEXT,
                        ultimate_parent_uei TEXT,
                        ultimate_parent_name TEXT,
                        cage_code TEXT,
                        contracting_agency_id TEXT,
                        contracting_office_id TEXT,
                        funding_agency_id TEXT,
                        product_or_service_code TEXT,
                        product_or_service_description_id INTEGER REFERENCES version_texts(id),
                        naics_code TEXT,
                        naics_description_id INTEGER REFERENCES version_texts(id),
                        last_modified_date TEXT,
                        vendor_duns TEXT,
                        vendor_alternate_names TEXT,        -- one per line
                        vendor_country TEXT,
                        is_deletion INTEGER NOT NULL DEFAULT 0,
                        is_key_only INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (action_id, content_hash)
                    );
                    INSERT INTO action_versions_with_seconds
                        SELECT id, action_id, content_hash, CAST(strftime('%s', first_seen) AS INTEGER),
                               CAST(strftime('%s', last_seen) AS INTEGER), source_id, source_url_address_id,
                               source_url_rest, signed_date, effective_date, current_completion_date,
                               ultimate_completion_date, obligated_amount, base_and_exercised_options_value,
                               base_and_all_options_value, total_obligated_amount, contract_action_type,
                               contract_action_type_description_id, reason_for_modification,
                               reason_for_modification_description_id, description, vendor_name, vendor_uei,
                               ultimate_parent_uei, ultimate_parent_name, cage_code, contracting_agency_id,
                               contracting_office_id, funding_agency_id, product_or_service_code,
                               product_or_service_description_id, naics_code, naics_description_id,
                               last_modified_date, vendor_duns, vendor_alternate_names, vendor_country, is_deletion,
                               is_key_only
                        FROM action_versions ORDER BY id;
                    DROP TABLE action_versions;
                    ALTER TABLE action_versions_with_seconds RENAME TO action_versions;
                    ALTER TABLE actions DROP COLUMN first_seen;
                    ALTER TABLE actions DROP COLUMN last_seen;
                    """)
        }
        // A text search read the whole last day it reached and sorted it: on a day of thousands
        // of matches, thousands of rows for a page of fifty. Rows of the full-text index are now
        // keyed by day, then by where they sort within it (`FullTextKey`), so a walk reads its
        // page and one slot more. A contentless row cannot be moved: the index is made again
        // from the text its rows were made from (`IndexedText`).
        migrator.registerRacing("035-full-text-by-day-and-slot") { db in
            try db.execute(
                sql: """
                    DROP TABLE action_search;
                    \(contentlessFullTextIndex);
                    """)
            try IndexedText.forEachRow(in: db) { key, text in try text.insert(key: key, in: db) }
        }
        return migrator
    }

    /// The full-text index without a copy of its text (`IndexedText`), as migration 029 makes it
    /// and 035 makes it again.
    static let contentlessFullTextIndex = """
        CREATE VIRTUAL TABLE action_search USING fts5(
            description, vendor_name, agency_name, office_name,
            content = '', columnsize = 0, tokenize = 'porter unicode61'
        )
        """

    /// The indexes of `events` as migrations 032 and 033 make them again (a migration that changes
    /// them writes its own); what a test that puts a store back as before 033 makes too.
    static let eventsIndexes = """
        CREATE INDEX events_by_date ON events(date, id);
        CREATE INDEX events_by_type ON events(type, date);
        CREATE INDEX events_by_contract ON events(contract_id);
        CREATE INDEX events_by_action ON events(action_id, type);
        CREATE INDEX events_newest_first ON events(detected_at DESC, id DESC, detection_latency_seconds);
        CREATE INDEX events_by_contracting_agency ON events(contracting_agency_id, date, id);
        CREATE INDEX events_by_funding_agency ON events(funding_agency_id, date, id)
            WHERE funding_agency_id IS NOT contracting_agency_id;
        CREATE INDEX events_by_vendor_newest_detected ON events(vendor_id, detected_at DESC, id DESC)
            WHERE vendor_id IS NOT NULL;
        """

    /// `contractwatch_event_id(id)`: an event id as ``EventCodes/stored(id:)`` keeps it, for
    /// migration 033.
    private static let storedEventID = DatabaseFunction("contractwatch_event_id", argumentCount: 1, pure: true) {
        values in
        guard let id = String.fromDatabaseValue(values[0]) else {
            throw StorageError.invalidEventID(values[0].description)
        }
        return try EventCodes.stored(id: id)
    }

    /// SQL for the address of `source_url` up to and including its last `/` or `=`, as
    /// ``VersionText/parts(ofLink:)`` splits it: `''` when it has neither. `rtrim` strips from
    /// the end every character but those two.
    private static let linkAddress = "rtrim(source_url, replace(replace(source_url, '/', ''), '=', ''))"

    /// `contractwatch_hash_bytes(hex)`: a content hash's 32 bytes, for migration 030.
    private static let hashBytes = DatabaseFunction("contractwatch_hash_bytes", argumentCount: 1, pure: true) {
        values in
        guard let hex = String.fromDatabaseValue(values[0]), let bytes = ContentHash.bytes(hex) else {
            throw StorageError.invalidContentHash(values[0].description)
        }
        return bytes
    }
}
