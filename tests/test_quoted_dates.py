"""A calendar date someone is quoted saying dates what they speak of, not the line's news,
which is their saying it: a fact-checker's seventh trial found a commander's quoted "founded
in 1619 and not 1776" filed under 1776, and the press secretary's "the events of January 6th"
(said on 3 June 2021) under 2021-01-06. A date counted from the moment of speaking ("Today I
..."), which dates the saying's own news, is kept. Read as a user's input, picked by URL."""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline import analyze

COMMANDER = (
    "space-force-officer-matthew-lohmeier",
    "space-force-commander-fired-for-comments",
    "ex-space-force-commander-dod-videos",
)
NO_COMMISSION = (
    "joe-biden-against-presidential-commission",
    "biden-jan-6-commission",
    "white-house-no-january-6-commission",
)


def _timeline(tmp_path: Path, keys: tuple[str, ...]) -> list[dict[str, str]]:
    doc = analyze([pick_allsides(tmp_path, keys)]).briefing.to_json()
    (story,) = [s for s in doc["stories"] if len(s["article_ids"]) == 3]
    return list(story["timeline"])


def test_a_quoted_year_files_no_line(tmp_path: Path) -> None:
    lines = _timeline(tmp_path, COMMANDER)
    assert lines  # the story keeps a timeline
    assert not [t for t in lines if t["date"] < "2000"], lines


def test_a_quoted_day_of_another_event_files_no_line(tmp_path: Path) -> None:
    lines = _timeline(tmp_path, NO_COMMISSION)
    assert lines
    assert not [t for t in lines if t["date"].startswith("2021-01")], lines
