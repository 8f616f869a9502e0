"""Brief a run's stories so that one story's failure does not stop the others.

``build_briefing`` briefs every story of a run in one go (one embedding call for all). A bug
that one story's articles trip (a briefing the model refuses, an index out of range in one
rule) would otherwise end the whole ``analyze`` with a traceback and store nothing. Here the
run is briefed in one go as before; only when that raises is each story briefed alone, to find
the ones that fail, and the others are briefed together again. The failures come back as
``StoryError`` items, one line each, naming the story and its articles. ``StorylineError``
(a missing model, a worker that died) is not a story's fault and still stops the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storyline.errors import StorylineError
from storyline.models import Article, Entity, Extraction, Story, one_line

if TYPE_CHECKING:
    from storyline.briefing import Briefing
    from storyline.reconcile.run_entities import RunEntities

#: Article ids named in a failed story's line; a story of more says how many others it holds
#: (a line naming 40 ids is no longer read).
NAMED_ARTICLES = 5


@dataclass
class StoryError:
    """A story that could not be briefed; ``str()`` is the one-line message users see."""

    story_id: str
    article_ids: list[str]
    reason: str

    def __str__(self) -> str:
        shown = ", ".join(self.article_ids[:NAMED_ARTICLES])
        more = len(self.article_ids) - NAMED_ARTICLES
        arts = shown + (f" and {more} more" if more > 0 else "")
        n = len(self.article_ids)
        noun = "article" if n == 1 else "articles"
        return one_line(f"story {self.story_id} ({n} {noun}: {arts}): not briefed: {self.reason}")


def reason_of(exc: Exception) -> str:
    """What went wrong, short: a pydantic error by its first field and message (its text is
    a dozen lines), anything else by its type and first line."""
    from pydantic import ValidationError

    if isinstance(exc, ValidationError) and (errors := exc.errors()):
        first = errors[0]
        loc = list(first["loc"])
        if loc[:1] == ["stories"] and len(loc) > 2:  # the story is named: its field says more
            loc = loc[2:]
        where = ".".join(str(p) for p in loc)
        extra = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return f"invalid briefing: {where}: {first['msg']}{extra}"
    lines = [ln for ln in str(exc).splitlines() if ln.strip()]
    return type(exc).__name__ + (f": {lines[0].strip()}" if lines else "")


def brief_stories(
    articles: Sequence[Article],
    extractions: Sequence[Extraction],
    entities: Sequence[Entity] | RunEntities,
    stories: Sequence[Story],
    *,
    embedder: Any = None,
    options: dict[str, Any] | None = None,
    failed: list[StoryError],
) -> Briefing:
    """``build_briefing`` of ``stories``, less those that fail alone (appended to
    ``failed``). ``articles`` may hold others: each briefing built lists only the articles of
    its stories, so callers pass the run's articles as they are."""
    from storyline.reconcile.briefing import build_briefing as build

    def brief(group: Sequence[Story]) -> Briefing:
        ids = {aid for s in group for aid in s.article_ids}
        arts = [a for a in articles if a.id in ids]
        return build(arts, extractions, entities, group, embedder=embedder, options=options)

    try:
        return brief(stories)
    except StorylineError:
        raise
    except Exception:  # a bug one story trips: find which, brief the others
        good = []
        for story in stories:
            try:
                brief([story])
            except StorylineError:
                raise
            except Exception as exc:
                failed.append(StoryError(story.id, list(story.article_ids), reason_of(exc)))
            else:
                good.append(story)
        return brief(good)
