"""The bundled sample (five invented reports of one ferry accident, written for this project)
through the whole pipeline: the differences written into it must come out as the briefing's
conflicts, and the look-alike numbers that are not differences must not.

What the sample holds: seven passengers missing in four reports and nine in one; the capsizing
on Sunday in four reports and on Saturday in one; the governor's promise worded two ways; 42
people rescued (and "dozens" rescued) beside 52 people aboard, which count different things;
two outlets running one agency (MNA) text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.ingest.registry import OutletRegistry
from storyline.pipeline import analyze
from storyline.store import Store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, str]]:
    db = tmp_path_factory.mktemp("sample") / "s.duckdb"
    reg = OutletRegistry.load(ROOT / "demo" / "outlets.json")
    with Store(db) as store:
        briefing = analyze([ROOT / "samples"], store, registry=reg).briefing.to_json()
    assert len(briefing["stories"]) == 1
    outlets = {a["id"]: a["outlet"] for a in briefing["articles"]}
    return briefing["stories"][0], outlets


def _conflicts(story: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [c for c in story["conflicts"] if c["kind"] == kind]


def test_missing_count_is_a_number_conflict_seven_against_nine(story: Any) -> None:
    st, outlets = story
    (c,) = [c for c in _conflicts(st, "number") if "passenger" in c["subject"]]
    by_value: dict[Any, set[str]] = {}
    for v in c["values"]:  # one entry per (value, speaker): merge them per value
        by_value.setdefault(v["normalized"], set()).update(outlets[a] for a in v["article_ids"])
    assert set(by_value) == {7, 9}
    assert by_value[9] == {"Valley Herald"}
    assert {"Radio Ostrel", "The Harbour Courier"} <= by_value[7]


def test_rescued_and_aboard_counts_are_not_set_against_each_other(story: Any) -> None:
    st, _ = story
    for c in _conflicts(st, "number"):
        values = {
            v["normalized"] if not isinstance(v["normalized"], list) else tuple(v["normalized"])
            for v in c["values"]
        }
        assert not {42, 52} <= values, c


def test_saturday_against_sunday_is_a_date_conflict(story: Any) -> None:
    st, outlets = story
    (c,) = _conflicts(st, "date")
    days: dict[str, set[str]] = {}
    for v in c["values"]:
        days.setdefault(v["normalized"], set()).update(outlets[a] for a in v["article_ids"])
    assert days["2025-09-13"] == {"Valley Herald"}  # "Saturday evening", published Sep 16
    assert "The Harbour Courier" in days["2025-09-14"]  # "Sunday", published Sep 15


def test_governor_quote_in_two_wordings_is_a_quote_conflict(story: Any) -> None:
    st, _ = story
    (c,) = _conflicts(st, "quote")
    assert c["values"][0]["attributed_to"] == "Elena Varga"
    assert len({v["value"].lower() for v in c["values"]}) == 2


def test_the_agency_copies_are_one_family(story: Any) -> None:
    st, outlets = story
    fams = [{outlets[a] for a in f["article_ids"]} for f in st["families"]]
    assert {"Northwind Daily", "The Lakeside Post"} in fams
    assert len(fams) == 4
