#!/usr/bin/env python3
"""A deterministic corpus of FPDS ATOM pages for scale benchmarks (stdlib only, Python 3.11).

    python3 scripts/generate_corpus.py measure   [--no-shared] [--out Benchmarks/corpus-distributions.json]
    python3 scripts/generate_corpus.py generate  --seed N --actions N --out DIR [--entries-per-page 10] [--one-contract]
    python3 scripts/generate_corpus.py replicate (--copies K | --actions N) --out DIR [--no-shared]
    python3 scripts/generate_corpus.py selftest

`measure` reads the real ATOM pages (Samples/fpds and, when present, /work/shared/data) and writes
what it finds: entry sizes, record kinds, actions per contract, modification numbers, reason codes,
action types, agencies and offices, PSC and NAICS codes, vendors, description texts, amounts, dates
and the rate of republished or corrected records. `generate` writes pages in the real feed's
format from those distributions, using real entries from Samples/fpds as templates (one per
contract; every value that identifies or describes the action is replaced). The same seed and
distributions file give byte-identical output. `replicate` copies the real pages K times with a
suffix on every PIID. docs/corpus.md describes the model and its gaps.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import datetime as _dt
import functools
import hashlib
import heapq
import json
import math
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark import ENTRY_OPEN, PIID_OPEN, RECORD_KINDS, REPO, local_name, source_pages  # noqa: E402

DISTRIBUTIONS = REPO / "Benchmarks" / "corpus-distributions.json"
FORMAT = 1
FEED_NAMESPACE = "https://www.fpds.gov/FPDS"
# Reason codes that end a contract's life in FPDS: terminations (E, F, X), cancellation (N), close-out (K).
TERMINAL_CODES = {"E", "F", "K", "N", "X"}
# Assumed when the sources show no republished or corrected records (see docs/corpus.md).
ASSUMED_CORRECTION_RATE = 0.01
ASSUMED_REPUBLISH_RATE = 0.005
# The fraction of actions that are Other Transaction IDVs when the date-range pages hold none.
ASSUMED_OT_IDV_SHARE = 0.001
# How many contracts are open at once: the stream interleaves their actions, as a date-ordered feed does.
OPEN_CONTRACTS = 64
PAGES_PER_FOLDER = 1000
ENTRY_SPAN = re.compile(rb"<((?:[\w.-]+:)?)entry[\s>].*?</\1entry>", re.S)
PIID_TEXT = re.compile(PIID_OPEN.pattern + rb"([^<]*)")


def log(message: str) -> None:
    print(f"[corpus] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Reading real records


def child(node: ET.Element | None, name: str) -> ET.Element | None:
    if node is None:
        return None
    for element in node.iter():
        if local_name(element.tag) == name:
            return element
    return None


def text_of(node: ET.Element | None, name: str) -> str | None:
    element = child(node, name)
    return None if element is None else (element.text or "")


def coded(element: ET.Element | None) -> list | None:
    """An element as [[attribute, value]…, text], the form the generator renders back."""
    if element is None:
        return None
    return [[[k, v] for k, v in element.attrib.items()], element.text or ""]


def cents(value: str | None) -> int:
    if not value:
        return 0
    negative = value.strip().startswith("-")
    whole, _, fraction = value.strip().lstrip("-").partition(".")
    amount = int(whole or "0") * 100 + int((fraction + "00")[:2] or "0")
    return -amount if negative else amount


def day(value: str | None) -> int | None:
    """A FPDS date-time's day as a proleptic ordinal."""
    try:
        return _dt.date.fromisoformat(value[:10]).toordinal() if value else None
    except ValueError:
        return None


def seconds_of_day(value: str | None) -> int:
    try:
        hours, minutes, seconds = value[11:19].split(":")
        return int(hours) * 3600 + int(minutes) * 60 + int(seconds)
    except (TypeError, ValueError):
        return 0


def role_of(kind: str, record: ET.Element) -> str:
    """idv, order (an award under an IDV), award, ot-idv or ot-award."""
    if kind == "IDV":
        return "idv"
    if kind == "OtherTransactionIDV":
        return "ot-idv"
    if kind == "OtherTransactionAward":
        return "ot-award"
    return "order" if text_of(child(record, "referencedIDVID"), "PIID") else "award"


def read_entries(data: bytes):
    """(entry bytes, record kind, record element, entry element) for each entry of a page."""
    spans = [m.group(0) for m in ENTRY_SPAN.finditer(data)]
    root = ET.fromstring(data)
    entries = [e for e in root if local_name(e.tag) == "entry"]
    for raw, entry in zip(spans, entries, strict=True):
        content = child(entry, "content")
        record = next((r for r in (content if content is not None else []) if local_name(r.tag) in RECORD_KINDS), None)
        if record is not None:
            yield raw, local_name(record.tag), record, entry


def feed_links(root: ET.Element) -> dict[str, str]:
    return {link.get("rel"): link.get("href", "") for link in root if local_name(link.tag) == "link"}


def start_of(href: str) -> int | None:
    match = re.search(r"[?&]start=(\d+)", href)
    return int(match.group(1)) if match else None


class Counter(collections.Counter):
    def ranked(self) -> list:
        return [[json.loads(key), count] for key, count in sorted(self.items(), key=lambda kv: (-kv[1], kv[0]))]

    def add(self, value) -> None:
        self[json.dumps(value, sort_keys=False)] += 1


def summary(values: list[int]) -> dict:
    if not values:
        return {"count": 0}
    ordered = sorted(values)

    def pct(p: float) -> int:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))]

    return {"count": len(ordered), "min": ordered[0], "p10": pct(0.1), "p50": pct(0.5), "p90": pct(0.9),
            "p99": pct(0.99), "max": ordered[-1], "mean": round(sum(ordered) / len(ordered), 1)}


