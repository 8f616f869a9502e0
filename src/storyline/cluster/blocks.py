"""Dated articles grouped by average-link clustering inside blocks of days.

Dated news has a natural partition: a story spans at most ``STORY_DAYS`` days, so the
articles of one story always lie within a few consecutive days. Inside such a block every
pair of articles can be compared, and average-link clustering (merge the two groups whose
*mean* pairwise similarity is highest, until none reaches ``MERGE_SIMILARITY``) is the
classic, order-free way to group documents: it is not swayed by which report came first, as
the one-pass clusterer is. On AllSides dev it lifted B-cubed F1 from 0.86 (one pass) to
0.89 with days as given and from 0.85 to 0.90 with jittered days
(``benchmarks/cluster_eval.py``).

Blocks are cut from the date-ordered stream: each holds ``BLOCK_ARTICLES`` or so articles
plus the articles of the next ``STORY_DAYS`` days; a group that starts in that overlap is not
kept but handed on to the next block, so a story is never cut at a block border. Work is
quadratic only inside a block, whose size is capped, so the whole is linear in the archive.

Undated articles have no block; ``cluster_articles`` places them afterwards with the
one-pass clusterer, on text and entities alone.
"""

from __future__ import annotations

import math
from collections.abc import Generator, Iterable, Iterator, Sequence

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix, hstack
from scipy.spatial.distance import squareform

from storyline.cluster.features import ArticleFeatures
from storyline.cluster.split import batch_idfs, unit_vector
from storyline.cluster.stories import STORY_DAYS, StoryClusterer

# Mean pairwise similarity two groups need to merge. Swept on AllSides dev, days as given and
# jittered: 0.125-0.175 all lie within 0.01 of the best F1 on both (benchmarks/cluster_eval.py).
MERGE_SIMILARITY = 0.15
# Weight of text against names in a block's similarities; higher than the one-pass
# clusterer's TEXT_WEIGHT because within a few days the same names (the president, Congress,
# a war's two sides) run through many unrelated stories, so shared names say less there than
# across an undated pile (AllSides dev F1 0.876 / 0.891 at 0.7, 0.891 / 0.903 at 0.85).
BLOCK_TEXT_WEIGHT = 0.85
# Articles per block before the overlap: a block's distances cost 8 bytes per pair, so 2,000
# articles cost 16 MB and a few tenths of a second; a busy news day (hundreds of articles)
# still fits whole, with its neighbours.
BLOCK_ARTICLES = 2000
# A block this large (one day holding tens of thousands of articles: a crawl dated by its
# fetch day) would need gigabytes of distances; it is clustered in one pass instead.
MAX_BLOCK_ARTICLES = 4 * BLOCK_ARTICLES
# Distance given to two articles more than STORY_DAYS apart: so large that no average over a
# group holding such a pair can come under the merge cut, so no story outgrows its days.
APART = 1e6


def _matrix(rows: Sequence[dict[int, int]], idf: dict[int, float]) -> csr_matrix:
    """The rows' ``unit_vector``s as a sparse matrix over local columns."""
    cols: dict[int, int] = {}
    data, indices, indptr = [], [], [0]
    for counts in rows:
        for k, v in unit_vector(counts, idf).items():
            indices.append(cols.setdefault(k, len(cols)))
            data.append(v)
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(rows), max(1, len(cols))))


def _groups(block: Sequence[ArticleFeatures]) -> list[list[int]]:
    """Average-link groups of one block, as lists of positions in ``block``."""
    if len(block) <= 1:
        return [[0]] if block else []
    if len(block) > MAX_BLOCK_ARTICLES:
        return _one_pass(block)
    # IDF within the block: what is distinctive among these days' news (and no archive-wide
    # counts to hold, so blocks stream).
    tidf, eidf = batch_idfs(block)
    t = _matrix([f.terms for f in block], tidf)
    e = _matrix([f.entities for f in block], eidf)
    # One sparse product gives the weighted mix: [sqrt(w) T, sqrt(1-w) E] times its transpose.
    w = BLOCK_TEXT_WEIGHT
    x = hstack([t * math.sqrt(w), e * math.sqrt(1 - w)], format="csr")
    dist = (x @ x.T).toarray()
    np.subtract(1.0, dist, out=dist)
    np.clip(dist, 0.0, None, out=dist)
    days = np.array([f.day for f in block], dtype=np.int64)
    dist[np.abs(days[:, None] - days[None, :]) > STORY_DAYS] = APART
    np.fill_diagonal(dist, 0.0)
    condensed = squareform(dist, checks=False)
    labels = fcluster(
        linkage(condensed, method="average"), t=1.0 - MERGE_SIMILARITY, criterion="distance"
    )
    out: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        out.setdefault(int(label), []).append(i)
    return sorted(out.values())


def _one_pass(block: Sequence[ArticleFeatures]) -> list[list[int]]:
    """Groups of an oversized block by the one-pass clusterer (linear, order-bound)."""
    clusterer = StoryClusterer()
    clusterer.prime(block)
    for f in block:
        clusterer.add(f)
    out: dict[str, list[int]] = {}
    for i, f in enumerate(block):
        out.setdefault(clusterer.assignment[f.id], []).append(i)
    return list(out.values())


def dated_groups(feats: Iterable[ArticleFeatures]) -> Iterator[list[ArticleFeatures]]:
    """Groups (stories) of dated articles, streamed; ``feats`` come in date order.

    A block *owns* the groups that start on or before its last day; it also reads the next
    ``STORY_DAYS`` days, so that those groups are whole. Groups starting later are handed on.
    """
    carried: list[ArticleFeatures] = []
    block: list[ArticleFeatures] = []
    owned_to: int | None = None
    for f in feats:
        if f.day is None:
            raise ValueError("dated_groups takes dated articles only")
        if owned_to is None and len(block) >= BLOCK_ARTICLES:
            owned_to = block[-1].day
        if owned_to is not None and f.day > owned_to + STORY_DAYS:
            carried = yield from _flush(carried + block, owned_to)
            block, owned_to = [], None
        block.append(f)
    yield from _flush(carried + block, None)


def _flush(
    items: list[ArticleFeatures], owned_to: int | None
) -> Generator[list[ArticleFeatures], None, list[ArticleFeatures]]:
    """Group ``items``; yield the groups that start by ``owned_to`` (all when ``None``) and
    return the members of the others, in date order, for the next block."""
    held: list[ArticleFeatures] = []
    for group in _groups(items):
        members = [items[i] for i in group]
        if owned_to is not None and min(m.day or 0 for m in members) > owned_to:
            held.extend(members)
        else:
            yield members
    held.sort(key=lambda f: (f.day or 0, f.content, f.id))
    return held
