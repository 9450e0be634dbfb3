#!/usr/bin/env python3
"""Times the server's full-text walk on a store's index (FTS5 without content, migration 029)
against the same rows indexed with their own copy of the text, as before 029.

On a copy of a store (it adds a table, `with_text`, filled from the columns 029 indexes):

  cp STORE /tmp/ab.sqlite && python3 scripts/full_text_ab.py /tmp/ab.sqlite

Each query is asked 200 times on each index, the two alternating twice, and p50/p95 printed: the
walk is the search's `rowid` order, newest first, its rows joined to `actions` (FullTextWalk).
Standard library only.
"""
import sqlite3
import sys
import time

from before_029 import index_with_text
from web_benchmark import ID_MASK

QUERIES = ['"stop work"', "services", "paragon"]


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    db = sqlite3.connect(sys.argv[1])
    if not db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'with_text'").fetchone()[0]:
        started = time.monotonic()
        with db:
            index_with_text(db, "with_text", keys_before_035=False)
        print(f"indexed with text in {time.monotonic() - started:.0f} s")
    for query in QUERIES:
        for table in ["action_search", "with_text"] * 2:
            sql = (f"SELECT s.rowid, a.id, a.signed_date FROM {table} s JOIN actions a ON a.id = s.rowid & {ID_MASK} "
                   f"WHERE {table} MATCH ? ORDER BY s.rowid DESC LIMIT 200")
            times = []
            for _ in range(200):
                started = time.perf_counter()
                rows = db.execute(sql, (query,)).fetchall()
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            print(f"{query:14} {table:14} rows {len(rows):4}  p50 {times[100]:6.2f} ms  p95 {times[190]:6.2f} ms")


if __name__ == "__main__":
    main()
