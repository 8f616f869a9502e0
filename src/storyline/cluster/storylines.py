"""Storylines: each dated story linked to the earlier story it follows up.

A story is one event and its coverage over a day or two (``stories.STORY_DAYS``); what
happens next about the same people and subject (the vote after the negotiation, the hearing
after the vote) is a new story. Readers follow such chains, so each story is linked to the
earlier story it is most like, when that story began before it, ended at most
``STORYLINE_GAP_DAYS`` before it began, and the two agree on words *and* names (``_follows``,
``_same_subject``): a storyline is a chain of stories, named after
its first story (a lone story is its own storyline).

Sharing a person is not following up: a governor signs three unrelated bills in a month, a
vice-president's border trip and her office's staff turnover name the same woman. Readers
see a follow-up when the second story is about the same *subject*: so a link needs either
the same subject words (title and lead words that are not names or titles, ``MIN_SUBJECT``)
or agreement on more names than one person and their place (a war names two sides and a
territory, a summit two leaders and a city: ``MIN_BREADTH``).

Story against story, not article against story: a whole story's centroid says what it is
about far more steadily than its first report. Stories are visited in order of their first
day; each is scored only against the few earlier stories that share its heaviest terms or
names (a capped inverted index, swept of stories that fell out of the gap), so linking is
linear in the number of stories, like the clusterer itself. Undated stories (ECB+, plain
files) have no place in time and stay their own storyline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from storyline.cluster.features import ArticleFeatures
from storyline.cluster.stories import _ENTITY_KEY, TEXT_WEIGHT, _push, _Story

# Days from the end of one story to the start of the next within which the second may follow
# up the first: follow-ups about the same people and subject come within weeks (a bill from
# its announcement to its vote); a subject that comes back after longer is a new storyline.
STORYLINE_GAP_DAYS = 30
# Score (the clusterer's text/entity mix, story centroid against story centroid) a story needs
# to follow up an earlier one. Well above the clusterer's JOIN_THRESHOLD, because a story's
# centroid averages out its reports' wording and keeps what they share: two stories on one
# broad subject (two Covid stories, two Senate votes) share names and topic words, and only
# a follow-up shares the particular people, bill or place as well. Checked on AllSides dev
# against its topic labels (benchmarks/cluster_eval.py prints the storylines).
LINK_THRESHOLD = 0.35
# Neither side of the mix may be near zero: the same words about other people (two mass
# shootings) or the same people on another subject (a senator on two bills) is no follow-up.
MIN_PART = 0.15
# Index keys per story (heaviest centroid terms and names), candidates scored per story.
LINK_TERMS = 10
LINK_ENTITIES = 6
LINK_CANDIDATES = 12
# Subject similarity (cosine of the two centroids' title/lead words with names and titles
# left out, ``StoryClusterer.is_name``) a follow-up needs unless it passes ``MIN_BREADTH``.
# On AllSides dev (benchmarks/cluster_eval.py prints the storylines) the links made on one
# person share only procedure words ("signs", "bill", "law") and score 0.07-0.18, weekly
# jobless claims, the Surfside collapse or the infrastructure talks 0.22-0.55; 0.2 keeps a
# margin below the highest one-person link (0.18) and loses a few weakly worded real links.
MIN_SUBJECT = 0.2
# Entity similarity left past the ``BEYOND`` names two stories share most, which lets a
# storyline whose subject lies in its names through (a war: Israel, Hamas, Gaza; a summit:
# Biden, Putin, Geneva; a withdrawal: Afghanistan, the Taliban, the US: 0.18-0.32 on AllSides
# dev). One person and their state or city leaves 0.01-0.05.
MIN_BREADTH = 0.15
# Names set aside before ``MIN_BREADTH`` is measured: a person and the place they govern.
BEYOND = 2


@dataclass(frozen=True)
class Settled:
    """A stored story that a run adding to an archive links to but does not cluster again:
    its id, its storyline, and its articles' features as the store kept them
    (``Store.stored_features``). Its storyline stays as it is; a new story following it up
    joins that storyline."""

    id: str
    storyline: str
    feats: Sequence[ArticleFeatures]


def _score(a: _Story, b: _Story) -> float:
    text, ents = a.text.similarity(b.text), a.ents.similarity(b.ents)
    if min(text, ents) < MIN_PART:
        return 0.0
    return TEXT_WEIGHT * text + (1 - TEXT_WEIGHT) * ents


def _follows(s: _Story, t: _Story) -> bool:
    """Whether ``s`` may follow ``t`` up in time: it begins after ``t`` began, at most
    ``STORYLINE_GAP_DAYS`` after ``t`` ended. Two stories that begin on one day are two
    events of that day (a budget deal and a marijuana bill, one senator's two announcements),
    neither the other's sequel; linked, whichever was visited first led a storyline of the
    other, as the run's word weights had it (a run that backfilled the days before linked
    them, one over all the days did not)."""
    day = s.first_day or 0
    return (t.first_day or day) < day and day - (t.last_day or day) <= STORYLINE_GAP_DAYS


def _same_subject(a: _Story, b: _Story, is_name: Callable[[int], bool]) -> bool:
    """Whether two stories agree on more than a person: their subject words, or several
    names (see ``MIN_SUBJECT``, ``MIN_BREADTH``)."""
    if a.ents.similarity_beyond(b.ents, BEYOND) >= MIN_BREADTH:
        return True
    return a.text.similarity_without(b.text, is_name) >= MIN_SUBJECT


def _keys(s: _Story) -> list[int]:
    return s.text.top(LINK_TERMS) + [_ENTITY_KEY | e for e in s.ents.top(LINK_ENTITIES)]


def _candidates(index: dict[int, list[int]], keys: list[int]) -> list[tuple[int, int]]:
    """Earlier stories sharing at least one heavy term *and* one heavy name with a story,
    most shared keys first (a follow-up must agree on both, see ``MIN_PART``): in a dense
    archive most stories share a word or a name with many others, and only these are scored."""
    hits: Counter[int] = Counter()
    named: set[int] = set()
    for k in keys:
        posting = index.get(k, ())
        hits.update(posting)
        if k & _ENTITY_KEY:
            named.update(posting)
    both = [(j, n) for j, n in hits.items() if j in named and n > 1]
    return sorted(both, key=lambda kv: (-kv[1], kv[0]))[:LINK_CANDIDATES]


def _sweep(index: dict[int, list[int]], states: Sequence[_Story], day: int) -> None:
    """Drop stories that ended more than ``STORYLINE_GAP_DAYS`` before ``day``."""
    for k in list(index):
        keep = [j for j in index[k] if day - (states[j].last_day or day) <= STORYLINE_GAP_DAYS]
        if keep:
            index[k] = keep
        else:
            del index[k]


def link_storylines(
    states: Sequence[_Story],
    is_name: Callable[[int], bool],
    fixed: Mapping[str, str] | None = None,
    heads: Collection[str] = (),
) -> dict[str, str]:
    """Story id -> storyline id (the id of the storyline's first story) for every story.

    ``is_name`` tells a title/lead word's key that is mostly part of a name in this run
    (``StoryClusterer.is_name``): such words are left out of the subject similarity.
    ``fixed``: story id -> storyline id of stories whose storyline is settled (stored
    stories a run that adds to an archive links to, ``StoryClusterer.detached``): they are
    not linked again, and a story that follows one up joins its storyline; but one of
    ``heads`` (a settled story that began its storyline) follows up a story of the run
    before it as any story would (the stories of its storyline follow it there:
    ``Store.move_storylines``)."""
    fixed = fixed or {}
    line = {s.id: fixed.get(s.id, s.id) for s in states}
    # by first day; on one day the settled stories first, so that a run's story of that day
    # may follow one up and no settled storyline is renamed after a story of the same day
    dated = sorted(
        (i for i, s in enumerate(states) if s.first_day is not None and s.text.norm),
        key=lambda i: (states[i].first_day, states[i].id not in fixed, i),
    )
    index: dict[int, list[int]] = {}
    next_sweep: int | None = None
    for i in dated:
        s = states[i]
        day = s.first_day or 0
        if next_sweep is None or day >= next_sweep:
            _sweep(index, states, day)
            next_sweep = day + STORYLINE_GAP_DAYS
        keys = _keys(s)
        if s.id in fixed and s.id not in heads:
            for k in keys:
                _push(index.setdefault(k, []), i)
            continue
        ranked = _candidates(index, keys)
        best, best_score = None, LINK_THRESHOLD
        for j, _ in ranked:
            t = states[j]
            if not _follows(s, t) or (s.id in fixed and t.id in fixed):
                continue
            score = _score(s, t)
            if score < best_score or (best is not None and score == best_score):
                continue
            if _same_subject(s, t, is_name):  # only for a would-be best: the costlier test
                best, best_score = j, score
        if best is not None:
            line[s.id] = line[states[best].id]
        for k in keys:
            _push(index.setdefault(k, []), i)
    return _moved_on(line, {fixed[h]: line[h] for h in heads if line[h] != fixed[h]})


def _moved_on(line: dict[str, str], moved: Mapping[str, str]) -> dict[str, str]:
    """``line`` with every storyline named after a settled story that now follows up a run
    story (``moved``: its old storyline id -> its storyline now) given the storyline it
    moved into: a story that followed a stored story of such a storyline (linked to its old
    id) moves too, however many such moves chain."""
    for sid, ln in line.items():
        seen = {ln}
        while ln in moved and moved[ln] not in seen:
            ln = moved[ln]
            seen.add(ln)
        line[sid] = ln
    return line
