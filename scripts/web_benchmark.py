#!/usr/bin/env python3
"""Measures the web server on a store of over a million actions, the way the web issue asks.

The store is the real samples ingested, then replicated in SQL until it holds --actions actions:
every table copied with new ids and PIIDs suffixed `R<copy>` (actions, versions with their raw
documents, contracts, the full-text index, events and watchlist matches), so texts, codes, dates,
vendors and events keep the real distributions; each copied action gets the ordering key its new
PIID gives (`ActionKey.orderingKey`), as an ingest of the copy would. One server (`contractwatch
serve`, a release build of the working tree, or the binary given with --binary) is then measured in
one run:

1. one client: each query of a fixed mix (search by text, phrase, agency, vendor, dates, no filter,
   page 2 through the cursor; events, filtered events, the Atom feed, the search page; the contract
   page and API of Paragon and of the contract with the most actions: a generated contract of
   2,163 actions, as long as the longest the issue measured, ingested into every store) asked
   --requests times in a row with urllib, a new connection each, after one warm-up request;
   p50/p95/p99 in ms, and
   the warm-up's own time (the first request of a query counts the facets that later requests of
   it reuse while the store is unchanged). Targets:
   p95 < 50 ms for search, events and the feed; < 20 ms for a contract (< 100 ms for the largest
   contract when it is too long for one page of the API). A request that does not answer 200 is counted as failed, not
   timed;
2. 16 clients: endpoint by endpoint with `wrk --latency` (2 threads, 16 connections, --seconds
   each), p95 from wrk's own histogram: search, events, contract pages and the Atom feeds. Target:
   >= 200 requests/s for the phrase "stop work" (the latency targets are one client's);
3. the store's bytes per action, from the file's size and SQLite's `dbstat` table, split into raw
   XML (the compressed source documents and their dictionaries), the full-text index (action_search
   and its shadow tables), the other tables' rows and the indexes. Targets: <= 2,000 B per action
   in all, <= 500 B of raw XML;
4. the server's peak resident memory (VmHWM) after the run. Target: < 1 GiB.

With --base STORE the store is built from a copy of that store instead of the samples' ingest: the
samples are ingested into the copy (so the mix's contracts and vendor are there), and the copy is
replicated in SQL, as above, until it holds --actions actions. A million-action store made by the
ingest benchmark (real pages, dictionary-compressed raw XML, events classified by the ingest) grows
this way into the 5-million-action store the issue asks for, in less than half the disk a replication
of the samples would take. A run with --actions other than 1,000,000 writes its own section of
BENCHMARKS.md (web-benchmark-N markers), after the million-action one.

With --postgres URL the same run measures the server on PostgreSQL: the SQLite store above is still
built (or reused) as the source, and copied into the database (`contractwatch copy SQLITE URL
--no-verify --quiet`, then ANALYZE) unless the database already holds a table `actions`; the server
then reads the database (`serve --db URL`). Targets there: p95 < 100 ms for every search, events and
feed query (the issue's "PostgreSQL, the same query mix at 1 M"); contracts keep theirs; the "stop
work" throughput has no target on PostgreSQL. Store size comes from PostgreSQL's own functions
(pg_database_size, table heaps, TOAST, pg_indexes_size, the raw XML tables). The password (from the
URL) reaches psql and the binary only through PGPASSWORD, and is shown as *** everywhere.

Every client is rate-limited now, loopback too, so the server runs with a rate limit no load test
reaches. A store made before migration 012 gets its newest-first events index here (the same
statement as the migration), so old stores measure what the current build would read by.

  python3 scripts/web_benchmark.py [--binary PATH] [--write]  # --write replaces the section in BENCHMARKS.md
  python3 scripts/web_benchmark.py --actions 5000000 --base STORE [--binary PATH] [--write]  # its own section
  python3 scripts/web_benchmark.py [--binary PATH] --postgres postgres://USER:PASSWORD@127.0.0.1:PORT/DATABASE \
      [--write]  # --write replaces the PostgreSQL section (web-benchmark-postgres markers) only
"""
import argparse
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchmark  # noqa: E402  (the build and report helpers)

