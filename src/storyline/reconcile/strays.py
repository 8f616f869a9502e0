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

import math
from collections.abc import Sequence

from storyline.models import Quantity
from storyline.reconcile.shared_counts import telling
from storyline.reconcile.units import Unit


def _counts(u: Unit) -> list[Quantity]:
    return [q for q in u.quantities if telling(q)]


def _fits(q: Quantity, r: Quantity) -> bool:
    """Could ``q`` and ``r`` be one count: one unit of measure, their intervals meeting ("155"
    lies in "more than 150"; "5.7%" and "5.9%" are two values)."""
    lo = max(q.low if q.low is not None else -math.inf, r.low if r.low is not None else -math.inf)
    hi = min(q.high if q.high is not None else math.inf, r.high if r.high is not None else math.inf)
    return q.unit == r.unit and lo <= hi


def _gives(counts: Sequence[Quantity], theirs: Sequence[Quantity]) -> bool:
    return any(_fits(q, r) for q in counts for r in theirs)


def _stray(u: Unit, rep: Unit, members: Sequence[Unit]) -> bool:
    """``u`` gives telling counts in a unit of measure the claim's shown sentence ``rep``
    gives, none of which could be the shown sentence's, and another sentence of its article
    in the claim gives one of those."""
    theirs = _counts(rep)
    mine = [q for q in _counts(u) if any(q.unit == r.unit for r in theirs)]
    if u is rep or not mine or _gives(_counts(u), theirs):
        return False
    return any(
        v is not u and v.article_id == u.article_id and _gives(_counts(v), theirs) for v in members
    )


def split_strays(
    units: Sequence[Unit], groups: Sequence[Sequence[int]], reps: Sequence[int]
) -> tuple[list[list[int]], list[int]]:
    """``groups`` (of unit indices) and their shown units ``reps``, with each stray sentence
    (``_stray``) a group of its own, shown by itself."""
    out_groups: list[list[int]] = []
    out_reps: list[int] = []
    for g, r in zip(groups, reps, strict=True):
        members = [units[i] for i in g]
        strays = [i for i in g if _stray(units[i], units[r], members)]
        out_groups.append([i for i in g if i not in strays])
        out_reps.append(r)
        out_groups += [[i] for i in strays]
        out_reps += strays
    return out_groups, out_reps


__all__ = ["split_strays"]
