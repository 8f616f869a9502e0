"""``storyline search``: find a story by a name or a number, on real AllSides coverage.

A new user's trial could find a story only by reading the whole ``stories`` table: the search
the web UI has (``store.search``) had no command. The articles are AllSides dev reports of the
Surfside collapse on three days (three stories) and one jobs report of another month.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allsides_pick import pick_allsides
from storyline.cli import app

runner = CliRunner()
KEYS = (
    "miami-building-collapse-remaining-section",
    "surfside-condo-buildings-standing-portion",
    "miami-collapse-letter-warned",
    "miami-area-buildings-deterioration-accelerating",
    "what-we-know-about-the-miami-area-building-collapse",
    "live-updates-miami-area-apartment-building-partially-collapses",
    "economy-short-expectations-april",
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search")
    store = root / "s.duckdb"
    picked = pick_allsides(root, KEYS)
    out = ["--out", str(root / "report")]
    result = runner.invoke(app, ["analyze", str(picked), "--db", str(store), *out])
    assert result.exit_code == 0, result.stderr
    return store


def _stories(db: Path) -> dict[str, dict[str, object]]:
    out = runner.invoke(app, ["stories", "--db", str(db), "--json"]).stdout
    return {s["id"]: s for s in json.loads(out)}


def test_a_name_finds_every_story_that_names_it_and_no_other(db: Path) -> None:
    result = runner.invoke(app, ["search", "Champlain Towers", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    stories = _stories(db)
    named = {sid for sid, s in stories.items() if "266,000" not in str(s["headline"])}
    assert {r["story_id"] for r in rows} <= named and len(rows) >= 2
    for r in rows:
        assert r["headline"] == stories[r["story_id"]]["headline"]
        assert "champlain" in r["snippet"].lower()


def test_a_number_as_written_finds_its_story(db: Path) -> None:
    rows = json.loads(runner.invoke(app, ["search", "266,000", "--db", str(db), "--json"]).stdout)
    assert len(rows) == 1 and "266,000" in rows[0]["snippet"]


def test_nothing_found_and_a_missing_store_each_say_so_in_one_line(
    db: Path, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["search", "zzqqxx", "--db", str(db)])
    assert result.exit_code == 0 and "nothing found" in result.stderr and not result.stdout
    result = runner.invoke(app, ["search", "Surfside", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0 and result.stderr.count("\n") == 1
