"""``storyline ingest`` counts what it stores instead of listing every id (issue #17: flat
memory on a file of millions of articles); it must store and count exactly what the listing
ingest does, repeats across and inside the store's write batches included."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.models import Article
from storyline.pipeline import ingest, read_and_clean
from storyline.store import Store
from storyline.store import articles as articles_module
from storyline.store.cache import WRITE_BATCH

ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "allsides" / "articles.jsonl"


def _file(tmp_path: Path) -> tuple[Path, int]:
    """Real AllSides records, more than a write batch, with repeats: the first ten again at
    the end (a later batch), and one record twice in a row (inside one batch)."""
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()[: WRITE_BATCH + 50]
    rows = [*lines[:101], lines[100], *lines[101:], *lines[:10]]
    path = tmp_path / "repeats.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path, len({json.loads(x)["url"] for x in rows})


def test_counted_ingest_stores_and_counts_what_the_listing_ingest_does(tmp_path: Path) -> None:
    path, unique = _file(tmp_path)
    with Store(tmp_path / "listed.duckdb") as listed, Store(tmp_path / "counted.duckdb") as counted:
        by_ids = ingest([path], listed)
        by_count = ingest([path], counted, keep_ids=False)
        assert (by_ids.n_added, by_ids.n_skipped) == (unique, 11)
        assert (by_count.n_added, by_count.n_skipped) == (unique, 11)
        assert by_count.added == [] and by_count.skipped == []
        assert sorted(by_ids.added) == sorted(a.id for a in counted.articles())
        again = ingest([path], counted, keep_ids=False)  # everything is stored now
        assert (again.n_added, again.n_skipped) == (0, unique + 11)


def test_cli_ingest_prints_the_counts(tmp_path: Path) -> None:
    path, unique = _file(tmp_path)
    db = tmp_path / "s.duckdb"
    done = CliRunner().invoke(app, ["ingest", str(path), "--db", str(db)])
    assert done.exit_code == 0, done.output
    assert f"{unique} added, 11 already stored, 0 skipped as unreadable" in done.output
    with Store(db) as store:
        assert store.count_articles() == unique


def test_duckdb_memory_is_bounded_while_articles_are_written(tmp_path: Path) -> None:
    """DuckDB keeps every block it wrote cached up to 80% of the machine unless limited: the
    writer limits it while it writes (WRITE_MEMORY, the key index, the batch), then resets."""
    path, unique = _file(tmp_path)
    with Store(tmp_path / "s.duckdb") as store:

        def limit() -> str:
            return str(store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0])

        default = limit()
        seen: list[str] = []

        def watched() -> Iterator[Article]:
            for i, item in enumerate(read_and_clean([path])):
                if i == WRITE_BATCH + 1:  # the first batch is written: the limit is set
                    seen.append(limit())
                assert isinstance(item, Article)
                yield item

        assert store.count_added(watched()) == (unique, 11)
        assert seen and seen[0].endswith("MiB") and float(seen[0].split()[0]) < 100
        assert limit() == default


def test_the_write_checkpoints_under_its_limit_and_leaves_the_close_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large write ends with a checkpoint while DuckDB's memory is still limited: nothing is
    left in the log for the store's close to checkpoint under the default limit (which took a
    2 GB ingest's peak from ~430 to 681 MB, issue #17); a write that adds nothing does not.
    (The file here is small: the size that counts as large is lowered to its own.)"""
    from storyline.store import articles

    path, unique = _file(tmp_path)
    monkeypatch.setattr(articles, "CHECKPOINT_MIN_ARTICLES", unique)
    db = tmp_path / "s.duckdb"
    wal = db.with_name(db.name + ".wal")
    with Store(db) as store:
        store.con.execute("CREATE TABLE probe (x INTEGER)")  # logged, not checkpointed yet
        assert wal.exists() and wal.stat().st_size > 0
        assert store.count_added(read_and_clean([path])) == (unique, 11)
        assert not wal.exists() or wal.stat().st_size == 0
        store.con.execute("INSERT INTO probe VALUES (1)")
        logged = wal.stat().st_size
        assert store.count_added(read_and_clean([path])) == (0, unique + 11)
        assert wal.stat().st_size == logged  # nothing added: no checkpoint asked


def test_batches_grow_to_the_ingest_batch_and_are_cut_by_their_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An ingest writes its first ``WRITE_BATCH`` articles at once, then batches twice as
    large up to ``INGEST_BATCH``; a batch whose text reaches ``INGEST_BATCH_CHARS`` is
    written early, so long articles never pile up in memory."""
    arts = [a for a in read_and_clean([ALLSIDES]) if isinstance(a, Article)]
    monkeypatch.setattr(articles_module, "INGEST_BATCH", 250)
    sizes = [len(b) for b in articles_module._batches(arts)]
    assert sizes[:3] == [WRITE_BATCH, 250, 250] and sum(sizes) == len(arts)
    cap = 20_000  # characters: a few dozen AllSides articles
    monkeypatch.setattr(articles_module, "INGEST_BATCH_CHARS", cap)
    batches = list(articles_module._batches(arts))
    assert len(batches) > len(sizes) and sum(map(len, batches)) == len(arts)
    for batch in batches:  # each batch stops at the article that reached the cap
        assert sum(len(a.text) for a in batch[:-1]) < cap


def test_a_bad_line_between_batches_is_named_and_the_rest_counted(tmp_path: Path) -> None:
    """A malformed record after the first batch costs one line naming the file and the line;
    the articles around it are stored, a repeat in a later batch counted once."""
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()
    rows = [*lines[: WRITE_BATCH + 10], '{"title": "cut off', *lines[WRITE_BATCH + 10 :], lines[0]]
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    done = CliRunner().invoke(app, ["ingest", str(path), "--db", str(db)])
    assert done.exit_code == 0, done.output
    assert f"{path} (line {WRITE_BATCH + 11}): malformed JSON" in done.output
    unique = len({json.loads(x)["url"] for x in lines})
    assert f"{unique} added, 1 already stored, 1 skipped as unreadable" in done.output
    with Store(db) as store:
        assert store.count_articles() == unique


def test_the_first_copy_of_an_id_in_a_batch_is_the_one_stored(tmp_path: Path) -> None:
    """Two articles under one id in one batch: the first is stored and added, the second is a
    repeat; the batch's other articles are stored in its order."""
    first, other, *_ = [a for a in read_and_clean([ALLSIDES]) if isinstance(a, Article)]
    copy = Article.from_dict({**first.to_dict(), "text": other.text, "prose": []})
    with Store(tmp_path / "s.duckdb") as store:
        added, skipped = store.add_articles([first, copy, other])
        assert (added, skipped) == ([first.id, other.id], [first.id])
        back = store.get_article(first.id)
        assert back is not None and back.text == first.text and back.prose == first.prose
