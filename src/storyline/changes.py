"""What a story's new briefing holds that its previous one did not (``Story.new_since``).

A stored story that a run briefs again (new articles joined it, or the whole store was
analysed again) is compared with its stored briefing:

* ``new_since``: the new articles (and those that left), the claims, conflicts and quote cards
  that cite no sentence cited before, and those cited before that a new article now states,
  gives a value of, or renders too (``*_joined``). An item's id hashes the sentences it cites
  (``reconcile.ids``), as one run over all the articles gives it, so an item a new article
  adds a source to has another id than before: what it cites, not its id, says whether it
  is new (a conflict of the seeds' four counts, one of them now given by one outlet more,
  was listed as new).
* A briefing again with nothing new keeps the previous one's ``new_since`` (``changes_of``):
  analysing the whole store again must not wipe what the last run that added articles found.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyline.briefing import Changes, Span
    from storyline.briefing import Story as BriefedStory

#: A sentence a briefing cites: (article id, start, end).
Cited = tuple[str, int | None, int | None]


def _spans(items: Iterable[Iterable[Span]]) -> set[Cited]:
    return {(s.article_id, s.start, s.end) for group in items for s in group}


def _cited(story: BriefedStory) -> list[dict[str, set[Cited]]]:
    """Per kind of item (claims, quote cards, conflicts): each item's id -> what it cites."""
    return [
        {c.id: _spans([c.sources]) for c in story.claims},
        {q.id: _spans([q.renderings]) for q in story.quotes},
        {c.id: _spans(v.sources for v in c.values) for c in story.conflicts},
    ]


def new_since(old: BriefedStory, new: BriefedStory, since: str) -> Changes:
    """What ``new`` holds that ``old``, the story's previous briefing, did not (see the
    module docstring)."""
    from storyline.briefing import Changes

    old_claims, old_quotes, old_values = (set().union(*k.values()) for k in _cited(old))
    claims, quotes, conflicts = _cited(new)
    came = [a for a in new.article_ids if a not in set(old.article_ids)]
    arts = set(came)

    def fresh(items: dict[str, set[Cited]], before: set[Cited]) -> list[str]:
        return [i for i, cited in items.items() if not cited & before]

    def joined(items: dict[str, set[Cited]], before: set[Cited]) -> list[str]:
        return [i for i, c in items.items() if c & before and any(a in arts for a, _, _ in c)]

    return Changes(
        since=since,
        articles=came,
        articles_left=[a for a in old.article_ids if a not in set(new.article_ids)],
        claims=fresh(claims, old_claims),
        conflicts=fresh(conflicts, old_values),
        quotes=fresh(quotes, old_quotes),
        claims_joined=joined(claims, old_claims),
        conflicts_joined=joined(conflicts, old_values),
        quotes_joined=joined(quotes, old_quotes),
    )


def changes_of(old: BriefedStory, new: BriefedStory, since: str) -> Changes | None:
    """``new``'s ``new_since``: what is new since ``old``, or, when nothing is, what ``old``
    itself listed as new (None when it listed nothing)."""
    changes = new_since(old, new, since)
    return changes if _lists_any(changes) else old.new_since


def _lists_any(changes: Changes) -> bool:
    """Whether ``changes`` lists anything (an article, a claim, ...)."""
    return any(getattr(changes, f) for f in type(changes).model_fields if f != "since")
