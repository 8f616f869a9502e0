"""Average link inside a block, run on the connected parts of its close pairs, makes the same
groups as average link over the block's whole distance matrix (what ``blocks.py`` computed
before it stopped comparing every article with every other).

Real coverage: AllSides dev articles, their words as terms and their capitalised words as
names (no spaCy, so the test takes seconds), with their days squeezed seven to one so that a
block is as dense as a million-article archive and its close pairs chain across stories.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import hstack
from scipy.spatial.distance import squareform

from storyline.cluster import blocks, rows
from storyline.cluster.features import ArticleFeatures, key, words
from storyline.cluster.stories import STORY_DAYS

ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "allsides" / "articles.jsonl"
# Days of real coverage folded into one: AllSides dev has ~7 articles a day, a million-article
# archive over ten years ~270; folding a week into a day gives ~50, with many chains of pairs.
SQUEEZE = 7
_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*")


def _features() -> list[ArticleFeatures]:
    out = []
    for n, line in enumerate(ALLSIDES.read_text("utf-8").splitlines()):
        a = json.loads(line)
        lead = a["title"] + "\n" + " ".join(a["text"].split()[: 3 * 60])
        terms: dict[int, int] = {}
        for w in words(lead):
            terms[key(w)] = terms.get(key(w), 0) + 1
        names: dict[int, int] = {}
        for m in _NAME.finditer(a["text"]):
            names[key(m.group())] = names.get(key(m.group()), 0) + 1
        day = date.fromisoformat(a["published"][:10]).toordinal() // SQUEEZE
        out.append(ArticleFeatures(f"a{n}", day, terms, names))
    out.sort(key=lambda f: (f.day, f.id))
    return out


def _whole_matrix_groups(block: list[ArticleFeatures]) -> list[list[int]]:
    """The former way: every pair's similarity (weighed by days apart) in one matrix, merged
    by ``merge_cohesive`` at once."""
    w = rows.BLOCK_TEXT_WEIGHT
    x = hstack(
        [
            rows.tfidf_rows([f.terms for f in block]) * math.sqrt(w),
            rows.tfidf_rows([f.entities for f in block]) * math.sqrt(1 - w),
        ],
        format="csr",
    )
    days = np.array([f.day for f in block])
    gap = np.abs(days[:, None] - days[None, :])
    sim = (x @ x.T).toarray() * blocks.day_factor(gap)
    sim[gap > STORY_DAYS] = -blocks.APART
    out: dict[int, list[int]] = {}
    for i, label in enumerate(blocks.merge_cohesive(sim, days=days)):
        out.setdefault(label, []).append(i)
    return sorted(out.values())


@pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")
def test_parts_give_the_groups_of_the_whole_matrix() -> None:
    block = _features()
    groups = blocks._groups(block)
    assert groups == _whole_matrix_groups(block)
    # the test means something: pairs chain into parts holding several stories, and groups
    # of several articles form
    assert sum(len(g) > 1 for g in groups) > 50
    assert (
        max(
            max(f.day or 0 for f in (block[i] for i in g))
            - min(f.day or 0 for f in (block[i] for i in g))
            for g in groups
        )
        <= STORY_DAYS
    )


def test_without_the_cohesion_bar_groups_merge_as_scipy_does() -> None:
    """The numpy loop, its bar capped at the merge level, against scipy's average linkage on
    random similarities."""
    rng = np.random.default_rng(3)
    for _ in range(300):
        n = int(rng.integers(3, 64))
        d = rng.random((n, n)) * 1.2
        d = (d + d.T) / 2
        np.fill_diagonal(d, 0.0)
        tree = linkage(squareform(d, checks=False), method="average")
        want = fcluster(tree, t=1.0 - blocks.MERGE_SIMILARITY, criterion="distance")
        got = blocks.merge_cohesive(1.0 - d, cap=blocks.MERGE_SIMILARITY)
        assert _partition(want.tolist()) == _partition(got)


def test_two_tight_groups_a_little_alike_stay_apart() -> None:
    """Two pairs of close reports (0.6 within) whose cross similarity passes the merge level
    but not the looser pair's cohesion (capped): plain average link merges them, the bar does
    not; a lone report as close to a pair stays free to join it."""
    cross = (blocks.MERGE_SIMILARITY + blocks.COHESION_CAP) / 2
    sim = np.full((4, 4), cross)
    sim[0, 1] = sim[1, 0] = sim[2, 3] = sim[3, 2] = 0.6
    assert _partition(blocks.merge_cohesive(sim.copy())) == {frozenset({0, 1}), frozenset({2, 3})}
    assert len(_partition(blocks.merge_cohesive(sim.copy(), cap=blocks.MERGE_SIMILARITY))) == 1
    lone = sim[:3, :3].copy()
    assert _partition(blocks.merge_cohesive(lone)) == {frozenset({0, 1, 2})}


def test_two_groups_days_apart_must_be_as_close_as_their_own_reports() -> None:
    """Two pairs of close reports whose cross similarity passes the cap of the cohesion bar:
    on the same day, or a day apart, they merge; two days apart (an event's eve and the event)
    the cap rises by ``DAY_GAP_CAP`` and they stay apart; moving one report of each pair by a
    day (jittered days) leaves the pairs' mean days as far apart."""
    cross = blocks.COHESION_CAP + blocks.DAY_GAP_CAP / 2
    sim = np.full((4, 4), cross)
    sim[0, 1] = sim[1, 0] = sim[2, 3] = sim[3, 2] = 0.6
    for days, groups in (
        ([5, 5, 5, 5], 1),
        ([5, 5, 6, 6], 1),
        ([5, 5, 7, 7], 2),
        ([4, 6, 6, 8], 2),
    ):
        got = blocks.merge_cohesive(sim.copy(), days=np.array(days))
        assert len(_partition(got)) == groups, days


def _partition(labels: list[int]) -> set[frozenset[int]]:
    out: dict[int, set[int]] = {}
    for i, label in enumerate(labels):
        out.setdefault(label, set()).add(i)
    return {frozenset(g) for g in out.values()}


@pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")
def test_lead_vectors_take_their_share_of_a_block_similarity() -> None:
    """With every article's title and lead encoded (``ArticleFeatures.lead``), a pair's
    similarity is ``LEAD_WEIGHT`` of their cosine's part over ``LEAD_FLOOR`` (rescaled to
    [0, 1]) plus the rest of the words-and-names similarity, and the block is grouped with
    the levels for leads; one article without a vector leaves the whole block on words and
    names, as a run without an encoder is."""
    from dataclasses import replace

    from storyline.embed import load_embedder

    feats = _features()[:40]
    lines = [json.loads(x) for x in ALLSIDES.read_text("utf-8").splitlines()]
    picked = [lines[int(f.id[1:])] for f in feats]
    texts = [a["title"] + "\n" + a["text"][:300] for a in picked]
    vecs = load_embedder().encode(texts)
    led = [replace(f, lead=v.astype(np.float16)) for f, v in zip(feats, vecs, strict=True)]
    words_only = _gram(rows.block_vectors(feats))
    x = rows.block_vectors(led)
    mixed = _gram(x)
    kept = vecs.astype(np.float16).astype(np.float64)
    cos = kept @ kept.T
    w, floor = rows.LEAD_WEIGHT, rows.LEAD_FLOOR
    lead = np.clip((cos - floor) / (1 - floor), 0, None)
    off = lead[~np.eye(len(lead), dtype=bool)]  # pairs of two articles
    assert 0 < (off > 0).sum() < off.size  # both under and over the floor
    assert np.allclose(mixed, (1 - w) * words_only + w * lead, atol=1e-5)
    assert np.array_equal(_gram(x), mixed)  # the rows' leads are not overwritten
    assert blocks.levels(led) == blocks.WITH_LEADS and blocks.levels(feats) == blocks.WORDS
    assert blocks.levels([*led[:-1], feats[-1]]) == blocks.WORDS
    same = _gram(rows.block_vectors([*led[:-1], feats[-1]]))
    assert np.allclose(same, words_only)


def _gram(x: rows.Rows) -> np.ndarray:
    """Every pair's similarity of a block's rows."""
    return x.sim(x)
