"""Date lines at the head of an article: which pieces reach dateparser (issue #17: its first
call on a piece that is no date loads every language it knows, 2 s of CPU)."""

from __future__ import annotations

import pytest

from storyline.ingest import dates
from storyline.ingest.dates import date_of_line, parse_date


def test_written_dates_are_read() -> None:
    assert date_of_line("Tuesday, March 7, 2017") == ("2017-03-07", False)
    assert date_of_line("Updated: 1st March 2017 10:45 am") == ("2017-03-01", True)
    assert parse_date("1er mars 2017") == "2017-03-01"
    assert parse_date("2017年3月7日") == "2017-03-07"


def test_a_headline_with_a_year_never_reaches_dateparser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dateparser

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("dateparser called on a piece without a day")

    monkeypatch.setattr(dateparser, "parse", refuse)
    assert date_of_line("2016 Dems React To GOP Debate") is None
    assert date_of_line("Declared 2016 Presidential Candidates") is None
    assert dates.find_published(["Trump's 2016 Playbook", "By A Reporter"]) is None


def test_a_relative_word_beside_a_year_is_no_date() -> None:
    # dateparser reads "yesterday 2016" as the day before the run, whatever the year says
    assert parse_date("yesterday 2016") is None
    assert parse_date("today 2016") is None
