"""Dated articles grouped by average-link clustering inside blocks of days.

Dated news has a natural partition: a story spans at most ``STORY_DAYS`` days, so the
articles of one story always lie within a few consecutive days. Inside such a block every
pair of articles can be compared, and average-link clustering (merge the two groups whose
*mean* pairwise similarity is highest, until none reaches ``MERGE_SIMILARITY``) is the
classic, order-free way to group documents: it is not swayed by which report came first, as
the one-pass clusterer is. On AllSides dev it lifted B-cubed F1 from 0.86 (one pass) to
0.89 with days as given and from 0.85 to 0.90 with jittered days, and a pair's similarity
weighed down a little per day apart (``DAY_DECAY``) to 0.898 / 0.906
(``benchmarks/cluster_eval.py``). Plain average link still merged two events of one subject a
day or two apart (their mean similarity is low but passes the level); a cohesion bar
(``COHESION_CAP``: two groups merge only if they are about as close to each other as the
looser one's members are among themselves, up to a cap) lifted that to 0.914 / 0.919, and
a higher cap for two groups whose mean days lie more than a day apart (``DAY_GAP_CAP``: the
eve of a summit and the summit) to 0.921 / 0.920, and the sentence encoder's similarity of two
articles' titles and leads mixed in (``rows.LEAD_WEIGHT``: two wordings of one event) to
0.929 / 0.933, and pairs whose leads name no day of the week in common kept apart a little
(``rows.WEEKDAY_APART``: the Gaza rockets of a Monday and Tuesday, the ground attack of the
Thursday) to 0.930 / 0.936.

Blocks are cut from the date-ordered stream: each holds ``BLOCK_ARTICLES`` or so articles
plus the articles of the next ``STORY_DAYS`` days; a group that starts in that overlap is not
kept but handed on to the next block, so a story is never cut at a block border. Inside a
block an article is compared only with the articles of its own few days, and average link runs
on each connected part of the close pairs (``_groups``), so the work per article does not grow
with the block nor, much, with how many articles a day brings (``cluster_scale.py``).

Words are weighed (IDF) by the document frequencies of the whole run, and of the store's
other articles when a run adds to an archive (``Frequencies``), not of the block: a block's
cut depends on which articles a run holds, so weights counted per block made the same
articles group otherwise when split over several runs. (AllSides dev and ECB+ fit one block,
so their figures did not move.)

Undated articles have no block; ``cluster_articles`` groups them afterwards with each other
and with the dated stories, with a block's weights and levels (``undated.py``).
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from threadpoolctl import threadpool_limits

from storyline.cluster.centroids import Frequencies
from storyline.cluster.features import ArticleFeatures
from storyline.cluster.rows import (
    Rows,
    block_vectors,
    has_leads,
)
from storyline.cluster.stories import STORY_DAYS, StoryClusterer

# Mean pairwise similarity (after DAY_DECAY) two groups need to merge. Swept with DAY_DECAY and
# BLOCK_TEXT_WEIGHT on AllSides dev, days as given and jittered, and ECB+ as analyze reads it
# (benchmarks/cluster_eval.py): 0.12-0.14 lay within 0.003 of each other on all three; 0.15
# without the decay was the former best. With the cohesion bar (COHESION_CAP), which keeps
# apart the same-subject events a low level lets through, 0.10 is best on all three (F1
# given / jittered / ECB+ files, cap 0.2: 0.10 0.924 / 0.924 / 0.872, 0.11 0.921 / 0.923 /
# 0.872, 0.12 0.918 / 0.921 / 0.871); a lower level lifts the 10k synthetic events too
# (0.982 at 0.10 without the bar against 0.971 at 0.13).
MERGE_SIMILARITY = 0.10
# Share of a pair's similarity kept per day between the two articles' days (0.95 a day apart,
# 0.90 two days apart). Reports of one event crowd on the days right after it, and two
# reports on one subject a day or two apart are a little more likely to be two developments
# than two reports on the same day; a soft weight, not a rule on equal days, because real
# coverage spreads over a day or two (the AllSides jitter). On AllSides dev (given / jittered
# days; merge level and text weight swept for each): no decay 0.893 / 0.904, 0.95 0.898 /
# 0.906, 0.9 0.903 / 0.902, 0.85 0.906 / 0.899, 0.7 0.925 / 0.880: stronger decays trade the
# jittered days, i.e. real coverage, for the exact days of the roundups, so 0.95 is the last
# value that lifts both. ECB+ as analyze reads it (its dated fifth) stays at 0.876.
DAY_DECAY = 0.95
# Articles per block before the overlap: the scope of the pairwise work and of the re-work
# at its border (the groups that start in the overlap are clustered again with the next
# block); a busy news day (hundreds of articles) still fits whole, with its neighbours.
BLOCK_ARTICLES = 2000
# A block this large (one day holding tens of thousands of articles: a crawl dated by its
# fetch day) would compare every pair of that day, and one connected part of it could need
# gigabytes of distances; it is clustered in one pass instead (weighing words by its own).
MAX_BLOCK_ARTICLES = 4 * BLOCK_ARTICLES
# Distance given to two articles more than STORY_DAYS apart: so large that no average over a
# group holding such a pair can come under the merge cut, so no story outgrows its days.
APART = 1e6
# Rows compared at once when looking for close pairs: each chunk costs PAIR_CHUNK x (its rows
# plus the next STORY_DAYS days' rows) similarities in memory, a few MB on a dense day.
PAIR_CHUNK = 256
# Most that a group's *cohesion* (the mean similarity of its own members) may ask of the mean
# similarity of a group it merges with. Two events about one subject within a day or two (a
# summit's eve and the summit; a rocket strike and the ground attack two days on) share the
# subject's names and words, so their mean similarity passes MERGE_SIMILARITY, yet each
# event's reports are closer to one another than to the other event's; reports of one event
# that word it differently are about as close across as within. So two groups merge only if
# their mean similarity also reaches the looser group's cohesion, capped here: copies of one
# wire text (cohesion near 1), or a close pair among loosely worded reports of one event (ECB+,
# the synthetic events of cluster_scale.py), must not shut out the event's other reports.
# B-cubed F1 with MERGE_SIMILARITY 0.10, AllSides dev given / jittered, ECB+ files, 10k
# synthetic events (benchmarks/cluster_eval.py, cluster_scale.py): no bar (and 0.13) 0.898 /
# 0.906 / 0.871 / 0.971; cap 0.16 0.914 / 0.919 / 0.872 / 0.969; 0.17 0.919 / 0.919 / 0.872 /
# 0.965; 0.2 0.924 / 0.924 / 0.872 / 0.943; 0.3 0.929 / 0.931 / 0.856. The cap costs the
# synthetic events least while keeping most of the AllSides gain.
COHESION_CAP = 0.16
# Groups of fewer members set no bar: a lone article has no cohesion to keep.
COHESIVE_SIZE = 2
# Days between two groups' *mean* days that leave the cohesion bar as it is: one event's
# reports spread over a day or two (the next morning's paper, a date off by a day), so two
# groups of one event may lie a day apart; a mean day moves little when each report's day
# moves by one (the AllSides jitter), so no rule here leans on equal days.
DAY_GAP_FREE = 1.0
# How much COHESION_CAP rises per day the two groups' mean days lie apart beyond
# DAY_GAP_FREE: two groups two days apart (a summit's eve and the summit; a rocket strike and
# the ground attack two days on) must be about as close to each other as the looser one's
# own reports, up to 0.26 instead of 0.16. B-cubed F1, AllSides dev given / jittered, ECB+
# files, 10k synthetic events (cluster_eval.py, cluster_scale.py): none 0.914 / 0.919 /
# 0.872 / 0.969; 0.1 0.921 / 0.920 / 0.872 / 0.968; 0.3 0.924 / 0.922 / 0.872 / 0.960; with no
# free day, 0.05 0.926 / 0.922 / 0.872 / 0.949 and 0.1 0.932 / 0.927 / 0.866 / 0.905: the
# synthetic events spread their reports evenly over three days, so a bar on every day apart
# splits them; 0.1 beyond a free day costs them least.
DAY_GAP_CAP = 0.1
# MERGE_SIMILARITY and COHESION_CAP for rows with lead vectors (swept with them: rows.py's
# LEAD_WEIGHT and LEAD_FLOOR). The encoder scores two events of one subject closer than their
# words do, so the cohesion bar that keeps them apart must reach higher (with the words' cap,
# 0.16, the leads gave 0.917 / 0.925 / 0.879 before their floor). With LEAD_FLOOR, 0.11 / 0.20
# gave 0.928 / 0.931 / 0.880 and 0.10 / 0.22 0.928 / 0.933 / 0.870 (0.929 / 0.933 / 0.882 here).
LEAD_MERGE_SIMILARITY = 0.10
LEAD_COHESION_CAP = 0.2
# BLAS threads for a block's lead products (a chunk's few hundred rows against a few days'
# rows): too small to share out, and OpenBLAS's second thread spins while it waits (as in
# reconcile's RECONCILE_BLAS_THREADS): cluster_scale.py at 1M took 482 CPU s for 373 s of wall
# time with OpenBLAS's default two threads (beside another job), 321 CPU s for 321 s with one.
BLOCK_BLAS_THREADS = 1


@dataclass(frozen=True)
class Levels:
    """The merge level and cohesion cap a block's rows are grouped with (``levels``)."""

    merge: float
    cap: float


