"""Shared runs of wording: two renderings of one quotation that its translations word alike.

Outlets that translate one statement differ word by word, so the bag of words and the sentence
vector of two translations can stay under the quote cards' link score, but a translation keeps
the statement's word order in places. Two renderings that share runs of content words no third
article's quote holds render one quotation (``quote_groups``).
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.models import Quote
from storyline.reconcile.units import content_words

# Renderings in two articles that alone in the story share ``PHRASE_RUNS`` runs of
# ``PHRASE_WORDS`` content words, no word in two, word one quotation alike: translations keep
# its word order in places ("involvement of Chinese citizens", "deliberate step toward(s)")
# where bag and vector fall short (0.82). Runs three articles quote are the story's vocabulary;
# overlapping runs one stretch ("seven-day average of new" deaths / cases). Seeds: joins one
# pair of cards, of one gold quotation; AllSides dev: one (a joint statement).
PHRASE_WORDS = 3
PHRASE_RUNS = 2


def shared_runs(quotes: Sequence[Quote]) -> set[tuple[int, int]]:
    """Pairs of quotes of two articles that share ``PHRASE_RUNS`` runs of ``PHRASE_WORDS``
    content words, no word in two of them, that no other article's quote holds."""
    holders: dict[tuple[str, ...], dict[int, int]] = {}  # run -> quote -> where it starts
    for i, q in enumerate(quotes):
        ws = content_words(q.text)
        for k in range(len(ws) - PHRASE_WORDS + 1):
            holders.setdefault(tuple(ws[k : k + PHRASE_WORDS]), {}).setdefault(i, k)
    starts: dict[tuple[int, int], list[int]] = {}
    for held in holders.values():
        if len({quotes[i].article_id for i in held}) == 2:
            for i in held:
                for j in held:
                    if i < j and quotes[i].article_id != quotes[j].article_id:
                        starts.setdefault((i, j), []).append(held[i])
    return {pair for pair, at in starts.items() if _disjoint_runs(at) >= PHRASE_RUNS}


def _disjoint_runs(starts: list[int]) -> int:
    """How many of the runs starting there share no word (overlapping ones are one stretch)."""
    n, free = 0, 0
    for k in sorted(starts):
        if k >= free:
            n, free = n + 1, k + PHRASE_WORDS
    return n
