"""Extraction gold (tests/gold/<stem>.extract.json) stays true to the seed files.

The gold is what the extract stage is scored against, so a drifted offset or a misspelt
canonical name would silently move every score. Each item is checked against the seed text
itself: its span must start with its `words` (at most eight, so no sentence is copied), the
quote marks must sit where a direct or partial quote says they do, weekdays must resolve to
that weekday, and one real-world entity must carry one canonical name in all five files
(cross-document identity is scored with B-cubed over those names).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
GOLD_DIR = Path(__file__).parent / "gold"
STEMS = sorted(p.stem for p in SEEDS.glob("*.txt"))

QUOTE_KINDS = {"direct", "partial", "reported"}
QUALIFIERS = {"exact", "more than", "over", "at least", "up to", "about", "dozens", "range"}
UNITS = {None, "USD", "percent"}
ENTITY_TYPES = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
OPENING_MARKS = "\"'“‘"
CLOSING_MARKS = "\"'”’"
MAX_WORDS = 8
DATE_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-W\d{2})?$")
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
TITLES = ("Mr.", "Ms.", "Mrs.", "Dr.", "President", "Presidents")
PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "his", "its", "their"}
# Surfaces that legitimately name different entities in different articles.
AMBIGUOUS_SURFACES = {"foreign ministry"}  # China's in 001-003, Ukraine's in 004
IRREGULAR_PLURALS = {"man": "men", "woman": "women", "person": "people", "child": "children"}


def _norm(text: str) -> str:
    return " ".join(text.split())


def _load(stem: str) -> tuple[str, dict]:
    text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
    gold = json.loads((GOLD_DIR / f"{stem}.extract.json").read_text(encoding="utf-8"))
    return text, gold


def _anchor_end(anchor: str) -> dt.date:
    return dt.date.fromisoformat(anchor.split("/")[-1])


def _check_words(text: str, item: dict, where: str) -> None:
    start, end = item["start"], item["end"]
    assert isinstance(start, int) and isinstance(end, int), where
    assert 0 <= start < end <= len(text), f"{where}: bad span {start}-{end}"
    words = item["words"]
    assert words and len(words.split()) <= MAX_WORDS, f"{where}: words {words!r}"
    assert _norm(text[start:end]).startswith(_norm(words)), (
        f"{where}: span {text[start:end][:60]!r} does not start with {words!r}"
    )


def test_one_gold_file_per_seed() -> None:
    assert len(STEMS) == 5, f"expected five seeds in {SEEDS}"
    for stem in STEMS:
        assert (GOLD_DIR / f"{stem}.extract.json").is_file(), stem


@pytest.mark.parametrize("stem", STEMS)
def test_header(stem: str) -> None:
    _, gold = _load(stem)
    assert gold["file"] == f"{stem}.txt"
    anchor = gold["anchor"]
    ends = [dt.date.fromisoformat(part) for part in anchor.split("/")]
    assert len(ends) in (1, 2) and ends == sorted(ends), anchor
    if gold["published"] is not None:
        assert anchor == gold["published"], "a dated file resolves against its own date"
    else:
        assert len(ends) == 2, "an undated file resolves against the story's date span"


@pytest.mark.parametrize("stem", STEMS)
def test_quotes(stem: str) -> None:
    text, gold = _load(stem)
    names = {e["name"] for e in gold["entities"]} | set(gold["role_speakers"])
    seen = set()
    assert gold["quotes"], stem
    for q in gold["quotes"]:
        where = f"{stem} quote {q['start']}"
        _check_words(text, q, where)
        assert q["kind"] in QUOTE_KINDS, where
        assert (q["start"], q["end"], q["kind"]) not in seen, f"{where}: duplicate"
        seen.add((q["start"], q["end"], q["kind"]))
        assert q["speaker"] in names, f"{where}: speaker {q['speaker']!r} is no entity or role"
        span = text[q["start"] : q["end"]]
        if q["kind"] in ("direct", "partial"):
            assert text[q["start"] - 1] in OPENING_MARKS, f"{where}: no opening mark"
            assert text[q["end"]] in CLOSING_MARKS, f"{where}: no closing mark"
        if q["kind"] in ("direct", "reported"):
            # whole quoted sentences are never copied into the gold
            assert len(q["words"].split()) < len(span.split()), f"{where}: words = span"
        assert "\n" not in span, f"{where}: crosses a line"


@pytest.mark.parametrize("stem", STEMS)
def test_quantities(stem: str) -> None:
    text, gold = _load(stem)
    for n in gold["quantities"]:
        where = f"{stem} quantity {n['start']}"
        _check_words(text, n, where)
        span = text[n["start"] : n["end"]]
        assert re.search(r"\d|[a-z]", span, re.I), where
        assert n["qualifier"] in QUALIFIERS, where
        assert n["unit"] in UNITS, where
        low, high = n["low"], n["high"]
        assert low is not None or high is not None, where
        for v in (low, high):
            assert v is None or (isinstance(v, (int, float)) and v >= 0), where
        if low is not None and high is not None:
            assert low <= high, where
        if n["qualifier"] == "exact":
            assert low == high, where
        if n["qualifier"] in ("more than", "over", "at least", "dozens"):
            assert low is not None and high is None, where
        if n["qualifier"] == "up to":
            assert low is None and high is not None, where
        if n["unit"] == "USD":
            assert "$" in span, where
        if n["unit"] == "percent":
            assert "percent" in span or "%" in span, where
        counted, head = n["counted"], n["counted_head"]
        assert (counted is None) == (head is None), where
        if counted is not None:
            line_end = text.find("\n", n["end"])
            line_end = len(text) if line_end < 0 else line_end
            assert counted in text[n["end"] : line_end], f"{where}: {counted!r} not after it"
            assert head == head.lower() and " " not in head, where
            stems = (head[:3], IRREGULAR_PLURALS.get(head, head)[:3])
            words = [w.lower() for w in re.split(r"\W+", counted)]
            assert any(w.startswith(stems) for w in words), f"{where}: head {head!r}"


@pytest.mark.parametrize("stem", STEMS)
def test_dates(stem: str) -> None:
    text, gold = _load(stem)
    end = _anchor_end(gold["anchor"])
    for d in gold["dates"]:
        where = f"{stem} date {d['start']}"
        _check_words(text, d, where)
        assert d["rule"], where
        value = d["value"]
        if value is None:
            assert d["rule"].startswith("unresolved"), where
            continue
        assert DATE_VALUE.match(value), f"{where}: {value!r}"
        span = text[d["start"] : d["end"]].lower()
        if span in WEEKDAYS:
            day = dt.date.fromisoformat(value)
            assert day.weekday() == WEEKDAYS.index(span), f"{where}: {value} is no {span}"
            assert end - dt.timedelta(days=6) <= day <= end, f"{where}: not the last {span}"
        if span == "next week":
            year, week, _ = end.isocalendar()
            nxt = (dt.date.fromisocalendar(year, week, 1) + dt.timedelta(weeks=1)).isocalendar()
            assert value == f"{nxt[0]}-W{nxt[1]:02d}", where
        if span == "last year":
            assert value == str(end.year - 1), where


@pytest.mark.parametrize("stem", STEMS)
def test_entities(stem: str) -> None:
    text, gold = _load(stem)
    names = [e["name"] for e in gold["entities"]]
    assert len(names) == len(set(names)), f"{stem}: a canonical name used twice"
    spans = []
    for e in gold["entities"]:
        assert e["type"] in ENTITY_TYPES, e["name"]
        assert e["mentions"], e["name"]
        for start, end in e["mentions"]:
            surface = text[start:end]
            where = f"{stem} {e['name']} {start}"
            assert 0 <= start < end <= len(text), where
            assert surface == surface.strip() and "\n" not in surface, where
            assert not surface.startswith(TITLES), f"{where}: title inside {surface!r}"
            assert not surface.endswith(("'s", "’s")), f"{where}: possessive in {surface!r}"
            assert surface.lower() not in PRONOUNS, where
            assert not text[end : end + 1].isalnum(), f"{where}: cuts a word"
            assert start == 0 or not text[start - 1].isalnum(), f"{where}: cuts a word"
            spans.append((start, end))
    spans.sort()
    for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False):
        assert e1 <= s2, f"{stem}: overlapping mentions at {s2}"


def test_entity_names_consistent_across_files() -> None:
    types: dict[str, set[str]] = {}
    surfaces: dict[str, set[str]] = {}
    speakers: set[str] = set()
    for stem in STEMS:
        text, gold = _load(stem)
        for e in gold["entities"]:
            types.setdefault(e["name"], set()).add(e["type"])
            for start, end in e["mentions"]:
                surfaces.setdefault(_norm(text[start:end]).lower(), set()).add(e["name"])
        speakers |= {q["speaker"] for q in gold["quotes"]} - set(gold["role_speakers"])
    for name, kinds in types.items():
        assert len(kinds) == 1, f"{name} has types {kinds}"
    for surface, groups in surfaces.items():
        if surface not in AMBIGUOUS_SURFACES:
            assert len(groups) == 1, f"{surface!r} is in groups {groups}"
    # a canonical name spelt as a mention always lands in its own group
    for name in types:
        assert surfaces.get(name.lower(), {name}) == {name}, name
    assert speakers <= set(types), speakers - set(types)
    assert {"Volodymyr Zelensky", "Lin Jian"} <= speakers
