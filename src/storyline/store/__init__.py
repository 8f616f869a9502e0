"""The embedded store: one DuckDB file (``./storyline.duckdb`` by default).

Why DuckDB: a single file a user can copy, SQL for ad-hoc questions, and a full-text-search
extension that ships as a PyPI package. Every write happens inside a transaction, so an
interrupted ingest leaves the store as it was before the batch that was cut off; rows already
committed are never touched by a later failure.

DuckDB lets one process write a file, and while it does no other process may open it, not
even read-only. ``Store`` therefore waits for a file another process holds (``LOCK_WAIT``
seconds, then a one-line ``StoreError`` naming the holder), and the web UI never opens the
user's file: it reads a private copy (``storyline.web.snapshot``).

Articles are keyed by ``Article.id`` (a hash of the normalised text and the source identity,
see ``storyline.ingest``): storing the same article twice adds nothing, while one wire text
published by two outlets gives two ids and stays two rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from storyline.defaults import DEFAULT_DB as DEFAULT_DB  # re-exported
from storyline.store.articles import _ARTICLE_COLUMNS, ArticleTables
from storyline.store.cache import WRITE_BATCH as WRITE_BATCH  # re-exported
from storyline.store.cache import CachedEmbedder as CachedEmbedder  # re-exported
from storyline.store.cache import CacheTables
from storyline.store.connection import StoreError as StoreError
from storyline.store.connection import connect as _connect
from storyline.store.keys import KeyTables
from storyline.store.retired import RETIRED_SCHEMA, RetiredTables
from storyline.store.stories import StoryRow as StoryRow  # re-exported
from storyline.store.stories import StoryTables

#: Seconds ``Store`` keeps trying to open a file another process holds (DuckDB lets one
#: process write a file, and no other open it meanwhile) before it gives up with a
#: ``StoreError``: long enough to outlast another command's short write, short enough that a
#: command started during a long ``analyze`` says so instead of hanging.
LOCK_WAIT = 10.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    source_path VARCHAR, fmt VARCHAR, record VARCHAR,
    title VARCHAR, outlet VARCHAR, url VARCHAR, byline VARCHAR, wire VARCHAR,
    published VARCHAR, text VARCHAR, prose JSON, title_span JSON,
    ingested_at TIMESTAMP DEFAULT current_timestamp, language VARCHAR, copy_key VARCHAR
);
CREATE TABLE IF NOT EXISTS extractions (article_id VARCHAR PRIMARY KEY, data JSON);
CREATE TABLE IF NOT EXISTS entities (id VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR, data JSON);
CREATE TABLE IF NOT EXISTS stories (
    id VARCHAR PRIMARY KEY, headline VARCHAR, article_ids JSON, families JSON,
    first_date VARCHAR, last_date VARCHAR, storyline VARCHAR
);
CREATE TABLE IF NOT EXISTS briefings (
    story_id VARCHAR PRIMARY KEY, data JSON, schema_version INTEGER, briefed_at TIMESTAMP,
    model VARCHAR
);
CREATE TABLE IF NOT EXISTS parts (key VARCHAR PRIMARY KEY, data VARCHAR);
CREATE TABLE IF NOT EXISTS cluster_keys (
    article_id VARCHAR, kind UTINYINT, key UINTEGER, n UINTEGER
);
CREATE TABLE IF NOT EXISTS vectors (model VARCHAR, key VARCHAR, vec BLOB, PRIMARY KEY (model, key));
"""

#: Columns a store written by an earlier storyline lacks: ``(table, column, type)``, added when
#: missing (``Store._migrate``). A new store has them from ``_SCHEMA``.
_ADDED_COLUMNS = (
    ("stories", "storyline", "VARCHAR"),
    ("briefings", "schema_version", "INTEGER"),
    ("briefings", "briefed_at", "TIMESTAMP"),
    ("briefings", "model", "VARCHAR"),
    ("articles", "language", "VARCHAR"),
    ("cluster_keys", "n", "UINTEGER"),
    ("articles", "copy_key", "VARCHAR"),
)


#: What a DuckDB database file holds at ``DUCKDB_MAGIC_AT`` (its storage header's magic).
DUCKDB_MAGIC = b"DUCK"
DUCKDB_MAGIC_AT = 8


