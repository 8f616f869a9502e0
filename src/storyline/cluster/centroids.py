"""Sparse TF-IDF vectors and story centroids: the clusterer's arithmetic, kept compact.

Vectors are dicts of integer feature keys (``features.key``) to weights. Document frequencies
live in fixed hashed arrays, and a story's centroid keeps only its heaviest weights, so that
memory grows with the number of stories, not with the vocabulary of the whole archive.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

# Weights kept per story centroid: the tail of a centroid is noise and memory.
CENTROID_SIZE = 96
# Centroid weights an expired story keeps: it can only still be joined by an undated article
# (scored on its head terms), and keeping full centroids made memory grow with the archive.
ARCHIVED_CENTROID_SIZE = 48
# Document frequencies are counted in this many hashed buckets per kind (terms, entities), a
# key's low bits choosing its bucket, instead of one dict entry per distinct key. Why: a
# growing archive keeps meeting new names, so exact counts grew to 17M dict entries (1.5 GB)
# at a million articles, and every article's lookups went to random places in them. Fixed
# arrays cost 64 MB each whatever the archive's size. A collision only adds a rare key's
# count to another's, lowering the IDF of keys seen once or twice by at most log(2);
# 2^24 buckets keep the 11.5M distinct terms of a million articles under one key per bucket.
DF_BUCKETS = 1 << 24
DF_MASK = DF_BUCKETS - 1


def tfidf_vector(counts: dict[int, int], df: array, n: int) -> dict[int, float]:
    """Sublinear-TF x smoothed IDF, log((1 + n) / (1 + df)) + 1, L2-normalised; written out
    rather than through a helper because it runs for every term of every article."""
    log, base, mask = math.log, math.log(1 + n) + 1.0, DF_MASK
    vec = {k: (1.0 + log(c)) * (base - log(1 + df[k & mask])) for k, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: v / norm for k, v in vec.items()}


@dataclass(frozen=True, slots=True)
class Frequencies:
    """The document frequencies a run clusters by: ``n`` articles, and the hashed counts of
    the terms and entities among them (the clusterer's own arrays, read in place)."""

    n: int
    terms: array
    entities: array

    def idf(self, kind: str, keys: np.ndarray) -> np.ndarray:
        """Smoothed IDF of ``keys`` (``kind`` "terms" or "entities"), as ``tfidf_vector``
        weighs them: log((1 + n) / (1 + df)) + 1."""
        df = np.frombuffer(self.terms if kind == "terms" else self.entities, dtype=np.uint32)
        return np.log((1.0 + self.n) / (1.0 + df[keys & DF_MASK])) + 1.0


@dataclass(frozen=True, slots=True)
class Background:
    """Articles of the archive that a run does not cluster again, as document frequencies:
    ``n`` of them, and how many hold each of the keys the run's own articles use (only those
    are ever looked up). Counted with the run's articles, they make a run that adds to a
    store weigh words as one run over the whole archive would (``storyline.archive``)."""

    n: int = 0
    terms: dict[int, int] = field(default_factory=dict)
    entities: dict[int, int] = field(default_factory=dict)
    names: dict[int, int] = field(default_factory=dict)


def df_array() -> array:
    """``DF_BUCKETS`` zeroed 32-bit counters."""
    return array("I", bytes(4 * DF_BUCKETS))


def count_df(df: array, keys: Iterable[int]) -> None:
    """Add one document to the frequency of each of its keys' buckets."""
    mask = DF_MASK
    for k in keys:
        df[k & mask] += 1


def add_counts(df: array, counts: dict[int, int]) -> None:
    """Add documents counted elsewhere (``Background``) to the keys' buckets."""
    mask = DF_MASK
    for k, c in counts.items():
        df[k & mask] += c


def used_buckets(df: array) -> int:
    """Buckets holding a count (for ``stats``): how full the hashed table is."""
    return int(np.count_nonzero(np.frombuffer(df, dtype=np.uint32)))


def top_keys(vec: dict[int, float], k: int) -> list[int]:
    return [t for t, _ in heapq.nlargest(k, vec.items(), key=lambda kv: (kv[1], -kv[0]))]


def _products(a: dict[int, float], b: dict[int, float]) -> Iterator[float]:
    """The products of two weight maps' values at their shared keys (the cosine's terms),
    walking the smaller map."""
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return (v * x for k, v in a.items() if (x := get(k)) is not None)


@dataclass(slots=True)
class Centroid:
    """Sum of member vectors, pruned to its ``CENTROID_SIZE`` heaviest weights.

    An expired story's centroid is *frozen*: its heaviest weights move into two flat arrays
    and the dict is dropped. Only an undated article still scores an expired story, so the
    dict is rebuilt on that rare call; meanwhile the archive costs ~1 KB per centroid instead
    of ~5 KB of dict entries and float objects (a 1M-article archive holds 230k of them).
    """

    weights: dict[int, float] = field(default_factory=dict)
    norm: float = 0.0
    frozen: tuple[array, array] | None = None

    def prune(self, size: int) -> None:
        """Keep only the ``size`` heaviest weights, frozen (an expired story's form)."""
        top = heapq.nlargest(size, self._weights().items(), key=lambda kv: (kv[1], -kv[0]))
        self.frozen = (array("q", [k for k, _ in top]), array("d", [v for _, v in top]))
        self.weights = {}
        self.norm = math.sqrt(sum(v * v for _, v in top))

    def _weights(self) -> dict[int, float]:
        if self.frozen is None:
            return self.weights
        return dict(zip(*self.frozen, strict=True))

    def add(self, vec: dict[int, float]) -> None:
        if self.frozen is not None:  # an undated article joined an expired story
            self.weights, self.frozen = self._weights(), None
        w = self.weights
        for k, v in vec.items():
            w[k] = w.get(k, 0.0) + v
        if len(w) > 2 * CENTROID_SIZE:
            self.weights = w = dict(
                heapq.nlargest(CENTROID_SIZE, w.items(), key=lambda kv: (kv[1], -kv[0]))
            )
        self.norm = math.sqrt(sum(v * v for v in w.values()))

    def similarity(self, other: Centroid) -> float:
        """Cosine of two centroids (story against story)."""
        if not self.norm or not other.norm:
            return 0.0
        return sum(_products(self._weights(), other._weights())) / (self.norm * other.norm)

    def similarity_without(self, other: Centroid, drop: Callable[[int], bool]) -> float:
        """Cosine of two centroids over the keys ``drop`` rejects, as if the dropped keys
        were never there (both norms recounted without them)."""
        a = {k: v for k, v in self._weights().items() if not drop(k)}
        b = {k: v for k, v in other._weights().items() if not drop(k)}
        na, nb = math.fsum(v * v for v in a.values()), math.fsum(v * v for v in b.values())
        if not na or not nb:
            return 0.0
        return sum(_products(a, b)) / math.sqrt(na * nb)

    def similarity_beyond(self, other: Centroid, top: int) -> float:
        """Cosine of two centroids less the parts of the ``top`` keys they share most: what
        they still agree on past their one or two most shared names."""
        if not self.norm or not other.norm:
            return 0.0
        parts = sorted(_products(self._weights(), other._weights()), reverse=True)
        return sum(parts[top:]) / (self.norm * other.norm)

    def top(self, k: int) -> list[int]:
        """Keys of the ``k`` heaviest weights."""
        return top_keys(self._weights(), k)

    def cosine(self, vec: dict[int, float]) -> float:
        if not self.norm:
            return 0.0
        # A plain loop skipping absent keys: half the time of sum() over w.get(k, 0.0), and
        # this runs for every scored candidate, so it is the part of an article's cost that
        # grows with how many stories are live at once (archive density).
        get = (self.weights if self.frozen is None else self._weights()).get
        total = 0.0
        for k, v in vec.items():
            x = get(k)
            if x is not None:
                total += v * x
        return total / self.norm
