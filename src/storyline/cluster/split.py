"""Second pass over finished stories: split one that holds two events with clashing names.

The online clusterer merges the two events of one subject (the same boxer's title defences
against two different challengers, the same coach fired once and hired back years later):
their reports share the main name and most words, so every article-to-story score is high.
What tells them apart is the *other party*: in one group of reports a second name is among
the most salient entities, in the other group a different one is, and no report mentions
both. Such a clash between two names, each salient in several reports, is strong evidence
of two events; a story of one event whose reports merely vary in wording does not show it
(both names of a real pair, such as two teams in a match, are mentioned by the same reports).

Batch only: ``cluster_articles`` runs it once at the end, so the online ``StoryClusterer``
stays incremental. Deterministic: ties break by entity key and member order.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence

import numpy as np

from storyline.cluster.centroids import Frequencies
from storyline.cluster.features import ArticleFeatures

# Reports that show neither clashing name go to a side by the clusterer's own score mix.
from storyline.cluster.stories import TEXT_WEIGHT

# Most salient entities (by TF-IDF within the article) that count as "who the report is
# about": the main name and the two or three other parties. Swept on odd ECB+ topics (with
# CLASH_SUPPORT 4): 2 -> odd F1 0.861, 3 -> 0.872, 4 -> 0.898, 5 -> 0.885, 6 -> 0.891; the
# held-out even topics give 0.923 for 2-4 and 0.918 at 5. Beyond four, background names
# (the city, the agency) start to look like parties and split stories of one event.
SALIENT_NAMES = 4
# Reports in which each of the two clashing names must be salient. Two or three reports
# sharing a name by chance happen inside one event (odd ECB+ topics flag pure stories at 2-3);
# four did not in any pure story, odd or even.
CLASH_SUPPORT = 4
# Reports allowed to mention both clashing names. Zero: a single report naming both means
# they are parties of one event (or one report looks back at the other event), not a clash.
CLASH_MAX_BOTH = 0
# Pairwise work is quadratic in a story's size: beyond this many members a story is left
# whole (a merged pair of events is tens of reports, not thousands).
MAX_MEMBERS = 500


def _idf(df: Counter[int], n: int) -> dict[int, float]:
    return {k: math.log((1 + n) / (1 + c)) + 1.0 for k, c in df.items()}


def batch_idfs(feats: Iterable[ArticleFeatures]) -> tuple[dict[int, float], dict[int, float]]:
    """Smoothed IDF of terms and of names over a batch of articles' features."""
    df_t: Counter[int] = Counter()
    df_e: Counter[int] = Counter()
    n = 0
    for f in feats:
        n += 1
        df_t.update(f.terms.keys())
        df_e.update(f.entities.keys())
    return _idf(df_t, n), _idf(df_e, n)


def unit_vector(counts: Mapping[int, int], idf: Mapping[int, float]) -> dict[int, float]:
    """Sublinear-TF x IDF weights of one article's counts, L2-normalised."""
    vec = {k: (1.0 + math.log(c)) * idf[k] for k, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: v / norm for k, v in vec.items()}


def _centroid(group: Sequence[dict[int, float]]) -> dict[int, float]:
    """Unit-length sum of a group's vectors."""
    total: dict[int, float] = {}
    for g in group:
        for k, v in g.items():
            total[k] = total.get(k, 0.0) + v
    norm = math.sqrt(sum(v * v for v in total.values())) or 1.0
    return {k: v / norm for k, v in total.items()}


def _cos(vec: Mapping[int, float], centroid: Mapping[int, float]) -> float:
    return sum(v * centroid.get(k, 0.0) for k, v in vec.items())


def _clash(
    ids: Sequence[str], feats: Mapping[str, ArticleFeatures], eidf: Mapping[int, float]
) -> tuple[int, int] | None:
    """The two names salient in the most reports each and never mentioned together."""
    salient: dict[str, set[int]] = {}
    for aid in ids:
        ents = feats[aid].entities
        w = {k: (1.0 + math.log(c)) * eidf[k] for k, c in ents.items()}
        salient[aid] = set(sorted(w, key=lambda k: (-w[k], k))[:SALIENT_NAMES])
    support = Counter(k for aid in ids for k in salient[aid])
    names = sorted(k for k, c in support.items() if c >= CLASH_SUPPORT)
    best: tuple[int, int, int] | None = None
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            both = sum(1 for aid in ids if a in feats[aid].entities and b in feats[aid].entities)
            if both > CLASH_MAX_BOTH:
                continue
            score = min(support[a], support[b])
            if best is None or score > best[0]:
                best = (score, a, b)
    return None if best is None else (best[1], best[2])


def run_idfs(
    freq: Frequencies, feats: Collection[ArticleFeatures]
) -> tuple[dict[int, float], dict[int, float]]:
    """IDF of the terms and of the names ``feats`` use, by the run's ``freq``."""
    out = []
    for kind in ("terms", "entities"):
        keys = np.fromiter({k for f in feats for k in getattr(f, kind)}, dtype=np.int64)
        out.append(dict(zip(keys.tolist(), freq.idf(kind, keys).tolist(), strict=True)))
    return out[0], out[1]


def split_stories(
    stories: Mapping[str, Sequence[str]],
    feats: Mapping[str, ArticleFeatures],
    freq: Frequencies | None = None,
) -> dict[str, list[str]]:
    """Story id -> members, with each two-event story split in two (members keep their order).
    Words are weighed by ``freq`` (the run's), else by ``feats`` alone.

    The side that keeps the story's first member keeps its id; the other becomes
    ``story-<its first member's content key>``, the id the clusterer would have given it.
    """
    tidf, eidf = batch_idfs(feats.values()) if freq is None else run_idfs(freq, feats.values())
    out: dict[str, list[str]] = {}
    for sid, ids in stories.items():
        members = [aid for aid in ids if aid in feats and not feats[aid].empty]
        pair = None
        if 2 * CLASH_SUPPORT <= len(members) <= MAX_MEMBERS:
            pair = _clash(members, feats, eidf)
        if pair is None:
            out[sid] = list(ids)
            continue
        a, b = pair
        side: dict[str, int] = {}
        for aid in members:
            ents = feats[aid].entities
            if a in ents or b in ents:
                side[aid] = 0 if a in ents else 1
        tv = {aid: unit_vector(feats[aid].terms, tidf) for aid in members}
        ev = {aid: unit_vector(feats[aid].entities, eidf) for aid in members}
        groups = [[aid for aid in members if side.get(aid) == s] for s in (0, 1)]
        cents = [(_centroid([tv[m] for m in g]), _centroid([ev[m] for m in g])) for g in groups]
        for aid in members:
            if aid not in side:
                score = [
                    TEXT_WEIGHT * _cos(tv[aid], ct) + (1 - TEXT_WEIGHT) * _cos(ev[aid], ce)
                    for ct, ce in cents
                ]
                side[aid] = 0 if score[0] >= score[1] else 1
        first = side.get(ids[0], 0)
        keep = [aid for aid in ids if side.get(aid, first) == first]
        rest = [aid for aid in ids if side.get(aid, first) != first]
        out[sid] = keep
        out[f"story-{feats[rest[0]].content or rest[0]}"] = rest
    return out
