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
* time: a story is one event and its coverage, so a dated article joins a story only while
  its day lies within ``STORY_DAYS`` of the story's *first* day, whatever names they share.
  The bound is fixed from the first day, not from the newest member, so a subject that stays
  in the news for months does not grow one story for months; years named in the text count as
  entities (``features.py``), a soft signal only: a hard penalty on disjoint years lowered
  ECB+ F1 (background years such as "her 2012 accident" make year sets disjoint within one
  event).
Undated articles skip the time bound and are placed on text and entities only.

Follow-ups are not merged: a report past a story's bound starts a new story, which
``storylines.py`` then links to the earlier story it follows up.

Deterministic: the clusterer keeps no randomness and breaks every tie by story creation order,
so feeding the same articles in the same order gives the same stories.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from storyline.cluster.centroids import (
    ARCHIVED_CENTROID_SIZE,
    DF_MASK,
    Background,
    Centroid,
    Frequencies,
    add_counts,
    count_df,
    df_array,
    tfidf_vector,
    top_keys,
    used_buckets,
)
from storyline.cluster.features import ArticleFeatures

# Weight of text similarity against shared entities in the score. Text carries the event's
# details (numbers, places, verbs); entities alone tie together every report about a person.
# Swept with JOIN_THRESHOLD on ECB+ (undated, two similar events per topic) and AllSides dev
# (dated, many events on one subject a day): 0.7 / 0.2 is the best pair on both at once
# (benchmarks/cluster_eval.py); 0.6 / 0.25, fitted to ECB+ alone, split paraphrased reports of
# one dated event (AllSides recall 0.83).
TEXT_WEIGHT = 0.7
# Score an article needs to join a story rather than start its own: lower values merge
# neighbouring events of one subject, higher ones split reports of one event.
JOIN_THRESHOLD = 0.2
# Days after (or before) a story's first day within which a dated article may still join it.
# A story is one happening and its coverage: reports run from the day it happened to a day or
# two later (the next morning's paper, a weekly's recap); a report three or more days on
# answers a new development and is a follow-up, linked through the storyline instead. Two
# days also absorbs a day's uncertainty in the publication date either side (time zones,
# a feed's update date) without letting one story reach into the next week.
STORY_DAYS = 2
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
# How much older than the newest article seen a dated article may arrive and still reach its
# story: a story expires from the candidate index once its last day is more than
# STORY_DAYS + LATE_DAYS behind the newest day. Without expiry the index and the work of a
# lookup grow with the whole archive instead of with the stories of one time window.
LATE_DAYS = 30
# Days of archive time between two expiry sweeps. Each sweep reads the live index once, so
# sweeping once per window costs O(live stories) per window, i.e. linear time overall.
SWEEP_DAYS = 30
# Share of the leads using a word in which it is part of a name, from which the word counts
# as a name's (``StoryClusterer.is_name``): a majority, so that a tagger's odd miss or odd tag
# does not decide.
NAME_SHARE = 0.5
# Index keys are ints: kind (term 0, entity 1) above the 32-bit feature key. Tuples cost
# ~100 bytes more per key, which at a million articles is hundreds of megabytes.
_ENTITY_KEY = 1 << 32


