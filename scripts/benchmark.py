#!/usr/bin/env python3
"""Ingest throughput benchmark for ContractWatch (stdlib only).

One run of this script:

1. builds the release binary into its own scratch path (`.build-bench`), unless `--binary` is given;
2. generates (or reuses) a corpus of at least `--min-distinct` distinct contract actions by replicating
   the real FPDS ATOM pages k times, prefixing the text of every PIID element with `R<nnn>` (`R<nnnn>`
   above 999 replicas) so that the copies are distinct records while every other byte (and so the
   size and shape distribution) stays the real pages'; the pages are written one at a time, so the
   corpus is never held in memory (only 16-byte digests of its action keys, to count them);
3. times, `--runs` times each and interleaved round by round,
     a. `xmllint --stream --noout` over every corpus file (libxml2 parsing only, the baseline),
     b. the PyPI parser `fpds` (`fpdsTree(bytes).jsonify()` per page, one Python process),
     c. `contractwatch ingest --dry-run` (parse + normalise + hash),
     d. `contractwatch ingest --db <fresh file>` (end to end into SQLite),
     e. the same `contractwatch ingest --db <that file>` again right after d (re-ingest: every file's
        bytes are held whole already, so the tool passes over them; target ≥ 5× faster than d),
   each child's peak resident set (its own `ru_maxrss`, reaped with `os.wait4`; target < 1 GiB for d),
   then splits the store d and e left into bytes per action (`store_size`, from SQLite's `dbstat`:
   raw XML, full-text index, other rows, indexes, free pages; targets ≤ 2,000 B in all, ≤ 500 B raw);
4. prints a Markdown table and, with `--write`, replaces the marked section of BENCHMARKS.md;
5. runs the in-memory benchmarks of the nested package `Benchmarks/` (ordo-one/benchmark, release),
   `Classification` (the event classifier) and `Screening` (the watchlist screener, its index and
   the brute-force baseline), built from a snapshot into `.build-bench-workloads`, with their sizes
   in CONTRACTWATCH_BENCH_* variables, and with `--write` replaces their two sections as well
   (`--classify-actions 0 --screen-actions 0` leaves them out).

Reproduce with `python3 scripts/benchmark.py --write` from the repository root; the in-memory
benchmarks alone with `python3 scripts/benchmark.py --only-in-memory --write`.

Ingest at a million actions (1,643 replicas of the samples' 609 distinct actions: ~120,000 files,
~1,004,000 entries, ~17 GiB of corpus, plus a store of several GiB; generating the corpus takes
about half an hour once, and it is reused while its parameters stay the same):

  python3 scripts/benchmark.py --binary PATH --min-distinct 1000000 --skip-fpds --runs 1 \\
      --classify-actions 0 --screen-actions 0 --workdir DIR --write

(without `--binary` the release binary is built first; `DIR` needs ~26 GB free).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import math
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "Samples" / "fpds"
SHARED = Path("/work/shared/data")
SCRATCH = ".build-bench"
DEFAULT_WORKDIR = REPO / SCRATCH / "corpus"
BENCHMARKS_MD = REPO / "BENCHMARKS.md"
START_MARK = "<!-- ingest-benchmark:start -->"
END_MARK = "<!-- ingest-benchmark:end -->"
CORPUS_FORMAT = 1  # bump when the generation rule changes, so old corpora are rebuilt

# A PIID element, in any namespace prefix: `<PIID>`, `<ns1:PIID>`, `<ns1:PIID attr="…">`.
PIID_OPEN = re.compile(rb"(<(?:[A-Za-z_][\w.-]*:)?PIID(?:\s[^>]*)?>)")
PIID_TEXT = re.compile(PIID_OPEN.pattern + rb"([^<]*)<")
ENTRY_OPEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?entry[\s>]")
RECORD_KINDS = {"award", "IDV", "OtherTransactionAward", "OtherTransactionIDV"}

INTRO = f"""# Benchmarks

## Ingest throughput