REPO = benchmark.REPO
START, END = "<!-- web-benchmark:start -->", "<!-- web-benchmark:end -->"
PG_START, PG_END = "<!-- web-benchmark-postgres:start -->", "<!-- web-benchmark-postgres:end -->"
ID_MASK = (1 << 32) - 1  # FullTextKey.actionIDMask
PARAGON = ("7012", "70CMSD24RECON0001")
# The longest contract the issue measured, in actions: one contract of as many generated actions
# (`generate_corpus.py generate --one-contract`, this seed) is ingested into every store measured.
LONG_CONTRACT = 2163
VENDOR = "SQCFFDXBQJ78"
RAW_TABLES = benchmark.RAW_TABLES  # the compressed source documents
# One client's mix, p95 < 50 ms each. Page 2 of `services` (path None) goes through the first page's
# nextCursor, passed back as `cursor` (openapi.json); the contracts are added at run time.
QUERIES = [
    ("search: text `services`", "/api/search?q=services"),
    ("search: phrase `\"stop work\"`", "/api/search?q=%22stop+work%22"),
    ("search: agency 9700", "/api/search?agency=9700"),
    (f"search: vendor {VENDOR}", f"/api/search?vendor={VENDOR}"),
    ("search: dates 2020", "/api/search?from=2020-01-01&to=2020-12-31"),
    ("search: no filter (newest first)", "/api/search"),
    ("search: page 2 of `services` (cursor)", None),
    ("events", "/api/events"),
    ("events: agency 9700", "/api/events?agency=9700"),
    ("feed: all events", "/feeds/events.atom"),
    ("search page: q=stop work", "/?q=stop+work"),
]
SEARCH_P95, CONTRACT_P95, PAGED_CONTRACT_P95 = 50.0, 20.0, 100.0
POSTGRES_SEARCH_P95 = 100.0  # "PostgreSQL, the same query mix at 1 M: p95 < 100 ms"
STOP_WORK_RPS = 200.0
BYTES_PER_ACTION, RAW_BYTES_PER_ACTION = benchmark.BYTES_PER_ACTION, benchmark.RAW_BYTES_PER_ACTION
PEAK_RSS = benchmark.PEAK_RSS
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %.1f %.3f %.3f %.3f\\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("ERRORS %d %d\\n", summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
"""


def columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


# A document's copy moves with its version, and a delta's base (`zstd-ref:<version id>`) with it.
DOCUMENT_COPY = {"version_id": "version_id + {k} * {action_versions}",
                 "raw_encoding": "CASE WHEN raw_encoding LIKE 'zstd-ref:%' THEN 'zstd-ref:' || "
                                 "(CAST(substr(raw_encoding, 10) AS INTEGER) + {k} * {action_versions}) "
                                 "ELSE raw_encoding END"}


def full_text_day(signed_date: str | None) -> int:
    """`FullTextKey.day(_:)`: year × 512 + month × 32 + day, 0 where a digit is missing."""
    text = (signed_date or "")[:10]

    def number(start: int, end: int, limit: int) -> int:
        value = 0
        for character in text[start:end]:
            if not "0" <= character <= "9":
                return 0
            value = value * 10 + ord(character) - 48
        return min(value, limit)

    return number(0, 4, 9999) * 512 + number(5, 7, 15) * 32 + number(8, 10, 31)


def full_text_key(signed_date: str | None, ordering_key: int, action_id: int) -> int:
    """An action's rowid in the full-text index, as `FullTextKey.key(signedDate:orderingKey:actionID:)`
    makes it (migration 035 on): day, slot within the day, action id."""
    signed_date = signed_date or ""
    day = full_text_day(signed_date)
    midnight = f"{day >> 9:04d}-{day >> 5 & 15:02d}-{day & 31:02d}T00:00:00"
    if signed_date == midnight:
        slot = 1 + (((ordering_key & (2**64 - 1)) ^ (1 << 63)) >> 57)
    else:
        slot = 0 if signed_date.encode() < midnight.encode() else 255
    return (day << 8 | slot) << 32 | (action_id & ID_MASK)


def full_text_key_before_035(signed_date: str | None, _ordering_key: int, action_id: int) -> int:
    """The rowid migrations 018 to 034 gave an action: day, then action id in the low 40 bits.
    It takes `full_text_key`'s arguments, so either registers as the same SQL function."""
    return full_text_day(signed_date) << 40 | (action_id & ((1 << 40) - 1))


def ordering_key(kind: str, agency_id: str, piid: str, mod_number: str, transaction_number: str,
                 idv_agency_id: str, idv_piid: str) -> int:
    """`ActionKey.orderingKey`: the first 8 bytes of SHA-256 over the key's parts, signed. A copy
    gets the key the ingest would give its PIID, so copies of one action do not tie in listings."""
    material = "\x1f".join([kind, agency_id, piid, mod_number, transaction_number, idv_agency_id, idv_piid])
    return int.from_bytes(hashlib.sha256(material.encode()).digest()[:8], "big", signed=True)


def event_id(kind: str, agency_id: str, piid: str, mod_number: str, transaction_number: str, idv_agency_id: str,
             idv_piid: str, event_type: str) -> str:
    """An event's id as `ProcurementEvent.id(for:type:)` makes it: `ev_` and 16 hex digits of
    SHA-256 over its action's key and its type. A copy's events get the ids the classifier would
    give them, since the store keeps an id as the integer its digits spell (migration 033)."""
    material = "\x1f".join([kind, agency_id, piid, mod_number, transaction_number, idv_agency_id, idv_piid,
                             event_type])
    return "ev_" + hashlib.sha256(material.encode()).hexdigest()[:16]


def stored_event_id(*key: str) -> int:
    """`event_id(*key)` as `EventCodes.stored(id:)` keeps it: its 64 bits with the top one
    flipped, as a signed integer."""
    bits = int(event_id(*key)[3:], 16) ^ (1 << 63)
    return bits - (1 << 64) if bits >= 1 << 63 else bits


def replicate(path: Path, target: int) -> int:
    """Copies every row of the sample store until it holds `target` actions; returns the count."""
    db = sqlite3.connect(path)
    # A rollback journal, not the WAL, while copying: each copy is one transaction of new pages,
    # which a rollback journal does not hold twice (the WAL would, until its checkpoint).
    db.execute("PRAGMA journal_mode=DELETE")
    base = {t: db.execute(f"SELECT max(id) FROM {t}").fetchone()[0] or 0
            for t in ("actions", "action_versions", "contracts")}
    count = db.execute("SELECT count(*) FROM actions").fetchone()[0]
    copies = -(-target // count) - 1
    benchmark.log(f"replicating {count} real actions {copies} more times")
    # Events keep their id and type as integers from migration 033 on.
    codes = db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'event_types'").fetchone()[0] > 0
    db.create_function("event_id", 8, event_id, deterministic=True)
    db.create_function("stored_event_id", 8, stored_event_id, deterministic=True)
    plans = {
        "contracts": {"id": "id + {k} * {contracts}", "piid": "piid || 'R{k}'",
                      "idv_contract_id": "idv_contract_id + {k} * {contracts}",
                      "idv_piid": "CASE WHEN idv_piid = '' THEN '' ELSE idv_piid || 'R{k}' END"},
        "actions": {"id": "id + {k} * {actions}", "piid": "piid || 'R{k}'",
                    "idv_piid": "CASE WHEN idv_piid = '' THEN '' ELSE idv_piid || 'R{k}' END",
                    "contract_id": "contract_id + {k} * {contracts}",
                    "current_version_id": "current_version_id + {k} * {action_versions}",
                    "ordering_key": "ordering_key(kind, agency_id, piid || 'R{k}', mod_number, transaction_number, "
                                    "idv_agency_id, CASE WHEN idv_piid = '' THEN '' ELSE idv_piid || 'R{k}' END)"},
        "action_versions": {"id": "id + {k} * {action_versions}", "action_id": "action_id + {k} * {actions}"},
        "version_documents": DOCUMENT_COPY,
        "pending_documents": DOCUMENT_COPY,
        # Read beside the original's action (`a`, with columns of the same names), whose copy's key
        # gives the copy's event ids.
        "events": {"id": f"{'stored_event_id' if codes else 'event_id'}(a.kind, a.agency_id, a.piid || 'R{{k}}', "
                         "a.mod_number, a.transaction_number, a.idv_agency_id, "
                         "CASE WHEN a.idv_piid = '' THEN '' ELSE a.idv_piid || 'R{k}' END, "
                         f"{'(SELECT name FROM event_types WHERE code = events.type)' if codes else 'events.type'})",
                   "contract_id": "events.contract_id + {k} * {contracts}",
                   "action_id": "events.action_id + {k} * {actions}"},
        "watchlist_matches": {"action_id": "action_id + {k} * {actions}"},
    }
    ids = {"contracts": base["contracts"], "actions": base["actions"], "action_versions": base["action_versions"]}
    # The actions' agencies in date order (migration 025): a copy keeps its original's date, with its own key.
    has_action_agencies = db.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'action_agencies'").fetchone()[0] > 0
    contentless = db.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'action_search_names'").fetchone()[0] > 0
    # Index rows are keyed by day, slot and action (migration 035), or by day and action before.
    slots = db.execute("SELECT count(*) FROM grdb_migrations "
                       "WHERE identifier = '035-full-text-by-day-and-slot'").fetchone()[0] > 0
    db.create_function("full_text_key", 3, full_text_key if slots else full_text_key_before_035, deterministic=True)
    db.create_function("ordering_key", 7, ordering_key, deterministic=True)
    for k in range(1, copies + 1):
        with db:
            for table, changes in plans.items():
                names = columns(db, table)
                source, unchanged = table, "{name}"
                if table == "events":
                    source, unchanged = "events JOIN actions a ON a.id = events.action_id", "events.{name}"
                select = [changes.get(name, unchanged.format(name=name)).format(k=k, **ids) for name in names]
                where = " WHERE id <= ?" if "id" in names and table != "events" else ""
                args = (ids[table],) if where else ()
                if table == "events":
                    where, args = " WHERE events.action_id <= ?", (ids["actions"],)
                if table == "watchlist_matches":
                    where, args = " WHERE action_id <= ?", (ids["actions"],)
                if table in ("version_documents", "pending_documents"):
                    where, args = " WHERE version_id <= ?", (ids["action_versions"],)
                db.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(select)} FROM {source}{where}",
                           args)
            # The copies' index rows, keyed by their own date, ordering key and id. The index
            # keeps no copy of its text (migration 029): it is read from the columns the writer
            # reads it from, the copies' own.
            if contentless:
                db.execute("INSERT INTO action_search_names (action_id, agency_name_id, office_name_id) "
                           "SELECT action_id + ?, agency_name_id, office_name_id FROM action_search_names "
                           "WHERE action_id <= ?", (k * ids["actions"], ids["actions"]))
                db.execute("INSERT INTO action_search (rowid, description, vendor_name, agency_name, office_name) "
                           "SELECT full_text_key(a.signed_date, a.ordering_key, a.id), v.description, "
                           "v.vendor_name, sa.name, so.name FROM actions a "
                           "JOIN action_versions v ON v.id = a.current_version_id "
                           "LEFT JOIN action_search_names n ON n.action_id = a.id "
                           "LEFT JOIN search_names sa ON sa.id = n.agency_name_id "
                           "LEFT JOIN search_names so ON so.id = n.office_name_id WHERE a.id > ? AND a.id <= ?",
                           (k * ids["actions"], (k + 1) * ids["actions"]))
            else:
                db.execute("INSERT INTO action_search (rowid, description, vendor_name, agency_name, office_name) "
                           "SELECT rowid + ?, description, vendor_name, agency_name, office_name FROM action_search "
                           "WHERE (rowid & ?) <= ?", (k * ids["actions"], ID_MASK, ids["actions"]))
            if has_action_agencies:
                db.execute("INSERT INTO action_agencies (code, signed_date, ordering_key, action_id) "
                           "SELECT g.code, g.signed_date, a.ordering_key, a.id FROM action_agencies g "
                           "JOIN actions a ON a.id = g.action_id + ? WHERE g.action_id <= ?",
                           (k * ids["actions"], ids["actions"]))
        if k % 200 == 0:
            benchmark.log(f"  {k}/{copies} copies")
    db.execute("ANALYZE")
    db.execute("PRAGMA journal_mode=WAL")
    total = db.execute("SELECT count(*) FROM actions").fetchone()[0]
    db.close()
    return total