#: Levels of rows of words and names alone, and of rows with lead vectors.
WORDS = Levels(MERGE_SIMILARITY, COHESION_CAP)
WITH_LEADS = Levels(LEAD_MERGE_SIMILARITY, LEAD_COHESION_CAP)


def levels(feats: Sequence[ArticleFeatures]) -> Levels:
    """The levels ``block_vectors(feats)``'s similarities are grouped with: those for leads
    when it holds them (``rows.has_leads``)."""
    return WITH_LEADS if has_leads(feats) else WORDS


def day_factor(gap: np.ndarray) -> np.ndarray:
    """What a pair's similarity keeps for its days apart: ``DAY_DECAY`` per day (pairs more
    than ``STORY_DAYS`` apart are kept apart by ``APART`` anyway)."""
    return np.power(DAY_DECAY, np.minimum(gap, STORY_DAYS + 1).astype(np.float64))


def _close_pairs(x: Rows, days: np.ndarray, merge: float) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``i < j`` (rows in day order) at most ``STORY_DAYS`` apart whose similarity, times
    ``day_factor``, reaches ``merge``: rows are compared in chunks against the rows up to
    ``STORY_DAYS`` after the chunk's last day, never against the whole block."""
    n = len(days)
    cut = 1.0 - merge
    ii, jj = [], []
    for a in range(0, n, PAIR_CHUNK):
        b = min(n, a + PAIR_CHUNK)
        c = int(np.searchsorted(days, days[b - 1] + STORY_DAYS, side="right"))
        gap = days[a:c][None, :] - days[a:b][:, None]
        sim = x.take(slice(a, b)).sim(x.take(slice(a, c))) * day_factor(np.abs(gap))
        near = gap <= STORY_DAYS
        upper = np.arange(a, c)[None, :] > np.arange(a, b)[:, None]
        i, j = np.nonzero((1.0 - sim <= cut) & near & upper)
        ii.append(i + a)
        jj.append(j + a)
    return np.concatenate(ii), np.concatenate(jj)


