#!/usr/bin/env bash
# Races several ingesters on one new SQLite file many times (default 30 trials; CI runs 3) and
# compares each result with the store one ingester builds alone. Usage: scripts/stress.sh [TRIALS]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
CONTRACTWATCH_STRESS_TRIALS="${1:-30}" \
  swift test --skip-build --disable-xctest --filter ConcurrentIngestTests
