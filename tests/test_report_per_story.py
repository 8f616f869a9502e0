"""At archive scale the JSON is written per story: a file per story, JSON Lines, an index."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from seedrun import SeedReport
from storyline.briefing import SCHEMA_VERSION, Briefing, index_schema, schema_text
from storyline.cli import app
from storyline.pipeline import write_outputs
from storyline.reconcile.schema import BriefingError, all_spans, validate_briefing
from storyline.report import per_story
from storyline.report.view import Links

PAGE = Links()  # the static report's page names

ROOT = Path(__file__).resolve().parents[1]
SAMPLES, SEEDS = ROOT / "samples", ROOT.parent / "shared" / "seeds"


def check_per_story(out: Path) -> list[dict]:
    """Every story file validates with exact spans, the JSONL holds the same briefings one
    per line, and the index lists each story with its file; returns the story files' JSON."""
    index = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    assert index["layout"] == "per-story" and index["jsonl"] == "briefing.jsonl"
    jsonschema.Draft202012Validator(index_schema()).validate(index)  # its published schema
    lines = (out / "briefing.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(index["stories"]) == len(list((out / "stories").iterdir()))
    docs = []
    for entry, line in zip(index["stories"], lines, strict=True):
        doc = json.loads((out / entry["path"]).read_text(encoding="utf-8"))
        assert json.loads(line) == doc
        validate_briefing(doc)  # the schema, and article.text[start:end] == text
        (story,) = doc["stories"]
        assert entry["id"] == story["id"] and entry["headline"] == story["headline"]
        assert entry["date_span"] == story["date_span"]
        assert entry["articles"] == len(story["article_ids"]) == len(doc["articles"])
        assert [line["id"] for line in doc["storylines"]] == [story["storyline"]["id"]]
        docs.append(doc)
    with pytest.raises(BriefingError, match="per-story"):
        Briefing.read(index)
    return docs


def test_seeds_written_per_story_hold_the_whole_briefing(
    seed_analysis: SeedReport, tmp_path: Path
) -> None:
    whole = Briefing.read(seed_analysis.briefing)
    files = write_outputs(whole, tmp_path, per_story=True)
    assert files["jsonl"] == tmp_path / "briefing.jsonl"
    docs = check_per_story(tmp_path)
    assert [d["stories"][0] for d in docs] == seed_analysis.briefing["stories"]
    assert sum(len(list(all_spans(d))) for d in docs) == len(list(all_spans(whole)))
    index = json.loads((tmp_path / "briefing.json").read_text(encoding="utf-8"))
    assert index["made_by"] == seed_analysis.briefing["made_by"]
    assert index["storylines"] == seed_analysis.briefing["storylines"]


def test_the_index_has_a_published_schema_generated_from_its_model() -> None:
    """schema/briefing-index.schema.json is what ``python -m storyline.briefing index``
    prints; it refuses a whole briefing and an index missing its layout or a story's file."""
    committed = ROOT / "schema" / "briefing-index.schema.json"
    assert committed.read_text(encoding="utf-8") == schema_text(index=True)
    validator = jsonschema.Draft202012Validator(index_schema())
    line = {
        "id": "s1",
        "headline": None,
        "date_span": None,
        "articles": 2,
        "path": "stories/s1.json",
    }
    index = {
        "schema_version": SCHEMA_VERSION,
        "layout": "per-story",
        "made_by": None,
        "jsonl": "b.jsonl",
    }
    assert validator.is_valid({**index, "stories": [line], "storylines": []})
    assert not validator.is_valid({**index, "stories": [], "storylines": [], "articles": []})
    no_layout = {k: v for k, v in index.items() if k != "layout"}
    assert not validator.is_valid({**no_layout, "stories": [], "storylines": []})
    no_path = {k: v for k, v in line.items() if k != "path"}
    assert not validator.is_valid({**index, "stories": [no_path], "storylines": []})


def test_the_layout_follows_the_archive_scale_constant(
    seed_analysis: SeedReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = Briefing.read(seed_analysis.briefing)
    small, large = tmp_path / "small", tmp_path / "large"
    assert len(whole.stories) <= per_story.ARCHIVE_SCALE_STORIES
    limit = f"more than {per_story.ARCHIVE_SCALE_STORIES} stories"  # as the README says
    assert limit in (ROOT / "README.md").read_text(encoding="utf-8")
    per_story.write_json(whole, small)
    assert sorted(p.name for p in small.iterdir()) == ["briefing.json"]
    assert json.loads((small / "briefing.json").read_text(encoding="utf-8")) == whole.to_json()
    monkeypatch.setattr(per_story, "ARCHIVE_SCALE_STORIES", len(whole.stories) - 1)
    per_story.write_json(whole, large)
    assert len(check_per_story(large)) == len(whole.stories)


def test_cli_per_story_flag_on_the_samples_and_seeds(tmp_path: Path) -> None:
    out = tmp_path / "report"
    args = [
        "analyze",
        str(SAMPLES),
        str(SEEDS),
        "--db",
        str(tmp_path / "s.duckdb"),
        "--out",
        str(out),
    ]
    result = CliRunner().invoke(app, [*args, "--per-story"])
    assert result.exit_code == 0, result.stderr
    assert "jsonl: " in result.stdout
    docs = check_per_story(out)
    assert len(docs) >= 2  # the samples' story and the seeds'
    cited = [a["id"] for d in docs for a in d["articles"]]
    assert len(cited) == len(set(cited))  # each article in the one story that holds it
    for doc in docs:
        (story,) = doc["stories"]
        assert (out / PAGE.story(story["id"])).exists()


def test_reused_out_folder_keeps_only_this_runs_pages(tmp_path: Path) -> None:
    """A second ``analyze`` into the same ``--out`` (another store: the seeds after the
    samples, written per story) leaves no page or JSON of the first run's stories and
    articles, which no page of the second links to; the user's own file there stays."""
    out = tmp_path / "report"
    out.mkdir()
    (out / "article-notes.html").write_text("mine", encoding="utf-8")
    first = ["analyze", str(SAMPLES), "--db", str(tmp_path / "a.duckdb"), "--out", str(out)]
    result = CliRunner().invoke(app, [*first, "--per-story"])
    assert result.exit_code == 0, result.stderr
    old = {p.name for p in out.glob("*-*.html")}
    result = CliRunner().invoke(
        app, ["analyze", str(SEEDS), "--db", str(tmp_path / "b.duckdb"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    briefing = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    pages = {PAGE.story(s["id"]) for s in briefing["stories"]}
    pages |= {f"article-{a['id']}.html" for a in briefing["articles"]}
    left = {p.name for p in out.glob("*-*.html")} - {"article-notes.html"}
    assert pages <= left and old - left  # the first run's pages were there, and are gone
    assert {p for p in left if not p.startswith("storyline-")} == pages
    assert not (out / "stories").exists() and not (out / "briefing.jsonl").exists()
    assert (out / "article-notes.html").read_text(encoding="utf-8") == "mine"


def test_files_an_earlier_run_wrote_in_the_same_second_are_removed(
    seed_analysis: SeedReport, tmp_path: Path
) -> None:
    """A run prunes its report folder by the names it wrote, not by modification time: an
    earlier run's story page, article page and per-story JSON written a moment before (the
    same second, which a file system's timestamps cannot tell apart) are removed, every file
    this run wrote stays, and the user's own files, of other names, are kept."""
    out = tmp_path / "report"
    (out / "stories").mkdir(parents=True)
    earlier = [
        out / "story-story-00000000000000aa.html",
        out / "storyline-story-00000000000000aa.html",
        out / "article-00000000000000aa.html",
        out / "stories" / "story-00000000000000aa.json",
        out / "briefing.jsonl",
    ]
    mine = [out / "notes.html", out / "article-notes.html", out / "stories" / "mine.json"]
    for path in [*earlier, *mine]:
        path.write_text("written just now", encoding="utf-8")
    write_outputs(Briefing.read(seed_analysis.briefing), out)
    assert [p for p in earlier if p.exists()] == []
    assert all(p.read_text(encoding="utf-8") == "written just now" for p in mine)
    pages = {PAGE.story(s["id"]) for s in seed_analysis.briefing["stories"]}
    pages |= {f"article-{a['id']}.html" for a in seed_analysis.briefing["articles"]}
    assert pages <= {p.name for p in out.glob("*.html")}
