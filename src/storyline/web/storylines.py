"""Storylines in the web UI: the store's stories as the report's storyline views and as the
JSON API's storyline documents. The stories come from ``Store`` (all SQL stays there); the
views are those of the static report (``storyline.report.storylines``), so both agree.
"""

from __future__ import annotations

from typing import Any

from storyline.briefing import storyline_json
from storyline.models import Story
from storyline.report.storylines import (
    MIN_STORIES,
    StoryEntry,
    StorylineNav,
    StorylinePage,
    storyline_nav,
    storyline_page,
)
from storyline.report.view import WEB_LINKS
from storyline.store import Store


def entry(story: Story) -> StoryEntry:
    """A stored story as a storyline entry."""
    return StoryEntry(story.id, story.headline, story.date_span, len(story.article_ids))


def story_nav(store: Store, story: dict[str, Any]) -> StorylineNav | None:
    """Where a briefing story (with its ``storyline`` reference) stands in its storyline."""
    ref = story.get("storyline") or {}
    if len(ref.get("story_ids", [])) < MIN_STORIES:
        return None
    return storyline_nav(story, {s.id: entry(s) for s in store.storyline_stories(ref["id"])})


def storyline_view(store: Store, storyline_id: str) -> tuple[StorylinePage, list[Story]] | None:
    """A storyline's page and its stories in date order; None for an unknown id."""
    members = store.storyline_stories(storyline_id)
    if not members:
        return None
    line = {"id": storyline_id, "story_ids": [s.id for s in members]}
    return storyline_page(line, {s.id: entry(s) for s in members}), members


def storyline_pages(store: Store, min_stories: int = MIN_STORIES) -> list[StorylinePage]:
    """Every stored storyline of at least ``min_stories`` stories, in date order."""
    lines = [ln for ln in store.storylines() if len(ln.story_ids) >= min_stories]
    if not lines:
        return []
    entries = {s.id: entry(s) for s in store.stories()}
    return [storyline_page(storyline_json(ln), entries) for ln in lines]


def storyline_summaries(store: Store, min_stories: int = 1) -> list[dict[str, Any]]:
    """``/api/storylines``: every storyline of at least ``min_stories`` stories."""
    return [
        {**storyline_json(ln), "url": WEB_LINKS.storyline(ln.id)}
        for ln in store.storylines()
        if len(ln.story_ids) >= min_stories
    ]


def storyline_detail(page: StorylinePage, members: list[Story]) -> dict[str, Any]:
    """``/api/storylines/{id}``: the storyline with its stories in date order."""
    stories = [
        {
            "id": s.id,
            "headline": s.headline,
            "articles": len(s.article_ids),
            "independent_sources": len(s.families),
            "date_span": list(s.date_span) if s.date_span else None,
            "url": WEB_LINKS.story(s.id),
        }
        for s in members
    ]
    return {
        "id": page.id,
        "story_ids": [s.id for s in members],
        "date_span": list(page.date_span) if page.date_span else None,
        "headline": page.headline,
        "url": WEB_LINKS.storyline(page.id),
        "stories": stories,
    }


def moved_story(store: Store, story_id: str) -> str | None:
    """Where a link to the page of a story no longer stored leads: the page of the story
    that holds most of its articles now (``Store.current_story_id``), else None."""
    now = store.current_story_id(story_id)
    return WEB_LINKS.story(now) if now else None


def moved_storyline(store: Store, storyline_id: str) -> str | None:
    """Where a link to a storyline no longer stored leads: a storyline's id is its first
    story's, so the storyline that story (or the story holding its articles now) is in,
    when that is another; else None."""
    if (now := store.current_story_id(storyline_id)) is not None:
        story = store.get_story(now)
    else:
        exact = store.get_story(storyline_id)
        story = exact if exact is not None and exact.id == storyline_id else None
    line = (story.storyline or story.id) if story is not None else None
    return WEB_LINKS.storyline(line) if line and line != storyline_id else None
