"""Analysing a grown archive again: the stories of the first run give way to the new ones,
so no article is listed in two stories (the seeds: the last two first, then all five)."""

from __future__ import annotations

from pathlib import Path

from seedrun import SEEDS
from storyline.pipeline import analyze
from storyline.store import Store


def test_a_grown_archive_analysed_again_lists_each_article_once(tmp_path: Path) -> None:
    seeds = sorted(SEEDS.iterdir())
    assert len(seeds) == 5
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        first = analyze(seeds[3:], store).briefing
        second = analyze([SEEDS], store).briefing
    earlier = {s["id"] for s in first["stories"]} - {s["id"] for s in second["stories"]}
    assert earlier, "the first run's story has another id (that of its first article)"
    with Store(db, read_only=True) as store:
        stored = store.stories()
        listed = [aid for s in stored for aid in s.article_ids]
        assert len(listed) == len(set(listed)) == store.count_articles() == 5
        assert {s.id for s in stored} == {s["id"] for s in second["stories"]}
        for gone in earlier:
            assert store.get_story(gone) is None and store.get_briefing(gone) is None
        for s in stored:
            assert store.get_briefing(s.id) is not None
