"""A story whose briefing fails (a bug its articles trip) is one line naming the story and its
articles; the run's other stories are still briefed, stored and written (#15)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.reconcile import briefing as rb
from storyline.store import Store

ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "allsides"
#: Three AllSides dev events of one day (gold ids), three outlets each.
EVENTS = ("5860", "5861", "5862")


def write_events(path: Path) -> dict[str, list[str]]:
    """The articles of ``EVENTS`` as JSON Lines at ``path``; gold id -> their URLs."""
    gold = json.loads((ALLSIDES / "gold.json").read_text(encoding="utf-8"))
    urls: dict[str, list[str]] = {e: [] for e in EVENTS}
    with path.open("w", encoding="utf-8") as f:
        for line in (ALLSIDES / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            if (event := str(gold.get(json.loads(line)["url"]))) in urls:
                urls[event].append(json.loads(line)["url"])
                f.write(line + "\n")
    return urls


def test_a_failing_story_is_one_line_and_the_others_are_briefed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, db, out = tmp_path / "three.jsonl", tmp_path / "s.duckdb", tmp_path / "report"
    urls = write_events(src)
    bad_url = urls[EVENTS[1]][0]
    real_story = rb._story

    def broken(plan: Any, run: Any, family_of: dict[str, str]) -> dict[str, Any]:
        doc = real_story(plan, run, family_of)
        if any(a.url == bad_url for a in plan.arts):
            doc["date_span"] = "not a span"  # the model refuses it: a real ValidationError
        return doc

    monkeypatch.setattr(rb, "_story", broken)
    result = CliRunner().invoke(app, ["analyze", str(src), "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    failed = [ln for ln in result.stderr.splitlines() if ln.startswith("failed story ")]
    assert len(failed) == 1, result.stderr
    assert "not briefed: invalid briefing: date_span: " in failed[0]
    assert "Traceback" not in result.output
    with Store(db) as store:
        stories = store.stories()
        bad = next(s for s in stories if bad_url in {a.url for a in store.articles(s.article_ids)})
        assert bad.id in failed[0] and all(aid in failed[0] for aid in bad.article_ids)
        others = [s for s in stories if s.id != bad.id]
        assert len(others) >= 2
        assert all(store.get_briefing(s.id) is not None for s in others)
        assert store.get_briefing(bad.id) is None
    written = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    assert {s["id"] for s in written["stories"]} == {s.id for s in others}
    # Fixed (here: the patch gone), the next run briefs the story that failed.
    monkeypatch.setattr(rb, "_story", real_story)
    result = CliRunner().invoke(app, ["analyze", str(src), "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0 and "failed" not in result.stderr
    with Store(db) as store:
        assert store.get_briefing(bad.id) is not None
