"""Online story clustering: each new article joins the story it fits best, or starts one.

Why online: an archive grows by the day, and a new batch must not re-cluster the old ones.
Each article is scored only against a few *candidate* stories found through an inverted index
over its most salient terms and entities; the posting lists are capped at the most recent
stories, and stories that fell out of the time window are swept out of the index, so the work
per article and the index stay the size of one window however large the archive grows
(near-linear time; ``benchmarks/cluster_scale.py`` prints ms/article per 10k-article chunk).

The score of an article against a story mixes
* text similarity: cosine of the article's TF-IDF vector (title + lead) with the story's
  centroid, IDF from a running document-frequency count so it needs no second pass;
* shared entities: the same cosine over canonical-entity counts, IDF weighted, because two
  reports of one event name the same people and places;
* time: stories whose publication span lies more than ``WINDOW_DAYS`` from a dated article
  are never candidates; years named in the text count as entities (``features.py``), a soft
  signal only: a hard penalty on disjoint years lowered ECB+ F1 (background years such as
  "her 2012 accident" make year sets disjoint within one event).
Undated articles skip the window and are placed on text and entities only.

Deterministic: the clusterer keeps no randomness and breaks every tie by story creation order,
so feeding the same articles in the same order gives the same stories.
"""

from __future__ import annotations

import gc
import heapq
import math
from array import array
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from storyline.cluster.features import ArticleFeatures

# Weight of text similarity against shared entities in the score. Text carries the event's
# details (numbers, places, verbs); entities alone tie together every report about a person.
TEXT_WEIGHT = 0.6
# Score an article needs to join a story rather than start its own. Measured on ECB+ (two
# similar events per topic): lower values merge the two events of a topic, higher ones split
# reports of one event (benchmarks/cluster_eval.py prints the sweep).
JOIN_THRESHOLD = 0.25
# A story is a candidate for a dated article only while its publication span is this close:
# news coverage of one event runs days to a few weeks, follow-ups beyond a month are new stories.
WINDOW_DAYS = 30
# Index keys per article: its top terms and top entities by TF-IDF weight. A handful is
# enough to reach the right story and keeps lookups cheap.
QUERY_TERMS = 10
QUERY_ENTITIES = 6
# Most recent stories kept per index key. Caps the work per article so clustering stays
# linear even for words every story uses.
POSTING_CAP = 24
# Candidate stories fully scored per article, chosen by how many index keys they share.
MAX_CANDIDATES = 12
# A candidate scoring this high is taken without scoring the rest (candidates come most-shared
# keys first, so the sure match is nearly always the first). Scoring every candidate made an
# article's work grow with archive density: a dense archive has many live stories sharing a
# key or two.
SURE_JOIN = 0.4
# Weights kept per story centroid: the tail of a centroid is noise and memory.
CENTROID_SIZE = 96
# How much older than the newest article seen a dated article may arrive and still reach its
# story: a story expires from the candidate index once its last day is more than
# WINDOW_DAYS + LATE_DAYS behind the newest day. Without expiry the index and the work of a
# lookup grow with the whole archive instead of with the stories of one time window.
LATE_DAYS = 30
# Days of archive time between two expiry sweeps. Each sweep reads the live index once, so
# sweeping once per window costs O(live stories) per window, i.e. linear time overall.
SWEEP_DAYS = 30
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
_DF_MASK = DF_BUCKETS - 1
# Index keys are ints: kind (term 0, entity 1) above the 32-bit feature key. Tuples cost
# ~100 bytes more per key, which at a million articles is hundreds of megabytes.
_ENTITY_KEY = 1 << 32


def _vector(counts: dict[int, int], df: array, n: int) -> dict[int, float]:
    """Sublinear-TF x smoothed IDF, log((1 + n) / (1 + df)) + 1, L2-normalised; written out
    rather than through a helper because it runs for every term of every article."""
    log, base, mask = math.log, math.log(1 + n) + 1.0, _DF_MASK
    vec = {k: (1.0 + log(c)) * (base - log(1 + df[k & mask])) for k, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: v / norm for k, v in vec.items()}


