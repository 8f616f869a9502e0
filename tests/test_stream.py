"""At archive scale a whole-store run briefs, stores and writes its stories batch by batch
(``storyline.stream``), and gives the briefings the whole run gives (issue #17)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from seedrun import SEEDS
from storyline import stream
from storyline.pipeline import analyze
from storyline.reconcile.schema import validate_briefing
from storyline.report import per_story as per_story_json
from storyline.store import Store
from test_report_per_story import check_per_story

ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "allsides" / "articles.jsonl"
#: AllSides dev articles analysed with the seeds: the earliest 40, a few days of coverage
#: in many stories, several of more than one article.
N_ALLSIDES = 40


def _comparable(story: dict[str, Any]) -> dict[str, Any]:
    """A story without what differs by design between two runs: when it was last briefed."""
    return {**story, "new_since": None}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The seeds and AllSides articles analysed, then the whole store analysed again twice:
    in one go (one ``briefing.json``), batch by batch (three articles a batch) as past the
    archive scale, and per story as asked for."""
    tmp = tmp_path_factory.mktemp("stream")
    rows = [json.loads(x) for x in ALLSIDES.read_text("utf-8").splitlines()]
    rows.sort(key=lambda r: (str(r["published"]), str(r["url"])))
    jsonl = tmp / "allsides.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows[:N_ALLSIDES]), "utf-8")
    with Store(tmp / "s.duckdb") as store:
        analyze([SEEDS, jsonl], store)
        whole = analyze([], store, out=tmp / "whole", per_story=False)
        mp = pytest.MonkeyPatch()
        mp.setattr(stream, "BATCH_ARTICLES", 3)
        mp.setattr(per_story_json, "ARCHIVE_SCALE_STORIES", 5)  # archive scale, 18 stories
        try:
            batched = analyze([], store, out=tmp / "batched")
        finally:
            mp.undo()
        per_story = analyze([], store, out=tmp / "per-story", per_story=True)
        listed = [aid for s in store.stories() for aid in s.article_ids]
        briefed = {s.id: store.get_briefing(s.id) for s in store.stories()}
    return {
        "tmp": tmp,
        "whole": whole,
        "batched": batched,
        "per_story": per_story,
        "listed": listed,
        "briefed": briefed,
    }


def test_batches_give_the_whole_runs_briefings(runs: dict[str, Any]) -> None:
    whole = runs["whole"].briefing.to_json()
    assert runs["whole"].streamed == 0 and len(whole["stories"]) > 10
    assert sum(len(s["article_ids"]) > 1 for s in whole["stories"]) >= 3
    # the small run is not streamed: its stories are in one briefing.json
    assert json.loads((runs["tmp"] / "whole" / "briefing.json").read_text("utf-8")) == whole
    for name in ("batched", "per_story"):
        run = runs[name]
        assert run.briefing.stories == [] and run.streamed == len(whole["stories"])
        docs = check_per_story(runs["tmp"] / name.replace("_", "-"))
        got = {d["stories"][0]["id"]: _comparable(d["stories"][0]) for d in docs}
        assert got == {s["id"]: _comparable(s) for s in whole["stories"]}
        for doc in docs:
            validate_briefing(doc)
            assert doc["made_by"]["options"] == whole["made_by"]["options"]
            (story,) = doc["stories"]
            want = [a for a in whole["articles"] if a["id"] in story["article_ids"]]
            assert sorted(doc["articles"], key=lambda a: a["id"]) == sorted(
                want, key=lambda a: a["id"]
            )
            assert doc["storylines"] == [
                ln for ln in whole["storylines"] if ln["id"] == story["storyline"]["id"]
            ]


def test_batches_store_each_story_once_with_its_briefing(runs: dict[str, Any]) -> None:
    listed = runs["listed"]
    assert sorted(listed) == sorted(set(listed)) == sorted(a.id for a in runs["whole"].articles)
    whole = {s["id"]: s for s in runs["whole"].briefing.to_json()["stories"]}
    assert set(runs["briefed"]) == set(whole)
    for sid, stored in runs["briefed"].items():
        assert stored is not None
        # stored by the last run (per story), with nothing new since the one before: it keeps
        # what the first run's briefing listed as new, nothing (storyline.changes.changes_of)
        assert stored.new_since is None
        assert _comparable(stored.model_dump(mode="json")) == _comparable(whole[sid])


def test_batched_reports_match_the_whole_runs_pages(runs: dict[str, Any]) -> None:
    tmp = runs["tmp"]
    pages = sorted(p.name for p in (tmp / "whole").glob("*.html"))
    assert pages == sorted(p.name for p in (tmp / "batched").glob("*.html"))
    # a story page names the minute the run before it briefed the story: differs by design
    since = re.compile(r"</span> since \d{4}-\d\d-\d\d \d\d:\d\d UTC:")

    def page(run: str, name: str) -> str:
        return since.sub("</span> since (when) UTC:", (tmp / run / name).read_text("utf-8"))

    for name in pages:
        if name != "index.html":  # the index lists the stories in date order
            assert page("batched", name) == page("whole", name), name
    md = {n: (tmp / n / "briefing.md").read_text("utf-8") for n in ("whole", "batched")}
    # "New since" names when each run before it briefed the story: differs by design
    md = {n: re.sub(r"\nNew since [^\n]*\n", "\n", t) for n, t in md.items()}
    sections = {n: sorted(p.strip() for p in t.split("\n## ")[1:]) for n, t in md.items()}
    assert sections["batched"] == sections["whole"] and len(sections["whole"]) > 10


