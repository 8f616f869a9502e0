"""A story too large to compare sentence by sentence is briefed from as many of its articles
as ``MAX_STORY_UNITS`` allows, one of each wire family first (``reconcile.story_cap``): a
story of 322 articles (the seeds reworded; ~8,600 units) peaked at 3.8 GB in its pairwise
stages, and news of one event can run to thousands of articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from seedrun import SEEDS
from storyline import analyze
from storyline.models import Article
from storyline.reconcile import story_cap
from storyline.reconcile.schema import validate_briefing
from storyline.reconcile.story_cap import within_cap


def _art(aid: str, day: str) -> Article:
    return Article(id=aid, text="x", source_path=f"{aid}.txt", fmt="txt", published=day)


def test_one_article_of_each_family_first_then_the_earliest() -> None:
    read = [_art("a", "2025-04-10"), _art("b", "2025-04-09"), _art("c", "2025-04-11")]
    read += [_art("d", "2025-04-08")]
    family = {"a": "f1", "b": "f1", "c": "f2", "d": "f3"}
    counts = {"a": 10, "b": 10, "c": 10, "d": 10}
    assert within_cap(read, counts, family, cap=40) == read  # all fit: all, as given
    kept = within_cap(read, counts, family, cap=30)
    assert [a.id for a in kept] == ["b", "c", "d"]  # f1's earliest, f2, f3; read's order
    kept = within_cap(read, counts, family, cap=25)
    assert [a.id for a in kept] == ["b", "d"]  # the two earliest families
    counts["c"] = 2
    assert [a.id for a in within_cap(read, counts, family, cap=25)] == ["b", "c", "d"]


def test_a_capped_story_cites_only_what_it_read_and_every_family(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(story_cap, "MAX_STORY_UNITS", 90)
    doc = analyze([SEEDS]).briefing.to_json()
    validate_briefing(doc)  # every cited span exact
    (story,) = doc["stories"]
    cited = {s["article_id"] for c in story["claims"] for s in c["sources"]}
    assert len(story["article_ids"]) == 5 and 2 <= len(cited) < 5
    units = sum(len(c["sources"]) for c in story["claims"])
    assert units <= 90
    # 000 and 001 are one wire family: one of them is read, and the other families first
    family = {a: f["id"] for f in story["families"] for a in f["article_ids"]}
    assert len({family[a] for a in cited}) == len(cited)