def _groups(block: Sequence[ArticleFeatures], freq: Frequencies | None = None) -> list[list[int]]:
    """Average-link groups of one block, as lists of positions in ``block``.

    Exact average link without the block's whole distance matrix: two groups merge only if
    their *mean* similarity reaches ``MERGE_SIMILARITY``, so at least one pair across them
    does; every final group therefore lies inside one connected part of the graph of such
    pairs, and average link run on each part alone makes the same merges. Finding the pairs
    costs each article a comparison with the articles of its own few days, not with the
    whole block, so the work stays close to linear however dense the archive's days are.
    """
    if len(block) <= 1:
        return [[0]] if block else []
    if len(block) > MAX_BLOCK_ARTICLES:
        return _one_pass(block)
    with threadpool_limits(limits=BLOCK_BLAS_THREADS, user_api="blas"):
        return _average_link_groups(block, freq)


def _average_link_groups(
    block: Sequence[ArticleFeatures], freq: Frequencies | None
) -> list[list[int]]:
    """``_groups`` of a block of at most ``MAX_BLOCK_ARTICLES`` articles."""
    order = sorted(range(len(block)), key=lambda i: block[i].day or 0)
    feats = [block[i] for i in order]
    days = np.array([f.day or 0 for f in feats], dtype=np.int64)
    x, lv = block_vectors(feats, freq), levels(feats)
    i, j = _close_pairs(x, days, lv.merge)
    out = []
    for rows in components(len(feats), i, j):
        for g in _average_link(x, days, rows, lv) if len(rows) > 2 else [rows]:
            out.append(sorted(order[k] for k in g))
    return sorted(out)


