"""The date a value is compared with is the base's, not the claim's (#15, point 4).

A new user's trial of AllSides dev timelines (none of the briefing gold stories): AAA's
current gas price, "16 cents more than a month ago", was a line under April 2021, and its
holiday forecast, "a 60% increase over last year", one under 2020; CNN's "down 6.8 million
jobs compared with February 2020" one under February 2020. A second trial: CNBC's April
core prices, "increased 3% from the same period in 2020", were under 2020, and National
Review's "The 0.9 percent CPI increase from March" under March (a change's "from" reaches
a date inside its object, and a value written before it on a noun). A comparison's own day stays:
"Consumer prices jumped more than expected in May" is May's jump. ``extract.date_clauses``.
"""

from __future__ import annotations

import pytest

from allsides_pick import date_in, picked_dates
from storyline.models import Article, DateRef

GAS = "cnbc.com/2021/05/27/memorial-day-gas-prices-are-the-highest"
JOBS = "cnn.com/2021/07/02/economy/june-jobs-report"
OPENINGS = "npr.org/2021/07/07/1013432190/u-s-job-openings-remain"
PRICES = "cnbc.com/2021/06/10/inflation-hotter-than-expected"
APRIL = "cnbc.com/2021/05/12/consumer-price-index-april-2021"
CPI = "nationalreview.com/news/consumer-price-index-sees-largest-yearly-increase"
KEYS = (GAS, JOBS, OPENINGS, PRICES, APRIL, CPI)


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Article, list[DateRef]]]:
    return picked_dates(tmp_path_factory.mktemp("compared"), KEYS)


@pytest.mark.parametrize(
    ("key", "text", "words"),
    [
        (GAS, "a month ago", "16 cents more than a month ago"),
        (GAS, "last year", "a 60% increase over last year"),
        (JOBS, "February 2020", "jobs\u00a0compared with February 2020"),
        (OPENINGS, "February 2020", "30% higher than they were in February 2020"),
        (APRIL, "2020", "increased 3% from the same period in 2020"),
        (CPI, "March", "The 0.9 percent CPI increase from March"),
    ],
)
def test_a_compared_date_does_not_date_the_claim(
    dated: dict[str, tuple[Article, list[DateRef]]], key: str, text: str, words: str
) -> None:
    d = date_in(dated[key], text, words)
    assert d.value is not None and d.aside_start is not None  # read, and set aside


def test_a_comparison_with_an_expectation_keeps_its_day(
    dated: dict[str, tuple[Article, list[DateRef]]],
) -> None:
    d = date_in(dated[PRICES], "May", "jumped more than expected in May")
    assert d.value == "2021-05" and d.aside_start is None
