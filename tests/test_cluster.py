"""Story clustering on the five real seed reports of one event, plus the scale benchmark."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from storyline.clean import clean
from storyline.cluster import (
    StoryClusterer,
    article_features,
    cluster_articles,
    order_key,
    story_anchor,
)
from storyline.models import Article, Extraction, Story

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seeds() -> tuple[list[Article], list[Extraction], list]:
    from storyline.extract import extract_articles
    from storyline.ingest import read_paths

    articles = [clean(a) for a in read_paths(sorted(SEEDS.glob("*.txt")))]
    assert len(articles) == 5 and all(isinstance(a, Article) for a in articles)
    result = extract_articles(articles)
    return articles, result.extractions, result.entities


def _groups(stories: list[Story]) -> list[list[str]]:
    return sorted(sorted(s.article_ids) for s in stories)


def test_seeds_form_one_story(seeds) -> None:
    articles, extractions, entities = seeds
    stories = cluster_articles(articles, extractions, entities)
    assert len(stories) == 1
    assert sorted(stories[0].article_ids) == sorted(a.id for a in articles)
    assert stories[0].date_span == ("2025-04-09", "2025-04-10")
    assert stories[0].headline


def test_undated_seeds_join_and_take_the_story_span(seeds) -> None:
    articles, extractions, entities = seeds
    undated = [a for a in articles if a.published is None]
    assert len(undated) == 3  # seeds 002-004 carry no date
    story = cluster_articles(articles, extractions, entities)[0]
    assert all(a.id in story.article_ids for a in undated)
    assert story_anchor(story, {a.id: a for a in articles}) == "2025-04-09/2025-04-10"


def test_empty_article_gets_its_own_story(seeds) -> None:
    articles, extractions, entities = seeds
    empty = Article(id="empty", source_path="empty.txt", text="", fmt="txt", published="2025-04-10")
    stories = cluster_articles([*articles, empty], [*extractions, Extraction("empty")], entities)
    assert _groups(stories) == sorted([["empty"], sorted(a.id for a in articles)])
    alone = next(s for s in stories if s.article_ids == ["empty"])
    assert story_anchor(alone, {"empty": empty}) == "2025-04-10/2025-04-10"


def test_article_without_entities_gets_its_own_story(seeds) -> None:
    articles, extractions, entities = seeds
    bare = [Extraction(e.article_id) if e.article_id == articles[2].id else e for e in extractions]
    stories = cluster_articles(articles, bare, entities)
    assert [articles[2].id] in _groups(stories)
    assert len(stories) == 2


def test_deterministic_and_order_independent(seeds) -> None:
    articles, extractions, entities = seeds
    first = cluster_articles(articles, extractions, entities)
    again = cluster_articles(list(reversed(articles)), list(reversed(extractions)), entities)
    assert first == again


def test_incremental_add_equals_batch(seeds) -> None:
    articles, extractions, entities = seeds
    by_id = {e.article_id: e for e in extractions}
    types = {e.id: e.type for e in entities}
    c = StoryClusterer()
    for a in sorted(articles, key=order_key):
        c.add(article_features(a, by_id[a.id], types))
    batch = cluster_articles(articles, extractions, entities)
    assert {s.id: s.article_ids for s in batch} == c.stories()


def test_different_event_stays_apart(seeds) -> None:
    """An ECB+-like case: an unrelated report must not be pulled into the seed story."""
    from storyline.extract import extract_articles

    articles, extractions, entities = seeds
    other = clean(
        Article(
            id="other",
            source_path="other.txt",
            fmt="txt",
            published="2025-04-10",
            text="A magnitude 6.1 earthquake struck off the coast of Hokkaido, Japan, on Thursday, "
            "the Japan Meteorological Agency said. No tsunami warning was issued.\n",
        )
    )
    res = extract_articles([*articles, other])
    stories = cluster_articles([*articles, other], res.extractions, res.entities)
    assert ["other"] in _groups(stories)


def test_cluster_scale_generator_on_seed_features(seeds) -> None:
    """The scale benchmark's generator and clusterer, fed the seeds' real features.

    CI has no cached ECB+ extraction, so the synthetic archive is grown from the one real
    event at hand (renamed entities and details per synthetic event): every synthetic event
    must come out as a story of its own, mostly whole, with no parsing involved.
    """
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from cluster_scale import event_of, generate
    from eval_common import bcubed

    articles, extractions, entities = seeds
    by_id = {e.article_id: e for e in extractions}
    types = {e.id: e.type for e in entities}
    event = [article_features(a, by_id[a.id], types) for a in sorted(articles, key=order_key)]
    feats = list(generate(2000, [event]))
    assert len(feats) == 2000
    assert [f.day for f in feats] == sorted(f.day for f in feats)  # streamed in date order
    c = StoryClusterer()
    for f in feats:
        c.add(f)
    ids = sorted(c.assignment)
    p, r, _ = bcubed([event_of(a) for a in ids], [c.assignment[a] for a in ids])
    assert p > 0.95 and r > 0.8, (p, r)


def test_expired_story_still_reached_by_undated_articles(seeds) -> None:
    """Stories that fall out of the time window leave the candidate index (so lookups stay the
    size of one window), yet an undated report, placed on text and entities alone, still
    finds its story in the archive index."""
    from dataclasses import replace

    articles, extractions, entities = seeds
    by_id = {e.article_id: e for e in extractions}
    types = {e.id: e.type for e in entities}
    feats = [article_features(a, by_id[a.id], types) for a in sorted(articles, key=order_key)]
    dated = [f for f in feats if f.day is not None]
    c = StoryClusterer()
    for f in dated:
        c.add(f)
    home = c.assignment[dated[0].id]
    # Later coverage of other events (renamed entities), a year on: the seed story expires.
    for shift in range(1, 13):
        for f in dated:
            ents = {(k * 1000003 + shift) & 0xFFFFFFFF: n for k, n in f.entities.items()}
            terms = {(k * 1000003 + shift) & 0xFFFFFFFF: n for k, n in f.terms.items()}
            day = f.day + 30 * shift
            c.add(replace(f, id=f"{f.id}+{shift}", day=day, entities=ents, terms=terms))
    assert c.stats()["live_stories"] < len(c)
    for f in feats:
        if f.day is None:
            assert c.add(f) == home


def test_bulk_pauses_the_collector_and_restores_it(seeds) -> None:
    """``bulk`` (what ``cluster_articles`` adds under) pauses the cyclic collector and puts
    back the caller's setting afterwards, even when adding fails."""
    import gc

    articles, extractions, entities = seeds
    by_id = {e.article_id: e for e in extractions}
    f = article_features(articles[0], by_id[articles[0].id], {e.id: e.type for e in entities})
    c = StoryClusterer()
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), c.bulk():
        assert not gc.isenabled()
        c.add(f)
        1 / 0  # noqa: B018
    assert gc.isenabled() and len(c) == 1
    gc.disable()
    try:
        with c.bulk():
            pass
        assert not gc.isenabled()  # a caller who had it off keeps it off
    finally:
        gc.enable()