@dataclass(slots=True)
class _Story:
    id: str
    members: list[str]
    text: Centroid = field(default_factory=Centroid)
    ents: Centroid = field(default_factory=Centroid)
    first_day: int | None = None
    last_day: int | None = None
    live: bool = True  # still in the candidate index for dated articles

    def take(self, tvec: dict[int, float], evec: dict[int, float], day: int | None) -> None:
        """Add a member's term and entity vectors, and its day to the story's span."""
        self.text.add(tvec)
        self.ents.add(evec)
        if day is not None:
            self.first_day = day if self.first_day is None else min(self.first_day, day)
            self.last_day = day if self.last_day is None else max(self.last_day, day)

    def freeze(self) -> None:
        """An expired story's form: its centroids cut to their ``ARCHIVED_CENTROID_SIZE``
        heaviest weights."""
        self.text.prune(ARCHIVED_CENTROID_SIZE)
        self.ents.prune(ARCHIVED_CENTROID_SIZE)


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
        self._df_terms = df_array()
        self._df_ents = df_array()
        self._df_names = df_array()  # articles whose lead uses the word inside a name
        self._n = 0
        self._index: dict[int, list[int]] = {}
        self._archive: dict[int, list[int]] = {}  # entity key -> expired stories
        self._live: list[int] = []  # stories still in the candidate index
        self._clock: int | None = None  # newest publication day seen
        self._next_sweep: int | None = None
        self.assignment: dict[str, str] = {}
        self._pos: dict[str, int] = {}  # story id -> index in _stories
        self._primed: set[str] = set()
        self._background = False  # whether prime counted a Background
        self._hits_seen = 0  # posting entries read, for stats(): the per-article work
        self._scored = 0  # candidate stories fully scored, for stats()

    def stats(self) -> dict[str, int]:
        """Sizes of the growing state and work counters since the last call (for benchmarks)."""
        out = {
            "stories": len(self._stories),
            "df_buckets_terms": used_buckets(self._df_terms),
            "df_buckets_ents": used_buckets(self._df_ents),
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

    def prime(self, feats: Iterable[ArticleFeatures], background: Background | None = None) -> None:
        """Count a batch's document frequencies before placing any of its articles, with
        those of the archive's other articles (``background``) when given.

        Why: with frequencies counted as articles arrive, the first articles of a run are
        scored with almost no IDF (every word looks rare), and a batch's early stories are
        cut on noise. A batch knows all its articles up front, so it counts them first; an
        archive that grows article by article keeps counting as it goes.
        """
        if background is not None and not self._background:
            self._background = True  # counted once, however often a batch is primed
            self._n += background.n
            add_counts(self._df_terms, background.terms)
            add_counts(self._df_ents, background.entities)
            add_counts(self._df_names, background.names)
        for f in feats:
            if f.empty or f.id in self._primed or f.id in self.assignment:
                continue
            self._primed.add(f.id)
            self._n += 1
            self._count(f)

    def _count(self, f: ArticleFeatures) -> None:
        count_df(self._df_terms, f.terms)
        count_df(self._df_ents, f.entities)
        count_df(self._df_names, f.names)

    def frequencies(self) -> Frequencies:
        """The document frequencies counted so far (after ``prime``: the batch's and its
        background's), for the batch steps that weigh words as the clusterer does."""
        return Frequencies(self._n, self._df_terms, self._df_ents)

    def is_name(self, term: int) -> bool:
        """Whether a title/lead word is mostly a name's word in this run's articles (in at
        least ``NAME_SHARE`` of the leads that use it): "florida", "harris", but not "claims"
        or "collapse". One article's tagger may miss a name or tag a plain word: the share
        over the run decides, not one article."""
        k = term & DF_MASK
        return self._df_names[k] >= NAME_SHARE * max(1, self._df_terms[k])

    def states(self) -> list[_Story]:
        """Every story's state (members, centroids, first and last day), in creation order;
        ``storylines.link_storylines`` reads it. Not to be modified."""
        return self._stories

    def detached(self, sid: str, feats: Sequence[ArticleFeatures]) -> _Story:
        """The state of a story this clusterer does not hold (a stored story a run only links
        to, ``storylines.link_storylines``'s ``fixed``): its members' vectors weighed by the
        frequencies counted so far, as ``place`` weighs a member, and pruned as an expired
        story is when it ended before the archive clock's horizon. Neither counted, indexed
        nor added to ``stories``."""
        s = _Story(id=sid, members=[f.id for f in feats], live=False)
        for f in feats:
            if not f.empty:
                tvec = tfidf_vector(f.terms, self._df_terms, self._n)
                s.take(tvec, tfidf_vector(f.entities, self._df_ents, self._n), f.day)
        horizon = None if self._clock is None else self._clock - STORY_DAYS - LATE_DAYS
        if horizon is not None and s.last_day is not None and s.last_day < horizon:
            s.freeze()
        return s

    def add(self, f: ArticleFeatures) -> str:
        """Place one article in a story (an existing one or a new one) and return the story id."""
        if f.id in self.assignment:
            return self.assignment[f.id]
        if f.empty:
            return self._new(f, None, None, index=False)
        tvec, evec, keys = self._vectors(f)
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

    def place(self, f: ArticleFeatures, story: str | None = None) -> str:
        """Put an article into ``story`` (a story id this clusterer gave), or open a story
        with it when ``story`` is ``None``; for groups made elsewhere (``blocks.py``), so that
        undated articles added later can still join them. Returns the story id."""
        if f.id in self.assignment:
            return self.assignment[f.id]
        tvec, evec, keys = self._vectors(f)
        if story is None:
            return self._new(f, tvec, evec, keys=keys)
        return self._join(self._pos[story], f, tvec, evec, keys)

    def _vectors(self, f: ArticleFeatures) -> tuple[dict[int, float], dict[int, float], list[int]]:
        """Count the article (unless primed); its term and entity vectors and index keys."""
        if f.day is not None:
            self._tick(f.day)
        if f.id not in self._primed:
            self._n += 1
            self._count(f)
        tvec = tfidf_vector(f.terms, self._df_terms, self._n)
        evec = tfidf_vector(f.entities, self._df_ents, self._n)
        ents = top_keys(evec, QUERY_ENTITIES)
        return tvec, evec, top_keys(tvec, QUERY_TERMS) + [_ENTITY_KEY | e for e in ents]

    def _tick(self, day: int) -> None:
        """Advance the archive clock; sweep expired stories out of the index when due."""
        if self._clock is None or day > self._clock:
            self._clock = day
        if self._next_sweep is None:
            self._next_sweep = day + SWEEP_DAYS
        if self._clock < self._next_sweep:
            return
        self._next_sweep = self._clock + SWEEP_DAYS
        horizon = self._clock - STORY_DAYS - LATE_DAYS
        still = []
        for sid in self._live:
            s = self._stories[sid]
            if s.last_day is not None and s.last_day < horizon:
                s.live = False
                s.freeze()
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
            if not _joinable(s, day):
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
        s = _Story(id=f"story-{f.content or f.id}", members=[])
        if s.id in self._pos:  # the same words twice (a file copied): tell them apart by id
            s.id = f"story-{f.content}-{f.id}"
        self._pos[s.id] = len(self._stories)
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
        s.take(tvec, evec, f.day)
        if s.live:
            for k in keys:
                _push(self._index.setdefault(k, []), sid)
        else:  # an undated article joined an expired story: only entities stay findable
            for k in keys:
                if k & _ENTITY_KEY:
                    _push(self._archive.setdefault(k, []), sid)
        self.assignment[f.id] = s.id
        return s.id


def _joinable(s: _Story, day: int | None) -> bool:
    """Whether an article of ``day`` may join story ``s``: always when either is undated,
    else only if the story then still spans at most ``STORY_DAYS`` days (in date order, its
    first day fixes the bound: a story never creeps forward with its newest member)."""
    if day is None or s.first_day is None or s.last_day is None:
        return True
    return max(s.last_day, day) - min(s.first_day, day) <= STORY_DAYS


def _push(posting: list[int], sid: int) -> None:
    """Make ``sid`` the most recent story of a posting list capped at ``POSTING_CAP``."""
    if posting and posting[-1] == sid:
        return
    if sid in posting:
        posting.remove(sid)
    posting.append(sid)
    if len(posting) > POSTING_CAP:
        del posting[0]