What is measured: how fast ContractWatch reads real FPDS XML, against two reference points, on a
corpus of at least 40,000 distinct contract actions made from the real ATOM feed pages in
`Samples/fpds/` (each page replicated k times; only the text of the `PIID` elements is rewritten,
prefixed with `R<nnn>`, or `R<nnnn>` above 999 replicas, so every copy is a distinct record and every
other byte is the real page's).

| row | what runs |
| --- | --- |
| `xmllint --stream --noout` | libxml2 parsing every file and doing nothing else (the baseline) |
| PyPI `fpds` 1.5.0 | `fpdsTree(bytes).jsonify()` per page, one Python process |
| `contractwatch ingest --dry-run` | parse + normalise + hash, nothing stored |
| `contractwatch ingest --db NEW` | end to end into a fresh SQLite file |
| `contractwatch ingest --db SAME` again | re-ingest: the same command, right after, on the store the end-to-end run just made; every file's bytes are held whole, so the tool hashes each file and passes over it (`already held   N files, M records`) |

Each row is run 3 times (interleaved round by round) and the median wall time is reported;
entries/s divides the corpus's own `<entry>` count (counted by the script, not by any tool) by that
time, and the ratio is the row's entries/s over xmllint's. Each run's peak resident set is the
child's own `ru_maxrss` (reaped with `wait4`), the row shows the largest. The store the last
end-to-end run (and its re-ingest) left is then split into bytes per action with SQLite's `dbstat`
table, the same split as the web server's section: raw XML, full-text index, other tables' rows,
indexes and free pages.

Targets: end-to-end ingest ≥ 1.0× `xmllint --stream`; parse alone (`--dry-run`) ≥ 2.5×; re-ingest
≥ 5× faster than the first ingest; ingest's peak RSS < 1 GiB; the store ≤ 2,000 B per action in all
and ≤ 500 B of raw XML.

Reproduce (builds the release binary into `.build-bench/`, generates the corpus under
`.build-bench/corpus/`, both git-ignored):

```sh
python3 scripts/benchmark.py --write
```

At a million actions (1,643 replicas of the samples' 609 distinct actions: ~120,000 files, ~1,004,000
entries, a ~17 GiB corpus and a store of several GiB, so `DIR` needs ~26 GB free; the corpus takes
about half an hour to generate once and is reused while its parameters stay the same; the in-memory
sections are left out, and `--binary` skips the build):

```sh
python3 scripts/benchmark.py --binary PATH --min-distinct 1000000 --skip-fpds --runs 1 \\
    --classify-actions 0 --screen-actions 0 --workdir DIR --write
```

{START_MARK}
{END_MARK}
"""


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def root_local_name(data: bytes) -> str | None:
    """The local name of the document element, skipping the declaration, comments and doctype."""
    for match in re.finditer(rb"<([!?]?)([A-Za-z_][\w.:-]*)", data):
        if match.group(1):
            continue
        return match.group(2).decode().rsplit(":", 1)[-1]
    return None


# --------------------------------------------------------------------------------------------
# Machine facts


def run_text(cmd: list[str], cwd: Path | None = None) -> str:
    try:
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def xmllint_version() -> str:
    try:
        return (subprocess.run(["xmllint", "--version"], capture_output=True, text=True).stderr.splitlines()
                or ["?"])[0]
    except OSError:
        return "xmllint not found"


def machine_facts() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = run_text(["git", "rev-parse", "--short", "HEAD"], REPO) or "unknown"
    # BENCHMARKS.md is this script's own output: rewriting it must not make the next run "dirty".
    porcelain = [line for line in run_text(["git", "status", "--porcelain"], REPO).splitlines()
                 if line[3:] != BENCHMARKS_MD.name]
    facts = {
        "nproc": run_text(["nproc"]) or str(os.cpu_count()),
        "cpu": cpu,
        "commit": commit,
        "dirty": bool(porcelain),
        "xmllint": xmllint_version(),
        "python": sys.version.split()[0],
        "swift": (run_text(["swift", "--version"]).splitlines() or ["?"])[0],
        "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }
    try:
        import fpds  # noqa: F401
        from importlib.metadata import version
        facts["fpds"] = version("fpds")
    except Exception:  # noqa: BLE001
        facts["fpds"] = None
    return facts


def commit_label(facts: dict) -> str:
    return facts["commit"] + (" dirty" if facts["dirty"] else "")


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


def wait_for_low_load(max_load: float, retries: int, wait_seconds: int) -> list[str]:
    """Waits (up to `retries` times) until the 1-minute load is at most `max_load`; returns what it saw."""
    seen = []
    for attempt in range(retries + 1):
        one, five, fifteen = load_average()
        seen.append(f"{one:.2f} {five:.2f} {fifteen:.2f}")
        if one <= max_load:
            log(f"load {one:.2f} {five:.2f} {fifteen:.2f} ≤ {max_load}: measuring")
            return seen
        if attempt < retries:
            log(f"load {one:.2f} {five:.2f} {fifteen:.2f} > {max_load}: waiting {wait_seconds} s "
                f"({attempt + 1}/{retries})")
            time.sleep(wait_seconds)
    log(f"load still above {max_load} after {retries} waits: measuring anyway")
    return seen


# --------------------------------------------------------------------------------------------
# Build


SNAPSHOT = REPO / ".build-bench-src"  # git-ignored (.build-*/)


def snapshot_sources(source: str) -> Path:
    """Copies the package into SNAPSHOT and returns it, so that edits made to the working tree while
    the compiler runs cannot break the build ("input file … was modified during the build").

    `worktree`: the working tree as it is now, uncommitted edits included (build products, .git and
    .swiftpm left out);
    `head`: the committed tree at HEAD. Unchanged files keep their modification times, so the next
    build is incremental."""
    if source == "head":
        archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=REPO, check=True,
                                 capture_output=True).stdout
        with tempfile.TemporaryDirectory(prefix="bench-head-") as tmp:
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            names = [str(p.relative_to(tmp)) + ("/" if p.is_dir() else "") for p in Path(tmp).rglob("*")]
            if (REPO / "Package.resolved").is_file() and "Package.resolved" not in names:
                shutil.copy2(REPO / "Package.resolved", Path(tmp) / "Package.resolved")
                names.append("Package.resolved")
            return _sync(Path(tmp), names)
    names = []
    for directory, subdirectories, files in os.walk(REPO):
        # Build products, git's store and other machinery stay out; everything else (empty target
        # folders included: SwiftPM wants them) is copied.
        subdirectories[:] = [d for d in subdirectories if not (d.startswith((".build", ".git", ".swiftpm"))
                                                               or d in ("__pycache__", "node_modules"))]
        relative = Path(directory).relative_to(REPO)
        names.append(str(relative) + "/")
        names.extend(str(relative / f) for f in files if not f.endswith((".sqlite", ".sqlite-wal", ".sqlite-shm")))
    return _sync(REPO, names)


def _sync(root: Path, names: list[str]) -> Path:
    """Makes SNAPSHOT hold exactly `names` (paths relative to `root`; a trailing / marks a folder)."""
    folders = {n.rstrip("/") for n in names if n.endswith("/")}
    files = [n for n in names if not n.endswith("/")]
    wanted = set(files)
    SNAPSHOT.mkdir(exist_ok=True)
    for existing in sorted(SNAPSHOT.rglob("*"), reverse=True):
        relative = str(existing.relative_to(SNAPSHOT))
        if existing.is_dir() and not existing.is_symlink():
            if relative not in folders and not any(f.startswith(relative + "/") for f in wanted):
                shutil.rmtree(existing)
        elif relative not in wanted:
            existing.unlink()
    for folder in folders:
        (SNAPSHOT / folder).mkdir(parents=True, exist_ok=True)
    for name in files:
        source, target = root / name, SNAPSHOT / name
        if not source.is_file():
            continue  # vanished while we copied
        if target.is_file() and target.read_bytes() == source.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return SNAPSHOT


def build_snapshot(source: str, attempts: int, subfolder: str, command) -> tuple[Path, list[str]]:
    """Builds `command(package)` (release) in a fresh snapshot of `source`, where `package` is the
    snapshot or its `subfolder`, retrying a failed build after 30 s; returns the package and command."""
    for attempt in range(1, attempts + 1):
        package = snapshot_sources(source) / subfolder if subfolder else snapshot_sources(source)
        cmd = command(package)
        log(f"building {subfolder or 'contractwatch'} ({source}, attempt {attempt}/{attempts}): " + " ".join(cmd))
        started = time.monotonic()
        result = subprocess.run(cmd, cwd=REPO, stdout=sys.stderr)
        if result.returncode == 0:
            log(f"built in {time.monotonic() - started:.0f} s")
            return package, cmd
        if attempt == attempts:
            raise SystemExit(f"swift build of {subfolder or 'contractwatch'} failed {attempts} times "
                             f"(exit {result.returncode})")
        time.sleep(30)
    raise SystemExit("no build attempted")


def build_binary(source: str, attempts: int = 3) -> tuple[Path, str]:
    package, cmd = build_snapshot(
        source, attempts, "",
        lambda package: ["swift", "build", "-c", "release", "--product", "contractwatch",
                         "--package-path", str(package), "--scratch-path", str(REPO / SCRATCH)])
    bin_dir = subprocess.run(cmd + ["--show-bin-path"], cwd=REPO, check=True, capture_output=True,
                             text=True).stdout.strip()
    binary = Path(bin_dir) / "contractwatch"
    if not binary.is_file():
        raise SystemExit(f"built, but no binary at {binary}")
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and ".build" not in p.parts):
        rel = path.relative_to(package)
        if rel.parts[0] in ("Sources", "Package.swift", "Package.resolved"):
            digest.update(str(rel).encode() + b"\0" + path.read_bytes() + b"\0")
    return binary, digest.hexdigest()[:12]


# --------------------------------------------------------------------------------------------
# Corpus


def source_pages(use_shared: bool) -> list[tuple[str, Path]]:
    """Every ATOM feed page in the sources, as (corpus-relative path, file), byte-identical duplicates dropped."""
    roots = [("samples", SAMPLES)]
    if use_shared:
        if SHARED.is_dir():
            roots.append(("shared", SHARED))
        else:
            log(f"--shared given but {SHARED} does not exist: using Samples/ only")
    pages, seen = [], set()
    for label, root in roots:
        for path in sorted(root.rglob("*.xml")):
            relative = path.relative_to(root)
            if label == "shared" and relative.parts[0] == "reference":
                continue
            data = path.read_bytes()
            if root_local_name(data) != "feed":
                continue  # archive files and single records are not ATOM pages
            digest = hashlib.sha256(data).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            pages.append((f"{label}/{relative.as_posix()}", path))
    return pages


def action_keys(data: bytes) -> list[tuple]:
    """The identity of every record in one page, as the store keys it: kind, agency, PIID, mod,
    transaction, and the referenced IDV's agency and PIID."""
    keys = []
    for element in ET.fromstring(data).iter():
        if local_name(element.tag) != "content":
            continue
        for record in element:
            kind = local_name(record.tag)
            if kind not in RECORD_KINDS:
                continue
            own, referenced = {}, {}
            for node in record.iter():
                name = local_name(node.tag)
                children = {local_name(child.tag): (child.text or "").strip() for child in node}
                if name == "referencedIDVID":
                    referenced = referenced or children
                elif "PIID" in children and not own:
                    own = children
            keys.append((kind, own.get("agencyID", ""), own.get("PIID", ""), own.get("modNumber", ""),
                         own.get("transactionNumber", ""), referenced.get("agencyID", ""),
                         referenced.get("PIID", "")))
    return keys


def prefix_width(replicas: int) -> int:
    """Digits of the `R<nnn>` prefix: 3 up to 999 replicas (the corpora made before stay valid), more above."""
    return max(3, len(str(replicas)))


def rewrite(data: bytes, replica: int, width: int = 3) -> bytes:
    prefix = b"R%0*d" % (width, replica)
    return PIID_OPEN.sub(lambda match: match.group(1) + prefix, data)


def key_digest(key: tuple) -> bytes:
    """16 bytes standing for one action key: a million keys as tuples of strings would take ~0.5 GB."""
    return hashlib.blake2b("\x1f".join(key).encode(), digest_size=16).digest()


def ensure_corpus(workdir: Path, use_shared: bool, min_distinct: int, replicas: int | None) -> dict:
    pages = source_pages(use_shared)
    if not pages:
        raise SystemExit("no ATOM pages found")
    source_entries, source_keys, source_bytes = 0, set(), 0
    longest = 0  # the longest PIID text, which the prefix lengthens
    fingerprint = hashlib.sha256()
    for relative, path in pages:
        data = path.read_bytes()
        source_bytes += len(data)
        longest = max([longest, *(len(match.group(2)) for match in PIID_TEXT.finditer(data))])
        source_entries += len(ENTRY_OPEN.findall(data))
        source_keys.update(action_keys(data))
        fingerprint.update(relative.encode() + b"\0" + hashlib.sha256(data).digest())
    k = replicas or math.ceil(min_distinct / len(source_keys))
    width = prefix_width(k)
    if longest + 1 + width > 50:
        raise SystemExit(f"{k} replicas need a {1 + width}-character prefix; the longest PIID ({longest}) would "
                         "pass FPDS's 50 characters")
    params = {"format": CORPUS_FORMAT, "replicas": k, "sources": fingerprint.hexdigest()}
    corpus = workdir / "corpus"
    manifest_path = workdir / "corpus.json"

    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("params") == params and corpus.is_dir():
            on_disk = sum(1 for p in corpus.rglob("*.xml"))
            if on_disk == manifest["files"]:
                log(f"reusing corpus at {corpus} (same parameters)")
                return manifest
        log("corpus parameters changed or corpus incomplete: regenerating")

    log(f"{len(pages)} source pages, {source_entries} entries, {len(source_keys)} distinct actions, "
        f"{source_bytes} bytes; generating {k} replicas ({k * source_bytes / 2**30:.1f} GiB) into {corpus}")
    if corpus.exists():
        shutil.rmtree(corpus)
    manifest_path.unlink(missing_ok=True)
    # One page at a time, written as it is made: nothing of the corpus is held in memory but the
    # keys' 16-byte digests (~100 MB at a million).
    files = entries = total_bytes = records = 0
    piids = 0
    keys: set[bytes] = set()
    started = time.monotonic()
    for replica in range(1, k + 1):
        for relative, path in pages:
            data = rewrite(path.read_bytes(), replica, width)
            target = corpus / f"r{replica:0{width}d}" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            files += 1
            total_bytes += len(data)
            entries += len(ENTRY_OPEN.findall(data))
            piids += len(PIID_OPEN.findall(data))
            page_keys = action_keys(data)  # re-parsed from the rewritten bytes: proves they are well-formed
            records += len(page_keys)
            keys.update(key_digest(key) for key in page_keys)
        if replica % 100 == 0 or replica == k:
            log(f"  {replica}/{k} replicas, {total_bytes / 2**30:.2f} GiB, {len(keys)} distinct actions "
                f"({time.monotonic() - started:.0f} s)")
    manifest = {
        "params": params,
        "source_pages": len(pages),
        "source_entries": source_entries,
        "source_distinct": len(source_keys),
        "source_bytes": source_bytes,
        "files": files,
        "entries": entries,
        "records": records,
        "distinct": len(keys),
        "piid_elements_rewritten": piids,
        "bytes": total_bytes,
    }
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def corpus_files(workdir: Path) -> list[str]:
    return [str(p) for p in sorted((workdir / "corpus").rglob("*.xml"))]


# --------------------------------------------------------------------------------------------
# Measurements


def chunks(files: list[str], max_chars: int = 100_000, max_count: int = 1000):
    batch, size = [], 0
    for name in files:
        if batch and (size + len(name) + 1 > max_chars or len(batch) >= max_count):
            yield batch
            batch, size = [], 0
        batch.append(name)
        size += len(name) + 1
    if batch:
        yield batch


def timed(commands: list[list[str]], log_path: Path, env: dict | None = None,
          ok_codes: tuple[int, ...] = (0,), stdin_path: Path | None = None) -> tuple[float, float, str, int]:
    """Runs the commands one after another; returns (wall seconds, CPU seconds, stdout, peak RSS bytes).

    Each child is reaped with `os.wait4`, so its user + system time and its `ru_maxrss` are its own
    (`getrusage(RUSAGE_CHILDREN).ru_maxrss` is the largest of every child this process ever had).
    The peak is the largest child's; stdin is `stdin_path` if given."""
    outputs, cpu, peak = [], 0.0, 0
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    started = time.perf_counter()
    with open(log_path, "ab") as errors:
        for cmd in commands:
            stdin = open(stdin_path, "rb") if stdin_path else None
            try:
                process = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=errors, env=env)
            finally:
                if stdin:
                    stdin.close()
            with process.stdout:
                out = process.stdout.read()
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
            if process.returncode not in ok_codes:
                raise SystemExit(f"{cmd[0]} exited {process.returncode}; see {log_path}")
            outputs.append(out.decode(errors="replace"))
            cpu += usage.ru_utime + usage.ru_stime
            peak = max(peak, usage.ru_maxrss * scale)
    wall = time.perf_counter() - started
    return wall, cpu, "".join(outputs), peak


