"""A block's rows: what two articles are compared by, and every pair's similarity.

Each article is a row of its title-and-lead words and its names (sublinear TF x IDF, each
part L2-normalised, ``BLOCK_TEXT_WEIGHT`` between them) and, when every article of the block
has one, its lead vector (``ArticleFeatures.lead``: ``LEAD_WEIGHT`` of the mix is its cosine
over ``LEAD_FLOOR``); a pair whose leads name no day of the week in common keeps
``WEEKDAY_APART`` of its similarity. The words are a sparse matrix and the leads a dense one,
so that a pair's similarity is the sum of two products, each done where it is fast
(``Rows.sim``): 384 dense columns inside a sparse product would cost scipy far more than one
BLAS product.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import chain
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack

from storyline.cluster.centroids import Frequencies
from storyline.cluster.features import ArticleFeatures

#: IDF of an array of feature keys (``Frequencies.idf`` of one kind).
IdfOf = Callable[[np.ndarray], np.ndarray]

# Weight of text against names in a block's similarities; higher than the one-pass
# clusterer's TEXT_WEIGHT because within a few days the same names (the president, Congress,
# a war's two sides) run through many unrelated stories, so shared names say less there than
# across an undated pile (AllSides dev F1, as given / jittered, with the decay and merge level
# above: 0.888 / 0.896 at 0.8, 0.894 / 0.901 at 0.85, 0.898 / 0.906 at 0.9).
BLOCK_TEXT_WEIGHT = 0.9

# Share of a pair's similarity given to its two articles' lead cosine (``ArticleFeatures.lead``:
# the sentence encoder on title and lead), the part of it over LEAD_FLOOR (``lead_share``),
# when every article of a block has a vector; the words and names keep the rest, in
# BLOCK_TEXT_WEIGHT's mix. Words count what two reports share word for word; the encoder also
# scores two wordings of one event as close. The cosine is the pair's own (not centred on a
# run's mean), so articles split over several runs score as in one. Swept with LEAD_FLOOR,
# LEAD_MERGE_SIMILARITY and LEAD_COHESION_CAP on AllSides dev given / jittered and ECB+ files
# (benchmarks/cluster_eval.py's sets; the words alone: 0.921 / 0.920 / 0.883). With no floor:
# 0.1 at levels 0.12 / 0.20 gave 0.929 / 0.932 / 0.885, and at 0.3 and over the encoder merged
# one subject's events a day apart. With a floor of 0.3, weights 0.15 / 0.2 / 0.25 at levels
# 0.10 / 0.22 gave 0.929 / 0.933 / 0.880, 0.929 / 0.934 / 0.883, 0.929 / 0.932 / 0.886, but 0.2
# lowered ECB+ read undated (``ecbplus.story_scores``: 0.933 -> 0.924) and lost the AllSides
# dev run's one judged real date conflict; 0.1 at 0.10 / 0.20 (LEAD_FLOOR) keeps both.
LEAD_WEIGHT = 0.1
# Lead cosine under which two leads add nothing to a pair (``lead_share``; over it, the rest is
# rescaled to [0, 1]): about what the encoder gives two unrelated news leads (on 300 AllSides
# dev articles, half of the pairs of two events score under 0.11, nine in ten under 0.29).
# Without a floor every pair of a dense day came closer by a tenth of that, more of them passed
# the merge level, and average link, whose work grows with the square of a connected part, cost 13.4
# times as much CPU at 1M articles as at 100k (cluster_scale.py; 10.8 with words alone, 11.3
# with this floor). F1 (as above) with weight 0.1 and levels 0.10 / 0.20: floor 0.1 0.930 /
# 0.934 / 0.883, 0.15 0.929 / 0.933 / 0.884, 0.2 0.929 / 0.933 / 0.882, 0.25 0.929 / 0.932 /
# 0.880, 0.3 0.929 / 0.930 / 0.879; ECB+ undated 0.932 at 0.2 (0.933 without a floor).
LEAD_FLOOR = 0.2
# Share of a pair's similarity kept when the two reports' titles and leads name other days of
# the week (``ArticleFeatures.weekday``): "the House voted Wednesday" and "Pelosi unveiled the
# plan Monday" are two developments of one subject, however many names and words they share.
# The day a lead names is the event's, not the page's, so it moves with no publication date
# (the AllSides jitter) and reads the same on undated pages. Two leads that name no day in
# common (``ArticleFeatures.weekday``: every day each names, not only the first: "police said
# Monday the robbery happened Saturday") keep this much. B-cubed F1, AllSides dev given /
# jittered / dates taken away, ECB+ files (benchmarks/cluster_eval.py's sets, clustered again
# from captured features): 1.0 (none) 0.929 / 0.933 / 0.753 / 0.881; 0.8 0.932 / 0.937 / 0.792 /
# 0.882; 0.7 0.931 / 0.936 / 0.798 / 0.882; 0.6 0.935 / 0.938 / 0.806 / 0.880; 0.5 0.934 /
# 0.936 / - / 0.880. With only the first day a lead names, 0.6 gave ECB+ 0.879: its reports of
# one event name the day of the event and the day of an arrest or a statement after it. At
# 0.7 a judged real unique line went (CNN's restaurant attack of a Tuesday, split from the
# Times Square beating of a Thursday that AllSides' roundup holds with it): 0.8 keeps it.
WEEKDAY_APART = 0.8


@dataclass(frozen=True)
class Rows:
    """A block's rows: ``words`` (sparse, text and names, scaled so that their product is
    their part of a pair's similarity) and ``leads`` (dense unit vectors, or None)."""

    words: csr_matrix
    leads: np.ndarray | None = None
    weekdays: np.ndarray | None = None  # each row's ``ArticleFeatures.weekday``

    def take(self, idx: Any) -> Rows:
        """The rows at ``idx`` (a slice or a list of positions)."""
        return Rows(
            self.words[idx],
            None if self.leads is None else self.leads[idx],
            None if self.weekdays is None else self.weekdays[idx],
        )

    def sim(self, other: Rows) -> np.ndarray:
        """Every pair's similarity (these rows against ``other``'s), dense."""
        out = np.asarray((self.words @ other.words.T).toarray())
        if self.leads is not None and other.leads is not None:
            out += lead_share(self.leads @ other.leads.T)
        if self.weekdays is not None and other.weekdays is not None and WEEKDAY_APART < 1.0:
            a, b = self.weekdays[:, None], other.weekdays[None, :]
            out[(a > 0) & (b > 0) & ((a & b) == 0)] *= WEEKDAY_APART
        return out