def mod_scheme(mod: str) -> str:
    if re.fullmatch(r"P\d{5}", mod):
        return "P"
    if re.fullmatch(r"A\d{5}", mod):
        return "A"
    if re.fullmatch(r"\d+", mod):
        return "numeric"
    return "other"


# --------------------------------------------------------------------------------------------
# measure


def measure(args) -> int:
    pages = source_pages(not args.no_shared)
    if not pages:
        raise SystemExit("no ATOM pages found")
    samples_root = REPO / "Samples" / "fpds"
    kinds, roles, feed_sample_roles = Counter(), Counter(), Counter()
    sizes: dict[str, list[int]] = collections.defaultdict(list)
    rfm, cat = Counter(), Counter()
    agencies, offices, codes, vendors = Counter(), Counter(), Counter(), Counter()
    texts: dict[str, int] = {}
    text_uses: dict[str, Counter] = collections.defaultdict(Counter)
    description_lengths, description_missing = [], 0
    amounts: dict[str, Counter] = collections.defaultdict(Counter)
    base_days, publish_lags, durations, publish_seconds = [], [], [], []
    versions: dict[tuple, set] = collections.defaultdict(set)
    copies: Counter = Counter()
    contracts: dict[tuple, list] = collections.defaultdict(list)  # only from complete PIID result sets
    directories: dict[Path, dict] = collections.defaultdict(lambda: {"starts": set(), "last": 0, "records": []})
    templates, real_piids = [], set()
    entry_count, total_bytes = 0, 0

    for label, path in pages:
        data = path.read_bytes()
        total_bytes += len(data)
        root = ET.fromstring(data)
        title = "".join(t.text or "" for t in root if local_name(t.tag) == "title")
        piid_query = ': PIID:"' in title
        links = feed_links(root)
        if piid_query:
            folder = directories[path.parent]
            folder["starts"].add(start_of(links.get("alternate", "")) or 0)
            folder["last"] = max(folder["last"], start_of(links.get("last", "")) or 0)
        in_samples = path.is_relative_to(samples_root)
        raw_page = in_samples and b"ns0:" not in data and FEED_NAMESPACE.encode() in data and b"fpdsng.com" not in data
        for index, (raw, kind, record, entry) in enumerate(read_entries(data)):
            entry_count += 1
            role = role_of(kind, record)
            kinds[json.dumps(kind)] += 1
            roles[json.dumps(role)] += 1
            if not piid_query:
                feed_sample_roles[json.dumps(role)] += 1
            sizes[role].append(len(raw))
            ident = record[0]
            own = next((n for n in ident.iter() if any(local_name(c.tag) == "PIID" for c in n)), None)
            ref = child(record, "referencedIDVID")
            key_agency = text_of(own, "agencyID") or ""
            piid = text_of(own, "PIID") or ""
            mod = text_of(own, "modNumber") or ""
            real_piids.add(piid)
            key = (kind, key_agency, piid, mod, text_of(own, "transactionNumber") or "",
                   text_of(ref, "agencyID") or "", text_of(ref, "PIID") or "")
            versions[key].add(hashlib.sha256(raw).hexdigest())
            copies[key] += 1
            reason = child(record, "reasonForModification")
            code = (reason.text or "").strip() if reason is not None else "-"
            rfm.add([code, reason.get("description", "") if reason is not None else ""])
            action_type = child(record, "contractActionType")
            if action_type is not None:
                cat.add([role, action_type.text or "", action_type.get("description", "")])
            agency_element = child(own, "agencyID")
            purchaser = child(record, "purchaserInformation")
            agencies.add([key_agency, agency_element.get("name", "") if agency_element is not None else ""])
            offices.add([coded(agency_element), coded(child(purchaser, "contractingOfficeAgencyID")),
                         coded(child(purchaser, "contractingOfficeID")),
                         coded(child(purchaser, "fundingRequestingAgencyID")),
                         coded(child(purchaser, "fundingRequestingOfficeID"))])
            psc = child(record, "productOrServiceCode")
            if psc is None:
                psc = child(record, "PSCCode")
            if psc is not None:
                codes.add([coded(psc), coded(child(record, "principalNAICSCode"))])
            vendor = child(record, "vendor")
            uei = child(vendor, "vendorUEIInformation")
            name = text_of(vendor, "vendorName")
            if name and text_of(uei, "UEI"):
                vendors.add([name, text_of(uei, "UEI"), text_of(uei, "UEILegalBusinessName"),
                             text_of(uei, "ultimateParentUEI"), text_of(uei, "ultimateParentUEIName"),
                             text_of(vendor, "cageCode")])
            description = text_of(record, "descriptionOfContractRequirement")
            if description is None:
                description_missing += 1
            else:
                description_lengths.append(len(description))
                texts.setdefault(description, len(texts))
                text_uses[code].add(texts[description])
            dollars = child(record, "dollarValues")
            values = {local_name(e.tag): e.text or "0" for e in (dollars if dollars is not None else [])}
            amounts[f"{role}:{code}"].add(values)
            dates = child(record, "relevantContractDates")
            signed = day(text_of(dates, "signedDate"))
            modified = text_of(record, "lastModifiedDate")
            if signed is not None and mod == "0":
                base_days.append(signed)
                end = day(text_of(dates, "ultimateCompletionDate") or text_of(dates, "lastDateToOrder"))
                effective = day(text_of(dates, "effectiveDate")) or signed
                if end is not None and end >= effective:
                    durations.append(end - effective)
            if signed is not None and day(modified) is not None and day(modified) >= signed:
                publish_lags.append(day(modified) - signed)
                publish_seconds.append(seconds_of_day(modified))
            if piid_query:
                directories[path.parent]["records"].append(
                    ((kind, key_agency, piid, text_of(ref, "PIID") or ""), mod, signed, description))
            if raw_page and description is not None and text_of(vendor, "vendorName") and psc is not None:
                templates.append({"path": path.relative_to(REPO).as_posix(), "entry": index, "role": role,
                                  "bytes": len(raw), "sha256": hashlib.sha256(data).hexdigest()})

    complete_dirs = 0
    for folder in directories.values():
        if set(range(0, folder["last"] + 1, 10)) <= folder["starts"]:
            complete_dirs += 1
            for contract, mod, signed, description in folder["records"]:
                contracts[contract].append((mod, signed, description))

    per_contract: dict[str, Counter] = collections.defaultdict(Counter)
    schemes, a_share = Counter(), [0, 0]
    gaps, repeats = [], [0, 0]
    for (kind, *_), actions in contracts.items():
        role = {"IDV": "idv", "OtherTransactionIDV": "ot-idv"}.get(kind, "award")
        per_contract[role][json.dumps(len(actions))] += 1
        mods = [mod_scheme(m) for m, _, _ in actions if m != "0"]
        if mods:
            main = collections.Counter("P" if s == "A" else s for s in mods).most_common(1)[0][0]
            schemes.add(main)
            if main == "P":
                a_share[0] += mods.count("A")
                a_share[1] += len(mods)
        ordered = sorted(((s, m, d) for m, s, d in actions if s is not None), key=lambda a: (a[0], a[1]))
        for (s0, _, d0), (s1, _, d1) in zip(ordered, ordered[1:]):
            gaps.append(s1 - s0)
            repeats[1] += 1
            repeats[0] += d0 is not None and d0 == d1

    republished = sum(1 for key, n in copies.items() if n > len(versions[key]))
    corrected = sum(1 for hashes in versions.values() if len(hashes) > 1)
    distinct = len(versions)
    by_text = sorted(texts, key=texts.get)
    out = {
        "format": FORMAT,
        "note": "Measured by scripts/generate_corpus.py measure from the real FPDS ATOM pages; see docs/corpus.md.",
        "measured_from": {"pages": len(pages), "entries": entry_count, "distinct_actions": distinct,
                          "bytes": total_bytes, "complete_piid_result_sets": complete_dirs,
                          "contracts_in_complete_sets": len(contracts),
                          "sources": sorted({label.split("/")[0] + "/" + label.split("/")[1] for label, _ in pages})},
        "entry_bytes": {role: summary(values) | {"values": sorted(values)} for role, values in sorted(sizes.items())},
        "record_kinds": {json.loads(k): v for k, v in sorted(kinds.items())},
        "roles": {json.loads(k): v for k, v in sorted(roles.items())},
        "feed_sample_roles": {json.loads(k): v for k, v in sorted(feed_sample_roles.items())},
        "actions_per_contract": {role: sorted([[int(k), v] for k, v in c.items()]) for role, c in sorted(per_contract.items())},
        "mod_number_schemes": schemes.ranked(),
        "a_series_share_in_p_contracts": round(a_share[0] / a_share[1], 4) if a_share[1] else 0,
        "reason_for_modification": rfm.ranked(),
        "contract_action_types": cat.ranked(),
        "agencies": agencies.ranked(),
        "offices": offices.ranked(),
        "codes": codes.ranked(),
        "vendors": vendors.ranked(),
        "descriptions": {
            "missing": description_missing,
            "lengths": summary(description_lengths),
            "repeat_previous_rate": round(repeats[0] / repeats[1], 4) if repeats[1] else 0,
            "texts": by_text,
            "by_code": {code: sorted([[json.loads(i), n] for i, n in c.items()]) for code, c in sorted(text_uses.items())},
        },
        "amounts": {group: c.ranked() for group, c in sorted(amounts.items())},
        "dates": {
            "base_signed_days": sorted(base_days),
            "mod_gap_days": sorted(gaps),
            "publish_lag_days": sorted(publish_lags),
            "publish_seconds": sorted(publish_seconds),
            "duration_days": sorted(durations),
        },
        "versions": {
            "keys": distinct, "keys_published_more_than_once_identically": republished,
            "keys_with_more_than_one_content": corrected,
            "correction_rate": round(corrected / distinct, 6) if corrected else ASSUMED_CORRECTION_RATE,
            "republish_rate": round(republished / distinct, 6) if republished else ASSUMED_REPUBLISH_RATE,
            "correction_rate_assumed": not corrected, "republish_rate_assumed": not republished,
        },
        "templates": templates,
        "real_piids": sorted(real_piids),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    log(f"{len(pages)} pages, {entry_count} entries, {distinct} distinct actions, {len(contracts)} contracts "
        f"in {complete_dirs} complete result sets, {len(templates)} templates -> {args.out}")
    return 0


# --------------------------------------------------------------------------------------------
# Rendering


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc_attr(text: str) -> str:
    return esc(text).replace('"', "&quot;")


def element(prefix: str, name: str, value: list | None) -> str:
    attrs, text = value if value is not None else ([], "")
    rendered = "".join(f' {k}="{esc_attr(v)}"' for k, v in attrs)
    return f"<{prefix}{name}{rendered}>{esc(text)}</{prefix}{name}>"


def money(amount: int) -> str:
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount) // 100}.{abs(amount) % 100:02d}"


