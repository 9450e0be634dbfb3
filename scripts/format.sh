#!/usr/bin/env bash
# Formats the Swift sources in place with the toolchain's swift-format, then lints strictly
# (the same lint CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
swift format format --in-place --parallel --recursive Package.swift Sources Tests
swift format lint --strict --parallel --recursive Package.swift Sources Tests
