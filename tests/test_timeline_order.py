"""A timeline runs in date order whatever each date's granularity (#15).

AllSides dev, weekly jobless claims (Fox Business, Bloomberg, 6 May 2021): the claims dated
to the weeks ending 24 April and 1 May ("2021-W16", "2021-W17") were listed after the claim
of 6 May, because a week's value ("2021-W17") was compared as text with a day's
("2021-05-06").
A week sorts with its Monday, a month with its first day.
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline.pipeline import analyze
from storyline.reconcile.claims import first_day

JOBLESS = (
    "foxbusiness.com/economy/jobless-claims-coronavirus-pandemic-may-1",
    "bloomberg.com/news/articles/2021-05-06/u-s-jobless-claims-fall",
)


def test_first_day_of_each_granularity() -> None:
    assert first_day("2021-W17") == "2021-04-26"
    assert first_day("2020-W53") == "2020-12-28"
    assert first_day("2021-06") == "2021-06-01"
    assert first_day("2021") == "2021-01-01"
    assert first_day("2021-05-06") == "2021-05-06"


def test_weeks_sort_among_days(tmp_path: Path) -> None:
    doc = analyze(pick_allsides(tmp_path, JOBLESS, "jobless.jsonl")).briefing.to_json()
    (story,) = doc["stories"]
    dates = [line["date"] for line in story["timeline"]]
    assert any("-W" in d for d in dates) and any(len(d) == len("2021-05-06") for d in dates)
    firsts = [first_day(d) for d in dates]
    assert firsts == sorted(firsts), dates