def title_money(amount: int) -> str:
    sign = "-" if amount < 0 else ""
    whole, part = divmod(abs(amount), 100)
    return f"{sign}${whole:,}" + (f".{part:02d}" if part else "")


@functools.lru_cache(maxsize=1 << 16)
def stamp(ordinal: int, seconds: int = 0) -> str:
    return f"{_dt.date.fromordinal(ordinal).isoformat()} {seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def element_match(text: str, name: str, start: int = 0):
    """The first element `name` (any prefix) at or after `start`: groups prefix, attributes, text."""
    pattern = re.compile(rf"<((?:[\w.-]+:)?){re.escape(name)}(\s[^>]*)?(?:/>|>(.*?)</\1{re.escape(name)}>)", re.S)
    return pattern.search(text, start)


class Template:
    """A real entry cut into literal text and named slots that each action fills."""

    def __init__(self, raw: str, role: str, origin: str):
        self.role, self.origin, self.prefix = role, origin, "ns1:"
        spans: list[tuple[int, int, str]] = []

        def text_slot(name: str, slot: str, start: int = 0, required: bool = True):
            match = element_match(raw, name, start)
            if match is None or match.group(3) is None:
                if required:
                    raise ValueError(f"{origin}: no <{name}> to template")
                return None
            spans.append((match.start(3), match.end(3), slot))
            return match

        def element_slot(name: str, slot: str, start: int = 0):
            match = element_match(raw, name, start)
            if match is not None:
                spans.append((match.start(), match.end(), slot))
            return match

        title = raw.index("<title><![CDATA[") + len("<title><![CDATA[")
        title_end = raw.index("]]></title>")
        label_match = re.match(r"(?:New )?(.*?) \S+ (?:\(|awarded)", raw[title:title_end])
        self.label = label_match.group(1) if label_match else "CONTRACT"
        spans.append((title, title_end, "title"))
        q = raw.index("&amp;q=", raw.index("<link")) + len("&amp;q=")
        spans.append((q, raw.index('"', q), "link_q"))
        text_slot("modified", "modified")
        record = re.search(r"<((?:[\w.-]+:)?)(award|IDV|OtherTransactionIDV|OtherTransactionAward)[\s>]", raw)
        self.prefix = record.group(1)
        body = record.start()
        agency = element_slot("agencyID", "agency", body)
        text_slot("PIID", "piid", agency.end())
        text_slot("modNumber", "mod", agency.end())
        if role == "order":
            ref = raw.index("referencedIDVID>", body)
            element_slot("agencyID", "ref_agency", ref)
            text_slot("PIID", "ref_piid", ref)
        self.dates = []
        for name in ("signedDate", "effectiveDate", "currentCompletionDate", "ultimateCompletionDate",
                     "lastDateToOrder", "fiscalYear", "createdDate", "lastModifiedDate", "approvedDate"):
            if text_slot(name, name, body, required=name in ("signedDate", "lastModifiedDate")):
                self.dates.append(name)
        self.dollars, self.totals = [], []
        for block, names, tag in (("dollarValues", self.dollars, "d:"), ("totalDollarValues", self.totals, "t:")):
            match = element_match(raw, block, body)
            if match is None:
                continue
            for inner in re.finditer(r"<(?:[\w.-]+:)?(\w+)(?:\s[^>]*)?>([^<]*)</", match.group(3)):
                names.append(inner.group(1))
                offset = match.start(3)
                spans.append((offset + inner.start(2), offset + inner.end(2), tag + inner.group(1)))
        for name in ("contractingOfficeAgencyID", "contractingOfficeID", "fundingRequestingAgencyID",
                     "fundingRequestingOfficeID", "principalNAICSCode"):
            element_slot(name, name, body)
        psc = element_match(raw, "productOrServiceCode", body) or element_match(raw, "PSCCode", body)
        self.psc_name = re.match(r"<(?:[\w.-]+:)?(\w+)", psc.group(0)).group(1)
        spans.append((psc.start(), psc.end(), "psc"))
        # The reason code goes with the whitespace before it, so that a base record drops both. A
        # template without one (a base record) gets it where FPDS puts it: after the action type,
        # the pricing type or the agreement type.
        reason = element_match(raw, "reasonForModification", body)
        if reason is not None:
            before = raw.rindex(">", 0, reason.start()) + 1
            spans.append((before, reason.end(), "rfm"))
            self.indent = raw[before:reason.start()]
        else:
            anchors = [element_match(raw, name, body) for name in ("contractActionType", "typeOfContractPricing",
                                                                    "typeOfAgreement")]
            anchor = max((a for a in anchors if a is not None), key=lambda a: a.end())
            spans.append((anchor.end(), anchor.end(), "rfm"))
            self.indent = raw[raw.rindex(">", 0, anchors[0].start()) + 1:anchors[0].start()]
        text_slot("descriptionOfContractRequirement", "description", body)
        self.vendor = []
        for name in ("vendorName", "UEI", "UEILegalBusinessName", "ultimateParentUEI", "ultimateParentUEIName",
                     "cageCode", "genericString02"):
            if text_slot(name, name, body, required=name == "vendorName"):
                self.vendor.append(name)
        spans.sort()
        for (s0, e0, n0), (s1, _, n1) in zip(spans, spans[1:]):
            if s1 < e0:
                raise ValueError(f"{origin}: slots {n0} and {n1} overlap")
        self.literals, self.slots, position = [], [], 0
        for start, end, slot in spans:
            self.literals.append(raw[position:start])
            self.slots.append(slot)
            position = end
        self.literals.append(raw[position:])

    def render(self, values: dict[str, str]) -> str:
        out = [self.literals[0]]
        for slot, literal in zip(self.slots, self.literals[1:]):
            out.append(values[slot])
            out.append(literal)
        return "".join(out)


