"""The store's article, extraction and entity tables (``ArticleTables``, held by ``Store``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from itertools import islice
from typing import Any

import duckdb

from storyline.models import Article, Entity, Extraction
from storyline.store.cache import WRITE_BATCH
from storyline.store.rows import _LIKE_ESCAPE, _insert_new, _like_prefix, _put_rows

#: Most articles an ingest writes in one statement and transaction (its first batches are
#: smaller: ``_batches``). DuckDB's cost is mostly per statement: a pure-DuckDB probe of this
#: table wrote 50,000 articles in 5.8 CPU s in batches of 2,000 against ~11 s in batches of
#: the store's ``WRITE_BATCH`` (200), and 5,000 gained nothing more (issue #17). An
#: interruption loses at most one batch (about a second of reading).
INGEST_BATCH = 2000
#: Articles a write must add to end with its own checkpoint (under its memory bound): a
#: write of a batch or more leaves a log whose checkpoint at the store's close ran under
#: DuckDB's default limit (a 2 GB ingest's peak 430 -> 681 MB, issue #17); a smaller one
#: leaves it to DuckDB's automatic checkpoints or the close, as a writer the web UI reads
#: beside expects (``storyline.web.snapshot`` reads a live writer's log).
CHECKPOINT_MIN_ARTICLES = INGEST_BATCH
#: Most characters of text in one such batch: a batch of long articles (20 MiB each at most)
#: is cut early, so the batch in memory stays ~16 MB of text (~64 MB as Python strings at
#: worst) however long the articles.
INGEST_BATCH_CHARS = 16 * 1024 * 1024
#: DuckDB memory an article write may hold beyond the key index and the batch's rows
#: (``_bound_memory``): the table's row group being appended to and the blocks it reads. A
#: pure-DuckDB probe of this table's inserts kept 40 MB in all up to 500,000 keys (then its
#: index outgrew it); without a limit DuckDB kept every block written cached.
WRITE_MEMORY = 64 * 1024 * 1024
#: Bytes of DuckDB's key index (ART) per stored article: ~4.8 MB per 100,000 keys measured
#: (DuckDB 1.5); doubled, as the index's blocks fill unevenly. It stays in memory while rows
#: are inserted, so a limit that ignored it would stop a long ingest with an out-of-memory
#: error (as a fixed 40 MB limit did at 500,000 keys).
KEY_INDEX_BYTES = 100
#: DuckDB threads an article write runs on. One: an insert of a few thousand rows is too
#: small to share, and a second thread only added its coordination: 10,691 PolNeAR articles
#: took 136-146 CPU us an article to write on one thread against 192-252 on two (the
#: machine's cores), and less wall time too (issue #17).
WRITE_THREADS = 1
#: DuckDB's log size past which it checkpoints, while articles are written (its default, 16
#: MiB, is set back after). Each checkpoint wrote the row group being filled again (up to
#: 122,880 rows, ~600 MB of full-length articles), so the write's cost grew as the group
#: filled: 214,000 PolNeAR articles written in-process took 180 CPU us an article at 16
#: MiB, 138 at 256 MiB, 136 at 1 GiB, peak RSS 320-332 MB in all three (issue #17). The
#: log a live ingest leaves for the web UI's snapshot is larger meanwhile (up to this).
WRITE_CHECKPOINT = "256MiB"

_ARTICLE_COLUMNS = (
    "id",
    "source_path",
    "fmt",
    "record",
    "title",
    "outlet",
    "url",
    "byline",
    "wire",
    "published",
    "text",
    "language",
    "prose",
    "title_span",
)
#: The columns a write fills: the article's, and its ``copy_key``.
_WRITTEN_COLUMNS = (*_ARTICLE_COLUMNS, "copy_key")


#: Called with each batch's ids, added and stored already, once the batch is stored
#: (``Store.add_articles``).
BatchHook = Callable[[list[str]], None]


class ArticleTables:
    """The ``articles``, ``extractions`` and ``entities`` tables of a ``Store`` (which
    provides ``con``, ``transaction`` and the article columns it can read)."""

    con: duckdb.DuckDBPyConnection
    _article_cols: str

    def transaction(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        raise NotImplementedError

    def add_articles(
        self, articles: Iterable[Article], each_batch: BatchHook | None = None
    ) -> tuple[list[str], list[str]]:
        """Store new articles in batches (``_batches``); return (added ids, skipped ids).
        The articles are read as they come: memory holds one batch, not the input.
        ``each_batch`` is given each batch's ids, added and stored already, once stored."""
        added: list[str] = []
        skipped: list[str] = []
        for new, old in self._write_articles(articles):
            added += new
            skipped += old
            if each_batch is not None:
                each_batch(new + old)
        return added, skipped

    def count_added(self, articles: Iterable[Article]) -> tuple[int, int]:
        """``add_articles`` that returns only how many were added and skipped, so memory
        stays flat however long the input: the ids of a 5 GB file's seven million articles
        would hold ~1 GB (``storyline ingest`` prints counts only)."""
        added = skipped = 0
        for new, old in self._write_articles(articles):
            added, skipped = added + len(new), skipped + len(old)
        return added, skipped

    def _write_articles(self, articles: Iterable[Article]) -> Iterator[tuple[list[str], list[str]]]:
        """Write ``articles`` a batch at a time; yield each batch's (added, skipped) ids. An
        id is skipped when stored (by an earlier batch too: each batch commits) or repeated.
        DuckDB's memory is bounded meanwhile (``_bound_memory``), and for the checkpoint
        that ends the write: left to the store's close, it ran with DuckDB's default limit
        and took a 2 GB ingest's RSS from ~430 to 681 MB in its last second (issue #17)."""
        row = self.con.execute(
            "SELECT current_setting('memory_limit'), current_setting('threads')"
        ).fetchone()
        before, threads = row if row else (None, None)
        self.con.execute(f"SET threads = {WRITE_THREADS}")
        self.con.execute(f"SET checkpoint_threshold = '{WRITE_CHECKPOINT}'")
        stored = first = self.count_articles()
        try:
            for batch in _batches(articles):
                self._bound_memory(batch, stored)
                new, old = self._write_batch(batch)
                stored += len(new)
                yield new, old
            if stored - first >= CHECKPOINT_MIN_ARTICLES:
                self.con.execute("CHECKPOINT")
        finally:
            # Set back as it was. A RESET alone puts the setting back, but DuckDB (1.5.5) went
            # on refusing blocks past the write's limit (a 1 MB article's extraction could not
            # be stored later in the run: test_long_article); setting the value read before
            # lifts the limit, and the RESET then gives back the exact default (the value read
            # is rounded to a tenth of a GiB).
            if before is not None:
                self.con.execute(f"SET memory_limit = '{before}'")
            self.con.execute("RESET memory_limit")
            if threads is not None:
                self.con.execute(f"SET threads = {int(threads)}")
            self.con.execute("RESET checkpoint_threshold")

    def _bound_memory(self, batch: Sequence[Article], stored: int) -> None:
        """Let DuckDB keep ``WRITE_MEMORY``, the articles' key index and the batch in memory,
        no more. Without a limit it keeps every block it wrote cached (up to 80% of the
        machine), so an ingest's memory grew with the file; the key index cannot leave memory
        while rows are inserted, so the limit grows with it (``KEY_INDEX_BYTES`` for each of
        the ``stored`` articles and the batch's), and a batch of long articles raises it for
        its own insert."""
        rows = 2 * sum(len(a.text) for a in batch)  # the text, and its copy in the statement
        limit = WRITE_MEMORY + KEY_INDEX_BYTES * (stored + len(batch)) + rows
        self.con.execute(f"SET memory_limit = '{limit // 1024}KiB'")

    def _write_batch(self, batch: Sequence[Article]) -> tuple[list[str], list[str]]:
        """One statement: the batch's articles whose id is not stored yet, each id once (the
        first copy), inserted; the key index tells a stored id, row by row. A copy of a file
        stored already, or earlier in the batch, under another name (``copy_key``) is not
        stored again: it counts as that article, stored already."""
        from storyline.ingest.build import copy_key  # the reader's imports, at the first write

        keys = {a.id: copy_key(a) for a in batch}
        copies = self._copies_of(keys)
        rows: dict[str, list[Any]] = {}
        for a in batch:  # in the batch's order, the first copy of an id
            if a.id not in rows and a.id not in copies:
                rows[a.id] = [*_article_row(a), keys[a.id]]
        with self.transaction() as con:
            new = set(_insert_new(con, "articles", _WRITTEN_COLUMNS, list(rows.values())))
        added: list[str] = []
        skipped: list[str] = []
        for a in batch:
            if a.id in new:
                new.discard(a.id)  # a later copy of it in the batch is a repeat
                added.append(a.id)
            else:
                skipped.append(copies.get(a.id, a.id))
        return added, skipped

    def _copies_of(self, keys: Mapping[str, str | None]) -> dict[str, str]:
        """Id of each article of a batch that copies another's file (``keys``: each id's
        ``copy_key``, in the batch's order) -> the id of the one it copies: stored already,
        else the batch's first."""
        keyed = [(aid, k) for aid, k in keys.items() if k is not None]
        if not keyed:
            return {}
        wanted = sorted({k for _, k in keyed})
        rows = self.con.execute(
            # a semi-join: list_contains() compared every stored row with the whole list
            # (1.9 s a batch of 2,000 at a million rows against 0.17 s)
            "SELECT copy_key, min(id) FROM articles "
            "WHERE copy_key IN (SELECT unnest(?::VARCHAR[])) GROUP BY copy_key",
            [wanted],
        ).fetchall()
        first: dict[str, str] = dict(rows)
        out: dict[str, str] = {}
        for aid, k in keyed:
            owner = first.setdefault(k, aid)
            if owner != aid:
                out[aid] = owner
        return out

    def get_article(self, article_id: str) -> Article | None:
        """An article by its id, else by the start of its id: None when no article or
        several begin so (an empty id begins every id: None)."""
        if not article_id.strip():
            return None
        cols = self._article_cols
        row = self.con.execute(
            f"SELECT {cols} FROM articles WHERE id = ? OR id LIKE ? ESCAPE '{_LIKE_ESCAPE}' "
            "ORDER BY id LIMIT 2",
            [article_id, _like_prefix(article_id)],
        ).fetchall()
        if len(row) != 1 and not (row and row[0][0] == article_id):
            return None
        return _article_from_row(row[0])

    def article_ids_starting(self, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` stored article ids that begin with ``prefix``, in id order."""
        rows = self.con.execute(
            f"SELECT id FROM articles WHERE id LIKE ? ESCAPE '{_LIKE_ESCAPE}' ORDER BY id LIMIT ?",
            [_like_prefix(prefix), limit],
        ).fetchall()
        return [r[0] for r in rows]

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """Every stored article (in the order they were stored), or those of ``ids`` that are
        stored, each once, by id (one id given alone is read as one id, not as its letters)."""
        import numpy as np

        if isinstance(ids, str):
            ids = [ids]
        cols = self._article_cols
        if ids is None:
            rows = self.con.execute(f"SELECT {cols} FROM articles ORDER BY ingested_at, id")
            return [_article_from_row(r) for r in rows.fetchall()]
        if not ids:
            return []
        # The ids as a table DuckDB scans in place, joined by hash: ``list_contains(?, id)``
        # compared every stored id with the whole list (archive x ids: 69 ms against 9 ms for
        # an added run's 620 ids in a store of 10,000, growing with both; issue #17).
        wanted = {"key": np.array(list(dict.fromkeys(ids)), dtype=str)}  # noqa: F841
        rows = self.con.execute(
            f"SELECT {cols} FROM articles JOIN wanted ON articles.id = wanted.key ORDER BY id"
        )
        return [_article_from_row(r) for r in rows.fetchall()]

    def article_ids(self) -> list[str]:
        """Every stored article's id, in the order ``articles()`` gives them."""
        rows = self.con.execute("SELECT id FROM articles ORDER BY ingested_at, id").fetchall()
        return [r[0] for r in rows]

    def count_articles(self) -> int:
        """How many articles the store holds (every stored version of a page counts)."""
        row = self.con.execute("SELECT count(*) FROM articles").fetchone()
        return int(row[0]) if row else 0

    # -- later stages -----------------------------------------------------------------------
    def put_extractions(self, extractions: Iterable[Extraction]) -> None:
        """Store extractions (one per article, the last given wins), their JSON made a
        ``WRITE_BATCH`` at a time: a whole archive's is gigabytes."""
        items = iter(extractions)
        with self.transaction() as con:
            while chunk := list(islice(items, WRITE_BATCH)):
                rows = {ex.article_id: [ex.article_id, json.dumps(ex.to_dict())] for ex in chunk}
                _put_rows(con, "extractions", ("article_id", "data"), list(rows.values()))

    def get_extraction(self, article_id: str) -> Extraction | None:
        """The stored extraction of an article (exact id), or None."""
        row = self.con.execute(
            "SELECT data FROM extractions WHERE article_id = ?", [article_id]
        ).fetchone()
        return Extraction.from_dict(json.loads(row[0])) if row else None

    def get_extractions(self, article_ids: Sequence[str]) -> dict[str, Extraction]:
        """The stored extractions of those ``article_ids`` that have one, by article id."""
        import numpy as np

        if not article_ids:
            return {}
        wanted = {"key": np.array(list(dict.fromkeys(article_ids)), dtype=str)}  # noqa: F841
        rows = self.con.execute(
            "SELECT article_id, data FROM extractions JOIN wanted ON article_id = wanted.key"
        ).fetchall()
        return {aid: Extraction.from_dict(json.loads(data)) for aid, data in rows}

    def put_entities(self, entities: Iterable[Entity]) -> None:
        rows = {e.id: [e.id, e.name, e.type, json.dumps(e.__dict__)] for e in entities}
        with self.transaction() as con:
            _put_rows(con, "entities", ("id", "name", "type", "data"), list(rows.values()))


def _batches(articles: Iterable[Article]) -> Iterator[list[Article]]:
    """``articles`` in lists of ``WRITE_BATCH`` at first, each twice the last up to
    ``INGEST_BATCH`` (a small ingest commits its first articles early, a large one writes in
    bulk), a list cut early when its text reaches ``INGEST_BATCH_CHARS``."""
    batch: list[Article] = []
    size, chars = WRITE_BATCH, 0
    for article in articles:
        batch.append(article)
        chars += len(article.text)
        if len(batch) >= size or chars >= INGEST_BATCH_CHARS:
            yield batch
            batch, chars = [], 0
            size = min(2 * size, INGEST_BATCH)
    if batch:
        yield batch


def _article_row(a: Article) -> list[Any]:
    """The ``articles`` row of ``a``, in ``_ARTICLE_COLUMNS`` order (read off its fields:
    ``dataclasses.asdict`` deep-copied every span, a tenth of the write's time)."""
    values = [getattr(a, c) for c in _ARTICLE_COLUMNS[:-2]]
    return [*values, json.dumps(a.prose), json.dumps(a.title_span)]


def _article_from_row(row: Sequence[Any]) -> Article:
    d = dict(zip(_ARTICLE_COLUMNS, row, strict=True))
    d["prose"] = json.loads(d["prose"]) if d["prose"] else []
    d["title_span"] = json.loads(d["title_span"]) if d["title_span"] else None
    return Article.from_dict(d)
