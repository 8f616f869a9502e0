"""Links to a story or storyline that a later analysis regrouped lead on (#17): a new
user's audit found "/stories/<id>" and "/storylines/<id>" pages of an earlier run answering
404 once a later run had grouped their articles into another story, or had linked an
earlier story in front of their storyline, and nothing saying where they went."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from storyline.cli import app
from storyline.ingest import read_paths
from storyline.models import Article, Story
from storyline.store import Store
from storyline.web import create_app

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
LOCAL = "http://127.0.0.1"


@pytest.fixture()
def seeds() -> list[Article]:
    return sorted(read_paths(sorted(SEEDS.iterdir())), key=lambda a: a.source_path)


@pytest.fixture()
def db(tmp_path: Path, seeds: list[Article]) -> Path:
    """A store holding the seeds, no story yet."""
    with Store(tmp_path / "s.duckdb") as store:
        store.add_articles(seeds)
    return tmp_path / "s.duckdb"


def _story(sid: str, articles: list[Article], line: str | None = None) -> Story:
    return Story(sid, [a.id for a in articles], storyline=line or sid)


def _redirect(db: Path, page: str, missing: str) -> str:
    """Where the web UI sends ``page`` (a 301), after checking that ``missing`` is a 404."""
    with TestClient(create_app(db), base_url=LOCAL) as client:
        assert client.get(missing, follow_redirects=False).status_code == 404
        moved = client.get(page, follow_redirects=False)
    assert moved.status_code == 301
    return str(moved.headers["location"])


def test_a_regrouped_story_points_at_the_story_holding_its_articles(
    db: Path, seeds: list[Article]
) -> None:
    with Store(db) as store:
        store.put_stories([_story("story-a", seeds[:3]), _story("story-b", seeds[3:4])])
        # a later run: b's article joins a's, a keeps its id; then a joins c
        store.put_stories([_story("story-a", seeds[:4])])
        assert store.current_story_id("story-b") == "story-a"
        store.put_stories([_story("story-c", seeds)])
        assert store.current_story_id("story-b") == "story-c"  # followed on
        assert store.current_story_id("story-a") == "story-c"
        assert store.current_story_id("story-c") is None  # live, not retired
        store.put_stories([_story("story-b", seeds[3:4]), _story("story-c", seeds[:3])])
        assert store.current_story_id("story-b") is None  # live again
    assert _redirect(db, "/stories/story-a", "/stories/story-never").endswith("/story-c")
    result = CliRunner().invoke(app, ["story", "story-a", "--db", str(db)])
    assert result.exit_code == 0 and "grouped its articles into story-c" in result.stderr
    # the JSON API answers 404, as documented, and names where the articles went
    with TestClient(create_app(db), base_url=LOCAL) as client:
        gone = client.get("/api/stories/story-a")
        never = client.get("/api/stories/story-never")
    assert gone.status_code == 404 and "'story-c'" in gone.json()["detail"]
    assert never.status_code == 404 and "grouped" not in never.json()["detail"]


def test_a_storyline_whose_first_story_now_follows_another_points_at_it(
    db: Path, seeds: list[Article]
) -> None:
    with Store(db) as store:
        store.put_stories([_story("story-x", seeds[2:])])
        # an earlier story added later: x now follows it up, in its storyline
        store.put_stories([_story("story-w", seeds[:2]), _story("story-x", seeds[2:], "story-w")])
    assert _redirect(db, "/storylines/story-x", "/storylines/none").endswith("/story-w")


def test_a_run_that_regroups_stored_stories_says_so(
    db: Path, seeds: list[Article], tmp_path: Path
) -> None:
    """A new user's archive trial: `analyze` with no path regrouped stored stories, retiring
    their ids, and printed nothing of it."""
    with Store(db) as store:
        store.put_stories([_story("story-a", seeds[:2]), _story("story-b", seeds[2:])])
    result = CliRunner().invoke(app, ["analyze", "--db", str(db), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    (line,) = [ln for ln in result.stdout.splitlines() if "regrouped" in ln]
    with Store(db, read_only=True) as store:
        gone = store.retired_ids()
        assert gone and gone <= {"story-a", "story-b"}
    assert line.startswith(f"{len(gone)} stored stor")
    assert f"storyline story {min(gone)}" in line
    # a second run over the same store regroups nothing and says nothing of it
    again = CliRunner().invoke(app, ["analyze", "--db", str(db), "--out", str(tmp_path / "r")])
    assert again.exit_code == 0 and "regrouped" not in again.stdout