# --------------------------------------------------------------------------------------------
# Sampling


class Pool:
    """Weighted choice by the measured counts, using only `random()` so that output is stable."""

    def __init__(self, items: list, weights: list[float]):
        if not items:
            raise ValueError("empty distribution")
        self.items, self.cumulative, total = items, [], 0.0
        for weight in weights:
            total += weight
            self.cumulative.append(total)
        self.total = total

    @classmethod
    def ranked(cls, pairs: list) -> Pool:
        return cls([p[0] for p in pairs], [p[1] for p in pairs])

    @classmethod
    def uniform(cls, items: list) -> Pool:
        return cls(items, [1.0] * len(items))

    def mean(self) -> float:
        return sum(float(item) * (c - p) for item, c, p in zip(self.items, self.cumulative, [0.0] + self.cumulative)) / self.total

    def pick(self, rng: random.Random):
        return self.items[min(len(self.items) - 1, bisect.bisect_right(self.cumulative, rng.random() * self.total))]


class Model:
    def __init__(self, dist: dict):
        if dist.get("format") != FORMAT:
            raise SystemExit(f"distributions format {dist.get('format')} is not {FORMAT}: re-run `measure`")
        self.templates: dict[str, list[Template]] = collections.defaultdict(list)
        pages: dict[str, list[bytes]] = {}
        for spec in dist["templates"]:
            if spec["path"] not in pages:
                data = (REPO / spec["path"]).read_bytes()
                if hashlib.sha256(data).hexdigest() != spec["sha256"]:
                    raise SystemExit(f"{spec['path']} changed since it was measured: re-run `measure`")
                pages[spec["path"]] = [m.group(0) for m in ENTRY_SPAN.finditer(data)]
            raw = pages[spec["path"]][spec["entry"]].decode()
            self.templates[spec["role"]].append(Template(raw, spec["role"], f"{spec['path']} entry {spec['entry']}"))
        self.template_pools = {role: Pool.uniform(t) for role, t in self.templates.items()}
        shares = dict(dist["feed_sample_roles"])
        if "ot-idv" in self.templates and not shares.get("ot-idv"):
            shares["ot-idv"] = ASSUMED_OT_IDV_SHARE * sum(shares.values())
        shares = {role: n for role, n in shares.items() if role in self.templates}
        self.length = {role: Pool.ranked(dist["actions_per_contract"].get(role) or dist["actions_per_contract"]["award"])
                       for role in shares}
        # The measured shares are of actions; a contract of role r brings mean(r) of them.
        self.roles = Pool(list(shares), [n / self.length[r].mean() for r, n in shares.items()])
        self.schemes = Pool.ranked(dist["mod_number_schemes"])
        self.a_share = dist["a_series_share_in_p_contracts"]
        mods = [[tuple(code), n] for code, n in dist["reason_for_modification"] if code[0] != "-"]
        self.reasons = Pool.ranked(mods)
        self.ongoing_reasons = Pool.ranked([m for m in mods if m[0][0] not in TERMINAL_CODES])
        self.offices = Pool.ranked(dist["offices"])
        self.codes = Pool.ranked(dist["codes"])
        self.vendors = Pool.ranked(dist["vendors"])
        desc = dist["descriptions"]
        self.texts = desc["texts"]
        self.text_by_code = {code: Pool.ranked(pairs) for code, pairs in desc["by_code"].items()}
        self.repeat_rate = desc["repeat_previous_rate"]
        self.amounts = {group: Pool.ranked(pairs) for group, pairs in dist["amounts"].items()}
        dates = dist["dates"]
        self.base_days = Pool.uniform(dates["base_signed_days"])
        self.gaps = Pool.uniform(dates["mod_gap_days"])
        self.lags = Pool.uniform(dates["publish_lag_days"])
        self.publish_seconds = Pool.uniform(dates["publish_seconds"])
        self.durations = Pool.uniform(dates["duration_days"])
        self.correction_rate = dist["versions"]["correction_rate"]
        self.republish_rate = dist["versions"]["republish_rate"]
        self.real_piids = set(dist["real_piids"])
        sizes = [n for role in shares for n in dist["entry_bytes"].get(role, {}).get("values", [])]
        self.mean_entry_bytes = sum(sizes) / len(sizes)

    def amount(self, rng: random.Random, role: str, code: str) -> dict[str, str]:
        for group in (f"{role}:{code}", f"award:{code}" if role == "order" else "", f"idv:{code}"):
            if group in self.amounts:
                return self.amounts[group].pick(rng)
        return {}


