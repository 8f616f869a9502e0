"""Two reports of one outlet in one story are told apart wherever the report names them.

On AllSides dev, the G-7's vaccine pledge (2021-06-10/11) holds two CBS News reports; a
citation "CBS News (Online) [120–184]" in briefing.md did not say which of them holds the
characters (a new user's trial). Each is numbered in the story's table order.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from allsides_pick import ALLSIDES, pick_allsides
from storyline.report.view import numbered_labels

pytestmark = pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")

G7_DOSES = [
    "covid-vaccine-pfizer-global-distribution-biden-administration",
    "biden-announce-donation-500-million-pfizer-doses",
    "white-house-says-joe-biden-will-prod-g-7-nations",
    "g-7-to-commit-to-sharing-1-billion-vaccines",
    "rc2dyn9do7r6-rtrmadp-3-g7-summit",
    "g7-coronavirus-vaccine-biden",
]


def test_an_outlets_two_reports_are_numbered_in_the_markdown(tmp_path: Path) -> None:
    from storyline.pipeline import analyze

    src = pick_allsides(tmp_path, G7_DOSES)
    run = analyze([src], out=tmp_path / "out")
    cbs = [a.id for a in run.articles if a.outlet == "CBS News (Online)"]
    (story,) = [s for s in run.briefing.stories if set(cbs) <= set(s.article_ids)]
    md = (tmp_path / "out" / "briefing.md").read_text(encoding="utf-8")
    section = md[md.index(f"## {story.headline}") :]
    cited = re.findall(r"CBS News \(Online\)( \(\d\))? \[\d+–\d+\]", section)
    assert cited and all(cited), cited  # every citation of CBS says which report
    assert "| CBS News (Online) (1) |" in section and "| CBS News (Online) (2) |" in section


def test_labels_are_numbered_only_where_they_repeat() -> None:
    pairs = [("a", "Fox"), ("b", "AP"), ("c", "Fox")]
    assert numbered_labels(pairs) == [("a", "Fox (1)"), ("b", "AP"), ("c", "Fox (2)")]


def test_a_column_heading_cut_short_keeps_its_number() -> None:
    """The story page's tables cut a long label to a column's width: the number that tells
    two reports of one outlet apart stays (a cut to 24 characters lost it; the review)."""
    from storyline.report.view import StoryView

    v = StoryView(story={}, articles={}, claims={}, outlets=[], matrix=[])
    assert v.column("Washington Examiner (Opinion Section) (2)") == "Washington Examiner… (2)"
    assert v.column("Fox News (Online News) (2)") == "Fox News (Online News) (2)"  # kept whole
    assert v.column("A very long outlet name without any number") == "A very long outlet name…"