def components(n: int, i: np.ndarray, j: np.ndarray) -> list[list[int]]:
    """The connected parts of the graph on ``n`` rows with edges ``i``-``j``, each a list of
    rows in order, the parts in the order of their first row."""
    graph = coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    _, part = connected_components(graph, directed=False)
    members: dict[int, list[int]] = {}
    for k, p in enumerate(part.tolist()):
        members.setdefault(p, []).append(k)
    return list(members.values())


def _average_link(x: Rows, days: np.ndarray, rows: list[int], lv: Levels) -> list[list[int]]:
    """Cohesive average-link groups of one connected part (``rows``: positions in ``x``),
    with the levels ``lv``."""
    sub = x.take(rows)
    d = days[rows]
    gap = np.abs(d[:, None] - d[None, :])
    sim = sub.sim(sub) * day_factor(gap)
    sim[gap > STORY_DAYS] = -APART
    out: dict[int, list[int]] = {}
    for r, label in zip(rows, merge_cohesive(sim, lv.cap, d, merge=lv.merge), strict=True):
        out.setdefault(label, []).append(r)
    return list(out.values())


def merge_cohesive(
    sim: np.ndarray,
    cap: float | None = None,
    days: np.ndarray | None = None,
    preformed: Sequence[Sequence[int]] = (),
    merge: float = MERGE_SIMILARITY,
) -> list[int]:
    """Average link on a similarity matrix with a cohesion bar; each row's group label.

    Repeatedly merges the two groups of highest mean pairwise similarity among the pairs
    that may merge: the mean reaches ``merge`` (``MERGE_SIMILARITY``) and the cohesion of the
    looser of the two groups (of ``COHESIVE_SIZE`` members or more) up to ``cap`` (default
    ``COHESION_CAP``), raised by ``DAY_GAP_CAP`` per day the groups' mean ``days`` (each row's
    day, when given) lie apart beyond ``DAY_GAP_FREE``. With ``cap`` at ``merge``
    and no ``days`` these are the merges of scipy's average ``linkage`` cut at the merge
    level. Means are updated by the Lance-Williams rule scipy uses; ``sim`` is overwritten.
    Each row keeps its best allowed partner, and a merge rescans only the rows whose partner
    it took, so the work grows with the square of the size, not the cube. The rows of each
    of the ``preformed`` groups are merged first, whatever their similarities.
    """
    m = _Merger(sim, COHESION_CAP if cap is None else cap, days, merge)
    for rows in preformed:
        for k in rows[1:]:
            m.merge(rows[0], k)
    while True:
        i = int(np.argmax(m.best))
        if m.best[i] == -np.inf:
            return m.label.tolist()
        m.merge(i, int(m.partner[i]))