def wrk(url: str, seconds: int) -> dict:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(LUA)
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "-s", str(script), url],
                         capture_output=True, text=True, check=True).stdout
    script.unlink()
    result = next(line for line in out.splitlines() if line.startswith("RESULT")).split()
    errors = next(line for line in out.splitlines() if line.startswith("ERRORS")).split()
    return {"requests": int(result[1]), "rps": float(result[2]), "p50": float(result[3]), "p95": float(result[4]),
            "p99": float(result[5]), "non2xx": int(errors[1]), "socket": int(errors[2])}


def fetch(url: str) -> tuple[int, bytes]:
    """The status and body of one GET; a status other than 200 is returned, not raised."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def latencies(url: str, requests: int) -> tuple[list[float], list[str], float]:
    """One warm-up request, then `requests` in a row: the milliseconds of those that answered 200,
    what the others answered, and the warm-up's milliseconds (the first time the server meets the
    query: it counts the facets a later request of the same query reuses while the store is
    unchanged)."""
    times, failures, first = [], [], 0.0
    for attempt in range(requests + 1):
        started = time.perf_counter()
        try:
            status, _ = fetch(url)
        except OSError as error:  # refused, reset, timed out
            status = str(getattr(error, "reason", error))
        elapsed = (time.perf_counter() - started) * 1000
        if attempt == 0:
            first = elapsed  # the warm-up
            continue
        if status == 200:
            times.append(elapsed)
        else:
            failures.append(f"HTTP {status}" if isinstance(status, int) else status)
    return times, failures, first


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


verdict = benchmark.verdict


def long_contract_pages(workdir: Path) -> Path:
    """The pages of one generated contract of LONG_CONTRACT actions, written once into workdir."""
    out = workdir / f"contract-{LONG_CONTRACT}"
    if not out.exists():
        partial = workdir / f"contract-{LONG_CONTRACT}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        subprocess.run([sys.executable, str(REPO / "scripts" / "generate_corpus.py"), "generate", "--seed",
                        str(LONG_CONTRACT), "--actions", str(LONG_CONTRACT), "--one-contract", "--out", str(partial)],
                       check=True, stdout=subprocess.DEVNULL)
        partial.rename(out)
    return out


def largest_contract(db: Path) -> tuple[str, str, int]:
    """The (agency, PIID) with the most actions in the store, and how many."""
    store = sqlite3.connect(db)
    try:
        return store.execute("SELECT agency_id, piid, count(*) AS n FROM actions GROUP BY agency_id, piid "
                             "ORDER BY n DESC, agency_id, piid LIMIT 1").fetchone()
    finally:
        store.close()


store_size = benchmark.store_size  # shared with the ingest benchmark


def resident_memory(pid: int) -> tuple[str, int | None]:
    """The server's resident and peak resident memory, from /proc (Linux), and the peak in bytes."""
    try:
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    except OSError:
        return "unknown", None
    mib = lambda key: f"{int(fields[key].split()[0]) / 1024:.0f} MiB" if key in fields else "?"  # noqa: E731
    peak = int(fields["VmHWM"].split()[0]) * 1024 if "VmHWM" in fields else None
    return f"{mib('VmRSS')} resident, {mib('VmHWM')} at peak (VmHWM)", peak


