"""An undated article's dates resolved again against its story's span, without a second
parse (issue #17: ``resolve_undated`` parsed every undated article twice), give what parsing
it again with that anchor gives.

Real articles: AllSides reports read without their publication date (many "on Tuesday",
"last week", "a day earlier"), three ECB+ topics' reports (undated as published), and the
undated seeds. Each is anchored at a single day and at a span of days.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.extract.dates import redate
from storyline.ingest import read_paths
from storyline.models import Article
from storyline.nlp import load_nlp

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ALLSIDES = SHARED / "eval" / "allsides" / "articles.jsonl"
ECB_TOPICS = {"2", "5", "8"}
# AllSides articles read undated: enough relative dates of every kind, under a minute to parse.
ALLSIDES_ARTICLES = 60

pytestmark = pytest.mark.skipif(
    not (ALLSIDES.exists() and (SHARED / "eval" / "ecbplus").exists()),
    reason="AllSides or ECB+ data missing",
)


def _articles() -> tuple[list[Article], dict[str, str]]:
    """Undated articles, and for each a story-like anchor: a day or a span of days."""
    arts: list[Article] = []
    anchors: dict[str, str] = {}
    read = [a for a in read_paths([ALLSIDES]) if isinstance(a, Article)][:ALLSIDES_ARTICLES]
    for art in read:
        day = date.fromisoformat(str(art.published)[:10])
        span = f"{day - timedelta(days=1)}/{day}" if len(arts) % 2 else f"{day}/{day}"
        arts.append(replace(art, published=None))
        anchors[art.id] = span
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ecbplus import load

    seeds = sorted((SHARED / "seeds").glob("00[234]*.txt"))
    others = [d.article for d in load(topics=ECB_TOPICS)] + list(read_paths(seeds))
    for i, art in enumerate(a for a in others if isinstance(a, Article)):
        arts.append(art)
        anchors[art.id] = "2013-01-24/2013-01-26" if i % 2 else "2011-09-05/2011-09-05"
    return [clean(a) for a in arts], anchors


def test_dates_resolved_again_equal_a_second_parse() -> None:
    arts, anchors = _articles()
    assert all(a.published is None for a in arts)
    nlp = load_nlp()
    first = extract_articles(arts, nlp).extractions
    again = extract_articles(arts, nlp, anchors=anchors).extractions
    redone = [redate(ex.dates, anchors[ex.article_id]) for ex in first]
    assert [ex.dates for ex in again] == redone
    resolved = sum(1 for dates in redone for d in dates if d.value)
    unanchored = sum(1 for ex in first for d in ex.dates if d.value)
    assert resolved > 2 * unanchored  # the anchors really resolve relative dates (490 / 161)
