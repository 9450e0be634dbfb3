#!/usr/bin/env bash
# Runs ContractWatch's whole test suite: the Swift tests, then the web checks (OpenAPI validation,
# schemathesis against the running server, pages in headless Chromium). Installs what the tests need
# when it is missing and this user may install (root, as in CI): the SQLite and zstd headers,
# Chromium, PostgreSQL, the PyPI `fpds` parser the differential test compares against, schemathesis
# and openapi-spec-validator.
#
# The storage and pipeline suites run on SQLite always and on PostgreSQL too: against the server
# CONTRACTWATCH_TEST_POSTGRES_URL names, or else a throwaway cluster this script starts (and stops)
# when PostgreSQL is installed and this user is root or postgres. Without either it says they skip.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -f /usr/include/sqlite3.h ] || need_apt+=(libsqlite3-dev)
[ -f /usr/include/zstd.h ] || need_apt+=(libzstd-dev)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
command -v chromium >/dev/null || need_apt+=(chromium)
command -v xmllint >/dev/null || need_apt+=(libxml2-utils)
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need_apt+=(postgresql)
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
if ! python3 -c 'import standardwebhooks' 2>/dev/null; then
  python3 -m pip install --quiet 'standardwebhooks==1.3.0' || echo "warning: could not install standardwebhooks 1.3.0; the webhook receiver tests will be skipped outside CI" >&2
fi
if ! command -v schemathesis >/dev/null || ! python3 -c 'import openapi_spec_validator' 2>/dev/null; then
  python3 -m pip install --quiet 'schemathesis==4.32.5' 'openapi-spec-validator==0.9.0'
fi

if [ -z "${CONTRACTWATCH_TEST_POSTGRES_URL:-}" ]; then
  if ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || [ "$(id -un)" = postgres ]; }; then
    # Its output is only read once it succeeded: a failed start stops the run here, with its reason.
    postgres_env="$(scripts/start-postgres.sh)"
    eval "$postgres_env"
    stop_postgres() {
      local pg_ctl; pg_ctl="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/pg_ctl"
      if [ "$(id -un)" = postgres ]; then "$pg_ctl" -D "$CONTRACTWATCH_TEST_POSTGRES_DATA" -m fast stop
      else su postgres -s /bin/sh -c "$pg_ctl -D '$CONTRACTWATCH_TEST_POSTGRES_DATA' -m fast stop"; fi >/dev/null 2>&1 || true
    }
    trap stop_postgres EXIT
    echo "PostgreSQL: a throwaway cluster at $CONTRACTWATCH_TEST_POSTGRES_DATA" >&2
  else
    echo "PostgreSQL: not installed or not root; the PostgreSQL runs of the storage suites are skipped (set CONTRACTWATCH_TEST_POSTGRES_URL to run them)" >&2
  fi
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
# The scale-corpus generator: deterministic by seed, well-formed, money that adds up (needs xmllint).
python3 scripts/generate_corpus.py selftest
# The server as API clients and browsers meet it (the debug binary the tests just used).
python3 scripts/web_checks.py --binary .build/debug/contractwatch
