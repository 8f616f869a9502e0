"""The DuckDB store: re-adding adds nothing, wire copies stay two rows, writes are atomic."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from storyline.models import Article, Family, Story
from storyline.store import Store

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _article(path: Path, source: str) -> Article:
    text = path.read_text(encoding="utf-8")
    digest = hashlib.sha256((source + "\0" + " ".join(text.split())).encode()).hexdigest()[:16]
    return Article(id=digest, source_path=source, text=text, fmt="txt", prose=[(0, len(text))])


def test_same_article_twice_adds_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    arts = [_article(p, str(p)) for p in sorted(SAMPLES.glob("*.txt"))]
    with Store(db) as store:
        added, skipped = store.add_articles(arts)
        assert len(added) == len(arts) and not skipped
    with Store(db) as store:  # a second process opening the same file
        added, skipped = store.add_articles(arts)
        assert not added and len(skipped) == len(arts)
        assert store.count_articles() == len(arts)
        back = store.get_article(arts[0].id)
        assert back is not None and back.text == arts[0].text and back.prose == arts[0].prose


def test_same_text_from_two_outlets_stays_two_articles(tmp_path: Path) -> None:
    path = SAMPLES / "lakeside-post.txt"
    a, b = _article(path, "https://one.example/a"), _article(path, "https://two.example/b")
    with Store(tmp_path / "s.duckdb") as store:
        added, _ = store.add_articles([a, b])
        assert len(added) == 2 and store.count_articles() == 2


def test_failed_batch_is_rolled_back_and_earlier_rows_kept(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    first = [_article(p, str(p)) for p in sorted(SAMPLES.glob("*.txt"))]
    with Store(db) as store:
        store.add_articles(first)
    good = _article(SAMPLES / "northwind-daily.md", "new")
    broken = _article(SAMPLES / "radio-ostrel.jsonl", "broken")
    broken.prose = [object()]  # type: ignore[list-item]  # fails mid-transaction
    with Store(db) as store, pytest.raises(TypeError):
        store.add_articles([good, broken])
    with Store(db, read_only=True) as store:
        assert {a.id for a in store.articles()} == {a.id for a in first}


def test_stories_round_trip(tmp_path: Path) -> None:
    story = Story(id="s1", article_ids=["a", "b"], families=[Family("f1", ["a", "b"], "AFP")],
                  headline="h", date_span=("2025-04-08", "2025-04-10"))
    with Store(tmp_path / "s.duckdb") as store:
        store.put_stories([story], {"stories": [{"id": "s1", "claims": []}]})
        assert store.stories() == [story]
        assert store.get_briefing("s1") == {"id": "s1", "claims": []}
