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

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
from pydantic import ValidationError

from storyline.briefing import SCHEMA_VERSION, Briefing
from storyline.briefing import Story as BriefedStory
from storyline.models import Article, Entity, Extraction, Family, Story, Storyline
from storyline.store.cache import WRITE_BATCH, CacheTables
from storyline.store.cache import CachedEmbedder as CachedEmbedder  # re-exported
from storyline.store.connection import StoreError as StoreError
from storyline.store.connection import connect as _connect

DEFAULT_DB = "storyline.duckdb"


class StoryRow(NamedTuple):
    """A story as a list shows it (``Store.story_rows``)."""

    id: str
    headline: str | None
    articles: int
    families: int
    conflicts: int
    first_date: str | None
    last_date: str | None


_STORY_ROWS_SQL = """
SELECT s.id, s.headline, json_array_length(s.article_ids), json_array_length(s.families),
       coalesce(json_array_length(b.data -> 'conflicts'), 0), s.first_date, s.last_date
FROM stories s LEFT JOIN briefings b ON b.story_id = s.id
ORDER BY s.first_date NULLS LAST, s.id
"""

_STORY_OF_ARTICLE_SQL = """
SELECT id FROM stories WHERE list_contains(CAST(article_ids AS VARCHAR[]), ?) ORDER BY id LIMIT 1
"""

#: DuckDB memory an article write may hold beyond the key index and the batch's rows
#: (``Store._bound_memory``): the table's row group being appended to and the blocks it
#: reads. A pure-DuckDB probe of this table's inserts kept 40 MB in all up to 500,000 keys
#: (then its index outgrew it); without a limit DuckDB kept every block written cached.
WRITE_MEMORY = 64 * 1024 * 1024
#: Bytes of DuckDB's key index (ART) per stored article: ~4.8 MB per 100,000 keys measured
#: (DuckDB 1.5); doubled, as the index's blocks fill unevenly. It stays in memory while rows
#: are inserted, so a limit that ignored it would stop a long ingest with an out-of-memory
#: error (as a fixed 40 MB limit did at 500,000 keys).
KEY_INDEX_BYTES = 100
#: Batches between two settings of that limit (a count of the articles each time).
BOUND_EVERY = 50

#: Seconds ``Store`` keeps trying to open a file another process holds (DuckDB lets one
#: process write a file, and no other open it meanwhile) before it gives up with a
#: ``StoreError``: long enough to outlast another command's short write, short enough that a
#: command started during a long ``analyze`` says so instead of hanging.
LOCK_WAIT = 10.0

