"""How the store writes an ingest's articles (issue #17: a 5 GB file in one run): on one
DuckDB thread, checkpointing every 256 MiB of log instead of 16, each column's type read
from one value instead of a batch's (every value read had tried ``import pandas`` twice),
and DuckDB's settings as they were once the write is done."""

from __future__ import annotations

import importlib._bootstrap as bootstrap
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.models import Article
from storyline.pipeline import read_and_clean
from storyline.store import Store

ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "allsides" / "articles.jsonl"
#: Real AllSides records: more than the first batches (200, then 400) of a write.
RECORDS = 700
SETTINGS = ("threads", "checkpoint_threshold", "pandas_analyze_sample", "memory_limit")


def _articles(tmp_path: Path) -> list[Article]:
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()[:RECORDS]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles = [a for a in read_and_clean([path]) if isinstance(a, Article)]
    assert len(articles) == RECORDS
    return articles


def _settings(store: Store) -> tuple[object, ...]:
    query = ", ".join(f"current_setting('{s}')" for s in SETTINGS)
    row = store.con.execute(f"SELECT {query}").fetchone()
    assert row is not None
    return tuple(row)


def test_the_write_runs_on_one_thread_checkpoints_less_and_sets_duckdb_back(tmp_path: Path) -> None:
    articles = _articles(tmp_path)
    with Store(tmp_path / "s.duckdb") as store:
        before = _settings(store)
        seen: list[object] = []

        def watched() -> Iterator[Article]:
            for i, a in enumerate(articles):
                if i == RECORDS - 1:  # earlier batches are written
                    seen.append(_settings(store)[:2])
                yield a

        assert store.count_added(watched()) == (RECORDS, 0)
        assert seen == [(1, "256.0 MiB")]
        assert _settings(store) == before
        stored = {r[0] for r in store.con.execute("SELECT id FROM articles").fetchall()}
    assert stored == {a.id for a in articles}


def test_the_write_does_not_look_for_pandas_for_every_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB's client tries ``import pandas`` for each value it reads to type a column: a
    batch's worth of values each statement (two tries a value), when one value types it."""
    articles = _articles(tmp_path)
    tries: Counter[str] = Counter()
    find_and_load = bootstrap._find_and_load  # type: ignore[attr-defined]

    def counted(name: str, import_: object) -> object:
        tries[name] += 1
        return find_and_load(name, import_)

    with Store(tmp_path / "s.duckdb") as store:
        monkeypatch.setattr(bootstrap, "_find_and_load", counted)
        assert store.count_added(articles) == (RECORDS, 0)
    assert tries["pandas"] < RECORDS  # 2 a value before: ~7 values an AllSides row
