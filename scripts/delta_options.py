#!/usr/bin/env python3
"""Measures what storing each contract's documents as zstd deltas would cost, on a real store.

Samples contracts of an SQLite store at random, reads every document of their actions back (with
the store's dictionaries), and prints the mean stored bytes per document for: the store as it is;
each document after a contract's first compressed with the first as a raw-content dictionary
("first"); and with the document before it ("prev"), at zstd levels 3, 9 and 19. A contract's
first document keeps its stored size in both. The figures behind `DocumentCompaction`'s choice
(BENCHMARKS.md, "Raw XML: deltas").

    python3 scripts/delta_options.py STORE.sqlite [CONTRACTS]    # default 3000 contracts

Needs the `zstandard` package (pip install zstandard). Read only.
"""
import collections
import random
import sqlite3
import sys

import zstandard as zs


def main() -> None:
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    sample = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    dictionaries = {row[0]: zs.ZstdCompressionDict(row[1]) for row in db.execute("SELECT id, bytes FROM raw_dictionaries")}

    def text(blob: bytes, encoding: str) -> bytes:
        if encoding == "zstd":
            return zs.ZstdDecompressor().decompress(blob)
        if encoding.startswith("zstd-dict:"):
            return zs.ZstdDecompressor(dict_data=dictionaries[int(encoding.split(":")[1])]).decompress(blob)
        raise SystemExit(f"{encoding}: measure a store from before deltas")

    random.seed(7)
    top = db.execute("SELECT max(id) FROM contracts").fetchone()[0]
    totals = collections.Counter()
    for contract in random.sample(range(1, top + 1), sample):
        rows = db.execute(
            """SELECT d.raw_document, d.raw_encoding FROM actions a
               JOIN action_versions v ON v.action_id = a.id JOIN version_documents d ON d.version_id = v.id
               WHERE a.contract_id = ? ORDER BY v.id""", (contract,)).fetchall()
        if not rows:
            continue
        documents = [text(blob, encoding) for blob, encoding in rows]
        totals["documents"] += len(documents)
        totals["as stored"] += sum(len(blob) for blob, _ in rows)
        for level in (3, 9, 19):
            first = zs.ZstdCompressionDict(documents[0], dict_type=zs.DICT_TYPE_RAWCONTENT)
            totals[f"first, level {level}"] += len(rows[0][0])
            totals[f"prev, level {level}"] += len(rows[0][0])
            for previous, document in zip(documents, documents[1:]):
                base = zs.ZstdCompressionDict(previous, dict_type=zs.DICT_TYPE_RAWCONTENT)
                for name, dictionary in ((f"first, level {level}", first), (f"prev, level {level}", base)):
                    compressor = zs.ZstdCompressor(level=level, dict_data=dictionary, write_dict_id=False)
                    totals[name] += len(compressor.compress(document))
    print(f"{totals['documents']} documents of {sample} contracts; mean stored bytes per document:")
    for name, total in totals.items():
        if name != "documents":
            print(f"  {name:18} {total / totals['documents']:8.1f}")


if __name__ == "__main__":
    main()
