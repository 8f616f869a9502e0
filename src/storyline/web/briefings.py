"""What the web UI reads from the store: a story's briefing, an article with its story's
briefing, the story list, each through the briefing model (``storyline.briefing``)."""

from __future__ import annotations

from typing import Any

from storyline.briefing import Article as BriefArticle
from storyline.briefing import Briefing, Storyline, StorylineRef, storyline_json
from storyline.briefing import Story as BriefedStory
from storyline.report.view import WEB_LINKS
from storyline.store import Store
from storyline.stored import stored_briefing, storyline_of
from storyline.web.models import StorySummary


def story_briefing(store: Store, story_id: str) -> Briefing | None:
    """A one-story briefing, as the web API answers it and the renderers take it.

    The stored briefing holds the story; its articles come from the articles table, each with
    the id of its wire family, and its storyline from the stories table. A story stored
    without a briefing of this version (``Store.get_briefing``) shows with empty sections.
    """
    story = store.get_story(story_id)
    if story is None:
        return None
    line = storyline_of(store, story)
    ref = StorylineRef.model_validate(storyline_json(line, brief=True))
    briefed = stored_briefing(store, story, ref) or BriefedStory.unbriefed(story, ref)
    family_of = {aid: f.id for f in briefed.families for aid in f.article_ids}
    # and those it names as gone to another story since, by outlet, as the report does
    left = briefed.new_since.articles_left if briefed.new_since else []
    named = store.articles([*briefed.article_ids, *left])
    articles = [BriefArticle.of(a, family_of.get(a.id)) for a in named]
    lines = [Storyline.model_validate(storyline_json(line))]
    return Briefing(articles=articles, stories=[briefed], storylines=lines)


def article_briefing(store: Store, article_id: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """An article and the briefing of the story that covers it (empty when it is in none),
    as JSON for the renderers."""
    article = store.get_article(article_id)
    if article is None:
        return None
    story_id = store.story_of_article(article.id)
    briefing = story_briefing(store, story_id) if story_id else None
    if briefing is None:
        empty = Briefing(articles=[], stories=[], storylines=[])
        return BriefArticle.of(article, None).model_dump(mode="json"), empty.to_json()
    doc = briefing.to_json()
    found = next(a for a in doc["articles"] if a["id"] == article.id)
    return found, doc


def story_summaries(store: Store) -> list[StorySummary]:
    return [
        StorySummary(
            id=r.id,
            headline=r.headline,
            articles=r.articles,
            independent_sources=r.families,
            conflicts=r.conflicts,
            first_date=r.first_date,
            last_date=r.last_date,
            url=WEB_LINKS.story(r.id),
        )
        for r in store.story_rows()
    ]
