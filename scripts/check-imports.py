#!/usr/bin/env python3
"""Checks that every target imports exactly the modules Package.swift declares for it.

SwiftPM's --explicit-target-dependency-import-check only catches an import of a target of this
package that is not reachable through the declared ones; an undeclared product, or one reached
through another target, slips by, and so does a declared dependency nothing imports. This reads
each target's `import` lines and compares them with its direct dependencies, both ways.

Usage: scripts/check-imports.py   (from anywhere; exit 1 with one line per mismatch)
"""
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Modules of the platform and toolchain, never declared in Package.swift.
PLATFORM = {"Foundation", "FoundationNetworking", "FoundationEssentials", "Glibc", "Musl", "Darwin",
            "Dispatch", "Synchronization", "Testing", "XCTest", "_Concurrency", "Android", "WinSDK"}
IMPORT = re.compile(r"^\s*(?:@\w+\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+"
                    r"(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?(\w+)", re.M)


def main() -> int:
    package = json.loads(subprocess.run(
        ["swift", "package", "dump-package"], cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    # A test target may depend on an executable only to have it built before the tests run it.
    executables = {target["name"] for target in package["targets"] if target["type"] == "executable"}
    problems = []
    for target in package["targets"]:
        if target["type"] in ("system", "binary", "plugin", "macro"):
            continue
        declared = set()
        for dependency in target["dependencies"]:
            kind, value = next(iter(dependency.items()))
            # A product's module carries the product's name in every package this one uses.
            declared.add(value[0])
        default = "Tests" if target["type"] == "test" else "Sources"
        path = ROOT / (target.get("path") or f"{default}/{target['name']}")
        imported = set()
        for source in path.rglob("*.swift"):
            imported |= set(IMPORT.findall(source.read_text(encoding="utf-8"))) - PLATFORM
        for module in sorted(imported - declared):
            problems.append(f"{target['name']}: imports {module} without declaring it in Package.swift")
        for module in sorted(declared - imported - executables):
            problems.append(f"{target['name']}: declares {module} and never imports it")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