#: The character that escapes ``%``, ``_`` and itself in the LIKE patterns of id prefixes.
_LIKE_ESCAPE = "\\"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    source_path VARCHAR, fmt VARCHAR, record VARCHAR,
    title VARCHAR, outlet VARCHAR, url VARCHAR, byline VARCHAR, wire VARCHAR,
    published VARCHAR, text VARCHAR, prose JSON, title_span JSON,
    ingested_at TIMESTAMP DEFAULT current_timestamp, language VARCHAR
);
CREATE TABLE IF NOT EXISTS extractions (article_id VARCHAR PRIMARY KEY, data JSON);
CREATE TABLE IF NOT EXISTS entities (id VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR, data JSON);
CREATE TABLE IF NOT EXISTS stories (
    id VARCHAR PRIMARY KEY, headline VARCHAR, article_ids JSON, families JSON,
    first_date VARCHAR, last_date VARCHAR, storyline VARCHAR
);
CREATE TABLE IF NOT EXISTS briefings (
    story_id VARCHAR PRIMARY KEY, data JSON, schema_version INTEGER, briefed_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS parts (key VARCHAR PRIMARY KEY, data VARCHAR);
CREATE TABLE IF NOT EXISTS vectors (model VARCHAR, key VARCHAR, vec BLOB, PRIMARY KEY (model, key));
"""

#: Columns a store written by an earlier storyline lacks: ``(table, column, type)``, added when
#: missing (``Store._migrate``). A new store has them from ``_SCHEMA``.
_ADDED_COLUMNS = (
    ("stories", "storyline", "VARCHAR"),
    ("briefings", "schema_version", "INTEGER"),
    ("briefings", "briefed_at", "TIMESTAMP"),
    ("articles", "language", "VARCHAR"),
)

#: A story row as ``_story_from_row`` reads it. ``{storyline}`` is the column, or NULL in a
#: store written before storylines that is opened read-only (so it could not be migrated).
_STORY_SELECT = (
    "SELECT id, headline, article_ids, families, first_date, last_date, {storyline} FROM stories "
)

#: The ids of the stored stories holding any of the articles ``?``: the ids are joined with
#: each story's article list unnested, linear in the archive (``list_has_any`` of every story
#: against the whole list was quadratic: 100,000 ids against 33,334 stories took 50 s, now 0.9 s;
#: benchmarks/store_lookup.py).
_HOLDING_SQL = """
SELECT s.id FROM stories s, unnest(CAST(s.article_ids AS VARCHAR[])) AS u(aid)
WHERE u.aid IN (SELECT unnest(?::VARCHAR[]))
"""
#: The stored stories that hold one of the articles ``?`` (a list) and are not among the new
#: stories ``?`` (their ids): an earlier grouping of those articles.
_SUPERSEDED_SQL = f"""
SELECT id FROM stories
WHERE id IN ({_HOLDING_SQL}) AND id NOT IN (SELECT unnest(?::VARCHAR[]))
"""

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


class Store(CacheTables):
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
        self.path = Path(path)
        self._batches = self._stored = 0  # article batches written, stored (_bound_memory)
        try:
            if not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.con = _connect(self.path, read_only, wait)
            if not read_only:
                self.con.execute(_SCHEMA)
                self._migrate()
            elif not (self._has_table("articles") or self._has_table("stories")):
                self.con.close()  # another program's file, or a first ingest killed early
                raise StoreError(
                    f"{self.path}: not a storyline store (it holds none of its tables); "
                    "`storyline ingest` creates one"
                )
            self._storyline = self._column_or_null("stories", "storyline")
            self._version = self._column_or_null("briefings", "schema_version")
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
        ``briefings.schema_version`` (each briefing is then checked against the model)."""
        row = self.con.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE table_name = ? "
            "AND column_name = ? AND database_name = current_database()",
            [table, column],
        ).fetchone()
        return column if row and row[0] else "NULL"

    def close(self) -> None:
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

    # -- articles ---------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        row = self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone()
        return row is not None

    def add_articles(self, articles: Iterable[Article]) -> tuple[list[str], list[str]]:
        """Store new articles in batches of ``WRITE_BATCH``; return (added ids, skipped ids).
        The articles are read as they come: memory holds one batch, not the input."""
        added: list[str] = []
        skipped: list[str] = []
        for new, old in self._write_articles(articles):
            added += new
            skipped += old
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
        DuckDB's memory is bounded meanwhile (``_bound_memory``)."""
        batch: list[Article] = []
        row = self.con.execute("SELECT current_setting('memory_limit')").fetchone()
        before = row[0] if row else None
        try:
            for article in articles:
                batch.append(article)
                if len(batch) >= WRITE_BATCH:
                    self._bound_memory(batch)
                    yield self._write_batch(batch)
                    batch = []
            if batch:
                self._bound_memory(batch)
                yield self._write_batch(batch)
        finally:
            # Set back as it was. A RESET alone puts the setting back, but DuckDB (1.5.5) went
            # on refusing blocks past the write's limit (a 1 MB article's extraction could not
            # be stored later in the run: test_long_article); setting the value read before
            # lifts the limit, and the RESET then gives back the exact default (the value read
            # is rounded to a tenth of a GiB).
            if before is not None:
                self.con.execute(f"SET memory_limit = '{before}'")
            self.con.execute("RESET memory_limit")

    def _bound_memory(self, batch: Sequence[Article]) -> None:
        """Let DuckDB keep ``WRITE_MEMORY``, the articles' key index and the batch in memory,
        no more. Without a limit it keeps every block it wrote cached (up to 80% of the
        machine), so an ingest's memory grew with the file; the key index cannot leave memory
        while rows are inserted, so the limit grows with it (``KEY_INDEX_BYTES`` an article,
        the count taken every ``BOUND_EVERY`` batches), and a batch of long articles (20 MiB
        each at most) raises it for its own insert."""
        if self._batches % BOUND_EVERY == 0:
            self._stored = self.count_articles()
        self._batches += 1
        rows = 2 * sum(len(a.text) for a in batch)  # the text, and its copy in the statement
        keys = self._stored + BOUND_EVERY * WRITE_BATCH  # at most that many since the count
        limit = WRITE_MEMORY + KEY_INDEX_BYTES * keys + rows
        self.con.execute(f"SET memory_limit = '{limit // 1024}KiB'")

    def _write_batch(self, batch: Sequence[Article]) -> tuple[list[str], list[str]]:
        added: list[str] = []
        skipped: list[str] = []
        with self.transaction() as con:
            # one look-up of the batch's ids (a hash join, not a scan per id)
            sql = "SELECT id FROM articles WHERE id IN (SELECT unnest(?))"
            seen = {r[0] for r in con.execute(sql, [[a.id for a in batch]]).fetchall()}
            rows = []
            for a in batch:
                if a.id in seen:
                    skipped.append(a.id)
                    continue
                seen.add(a.id)
                d = a.to_dict()
                values = [d[c] for c in _ARTICLE_COLUMNS[:-2]]
                rows.append([*values, json.dumps(d["prose"]), json.dumps(d["title_span"])])
                added.append(a.id)
            _put_rows(con, "articles", _ARTICLE_COLUMNS, rows)
        return added, skipped

    def get_article(self, article_id: str) -> Article | None:
        cols = self._article_cols
        row = self.con.execute(
            f"SELECT {cols} FROM articles WHERE id = ? OR id LIKE ? ESCAPE '{_LIKE_ESCAPE}' "
            "ORDER BY id LIMIT 2",
            [article_id, _like_prefix(article_id)],
        ).fetchall()
        if len(row) != 1 and not (row and row[0][0] == article_id):
            return None
        return _article_from_row(row[0])

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        cols = self._article_cols
        if ids is None:
            rows = self.con.execute(f"SELECT {cols} FROM articles ORDER BY ingested_at, id")
        else:
            rows = self.con.execute(
                f"SELECT {cols} FROM articles WHERE list_contains(?, id) ORDER BY id", [list(ids)]
            )
        return [_article_from_row(r) for r in rows.fetchall()]

    def count_articles(self) -> int:
        row = self.con.execute("SELECT count(*) FROM articles").fetchone()
        return int(row[0]) if row else 0

    # -- later stages -----------------------------------------------------------------------
    def put_extractions(self, extractions: Iterable[Extraction]) -> None:
        rows = {ex.article_id: [ex.article_id, json.dumps(ex.to_dict())] for ex in extractions}
        with self.transaction() as con:
            _put_rows(con, "extractions", ("article_id", "data"), list(rows.values()))

    def get_extraction(self, article_id: str) -> Extraction | None:
        row = self.con.execute(
            "SELECT data FROM extractions WHERE article_id = ?", [article_id]
        ).fetchone()
        return Extraction.from_dict(json.loads(row[0])) if row else None

    def put_entities(self, entities: Iterable[Entity]) -> None:
        rows = {e.id: [e.id, e.name, e.type, json.dumps(e.__dict__)] for e in entities}
        with self.transaction() as con:
            _put_rows(con, "entities", ("id", "name", "type", "data"), list(rows.values()))

    def put_stories(self, stories: Iterable[Story], briefing: Briefing | None = None) -> None:
        """Replace stories (and their briefings, taken from ``briefing``) in one go.

        A stored story that shares an article with the new stories is an earlier analysis of
        those articles (re-analysing a grown archive regroups them): it is removed with its
        briefing, so that no article is in two stories. Stories of other articles stay.
        """
        stories = list(stories)
        by_story = {s.id: s for s in briefing.stories} if briefing else {}
        covered = sorted({aid for s in stories for aid in s.article_ids})
        with self.transaction() as con:
            rows = con.execute(_SUPERSEDED_SQL, [covered, [s.id for s in stories]]).fetchall()
            if rows:
                gone = [r[0] for r in rows]
                con.execute("DELETE FROM briefings WHERE list_contains(?, story_id)", [gone])
                con.execute("DELETE FROM stories WHERE list_contains(?, id)", [gone])
            story_rows = {s.id: _story_row(s) for s in stories}
            _put_rows(con, "stories", _STORY_COLUMNS, list(story_rows.values()))
            briefed = [[k, by_story[k].model_dump_json()] for k in story_rows if k in by_story]
            for b in range(0, len(briefed), WRITE_BATCH):
                part = briefed[b : b + WRITE_BATCH]
                con.execute(
                    "INSERT OR REPLACE INTO briefings (story_id, data, schema_version, "
                    "briefed_at) SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), ?, "
                    "current_timestamp",
                    [[r[0] for r in part], [r[1] for r in part], SCHEMA_VERSION],
                )

    def _select_stories(self, tail: str, params: Sequence[Any] = ()) -> list[Story]:
        """Stories of ``SELECT ... FROM stories {tail}``; ``{storyline}`` in ``tail`` names
        the storyline column (NULL in an old store opened read-only)."""
        sql = _STORY_SELECT + tail
        rows = self.con.execute(sql.format(storyline=self._storyline), list(params)).fetchall()
        return [_story_from_row(r) for r in rows]

    def stories(self) -> list[Story]:
        return self._select_stories("ORDER BY first_date NULLS LAST, id")

    def stories_between(self, first: str, last: str) -> list[Story]:
        """Stored stories with a publication day between ``first`` and ``last`` (YYYY-MM-DD,
        both included): those whose date span overlaps that window."""
        return self._select_stories(
            "WHERE first_date <= ? AND last_date >= ? ORDER BY id", [last, first]
        )

    def recent_stories(self, limit: int) -> list[Story]:
        """The ``limit`` stored stories of the latest days, and every undated one."""
        return self._select_stories(
            "WHERE first_date IS NULL OR id IN (SELECT id FROM stories "
            "WHERE first_date IS NOT NULL ORDER BY last_date DESC, id LIMIT ?) ORDER BY id",
            [limit],
        )

    def stories_of(self, article_ids: Sequence[str]) -> list[Story]:
        """The stored stories holding any of ``article_ids``."""
        return self._select_stories(
            f"WHERE id IN ({_HOLDING_SQL}) ORDER BY id",
            [list(article_ids)],
        )

    def get_story(self, story_id: str) -> Story | None:
        rows = self._select_stories(
            f"WHERE id = ? OR id LIKE ? ESCAPE '{_LIKE_ESCAPE}' ORDER BY id LIMIT 2",
            [story_id, _like_prefix(story_id)],
        )
        return rows[0] if len(rows) == 1 else None

    def storylines(self) -> list[Storyline]:
        """Every storyline of the stored stories, in date order (a lone story is its own)."""
        from storyline.cluster import storylines_of

        return storylines_of(self.stories())

    def storyline_stories(self, storyline_id: str) -> list[Story]:
        """The stories of one storyline (exact id), in date order; empty for an unknown id."""
        from storyline.cluster import storylines_of

        stories = {
            s.id: s
            for s in self._select_stories("WHERE coalesce({storyline}, id) = ?", [storyline_id])
        }
        lines = storylines_of(list(stories.values()))
        return [stories[sid] for sid in lines[0].story_ids] if lines else []

    def get_storyline(self, storyline_id: str) -> Storyline | None:
        """One storyline by its exact id, or None."""
        from storyline.cluster import storylines_of

        lines = storylines_of(self.storyline_stories(storyline_id))
        return lines[0] if lines else None

    def story_rows(self) -> list[StoryRow]:
        """One row per story, in date order, for a list of stories: counts, not contents."""
        return [StoryRow(*r) for r in self.con.execute(_STORY_ROWS_SQL).fetchall()]

    def story_of_article(self, article_id: str) -> str | None:
        """The id of the current story holding ``article_id`` (exact id), or None."""
        row = self.con.execute(_STORY_OF_ARTICLE_SQL, [article_id]).fetchone()
        return str(row[0]) if row else None

    def get_briefing(self, story_id: str) -> BriefedStory | None:
        """The stored briefing of a story (exact id), or None: when it has none, and when it
        was written by another version of the briefing (``storyline.briefing``), which is
        re-briefed (``stale_briefings``, ``storyline.archive.rebrief``), never misread."""
        row = self.con.execute(
            f"SELECT data, {self._version} FROM briefings WHERE story_id = ?", [story_id]
        ).fetchone()
        return _briefed(row) if row else None

    def briefed_at(self, story_id: str) -> str | None:
        """When the stored briefing of a story was written (ISO 8601, UTC), or None."""
        row = self.con.execute(
            "SELECT strftime(briefed_at, '%Y-%m-%dT%H:%M:%SZ') FROM briefings WHERE story_id = ?",
            [story_id],
        ).fetchone()
        return str(row[0]) if row and row[0] else None

    def drop_briefings(self, story_ids: Sequence[str]) -> None:
        """Forget the stored briefings of these stories (exact ids), which the next
        ``analyze`` then briefs again (``storyline.archive.changed``)."""
        if story_ids:
            self.con.execute(
                "DELETE FROM briefings WHERE list_contains(?, story_id)", [list(story_ids)]
            )

    def stale_briefings(self) -> list[str]:
        """Ids of the stories whose stored briefing another version of the model wrote."""
        rows = self.con.execute(
            f"SELECT story_id, data, {self._version} FROM briefings ORDER BY story_id"
        ).fetchall()
        return [r[0] for r in rows if _briefed(r[1:]) is None]