def refuse_other_files(path: Path, read_only: bool) -> None:
    """A ``StoreError`` for a file that is there and is not a DuckDB database: DuckDB (1.5)
    opens a ``.jsonl``, ``.csv`` or ``.parquet`` file given as a database as an in-memory one
    over it, so a store pointed at the user's news file by mistake took every write and kept
    none of it. An empty file is left to DuckDB, which refuses it itself; a folder is named
    as one (DuckDB's own words were "Could not read from file ...: Is a directory"). The file
    is not opened as a database: ``storyline serve`` checks a store so, with no wait on a
    process writing it."""
    if (file := next((p for p in path.parents if p.is_file()), None)) is not None:
        raise StoreError(f"{path}: cannot be a store, {file} is a file, not a folder")
    if path.is_dir():
        raise StoreError(f"{path}: a folder, not a store file (a store is one file: news.duckdb)")
    try:
        with path.open("rb") as f:
            head = f.read(DUCKDB_MAGIC_AT + len(DUCKDB_MAGIC))
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return
    except OSError as exc:
        raise StoreError(f"{path}: cannot open store: {exc.strerror or exc}") from exc
    if head and head[DUCKDB_MAGIC_AT:] != DUCKDB_MAGIC:
        raise StoreError(
            f"{path}: not a storyline store (not a DuckDB database file); give a storyline "
            "store's path" + ("" if read_only else " (a new name creates one)")
        )


class Store(ArticleTables, StoryTables, CacheTables, KeyTables, RetiredTables):
    """A DuckDB-backed store of articles, extractions, stories and briefings.

    Use as a context manager so the connection is closed (and the file lock released)::

        with Store("storyline.duckdb") as store:
            added, skipped = store.add_articles(articles)
    """

    def __init__(
        self, path: str | Path = DEFAULT_DB, *, read_only: bool = False, wait: float = LOCK_WAIT
    ) -> None:
        """Open (or create) the store at ``path``. While another process holds the file,
        keep trying for ``wait`` seconds, then raise a one-line ``StoreError``."""
        self.path = Path(path).expanduser()  # "~/news.duckdb" made a folder named "~"
        refuse_other_files(self.path, read_only)
        try:
            if not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.con = _connect(self.path, read_only, wait)
            if not read_only:
                self.con.execute(_SCHEMA + RETIRED_SCHEMA)
                self._migrate()
            elif not (self._has_table("articles") or self._has_table("stories")):
                self.con.close()  # another program's file, or a first ingest killed early
                raise StoreError(
                    f"{self.path}: not a storyline store (it holds none of its tables); "
                    "`storyline ingest` creates one"
                )
            self._storyline = self._column_or_null("stories", "storyline")
            self._version = self._column_or_null("briefings", "schema_version")
            self._model = self._column_or_null("briefings", "model")
            language = self._column_or_null("articles", "language")
            self._article_cols = ", ".join(
                language if c == "language" else c for c in _ARTICLE_COLUMNS
            )
        except (duckdb.Error, OSError) as exc:
            raise StoreError(f"{self.path}: cannot open store: {_one_line(exc)}") from exc

    def _has_table(self, name: str) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? "
            "AND database_name = current_database()",
            [name],
        ).fetchone()
        return bool(row and row[0])

    def _migrate(self) -> None:
        """Add the columns of ``_ADDED_COLUMNS`` an older store lacks, then checkpoint: DuckDB
        (1.5) cannot replay an ``ALTER TABLE articles`` from its log read-only (the table has a
        DEFAULT), so a migration is never left in the log for a reader to meet after a kill."""
        missing = [c for c in _ADDED_COLUMNS if self._column_or_null(c[0], c[1]) == "NULL"]
        for table, column, kind in missing:
            self.con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        if missing:
            self.con.execute("CHECKPOINT")

    def _column_or_null(self, table: str, column: str) -> str:
        """``column``, or ``NULL`` where ``table`` predates it and the store is read-only (so
        it was not migrated): ``stories.storyline`` (each story is then its own storyline),
        ``briefings.schema_version`` and ``briefings.model`` (each briefing is then checked
        against the model)."""
        row = self.con.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE table_name = ? "
            "AND column_name = ? AND database_name = current_database()",
            [table, column],
        ).fetchone()
        return column if row and row[0] else "NULL"

    def close(self) -> None:
        """Close the store's connection (``with Store(...)`` closes it on leaving)."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Everything inside commits together or not at all."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