class Postgres:
    """A database named by a postgres:// URL. The password never leaves this object except as
    PGPASSWORD in a child's environment: psql and the binary get the URL without it."""

    def __init__(self, url: str):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("postgres", "postgresql") or not parts.hostname:
            raise SystemExit("--postgres wants postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        userinfo, _, hostport = parts.netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        self.env = dict(os.environ)
        if parts.password is not None:
            self.env["PGPASSWORD"] = urllib.parse.unquote(parts.password)
        self.url = urllib.parse.urlunsplit(parts._replace(netloc=f"{user}@{hostport}" if user else hostport))
        self.shown = urllib.parse.urlunsplit(parts._replace(
            netloc=f"{user}:***@{hostport}" if parts.password is not None else parts.netloc))

    def query(self, sql: str) -> str:
        """One statement through psql, its rows unaligned (`|` between columns)."""
        result = subprocess.run(["psql", self.url, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
                                capture_output=True, text=True, env=self.env)
        if result.returncode != 0:
            raise SystemExit(f"psql {self.shown} failed on {sql!r}: {result.stderr.strip()}")
        return result.stdout.strip()

    def fill(self, binary: Path, db: Path, expected: int) -> str:
        """Copies the SQLite store in unless the database holds ContractWatch data; returns what was done."""
        if self.query("SELECT to_regclass('actions') IS NOT NULL") == "t":
            held = int(self.query("SELECT count(*) FROM actions"))
            if held != expected:
                raise SystemExit(f"{self.shown} holds {held} actions, the SQLite store {db} {expected}: "
                                 "drop the database or name another")
            benchmark.log(f"{self.shown} already holds {held} actions: reusing it")
            return "already held the store (not copied by this run)"
        benchmark.log(f"copying {db} into {self.shown}")
        started = time.time()
        result = subprocess.run([str(binary), "copy", str(db), self.url, "--no-verify", "--quiet"], env=self.env,
                                stdout=sys.stderr)  # its summary, off the report's stdout
        if result.returncode != 0:
            raise SystemExit(f"contractwatch copy into {self.shown} exited {result.returncode}")
        copied = time.time() - started
        benchmark.log(f"copied in {copied:.0f} s; ANALYZE")
        started = time.time()
        self.query("ANALYZE")
        benchmark.log(f"analyzed in {time.time() - started:.0f} s")
        return f"filled by this run (`contractwatch copy SQLITE URL --no-verify`, {copied:,.0f} s, then `ANALYZE`)"

    def settings(self) -> str:
        version = self.query("SHOW server_version")
        shown = ", ".join(f"{name} {self.query(f'SHOW {name}')}"
                          for name in ("shared_buffers", "work_mem", "effective_cache_size"))
        return f"PostgreSQL {version}; {shown}"

    def size(self) -> tuple[int, int, dict]:
        """The actions, pg_database_size, and the bytes by kind of relation (user schemas only)."""
        raw = ", ".join(f"'{name}'" for name in RAW_TABLES)
        row = self.query(f"""
            SELECT (SELECT count(*) FROM actions), pg_database_size(current_database()),
                   coalesce(sum(pg_relation_size(c.oid)), 0),
                   coalesce(sum(CASE WHEN c.reltoastrelid <> 0 THEN pg_total_relation_size(c.reltoastrelid) END), 0),
                   coalesce(sum(pg_indexes_size(c.oid)), 0),
                   coalesce(sum(CASE WHEN c.relname IN ({raw}) THEN pg_total_relation_size(c.oid) END), 0)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'm', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg_toast%'""")
        actions, database, heap, toast, indexes, raw_bytes = map(int, row.split("|"))
        parts = {"table heaps (pg_relation_size of every table)": heap,
                 "TOAST (each table's TOAST table and its index)": toast,
                 "indexes (pg_indexes_size of every table)": indexes,
                 "the rest (catalogs, free-space and visibility maps)": database - heap - toast - indexes,
                 f"of all the above, raw XML ({', '.join(RAW_TABLES)}: heap, TOAST and indexes)": raw_bytes}
        return actions, database, parts


def postgres_size_table(actions: int, database: int, parts: dict) -> list[str]:
    lines = ["| part | MiB | bytes per action |", "|---|---:|---:|",
             f"| whole database (pg_database_size) | {database / 2**20:,.1f} | {database / actions:,.0f} |"]
    lines += [f"| {part} | {bytes_ / 2**20:,.1f} | {bytes_ / actions:,.0f} |" for part, bytes_ in parts.items()]
    return lines


def write_section_after(body: str, start_mark: str, end_mark: str, path: Path = benchmark.BENCHMARKS_MD) -> None:
    """Replaces a run's own section; absent, it is made right after the million-action SQLite section's
    end marker (else at the end of the file). The SQLite section is never touched."""
    content = path.read_text() if path.exists() else ""
    if start_mark not in content or end_mark not in content:
        block = f"{start_mark}\n{end_mark}"
        if END in content:
            at = content.index(END) + len(END)
            content = content[:at] + "\n\n" + block + content[at:]
        else:
            content = content.rstrip("\n") + "\n\n" + block + "\n"
    start = content.index(start_mark) + len(start_mark)
    end = content.index(end_mark)
    path.write_text(content[:start] + "\n" + body.strip("\n") + "\n" + content[end:])
    benchmark.log(f"wrote the section {start_mark} of {path}")


def write_postgres_section(body: str, path: Path = benchmark.BENCHMARKS_MD) -> None:
    """Replaces the PostgreSQL run's own section (see write_section_after)."""
    write_section_after(body, PG_START, PG_END, path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actions", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=15, help="wrk's duration per endpoint (default 15)")
    parser.add_argument("--requests", type=int, default=100,
                        help="one client's requests per query, after one warm-up (default 100)")
    parser.add_argument("--binary", type=Path, help="use this contractwatch binary instead of building one")
    parser.add_argument("--source", choices=["worktree", "head"], default="worktree")
    parser.add_argument("--workdir", type=Path, default=REPO / ".build-bench" / "web")
    parser.add_argument("--base", type=Path, metavar="STORE",
                        help="build the store from a copy of this SQLite store (the samples ingested into it) "
                             "instead of the samples alone")
    parser.add_argument("--postgres", metavar="URL",
                        help="serve from this PostgreSQL database (postgres://USER:PASSWORD@HOST:PORT/DATABASE), "
                             "filled from the SQLite store by `contractwatch copy` if it holds no ContractWatch data")
    parser.add_argument("--write", action="store_true",
                        help="replace the section in BENCHMARKS.md (the PostgreSQL one with --postgres)")
    args = parser.parse_args()
    postgres = Postgres(args.postgres) if args.postgres else None
    facts = benchmark.machine_facts()
    if args.binary:
        binary = args.binary.resolve()
        if not binary.is_file():
            raise SystemExit(f"no binary at {binary}")
    else:
        binary, _ = benchmark.build_binary(args.source)
    args.workdir.mkdir(parents=True, exist_ok=True)
    db = args.workdir / f"store-{args.actions}.sqlite"
    if not db.exists():
        partial = db.with_suffix(".partial")
        # A killed build leaves its rollback journal, which SQLite would play back onto the new copy.
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(partial) + suffix).unlink(missing_ok=True)
        if args.base:
            benchmark.log(f"copying {args.base}")
            shutil.copyfile(args.base, partial)
        subprocess.run([str(binary), "ingest", "--db", str(partial), str(REPO / "Samples")], check=True,
                       stdout=subprocess.DEVNULL)
        started = time.time()
        total = replicate(partial, args.actions)
        benchmark.log(f"store of {total} actions built in {time.time() - started:.0f} s")
        # A deleted store's WAL left beside it would be played back onto the new one.
        for suffix in ("-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        partial.rename(db)
    long_contract = long_contract_pages(args.workdir)
    port = 18080
    # A store an earlier build made is migrated first: the server would migrate it on opening,
    # and a large one takes minutes to, longer than the wait for its health check.
    subprocess.run([str(binary), "migrate", "--db", str(db)], check=True, stdout=subprocess.DEVNULL)
    # Files ingested before are passed over by their hash: a store that holds the contract is unchanged.
    subprocess.run([str(binary), "ingest", "--db", str(db), str(long_contract)], check=True,
                   stdout=subprocess.DEVNULL)
    store = sqlite3.connect(db)
    held = store.execute("SELECT count(*) FROM actions").fetchone()[0]
    store.close()
    agency, piid, most = largest_contract(db)
    if postgres:
        if postgres.query("SELECT to_regclass('actions') IS NOT NULL") == "t":
            subprocess.run([str(binary), "ingest", "--db", postgres.url, str(long_contract)], env=postgres.env,
                           check=True, stdout=subprocess.DEVNULL)
        filled = postgres.fill(binary, db, held)
        engine = postgres.settings()
    contracts = [
        ("contract page: Paragon", f"/contracts/{PARAGON[0]}/{PARAGON[1]}"),
        ("contract API: Paragon", f"/api/contracts/{PARAGON[0]}/{PARAGON[1]}"),
        (f"contract page: largest ({most} actions)", f"/contracts/{agency}/{urllib.parse.quote(piid)}"),
        (f"contract API: largest ({most} actions)", f"/api/contracts/{agency}/{urllib.parse.quote(piid)}"),
    ]
    base = f"http://127.0.0.1:{port}"
    # Another server on the port would answer in our server's place, which exits on the bind:
    # nothing measured then would be this binary's.
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is in use: stop what listens there (another contractwatch serve?)")
    server = subprocess.Popen([str(binary), "serve", "--db", postgres.url if postgres else str(db), "--port",
                               str(port), "--log-level", "error", "--rate-limit", "1000000"],
                              env=postgres.env if postgres else None)
    search_limit = POSTGRES_SEARCH_P95 if postgres else SEARCH_P95
    search_target = f"p95 < {search_limit:.0f} ms"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"contractwatch serve --db {postgres.shown if postgres else db} did not answer /healthz")
        if server.poll() is not None:
            raise SystemExit(f"contractwatch serve exited with status {server.returncode}: is port {port} in use?")
        stats = urllib.request.urlopen(f"{base}/healthz").read().decode()

        # One client.
        status, body = fetch(f"{base}/api/search?q=services")
        cursor = json.loads(body).get("nextCursor") if status == 200 else None
        status, body = fetch(base + contracts[3][1])
        answer = json.loads(body) if status == 200 else {}
        # The 100 ms target is for a contract too long for one page (the API pages by nextCursor);
        # one that fits a page is held to 20 ms like any other.
        paged = answer.get("nextCursor") is not None
        listed = len(answer.get("actions", []))
        total = answer.get("actionCount", listed)
        single = []
        for label, path in QUERIES + contracts:
            url = base + (path or "")
            if path is None:
                path = "/api/search?q=services&cursor=<page 1's nextCursor>"
                if not cursor:
                    single.append((label, path, None, None, None, search_target, search_limit))
                    continue
                url = f"{base}/api/search?q=services&cursor={urllib.parse.quote(cursor)}"
            if path.startswith("/contracts") or path.startswith("/api/contracts"):
                if "largest" in label and paged:
                    limit, target = PAGED_CONTRACT_P95, (
                        f"p95 < 100 ms (the largest contract, paged: the API lists {listed} of {total} actions)")
                elif "largest" in label:
                    limit, target = CONTRACT_P95, f"p95 < 20 ms (one page: the API lists all {listed} actions)"
                else:
                    limit, target = CONTRACT_P95, "p95 < 20 ms"
            else:
                limit, target = search_limit, search_target
            benchmark.log(f"one client: {label}")
            times, failures, first = latencies(url, args.requests)
            single.append((label, path, times, failures, first, target, limit))

        # 16 clients.
        endpoints = [
            ("search API: q=\"stop work\"", "/api/search?q=%22stop+work%22"),
            ("search API: q=paragon, agency 7012", "/api/search?q=paragon&agency=7012"),
            ("search API: vendor UEI", f"/api/search?vendor={VENDOR}"),
            ("search API: agency 9700", "/api/search?agency=9700"),
            ("search API: dates 2020", "/api/search?from=2020-01-01&to=2020-12-31"),
            ("search API: no filter (newest 50)", "/api/search"),
            ("events API", "/api/events"),
            ("events API: agency 9700", "/api/events?agency=9700"),
            ("search page: q=stop work", "/?q=stop+work"),
            ("contract page (Paragon)", f"/contracts/{PARAGON[0]}/{PARAGON[1]}"),
            ("contract API (Paragon)", f"/api/contracts/{PARAGON[0]}/{PARAGON[1]}"),
            ("contract page (45 modifications)", "/contracts/1900/SAQMMA12C1103"),
            ("feed: all events", "/feeds/events.atom"),
            ("feed: watchlist commercial-spyware", "/feeds/watchlists/commercial-spyware.atom"),
            ("feed: contract (Paragon)", f"/feeds/contracts/{PARAGON[0]}/{PARAGON[1]}.atom"),
            ("feed: vendor UEI", f"/feeds/vendors/{VENDOR}.atom"),
        ]
        rows = []
        for label, path in endpoints:
            fetch(base + path)  # warm the page cache
            benchmark.log(f"wrk {label}")
            rows.append((label, path, wrk(base + path, args.seconds)))
        memory, peak = resident_memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if postgres:
        benchmark.log("store size (PostgreSQL)")
        actions, size, pg_parts = postgres.size()
    else:
        benchmark.log("store size (dbstat)")
        actions, size, parts, how = store_size(db)

    shown = f" --binary {args.binary}" if args.binary else ""
    shown += f" --base {args.base}" if args.base else ""
    shown += f" --postgres {postgres.shown}" if postgres else ""
    built = f"the binary given with --binary (`{args.binary}`)" if args.binary else \
        f"a release build of the {'working tree' if args.source == 'worktree' else 'committed HEAD'}"
    lines = [f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {facts['nproc']} cores; "
             f"commit {benchmark.commit_label(facts)}; server: {built}. Reproduce with", "",
             f"`python3 scripts/web_benchmark.py --actions {args.actions} --seconds {args.seconds} "
             f"--requests {args.requests}{shown}`", ""]
    if postgres:
        lines += [f"Engine: {engine}; on the same machine (loopback), database `{postgres.shown}`, "
                  f"{filled}. Targets on PostgreSQL: p95 < 100 ms for every search, events and feed query; "
                  "contracts keep SQLite's; the 16-client \"stop work\" throughput has none.", ""]
    if args.base:
        lines += [f"Store: a copy of `{args.base}` with the samples ingested into it, replicated in SQL to "
                  f"{args.actions:,} actions.", ""]
    lines += [f"Store: `{stats}`.", ""]

    lines += [f"One client, {args.requests} requests per query in a row after one warm-up (urllib, a new "
              "connection each; failed = not answered 200, not timed), milliseconds. *first* is the warm-up: "
              "the first time the server meets the query, when it counts the facets that the requests after "
              "it reuse while the store is unchanged:", "",
              "| query | first | p50 | p95 | p99 | failed | target | |", "|---|---:|---:|---:|---:|---:|---|---|"]
    for label, path, times, failures, first, target, limit in single:
        if times is None:
            lines.append(f"| {label} `{path}` | – | – | – | – | | {target} | "
                         "not measured: page 1 has no nextCursor |")
            continue
        failed = f"{len(failures)} ({', '.join(sorted(set(failures)))})" if failures else "0"
        if not times:
            lines.append(f"| {label} `{path}` | {first:.1f} | – | – | – | {failed} | {target} | **not met** |")
            continue
        p95 = percentile(times, 0.95)
        lines.append(f"| {label} `{path}` | {first:.1f} | {percentile(times, 0.5):.1f} | {p95:.1f} | "
                     f"{percentile(times, 0.99):.1f} | {failed} | {target} | {verdict(p95 < limit and not failures)} |")

    lines += ["", f"16 clients (`wrk -t2 -c16 --latency`, {args.seconds} s per endpoint; server and wrk share the "
              f"{facts['nproc']} cores):", "",
              "| endpoint | requests/s | p50 ms | p95 ms | p99 ms | non-2xx | target | |",
              "|---|---:|---:|---:|---:|---:|---|---|"]
    for label, path, r in rows:
        errors = r["non2xx"] + r["socket"]
        # The issue sets one target at 16 clients: the "stop work" search's throughput. Latency
        # targets are one client's (the table above).
        target, met = "", ""
        if path == "/api/search?q=%22stop+work%22":
            if postgres:
                target = "no target on PostgreSQL (SQLite: >= 200 requests/s)"
            else:
                target, met = ">= 200 requests/s", verdict(r["rps"] >= STOP_WORK_RPS and not errors)
        if not r["requests"]:  # none completed within wrk's duration
            met = verdict(False) if met else ""
            lines.append(f"| {label} `{path}` | 0 | – | – | – | {errors} | {target} | {met} |")
            continue
        lines.append(f"| {label} `{path}` | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | "
                     f"{errors} | {target} | {met} |")

    if postgres:
        lines += ["", f"Store size: {actions:,} actions, {size / 2**20:,.0f} MiB database; parts from PostgreSQL's "
                  "size functions over the tables outside pg_catalog and information_schema (for comparison, the "
                  "SQLite store's targets: <= 2,000 B per action in all, <= 500 B of raw XML):", ""]
        lines += postgres_size_table(actions, size, pg_parts)
    else:
        lines += ["", f"Store size: {actions:,} actions, {size / 2**20:,.0f} MiB file; parts from {how}:", ""]
        lines += benchmark.size_table(actions, size, parts)

    own = " (contractwatch's own; PostgreSQL's processes are not counted)" if postgres else ""
    lines += ["", f"Server memory after the run{own}: {memory}; target < 1 GiB at peak: "
              f"{verdict(peak is not None and peak < PEAK_RSS)}."]
    body = "\n".join(lines)
    print(body)
    if args.write and postgres:
        write_postgres_section(body)
    elif args.write and args.actions != 1_000_000:
        write_section_after(body, f"<!-- web-benchmark-{args.actions}:start -->",
                            f"<!-- web-benchmark-{args.actions}:end -->")
    elif args.write:
        benchmark.write_section(body, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
