package import ContractWatchCore
import GRDB

extension SQLiteStore {
    static func registerSyncMigration(in migrator: inout DatabaseMigrator) {
        migrator.registerRacing("010-sync-checkpoints") { db in
            try db.execute(
                sql: """
                    -- One row per window of one query at one endpoint: where a sync stands in it.
                    CREATE TABLE sync_windows (
                        id INTEGER PRIMARY KEY,
                        source TEXT NOT NULL,              -- fpds, fpds-deleted, sam, sam-deleted
                        endpoint TEXT NOT NULL,            -- feed or API URL, never with a key
                        query TEXT NOT NULL,               -- the user's query, without the window
                        day_from TEXT NOT NULL DEFAULT '', -- '' for a query synced whole
                        day_to TEXT NOT NULL DEFAULT '',
                        pass INTEGER NOT NULL DEFAULT 1,
                        last_page INTEGER,
                        expected_total INTEGER,
                        started_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        completed_at TEXT,
                        final INTEGER NOT NULL DEFAULT 0,
                        error TEXT,
                        UNIQUE (source, endpoint, query, day_from, day_to)
                    );
                    -- Pages stored in a window's pass, written in the transaction that stores their records.
                    CREATE TABLE sync_pages (
                        window_id INTEGER NOT NULL REFERENCES sync_windows(id),
                        pass INTEGER NOT NULL,
                        page INTEGER NOT NULL,
                        entries INTEGER NOT NULL,
                        stored_at TEXT NOT NULL,
                        PRIMARY KEY (window_id, pass, page)
                    ) WITHOUT ROWID;
                    CREATE TABLE sync_runs (
                        id INTEGER PRIMARY KEY,
                        source TEXT NOT NULL,
                        endpoint TEXT NOT NULL,
                        query TEXT NOT NULL,
                        started_at TEXT NOT NULL,
                        finished_at TEXT,
                        outcome TEXT NOT NULL DEFAULT 'running',
                        windows INTEGER NOT NULL DEFAULT 0,
                        pages INTEGER NOT NULL DEFAULT 0,
                        new_actions INTEGER NOT NULL DEFAULT 0,
                        new_versions INTEGER NOT NULL DEFAULT 0,
                        rejected INTEGER NOT NULL DEFAULT 0,
                        message TEXT
                    );
                    """)
        }
    }

    static func markDone(_ checkpoint: SyncPageCheckpoint, at time: Timestamp, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO sync_pages (window_id, pass, page, entries, stored_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (window_id, pass, page) DO UPDATE SET entries = excluded.entries,
                    stored_at = excluded.stored_at
                """,
            arguments: [checkpoint.windowID, checkpoint.pass, checkpoint.page, checkpoint.entries, time.description])
        try db.execute(
            sql: "UPDATE sync_windows SET updated_at = ? WHERE id = ?",
            arguments: [time.description, checkpoint.windowID])
    }

    // MARK: - Windows

    package func syncWindow(_ key: SyncWindowKey, at time: Timestamp) async throws -> SyncWindow {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO sync_windows (source, endpoint, query, day_from, day_to, started_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (source, endpoint, query, day_from, day_to) DO NOTHING
                    """,
                arguments: [
                    key.source, key.endpoint, key.query, key.from ?? "", key.to ?? "", time.description,
                    time.description,
                ])
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, pass, last_page, expected_total, started_at, completed_at, final, error
                        FROM sync_windows
                        WHERE source = ? AND endpoint = ? AND query = ? AND day_from = ? AND day_to = ?
                        """,
                    arguments: [key.source, key.endpoint, key.query, key.from ?? "", key.to ?? ""])
            else { throw DatabaseError(message: "the sync window just written cannot be read back") }
            let id: Int64 = row[0]
            let pass: Int = row[1]
            var pages: [Int: Int] = [:]
            for page in try Row.fetchAll(
                db, sql: "SELECT page, entries FROM sync_pages WHERE window_id = ? AND pass = ?",
                arguments: [id, pass])
            {
                pages[page[0]] = page[1]
            }
            return SyncWindow(
                id: id, key: key, pass: pass, lastPage: row[2], expectedTotal: row[3], pagesDone: pages,
                startedAt: row[4], completedAt: row[5], isFinal: row[6], error: row[7])
        }
    }

    package func updateSyncWindow(_ window: SyncWindow, at time: Timestamp) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE sync_windows SET pass = ?, last_page = ?, expected_total = ?, completed_at = ?, final = ?,
                        error = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    window.pass, window.lastPage, window.expectedTotal, window.completedAt, window.isFinal,
                    window.error, time.description, window.id,
                ])
            // Pages of earlier passes are history nobody reads again.
            try db.execute(
                sql: "DELETE FROM sync_pages WHERE window_id = ? AND pass < ?", arguments: [window.id, window.pass])
        }
    }

    package func syncResumeDays(
        source: String, endpoint: String, query: String
    ) async throws -> (earliestUnfinished: String?, latestFinal: String?) {
        try await writer.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT min(CASE WHEN final = 0 THEN day_from END), max(CASE WHEN final = 1 THEN day_to END)
                    FROM sync_windows WHERE source = ? AND endpoint = ? AND query = ? AND day_to <> ''
                    """,
                arguments: [source, endpoint, query])
            return (row?[0], row?[1])
        }
    }

    // MARK: - Runs

    package func beginSyncRun(
        source: String, endpoint: String, query: String, at time: Timestamp
    ) async throws -> Int64 {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO sync_runs (source, endpoint, query, started_at) VALUES (?, ?, ?, ?)",
                arguments: [source, endpoint, query, time.description])
            return db.lastInsertedRowID
        }
    }

    package func finishSyncRun(_ id: Int64, _ report: SyncReport, at time: Timestamp) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE sync_runs SET finished_at = ?, outcome = ?, windows = ?, pages = ?, new_actions = ?,
                        new_versions = ?, rejected = ?, message = ?
                    WHERE id = ?
                    """,
                arguments: [
                    time.description, report.outcome, report.windows, report.pages, report.newActions,
                    report.newVersions,
                    report.rejections.count, report.failures.first ?? report.rejections.first?.description, id,
                ])
        }
    }

    package func recentSyncRuns(limit: Int) async throws -> [SyncRunRecord] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, source, endpoint, query, started_at, finished_at, outcome, windows, pages, new_actions,
                           new_versions, rejected, message
                    FROM sync_runs ORDER BY id DESC LIMIT ?
                    """,
                arguments: [limit]
            ).map { row in
                SyncRunRecord(
                    id: row[0], source: row[1], endpoint: row[2], query: row[3], startedAt: row[4],
                    finishedAt: row[5], outcome: row[6], windows: row[7], pages: row[8], newActions: row[9],
                    newVersions: row[10], rejected: row[11], message: row[12])
            }
        }
    }
}