FPDS_WORKER = r"""
import sys
from fpds.core.xml import fpdsTree
count = 0
for name in sys.stdin.read().split("\n"):
    if name:
        with open(name, "rb") as handle:
            count += len(fpdsTree(handle.read()).jsonify())
print(count)
"""


SUMMARY = re.compile(r"Read (\d+) files?, (\d+) entries in ([\d.]+) s")
# `already held   0`, or `already held   2 files, 749 records (same bytes as before, …)`.
ALREADY_HELD = re.compile(r"^\s*already held\s+(\d+)(?: files?, (\d+) records?)?", re.M)


def parse_summary(text: str) -> dict:
    summary = {}
    match = SUMMARY.search(text)
    if match:
        summary.update(files=int(match.group(1)), entries=int(match.group(2)), seconds=float(match.group(3)))
    for key in ("new actions", "new versions", "unchanged", "rejected"):
        found = re.search(rf"^\s*{key}\s+(\d+)", text, re.M)
        if found:
            summary[key] = int(found.group(1))
    held = ALREADY_HELD.search(text)
    if held:
        summary["already held files"] = int(held.group(1))
        summary["already held records"] = int(held.group(2) or 0)
    return summary


def mem_available() -> int | None:
    """MemAvailable from /proc/meminfo, in bytes (None where there is no /proc)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def measure(binary: Path, workdir: Path, files: list[str], corpus_bytes: int, runs: int, skip_fpds: bool,
            fpds_runs: int) -> tuple[dict, dict]:
    """Runs every tool `runs` times, interleaved round by round; returns the results by tool and
    what else the report needs (the page-cache warm-up, the end-to-end store's size by part)."""
    corpus = str(workdir / "corpus")
    logs = workdir / "logs"
    logs.mkdir(exist_ok=True)
    for stale in logs.glob("*.log"):
        stale.unlink()
    db = workdir / "bench.sqlite"
    dry_db = workdir / "dry-run.sqlite"  # ingest opens a store even for --dry-run; keep it off ~/.local
    env = {k: v for k, v in os.environ.items() if k != "CONTRACTWATCH_DB"}
    file_list = logs / "files.txt"  # the fpds worker's stdin
    file_list.write_text("\n".join(files))

    def xmllint() -> tuple[float, float, int, dict]:
        cmds = [["xmllint", "--stream", "--noout", *batch] for batch in chunks(files)]
        wall, cpu, _, peak = timed(cmds, logs / "xmllint.log")
        return wall, cpu, peak, {}

    def fpds() -> tuple[float, float, int, dict]:
        wall, cpu, out, peak = timed([[sys.executable, "-c", FPDS_WORKER]], logs / "fpds.log",
                                     stdin_path=file_list)
        return wall, cpu, peak, {"entries": int(out.strip() or 0)}

    def dry_run() -> tuple[float, float, int, dict]:
        remove_db(dry_db)
        wall, cpu, out, peak = timed([[str(binary), "ingest", "--dry-run", "--db", str(dry_db), corpus]],
                                     logs / "dry-run.log", env, ok_codes=(0, 2))
        (logs / "dry-run.out").write_text(out)
        return wall, cpu, peak, parse_summary(out)

    def end_to_end() -> tuple[float, float, int, dict]:
        remove_db(db)
        wall, cpu, out, peak = timed([[str(binary), "ingest", "--db", str(db), corpus]],
                                     logs / "ingest.log", env, ok_codes=(0, 2))
        (logs / "ingest.out").write_text(out)
        summary = parse_summary(out)
        summary["db_bytes"] = db.stat().st_size if db.exists() else 0
        return wall, cpu, peak, summary

    def re_ingest() -> tuple[float, float, int, dict]:
        # The same command again on the store end_to_end just made: every file's bytes are held whole
        # already, so the tool hashes each file and passes over it.
        if not db.exists():
            raise SystemExit(f"no store at {db} to re-ingest into")
        wall, cpu, out, peak = timed([[str(binary), "ingest", "--db", str(db), corpus]],
                                     logs / "re-ingest.log", env, ok_codes=(0, 2))
        (logs / "re-ingest.out").write_text(out)
        summary = parse_summary(out)
        summary["db_bytes"] = db.stat().st_size
        return wall, cpu, peak, summary

    tools = [
        ("xmllint", "`xmllint --stream --noout` (libxml2 parse only)", xmllint),
        ("fpds", "PyPI `fpds` 1.5.0 `fpdsTree().jsonify()` (1 Python process)", fpds),
        ("dry-run", "`contractwatch ingest --dry-run` (parse + normalise + hash)", dry_run),
        ("ingest", "`contractwatch ingest --db NEW` (end to end, SQLite)", end_to_end),
        ("re-ingest", "`contractwatch ingest --db SAME` again (re-ingest: nothing new)", re_ingest),
    ]
    if skip_fpds:
        tools = [tool for tool in tools if tool[0] != "fpds"]

    # Warm the page cache so that the first tool measured does not pay for the disk; pointless (and
    # minutes of reading) when the corpus cannot stay in the cache, so then every row reads the disk.
    available = mem_available()
    warmed = available is None or corpus_bytes <= 0.9 * available
    extra = {"warmed": warmed, "mem_available": available}
    if warmed:
        started = time.monotonic()
        for name in files:
            with open(name, "rb") as handle:
                while handle.read(1 << 20):
                    pass
        log(f"page cache warmed: {corpus_bytes / 2**30:.2f} GiB read in {time.monotonic() - started:.0f} s")
    else:
        log(f"corpus ({corpus_bytes / 2**30:.1f} GiB) above 90 % of MemAvailable "
            f"({available / 2**30:.1f} GiB): not warming the page cache")

    results = {key: {"label": label, "walls": [], "cpus": [], "rss": [], "loads": [], "details": []}
               for key, label, _ in tools}
    for round_number in range(1, runs + 1):
        for key, _, run in tools:
            if key == "fpds" and round_number > fpds_runs:
                continue  # deterministic (~0 % spread) and ~5 minutes a run
            load = load_average()[0]
            wall, cpu, peak, details = run()
            results[key]["walls"].append(wall)
            results[key]["cpus"].append(cpu)
            results[key]["rss"].append(peak)
            results[key]["loads"].append(load)
            results[key]["details"].append(details)
            log(f"round {round_number}/{runs} {key:9s} {wall:8.2f} s wall {cpu:8.2f} s cpu "
                f"{peak / 2**20:7.0f} MiB peak RSS (load {load:.2f}) {details or ''}")
    remove_db(dry_db)
    file_list.unlink(missing_ok=True)
    if db.exists():
        log("store size (dbstat)")
        extra["store"] = store_size(db)
    return results, extra


# --------------------------------------------------------------------------------------------
# Store size (shared with web_benchmark.py)


RAW_TABLES = ("version_documents", "pending_documents", "raw_dictionaries")  # the compressed source documents
BYTES_PER_ACTION, RAW_BYTES_PER_ACTION = 2000, 500  # issue 10's targets for a store, bytes per action
PEAK_RSS = 1 << 30  # issue 10's target for peak resident memory (< 1 GiB)


def verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def store_size(db: Path) -> tuple[int, int, dict, str]:
    """The actions, the file's size (WAL checkpointed first) and its bytes by part, from `dbstat`:
    through Python's sqlite3 if its library has the table, else through the sqlite3 CLI."""
    store = sqlite3.connect(db)
    try:
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        actions = store.execute("SELECT count(*) FROM actions").fetchone()[0]
        indexes = {row[0] for row in store.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        query = "SELECT name, sum(pgsize) FROM dbstat GROUP BY name"
        try:
            pages = store.execute(query).fetchall()
            how = f"`dbstat` through Python's sqlite3 (SQLite {sqlite3.sqlite_version})"
        except sqlite3.OperationalError:
            out = subprocess.run(["sqlite3", "-readonly", "-separator", "|", str(db), query], capture_output=True,
                                 text=True, check=True).stdout
            pages = [(name, int(size)) for name, size in (line.rsplit("|", 1) for line in out.splitlines())]
            version = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
            how = f"`dbstat` through the sqlite3 CLI (SQLite {version}; Python's sqlite3 has no dbstat)"
    finally:
        store.close()
    size = db.stat().st_size
    parts = {"raw XML": 0, "full-text index": 0, "other tables' rows": 0, "indexes": 0}
    for name, bytes_ in pages:
        if name == "action_search" or name.startswith("action_search_"):
            parts["full-text index"] += bytes_
        elif name in RAW_TABLES:
            parts["raw XML"] += bytes_
        elif name in indexes:
            parts["indexes"] += bytes_
        else:
            parts["other tables' rows"] += bytes_
    parts["free pages (the file less the pages dbstat names)"] = size - sum(parts.values())
    return actions, size, parts, how


def size_table(actions: int, size: int, parts: dict) -> list[str]:
    """`store_size`'s split as a Markdown table: MiB and bytes per action by part, with the targets."""
    lines = ["| part | MiB | bytes per action | target | |", "|---|---:|---:|---|---|",
             f"| whole file | {size / 2**20:,.1f} | {size / actions:,.0f} | <= 2,000 B | "
             f"{verdict(size / actions <= BYTES_PER_ACTION)} |"]
    for part, bytes_ in parts.items():
        target, met = "", ""
        if part == "raw XML":
            part = f"raw XML ({', '.join(RAW_TABLES)})"
            target, met = "<= 500 B", verdict(bytes_ / actions <= RAW_BYTES_PER_ACTION)
        elif part == "full-text index":
            part = "full-text index (action_search, action_search_*)"
        elif part == "indexes":
            part = "indexes (sqlite_master type 'index')"
        lines.append(f"| {part} | {bytes_ / 2**20:,.1f} | {bytes_ / actions:,.0f} | {target} | {met} |")
    return lines


# --------------------------------------------------------------------------------------------
# Report


def fmt_rate(value: float) -> str:
    return f"{value:,.0f}"


REINGEST_SPEEDUP = 5.0  # issue 10: re-reading a folder already ingested ≥ 5× faster than ingesting it


def report(facts: dict, corpus: dict, results: dict, extra: dict, loads_seen: list[str], load_after: str,
           binary: Path, built: bool, runs: int, workdir: Path) -> str:
    entries = corpus["entries"]
    base = statistics.median(results["xmllint"]["walls"])
    targets = {"dry-run": 2.5, "ingest": 1.0}
    medians = {key: statistics.median(result["walls"]) for key, result in results.items()}
    speedup = medians["ingest"] / medians["re-ingest"] if "re-ingest" in medians else None
    ingest_peak = max(results["ingest"]["rss"]) if "ingest" in results else None
    lines = [
        "| tool | median s | entries/s | ratio vs xmllint | target | runs (s) | CPU s (median) | peak RSS MiB |",
        "| --- | ---: | ---: | ---: | --- | --- | ---: | ---: |",
    ]
    for key, result in results.items():
        median = medians[key]
        ratio = base / median
        target = targets.get(key)
        cells = [] if target is None else [f"≥ {target:.1f}× {verdict(ratio >= target)}"]
        if key == "ingest":
            cells.append(f"peak RSS < 1 GiB {verdict(ingest_peak < PEAK_RSS)}")
        if key == "re-ingest":
            cells.append(f"ingest ÷ re-ingest {speedup:.1f}×, ≥ {REINGEST_SPEEDUP:.0f}× {verdict(speedup >= REINGEST_SPEEDUP)}")
        runs_text = ", ".join(f"{wall:.2f}" for wall in result["walls"])
        lines.append(f"| {result['label']} | {median:.2f} | {fmt_rate(entries / median)} | {ratio:.2f}× | "
                     f"{'; '.join(cells)} | {runs_text} | {statistics.median(result['cpus']):.2f} | "
                     f"{max(result['rss']) / 2**20:,.0f} |")
    table = "\n".join(lines)

    shown_logs = workdir / "logs"
    shown_logs = shown_logs.relative_to(REPO) if shown_logs.is_relative_to(REPO) else shown_logs
    notes = []
    for key in ("dry-run", "ingest"):
        if key not in results:
            continue
        last = results[key]["details"][-1]
        if last.get("entries") is not None and last["entries"] != entries:
            notes.append(f"`{key}` reported {last['entries']} entries; the corpus has {entries}.")
        if last.get("rejected"):
            notes.append(f"`{key}` rejected {last['rejected']} entries (see `{shown_logs}/`).")
    if "ingest" in results:
        last = results["ingest"]["details"][-1]
        if "new actions" in last and last["new actions"] != corpus["distinct"]:
            notes.append(f"end-to-end ingest stored {last['new actions']} new actions; the corpus has "
                         f"{corpus['distinct']} distinct action keys.")
    reingest_details = results.get("re-ingest", {}).get("details", [{}])[-1]
    if "re-ingest" in results:
        last = reingest_details
        if "already held files" not in last:
            notes.append("re-ingest printed no `already held` line: the binary may predate passing over files "
                         "whose bytes the store holds whole.")
        elif last["already held files"] != corpus["files"]:
            notes.append(f"re-ingest passed over {last['already held files']} files as already held; the corpus "
                         f"has {corpus['files']}.")
        changed = {key: last.get(key) for key in ("new actions", "new versions", "rejected") if last.get(key)}
        if changed:
            notes.append("re-ingest was not a no-op: " + ", ".join(f"{key} {value}" for key, value in changed.items())
                         + ".")
    if "fpds" in results:
        counted = results["fpds"]["details"][-1].get("entries")
        if counted is not None and counted != entries:
            notes.append(f"`fpds` returned {counted} entries; the corpus has {entries}.")
    spread = []
    for key, result in results.items():
        walls = result["walls"]
        if len(walls) > 1:
            spread.append(f"{key} {100 * (max(walls) - min(walls)) / statistics.median(walls):.0f} %")
    ingest_details = results.get("ingest", {}).get("details", [{}])[-1]

    if extra.get("warmed"):
        cache = "The corpus was read once before the first run, to warm the page cache."
    else:
        cache = (f"The corpus ({corpus['bytes'] / 2**30:.1f} GiB) is above 90 % of the memory available "
                 f"({(extra.get('mem_available') or 0) / 2**30:.1f} GiB), so the page cache was not warmed: "
                 "every row reads (part of) it from disk.")
    text = [
        f"Measured {facts['date']} on {facts['nproc']} cores, {facts['cpu']}; commit {commit_label(facts)}; "
        f"{facts['swift']}; {facts['xmllint']}; Python {facts['python']}, fpds {facts['fpds']}.",
        "",
        f"Corpus: {corpus['files']:,} files ({corpus['source_pages']} real ATOM pages × "
        f"{corpus['params']['replicas']} replicas), {entries:,} entries, {corpus['distinct']:,} distinct action "
        f"keys, {corpus['bytes']:,} bytes ({corpus['bytes'] / 2**20:,.0f} MiB).",
        "",
        table,
        "",
        f"Median of {runs} interleaved runs; entries/s = {entries:,} corpus entries ÷ median wall time; "
        f"ratio = xmllint's median ÷ the row's. CPU s is user + system time of the child processes "
        f"(above the wall time = more than one core busy). Peak RSS is the largest resident set of the row's "
        f"process, its own `ru_maxrss` from `wait4` (xmllint's: the largest of its batches), the maximum over "
        f"the runs. {cache} 1-minute load before measuring: "
        f"{'; '.join(loads_seen)}; after: {load_after}.",
    ]
    run_loads = "; ".join(f"{key} " + "/".join(f"{load:.1f}" for load in result["loads"])
                          for key, result in results.items())
    text[-1] += f" 1-minute load as each run started: {run_loads}."
    if spread:
        text[-1] += f" Spread (max − min) / median: {', '.join(spread)}."
    if ingest_details:
        text.append("")
        text.append(
            f"End-to-end run: new actions {ingest_details.get('new actions', '?')}, new versions "
            f"{ingest_details.get('new versions', '?')}, unchanged {ingest_details.get('unchanged', '?')}, "
            f"rejected {ingest_details.get('rejected', '?')}; database {ingest_details.get('db_bytes', 0) / 2**20:,.0f} "
            f"MiB; peak RSS {ingest_peak / 2**20:,.0f} MiB (target < 1 GiB: {verdict(ingest_peak < PEAK_RSS)}).")
    if reingest_details:
        held = (f"{reingest_details['already held files']:,} files, {reingest_details['already held records']:,} "
                "records" if "already held files" in reingest_details else "?")
        text.append("")
        text.append(
            f"Re-ingest (`contractwatch ingest --db SAME corpus` again, right after each end-to-end run, on the "
            f"store it made): median {medians['re-ingest']:.2f} s against {medians['ingest']:.2f} s, so ingest ÷ "
            f"re-ingest = {speedup:.1f}× (target ≥ {REINGEST_SPEEDUP:.0f}×: {verdict(speedup >= REINGEST_SPEEDUP)}); "
            f"peak RSS {max(results['re-ingest']['rss']) / 2**20:,.0f} MiB. The last one read "
            f"{reingest_details.get('files', '?')} files, {reingest_details.get('entries', '?')} entries; already "
            f"held {held}; new actions {reingest_details.get('new actions', '?')}, new versions "
            f"{reingest_details.get('new versions', '?')}, unchanged {reingest_details.get('unchanged', '?')}, "
            f"rejected {reingest_details.get('rejected', '?')}; database after it "
            f"{reingest_details.get('db_bytes', 0) / 2**20:,.0f} MiB.")
    if extra.get("store"):
        actions, size, parts, how = extra["store"]
        text.append("")
        if actions:
            text.append(f"Store size of the last end-to-end run's store (after its re-ingest): {actions:,} actions, "
                        f"{size / 2**20:,.0f} MiB file; parts from {how}:")
            text.append("")
            text.extend(size_table(actions, size, parts))
        else:
            text.append(f"Store size: the end-to-end store holds no actions ({size:,} bytes).")
    if notes:
        text.append("")
        text.extend(f"- Note: {note}" for note in notes)
    text.append("")
    shown = binary.relative_to(REPO) if binary.is_relative_to(REPO) else binary
    text.append(f"Binary `{shown}`: {facts['built_from']}.")
    return "\n".join(text)


def write_section(body: str, start_mark: str = START_MARK, end_mark: str = END_MARK) -> None:
    if BENCHMARKS_MD.exists():
        content = BENCHMARKS_MD.read_text()
    else:
        content = INTRO
    if start_mark not in content or end_mark not in content:
        content = content.rstrip("\n") + f"\n\n{start_mark}\n{end_mark}\n"
    start = content.index(start_mark) + len(start_mark)
    end = content.index(end_mark)
    content = content[:start] + "\n" + body.strip("\n") + "\n" + content[end:]
    BENCHMARKS_MD.write_text(content)
    log(f"wrote {BENCHMARKS_MD}")


# --------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, help="use this contractwatch binary instead of building one")
    parser.add_argument("--source", choices=["worktree", "head"], default="worktree",
                        help="build the working tree as it is (default; uncommitted edits included, "
                             "reported as dirty) or the committed HEAD; either is copied to "
                             f"{SNAPSHOT.name}/ first so concurrent edits cannot break the build")
    parser.add_argument("--shared", action="store_true",
                        help=f"also replicate the ATOM pages under {SHARED} (excluding reference/)")
    parser.add_argument("--min-distinct", type=int, default=40_000,
                        help="distinct action keys the corpus must hold (default 40000; 1000000 makes a "
                             "~17 GiB corpus, see above)")
    parser.add_argument("--replicas", type=int, help="replicate exactly this many times (overrides --min-distinct)")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR,
                        help=f"corpus, logs and scratch database (default {DEFAULT_WORKDIR.relative_to(REPO)})")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per tool, and repetitions of each in-memory benchmark; the median is reported "
                             "(default 3)")
    parser.add_argument("--skip-fpds", action="store_true", help="leave out the (slow) PyPI fpds row")
    parser.add_argument("--fpds-runs", type=int, default=1,
                        help="runs of the PyPI fpds row, at most --runs (default 1: ~5 minutes each)")
    parser.add_argument("--classify-actions", type=int, default=1_000_000,
                        help="actions for the classifier benchmark (0 leaves it out; default 1000000)")
    parser.add_argument("--screen-actions", type=int, default=1_000_000,
                        help="actions for the watchlist screening benchmark (0 leaves it out; default 1000000)")
    parser.add_argument("--screen-entries", type=int, default=1_000,
                        help="vendor entries for the screening benchmark (default 1000)")
    parser.add_argument("--brute-force-vendors", type=int, default=2_000,
                        help="distinct vendors the brute-force baseline scores, then extrapolated (default 2000)")
    parser.add_argument("--only-in-memory", action="store_true",
                        help="run only the in-memory classifier and screening benchmarks (the nested Benchmarks/ "
                             "package), not the ingest table; needs neither xmllint, fpds nor the binary")
    parser.add_argument("--max-load", type=float, default=0.5,
                        help="wait for the 1-minute load to fall to this before measuring (default 0.5)")
    parser.add_argument("--load-retries", type=int, default=2, help="how many times to wait (default 2)")
    parser.add_argument("--load-wait", type=int, default=120, help="seconds per wait (default 120)")
    parser.add_argument("--write", action="store_true", help=f"replace the marked section of {BENCHMARKS_MD.name}")
    args = parser.parse_args()

    facts = machine_facts()  # before building: the commit and dirtiness the binary is built from
    if args.only_in_memory:
        in_memory_benchmarks(args, facts)
        return 0

    if shutil.which("xmllint") is None:
        raise SystemExit("xmllint not found (apt-get install libxml2-utils)")
    if not args.skip_fpds:
        try:
            import fpds.core.xml  # noqa: F401
        except ImportError:
            raise SystemExit("PyPI fpds not installed (pip install fpds==1.5.0), or pass --skip-fpds")

    built = args.binary is None
    if built:
        binary, fingerprint = build_binary(args.source)
        facts["built_from"] = ("built by this run from the working tree as it was then (uncommitted edits "
                               f"included; sha256 of Sources/ + Package.*: {fingerprint})"
                               if args.source == "worktree"
                               else f"built by this run from the committed tree at {facts['commit']}")
    else:
        binary = args.binary.resolve()
        facts["built_from"] = "given with --binary, not built by this run"
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"not an executable: {binary}")

    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    corpus = ensure_corpus(workdir, args.shared, args.min_distinct, args.replicas)
    files = corpus_files(workdir)
    print(f"Corpus: {corpus['files']} files, {corpus['entries']} entries "
          f"({corpus['distinct']} distinct action keys), {corpus['bytes']} bytes "
          f"[{corpus['source_pages']} source pages × {corpus['params']['replicas']} replicas, "
          f"{corpus['piid_elements_rewritten']} PIID elements rewritten]", flush=True)
    if len(files) != corpus["files"]:
        raise SystemExit(f"corpus has {len(files)} files on disk, manifest says {corpus['files']}")
    if corpus["distinct"] < args.min_distinct and args.replicas is None:
        raise SystemExit(f"only {corpus['distinct']} distinct actions")

    loads_seen = wait_for_low_load(args.max_load, args.load_retries, args.load_wait)
    results, extra = measure(binary, workdir, files, corpus["bytes"], args.runs, args.skip_fpds, args.fpds_runs)
    one, five, fifteen = load_average()
    body = report(facts, corpus, results, extra, loads_seen, f"{one:.2f} {five:.2f} {fifteen:.2f}", binary, built,
                  args.runs, workdir)
    print()
    print(body)
    if args.write:
        write_section(body)
    in_memory_benchmarks(args, facts)
    return 0


