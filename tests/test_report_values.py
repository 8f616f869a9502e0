"""What a reader of the report trips on, on real AllSides articles (#15)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from storyline.pipeline import analyze, write_outputs

ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "allsides" / "articles.jsonl"
#: Three reports of one Sunday interview, published on the Monday after it: one says "on
#: Sunday" of the interview and another, of a day ahead, resolves to the Sunday after.
MANCHIN = ("cnbc.com/2021/06/06/manchin", "cnn.com/2021/06/06/politics/joe-manchin",
           "nypost.com/2021/06/06/sen-joe-manchin")  # fmt: skip


@pytest.fixture(scope="module")
def manchin(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    root = tmp_path_factory.mktemp("manchin")
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()
    picked = [ln for ln in lines if any(m in json.loads(ln)["url"] for m in MANCHIN)]
    assert len(picked) == 3
    (root / "manchin.jsonl").write_text("\n".join(picked) + "\n", encoding="utf-8")
    briefing = analyze(root / "manchin.jsonl").briefing
    write_outputs(briefing, root / "report")
    return briefing.to_json(), root / "report"


def test_a_date_conflict_of_one_weekday_shows_the_two_days(
    manchin: tuple[dict[str, Any], Path],
) -> None:
    doc, report = manchin
    [story] = doc["stories"]
    [conflict] = [c for c in story["conflicts"] if c["kind"] == "date"]
    days = sorted(v["normalized"] for v in conflict["values"])
    word = conflict["values"][0]["value"]
    assert len(set(days)) == 2 and {v["value"] for v in conflict["values"]} == {word}
    md = (report / "briefing.md").read_text(encoding="utf-8")
    page = (report / f"story-{story['id']}.html").read_text(encoding="utf-8")
    buttons = re.findall(r'<button class="value"[^>]*>([^<]*)</button>', page)
    for day in days:  # not the same word twice: the reader sees which day each means
        assert f"“{word} \\({day}\\)”" in md  # Markdown escapes the brackets
        assert f"{word} ({day})" in buttons
