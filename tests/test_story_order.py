"""Order and place do not matter: the same articles in any file order, under any file names,
in any folder give the same stories, the same storylines and the same story ids.

Real articles: ECB+ reports written out as undated plain-text files (their ids hash the path,
so each folder gives other article ids), and AllSides coverage as dated JSONL in shuffled
line order. Everything runs through the real stages: read, clean, extract, cluster (with each
article's lead vector, as ``analyze`` clusters).
"""

from __future__ import annotations

import functools
import json
import random
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from storyline.cluster import cluster_articles, content_key
from storyline.extract import extract_articles
from storyline.models import Article, Story
from storyline.pipeline import read_and_clean

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "eval" / "allsides" / "articles.jsonl"
ECB = ROOT.parent / "shared" / "eval" / "ecbplus"
# Two ECB+ topics (four real events, two pairs of similar ones) keep the test under a minute.
ECB_TOPICS = {"1", "3"}
# AllSides lines taken: two weeks of dated coverage with follow-ups.
ALLSIDES_LINES = 160


def _grouping(paths: list[Path]) -> tuple[set[frozenset[str]], set[frozenset[str]], set[str]]:
    """Stories and storylines as sets of content keys (ids differ by path), and story ids."""
    articles = [a for a in read_and_clean(paths) if isinstance(a, Article)]
    result = extract_articles(articles)
    stories = cluster_articles(articles, result.extractions, result.entities, embedder=_encoder())
    key = {a.id: content_key(a) for a in articles}
    groups = {frozenset(key[a] for a in s.article_ids) for s in stories}
    return groups, _lines(stories, key), {s.id for s in stories}


@functools.cache
def _encoder() -> Any:
    """The sentence encoder ``analyze`` clusters with (each article's title and lead)."""
    from storyline.embed import load_embedder

    return load_embedder()


def _lines(stories: list[Story], key: dict[str, str]) -> set[frozenset[str]]:
    members: dict[str, set[str]] = {}
    for s in stories:
        members.setdefault(s.storyline or s.id, set()).update(key[a] for a in s.article_ids)
    return {frozenset(m) for m in members.values()}


@pytest.mark.skipif(not ECB.exists(), reason="ECB+ data missing")
def test_file_names_folders_and_order_change_nothing(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ecbplus import load

    docs = load(topics=ECB_TOPICS)
    rng = random.Random(13)
    first, second = tmp_path / "a", tmp_path / "elsewhere" / "b"
    first.mkdir()
    second.mkdir(parents=True)
    shuffled = list(docs)
    rng.shuffle(shuffled)
    for d in docs:
        (first / f"{d.name}.txt").write_text(d.article.text, encoding="utf-8")
    for i, d in enumerate(shuffled):  # other names, so the folder reads in another order
        (second / f"{len(docs) - i:03d}-report.txt").write_text(d.article.text, encoding="utf-8")
    one, other = _grouping([first]), _grouping([second])
    assert len(one[0]) >= len(ECB_TOPICS) * 2 - 1  # it really tells events apart
    assert one == other


@pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")
def test_dated_coverage_in_shuffled_order_gives_the_same_stories(tmp_path: Path) -> None:
    lines = ALLSIDES.read_text("utf-8").splitlines()[:ALLSIDES_LINES]
    shuffled = list(lines)
    random.Random(5).shuffle(shuffled)
    (tmp_path / "in-order.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "shuffled.jsonl").write_text("\n".join(shuffled) + "\n", encoding="utf-8")
    one = _grouping([tmp_path / "in-order.jsonl"])
    other = _grouping([tmp_path / "shuffled.jsonl"])
    assert one == other
    assert len(one[1]) < len(one[0])  # some follow-ups are linked into storylines
    days = {json.loads(x)["published"] for x in lines}
    assert len(days) > 7


@pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")
def test_small_blocks_cut_no_story_and_keep_the_grouping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocks of days are a cost bound, not a rule: cut into blocks of a few dozen articles,
    two weeks of AllSides coverage still give every article one story, no story longer than
    STORY_DAYS, and nearly the grouping of one block (B-cubed against it >= 0.95)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from eval_common import bcubed
    from storyline.cluster import blocks
    from storyline.cluster.stories import STORY_DAYS

    (tmp_path / "a.jsonl").write_text(
        "\n".join(ALLSIDES.read_text("utf-8").splitlines()[:ALLSIDES_LINES]) + "\n", "utf-8"
    )
    articles = [a for a in read_and_clean([tmp_path / "a.jsonl"]) if isinstance(a, Article)]
    result = extract_articles(articles)
    whole = cluster_articles(articles, result.extractions, result.entities, embedder=_encoder())
    monkeypatch.setattr(blocks, "BLOCK_ARTICLES", 25)
    cut = cluster_articles(articles, result.extractions, result.entities, embedder=_encoder())
    day = {a.id: a.published for a in articles}
    for s in cut:
        days = sorted(date.fromisoformat(day[a] or "") for a in s.article_ids)
        assert (days[-1] - days[0]).days <= STORY_DAYS
    of = {a: s.id for s in whole for a in s.article_ids}
    of_cut = {a: s.id for s in cut for a in s.article_ids}
    assert sorted(of_cut) == sorted(of) == sorted(day)
    ids = sorted(of)
    assert bcubed([of[a] for a in ids], [of_cut[a] for a in ids])[2] >= 0.95
