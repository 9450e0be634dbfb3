#!/usr/bin/env python3
"""Extract FPDS records with the PyPI parser `fpds` (the peer), for differential tests.

Usage: python3 scripts/fpds_peer.py FILE.xml [FILE.xml ...]

Prints one JSON document on stdout:

    {"files": [{"path": "...",
                "records": [{"kind": "award|IDV|OtherTransactionAward|OtherTransactionIDV",
                             "fields": {"awardID/awardContractID/PIID": "...",
                                        "awardID/awardContractID/agencyID@name": "...", ...}}],
                "error": null | "message"}]}

The values are the peer's own: `fpds.core.xml.Entry` flattens each record into keys such as
`content__award__awardID__awardContractID__agencyID` (element text, present only when the text
is non-empty) and `...__agencyID__name` (attributes). This script only re-keys them to paths
relative to the record element (`awardID/awardContractID/agencyID`, `...agencyID@name`); values
are the peer's raw strings, never trimmed. Like the peer, a repeated element keeps only the
last occurrence. Used by Tests/FPDSTests/FPDSDifferentialTests.swift; stdlib only besides `fpds`.
"""

from __future__ import annotations

import json
import sys
import warnings
from functools import cached_property

try:
    from fpds.core.xml import Entry, fpdsTree
except ImportError as error:  # pragma: no cover - environment problem
    print(f"fpds_peer.py: the PyPI package `fpds` is not importable ({error}); "
          "install it with `pip install fpds==1.5.0`", file=sys.stderr)
    sys.exit(3)

from xml.etree.ElementTree import Element, ElementTree, SubElement

# Entry.contract_type tests `if content:` on an Element, which warns on every call.
warnings.simplefilter("ignore", FutureWarning)
warnings.simplefilter("ignore", DeprecationWarning)

ATOM = "http://www.w3.org/2005/Atom"
RECORD_KINDS = ("award", "IDV", "OtherTransactionAward", "OtherTransactionIDV")


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def rekey(data: dict, element_keys: set) -> tuple[str | None, dict]:
    """Maps the peer's flat keys below `content__<record>` to record-relative slash paths.

    `element_keys` are the peer's element keys (its `content_tag_hierarchy`); every other key
    is `<element key>__<attribute>`, which becomes `<path>@<attribute>`.
    """
    kind = None
    for key in element_keys:
        parts = key.split("__")
        if len(parts) == 2 and parts[0] == "content":
            kind = parts[1]
            break
    if kind is None:
        return None, {}
    record_key = f"content__{kind}"
    prefix = record_key + "__"
    fields = {}
    for key, value in data.items():
        if key in element_keys:
            if key.startswith(prefix):
                fields[key[len(prefix):].replace("__", "/")] = value
            continue
        # An attribute: `<element key>__<attribute>` (FPDS attribute names contain no `__`).
        owner, _, attribute = key.rpartition("__")
        if owner not in element_keys:
            continue  # `contract_type`, which the peer adds to every entry
        if owner == record_key:
            fields["@" + attribute] = value
        elif owner.startswith(prefix):
            fields[owner[len(prefix):].replace("__", "/") + "@" + attribute] = value
    return kind, fields


def element_keys(entry: Element) -> set:
    """The keys of the peer's `Entry.content_tag_hierarchy` for `entry`: the `__`-joined local
    names of every element below it (cheaper than asking the peer to walk it a second time)."""
    keys = set()

    def walk(element: Element, prefix: str) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue  # comments and processing instructions, if a parser kept them
            key = prefix + local_name(child.tag)
            keys.add(key)
            walk(child, key + "__")

    walk(entry, "")
    return keys


def peer_records(entries: list, values: list) -> list:
    records = []
    for element, data in zip(entries, values):
        kind, fields = rekey(data, element_keys(element))
        records.append({"kind": kind, "fields": fields})
    return records


class Tree(fpdsTree):
    """The peer's `fpdsTree`, with its `namespace_dict` property memoised: the property walks the
    whole document and `jsonify` reads it once per entry. Nothing else differs."""

    @cached_property
    def namespace_dict(self) -> dict:
        return fpdsTree.namespace_dict.fget(self)


# Likewise `Entry.contract_type` searches the entry for its <content> once per element of the
# entry (quadratic; a third of the run time) and always returns the same value: memoise it per
# entry. `jsonify` builds plain `Entry` objects, so the property is replaced on the class.
_contract_type = cached_property(Entry.contract_type.fget)
_contract_type.__set_name__(Entry, "contract_type")
Entry.contract_type = _contract_type


def read_file(path: str) -> dict:
    with open(path, "rb") as handle:
        content = handle.read()
    tree = Tree(content)
    root = tree.tree.getroot()
    root_name = local_name(root.tag)
    if root_name == "feed":
        # ATOM feed page: the peer's own API end to end.
        values = tree.jsonify()
        entries = tree.get_atom_feed_entries()
        return {"path": path, "records": peer_records(entries, values), "error": None}

    # Archive files (root listOfAwards, listOfIDVs, ...) and single bare records are not ATOM
    # feeds, and the peer's feed API (fpdsTree.jsonify) only walks Atom <entry> elements. So each
    # record element is wrapped in a synthetic Atom <entry><content>…</content></entry>, exactly
    # the shape the peer sees in a feed, and the peer's own `Entry` class extracts it. The
    # namespace map is the peer's `fpdsTree.namespace_dict` of the synthetic feed (Atom first, as
    # in a real feed).
    if root_name in RECORD_KINDS:
        records = [root]
    elif root_name.startswith("listOf"):
        records = [child for child in root if local_name(child.tag) in RECORD_KINDS]
    else:
        return {"path": path, "records": [], "error": f"unsupported root element <{root_name}>"}
    feed = Element(f"{{{ATOM}}}feed")
    entries = []
    for record in records:
        entry = SubElement(feed, f"{{{ATOM}}}entry")
        SubElement(entry, f"{{{ATOM}}}content").append(record)
        entries.append(entry)
    synthetic = Tree.__new__(Tree)
    synthetic.tree = ElementTree(feed)
    namespace_dict = synthetic.namespace_dict
    values = [Entry(element=entry, namespace_dict=namespace_dict)() for entry in entries]
    return {"path": path, "records": peer_records(entries, values), "error": None}


def main(paths: list) -> int:
    files = []
    for path in paths:
        try:
            files.append(read_file(path))
        except Exception as error:  # noqa: BLE001 - reported per file, like our parser does
            files.append({"path": path, "records": [], "error": f"{type(error).__name__}: {error}"})
    sys.stdout.buffer.write(json.dumps({"files": files}, ensure_ascii=False).encode("utf-8"))
    sys.stdout.buffer.write(b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
