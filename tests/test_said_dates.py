"""The day a thing was said gives way to the day of what was said (#15, point 4).

A fact-checker's trial of the AllSides dev briefing: CNBC's "Inflation in April accelerated
..., the Labor Department said Wednesday" was on the timeline under the Wednesday in May,
because a day is finer than a month. A past date in the words reported dates the line;
the day of saying stays when the words have none that is over before it: the New York
Post's "Pfizer said Tuesday it expects ... sales this year" (this year holds the Tuesday)
and the Washington Times' "The top House Republican said Tuesday he won't support creating
a commission to investigate [the] attack ... in January" (no past event of January).
``reconcile.said_dates``.
"""

from __future__ import annotations

import pytest

from allsides_pick import pick_allsides
from storyline.pipeline import analyze

APRIL = "cnbc.com/2021/05/12/consumer-price-index-april-2021"
PFIZER = "nypost.com/2021/05/04/pfizer-expects-26-billion"
MCCARTHY = "washingtontimes.com/news/2021/may/18/kevin-mccarthy-house-gop-leader"


@pytest.fixture(scope="module")
def dates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | None]:
    path = pick_allsides(tmp_path_factory.mktemp("said"), (APRIL, PFIZER, MCCARTHY))
    stories = analyze([path]).briefing.to_json()["stories"]
    return {c["text"]: c["date"] for s in stories for c in s["claims"]}


def _date(dates: dict[str, str | None], words: str) -> str | None:
    [date] = [d for text, d in dates.items() if text.startswith(words)]
    return date


def test_a_past_date_in_the_words_said_dates_the_line(dates: dict[str, str | None]) -> None:
    assert _date(dates, "Inflation in April accelerated") == "2021-04"


@pytest.mark.parametrize(
    ("words", "day"),
    [
        ("Pfizer said Tuesday it expects", "2021-05-04"),
        ("The top House Republican said Tuesday", "2021-05-18"),
    ],
)
def test_the_day_of_saying_stays(dates: dict[str, str | None], words: str, day: str) -> None:
    assert _date(dates, words) == day