# --------------------------------------------------------------------------------------------
# In-memory benchmarks: the nested Benchmarks/ package (ordo-one/benchmark)


BENCH_SCRATCH = ".build-bench-workloads"  # git-ignored (.build-*/)
WORKLOAD_NOTE = re.compile(r"^(classify workload|classify|screen workload|screen|brute force): (.*)$", re.M)
TABLE_HEADER = re.compile(r"^\|\s*([^|]*?)\s*\|\s*p0\s*\|", re.M)
CLASSIFY_START = "<!-- classify-benchmark:start -->"
CLASSIFY_END = "<!-- classify-benchmark:end -->"
SCREEN_START = "<!-- screen-benchmark:start -->"
SCREEN_END = "<!-- screen-benchmark:end -->"


def build_benchmarks(source: str, attempts: int = 3) -> tuple[Path, str]:
    """Builds the nested package's benchmark targets (release) from a snapshot of `source`, as
    `build_binary` does for the executable; returns the snapshot's Benchmarks/ and a fingerprint."""
    package, _ = build_snapshot(
        source, attempts, "Benchmarks",
        lambda package: ["swift", "build", "-c", "release", "--package-path", str(package),
                         "--scratch-path", str(REPO / BENCH_SCRATCH)])
    digest = hashlib.sha256()
    root = package.parent
    for path in sorted(p for p in root.rglob("*") if p.is_file() and ".build" not in p.parts):
        rel = path.relative_to(root)
        if rel.parts[0] in ("Sources", "Package.swift", "Package.resolved") or (
                rel.parts[0] == "Benchmarks" and rel.name != "Package.resolved"):
            digest.update(str(rel).encode() + b"\0" + path.read_bytes() + b"\0")
    return package, digest.hexdigest()[:12]


