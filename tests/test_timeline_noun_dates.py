"""A date that modifies a noun dates that noun's event, not the claim (#15).

AllSides dev: "Republican leaders are trying to sink legislation establishing an independent
commission on the deadly Jan. 6 attack" was a timeline line under 2021-01-06, and "Washington
should immediately return to the 2015 nuclear deal" one under 2015: the attack's and the
deal's dates, not the claims'. A date that is the claim's occasion ("said ... in a Thursday
note", "reiterated during a Sunday morning CNN interview") still dates it. Real dev articles,
none of the briefing gold stories (``extract.date_clauses``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from allsides_pick import date_in, pick_allsides, picked_dates
from storyline.models import Article, DateRef
from storyline.pipeline import analyze

JAN6 = "washingtonpost.com/politics/mcconnell-comes-out-against-jan-6-commission"
IRAN = "cbsnews.com/news/iran-president-election-ebrahim-raisi-biden-nuclear-deal"
NOTE = "marketwatch.com/story/is-this-good-inflation-or-bad-inflation"
INTERVIEW = "newsweek.com/kamala-harris-says-trump-pulled-out-immigration-progress"
SURVEY = "pewresearch.org/fact-tank/2021/05/05/americans-divided-on-whether-trump"
AUDIT = "nytimes.com/2021/05/06/us/arizona-vote-count-republicans"


def _write(root: Path, keys: tuple[str, ...]) -> Path:
    return pick_allsides(root, keys)


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Article, list[DateRef]]]:
    """Each picked article and its dates, by the URL key it was picked by."""
    keys = (JAN6, IRAN, NOTE, INTERVIEW, SURVEY, AUDIT)
    return picked_dates(tmp_path_factory.mktemp("dates"), keys)


def _aside(dated: tuple[Article, list[DateRef]], d: DateRef) -> str | None:
    if d.aside_start is None or d.aside_end is None:
        return None
    return dated[0].text[d.aside_start : d.aside_end]


@pytest.mark.parametrize(
    ("key", "text", "words", "aside"),
    [
        (JAN6, "Jan. 6", "an independent commission on the deadly Jan. 6 attack", "the deadly"),
        (IRAN, "2015", "return to the 2015 nuclear deal", "the 2015 nuclear deal"),
        # a participle the tagger reads as a past tense: the survey's days, not the ruling's
        # (the board's ruling was filed under April 12 in the timeline)
        (SURVEY, "April 12", "The survey, fielded April 12", "fielded"),
        # a phrase set off on a noun describes that noun: the riot's day is not the day of
        # the recount the sentence reports (its claim was filed under 2021-01-06)
        (AUDIT, "Jan. 6", "steps during the Jan. 6 riot", "including a man"),
    ],
)
def test_a_date_on_a_noun_dates_that_nouns_event(
    dated: dict[str, tuple[Article, list[DateRef]]], key: str, text: str, words: str, aside: str
) -> None:
    d = date_in(dated[key], text, words)
    assert d.value is not None  # still read and resolved
    held = _aside(dated[key], d)
    assert held is not None and held.startswith(aside), held


@pytest.mark.parametrize(
    ("key", "text", "words"),
    [
        (NOTE, "Thursday", "in a Thursday note"),  # "..., said Nicholas Colas, ..., in a ..."
        (INTERVIEW, "Sunday morning", "during a Sunday morning CNN interview"),
    ],
)
def test_a_date_on_the_claims_occasion_dates_the_claim(
    dated: dict[str, tuple[Article, list[DateRef]]], key: str, text: str, words: str
) -> None:
    d = date_in(dated[key], text, words)
    assert _aside(dated[key], d) is None


@pytest.fixture(scope="module")
def timeline(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    path = _write(tmp_path_factory.mktemp("jan6"), (JAN6,))
    [story] = analyze(path).briefing.to_json()["stories"]
    lines: list[dict[str, Any]] = story["timeline"]
    return lines


def test_no_line_is_filed_under_a_nouns_date(timeline: list[dict[str, Any]]) -> None:
    """The leaders' effort to sink the bill is not an event of January 6, 2021."""
    sink = [ln for ln in timeline if "trying to sink legislation" in ln["text"]]
    assert not [ln for ln in sink if ln["date"].startswith("2021-01")], sink
    assert timeline  # the story still has a timeline
