#!/usr/bin/env python3
"""Measures the web server on a store of over a million actions with wrk on loopback.

The store is the real samples ingested, then replicated in SQL until it holds --actions actions:
every table copied with new ids and PIIDs suffixed `R<copy>` (actions, versions with their raw
documents, contracts, the full-text index, events and watchlist matches), so texts, codes, dates,
vendors and events keep the real distributions. The server (a release build) is then measured
endpoint by endpoint with `wrk --latency` (2 threads, 16 connections, --seconds each), p95 from
wrk's own histogram: search, contract pages and the Atom feeds in one run, on one server, with the
server's resident memory read after the feeds. The issue's targets: search p95 < 50 ms and >= 500
requests/s; contract pages < 20 ms; feeds read only the page they serve.

Every client is rate-limited now, loopback too, so the server runs with a rate limit no load test
reaches. A store made before migration 012 gets its newest-first events index here (the same
statement as the migration), so old stores measure what the current build would read by.

  python3 scripts/web_benchmark.py [--write]      # --write replaces the section in BENCHMARKS.md
"""
import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchmark  # noqa: E402  (the build and report helpers)

REPO = benchmark.REPO
START, END = "<!-- web-benchmark:start -->", "<!-- web-benchmark:end -->"
ID_MASK = (1 << 40) - 1  # FullTextKey.actionIDMask
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


def replicate(path: Path, target: int) -> int:
    """Copies every row of the sample store until it holds `target` actions; returns the count."""
    db = sqlite3.connect(path)
    base = {t: db.execute(f"SELECT max(id) FROM {t}").fetchone()[0] or 0
            for t in ("actions", "action_versions", "contracts")}
    count = db.execute("SELECT count(*) FROM actions").fetchone()[0]
    copies = -(-target // count) - 1
    benchmark.log(f"replicating {count} real actions {copies} more times")
    plans = {
        "contracts": {"id": "id + {k} * {contracts}", "piid": "piid || 'R{k}'",
                      "idv_contract_id": "idv_contract_id + {k} * {contracts}",
                      "idv_piid": "CASE WHEN idv_piid = '' THEN '' ELSE idv_piid || 'R{k}' END"},
        "actions": {"id": "id + {k} * {actions}", "piid": "piid || 'R{k}'",
                    "idv_piid": "CASE WHEN idv_piid = '' THEN '' ELSE idv_piid || 'R{k}' END",
                    "contract_id": "contract_id + {k} * {contracts}",
                    "current_version_id": "current_version_id + {k} * {action_versions}"},
        "action_versions": {"id": "id + {k} * {action_versions}", "action_id": "action_id + {k} * {actions}"},
        "version_documents": {"version_id": "version_id + {k} * {action_versions}"},
        "events": {"id": "id || 'R{k}'", "contract_id": "contract_id + {k} * {contracts}",
                   "action_id": "action_id + {k} * {actions}"},
        "watchlist_matches": {"action_id": "action_id + {k} * {actions}"},
    }
    ids = {"contracts": base["contracts"], "actions": base["actions"], "action_versions": base["action_versions"]}
    for k in range(1, copies + 1):
        with db:
            for table, changes in plans.items():
                names = columns(db, table)
                select = [changes.get(name, name).format(k=k, **ids) for name in names]
                where = " WHERE id <= ?" if "id" in names and table != "events" else ""
                args = (ids[table],) if where else ()
                if table in ("events", "watchlist_matches"):
                    where, args = " WHERE action_id <= ?", (ids["actions"],)
                if table == "version_documents":
                    where, args = " WHERE version_id <= ?", (ids["action_versions"],)
                db.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(select)} FROM {table}{where}",
                           args)
            # Index rows are keyed by signed day (high bits) and action id (low 40 bits); a copy
            # keeps its original's date, so only the id part moves.
            db.execute("INSERT INTO action_search (rowid, description, vendor_name, agency_name, office_name) "
                       "SELECT rowid + ?, description, vendor_name, agency_name, office_name FROM action_search "
                       "WHERE (rowid & ?) <= ?", (k * ids["actions"], ID_MASK, ids["actions"]))
        if k % 200 == 0:
            benchmark.log(f"  {k}/{copies} copies")
    db.execute("ANALYZE")
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


