"""Undated articles grouped by cohesive average link, with the dated stories as fixed groups.

An undated article (a page with no date: ECB+, a copied text) has no day to bound its story.
Placed one by one on text and entities, as the one-pass clusterer does, the first report of
an older event that passed the join level for a dated story of a newer event on the same
subject (two Paris jewel heists five years apart; one Oscars host announced, then another
years later) pulled that story's centroid towards itself, and its event's other reports
followed: the order decided, as it did for dated articles before ``blocks.py``.

Here a batch's undated articles are grouped the way a block of days is, with a block's
weights and levels (``blocks.merge_cohesive``: average link with a cohesion bar,
order-free), together with the dated stories they come close to, each of which enters as
one group formed already; two dated stories never merge (their members are set apart). An
undated group joins a dated story only if its reports are on average about as close to that
story's reports as the looser side's reports are among themselves.

B-cubed F1, one by one -> grouped (``benchmarks/cluster_eval.py`` and the AllSides dev
articles with their dates taken away): ECB+ as ``analyze`` reads the files (a fifth dated by
their datelines) 0.872 -> 0.883; AllSides dev read undated 0.653 -> 0.721 (precision 0.537
-> 0.597). Weights fitted to ECB+ alone lifted it to 0.894 but lowered AllSides undated to
0.645 (text weight 0.6): a block's own, which no undated set chose, lift both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
from scipy.sparse import csr_matrix

from storyline.cluster.blocks import APART, components, levels, merge_cohesive
from storyline.cluster.centroids import Frequencies
from storyline.cluster.features import ArticleFeatures
from storyline.cluster.rows import Rows, block_vectors

# Most rows (undated articles plus the members of the dated stories they come close to)
# grouped this way at once: every pair of them is compared, so the work is quadratic; past
# it the undated articles are placed one by one, as an archive adds them.
MAX_ROWS = 5000


def undated_groups(
    undated: Sequence[ArticleFeatures],
    dated: Mapping[str, Sequence[ArticleFeatures]],
    freq: Frequencies | None = None,
) -> list[tuple[str | None, list[ArticleFeatures]]] | None:
    """Group ``undated`` articles with each other and with the ``dated`` stories (story id ->
    its members' features), words weighed by ``freq`` (the run's). Returns, for every group
    holding an undated article, the story it joins (``None``: a new story) and its undated
    members, in a stable order; ``None`` when there are more than ``MAX_ROWS`` to compare
    (place them one by one instead)."""
    if not undated or len(undated) > MAX_ROWS:
        return None if undated else []
    members = [(sid, f) for sid, fs in dated.items() for f in fs]
    rows_of = [*undated, *(f for _, f in members)]
    if len(rows_of) > MAX_ROWS:  # a whole archive's dated members: their words alone, sparse
        rows_of = [replace(f, lead=None) for f in rows_of]  # (leads would make every row dense)
        undated = rows_of[: len(undated)]
        members = [(sid, f) for (sid, _), f in zip(members, rows_of[len(undated) :], strict=True)]
    x, lv = block_vectors(rows_of, freq), levels(rows_of)
    owners = [sid for sid, _ in members]
    n = len(undated)
    near = _near_stories(x.take(slice(0, n)), x.take(slice(n, None)), owners, lv.merge)
    keep = [k for k, (sid, _) in enumerate(members) if sid in near]
    if n + len(keep) > MAX_ROWS:
        return None
    story_of: list[str | None] = [None] * n + [members[k][0] for k in keep]
    rows = x.take(list(range(n)) + [n + k for k in keep])
    out: dict[int, tuple[str | None, list[ArticleFeatures]]] = {}
    # words alone: sparse, as most pairs share no word; with leads every pair has a score
    sim = (rows.words @ rows.words.T).tocsr() if rows.leads is None else rows.sim(rows)
    for part in _parts(sim, story_of, lv.merge):
        sub = [story_of[k] for k in part]
        block = sim[part][:, part]
        dense = block.toarray() if isinstance(block, csr_matrix) else block  # a copy
        labels = merge_cohesive(
            _apart(dense, sub), lv.cap, preformed=_preformed(sub), merge=lv.merge
        )
        for k, lab in zip(part, labels, strict=True):
            sid, group = out.setdefault(part[lab], (None, []))
            if story_of[k] is not None:
                out[part[lab]] = (story_of[k], group)
            else:
                group.append(undated[k])
    groups = [g for g in out.values() if g[1]]
    return sorted(groups, key=lambda g: (g[1][0].content, g[1][0].id))


def _near_stories(undated: Rows, dated: Rows, story_of: Sequence[str], merge: float) -> set[str]:
    """Dated stories with a member at least ``merge`` (the merge level) close to an undated
    article: the only ones an undated group could join (average link needs such a pair)."""
    if not story_of:
        return set()
    if undated.leads is None:  # sparse: most pairs share no word
        best = (undated.words @ dated.words.T).max(axis=0).toarray().ravel()
    else:
        best = undated.sim(dated).max(axis=0)
    return {story_of[k] for k in np.flatnonzero(best >= merge).tolist()}


def _parts(
    sim: csr_matrix | np.ndarray, story_of: Sequence[str | None], merge: float
) -> list[list[int]]:
    """Connected parts of the graph of pairs at least ``merge`` close (``sim``:
    the rows' similarities) and of each dated story's members, those holding an undated
    article: average link never merges across two parts (a merge needs a mean, so at least
    one pair, at that level), so each part is grouped alone, in memory the square of its
    size, not of the batch's."""
    if isinstance(sim, csr_matrix):
        close = sim.tocoo()
        pick = close.data >= merge
        i, j = close.row[pick].astype(np.int64), close.col[pick].astype(np.int64)
    else:
        i, j = (k.astype(np.int64) for k in np.nonzero(sim >= merge))
    first: dict[str, int] = {}
    same = [(first.setdefault(s, k), k) for k, s in enumerate(story_of) if s is not None]
    if same:
        i = np.concatenate([i, np.array([a for a, _ in same])])
        j = np.concatenate([j, np.array([b for _, b in same])])
    parts = components(len(story_of), i, j)
    return [g for g in parts if any(story_of[k] is None for k in g)]


def _apart(sim: np.ndarray, story_of: Sequence[str | None]) -> np.ndarray:
    """A part's pairwise similarities (``sim``, changed in place) with members of two
    different dated stories set ``APART``."""
    index = {sid: k for k, sid in enumerate(dict.fromkeys(s for s in story_of if s))}
    label = np.array([-1 if s is None else index[s] for s in story_of])
    owned = label >= 0
    sim[owned[:, None] & owned[None, :] & (label[:, None] != label[None, :])] = -APART
    return sim


def _preformed(story_of: Sequence[str | None]) -> list[list[int]]:
    """Rows of each dated story, merged before average link starts."""
    groups: dict[str, list[int]] = {}
    for k, sid in enumerate(story_of):
        if sid is not None:
            groups.setdefault(sid, []).append(k)
    return [g for g in groups.values() if len(g) > 1]
