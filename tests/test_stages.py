"""The stages chained by hand in Python give what ``analyze`` gives, and change nothing they
are given (issue #14: the run no longer loops back and patches an earlier stage's output)."""

from __future__ import annotations

import copy
from dataclasses import asdict
from typing import Any

import pytest

from seedrun import SEEDS, SeedReport
from storyline import build_briefing, clean, cluster_articles, extract_articles, read_paths
from storyline.cluster import order_key
from storyline.extract import resolve_undated, undated_anchors
from storyline.models import Article, Extraction, ReadError
from storyline.nlp import load_nlp
from storyline.store import Store


@pytest.fixture(scope="module")
def chained() -> dict[str, Any]:
    """read_paths -> clean -> extract_articles -> cluster_articles -> resolve_undated ->
    build_briefing, each output checked unchanged by the stages after it."""
    nlp = load_nlp()
    read = [a for a in read_paths([SEEDS]) if not isinstance(a, ReadError)]
    read_before = [asdict(a) for a in read]
    # in the order analyze puts them in (storyline.cluster.order_key: the briefing lists them so)
    articles = sorted((clean(a) for a in read), key=order_key)
    assert [asdict(a) for a in read] == read_before  # clean marked copies
    articles_before = [asdict(a) for a in articles]
    result = extract_articles(articles, nlp)
    extracted = [ex.to_dict() for ex in result.extractions]
    entities = copy.deepcopy(result.entities)
    stories = cluster_articles(articles, result.extractions, result.entities)
    stories_before = copy.deepcopy(stories)
    extractions = resolve_undated(articles, result.extractions, stories)
    assert [ex.to_dict() for ex in result.extractions] == extracted  # new ones, not patched
    briefing = build_briefing(articles, extractions, result.entities, stories).to_json()
    assert [asdict(a) for a in articles] == articles_before
    assert result.entities == entities and stories == stories_before
    return {
        "articles": articles,
        "first": result.extractions,
        "extractions": extractions,
        "stories": stories,
        "briefing": briefing,
    }


def test_extraction_dict_is_asdict(chained: dict[str, Any]) -> None:
    # Extraction.to_dict skips asdict's deep copy of every leaf; the dict must be asdict's.
    exs: list[Extraction] = chained["extractions"]
    assert sum(len(ex.quotes) + len(ex.mentions) for ex in exs) > 50
    for ex in exs:
        plain = ex.to_dict()
        assert plain == asdict(ex)
        assert Extraction.from_dict(plain) == ex


def _dates(exs: list[Extraction]) -> dict[str, list[dict[str, Any]]]:
    return {ex.article_id: [asdict(d) for d in ex.dates] for ex in exs}


def test_undated_seeds_are_re_resolved(chained: dict[str, Any]) -> None:
    articles: list[Article] = chained["articles"]
    anchors = undated_anchors(articles, chained["stories"])
    undated = {a.id for a in articles if not a.published}
    assert undated and set(anchors) == undated  # three seeds carry no date; one story
    first, after = chained["first"], chained["extractions"]
    assert [ex.article_id for ex in after] == [ex.article_id for ex in first]
    for old, new in zip(first, after, strict=True):
        if old.article_id in undated:
            assert new is not old and all(d.anchor == anchors[old.article_id] for d in new.dates)
            assert (new.mentions, new.quotes, new.quantities) == (
                old.mentions,
                old.quotes,
                old.quantities,
            )
        else:
            assert new is old
    resolved = sum(1 for ex in after for d in ex.dates if d.value)
    assert resolved > sum(1 for ex in first for d in ex.dates if d.value)


def test_chained_stages_give_what_analyze_gives(
    chained: dict[str, Any], seed_analysis: SeedReport
) -> None:
    with Store(seed_analysis.db, read_only=True) as store:
        kept = [store.get_extraction(ex.article_id) for ex in chained["extractions"]]
    assert all(kept)
    assert _dates([k for k in kept if k]) == _dates(chained["extractions"])
    # made_by differs in the options only: analyze names its own (workers, cache).
    analysed = seed_analysis.briefing
    assert analysed["made_by"]["options"] == {"cache": True, "workers": 1}
    made_by = {**analysed["made_by"], "options": {}}
    assert chained["briefing"] == {**analysed, "made_by": made_by}
