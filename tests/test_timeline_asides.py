"""A timeline line is dated by its claim, not by an aside of another source (#15).

AllSides dev, Russia's Pacific exercise during the Geneva summit (Newsmax, Newsweek, CBS News):
the line "The exercise ... was conducted about 300-500 miles west of Hawaii" was filed under
2021-01, a date its sentence does not hold, taken from CBS's "their first since Mr. Biden took
office in January". A date in a subordinate clause or phrase dates that clause's event
(``extract.date_clauses``); the claim's date comes from the main clauses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from allsides_pick import pick_allsides
from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.ingest import read_paths
from storyline.models import Article, DateRef
from storyline.nlp import load_nlp
from storyline.pipeline import analyze

EXERCISE = (
    "newsmax.com/politics/us-russia-hawaii-military",
    "newsweek.com/russia-conducts-largest-navy-exercise",
    "cbsnews.com/news/biden-putin-summit-russia-naval-exercise",
)


def _pick(root: Path) -> Path:
    return pick_allsides(root, EXERCISE, "exercise.jsonl")


@pytest.fixture(scope="module")
def briefing(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return analyze(_pick(tmp_path_factory.mktemp("exercise"))).briefing.to_json()


@pytest.fixture(scope="module")
def cbs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Article, list[DateRef]]:
    path = _pick(tmp_path_factory.mktemp("cbs"))
    articles = [clean(a) for a in read_paths([path]) if "cbsnews" in (a.url or "")]
    [ex] = extract_articles(articles, load_nlp()).extractions
    return articles[0], ex.dates


def test_a_date_in_a_since_clause_is_an_aside(cbs: tuple[Article, list[DateRef]]) -> None:
    art, dates = cbs
    [jan] = [d for d in dates if d.text == "January"]
    assert jan.value == "2021-01"  # the date is still read and resolved as before
    assert jan.aside_start is not None and jan.aside_end is not None
    aside = art.text[jan.aside_start : jan.aside_end]
    assert aside.startswith("since") and aside.endswith("January")


def test_no_line_is_filed_under_an_asides_month(briefing: dict[str, Any]) -> None:
    """Every dated line of the exercise story is of the summit's days: CBS's sentence of the
    exercise coming ahead of the meeting was filed under January, its aside's month."""
    [story] = briefing["stories"]
    lines = story["timeline"]
    assert lines
    assert all(line["date"].startswith("2021-06") for line in lines), lines


def test_the_date_of_a_changes_starting_value_is_an_aside(tmp_path: Path) -> None:
    """AP's May jobs report (2021-05-07): "the unemployment rate ticked up to 6.1% from 6% in
    March" gives March as the month of the earlier 6%, not of the rise; the claim's line was
    filed under 2021-03. A span of days that opens with "from" is no such value ("From
    January 1 to July 11 this year ...")."""
    path = pick_allsides(tmp_path, ["unemployment-health-coronavirus-pandemic-business-5dc3386"])
    [art] = [clean(a) for a in read_paths([path])]
    [ex] = extract_articles([art], load_nlp()).extractions
    start = art.text.index("from 6% in March")
    [march] = [d for d in ex.dates if d.start == start + len("from 6% in ")]
    assert march.value == "2021-03"
    assert (march.aside_start, march.aside_end) == (start, start + len("from 6% in March"))
