"""Precision of a briefing's unique details and omissions against judged AllSides dev lines.

``tests/gold/allsides_dev_unique.judged.json`` holds every unique-detail and omission line that
the AllSides dev run (``storyline analyze`` of the dev store analysed again, as for
``conflict_precision.py``) listed for four dev stories that are not briefing gold, each judged
real, false or ambiguous by reading its cited spans. This script reads a ``briefing.json`` of
that run, takes the lines of those stories' articles and matches each to a judged line of the
same part (a unique line: its source in the article overlaps the judged span by at least half
of it; an omission: the same omitting article and a source of its claim overlapping the judged
source the same way); a line that matches a real judgement is real, one that matches only
false or ambiguous ones is false (ambiguous when all its matches are). It prints per part how
many lines are judged real, false, ambiguous and not judged (new: read those by hand), the
precision over the real and false ones, and how many of the judged real lines are still
listed (a rule that hides real lines shows there). It does the same for
``tests/gold/allsides_dev_unique.sample.json`` and ``allsides_dev_omissions.sample.json``, 60
unique and 60 omission lines drawn at random from the whole dev run (``analyze
../shared/eval/allsides/articles.jsonl``) and judged the same way: the precision of the lines a
reader meets, where the four stories hold few; and for ``allsides_dev_unique.sample57.json``,
60 unique lines drawn again at stop 57 (``unique (sampled57)``), and 60 drawn the same way
from the run before that stop's unique rules (``unique (sampled57b)``).

    python unique_precision.py /tmp/run/briefing.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "allsides_dev_unique.judged.json"
# 60 unique and 60 omission lines drawn at random from the whole dev run, judged the same way.
SAMPLES = {
    "unique": ROOT / "tests" / "gold" / "allsides_dev_unique.sample.json",
    "omission": ROOT / "tests" / "gold" / "allsides_dev_omissions.sample.json",
    # drawn again at stop 57, from the lines its rules left (the first sample's stories hold
    # few of today's lines: most of those it judged are gone, and its 300-odd others unjudged)
    "unique57": ROOT / "tests" / "gold" / "allsides_dev_unique.sample57.json",
    # the same, drawn from the run before stop 57's unique rules: 27 real lines that must stay
    "unique57b": ROOT / "tests" / "gold" / "allsides_dev_unique.sample57b.json",
}
# Lines of the samples' stories that a later rule lists, judged when it first listed them (not
# blind: see the file's ``about``); scored with the sample of their part.
ADDED = {"omission": ROOT / "tests" / "gold" / "allsides_dev_omissions.added.json"}
ALLSIDES_GOLD = ROOT.parent / "shared" / "eval" / "allsides" / "gold.json"
# A listed source stands for a judged span when it covers at least this share of it.
COVER = 0.5
PARTS = (("unique", "unique"), ("omission", "omissions"))
Spans = list[tuple[str, int, int]]  # (article url, start, end)


def _covers(start: int, end: int, g: dict[str, Any]) -> bool:
    overlap = min(end, g["end"]) - max(start, g["start"])
    return overlap >= COVER * (g["end"] - g["start"])


def listed(
    doc: dict[str, Any], urls: set[str]
) -> list[tuple[str, str, list[tuple[str, int, int]]]]:
    """(part, omitting or detail article url, claim sources as (url, start, end)) of each
    unique and omission line of the given articles."""
    url = {a["id"]: a.get("url") or "" for a in doc["articles"]}
    out = []
    for st in doc["stories"]:
        claims = {c["id"]: c for c in st["claims"]}
        for part, key in PARTS:
            for aid, ids in st[key].items():
                if url.get(aid) not in urls:
                    continue
                for cid in ids:
                    srcs = claims[cid]["sources"] if cid in claims else []
                    if part == "unique":
                        srcs = [s for s in srcs if s["article_id"] == aid]
                    spans = [(url[s["article_id"]], s["start"], s["end"]) for s in srcs]
                    out.append((part, url[aid], spans))
    return out


def _match(part: str, who: str, spans: Spans, g: dict[str, Any]) -> bool:
    if g["part"] != part or (part == "omission" and g["omitted_by"] != who):
        return False
    return any(u == g["article"] and _covers(s, e, g) for u, s, e in spans)


def judge(doc: dict[str, Any], judged: dict[str, Any], urls: set[str]) -> dict[str, dict[str, int]]:
    """Per part: lines matched to a real, false or ambiguous judgement, and unmatched; and
    ``kept``: the judged real lines matched by some listed line."""
    rows = {p: {"real": 0, "false": 0, "ambiguous": 0, "unjudged": 0, "kept": 0} for p, _ in PARTS}
    hit: set[int] = set()
    for part, who, spans in listed(doc, urls):
        found = [i for i, g in enumerate(judged["lines"]) if _match(part, who, spans, g)]
        hit |= set(found)
        verdicts = {judged["lines"][i]["verdict"] for i in found}
        # a line that shows a real detail is right, though it may span a judged fragment too
        # (a sentence no longer cut in two covers both its judged halves)
        verdict = "unjudged" if not found else "real" if "real" in verdicts else "false"
        if verdicts and verdicts <= {"ambiguous"}:
            verdict = "ambiguous"
        rows[part][verdict] += 1
    for i in hit:
        g = judged["lines"][i]
        if g["verdict"] == "real":
            rows[g["part"]]["kept"] += 1
    return rows


def story_urls(story_ids: list[str]) -> set[str]:
    gold = json.loads(ALLSIDES_GOLD.read_text(encoding="utf-8"))
    return {u for u, sid in gold.items() if str(sid) in story_ids}


def precision(row: dict[str, int]) -> float:
    """Real over real and false judged lines (1.0 with none)."""
    n = row["real"] + row["false"]
    return row["real"] / n if n else 1.0


def part_of(sample: str) -> str:
    """The part (``PARTS``) whose lines a sample of ``SAMPLES`` judges."""
    return "omission" if sample.startswith("omission") else "unique"


def sampled(sample: str) -> dict[str, Any]:
    """The random sample ``sample`` of ``SAMPLES`` with the lines judged after it (``ADDED``)."""
    judged: dict[str, Any] = json.loads(SAMPLES[sample].read_text(encoding="utf-8"))
    if sample in ADDED:
        added = json.loads(ADDED[sample].read_text(encoding="utf-8"))
        judged = {**judged, "lines": judged["lines"] + added["lines"]}
    return judged


def main() -> None:
    doc = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    sets = [(None, json.loads(GOLD.read_text(encoding="utf-8")), None)]
    sets += [(f"sampled{s.removeprefix(part_of(s))}", sampled(s), (part_of(s),)) for s in SAMPLES]
    for label, judged, parts in sets:
        rows = judge(doc, judged, story_urls(judged["stories"]))
        for part, row in rows.items():
            if parts and part not in parts:
                continue
            real = sum(1 for g in judged["lines"] if g["part"] == part and g["verdict"] == "real")
            name = f"{part} ({label})" if label else part
            print(
                f"{name:18} real {row['real']:3}  false {row['false']:3}  ambiguous "
                f"{row['ambiguous']:3}  unjudged {row['unjudged']:3}  precision "
                f"{precision(row):.3f}  real kept {row['kept']}/{real}"
            )


if __name__ == "__main__":
    main()