def _briefed(row: Sequence[Any]) -> BriefedStory | None:
    """A stored briefing row (data, schema_version) read through the model, or None when
    another version wrote it. Rows from before the version column are checked by the model."""
    data, version = row
    if version is not None and version != SCHEMA_VERSION:
        return None
    try:
        return BriefedStory.model_validate_json(data)
    except ValidationError:
        return None


def _like_prefix(prefix: str) -> str:
    """A LIKE pattern matching the strings that start with ``prefix``, taken literally."""
    esc = _LIKE_ESCAPE
    return prefix.replace(esc, esc + esc).replace("%", esc + "%").replace("_", esc + "_") + "%"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _article_from_row(row: Sequence[Any]) -> Article:
    d = dict(zip(_ARTICLE_COLUMNS, row, strict=True))
    d["prose"] = json.loads(d["prose"]) if d["prose"] else []
    d["title_span"] = json.loads(d["title_span"]) if d["title_span"] else None
    return Article.from_dict(d)


def _story_from_row(row: Sequence[Any]) -> Story:
    sid, headline, ids, fams, first, last, storyline = row
    families = [Family(**f) for f in json.loads(fams or "[]")]
    span = (first, last) if first else None
    return Story(
        id=sid,
        article_ids=json.loads(ids),
        families=families,
        headline=headline,
        date_span=span,
        storyline=storyline,
    )


#: The columns ``put_stories`` writes, in the order of ``_story_row``.
_STORY_COLUMNS = (
    "id",
    "headline",
    "article_ids",
    "families",
    "first_date",
    "last_date",
    "storyline",
)


def _story_row(s: Story) -> list[Any]:
    first, last = s.date_span or (None, None)
    fams = json.dumps([f.__dict__ for f in s.families])
    return [s.id, s.headline, json.dumps(s.article_ids), fams, first, last, s.storyline]


def _put_rows(con: Any, table: str, columns: Sequence[str], rows: Sequence[list[Any]]) -> None:
    """``INSERT OR REPLACE`` text ``rows`` (one key each) into ``table``, ``WRITE_BATCH`` rows
    a statement: one statement a row cost a few ms each, seconds for a run's entities."""
    for start in range(0, len(rows), WRITE_BATCH):
        part = rows[start : start + WRITE_BATCH]
        cols = ", ".join("unnest(?::VARCHAR[])" for _ in columns)
        con.execute(
            f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) SELECT {cols}",
            [[r[k] for r in part] for k in range(len(columns))],
        )
