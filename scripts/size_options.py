#!/usr/bin/env python3
"""Measures what the schema changes still open for the store's size would save, on a copy of a store.

Issue 10 asks for at most 2,000 B per action. After migrations 030–032 (versions keep repeated
texts by id and the hash as bytes; events keep their times as seconds) the largest part left is
`events` with its indexes (BENCHMARKS.md, "Where the store's bytes go"). This script builds,
beside the real table of a store (a copy: it adds tables to the file), each alternative with the
same indexes and prints its bytes per action from `dbstat`, against the same table rebuilt as it
is (a table rebuilt fills its pages better than one grown by ingest, so that is the fair
comparison):

- the event type as a small integer, its name kept once in a table of types;
- the id (`ev_` and 16 hex digits) as the integer of its 64 bits, ordered as the text is (a
  column with a unique index: the table keeps its rows in the order they were stored);
- both.

  rm -f /tmp/options.sqlite*; cp STORE /tmp/options.sqlite && python3 scripts/size_options.py /tmp/options.sqlite

(remove an earlier copy with its `-wal` file first: SQLite would replay that log into the new
copy). The store must have migration 032. Standard library only.
"""
import sqlite3
import sys

EVENT_INDEXES = [  # as migration 032 makes them
    ("date, id", ""), ("type, date", ""), ("contract_id", ""), ("action_id, type", ""),
    ("detected_at DESC, id DESC, detection_latency_seconds", ""),
    ("contracting_agency_id, date, id", ""),
    ("funding_agency_id, date, id", "WHERE funding_agency_id IS NOT contracting_agency_id"),
    ("vendor_id, detected_at DESC, id DESC", "WHERE vendor_id IS NOT NULL"),
]


def key64(event_id: str) -> int:
    """The id's 64 bits as a signed integer that orders as the hex text does."""
    return (int(event_id[3:19], 16) ^ (1 << 63)) - (1 << 63)


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    db = sqlite3.connect(sys.argv[1])
    if not db.execute("SELECT 1 FROM grdb_migrations WHERE identifier = '032-event-times-as-seconds'").fetchone():
        raise SystemExit(f"{sys.argv[1]}: the store has not had migration 032; run `contractwatch migrate` first")
    db.create_function("key64", 1, key64, deterministic=True)
    actions = db.execute("SELECT count(*) FROM actions").fetchone()[0]
    columns = [row[1] for row in db.execute("PRAGMA table_info(events)")]

    def size(*tables: str) -> float:
        names = [row[0] for table in tables
                 for row in db.execute("SELECT name FROM sqlite_master WHERE tbl_name = ?", (table,))]
        marks = ",".join("?" * len(names))
        return db.execute(f"SELECT sum(pgsize) FROM dbstat WHERE name IN ({marks})", names).fetchone()[0] / actions

    def build(name: str, changes: dict[str, str]) -> float:
        select = ", ".join(f"{changes.get(column, column)} AS {column}" for column in columns)
        with db:
            db.execute(f"DROP TABLE IF EXISTS {name}")
            db.execute(f"CREATE TABLE {name} AS SELECT {select} FROM events ORDER BY rowid")
            db.execute(f"CREATE UNIQUE INDEX {name}_id ON {name}(id)")
            for number, (indexed, where) in enumerate(EVENT_INDEXES):
                db.execute(f"CREATE INDEX {name}_{number} ON {name}({indexed}) {where}")
        return size(name)

    with db:
        db.execute("DROP TABLE IF EXISTS option_event_types")
        db.execute("CREATE TABLE option_event_types (code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
        db.execute("INSERT INTO option_event_types (name) SELECT DISTINCT type FROM events ORDER BY 1")
    code = "(SELECT code FROM option_event_types WHERE name = type)"
    print(f"events and indexes, bytes per action: {size('events'):.0f} as ingested, "
          f"{build('option_events_as_is', {}):.0f} rebuilt as they are, "
          f"{build('option_events_type_code', {'type': code}) + size('option_event_types'):.0f} with the type as a "
          f"code, {build('option_events_integer_id', {'id': 'key64(id)'}):.0f} with the id as an integer, "
          f"{build('option_events_both', {'type': code, 'id': 'key64(id)'}) + size('option_event_types'):.0f} "
          f"with both")


if __name__ == "__main__":
    main()
