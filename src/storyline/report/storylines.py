"""Storylines in the reports: an event's story and its follow-ups, linked, not merged.

A briefing names each story's storyline (``story["storyline"]``: id and story ids in date
order) and lists the storylines (``briefing["storylines"]``). A briefing written before
storylines (schema version 1, or a story stored by an older version) has neither: each of its
stories is then its own storyline. Renderers (static HTML, Markdown, the web UI) only format
what this module computes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storyline.models import Story

#: A storyline needs this many stories to get a page of its own and a place on the index.
MIN_STORIES = 2


@dataclass
class StoryEntry:
    """One story as a storyline shows it: a dated headline with its article count."""

    id: str
    headline: str | None = None
    date_span: tuple[str, str] | None = None
    articles: int = 0
    days_after: int | None = None  # days from the latest day of the stories before it to its first
    #: Whether the report shows the story: a run that adds to an archive writes the pages of
    #: the stories it touched, and links its storylines' earlier stories by name only.
    here: bool = True

    @property
    def dates(self) -> str | None:
        return date_range(self.date_span)


@dataclass
class StorylineNav:
    """Where one story stands in its storyline: position, neighbours, the storyline's id."""

    id: str
    headline: str | None
    position: int  # 1-based
    total: int
    previous: StoryEntry | None
    next: StoryEntry | None


@dataclass
class StorylinePage:
    """A storyline with its stories in date order, for its page and the index."""

    id: str
    headline: str | None
    date_span: tuple[str, str] | None
    stories: list[StoryEntry] = field(default_factory=list)

    @property
    def dates(self) -> str | None:
        return date_range(self.date_span)


def date_range(span: Any) -> str | None:
    """``first – last`` (one day when both are the same); None when undated."""
    if not span:
        return None
    first, last = span
    return f"{first} – {last}" if first != last else first


def storyline_ref(story: Mapping[str, Any]) -> dict[str, Any]:
    """The story's storyline reference; a story without one is its own storyline."""
    ref = story.get("storyline")
    if isinstance(ref, Mapping) and ref.get("id") and ref.get("story_ids"):
        return {"id": ref["id"], "story_ids": list(ref["story_ids"])}
    return {"id": story["id"], "story_ids": [story["id"]]}


def story_entry(
    story: Mapping[str, Any], published: Mapping[str, str | None] | None = None
) -> StoryEntry:
    """A briefing story as a storyline entry; its dates from ``date_span``, else from the
    ``published`` day of its articles (a briefing from before storylines)."""
    span = story.get("date_span")
    if not span and published:
        days = sorted(d[:10] for aid in story["article_ids"] if (d := published.get(aid)))
        span = (days[0], days[-1]) if days else None
    return StoryEntry(
        story["id"],
        story.get("headline"),
        tuple(span) if span else None,
        len(story.get("article_ids", [])),
    )


def stored_entries(stories: Iterable[Story]) -> dict[str, StoryEntry]:
    """Stored stories a report does not show, as entries of the storylines it does."""
    return {
        s.id: StoryEntry(s.id, s.headline, s.date_span, len(s.article_ids), here=False)
        for s in stories
    }


def story_entries(briefing: Mapping[str, Any]) -> dict[str, StoryEntry]:
    """Every story of ``briefing`` by id, as storyline entries."""
    published = {a["id"]: a.get("published") for a in briefing.get("articles", [])}
    return {s["id"]: story_entry(s, published) for s in briefing.get("stories", [])}


def storyline_pages(
    briefing: Mapping[str, Any], entries: Mapping[str, StoryEntry], min_stories: int = MIN_STORIES
) -> list[StorylinePage]:
    """The storylines of ``briefing`` with at least ``min_stories`` stories, in date order."""
    lines = briefing.get("storylines")
    if lines is None:  # before storylines: from the stories' references, if any
        refs = {(r := storyline_ref(s))["id"]: r for s in briefing.get("stories", [])}
        lines = [{**r, "headline": None, "date_span": None} for r in refs.values()]
    pages = [
        storyline_page(line, entries) for line in lines if len(line["story_ids"]) >= min_stories
    ]
    return sorted(pages, key=lambda p: (p.date_span[0] if p.date_span else "9999", p.id))


def storyline_page(line: Mapping[str, Any], entries: Mapping[str, StoryEntry]) -> StorylinePage:
    """One storyline (``{"id", "story_ids", ...}``) with its stories' entries, each dated
    against the one before it."""
    stories = [entries.get(sid) or StoryEntry(sid, here=False) for sid in line["story_ids"]]
    starts = [s.date_span[0] for s in stories if s.date_span]
    span = line.get("date_span") or (
        (min(starts), max(s.date_span[1] for s in stories if s.date_span)) if starts else None
    )
    before: str | None = None
    for entry in stories:
        if entry.date_span:
            entry.days_after = _days(before, entry.date_span[0])
            before = max(before or "", entry.date_span[1])
    headline = line.get("headline") or next((s.headline for s in stories if s.headline), None)
    return StorylinePage(line["id"], headline, tuple(span) if span else None, stories)


def _days(before: str | None, day: str) -> int | None:
    try:
        return (date.fromisoformat(day) - date.fromisoformat(before)).days if before else None
    except ValueError:
        return None


def storyline_nav(
    story: Mapping[str, Any], entries: Mapping[str, StoryEntry]
) -> StorylineNav | None:
    """The story's place in its storyline, or None for a story alone in its storyline."""
    ref = storyline_ref(story)
    ids = ref["story_ids"]
    if len(ids) < MIN_STORIES or story["id"] not in ids:
        return None
    i = ids.index(story["id"])

    def entry(k: int) -> StoryEntry | None:
        return (
            (entries.get(ids[k]) or StoryEntry(ids[k], here=False)) if 0 <= k < len(ids) else None
        )

    first = entry(0)
    return StorylineNav(
        ref["id"], first.headline if first else None, i + 1, len(ids), entry(i - 1), entry(i + 1)
    )
