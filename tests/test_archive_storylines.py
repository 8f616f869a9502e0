"""Storylines across runs (issue #17): a story added by a later run follows up the stored
story it would follow up in one run over all the articles, even when that story lies weeks
before the run's days, outside the stories the run clusters again; on real AllSides coverage."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from storyline.cluster.stories import STORY_DAYS
from storyline.pipeline import analyze
from storyline.store import Store

ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "allsides" / "articles.jsonl"
#: Two weeks of coverage, and the day from which the second run adds it.
FIRST, CUT, LAST = "2021-07-01", "2021-07-14", "2021-07-15"


def _lines(db: Path) -> list[list[tuple[str, str, frozenset[str]]]]:
    """Storylines of two or more stories: each story's first and last day and articles."""
    with Store(db, read_only=True) as store:
        lines: dict[str, list[tuple[str, str, frozenset[str]]]] = {}
        for s in store.stories():
            assert s.date_span is not None
            lines.setdefault(s.storyline or s.id, []).append(
                (*s.date_span, frozenset(s.article_ids))
            )
    return [sorted(v, key=lambda t: t[:2]) for v in lines.values() if len(v) > 1]


def _days_apart(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


@pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")
def test_a_later_run_links_its_stories_to_the_stored_stories_they_follow_up(
    tmp_path: Path,
) -> None:
    rows = [r for r in ALLSIDES.read_text("utf-8").splitlines() if r.strip()]
    rows = [r for r in rows if FIRST <= json.loads(r)["published"][:10] <= LAST]
    files = {}
    for name, keep in (
        ("all", lambda d: True),
        ("first", lambda d: d < CUT),
        ("later", lambda d: d >= CUT),
    ):
        files[name] = tmp_path / f"{name}.jsonl"
        files[name].write_text(
            "".join(r + "\n" for r in rows if keep(json.loads(r)["published"][:10])), "utf-8"
        )
    with Store(tmp_path / "one.duckdb") as store:
        analyze([files["all"]], store)
    with Store(tmp_path / "split.duckdb") as store:
        analyze([files["first"]], store)
        analyze([files["later"]], store)
    one = _lines(tmp_path / "one.duckdb")
    # the case this is about: a story of the later run follows up one that ended before the
    # days the later run clusters again (which reach STORY_DAYS back from its first day)
    assert any(
        later[0] >= CUT and _days_apart(earlier[1], CUT) > STORY_DAYS
        for line in one
        for earlier, later in zip(line, line[1:], strict=False)
    )
    as_sets = lambda lines: {frozenset(s[2] for s in line) for line in lines}  # noqa: E731
    assert as_sets(_lines(tmp_path / "split.duckdb")) == as_sets(one)