class _Merger:
    """State of ``merge_cohesive``: mean similarities, group sizes, cohesion, best partners."""

    def __init__(self, sim: np.ndarray, cap: float, days: np.ndarray | None, merge: float) -> None:
        n = len(sim)
        self.level = merge  # the merge level
        # sum of the members' days: a group's mean day, robust to a day's jitter per report
        self.day_sum = np.zeros(n) if days is None else days.astype(np.float64)
        np.fill_diagonal(sim, -np.inf)
        self.sim, self.cap = sim, cap
        self.size = np.ones(n)
        self.inner = np.zeros(n)  # sum of the pairwise similarities inside each group
        self.cohesion = np.zeros(n)
        self.label = np.arange(n)
        self.best = np.full(n, -np.inf)
        self.partner = np.zeros(n, dtype=np.int64)
        for k in range(n):
            self._rescan(k)

    def _allowed(self, k: int) -> np.ndarray:
        """Row ``k``'s mean similarities where a merge is allowed, else -inf."""
        mean = self.day_sum / self.size
        cap = self.cap + DAY_GAP_CAP * np.maximum(np.abs(mean[k] - mean) - DAY_GAP_FREE, 0.0)
        looser = np.minimum(self.cohesion[k], self.cohesion)
        bar = np.minimum(np.maximum(looser, self.level), cap)
        row = self.sim[k]
        return np.where(row >= bar, row, -np.inf)

    def _rescan(self, k: int) -> None:
        row = self._allowed(k)
        self.partner[k] = int(np.argmax(row))
        self.best[k] = row[self.partner[k]]

    def merge(self, i: int, j: int) -> None:
        """Merge group ``j`` into group ``i`` and bring every row's best partner up to date."""
        sim, size = self.sim, self.size
        self.inner[i] += self.inner[j] + sim[i, j] * size[i] * size[j]
        row = (size[i] * sim[i] + size[j] * sim[j]) / (size[i] + size[j])
        sim[i], sim[:, i] = row, row
        sim[i, i] = -np.inf
        sim[j], sim[:, j] = -np.inf, -np.inf
        size[i] += size[j]
        self.day_sum[i] += self.day_sum[j]
        if size[i] >= COHESIVE_SIZE:
            self.cohesion[i] = self.inner[i] / (size[i] * (size[i] - 1) / 2)
        self.label[self.label == j] = i
        self.best[j] = -np.inf
        col = self._allowed(i)  # symmetric: row i's allowed values are column i's
        stale = (self.partner == i) | (self.partner == j)
        better = col > self.best
        self.best[better], self.partner[better] = col[better], i
        for k in np.flatnonzero(stale & ~better).tolist() + [i]:
            if k != j:
                self._rescan(k)


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


def dated_groups(
    feats: Iterable[ArticleFeatures], freq: Frequencies | None = None
) -> Iterator[list[ArticleFeatures]]:
    """Groups (stories) of dated articles, streamed; ``feats`` come in date order, ``freq``
    weighs their words (without it, each block's own articles do).

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
            carried = yield from _flush(carried + block, owned_to, freq)
            block, owned_to = [], None
        block.append(f)
    yield from _flush(carried + block, None, freq)


def _flush(
    items: list[ArticleFeatures], owned_to: int | None, freq: Frequencies | None
) -> Generator[list[ArticleFeatures], None, list[ArticleFeatures]]:
    """Group ``items``; yield the groups that start by ``owned_to`` (all when ``None``) and
    return the members of the others, in date order, for the next block."""
    held: list[ArticleFeatures] = []
    for group in _groups(items, freq):
        members = [items[i] for i in group]
        if owned_to is not None and min(m.day or 0 for m in members) > owned_to:
            held.extend(members)
        else:
            yield members
    held.sort(key=lambda f: (f.day or 0, f.content, f.id))
    return held
