"""The Python API at its edges, as a developer embedding storyline met them (a helper's
trial): one path given alone, a report folder that is a file, a broken briefing, an article
with no text, options a reader does not take, ids that begin every id, a store under "~"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import storyline
from storyline import (
    Article,
    BriefingError,
    Store,
    StoreError,
    StorylineError,
    analyze,
    read_paths,
    write_reports,
)
from storyline.briefing import SCHEMA_VERSION, Briefing
from storyline.models import ReadError

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def seeds_run() -> storyline.Analysis:
    return analyze([SEEDS])


def test_read_error_is_exported() -> None:
    assert storyline.ReadError is ReadError


def test_one_path_given_alone_is_read_as_that_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """ "samples/" was eight names of one character; "/work/..." read the root folder."""
    monkeypatch.chdir(SEEDS.parent)
    read = list(read_paths("seeds"))
    assert len(read) == 5 and not any(isinstance(r, ReadError) for r in read)
    assert len(list(read_paths(SEEDS))) == 5


def test_a_report_folder_that_is_a_file_is_a_report_error(
    seeds_run: storyline.Analysis, tmp_path: Path
) -> None:
    taken = tmp_path / "notes.txt"
    taken.write_text("mine", encoding="utf-8")
    with pytest.raises(StorylineError, match="is a file, not a folder"):
        write_reports(seeds_run.briefing, taken)
    assert taken.read_text(encoding="utf-8") == "mine"


def test_a_broken_briefing_is_one_line(seeds_run: storyline.Analysis) -> None:
    doc = seeds_run.briefing.to_json()
    doc["stories"][0].pop("headline")
    with pytest.raises(BriefingError, match="headline") as caught:
        Briefing.read(doc)
    assert "\n" not in str(caught.value)


def test_the_readme_names_the_schema_version() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"at version {SCHEMA_VERSION} " in readme


@pytest.mark.parametrize("text", ["", "  \n ", None])
def test_an_article_with_no_text_is_a_read_error(text: str | None) -> None:
    given = Article(id="e1", source_path="mine", text=text, fmt="txt")  # type: ignore[arg-type]
    result = analyze([given])
    assert not result.briefing.stories
    (error,) = result.ingest.errors
    assert "mine" in str(error) and "empty" in str(error)


def test_a_registry_given_as_a_path_is_loaded_and_a_bad_one_refused(tmp_path: Path) -> None:
    """``registry="outlets.json"`` made every file an "unexpected error" and the run empty."""
    mine = tmp_path / "outlets.json"
    mine.write_text(json.dumps({"outlets": {"seed.example": {"name": "Seed"}}}), "utf-8")
    assert len(analyze([SEEDS], registry=str(mine)).articles) == 5
    with pytest.raises(StorylineError, match="nope.json"):
        analyze([SEEDS], registry=str(tmp_path / "nope.json"))
    with pytest.raises(StorylineError, match="follow_link"):
        analyze([SEEDS], follow_link=True)


def test_a_briefing_of_one_story_lists_that_story_s_articles(
    seeds_run: storyline.Analysis,
) -> None:
    from storyline.models import Story

    one = seeds_run.articles[0]
    briefing = storyline.build_briefing(
        seeds_run.articles, [], [], [Story("story-one", [one.id], storyline="story-one")]
    )
    assert [a.id for a in briefing.articles] == [one.id]


def test_store_lookups_at_their_edges(seeds_run: storyline.Analysis, tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.add_articles(seeds_run.articles[:1])
        aid = seeds_run.articles[0].id
        assert store.get_article("") is None and store.get_story("") is None
        assert [a.id for a in store.articles(aid)] == [aid]  # one id, not its letters


def test_a_store_under_home_and_under_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "home").mkdir()
    with Store("~/news.duckdb") as store:
        assert store.path == tmp_path / "home" / "news.duckdb"
    assert (tmp_path / "home" / "news.duckdb").exists() and not (tmp_path / "~").exists()
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="notes.txt is a file, not a folder"):
        Store(tmp_path / "notes.txt" / "news.duckdb")
