"""A whole store analysed again without holding it (``storyline.whole``, issue #17): read a
chunk of articles at a time, it gives the stories, extractions, entities and briefings of
a run that holds every article."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from seedrun import SEEDS
from storyline import whole
from storyline.pipeline import analyze
from storyline.store import Store

ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "allsides" / "articles.jsonl"
#: AllSides dev articles analysed with the seeds: the earliest 40 (many stories, dated and
#: not), so that a chunk of ``CHUNK`` articles cuts stories and wire families in two.
N_ALLSIDES = 40
#: Articles read at a time in these runs: the 45 articles come in seven chunks.
CHUNK = 7


def _state(store: Store) -> dict[str, Any]:
    """What a run leaves in the store: stories, every article's extraction, entities, and
    each story's briefing without when it was briefed."""
    stories = store.stories()
    ids = sorted(aid for s in stories for aid in s.article_ids)
    rows = store.con.execute("SELECT id, data FROM entities ORDER BY id").fetchall()
    briefings = {}
    for s in stories:
        b = store.get_briefing(s.id)
        briefings[s.id] = None if b is None else {**b.model_dump(mode="json"), "new_since": None}
    return {
        "stories": sorted(
            (s.id, s.article_ids, s.families, s.headline, s.date_span, s.storyline) for s in stories
        ),  # fmt: skip
        "extractions": {aid: ex.to_dict() for aid, ex in store.get_extractions(ids).items()},
        "entities": [(i, json.loads(d)) for i, d in rows],
        "briefings": briefings,
        "n_articles": len(ids),
    }


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The seeds and AllSides articles analysed from their paths, then the whole store
    analysed again two ways: held (the parts cache off, so the run holds every article)
    and read a chunk at a time, each chunk's reads counted."""
    tmp = tmp_path_factory.mktemp("whole")
    rows = [json.loads(x) for x in ALLSIDES.read_text("utf-8").splitlines()]
    rows.sort(key=lambda r: (str(r["published"]), str(r["url"])))
    jsonl = tmp / "allsides.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows[:N_ALLSIDES]), "utf-8")
    reads: list[int | None] = []
    mp = pytest.MonkeyPatch()
    mp.setattr(whole, "CHUNK", CHUNK)
    articles = Store.articles

    def counted(self: Store, ids: Any = None) -> Any:
        reads.append(None if ids is None else len(ids))
        return articles(self, ids)

    mp.setattr(Store, "articles", counted)
    try:
        # a first analyze into an empty store: the paths are the whole store
        with Store(tmp / "paths.duckdb") as store:
            analyze([SEEDS, jsonl], store)
            first = _state(store)
        first_reads, reads[:] = list(reads), []
        shutil.copy(tmp / "paths.duckdb", tmp / "held.duckdb")
        shutil.copy(tmp / "paths.duckdb", tmp / "chunks.duckdb")
        with Store(tmp / "chunks.duckdb") as store:
            result = analyze([], store, out=tmp / "report")
            chunked = _state(store)
    finally:
        mp.undo()
    with Store(tmp / "held.duckdb") as store:
        analyze([], store, cache=False)
        held = _state(store)
    return {
        "first": first,
        "held": held,
        "chunked": chunked,
        "reads": reads,
        "first_reads": first_reads,
        "result": result,
    }


def test_read_a_chunk_at_a_time_it_gives_what_a_run_holding_every_article_gives(
    stores: dict[str, Any],
) -> None:
    held, chunked = stores["held"], stores["chunked"]
    assert held["n_articles"] == 5 + N_ALLSIDES
    assert sum(len(s[1]) > 1 for s in held["stories"]) >= 3  # stories of several articles
    for part in ("stories", "extractions", "entities", "briefings"):
        assert chunked[part] == held[part], part
    # and what the run from the paths made: the same stories, extractions and entities
    for part in ("stories", "extractions", "entities"):
        assert chunked[part] == stores["first"][part], part


@pytest.mark.parametrize("run", ["reads", "first_reads"])
def test_the_whole_store_is_never_read_at_once(stores: dict[str, Any], run: str) -> None:
    """Articles are read a chunk at a time (pass 2 reads the texts of ``LEAD_CHUNKS`` chunks
    at once, to encode their leads in one call), by a whole-store run and by a first analyze of
    paths; only the briefing of a store under the archive scale (one ``briefing.json``, which
    holds every article) reads them all back."""
    reads = stores[run]
    assert None not in reads  # never ``store.articles()`` of everything
    *passes, last = reads
    largest = max(len(s[1]) for s in stores["chunked"]["stories"])  # a story is never cut
    n = 5 + N_ALLSIDES  # passes 1 and 3 read a chunk at a time, pass 2 LEAD_CHUNKS of them
    assert len(passes) >= 2 * (n // CHUNK) + n // (whole.LEAD_CHUNKS * CHUNK)
    assert max(passes) <= max(whole.LEAD_CHUNKS * CHUNK, largest)  # pass 2's leads: 4 chunks
    assert last == 5 + N_ALLSIDES  # the small run's single briefing.json, read back whole
    assert stores["result"].analysed == len(stores["result"].articles) == last


def test_a_run_that_adds_to_stored_stories_holds_its_articles(tmp_path: Path) -> None:
    """Only a run over the whole store (with no path, or a first analyze) is read in chunks:
    a run that adds to stored stories reads its articles and their stored neighbours."""
    seeds = sorted(SEEDS.glob("*"))
    with Store(tmp_path / "s.duckdb") as store:
        analyze(seeds[:3], store)
        reads: list[int | None] = []
        articles = Store.articles

        def counted(self: Store, ids: Any = None) -> Any:
            reads.append(None if ids is None else len(ids))
            return articles(self, ids)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(whole, "CHUNK", 1)
            mp.setattr(Store, "articles", counted)
            result = analyze(seeds[3:], store)
    assert reads[0] == 2  # the run's own articles at once, then the stored story's
    assert len(result.articles) == 5 and result.analysed == 5
