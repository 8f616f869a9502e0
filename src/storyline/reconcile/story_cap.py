"""The articles of a very large story that its briefing compares sentence by sentence.

The pairwise stages of a story (alignment, quote cards, conflicts) compare every unit with
every other: their memory grows with the square of the story's units, about 40 bytes a pair
(a dozen units x units matrices of scores, overlaps and masks). A story of 661 articles
(copies of the seeds, reworded; 16,000 units) peaked at 3.8 GB, and news of one big event
can run to thousands of articles within a day or two. Such a story is briefed from as many
of its articles as ``MAX_STORY_UNITS`` allows: one of each wire family first (every
independent source is heard), then the others, earliest first. The other articles stay
listed in the story, as articles in another language are, and cite nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from storyline.models import Article
from storyline.reconcile.units import Unit

#: Units of one story the pairwise stages read: their matrices then take about 1.5 GB. The
#: evaluation sets' largest stories hold under 1,000 (AllSides dev, 9 articles; the seeds,
#: 123 units), so no story of them is capped.
MAX_STORY_UNITS = 6000


def within_cap(
    read: Sequence[Article],
    counts: Mapping[str, int],
    family_of: Mapping[str, str],
    cap: int = MAX_STORY_UNITS,
) -> list[Article]:
    """The articles of ``read`` (in its order) whose units (``counts``: article id -> units)
    the pairwise stages read: all when they hold at most ``cap`` units; else the earliest
    article of each family (``family_of``), then the others by date, while the units fit."""
    if sum(counts.get(a.id, 0) for a in read) <= cap:
        return list(read)

    def when(a: Article) -> tuple[str, str]:
        return (a.published or "9999", a.id)

    first: dict[str, Article] = {}
    for a in sorted(read, key=when):
        first.setdefault(family_of.get(a.id, a.id), a)
    leads = sorted(first.values(), key=when)
    lead_ids = {a.id for a in leads}
    rest = sorted((a for a in read if a.id not in lead_ids), key=when)
    kept: set[str] = set()
    total = 0
    for a in [*leads, *rest]:
        n = counts.get(a.id, 0)
        if total + n <= cap:
            kept.add(a.id)
            total += n
    return [a for a in read if a.id in kept]


def capped(
    read: Sequence[Article],
    family_of: Mapping[str, str],
    build: Callable[[Sequence[Article]], list[Unit]],
) -> tuple[list[Article], list[Unit]]:
    """The articles of a story read for its claims and their units (``build``), at most
    ``MAX_STORY_UNITS`` units (``within_cap``)."""
    units = build(read)
    if len(units) <= MAX_STORY_UNITS:
        return list(read), units
    kept = within_cap(read, Counter(u.article_id for u in units), family_of, MAX_STORY_UNITS)
    return kept, build(kept)


__all__ = ["MAX_STORY_UNITS", "capped", "within_cap"]