def run_benchmark_target(package: Path, target: str, env: dict[str, str]) -> tuple[str, dict, dict]:
    """Runs one benchmark target through the `benchmark` plugin, markdown tables on stdout and the
    workload's notes on stderr; returns (the combined output, the notes, the tables by benchmark)."""
    cmd = ["swift", "package", "--package-path", str(package), "--scratch-path", str(REPO / BENCH_SCRATCH),
           "benchmark", "run", "--target", f"^{target}$", "--format", "markdown", "--no-progress"]
    log(f"{' '.join(f'{k}={v}' for k, v in env.items())} {' '.join(cmd)}")
    result = subprocess.run(cmd, cwd=REPO, env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    out = result.stdout
    if result.returncode != 0:
        sys.stderr.write(out)
        raise SystemExit(f"benchmark target {target} exited {result.returncode}")
    notes = {match.group(1): match.group(2).strip() for match in WORKLOAD_NOTE.finditer(out)}
    return out, notes, parse_tables(out)


def parse_tables(text: str) -> dict[str, dict]:
    """The plugin's markdown tables, each under its `### name (tags)` heading:
    {benchmark: {"markdown": the table's lines, metric row title: {"p50": "184", …}}}."""
    tables = {}
    lines = text.splitlines()
    for index, line in enumerate(lines):
        header = TABLE_HEADER.match(line)
        if not header:
            continue
        columns = [cell.strip() for cell in line.strip().strip("|").split("|")]
        rows = [line]
        name = None
        # The benchmark's name is the `### Name (tags)` heading just above the table.
        for previous in reversed(lines[:index]):
            if previous.startswith("### "):
                name = previous[4:].strip()
                break
        table = {}
        for row in lines[index + 1:]:
            if not row.startswith("|"):
                break
            rows.append(row)
            cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
            if set(cells[1]) <= set(":-"):
                continue
            table[cells[0]] = dict(zip(columns[1:], cells[1:]))
        table["markdown"] = "\n".join(rows)
        tables[name or columns[0]] = table
    return tables


def metric(tables: dict, benchmark: str, row_start: str, column: str = "p50") -> tuple[float, str]:
    """One percentile of one metric of the benchmark whose name starts with `benchmark`, and its unit."""
    for name, table in tables.items():
        if name.startswith(benchmark):
            for title, values in table.items():
                if title.startswith(row_start):
                    unit = re.search(r"\((\w+)\)", title)
                    return float(values[column]), unit.group(1) if unit else ""
    raise SystemExit(f"no {row_start!r} row for {benchmark!r} in the benchmark output")


SECONDS = {"ns": 1e-9, "us": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0}


def seconds(tables: dict, benchmark: str, column: str = "p50") -> float:
    value, unit = metric(tables, benchmark, "Time (wall clock)", column)
    if unit not in SECONDS:
        raise SystemExit(f"unexpected wall clock unit {unit!r} for {benchmark!r}")
    return value * SECONDS[unit]


def tables_markdown(tables: dict) -> str:
    """The plugin's tables as it printed them, each under its benchmark's name and tags."""
    return "\n\n".join(f"`{name}`:\n\n{table['markdown']}" for name, table in tables.items())


def shown_command(env: dict[str, str], target: str) -> str:
    """The command a reader runs from the repository root to reproduce a section."""
    return (" ".join(f"{k}={v}" for k, v in env.items()) + " swift package --package-path Benchmarks benchmark "
            f"--target {target} --format markdown")


def section_header(facts: dict, built_from: str, load_before: str, load_after: str) -> str:
    return (f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {facts['nproc']} cores, "
            f"{facts['cpu']}; commit {commit_label(facts)}; {facts['swift']}; ordo-one/benchmark 1.38.1, "
            f"release build {built_from}. 1-minute load before: {load_before}; after: {load_after}.")


def in_memory_benchmarks(args, facts: dict) -> None:
    """The classifier (one core) and the watchlist screener (all cores) on real actions, in memory,
    run by the nested Benchmarks/ package."""
    if args.classify_actions <= 0 and args.screen_actions <= 0:
        return
    package, fingerprint = build_benchmarks(args.source)
    built_from = (f"from the working tree (sha256 of Sources/, Benchmarks/ and Package.*: {fingerprint})"
                  if args.source == "worktree" else f"from the committed tree at {facts['commit']}")
    if args.classify_actions > 0:
        classify = classify_benchmark(package, args, facts, built_from)
        print()
        print(classify)
        if args.write:
            write_section(classify, CLASSIFY_START, CLASSIFY_END)
    if args.screen_actions > 0:
        screen = screen_benchmark(package, args, facts, built_from)
        print()
        print(screen)
        if args.write:
            write_section(screen, SCREEN_START, SCREEN_END)


def load_text() -> str:
    return " ".join(f"{value:.2f}" for value in load_average())


def classify_benchmark(package: Path, args, facts: dict, built_from: str) -> str:
    """The event classifier over the real sample actions replicated under new PIIDs (in memory)."""
    env = {"CONTRACTWATCH_BENCH_CLASSIFY_ACTIONS": str(args.classify_actions),
           "CONTRACTWATCH_BENCH_REPETITIONS": str(args.runs)}
    loads = "; ".join(wait_for_low_load(args.max_load, args.load_retries, args.load_wait))
    _, notes, tables = run_benchmark_target(package, "Classification", env)
    after = load_text()
    workload = notes.get("classify workload", "?")
    actions = int(workload.split()[0])
    median = seconds(tables, "EventClassifier.classify")
    summary = (f"classify: {actions} actions in median {median:.3f} s over {args.runs} runs, "
               f"{int(actions / median)} actions/s (one core)")
    return (f"{section_header(facts, built_from, loads, after)}\n\n"
            f"`{shown_command(env, 'Classification')}`:\n\n"
            f"```\nclassify workload: {workload}\nclassify: {notes.get('classify', '?')}\n```\n\n"
            f"{tables_markdown(tables)}\n\n```\n{summary}\n```")


def screen_benchmark(package: Path, args, facts: dict, built_from: str) -> str:
    """Watchlist screening of the real sample actions (replicated, new UEIs per copy) against vendor
    entries named after the labelled real vendor names, topped up with names drawn from their
    measured word distributions; compared with scoring every vendor against every name."""
    env = {"CONTRACTWATCH_BENCH_SCREEN_ACTIONS": str(args.screen_actions),
           "CONTRACTWATCH_BENCH_SCREEN_ENTRIES": str(args.screen_entries),
           "CONTRACTWATCH_BENCH_BRUTE_FORCE_VENDORS": str(args.brute_force_vendors),
           "CONTRACTWATCH_BENCH_REPETITIONS": str(args.runs)}
    loads = "; ".join(wait_for_low_load(args.max_load, args.load_retries, args.load_wait))
    _, notes, tables = run_benchmark_target(package, "Screening", env)
    after = load_text()
    workload = notes.get("screen workload", "?")
    actions = int(workload.split()[0])
    vendors = int(re.search(r"(\d+) distinct vendors", workload).group(1))
    sampled = int(re.match(r"(\d+) of", notes.get("brute force", "0 of")).group(1))
    index = seconds(tables, "WatchlistScreener.init")
    screened = seconds(tables, "WatchlistScreener.screen")
    brute = seconds(tables, "Brute force")
    brute_total = brute / max(1, sampled) * vendors
    summary = (f"screen: {actions} actions; index built in median {index * 1000:.1f} ms; screened in median "
               f"{screened:.3f} s over {args.runs} runs, {int(actions / screened)} actions/s "
               f"({facts['nproc']} cores)\n"
               f"brute force (one core; every vendor × every name, no index or cache): {sampled} vendors in "
               f"{brute:.3f} s → {brute_total:.1f} s for all {vendors} vendors, {int(actions / brute_total)} "
               f"actions/s; indexed screener {brute_total / screened:.1f}× faster")
    return (f"{section_header(facts, built_from, loads, after)}\n\n"
            f"`{shown_command(env, 'Screening')}`:\n\n"
            f"```\nscreen workload: {workload}\nscreen: {notes.get('screen', '?')}\n"
            f"brute force: {notes.get('brute force', '?')}\n```\n\n"
            f"{tables_markdown(tables)}\n\n```\n{summary}\n```")


if __name__ == "__main__":
    sys.exit(main())