# --------------------------------------------------------------------------------------------
# generate


class Generator:
    def __init__(self, model: Model, seed: int):
        self.model, self.rng = model, random.Random(seed)
        self.serials: dict[str, int] = collections.Counter()
        self.idvs: collections.deque = collections.deque(maxlen=256)
        self.today = _dt.date(2026, 6, 11).toordinal()  # the newest real page's fetch date

    def piid(self, office: str, year: int, letter: str) -> str:
        prefix = f"{(office or 'X')[:6]}{year % 100:02d}{letter}"
        while True:
            self.serials[prefix] += 1
            candidate = f"{prefix}{self.serials[prefix]:04d}"
            if candidate not in self.model.real_piids:
                return candidate

    def contract(self, count: int | None = None):
        """Yields the actions of one new contract, oldest first, as (slot values, template) pairs: `count`
        of them, or as many as the measured distribution of actions per contract draws."""
        m, rng = self.model, self.rng
        role = m.roles.pick(rng)
        if role == "order" and not self.idvs:
            role = "idv"
        template: Template = m.template_pools[role].pick(rng)
        count = count or m.length[role].pick(rng)
        key_agency, co_agency, co_office, fund_agency, fund_office = m.offices.pick(rng)
        psc, naics = m.codes.pick(rng)
        while naics is None and "principalNAICSCode" in template.slots:  # Other Transactions carry no NAICS
            psc, naics = m.codes.pick(rng)
        vendor = dict(zip(("vendorName", "UEI", "UEILegalBusinessName", "ultimateParentUEI",
                           "ultimateParentUEIName", "cageCode"), m.vendors.pick(rng)))
        vendor["genericString02"] = vendor["UEI"]
        for name in ("UEILegalBusinessName", "ultimateParentUEIName"):
            vendor[name] = vendor[name] or vendor["vendorName"]
        vendor["ultimateParentUEI"] = vendor["ultimateParentUEI"] or vendor["UEI"]
        vendor["cageCode"] = vendor["cageCode"] or ""
        start = m.base_days.pick(rng)
        parent = None
        if role == "order":
            parent = self.idvs[int(rng.random() * len(self.idvs))]
            start = max(start, parent[2])
        gaps = [m.gaps.pick(rng) for _ in range(count - 1)]
        span = self.today - start - 30
        if sum(gaps) > span:  # keep every date in the past: squeeze the contract's mods into the time left
            scale = max(span, 0) / sum(gaps)
            gaps = [int(g * scale) for g in gaps]
        office_code = co_office[1] if co_office else key_agency[1]
        letter = {"idv": "D", "order": "F", "award": "C", "ot-idv": "9", "ot-award": "9"}[role]
        fiscal = _dt.date.fromordinal(start)
        piid = self.piid(office_code, fiscal.year + (fiscal.month >= 10), letter)
        if role in ("idv", "ot-idv"):
            self.idvs.append((key_agency, piid, start))
        end = start + m.durations.pick(rng)
        scheme = m.schemes.pick(rng)
        counters = {"P": 0, "A": 0}
        p = template.prefix
        base = {
            "agency": element(p, "agencyID", key_agency),
            "piid": piid,
            "contractingOfficeAgencyID": element(p, "contractingOfficeAgencyID", co_agency or key_agency),
            "contractingOfficeID": element(p, "contractingOfficeID", co_office),
            "fundingRequestingAgencyID": element(p, "fundingRequestingAgencyID", fund_agency or co_agency or key_agency),
            "fundingRequestingOfficeID": element(p, "fundingRequestingOfficeID", fund_office or co_office),
            "principalNAICSCode": element(p, "principalNAICSCode", naics),
            "psc": element(p, template.psc_name, psc),
            "link_q": f"{piid}+{key_agency[1]}+",
        } | {name: esc(vendor[name]) for name in template.vendor}
        if parent:
            base["ref_agency"] = element(p, "agencyID", parent[0])
            base["ref_piid"] = parent[1]
        totals: dict[str, int] = collections.Counter()
        signed, description = start, None
        for index in range(count):
            if index:
                signed += gaps[index - 1]
            values = dict(base)
            if index == 0:
                code, code_description, mod = "-", "", "0"
                values["rfm"] = ""
            else:
                code, code_description = (m.reasons if index == count - 1 else m.ongoing_reasons).pick(rng)
                if scheme == "numeric":
                    mod = str(index)
                else:
                    series = "A" if rng.random() < m.a_share else "P"
                    counters[series] += 1
                    mod = f"{series}{counters[series]:05d}"
                values["rfm"] = template.indent + element(
                    p, "reasonForModification", [[["description", code_description]], code])
            values["mod"] = mod
            if description is None or rng.random() >= m.repeat_rate:
                pool = m.text_by_code.get(code) or m.text_by_code["M"]
                description = m.texts[pool.pick(rng)]
            values["description"] = esc(description)
            dollars = m.amount(rng, role, code)
            obligated = 0
            for name in template.dollars:
                value = cents(dollars.get(name))
                totals[name] += value
                obligated = value if name == "obligatedAmount" else obligated
                values["d:" + name] = money(value)
            for name in template.totals:
                own = name[5].lower() + name[6:]
                values["t:" + name] = money(totals[own] if own in template.dollars else 0)
            published = signed + m.lags.pick(rng)
            if published > self.today:  # a lag longer than the time since signing: any day since then
                published = signed + int(rng.random() * (max(self.today - signed, 0) + 1))
            clock = m.publish_seconds.pick(rng)
            dates = {
                "signedDate": stamp(signed), "effectiveDate": stamp(start if role in ("idv", "ot-idv") else signed),
                "currentCompletionDate": stamp(end), "ultimateCompletionDate": stamp(end), "lastDateToOrder": stamp(end),
                "fiscalYear": str(_dt.date.fromordinal(signed).year + (_dt.date.fromordinal(signed).month >= 10)),
                "createdDate": stamp(published, max(clock - 600, 0)),
                "lastModifiedDate": stamp(published, clock), "approvedDate": stamp(published, clock),
            }
            for name in template.dates:
                values[name] = dates[name]
            values["modified"] = dates["lastModifiedDate"]
            heading = f"{template.label} {piid}"
            values["title"] = (f"New {heading} awarded to {vendor['vendorName']} for the amount of {title_money(obligated)}"
                               if index == 0 else
                               f"{heading} ({mod}) awarded to {vendor['vendorName']}, was modified for the amount of "
                               f"{title_money(obligated)}")
            yield values, template

    def corrected(self, values: dict[str, str], template: Template) -> dict[str, str]:
        """The same action republished with other codes and a later modification date, as FPDS corrections are."""
        m, rng = self.model, self.rng
        psc, naics = m.codes.pick(rng)
        while naics is None and "principalNAICSCode" in template.slots:
            psc, naics = m.codes.pick(rng)
        fixed = dict(values)
        fixed["psc"] = element(template.prefix, template.psc_name, psc)
        fixed["principalNAICSCode"] = element(template.prefix, "principalNAICSCode", naics)
        published = min(day(values["lastModifiedDate"]) + 1 + m.lags.pick(rng), self.today + 30)
        clock = m.publish_seconds.pick(rng)
        for name in ("lastModifiedDate", "approvedDate", "modified"):
            if name in fixed:
                fixed[name] = stamp(published, clock)
        return fixed

    def entries(self, total: int):
        """`total` entries as (values, template): contracts interleaved, with republished and corrected copies."""
        m, rng = self.model, self.rng
        open_contracts: list = []
        later: list = []  # (due index, sequence, values, template): republications and corrections
        sequence = 0
        emitted = 0
        while emitted < total:
            if later and later[0][0] <= emitted:
                _, _, values, template = heapq.heappop(later)
                yield values, template
                emitted += 1
                continue
            while len(open_contracts) < OPEN_CONTRACTS:
                open_contracts.append(self.contract())
            index = int(rng.random() * len(open_contracts))
            try:
                values, template = next(open_contracts[index])
            except StopIteration:
                open_contracts[index] = self.contract()
                continue
            yield values, template
            emitted += 1
            draw = rng.random()
            due = emitted + 1 + int(rng.random() * 2000)
            if draw < m.correction_rate:
                sequence += 1
                heapq.heappush(later, (due, sequence, self.corrected(values, template), template))
            elif draw < m.correction_rate + m.republish_rate:
                sequence += 1
                heapq.heappush(later, (due, sequence, values, template))


