"""A span of time written as two dates is not filed under its last one (#15).

AllSides dev: CNN's "... served ... as a Republican US senator from 1979 through 2009" was a
timeline line of 2009, and a Census line "grew from 2010-2020" one of 2020 (a new user's
AllSides run). Neither end dates such a claim; a span of a few days (Fox News: "at least 26
people were shot from Friday through Sunday") is dated by its first day.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from allsides_pick import pick_allsides
from storyline.pipeline import analyze

WARNER = ("cnn.com/2021/05/26/politics/virginia-senator-john-warner-dies",)
WEEKEND = ("foxnews.com/us/july-fourth-weekend-gun-violence",)


def _claims(path: Path) -> list[dict[str, Any]]:
    doc = analyze(path).briefing.to_json()
    return [c for s in doc["stories"] for c in s["claims"]]


def test_years_of_service_date_no_claim(tmp_path: Path) -> None:
    claims = _claims(pick_allsides(tmp_path, WARNER))
    (served,) = [c for c in claims if "from 1979 through 2009" in c["text"]]
    assert served["date"] is None


def test_a_weekend_is_dated_by_its_first_day(tmp_path: Path) -> None:
    claims = _claims(pick_allsides(tmp_path, WEEKEND))
    (shot,) = [c for c in claims if "from Friday through Sunday" in c["text"]]
    assert shot["date"] is not None and shot["date"].endswith("-02"), shot["date"]