def lead_share(cos: np.ndarray) -> np.ndarray:
    """What lead cosines ``cos`` add to their pairs' similarities (overwritten): the part
    above ``LEAD_FLOOR``, rescaled to [0, 1], times ``LEAD_WEIGHT``."""
    np.subtract(cos, LEAD_FLOOR, out=cos)
    np.maximum(cos, 0.0, out=cos)
    cos *= LEAD_WEIGHT / (1.0 - LEAD_FLOOR)
    return cos


def has_leads(feats: Sequence[ArticleFeatures]) -> bool:
    """Whether every article of ``feats`` has a lead vector (``block_vectors`` mixes it in)."""
    return LEAD_WEIGHT > 0 and bool(feats) and all(f.lead is not None for f in feats)


def block_vectors(feats: Sequence[ArticleFeatures], freq: Frequencies | None = None) -> Rows:
    """The rows of ``feats``: text and names weighted ``BLOCK_TEXT_WEIGHT``, in one sparse
    matrix, [sqrt(w) T, sqrt(1-w) E], whose product with its transpose is their weighted mix;
    when every article has a lead vector (``has_leads``), the leads take ``LEAD_WEIGHT`` of
    it: [sqrt((1-l) w) T, sqrt((1-l)(1-w)) E] and the unit vectors L (float32, which BLAS
    multiplies twice as fast as float64; ``lead_share`` weighs their products). Words are
    weighed by ``freq`` (the run's, see ``blocks``' docstring), else by ``feats``."""
    w = BLOCK_TEXT_WEIGHT
    leads = has_leads(feats)
    keep = 1.0 - LEAD_WEIGHT if leads else 1.0
    tidf = None if freq is None else partial(freq.idf, "terms")
    eidf = None if freq is None else partial(freq.idf, "entities")
    words = hstack(
        [
            tfidf_rows([f.terms for f in feats], tidf) * math.sqrt(keep * w),
            tfidf_rows([f.entities for f in feats], eidf) * math.sqrt(keep * (1 - w)),
        ],
        format="csr",
    )
    weekdays = np.array([f.weekday for f in feats], dtype=np.int8)
    if not leads:
        return Rows(words, None, weekdays)
    vectors = np.stack([f.lead for f in feats if f.lead is not None]).astype(np.float32)
    return Rows(words, vectors, weekdays)


def tfidf_rows(rows: Sequence[dict[int, int]], idf: IdfOf | None = None) -> csr_matrix:
    """Sublinear-TF x IDF rows, L2-normalised, over local columns (``split.unit_vector``,
    in a few array passes instead of a loop per key). IDF from ``idf`` (the run's document
    frequencies, ``Frequencies.idf``), else from the rows themselves."""
    n = len(rows)
    lens = np.fromiter((len(r) for r in rows), dtype=np.int64, count=n)
    total = int(lens.sum())
    keys = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=total)
    counts = np.fromiter(
        chain.from_iterable(r.values() for r in rows), dtype=np.float64, count=total
    )
    cols, col = np.unique(keys, return_inverse=True)
    if idf is None:
        df = np.bincount(col, minlength=len(cols))  # a key appears once per row: its row count
        weights = np.log((1.0 + n) / (1.0 + df)) + 1.0
    else:
        weights = idf(cols)
    w = (1.0 + np.log(counts)) * weights[col]
    row = np.repeat(np.arange(n), lens)
    norm = np.sqrt(np.bincount(row, weights=w * w, minlength=n))
    w /= np.where(norm > 0, norm, 1.0)[row]
    indptr = np.concatenate(([0], np.cumsum(lens)))
    return csr_matrix((w, col, indptr), shape=(n, max(1, len(cols))))
