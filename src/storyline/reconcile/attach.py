"""A speaker's paraphrase that the pair scores leave alone joins the claim of their statement.

Outlets paraphrase one speaker's statement so differently ("proof that the rival wants no
truce" / "a sign that the other side means to fight on") that neither the sentence
vectors nor the shared words link the sentences (``align.LINK_SCORE``), and each would be
called its outlet's unique detail. What still places such a sentence is where its nearest
sentences lie: when the best-scoring sentences of two other wire families both sit in one
claim that several families state, and the sentence and both of them quote the same speaker,
it renders what that speaker said in the claim. Families, not articles: two copies of one wire
story are one neighbour (their best sentence is the same sentence twice), and a claim that
only they state is one source's claim. A sentence of no quoted speaker (the writer's own
context), a denial (``align.scores`` keeps it apart) or a short one ("no further comment")
stays where the scores put it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from storyline.reconcile.unique import UNIQUE_MIN_WORDS
from storyline.reconcile.units import Unit, content_words

# The nearest sentences, each of another family, that must sit in the claim. One is chance:
# on the seeds a lone sentence's best neighbour lies in a claim of other words about as often
# as in its own. Two of two other articles, with the speaker shared, placed the two seed
# paraphrases of Zelensky's statement that the pair scores leave alone, and on AllSides dev
# (245 stories) three sentences, two of them rightly (a 90-day report, 60 million doses), one
# a senator's remark joining his other remarks.
NEIGHBOURS = 2


def _speakers(u: Unit) -> set[str]:
    """The speakers (entity ids) of the quotations the unit holds or overlaps."""
    return {
        q.speaker_entity
        for q in u.quotes
        if q.speaker_entity and q.start < u.end and u.start < q.end
    }


def _family(u: Unit, family_of: Mapping[str, str]) -> str:
    """The unit's wire family (its article alone when no family is known)."""
    return family_of.get(u.article_id, u.article_id)


def _nearest(
    i: int, units: Sequence[Unit], scores: np.ndarray, family_of: Mapping[str, str]
) -> list[int]:
    """The best-scoring units of ``NEIGHBOURS`` other families (one each), best first."""
    row = scores[i]
    own = _family(units[i], family_of)
    cands = [int(j) for j in np.flatnonzero(row > -1.0)]
    cands = [j for j in cands if _family(units[j], family_of) != own]
    out: list[int] = []
    seen: set[str] = set()
    for j in sorted(cands, key=lambda j: (-float(row[j]), j)):
        if (fam := _family(units[j], family_of)) not in seen:
            out.append(j)
            seen.add(fam)
            if len(out) == NEIGHBOURS:
                break
    return out


def _claim_of(
    i: int,
    units: Sequence[Unit],
    scores: np.ndarray,
    where: dict[int, int],
    groups: list[list[int]],
    family_of: Mapping[str, str],
) -> int | None:
    """The group a lone unit joins (see the module's docstring), else None."""
    u = units[i]
    speakers = _speakers(u)
    if not speakers or u.denial or len(content_words(u.text)) < UNIQUE_MIN_WORDS:
        return None
    near = _nearest(i, units, scores, family_of)
    if len(near) < NEIGHBOURS or len({where[j] for j in near}) != 1:
        return None
    if not all(speakers & _speakers(units[j]) for j in near):
        return None
    k = where[near[0]]
    return k if len({_family(units[m], family_of) for m in groups[k]}) >= 2 else None


def attach_paraphrases(
    units: Sequence[Unit],
    groups: Sequence[Sequence[int]],
    scores: np.ndarray,
    family_of: Mapping[str, str] | None = None,
) -> list[list[int]]:
    """``groups`` with each lone unit that renders a claim's speaker joined to that claim; a
    unit that joined can place another (a second paraphrase nearest to the first).
    ``family_of``: article id -> wire family id (articles missing from it are their own)."""
    fams = family_of or {}
    out = [list(g) for g in groups]
    where = {i: k for k, g in enumerate(out) for i in g}
    changed = True
    while changed:
        changed = False
        for k, g in enumerate(out):
            if len(g) == 1 and (to := _claim_of(g[0], units, scores, where, out, fams)) is not None:
                out[to] = sorted(out[to] + g)
                where[g[0]] = to
                out[k] = []
                changed = True
    return [g for g in out if g]
