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
from storyline.report.view import Links
from storyline.store import Store

PAGE = Links()  # the static report's page names
ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "allsides" / "articles.jsonl"
#: Two weeks of coverage, and the day from which the second run adds it.
FIRST, CUT, LAST = "2021-07-01", "2021-07-14", "2021-07-15"
#: The day before which the coverage is added last (backfilled): the Afghanistan and Surfside
#: storylines each have a story before it and one more than ``STORY_DAYS`` after its eve.
BACKFILL = "2021-07-06"


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
        ("early", lambda d: d < BACKFILL),
        ("late", lambda d: d >= BACKFILL),
    ):
        files[name] = tmp_path / f"{name}.jsonl"
        files[name].write_text(
            "".join(r + "\n" for r in rows if keep(json.loads(r)["published"][:10])), "utf-8"
        )
    with Store(tmp_path / "one.duckdb") as store:
        analyze([files["all"]], store)
    with Store(tmp_path / "split.duckdb") as store:
        analyze([files["first"]], store)
        analyze([files["later"]], store, out=tmp_path / "later")
    with Store(tmp_path / "backfill.duckdb") as store:  # the earlier days added last
        analyze([files["late"]], store)
        analyze([files["early"]], store)
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
    # backfilled, a stored story that began a storyline follows the added story it follows up
    # (more than STORY_DAYS after the added days: not among the stories clustered again)
    assert any(
        earlier[1] < BACKFILL and _days_apart(earlier[1], later[0]) > STORY_DAYS + 1
        for line in one
        for earlier, later in zip(line, line[1:], strict=False)
    )
    assert as_sets(_lines(tmp_path / "backfill.duckdb")) == as_sets(one)

    # the later run's report shows each of its stories in its whole storyline: the stored
    # stories of the first run by name (their pages are in the first run's report)
    doc = json.loads((tmp_path / "later" / "briefing.json").read_text("utf-8"))
    shown = {st["id"] for st in doc["stories"]}
    earlier = [
        (st, ref) for st in doc["stories"] if set((ref := st["storyline"])["story_ids"]) - shown
    ]
    assert earlier
    for st, ref in earlier:
        line = next(ln for ln in doc["storylines"] if ln["id"] == ref["id"])
        assert line["story_ids"] == ref["story_ids"] and st["id"] in ref["story_ids"]
        page = (tmp_path / "later" / PAGE.storyline(ref["id"])).read_text("utf-8")
        assert page.count("(in an earlier report)") == len(set(ref["story_ids"]) - shown)
        for sid in set(ref["story_ids"]) - shown:
            assert PAGE.story(sid) not in page  # no link to a page this report lacks
    # briefing.md names them too, by headline (it named them by their ids: a new user's trial)
    md = (tmp_path / "later" / "briefing.md").read_text("utf-8")
    nav = [ln for ln in md.splitlines() if ln.startswith("Storyline:")]
    assert any("(in an earlier report)" in ln for ln in nav)
    assert not [ln for ln in nav if "“story-" in ln]


def test_stories_that_followed_a_story_follow_it_into_its_new_storyline(tmp_path: Path) -> None:
    """A stored story that began a storyline, analysed again, now follows up an earlier
    story: the stored stories that followed it move with it (``archive.moved_lines``)."""
    from storyline.archive import moved_lines
    from storyline.models import Story

    head = Story(id="story-a", article_ids=["a"], storyline="story-a")
    follower = Story(id="story-b", article_ids=["b"], storyline="story-a")
    other = Story(id="story-c", article_ids=["c"], storyline="story-c")
    with Store(tmp_path / "s.duckdb") as store:
        store.put_stories([head, follower, other])
        again = Story(id="story-a", article_ids=["a", "n"], storyline="story-x")
        moved = moved_lines([again], [head])
        store.put_stories([again])
        store.move_storylines(moved)
        lines = {s.id: s.storyline for s in store.stories()}
    assert moved == {"story-a": "story-x"}
    assert lines == {"story-a": "story-x", "story-b": "story-x", "story-c": "story-c"}


def test_a_story_linked_to_a_moved_storyline_moves_with_it() -> None:
    """A stored story H that began its storyline now follows run story R; a run story R2 that
    followed K, a stored story of H's storyline, was linked to H's old id and goes to R's
    storyline too, as does a later stored head H2 that followed R2 (chained moves)."""
    from storyline.cluster.storylines import _moved_on

    line = {"R": "R", "s:H": "R", "s:K": "H", "R2": "H", "s:H2": "H", "X": "X"}
    assert _moved_on(dict(line), {"H": "R", "H2": "H"}) == {
        "R": "R", "s:H": "R", "s:K": "R", "R2": "R", "s:H2": "R", "X": "X",
    }  # fmt: skip
    assert _moved_on(dict(line), {}) == line
