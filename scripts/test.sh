#!/usr/bin/env bash
# Runs ContractWatch's whole test suite: the Swift tests, then the web checks (OpenAPI validation,
# schemathesis against the running server, pages in headless Chromium). Installs what the tests need
# when it is missing and this user may install (root, as in CI): the SQLite and zstd headers,
# Chromium, the PyPI `fpds` parser the differential test compares against, schemathesis and
# openapi-spec-validator.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -f /usr/include/sqlite3.h ] || need_apt+=(libsqlite3-dev)
[ -f /usr/include/zstd.h ] || need_apt+=(libzstd-dev)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
command -v chromium >/dev/null || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
  else
    echo "Missing Debian packages: ${need_apt[*]} (install them, then re-run)" >&2
    exit 1
  fi
fi
if ! python3 -c 'import fpds' 2>/dev/null; then
  python3 -m pip install --quiet 'fpds==1.5.0' || echo "warning: could not install fpds 1.5.0; the differential test will be skipped outside CI" >&2
fi
if ! command -v schemathesis >/dev/null || ! python3 -c 'import openapi_spec_validator' 2>/dev/null; then
  python3 -m pip install --quiet 'schemathesis==4.32.5' 'openapi-spec-validator==0.9.0'
fi

swift build --build-tests --explicit-target-dependency-import-check error
# Swift Testing only: no XCTest cases exist, and its empty summary would read as "no tests".
# The heavy suites (racing ingesters, stores built twice, fuzzing) run after the rest, on their own:
# beside the suites that time syncs and servers on two cores, they would starve them.
# Swift Testing otherwise starts every test at once: ~200 tests that spawn the CLI, servers and syncs
# on two cores time each other out. Three at a time keeps the timing-sensitive ones honest.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-3}"
heavy='ConcurrentIngestTests|DeterminismTests|DeterministicPagesTests|FPDSFuzzTests|AwardFuzzTests'
if [ $# -eq 0 ]; then
  swift test --skip-build --disable-xctest --skip "$heavy"
  swift test --skip-build --disable-xctest --filter "$heavy"
else
  swift test --skip-build --disable-xctest "$@"
fi
# The server as API clients and browsers meet it (the debug binary the tests just used).
python3 scripts/web_checks.py --binary .build/debug/contractwatch