def _df_array() -> array:
    """``DF_BUCKETS`` zeroed 32-bit counters."""
    return array("I", bytes(4 * DF_BUCKETS))


def _count(df: array, keys: dict[int, int]) -> None:
    """Add one document to the frequency of each of its keys' buckets."""
    mask = _DF_MASK
    for k in keys:
        df[k & mask] += 1


def _used(df: array) -> int:
    """Buckets holding a count (for ``stats``): how full the hashed table is."""
    import numpy as np

    return int(np.count_nonzero(np.frombuffer(df, dtype=np.uint32)))


def _top(vec: dict[int, float], k: int) -> list[int]:
    return [t for t, _ in heapq.nlargest(k, vec.items(), key=lambda kv: (kv[1], -kv[0]))]


@dataclass(slots=True)
class _Centroid:
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


@dataclass(slots=True)
class _Story:
    id: str
    members: list[str]
    text: _Centroid = field(default_factory=_Centroid)
    ents: _Centroid = field(default_factory=_Centroid)
    first_day: int | None = None
    last_day: int | None = None
    live: bool = True  # still in the candidate index for dated articles


class StoryClusterer:
    """Incremental story clustering; ``add`` one article's features, get its story id.

    State is the stories (centroids, date span), the running document frequencies and
    the capped inverted index; articles themselves are not kept. Dated articles are expected
    roughly in date order (``cluster_articles`` sorts them): stories whose last day falls out
    of the window behind the newest day are swept out of the candidate index, so the index
    and each lookup stay the size of one time window. Their entity keys move to an archive
    index that only undated articles (placed on text and entities alone) still search.
    """

    def __init__(self) -> None:
        self._stories: list[_Story] = []
        self._df_terms = _df_array()
        self._df_ents = _df_array()
        self._n = 0
        self._index: dict[int, list[int]] = {}
        self._archive: dict[int, list[int]] = {}  # entity key -> expired stories
        self._live: list[int] = []  # stories still in the candidate index
        self._clock: int | None = None  # newest publication day seen
        self._next_sweep: int | None = None
        self.assignment: dict[str, str] = {}
        self._hits_seen = 0  # posting entries read, for stats(): the per-article work
        self._scored = 0  # candidate stories fully scored, for stats()

    def stats(self) -> dict[str, int]:
        """Sizes of the growing state and work counters since the last call (for benchmarks)."""
        out = {
            "stories": len(self._stories),
            "df_buckets_terms": _used(self._df_terms),
            "df_buckets_ents": _used(self._df_ents),
            "live_stories": len(self._live),
            "index_keys": len(self._index),
            "archive_keys": len(self._archive),
            "hits_read": self._hits_seen,
            "scored": self._scored,
        }
        self._hits_seen = self._scored = 0
        return out

    def __len__(self) -> int:
        return len(self._stories)

    @contextmanager
    def bulk(self) -> Iterator[StoryClusterer]:
        """Add many articles with Python's cyclic garbage collector paused.

        Why: the clusterer's state is millions of small dicts and lists that form no
        reference cycles, yet every full collection walks all of them, so collections grow
        with the archive and free nothing: 10.8 s of a 300k-article run went to them
        (benchmarks/cluster_scale.py). Reference counting still frees everything as usual.
        """
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            yield self
        finally:
            if was_enabled:
                gc.enable()

    def stories(self) -> dict[str, list[str]]:
        """Story id -> member article ids, in the order they were added."""
        return {s.id: list(s.members) for s in self._stories}

    def add(self, f: ArticleFeatures) -> str:
        """Place one article in a story (an existing one or a new one) and return the story id."""
        if f.id in self.assignment:
            return self.assignment[f.id]
        if f.empty:
            return self._new(f, None, None, index=False)
        if f.day is not None:
            self._tick(f.day)
        self._n += 1
        _count(self._df_terms, f.terms)
        _count(self._df_ents, f.entities)
        tvec = _vector(f.terms, self._df_terms, self._n)
        evec = _vector(f.entities, self._df_ents, self._n)
        keys = _top(tvec, QUERY_TERMS) + [_ENTITY_KEY | e for e in _top(evec, QUERY_ENTITIES)]
        best, best_score = None, JOIN_THRESHOLD
        for sid in self._candidates(keys, f.day):
            s = self._stories[sid]
            self._scored += 1
            score = TEXT_WEIGHT * s.text.cosine(tvec) + (1 - TEXT_WEIGHT) * s.ents.cosine(evec)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = sid, score
                if score >= SURE_JOIN:
                    break
        if best is None:
            return self._new(f, tvec, evec, keys=keys)
        return self._join(best, f, tvec, evec, keys)

    def _tick(self, day: int) -> None:
        """Advance the archive clock; sweep expired stories out of the index when due."""
        if self._clock is None or day > self._clock:
            self._clock = day
        if self._next_sweep is None:
            self._next_sweep = day + SWEEP_DAYS
        if self._clock < self._next_sweep:
            return
        self._next_sweep = self._clock + SWEEP_DAYS
        horizon = self._clock - WINDOW_DAYS - LATE_DAYS
        still = []
        for sid in self._live:
            s = self._stories[sid]
            if s.last_day is not None and s.last_day < horizon:
                s.live = False
                s.text.prune(ARCHIVED_CENTROID_SIZE)
                s.ents.prune(ARCHIVED_CENTROID_SIZE)
            else:
                still.append(sid)
        self._live = still
        stories = self._stories
        for k in list(self._index):
            posting = self._index[k]
            keep = [sid for sid in posting if stories[sid].live]
            if len(keep) == len(posting):
                continue
            if k & _ENTITY_KEY:
                for sid in posting:
                    if not stories[sid].live:
                        _push(self._archive.setdefault(k, []), sid)
            if keep:
                self._index[k] = keep
            else:
                del self._index[k]

    def _candidates(self, keys: list[int], day: int | None) -> list[int]:
        hits: Counter[int] = Counter()
        for k in keys:
            posting = self._index.get(k, ())
            self._hits_seen += len(posting)
            hits.update(posting)
            if day is None:  # undated: expired stories are still candidates
                hits.update(self._archive.get(k, ()))
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
        out = []
        for sid, _ in ranked:
            s = self._stories[sid]
            if day is not None and s.first_day is not None and s.last_day is not None:
                if day < s.first_day - WINDOW_DAYS or day > s.last_day + WINDOW_DAYS:
                    continue
            out.append(sid)
            if len(out) == MAX_CANDIDATES:
                break
        return out

    def _new(
        self,
        f: ArticleFeatures,
        tvec: dict[int, float] | None,
        evec: dict[int, float] | None,
        *,
        keys: list[int] | None = None,
        index: bool = True,
    ) -> str:
        s = _Story(id=f"story-{f.id}", members=[])
        self._stories.append(s)
        sid = len(self._stories) - 1
        self._live.append(sid)
        if not index or tvec is None or evec is None:
            s.members.append(f.id)
            s.first_day = s.last_day = f.day
            self.assignment[f.id] = s.id
            return s.id
        return self._join(sid, f, tvec, evec, keys or [])

    def _join(
        self,
        sid: int,
        f: ArticleFeatures,
        tvec: dict[int, float],
        evec: dict[int, float],
        keys: list[int],
    ) -> str:
        s = self._stories[sid]
        s.members.append(f.id)
        s.text.add(tvec)
        s.ents.add(evec)
        if f.day is not None:
            s.first_day = f.day if s.first_day is None else min(s.first_day, f.day)
            s.last_day = f.day if s.last_day is None else max(s.last_day, f.day)
        if s.live:
            for k in keys:
                _push(self._index.setdefault(k, []), sid)
        else:  # an undated article joined an expired story: only entities stay findable
            for k in keys:
                if k & _ENTITY_KEY:
                    _push(self._archive.setdefault(k, []), sid)
        self.assignment[f.id] = s.id
        return s.id


def _push(posting: list[int], sid: int) -> None:
    """Make ``sid`` the most recent story of a posting list capped at ``POSTING_CAP``."""
    if posting and posting[-1] == sid:
        return
    if sid in posting:
        posting.remove(sid)
    posting.append(sid)
    if len(posting) > POSTING_CAP:
        del posting[0]
