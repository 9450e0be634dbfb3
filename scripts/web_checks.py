#!/usr/bin/env python3
"""Checks the running web server the way its users and API clients meet it.

Starts `contractwatch serve` on a fresh store of the samples (loopback, a free port), then:
  1. validates /openapi.json with openapi-spec-validator;
  2. loads the pages in headless Chromium: the newcomer's path (search "stop work", follow the
     first contract, see its timeline chart), and every other page; no console errors or CSP
     violations; screenshots kept in .build/test-artifacts/web/;
  3. fuzzes the API against it with schemathesis (no 5xx, status codes, content types and
     response bodies as documented, 405 for undeclared methods, bad input rejected).
Exits non-zero with the failures listed. Usage: scripts/web_checks.py [--binary PATH]
"""
import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / ".build" / "test-artifacts" / "web"


def log(message: str) -> None:
    print(f"[web] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    raise SystemExit("chromium not found (apt-get install chromium)")


def browse(url: str, screenshot: Path) -> tuple[str, list[str]]:
    """The page's DOM after load, and the console errors and CSP violations Chromium logged."""
    base = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
            "--window-size=1280,1600", "--hide-scrollbars"]
    dom = subprocess.run(base + ["--dump-dom", url], capture_output=True, text=True, timeout=120)
    shot = subprocess.run(base + [f"--screenshot={screenshot}", url], capture_output=True, text=True, timeout=120)
    problems = [line for line in (dom.stderr + shot.stderr).splitlines()
                if ":CONSOLE" in line or "Refused to" in line or "Uncaught" in line]
    return dom.stdout, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, default=REPO / ".build" / "debug" / "contractwatch")
    parser.add_argument("--max-examples", type=int, default=25, help="schemathesis examples per operation")
    args = parser.parse_args()
    failures: list[str] = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="cw-web-"))
    db = workdir / "store.sqlite"
    env = dict(os.environ, XDG_DATA_HOME=str(workdir))
    log("ingesting Samples/")
    subprocess.run([str(args.binary), "ingest", "--db", str(db), str(REPO / "Samples")], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    token = subprocess.run([str(args.binary), "token", "create", "--db", str(db), "web-checks"], check=True,
                           env=env, capture_output=True, text=True).stdout.strip()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # Every client is rate-limited, loopback too; schemathesis and the crawl would meet 429s.
    server = subprocess.Popen([str(args.binary), "serve", "--db", str(db), "--port", str(port),
                               "--rate-limit", "100000"], env=env,
                              stdout=subprocess.DEVNULL, stderr=open(workdir / "serve.log", "w"))
    try:
        for _ in range(100):
            try:
                fetch(base + "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not start: " + (workdir / "serve.log").read_text())

        # 1. The OpenAPI document is valid 3.1.
        from openapi_spec_validator import validate
        validate(json.loads(fetch(base + "/openapi.json")))
        log("openapi.json: valid OpenAPI 3.1")

        # 2. Pages in a real browser, before the fuzzer writes to the store. The newcomer's path first.
        dom, problems = browse(base + "/?q=stop+work", ARTIFACTS / "search-stop-work.png")
        links = re.findall(r'href="(/contracts/[^"#]+)"', dom)
        if not links:
            failures.append("searching 'stop work' shows no contract links")
        else:
            contract_dom, contract_problems = browse(base + links[0], ARTIFACTS / "contract-from-search.png")
            problems += contract_problems
            if 'class="timeline-chart"' not in contract_dom or "<path" not in contract_dom:
                failures.append(f"{links[0]} has no timeline chart")
        pages = {
            "/": "Search federal contract actions",
            "/contracts/7012/70CMSD24RECON0001": 'class="band band-suspended"',
            "/contracts/9700/N0001915D0003": "Earlier modifications",  # a long contract, paged
            "/events?watchlist=commercial-spyware": "stop_work_lifted",
            "/watchlists": "commercial-spyware",
            "/watchlists/commercial-spyware": "paragon-solutions-us",
            "/vendors/SQCFFDXBQJ78": "HHSN316201300006W",
            "/status": "Detection latency",
        }
        for path, marker in pages.items():
            name = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "home"
            page_dom, page_problems = browse(base + path, ARTIFACTS / f"{name}.png")
            problems += [f"{path}: {line}" for line in page_problems]
            if marker not in page_dom:
                failures.append(f"{path} does not show {marker!r}")
            if 'rel="alternate" type="application/atom+xml"' not in page_dom:
                failures.append(f"{path} does not link its Atom feed")
        failures += [f"browser console: {line}" for line in problems]
        log(f"browser: {len(pages) + 2} pages loaded, screenshots in {ARTIFACTS.relative_to(REPO)}")
        # 3. Schemathesis, with a fixed seed so a failure reproduces (it writes: last).
        log("schemathesis: fuzzing every operation")
        st = subprocess.run(
            ["schemathesis", "run", base + "/openapi.json", "-H", f"Authorization: Bearer {token}",
             "--max-examples", str(args.max_examples), "--phases", "examples,coverage,fuzzing",
             "--checks", "all", "--exclude-checks", "positive_data_acceptance", "--seed", "2026",
             "--report", "junit", "--report-dir", str(ARTIFACTS)],
            capture_output=True, text=True, timeout=1200, cwd=workdir)  # its cache stays out of the checkout
        summary = [line for line in st.stdout.splitlines() if "generated" in line or "failures" in line.lower()]
        log("schemathesis: " + "; ".join(summary[-2:]))
        if st.returncode != 0:
            failures.append("schemathesis found failures:\n" + st.stdout[-6000:])

    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        if server.returncode not in (0, -15):
            failures.append(f"serve exited with {server.returncode} on SIGTERM (graceful shutdown expected)")
        shutil.rmtree(workdir, ignore_errors=True)
    for failure in failures:
        print(f"[web] FAIL: {failure}", file=sys.stderr)
    log("all checks passed" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
