"""What a story's new briefing holds that its previous one did not (``Story.new_since``).

A stored story that a run briefs again (new articles joined it, or the whole store was
analysed again) is compared with its stored briefing:

* ``new_since``: the new articles (and those that left), the claims and quote cards that cite
  no sentence cited before and the conflicts the previous briefing did not hold (none of
  their kind set two of their values against each other), and those held before that a
  new article now states, gives a value of, or renders too (``*_joined``). An item's id
  hashes the sentences it cites (``reconcile.ids``), as one run over all the articles gives
  it, so an item a new article adds a source to has another id than before: what it cites,
  or the values it sets against each other, not its id, says whether it is new (a conflict
  of the seeds' four counts, one of them now given by one outlet more, was listed as new).
* A briefing again with nothing new keeps the previous one's ``new_since`` (``changes_of``):
  analysing the whole store again must not wipe what the last run that added articles found.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyline.briefing import Changes, Conflict, Span
    from storyline.briefing import Story as BriefedStory

#: Values a conflict shares with one of the previous briefing (of its kind) to be that one,
#: with what new articles add: a conflict is values set against each other, two at least.
MIN_SHARED_VALUES = 2
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
    old_ids, new_ids = set(old.article_ids), set(new.article_ids)
    came = [a for a in new.article_ids if a not in old_ids]
    arts = set(came)

    def fresh(items: dict[str, set[Cited]], before: set[Cited]) -> list[str]:
        return [i for i, cited in items.items() if not cited & before]

    def joined(items: dict[str, set[Cited]], before: set[Cited]) -> list[str]:
        return [i for i, c in items.items() if c & before and any(a in arts for a, _, _ in c)]

    seen = {c.id for c in new.conflicts if _seen(c, old)}
    return Changes(
        since=since,
        articles=came,
        articles_left=[a for a in old.article_ids if a not in new_ids],
        claims=fresh(claims, old_claims),
        conflicts=[i for i in conflicts if i not in seen],
        quotes=fresh(quotes, old_quotes),
        claims_joined=joined(claims, old_claims),
        conflicts_joined=[i for i in joined(conflicts, old_values) if i in seen],
        quotes_joined=joined(quotes, old_quotes),
    )


def _seen(conflict: Conflict, old: BriefedStory) -> bool:
    """Whether the previous briefing held the conflict: one of its kind set two of these
    values against each other. A sentence cited before is not enough: it may give two counts,
    and a conflict over the other one is new."""
    values = {v.value for v in conflict.values}
    return any(
        c.kind == conflict.kind and len(values & {v.value for v in c.values}) >= MIN_SHARED_VALUES
        for c in old.conflicts
    )


def changes_of(old: BriefedStory, new: BriefedStory, since: str) -> Changes | None:
    """``new``'s ``new_since``: what is new since ``old``, or, when nothing is, what ``old``
    itself listed as new (None when it listed nothing)."""
    changes = new_since(old, new, since)
    return changes if _lists_any(changes) else old.new_since


def _lists_any(changes: Changes) -> bool:
    """Whether ``changes`` lists anything (an article, a claim, ...)."""
    return any(getattr(changes, f) for f in type(changes).model_fields if f != "since")
