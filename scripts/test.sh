#!/usr/bin/env bash
# Runs ContractWatch's whole test suite. Installs what the tests need when it is missing and this
# user may install (root, as in CI): the SQLite and zstd headers, xmllint, and the PyPI `fpds`
# parser the differential test compares against.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -f /usr/include/sqlite3.h ] || need_apt+=(libsqlite3-dev)
[ -f /usr/include/zstd.h ] || need_apt+=(libzstd-dev)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
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

swift build --build-tests
# Swift Testing only: no XCTest cases exist, and its empty summary would read as "no tests".
swift test --skip-build --disable-xctest "$@"
