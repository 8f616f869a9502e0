"""What a story's new briefing lists as new since its previous one (``storyline.changes``, #17).

A conflict is the values it sets against each other: one the previous briefing held, now with
a new article's source for one of its values, is one with a new value; a conflict over another
count of a sentence cited before is a new conflict (a review of the first rule, which went by
the sentences cited alone, found the second listed as an old one).
"""

from __future__ import annotations

from typing import Any

from storyline.briefing import Conflict, StorylineRef
from storyline.briefing import Story as BriefedStory
from storyline.changes import changes_of, new_since
from storyline.models import Story

REF = StorylineRef(id="story-s", story_ids=["story-s"])


def _value(value: str, *sources: tuple[str, int]) -> dict[str, Any]:
    spans = [{"article_id": a, "text": "x" * 10, "start": s, "end": s + 10} for a, s in sources]
    return {
        "value": value,
        "normalized": None,
        "attributed_to": None,
        "article_ids": sorted({a for a, _ in sources}),
        "sources": spans,
    }


def _story(articles: list[str], *conflicts: tuple[str, list[dict[str, Any]]]) -> BriefedStory:
    base = BriefedStory.unbriefed(Story(id="story-s", article_ids=articles), REF)
    found = [
        Conflict(id=cid, kind="number", subject="soldiers", values=values)  # type: ignore[arg-type]
        for cid, values in conflicts
    ]
    return base.model_copy(update={"conflicts": found})


def test_a_held_conflict_with_a_new_source_is_joined_and_another_count_is_new() -> None:
    old = _story(["A", "B"], ("x-old", [_value("168", ("A", 0)), _value("155", ("B", 0))]))
    grown = ("x-grown", [_value("168", ("A", 0), ("C", 0)), _value("155", ("B", 0))])
    other = ("x-other", [_value("six", ("A", 0)), _value("seven", ("C", 50))])
    new = _story(["A", "B", "C"], grown, other)
    changes = new_since(old, new, "2025-04-09T00:00:00Z")
    assert changes.articles == ["C"]
    assert changes.conflicts == ["x-other"] and changes.conflicts_joined == ["x-grown"]


def test_a_briefing_with_nothing_new_keeps_the_last_changes() -> None:
    old = _story(["A", "B"], ("x-old", [_value("168", ("A", 0)), _value("155", ("B", 0))]))
    before = new_since(_story(["A"]), old, "2025-04-08T00:00:00Z")
    assert before.articles == ["B"]
    old = old.model_copy(update={"new_since": before})
    assert changes_of(old, old, "2025-04-09T00:00:00Z") == before
