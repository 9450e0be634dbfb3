#!/usr/bin/env bash
# Fuzzes the three parsers (FPDS XML, SAM.gov JSON, USAspending CSV) far beyond CI: the same
# seeded mutations as the test suite, 12,000 cases per input by default (over 100,000 in all),
# built in release so it takes minutes, not an hour. Usage: scripts/fuzz.sh [CASES_PER_INPUT]
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-12000}"
swift build -c release --build-tests
CONTRACTWATCH_FUZZ_CASES="$cases" \
  swift test -c release --skip-build --disable-xctest --filter 'FPDSFuzzTests|AwardFuzzTests'
