"""The date a value is compared with is the base's, not the claim's (#15, point 4).

A new user's trial of AllSides dev timelines (none of the briefing gold stories): AAA's
current gas price, "16 cents more than a month ago", was a line under April 2021, and its
holiday forecast, "a 60% increase over last year", one under 2020; CNN's "down 6.8 million
jobs compared with February 2020" one under February 2020. A comparison's own day stays:
"Consumer prices jumped more than expected in May" is May's jump. ``extract.date_clauses``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from allsides_pick import pick_allsides
from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.ingest import read_paths
from storyline.models import Article, DateRef
from storyline.nlp import load_nlp

GAS = "cnbc.com/2021/05/27/memorial-day-gas-prices-are-the-highest"
JOBS = "cnn.com/2021/07/02/economy/june-jobs-report"
OPENINGS = "npr.org/2021/07/07/1013432190/u-s-job-openings-remain"
PRICES = "cnbc.com/2021/06/10/inflation-hotter-than-expected"
KEYS = (GAS, JOBS, OPENINGS, PRICES)


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Article, list[DateRef]]]:
    path: Path = pick_allsides(tmp_path_factory.mktemp("compared"), KEYS)
    articles = [clean(a) for a in read_paths([path])]
    by_id = {ex.article_id: ex.dates for ex in extract_articles(articles, load_nlp()).extractions}
    return {k: (a, by_id[a.id]) for a in articles for k in KEYS if k in (a.url or "")}


def _date(dated: tuple[Article, list[DateRef]], text: str, words: str) -> DateRef:
    art, dates = dated
    at = art.text.index(words)
    [d] = [d for d in dates if d.text == text and at <= d.start < at + len(words)]
    return d


@pytest.mark.parametrize(
    ("key", "text", "words"),
    [
        (GAS, "a month ago", "16 cents more than a month ago"),
        (GAS, "last year", "a 60% increase over last year"),
        (JOBS, "February 2020", "jobs\u00a0compared with February 2020"),
        (OPENINGS, "February 2020", "30% higher than they were in February 2020"),
    ],
)
def test_a_compared_date_does_not_date_the_claim(
    dated: dict[str, tuple[Article, list[DateRef]]], key: str, text: str, words: str
) -> None:
    d = _date(dated[key], text, words)
    assert d.value is not None and d.aside_start is not None  # read, and set aside


def test_a_comparison_with_an_expectation_keeps_its_day(
    dated: dict[str, tuple[Article, list[DateRef]]],
) -> None:
    d = _date(dated[PRICES], "May", "jumped more than expected in May")
    assert d.value == "2021-05" and d.aside_start is None
