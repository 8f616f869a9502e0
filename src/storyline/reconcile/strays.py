"""A claim's sentence that gives another number than the claim, from an article that gives
the claim's number in another sentence of it: not a source of the claim.

The aligner links sentences that share a story's words and numbers, so an article's second
sentence on the same measure often joins the claim its first sentence states: "The
unemployment rate slightly increased to 5.9%" and, from the same report, "and unemployment
would drop from 5.8% to 5.7%" (the forecast); "prices increased 0.8 percent" and "0.2 percent
..., based on the median forecast". Cited under the claim, the second reads as a source of a
value it does not give (a fact-checker's fifth trial: a summary line of 5.9% citing the
5.7% forecast). Such a sentence leaves the claim for a claim of its own; its article still
states the claim in the sentence that gives its number, so no family is lost.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.models import Quantity
from storyline.reconcile.conflicts import overlaps
from storyline.reconcile.shared_counts import telling
from storyline.reconcile.units import Unit


def _counts(u: Unit) -> list[Quantity]:
    return [q for q in u.quantities if telling(q)]


def _gives(counts: Sequence[Quantity], theirs: Sequence[Quantity]) -> bool:
    """Could one of ``counts`` be one of ``theirs``: one unit of measure, their intervals
    meeting (``conflicts.overlaps``: "155" lies in "more than 150"; "5.7%" and "5.9%" are two
    values)."""
    return any(
        q.unit == r.unit and overlaps((q.low, q.high), (r.low, r.high))
        for q in counts
        for r in theirs
    )


def _stray(
    i: int,
    group: Sequence[int],
    units: Sequence[Unit],
    counts: dict[int, list[Quantity]],
    theirs: Sequence[Quantity],
) -> bool:
    """Unit ``i`` of ``group`` gives telling counts (``counts``: each member's) in a unit of
    measure the claim's shown sentence gives (``theirs``: its counts), none of which could be
    the shown sentence's, and another sentence of its article in the claim gives one of
    those."""
    mine = [q for q in counts[i] if any(q.unit == r.unit for r in theirs)]
    if not mine or _gives(mine, theirs):
        return False
    article = units[i].article_id
    return any(
        j != i and units[j].article_id == article and _gives(counts[j], theirs) for j in group
    )


def split_strays(
    units: Sequence[Unit], groups: Sequence[Sequence[int]], reps: Sequence[int]
) -> tuple[list[list[int]], list[int]]:
    """``groups`` (of unit indices) and their shown units ``reps``, with each stray sentence
    (``_stray``) a group of its own, shown by itself."""
    out_groups: list[list[int]] = []
    out_reps: list[int] = []
    for g, r in zip(groups, reps, strict=True):
        counts = {i: _counts(units[i]) for i in g}
        theirs = counts[r]  # the shown sentence is a member
        strays = [i for i in g if i != r and _stray(i, g, units, counts, theirs)]
        out_groups.append([i for i in g if i not in strays])
        out_reps.append(r)
        out_groups += [[i] for i in strays]
        out_reps += strays
    return out_groups, out_reps


__all__ = ["split_strays"]
