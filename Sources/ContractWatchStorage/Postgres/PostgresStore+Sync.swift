package import ContractWatchCore
import PostgresNIO

extension PostgresStore {
    static func markDone(
        _ checkpoint: SyncPageCheckpoint, at time: Timestamp, in session: PostgresSession
    ) async throws {
        try await session.execute(
            """
            INSERT INTO sync_pages (window_id, pass, page, entries, stored_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (window_id, pass, page) DO UPDATE SET entries = excluded.entries,
                stored_at = excluded.stored_at
            """, [checkpoint.windowID, checkpoint.pass, checkpoint.page, checkpoint.entries, time.description])
        try await session.execute(
            "UPDATE sync_windows SET updated_at = ? WHERE id = ?", [time.description, checkpoint.windowID])
    }

    // MARK: - Windows

    package func syncWindow(_ key: SyncWindowKey, at time: Timestamp) async throws -> SyncWindow {
        try await write { session in
            let keyValues: [any SQLArgumentConvertible] = [
                key.source, key.endpoint, key.query, key.from ?? "", key.to ?? "",
            ]
            try await session.execute(
                """
                INSERT INTO sync_windows (source, endpoint, query, day_from, day_to, started_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (source, endpoint, query, day_from, day_to) DO NOTHING
                """, keyValues + [time.description, time.description])
            guard
                let row = try await session.row(
                    """
                    SELECT id, pass, last_page, expected_total, started_at, completed_at, final, error
                    FROM sync_windows
                    WHERE source = ? AND endpoint = ? AND query = ? AND day_from = ? AND day_to = ?
                    """, keyValues)
            else { throw PostgresStoreError.missingRow("the sync window just written") }
            let id: Int64 = try row.value(0)
            let pass: Int = try row.value(1)
            var pages: [Int: Int] = [:]
            for page in try await session.rows(
                "SELECT page, entries FROM sync_pages WHERE window_id = ? AND pass = ?", [id, pass])
            {
                pages[try page.value(0)] = try page.value(1)
            }
            return SyncWindow(
                id: id, key: key, pass: pass, lastPage: try row.value(2), expectedTotal: try row.value(3),
                pagesDone: pages, startedAt: try row.value(4), completedAt: try row.value(5), isFinal: try row.value(6),
                error: try row.value(7))
        }
    }

    package func updateSyncWindow(_ window: SyncWindow, at time: Timestamp) async throws {
        try await write { session in
            try await session.execute(
                """
                UPDATE sync_windows SET pass = ?, last_page = ?, expected_total = ?, completed_at = ?, final = ?,
                    error = ?, updated_at = ?
                WHERE id = ?
                """,
                [
                    window.pass, window.lastPage, window.expectedTotal, window.completedAt, window.isFinal,
                    window.error, time.description, window.id,
                ])
            try await session.execute(
                "DELETE FROM sync_pages WHERE window_id = ? AND pass < ?", [window.id, window.pass])
        }
    }

    package func syncResumeDays(
        source: String, endpoint: String, query: String
    ) async throws -> (earliestUnfinished: String?, latestFinal: String?) {
        try await read { session in
            let row = try await session.row(
                """
                SELECT min(CASE WHEN NOT final THEN day_from END), max(CASE WHEN final THEN day_to END)
                FROM sync_windows WHERE source = ? AND endpoint = ? AND query = ? AND day_to <> ''
                """, [source, endpoint, query])
            return (try row?.value(0), try row?.value(1))
        }
    }

    // MARK: - Runs

    package func beginSyncRun(
        source: String, endpoint: String, query: String, at time: Timestamp
    ) async throws -> Int64 {
        try await write { session in
            try await session.value(
                "INSERT INTO sync_runs (source, endpoint, query, started_at) VALUES (?, ?, ?, ?) RETURNING id",
                [source, endpoint, query, time.description]) ?? 0
        }
    }

    package func finishSyncRun(_ id: Int64, _ report: SyncReport, at time: Timestamp) async throws {
        try await write { session in
            try await session.execute(
                """
                UPDATE sync_runs SET finished_at = ?, outcome = ?, windows = ?, pages = ?, new_actions = ?,
                    new_versions = ?, rejected = ?, message = ?
                WHERE id = ?
                """,
                [
                    time.description, report.outcome, report.windows, report.pages, report.newActions,
                    report.newVersions,
                    report.rejections.count, report.failures.first ?? report.rejections.first?.description, id,
                ])
        }
    }

    package func recentSyncRuns(limit: Int) async throws -> [SyncRunRecord] {
        try await read { session in
            try await session.rows(
                """
                SELECT id, source, endpoint, query, started_at, finished_at, outcome, windows, pages, new_actions,
                       new_versions, rejected, message
                FROM sync_runs ORDER BY id DESC LIMIT ?
                """, [limit]
            ).map { row in
                SyncRunRecord(
                    id: try row.value(0), source: try row.value(1), endpoint: try row.value(2), query: try row.value(3),
                    startedAt: try row.value(4), finishedAt: try row.value(5), outcome: try row.value(6),
                    windows: try row.value(7), pages: try row.value(8), newActions: try row.value(9),
                    newVersions: try row.value(10), rejected: try row.value(11), message: try row.value(12))
            }
        }
    }
}
