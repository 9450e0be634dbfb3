#!/usr/bin/env python3
"""Puts a store back as it was before migration 029, to time that migration on a large store.

Migration 029 made SQLite's full-text index an FTS5 table without content. This script, given a
store from after it (a copy: it changes the file), fills an index with its own copy of the text
again, from the columns 029 reads (`IndexedText`), drops the names tables and the migration's record,
and 035's (which keys the index anew after it), so that the next `contractwatch migrate --db STORE`
runs 029 once more:

  cp STORE /tmp/old.sqlite && python3 scripts/before_029.py /tmp/old.sqlite
  /usr/bin/time -v contractwatch migrate --db /tmp/old.sqlite

Standard library only.
"""
import sqlite3
import sys
import time

from web_benchmark import full_text_key, full_text_key_before_035


def index_with_text(db: sqlite3.Connection, table: str, keys_before_035: bool = True) -> None:
    """Makes `table`, a full-text index with its own copy of the text, of every action's current
    text as 029 indexes it (an action without an agency name was indexed with '' before 029),
    keyed as before migration 035 or, with keys_before_035 False, as the store's index is."""
    db.create_function("full_text_key", 3, full_text_key_before_035 if keys_before_035 else full_text_key,
                       deterministic=True)
    db.execute(f"CREATE VIRTUAL TABLE {table} USING fts5("
               "description, vendor_name, agency_name, office_name, tokenize = 'porter unicode61')")
    db.execute(f"INSERT INTO {table} (rowid, description, vendor_name, agency_name, office_name) "
               "SELECT full_text_key(a.signed_date, a.ordering_key, a.id), v.description, v.vendor_name, "
               "coalesce(sa.name, ''), so.name FROM actions a JOIN action_versions v ON v.id = a.current_version_id "
               "LEFT JOIN action_search_names n ON n.action_id = a.id "
               "LEFT JOIN search_names sa ON sa.id = n.agency_name_id "
               "LEFT JOIN search_names so ON so.id = n.office_name_id")


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    db = sqlite3.connect(sys.argv[1])
    started = time.monotonic()
    with db:
        index_with_text(db, "action_search_with_text")
        for statement in ("DROP TABLE action_search", "DROP TABLE action_search_names", "DROP TABLE search_names",
                          "ALTER TABLE action_search_with_text RENAME TO action_search",
                          "DELETE FROM grdb_migrations WHERE identifier IN "
                          "('029-contentless-full-text', '035-full-text-by-day-and-slot')"):
            db.execute(statement)
    print(f"{sys.argv[1]}: as before migration 029, in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
