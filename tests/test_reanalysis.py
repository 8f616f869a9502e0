"""Analysing a grown archive again: the stories of the first run give way to the new ones,
so no article is listed in two stories (the seeds: the last two first, then all five)."""

from __future__ import annotations

from pathlib import Path

from seedrun import SEEDS
from storyline.pipeline import analyze
from storyline.store import Store


def test_a_grown_archive_analysed_again_lists_each_article_once(tmp_path: Path) -> None:
    """The last two seeds, then all five: the first run's story grows into the one story of
    five and keeps its id; no article is listed twice."""
    seeds = sorted(SEEDS.iterdir())
    assert len(seeds) == 5
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        first = analyze(seeds[3:], store).briefing.to_json()
        second = analyze([SEEDS], store).briefing.to_json()
    assert [len(s["article_ids"]) for s in second["stories"]] == [5]
    assert {s["id"] for s in first["stories"]} == {s["id"] for s in second["stories"]}
    with Store(db, read_only=True) as store:
        stored = store.stories()
        listed = [aid for s in stored for aid in s.article_ids]
        assert len(listed) == len(set(listed)) == store.count_articles() == 5
        assert {s.id for s in stored} == {s["id"] for s in second["stories"]}
        for s in stored:
            assert store.get_briefing(s.id) is not None


def test_a_briefing_stored_by_an_older_version_is_briefed_again(tmp_path: Path) -> None:
    """A store written by an older schema version: its briefings are not read (the web shows
    the story unbriefed), and the next ``analyze``, of any input, briefs them again from the
    stored articles, giving the briefing the current version writes."""
    import shutil

    from storyline.archive import rebrief

    seeds = sorted(SEEDS.iterdir())
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        analyze(seeds[:3], store)
        current = {s.id: store.get_briefing(s.id) for s in store.stories()}
        store.con.execute("UPDATE briefings SET schema_version = 1")
        assert sorted(store.stale_briefings()) == sorted(current)
        assert all(store.get_briefing(sid) is None for sid in current)
    shutil.copy(db, tmp_path / "copy.duckdb")
    with Store(db) as store:
        sample = Path(__file__).resolve().parents[1] / "samples" / "lakeside-post.txt"
        analyze([sample], store)  # an unrelated input: the stale stories are briefed too
        assert store.stale_briefings() == []
        assert {sid: store.get_briefing(sid) for sid in current} == current
    with Store(tmp_path / "copy.duckdb") as store:
        from storyline.nlp import load_nlp
        from storyline.reconcile import load_embedder

        briefed = rebrief(store, nlp=load_nlp(), embedder=load_embedder())
        assert sorted(briefed) == sorted(current) and store.stale_briefings() == []