def test_a_streamed_run_removes_an_earlier_runs_pages(tmp_path: Path) -> None:
    """A batch-by-batch run into a report folder an earlier run wrote leaves none of that
    run's story, article and per-story JSON files it did not write itself (as a whole run
    does: tests/test_report_per_story.py); a user's own file there stays. The earlier run
    wrote them within the same second: the run prunes by the names it wrote, not by
    modification time (which kept them: a file system's clock cannot tell the two runs apart)."""
    from storyline.report.stream import StreamedReports

    out = tmp_path / "report"
    (out / "stories").mkdir(parents=True)
    old = [
        out / "story-story-00000000000000aa.html",
        out / "article-00000000000000aa.html",
        out / "stories" / "story-00000000000000aa.json",
        out / "notes.html",
    ]
    for path in old:
        path.write_text("earlier", encoding="utf-8")
    written = StreamedReports(out, [], {}).close()
    assert written["html"].exists() and (out / "briefing.json").exists()
    assert [p.name for p in old if p.exists()] == ["notes.html"]


class _CountedIds(list[str]):
    """An entity's article ids that count how often they are read through."""

    reads = 0

    def __iter__(self) -> Any:
        _CountedIds.reads += 1
        return super().__iter__()


def _counted(fn: Any, calls: list[str]) -> Any:
    """``fn``, its calls listed by name in ``calls``."""

    def call(*args: Any, **kw: Any) -> Any:
        calls.append(fn.__name__)
        return fn(*args, **kw)

    return call


#: Ids of articles outside the run added to every entity's list: an archive's common names
#: (a president's) are in thousands of articles, of which a story holds a few.
PADDING = 500


def test_batches_read_the_runs_entities_and_stories_once(
    runs: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batch by batch, the run's entities are indexed once, not read again per batch or per
    story: each story's entity list read its common names' whole article lists, quadratic in
    the archive (30,000 generated articles: #17). Every entity's list is padded with articles
    of the rest of an archive and counted as read: once, and the briefings are the whole
    run's. The stories are stored once (a batch stores its briefings only: storing its
    stories again queried the whole table for those they supersede) and each batch's stored
    briefings are read in one query, not one a story."""
    import shutil
    from dataclasses import replace

    from storyline.cluster import cluster_articles, order_key
    from storyline.engine import LocalEngine
    from storyline.extract import resolve_undated
    from storyline.store import CachedEmbedder

    shutil.copy(runs["tmp"] / "s.duckdb", tmp_path / "s.duckdb")
    monkeypatch.setattr(stream, "BATCH_ARTICLES", 3)
    calls: list[str] = []
    for name in ("put_stories", "get_briefing"):
        monkeypatch.setattr(Store, name, _counted(getattr(Store, name), calls))
    with Store(tmp_path / "s.duckdb") as store:
        articles = sorted(store.articles(), key=order_key)
        result = LocalEngine(1).extract(articles, store=store)  # kept parts: nothing parsed
        stories = cluster_articles(articles, result.extractions, result.entities)
        extractions = resolve_undated(articles, result.extractions, stories)
        pad = [f"elsewhere-{i:04d}" for i in range(PADDING)]
        entities = [
            replace(e, article_ids=_CountedIds(e.article_ids + pad)) for e in result.entities
        ]
        encoder = LocalEngine(1).embedder(None)
        encoder = CachedEmbedder(encoder, store, encoder.model_id)
        _CountedIds.reads, calls[:] = 0, []
        done = stream.brief_in_batches(
            store,
            stream.held(articles, extractions),
            entities,
            stories,
            embedder=encoder,
            options={},
            out=None,
        )
        assert _CountedIds.reads <= 2 * len(entities)  # indexed once, stored once
        assert calls == ["put_stories"]
        briefed = {s.id: store.get_briefing(s.id) for s in stories}
    whole = {s["id"]: s for s in runs["whole"].briefing.to_json()["stories"]}
    assert done.stories == len(whole) and not done.failed
    for sid, got in briefed.items():
        assert got is not None
        assert _comparable(got.model_dump(mode="json")) == _comparable(whole[sid])


def test_batch_collection_frees_a_batchs_cycles_and_gives_the_collector_back() -> None:
    """Batch by batch, what the run holds is left out of the cyclic collector (its full
    collections walked the whole archive, a quarter of a whole-store run's CPU at 30,000
    generated articles: #17), while what a batch leaves in reference cycles is freed at the
    batch's end; afterwards the collector runs as before, over everything."""
    import gc
    import weakref

    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: only the collector frees it

    held = [Node() for _ in range(100)]  # alive before the batches: the run's own
    with stream.batch_collection() as collect:
        assert not gc.isenabled() and gc.get_freeze_count() >= len(held)
        left = Node()
        gone = weakref.ref(left)
        del left
        assert gone() is not None  # no collection in the middle of a batch
        collect()
        assert gone() is None
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert all(n.me is n for n in held)
