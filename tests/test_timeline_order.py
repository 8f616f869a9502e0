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
from storyline.reconcile.lines import first_day

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


#: The Senate's infrastructure vote, 15-19 July 2021: lines of Monday 19 July and of its week
#: ("2021-W29", "next week") share a first day.
CLOTURE = (
    "politico.com/news/2021/07/15/bipartisan-infrastructure-drive-stalls-499751",
    "thehill.com/homenews/senate/563177-schumer-sets-up-key-vote-on-bipartisan-deal",
    "washingtonexaminer.com/news/congress-senate-to-vote-next-week-on-infrastructure",
)


def test_lines_of_one_date_stay_together(tmp_path: Path) -> None:
    """A new user's run listed a week's two lines on either side of its Monday's line: on one
    first day the day's lines come first, then the week's, each date's lines together."""
    doc = analyze(pick_allsides(tmp_path, CLOTURE, "cloture.jsonl")).briefing.to_json()
    lines = [[line["date"] for line in s["timeline"]] for s in doc["stories"]]
    assert any("-W" in d for ds in lines for d in ds), lines
    for dates in lines:
        runs = [d for k, d in enumerate(dates) if k == 0 or dates[k - 1] != d]
        assert len(runs) == len(set(runs)), dates


def test_a_week_reads_as_the_day_it_begins(tmp_path: Path) -> None:
    """A new user's trial: a timeline date "2021-W19" puzzles editors; the reports show the
    week by its Monday, the JSON keeps the ISO value."""
    out = tmp_path / "report"
    doc = analyze(pick_allsides(tmp_path, JOBLESS, "jobless.jsonl"), out=out).briefing.to_json()
    weeks = {d["date"] for s in doc["stories"] for d in s["timeline"] if "-W" in d["date"]}
    assert weeks
    pages = [(out / "briefing.md").read_text("utf-8")]
    pages += [p.read_text("utf-8") for p in out.rglob("*.html")]
    for week in weeks:
        assert any(f"week of {first_day(week)}" in page for page in pages), week
        assert not any(week in page.split("<script")[0] for page in pages), week


def test_the_page_places_a_week_by_its_first_day() -> None:
    """A review: the HTML timeline placed "2021-W19" after every day of 2021 (its dates were
    sorted as text), right of 20 May and 1 June."""
    from storyline.report.view import timeline_geometry

    items = [{"date": d, "text": d} for d in ("2021-06-01", "2021-W19", "2021-05-20")]
    placed, _ = timeline_geometry(items)
    x = {p["date"]: p["x"] for p in placed}
    assert x["2021-W19"] < x["2021-05-20"] < x["2021-06-01"]


def test_a_long_timeline_label_is_cut_at_a_whole_word() -> None:
    """A new user's trial: a label of the page's timeline read "He also said Ukrain…"."""
    from storyline.report.view import timeline_geometry

    for pad in range(8):  # wherever the room ends, inside a word or not
        text = "He also said" + " x" * pad + " " + " ".join(["Ukrainian forces held on"] * 12)
        (placed,), _ = timeline_geometry([{"date": "2025-04-09", "text": text}])
        label = placed["label"]
        assert label.endswith("…") and len(label) < len(text)
        assert text.startswith(label[:-1]) and text[len(label) - 1] == " ", label