FEED_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>FPDS-NG search results for<![CDATA[: {query}]]></title>
{links}  <modified/>
  <author>
    <name/>
  </author>
"""
LINK = '  <link rel="{rel}" type="text/html" href="https://www.fpds.gov/{path}?s=FPDS&amp;{params}&amp;q={q}&amp;start={start}"></link>\n'


def page_head(query: str, start: int, last: int) -> str:
    """The head of a real feed page (the live feed's own order of links), for the page at `start`."""
    q = "".join(c if c.isalnum() or c in "-_.*" else f"%{ord(c):02X}" for c in query)
    rels = [("alternate", start)]
    if start:
        rels.append(("first", 0))
    rels.append(("last", last))
    if start:
        rels.append(("previous", start - 10))
    if start < last:
        rels.append(("next", start + 10))
    links = "".join(
        LINK.format(rel=rel, q=q, start=at,
                    path="ezsearch/search.do" if rel == "alternate" else "ezsearch/FEEDS/ATOM",
                    params="indexName=awardfull&amp;templateName=1.5.3" if rel == "alternate"
                    else "FEEDNAME=PUBLIC&amp;VERSION=1.5.3")
        for rel, at in rels)
    return FEED_HEAD.format(query=query, links=links)


def generate(args) -> int:
    dist = json.loads(Path(args.distributions).read_text())
    model = Model(dist)
    out = Path(args.out)
    per_page = args.entries_per_page
    pages = max(1, math.ceil(args.actions / per_page))
    part, parts = args.part - 1, args.parts
    if not 0 <= part < parts:
        raise SystemExit(f"--part {args.part} is not between 1 and --parts {parts}")
    estimate = int(args.actions * model.mean_entry_bytes / parts)
    out.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(out).free
    if estimate > free and not args.force:
        raise SystemExit(f"{args.actions} actions need about {estimate / 2**30:.1f} GiB, {out} has "
                         f"{free / 2**30:.1f} GiB free (pass --force to write anyway)")
    if any(out.iterdir()):
        raise SystemExit(f"{out} is not empty")
    query = f"LAST_MOD_DATE:[{_dt.date.fromordinal(model.base_days.items[0]):%Y/%m/%d},2026/06/11]"
    last = (pages - 1) * 10
    generator = Generator(model, args.seed)
    began, written, page, batch = time.monotonic(), 0, 0, []
    roles = collections.Counter()

    def flush() -> None:
        nonlocal page, written
        if page % args.parts == part:
            folder = out / f"{page // PAGES_PER_FOLDER:05d}"
            folder.mkdir(exist_ok=True)
            body = page_head(query, page * 10, last) + "".join(
                f"  {template.render(values)}\n" for values, template in batch) + "</feed>"
            data = body.encode()
            (folder / f"page-{page:07d}-start-{page * 10}.xml").write_bytes(data)
            written += len(data)
        page += 1
        batch.clear()
        if page % 10000 == 0:
            rate = page * per_page / (time.monotonic() - began)
            log(f"{page * per_page} entries, {written / 2**30:.2f} GiB, {rate:,.0f} entries/s")

    # --one-contract: one contract's actions in signing order, nothing republished or corrected.
    stream = generator.contract(args.actions) if args.one_contract else generator.entries(args.actions)
    for action in stream:
        batch.append(action)
        if len(batch) == per_page:
            flush()
    if batch:
        flush()
    elapsed = time.monotonic() - began
    report = {"seed": args.seed, "entries": args.actions, "pages": page, "part": f"{args.part}/{parts}",
              "pages_written": len(range(part, page, parts)), "bytes_written": written,
              "seconds": round(elapsed, 1), "entries_per_second": round(args.actions / elapsed),
              "contract_serials": sum(generator.serials.values()), "out": str(out)}
    print(json.dumps(report, indent=1))
    return 0


# --------------------------------------------------------------------------------------------
# replicate


def replicate(args) -> int:
    pages = source_pages(not args.no_shared)
    entries = sum(len(ENTRY_OPEN.findall(path.read_bytes())) for _, path in pages)
    copies = args.copies or math.ceil(args.actions / entries)
    out = Path(args.out)
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty")
    width = max(3, len(str(copies)))
    written = 0
    for copy in range(1, copies + 1):
        suffix = f"R{copy:0{width}d}".encode()
        for relative, path in pages:
            data = path.read_bytes()
            # Every PIID element's text gets the suffix: the copy's own PIIDs and the IDVs they reference alike.
            rewritten = PIID_TEXT.sub(lambda match: match.group(1) + match.group(2) + suffix, data)
            target = out / f"r{copy:0{width}d}" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(rewritten)
            written += len(rewritten)
    print(json.dumps({"copies": copies, "pages": copies * len(pages), "entries": copies * entries,
                      "bytes": written, "out": str(out)}, indent=1))
    return 0


# --------------------------------------------------------------------------------------------
# selftest


def digest_tree(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def check(condition: bool, problem: str) -> None:
    if not condition:
        raise SystemExit(f"selftest failed: {problem}")


def selftest(args) -> int:
    script = [sys.executable, str(Path(__file__).resolve())]
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        runs = {}
        for name, seed in (("a", 7), ("b", 7), ("c", 8)):
            subprocess.run(script + ["generate", "--seed", str(seed), "--actions", str(args.actions),
                                     "--out", str(root / name)], check=True, stdout=subprocess.DEVNULL)
            runs[name] = digest_tree(root / name)
        check(runs["a"] == runs["b"], "the same seed wrote different bytes")
        check(runs["a"] != runs["c"], "another seed wrote the same bytes")
        subprocess.run(script + ["generate", "--seed", "7", "--actions", str(args.actions), "--parts", "3",
                                 "--part", "2", "--out", str(root / "part")], check=True, stdout=subprocess.DEVNULL)
        part = sorted((root / "part").rglob("*.xml"))
        check(bool(part) and all(p.read_bytes() == (root / "a" / p.relative_to(root / "part")).read_bytes()
                                 for p in part), "a part's pages differ from the whole corpus's")
        files = sorted((root / "a").rglob("*.xml"))
        keys: dict[tuple, set] = collections.defaultdict(set)
        contracts: dict[tuple, list] = collections.defaultdict(list)
        entries = 0
        for path in files:
            data = path.read_bytes()
            for raw, kind, record, _ in read_entries(data):  # ElementTree: each page is well-formed XML
                entries += 1
                own = next(n for n in record[0].iter() if any(local_name(c.tag) == "PIID" for c in n))
                ref = child(record, "referencedIDVID")
                contract = (kind, text_of(own, "agencyID"), text_of(own, "PIID"), text_of(ref, "PIID") or "")
                keys[contract + (text_of(own, "modNumber"),)].add(hashlib.sha256(raw).hexdigest())
                signed = text_of(record, "signedDate")
                contracts[contract].append((signed, text_of(own, "modNumber"),
                                            cents(text_of(child(record, "dollarValues"), "obligatedAmount")),
                                            cents(text_of(child(record, "totalDollarValues"), "totalObligatedAmount")),
                                            text_of(record, "lastModifiedDate")))
        check(entries == args.actions, f"{entries} entries, {args.actions} asked for")
        for contract, actions in contracts.items():
            seen, running = set(), 0
            for signed, mod, obligated, total, modified in sorted(actions, key=lambda a: (a[0], a[1] != "0")):
                check(modified >= signed, f"{contract} {mod}: published before it was signed")
                if mod in seen:
                    continue
                seen.add(mod)
                running += obligated
                check(total == running, f"{contract} {mod}: total {total} is not the running sum {running}")
        corrected = sum(1 for hashes in keys.values() if len(hashes) > 1)
        if shutil.which("xmllint"):
            for start in range(0, len(files), 500):
                subprocess.run(["xmllint", "--noout", *map(str, files[start:start + 500])], check=True)
        replicas = {}
        for name in ("r1", "r2"):
            subprocess.run(script + ["replicate", "--copies", "2", "--no-shared", "--out", str(root / name)],
                           check=True, stdout=subprocess.DEVNULL)
            replicas[name] = digest_tree(root / name)
        check(replicas["r1"] == replicas["r2"], "replicate is not deterministic")
    print(f"selftest passed: {entries} entries in {len(files)} pages, {len(contracts)} contracts, "
          f"{len(keys)} action keys ({corrected} corrected), same seed byte-identical, part 2/3 = its "
          f"{len(part)} pages of the whole, xmllint "
          f"{'clean' if shutil.which('xmllint') else 'not installed'}, replicate deterministic")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("measure", help="measure the real pages into a distributions file")
    m.add_argument("--no-shared", action="store_true", help="read Samples/fpds only, not /work/shared/data")
    m.add_argument("--out", default=str(DISTRIBUTIONS))
    g = sub.add_parser("generate", help="write synthetic FPDS ATOM pages")
    g.add_argument("--seed", type=int, required=True)
    g.add_argument("--actions", type=int, required=True, help="entries to write, republished copies included")
    g.add_argument("--out", required=True)
    g.add_argument("--entries-per-page", type=int, default=10)
    g.add_argument("--distributions", default=str(DISTRIBUTIONS))
    g.add_argument("--force", action="store_true", help="write even when the disk looks too small")
    g.add_argument("--parts", type=int, default=1, help="split the corpus into this many parts (pages round robin)")
    g.add_argument("--part", type=int, default=1, help="write only this part (1-based): the same stream, fewer pages")
    g.add_argument("--one-contract", action="store_true",
                   help="write one contract of --actions actions (its award and modifications), as long as a "
                        "long contract the distribution's tail holds")
    r = sub.add_parser("replicate", help="copy the real pages with a suffix on every PIID")
    group = r.add_mutually_exclusive_group(required=True)
    group.add_argument("--copies", type=int)
    group.add_argument("--actions", type=int, help="make enough copies for this many entries")
    r.add_argument("--out", required=True)
    r.add_argument("--no-shared", action="store_true", help="copy Samples/fpds only, not /work/shared/data")
    s = sub.add_parser("selftest", help="determinism, well-formedness and money checks on a small corpus")
    s.add_argument("--actions", type=int, default=3000)
    args = parser.parse_args()
    return {"measure": measure, "generate": generate, "replicate": replicate, "selftest": selftest}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