def resident_memory(pid: int) -> str:
    """The server's resident and peak resident memory, from /proc (Linux)."""
    try:
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    except OSError:
        return "unknown"
    mib = lambda key: f"{int(fields[key].split()[0]) / 1024:.0f} MiB" if key in fields else "?"  # noqa: E731
    return f"{mib('VmRSS')} resident, {mib('VmHWM')} at peak"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actions", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--source", choices=["worktree", "head"], default="worktree")
    parser.add_argument("--workdir", type=Path, default=REPO / ".build-bench" / "web")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    facts = benchmark.machine_facts()
    binary, _ = benchmark.build_binary(args.source)
    args.workdir.mkdir(parents=True, exist_ok=True)
    db = args.workdir / f"store-{args.actions}.sqlite"
    if not db.exists():
        partial = db.with_suffix(".partial")
        for suffix in ("", "-wal", "-shm"):
            Path(str(partial) + suffix).unlink(missing_ok=True)
        subprocess.run([str(binary), "ingest", "--db", str(partial), str(REPO / "Samples")], check=True,
                       stdout=subprocess.DEVNULL)
        started = time.time()
        total = replicate(partial, args.actions)
        benchmark.log(f"store of {total} actions built in {time.time() - started:.0f} s")
        partial.rename(db)
    port = 18080
    with sqlite3.connect(db) as store:  # migration 012's index, for a store built before it
        store.execute("CREATE INDEX IF NOT EXISTS events_newest_first ON events(detected_at DESC, id DESC)")
    server = subprocess.Popen([str(binary), "serve", "--db", str(db), "--port", str(port), "--log-level", "error",
                               "--rate-limit", "1000000"])
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        stats = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz").read().decode()
        endpoints = [
            ("search API: q=\"stop work\"", "/api/search?q=%22stop+work%22"),
            ("search API: q=paragon, agency 7012", "/api/search?q=paragon&agency=7012"),
            ("search API: vendor UEI", "/api/search?vendor=SQCFFDXBQJ78"),
            ("search API: no filter (newest 50)", "/api/search"),
            ("search page: q=stop work", "/?q=stop+work"),
            ("contract page (Paragon)", "/contracts/7012/70CMSD24RECON0001"),
            ("contract API (Paragon)", "/api/contracts/7012/70CMSD24RECON0001"),
            ("contract page (45 modifications)", "/contracts/1900/SAQMMA12C1103"),
            ("feed: all events", "/feeds/events.atom"),
            ("feed: watchlist commercial-spyware", "/feeds/watchlists/commercial-spyware.atom"),
            ("feed: contract (Paragon)", "/feeds/contracts/7012/70CMSD24RECON0001.atom"),
            ("feed: vendor UEI", "/feeds/vendors/SQCFFDXBQJ78.atom"),
        ]
        rows = []
        for label, path in endpoints:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read()  # warm the page cache
            benchmark.log(f"wrk {label}")
            rows.append((label, path, wrk(f"http://127.0.0.1:{port}{path}", args.seconds)))
        memory = resident_memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = [f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {facts['nproc']} cores; "
             f"commit {benchmark.commit_label(facts)}; store: `{stats}`.", "",
             f"Server memory after the run: {memory}.", "",
             f"`python3 scripts/web_benchmark.py --actions {args.actions} --seconds {args.seconds}` "
             "(wrk -t2 -c16, release build, server and wrk on the same 2 cores):", "",
             "| endpoint | requests/s | p50 ms | p95 ms | p99 ms | non-2xx |", "|---|---:|---:|---:|---:|---:|"]
    for label, path, r in rows:
        lines.append(f"| {label} `{path}` | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | "
                     f"{r['non2xx'] + r['socket']} |")
    body = "\n".join(lines)
    print(body)
    if args.write:
        benchmark.write_section(body, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
