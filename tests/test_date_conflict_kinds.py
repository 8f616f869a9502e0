"""Days of a span's bound and of a plan conflict with days of their own kind (a new user's
trial): two outlets' "will stay closed until Friday" and "until Monday" disagree, and the
summary said Friday citing the outlet that says Monday. A bound set against an event's day
is still no conflict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storyline.pipeline import analyze

REPORT = (
    "A fire at a chemical plant in Springfield injured {n} people on Tuesday, officials said. "
    "The plant {plant}, officials said. The fire started at 3 a.m., fire chief Tom Lee said."
)


def _story(tmp_path: Path, *plants: str) -> dict[str, Any]:
    rows = [
        {
            "title": f"Fire {k}",
            "outlet": outlet,
            "url": f"https://{outlet.split()[0].lower()}.example/fire",
            "published": "2024-05-07",
            "text": REPORT.format(n=12 + 2 * k, plant=plant),
        }
        for k, (outlet, plant) in enumerate(zip(("Alpha News", "Beta Post"), plants, strict=True))
    ]
    src = tmp_path / "fire.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    (story,) = analyze([src], out=tmp_path / "out").briefing.to_json()["stories"]
    return story


def test_two_bounds_of_one_span_conflict_and_leave_the_summary(tmp_path: Path) -> None:
    story = _story(tmp_path, "will stay closed until Friday", "will stay closed until Monday")
    (date,) = [c for c in story["conflicts"] if c["kind"] == "date"]
    assert [v["normalized"] for v in date["values"]] == ["2024-05-10", "2024-05-13"]
    assert not any("until" in line["text"] for line in story["summary"])


def test_a_bound_and_an_event_s_day_do_not_conflict(tmp_path: Path) -> None:
    story = _story(tmp_path, "will stay closed until Friday", "reopened on Monday")
    assert not [c for c in story["conflicts"] if c["kind"] == "date"]
