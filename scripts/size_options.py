#!/usr/bin/env python3
"""Measures what the schema changes planned for the store's size would save, on a copy of a store.

Issue 10 asks for at most 2,000 B per action. What remains above it is in `action_versions` and
`events` (BENCHMARKS.md, "Where the store's bytes go"). This script builds, beside the real tables
of a store (a copy: it adds tables to the file), the alternatives and prints each one's bytes per
action from `dbstat`, against the same table rebuilt as it is (a table rebuilt in key order fills
its pages better than one grown by ingest, so that is the fair comparison):

- `events` keyed by an integer made from the 64 bits of its text id (`ev_` and 16 hex digits),
  ordered as the text is, its indexes ending with the rowid instead of the text id;
- `action_versions` with the content hash as 32 bytes, FPDS's code descriptions interned in a
  table of texts, first and last seen as integer seconds; then also without the source link (the
  most that storing the link as a template and the key could save).

  rm -f /tmp/options.sqlite*; cp STORE /tmp/options.sqlite && python3 scripts/size_options.py /tmp/options.sqlite

(remove an earlier copy with its `-wal` file first: SQLite would replay that log into the new copy).

Standard library only.
"""
import calendar
import sqlite3
import sys
import time

EVENT_INDEXES = [  # (columns with the text id, with an integer key; WHERE)
    ("date, id", "date", ""), ("type, date", "type, date", ""), ("contract_id", "contract_id", ""),
    ("action_id, type", "action_id, type", ""),
    ("detected_at, detection_latency_seconds", "detected_at, detection_latency_seconds", ""),
    ("detected_at DESC, id DESC", "detected_at DESC", ""),
    ("contracting_agency_id, date, id", "contracting_agency_id, date", ""),
    ("funding_agency_id, date, id", "funding_agency_id, date", "WHERE funding_agency_id IS NOT contracting_agency_id"),
    ("vendor_id, detected_at DESC, id DESC", "vendor_id, detected_at DESC", "WHERE vendor_id IS NOT NULL"),
]
DESCRIBED = ["product_or_service_description", "naics_description", "reason_for_modification_description",
             "contract_action_type_description"]


def key64(event_id: str | None) -> int | None:
    """The id's 64 bits as a signed integer that orders as the hex text does."""
    if not event_id or len(event_id) < 19:
        return None
    return (int(event_id[3:19], 16) ^ (1 << 63)) - (1 << 63)


def seconds(text: str | None) -> int | None:
    return None if text is None else calendar.timegm(time.strptime(text[:19], "%Y-%m-%dT%H:%M:%S"))


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    db = sqlite3.connect(sys.argv[1])
    db.create_function("key64", 1, key64, deterministic=True)
    db.create_function("seconds", 1, seconds, deterministic=True)
    db.create_function("hash_bytes", 1, lambda text: bytes.fromhex(text) if text else None, deterministic=True)
    actions = db.execute("SELECT count(*) FROM actions").fetchone()[0]

    def size(table: str) -> float:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE tbl_name = ?", (table,))]
        marks = ",".join("?" * len(names))
        return db.execute(f"SELECT sum(pgsize) FROM dbstat WHERE name IN ({marks})", names).fetchone()[0] / actions

    columns = [row[1] for row in db.execute("PRAGMA table_info(events)") if row[1] != "id"]
    with db:
        db.execute("CREATE TABLE events_as_is AS SELECT * FROM events ORDER BY id")
        db.execute("CREATE UNIQUE INDEX events_as_is_id ON events_as_is(id)")
        db.execute(f"CREATE TABLE events_by_key (key INTEGER PRIMARY KEY, {', '.join(columns)})")
        db.execute(f"INSERT INTO events_by_key (key, {', '.join(columns)}) "
                   f"SELECT key64(id), {', '.join(columns)} FROM events ORDER BY 1")
        for number, (text_id, integer_key, where) in enumerate(EVENT_INDEXES):
            db.execute(f"CREATE INDEX events_as_is_{number} ON events_as_is({text_id}) {where}")
            db.execute(f"CREATE INDEX events_by_key_{number} ON events_by_key({integer_key}) {where}")
    print(f"events and indexes: {size('events'):.0f} B per action as ingested, {size('events_as_is'):.0f} rebuilt, "
          f"{size('events_by_key'):.0f} with an integer key")

    columns = [row[1] for row in db.execute("PRAGMA table_info(action_versions)")]
    select = []
    for column in columns:
        if column == "content_hash":
            select.append("hash_bytes(content_hash) AS content_hash")
        elif column in DESCRIBED:
            select.append(f"(SELECT id FROM version_texts WHERE text = {column}) AS {column}")
        elif column in ("first_seen", "last_seen"):
            select.append(f"seconds({column}) AS {column}")
        else:
            select.append(column)
    with db:
        db.execute("CREATE TABLE versions_as_is AS SELECT * FROM action_versions ORDER BY id")
        db.execute("CREATE UNIQUE INDEX versions_as_is_key ON versions_as_is(action_id, content_hash)")
        db.execute("CREATE TABLE version_texts (id INTEGER PRIMARY KEY, text TEXT UNIQUE)")
        for column in DESCRIBED:
            db.execute(f"INSERT OR IGNORE INTO version_texts (text) SELECT DISTINCT {column} FROM action_versions "
                       f"WHERE {column} IS NOT NULL")
        db.execute(f"CREATE TABLE versions_compact AS SELECT {', '.join(select)} FROM action_versions ORDER BY id")
        db.execute("CREATE UNIQUE INDEX versions_compact_key ON versions_compact(action_id, content_hash)")
        without_link = ", ".join("NULL AS source_url" if column == "source_url" else column for column in columns)
        db.execute(f"CREATE TABLE versions_without_link AS SELECT {without_link} FROM versions_compact ORDER BY id")
        db.execute("CREATE UNIQUE INDEX versions_without_link_key ON versions_without_link(action_id, content_hash)")
    texts = size("version_texts")
    print(f"versions and key index: {size('action_versions'):.0f} B per action as ingested, "
          f"{size('versions_as_is'):.0f} rebuilt, {size('versions_compact') + texts:.0f} with the hash as bytes, "
          f"code descriptions interned and seen times as seconds, "
          f"{size('versions_without_link') + texts:.0f} without the source link too")


if __name__ == "__main__":
    main()
