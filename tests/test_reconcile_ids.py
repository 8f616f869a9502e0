"""Claim, quote and conflict ids come from what each item cites, not from a counter (#14)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from seedrun import SeedReport
from storyline.reconcile.claims import make_claims
from storyline.reconcile.ids import StoryIds, content_hash, value_spans
from storyline.reconcile.units import Unit


def _units() -> list[Unit]:
    spans = [("a1", 0, 10), ("a2", 5, 20), ("a1", 30, 50), ("a2", 40, 60), ("a3", 0, 9)]
    return [Unit(i, a, s, e, "x" * (e - s)) for i, (a, s, e) in enumerate(spans)]


def _claim_ids(groups: list[list[int]]) -> dict[tuple[int, ...], str]:
    units = _units()
    family_of = {"a1": "f1", "a2": "f2", "a3": "f3"}
    claims = make_claims(units, groups, [g[0] for g in groups], family_of, StoryIds("s1"))
    return {tuple(sorted(u.index for u in c.units)): c.id for c in claims}


def test_claim_id_does_not_move_when_an_unrelated_claim_goes_or_comes() -> None:
    full = _claim_ids([[0, 1], [2, 3], [4]])
    without_first = _claim_ids([[2, 3], [4]])
    assert without_first[(2, 3)] == full[(2, 3)]
    assert without_first[(4,)] == full[(4,)]
    assert len(set(full.values())) == 3
    assert all(i.startswith("s1-c") for i in full.values())


def test_id_is_a_function_of_the_items_own_spans_in_any_order() -> None:
    a = StoryIds("s1").claim([("a1", 0, 10), ("a2", 5, 20)])
    b = StoryIds("s1").claim([("a2", 5, 20), ("a1", 0, 10)])
    assert a == b
    assert StoryIds("s1").claim([("a1", 0, 11), ("a2", 5, 20)]) != a
    assert StoryIds("s1").quote([("a1", 0, 10), ("a2", 5, 20)]) != a  # kinds differ
    assert StoryIds("s2").claim([("a1", 0, 10), ("a2", 5, 20)]) != a  # stories differ


def test_collisions_get_a_deterministic_suffix() -> None:
    ids = StoryIds("s1")
    got = [ids.claim([("a1", 0, 10)]) for _ in range(3)]
    assert got[1] == got[0] + "-2" and got[2] == got[0] + "-3"
    assert len(set(got)) == 3


def test_conflict_id_depends_on_kind_and_values() -> None:
    values = [
        {
            "value": "7",
            "article_ids": ["a1"],
            "sources": [{"article_id": "a1", "start": 1, "end": 2}],
        },
        {
            "value": "9",
            "article_ids": ["a2"],
            "sources": [{"article_id": "a2", "start": 3, "end": 4}],
        },
    ]
    assert value_spans(values) == [("a1", 1, 2), ("a2", 3, 4)]
    first = StoryIds("s1").conflict("number", values)
    assert StoryIds("s1").conflict("number", values[::-1]) == first
    assert StoryIds("s1").conflict("date", values) != first
    # a headline value without an offset still tells conflicts apart by its wording
    bare = [{"value": "12", "article_ids": ["a1"], "sources": []}]
    other = [{"value": "13", "article_ids": ["a1"], "sources": []}]
    assert StoryIds("s1").conflict("headline", bare) != StoryIds("s1").conflict("headline", other)


def _items(story: dict[str, Any]) -> list[tuple[str, str, list[tuple[str, int, int]]]]:
    out = []
    for c in story["claims"]:
        out.append(
            ("claim", c["id"], [(s["article_id"], s["start"], s["end"]) for s in c["sources"]])
        )
    for q in story["quotes"]:
        spans = [(r["article_id"], r["start"], r["end"]) for r in q["renderings"]]
        out.append(("quote", q["id"], spans))
    return out


def test_seed_briefing_ids_are_unique_and_follow_from_their_spans(
    seed_analysis: SeedReport,
) -> None:
    doc = seed_analysis.briefing
    every = [
        item["id"]
        for s in doc["stories"]
        for part in ("claims", "quotes", "conflicts")
        for item in s[part]
    ]
    assert every and not [i for i, n in Counter(every).items() if n > 1]
    for story in doc["stories"]:
        for kind, got, spans in _items(story):
            letter = "c" if kind == "claim" else "q"
            want = f"{story['id']}-{letter}{content_hash(kind, spans)}"
            assert got == want or got.startswith(want + "-"), (kind, got, want)
        for c in story["conflicts"]:
            assert c["id"].startswith(f"{story['id']}-x")
