#!/usr/bin/env python3
"""PostgreSQL beside SQLite: ingest and search on the same data, in one run.

One run of this script:

1. builds the release binary as `scripts/benchmark.py` does (into `.build-bench`), unless
   `--binary` is given, and reuses or generates that script's corpus (real FPDS ATOM pages
   replicated with rewritten PIIDs, at least `--min-distinct` distinct actions);
2. ingests the whole corpus end to end, once into a new SQLite file and once into a new
   PostgreSQL database on the server at `--postgres` (default: CONTRACTWATCH_TEST_POSTGRES_URL),
   `--runs` times each, interleaved; reports the median wall time, entries/s and the ratio;
3. re-ingests the same files into each store (nothing new: every record is known);
4. serves each store in turn (`contractwatch serve`, release) and asks it each query of a fixed
   mix `--requests` times, one client at a time, after one warm-up request; reports p50 and p95
   per query and engine;
5. prints a Markdown section and, with `--write`, replaces the marked section of BENCHMARKS.md.

The PostgreSQL server shares the machine's cores with ContractWatch, as SQLite's library does,
so the ingest figure is the whole work of both processes. The database is dropped afterwards.

  eval "$(scripts/start-postgres.sh)"        # or pass --postgres postgres://user:pw@host:port/db
  python3 scripts/engine_benchmark.py --write
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchmark  # noqa: E402  (the build, corpus and report helpers)

REPO = benchmark.REPO
START, END = "<!-- engine-benchmark:start -->", "<!-- engine-benchmark:end -->"

# One client's query mix: text, a phrase, a field, agency, vendor, dates, no filter, and page 2
# of a text search through its cursor (filled in at run time).
QUERIES = [
    ("text: `services`", "/api/search?q=services"),
    ("phrase: `\"stop work\"`", "/api/search?q=%22stop+work%22"),
    ("field: `vendor:paragon`", "/api/search?q=vendor%3Aparagon"),
    ("agency filter: `agency=9700`", "/api/search?agency=9700"),
    ("text and agency: `q=repair&agency=2100`", "/api/search?q=repair&agency=2100"),
    ("dates: `from=2020-01-01&to=2020-12-31`", "/api/search?from=2020-01-01&to=2020-12-31"),
    ("no filter (newest first)", "/api/search"),
    ("page 2 of `services` (cursor)", None),
    ("events: `/api/events`, first 500", "/api/events"),
]


def database_url(server: str, name: str) -> str:
    parts = urllib.parse.urlsplit(server)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def psql(server: str, sql: str) -> None:
    subprocess.run(["psql", server, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                   stdout=subprocess.DEVNULL)


def ingest_command(binary: Path, store: str, corpus: Path) -> list[list[str]]:
    return [[str(binary), "ingest", "--db", store, str(corpus)]]


def serve(binary: Path, store: str, port: int) -> subprocess.Popen:
    server = subprocess.Popen([str(binary), "serve", "--db", store, "--port", str(port), "--log-level", "error",
                               "--rate-limit", "1000000"])
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"contractwatch serve --db {store} did not answer /healthz")


def latencies(port: int, path: str, requests: int) -> list[float]:
    url = f"http://127.0.0.1:{port}{path}"
    urllib.request.urlopen(url).read()
    seconds = []
    for _ in range(requests):
        started = time.perf_counter()
        with urllib.request.urlopen(url) as response:
            response.read()
            if response.status != 200:
                raise SystemExit(f"{url} answered {response.status}")
        seconds.append((time.perf_counter() - started) * 1000)
    return seconds


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def search_mix(binary: Path, store: str, port: int, requests: int) -> tuple[dict, str]:
    server = serve(binary, store, port)
    try:
        health = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz").read().decode()
        first = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=services").read())
        cursor = first.get("nextCursor")
        results = {}
        for label, path in QUERIES:
            if path is None:
                if not cursor:
                    continue
                path = "/api/search?q=services&cursor=" + urllib.parse.quote(cursor)
            benchmark.log(f"  {label}")
            results[label] = latencies(port, path, requests)
        return results, health
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, help="use this contractwatch binary instead of building one")
    parser.add_argument("--source", choices=["worktree", "head"], default="worktree")
    parser.add_argument("--postgres", default=os.environ.get("CONTRACTWATCH_TEST_POSTGRES_URL"),
                        help="a PostgreSQL server URL whose user may create databases")
    parser.add_argument("--min-distinct", type=int, default=40_000)
    parser.add_argument("--runs", type=int, default=1, help="ingest runs per engine (default 1)")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per query (default 50)")
    parser.add_argument("--workdir", type=Path, default=benchmark.DEFAULT_WORKDIR)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if not args.postgres:
        raise SystemExit("no PostgreSQL server: pass --postgres URL or run eval \"$(scripts/start-postgres.sh)\"")
    facts = benchmark.machine_facts()
    if args.binary:
        binary, built = args.binary, f"the release build given with `--binary` (`{args.binary}`)"
    else:
        binary, digest = benchmark.build_binary(args.source)
        built = f"built by this run from the {args.source} (sha256 of Sources/ + Package.*: {digest})"
    corpus = benchmark.ensure_corpus(args.workdir, False, args.min_distinct, None)
    log_path = args.workdir / "engine-benchmark.log"
    sqlite_path = args.workdir / "engine-benchmark.sqlite"
    pg_name = f"contractwatch_bench_{os.getpid()}"
    pg_store = database_url(args.postgres, pg_name)
    stores = {"SQLite": str(sqlite_path), "PostgreSQL": pg_store}

    ingest = {engine: [] for engine in stores}
    reingest = {}
    try:
        for run in range(args.runs):
            for engine, store in stores.items():
                benchmark.remove_db(sqlite_path)
                psql(args.postgres, f'DROP DATABASE IF EXISTS "{pg_name}"')
                psql(args.postgres, f'CREATE DATABASE "{pg_name}"')
                benchmark.log(f"ingest run {run + 1}/{args.runs} into {engine}")
                wall, cpu, _ = benchmark.timed(ingest_command(binary, store, args.workdir / "corpus"), log_path)
                ingest[engine].append((wall, cpu))
        # Both stores now hold the last run's result; read the same files again into each.
        for engine, store in stores.items():
            benchmark.log(f"re-ingest into {engine}")
            reingest[engine] = benchmark.timed(ingest_command(binary, store, args.workdir / "corpus"), log_path)[:2]
        search = {}
        health = {}
        for index, (engine, store) in enumerate(stores.items()):
            benchmark.log(f"search mix on {engine}")
            search[engine], health[engine] = search_mix(binary, store, 18090 + index, args.requests)
    finally:
        psql(args.postgres, f'DROP DATABASE IF EXISTS "{pg_name}"')
        benchmark.remove_db(sqlite_path)

    entries = corpus["entries"]
    median = {engine: statistics.median(w for w, _ in runs) for engine, runs in ingest.items()}
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {facts['nproc']} cores; "
        f"commit {benchmark.commit_label(facts)}; PostgreSQL "
        + subprocess.run(["psql", args.postgres, "-Atc", "SHOW server_version"], capture_output=True,
                         text=True).stdout.strip()
        + f" on the same machine (loopback); binary {built}.",
        "",
        f"Corpus: {corpus['files']:,} files, {entries:,} entries, {corpus['distinct']:,} distinct actions "
        f"({corpus['bytes'] / 2**20:.0f} MiB), the ingest benchmark's. Stores after ingest: "
        + "; ".join(f"{engine} `{health[engine]}`" for engine in stores) + ".",
        "",
        f"`python3 scripts/engine_benchmark.py --min-distinct {args.min_distinct} --runs {args.runs} "
        f"--requests {args.requests}`:",
        "",
        "| ingest | SQLite | PostgreSQL | PostgreSQL ÷ SQLite |",
        "|---|---:|---:|---:|",
        f"| first ingest, wall s (median of {args.runs}) | {median['SQLite']:.1f} | {median['PostgreSQL']:.1f} | "
        f"{median['PostgreSQL'] / median['SQLite']:.2f}× the time |",
        f"| entries/s | {entries / median['SQLite']:,.0f} | {entries / median['PostgreSQL']:,.0f} | "
        f"{median['SQLite'] / median['PostgreSQL']:.2f}× |",
        f"| ContractWatch CPU s (PostgreSQL's own is not counted) | {ingest['SQLite'][-1][1]:.1f} | "
        f"{ingest['PostgreSQL'][-1][1]:.1f} | |",
        f"| re-ingest of the same files, wall s | {reingest['SQLite'][0]:.1f} | {reingest['PostgreSQL'][0]:.1f} | "
        f"{reingest['PostgreSQL'][0] / reingest['SQLite'][0]:.2f}× the time |",
        "",
        f"Search, one client, {args.requests} requests per query after one warm-up, milliseconds:",
        "",
        "| query | SQLite p50 | SQLite p95 | PostgreSQL p50 | PostgreSQL p95 |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, _ in QUERIES:
        if label not in search["SQLite"] or label not in search["PostgreSQL"]:
            continue
        cells = []
        for engine in stores:
            values = search[engine][label]
            cells += [f"{percentile(values, 0.5):.1f}", f"{percentile(values, 0.95):.1f}"]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    body = "\n".join(lines)
    print(body)
    if args.write:
        benchmark.write_section(body, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
