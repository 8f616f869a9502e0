"""What the store keeps about the web: the followed feeds, and what each URL last answered.

Two tables beside the articles, created on first use in a store opened for writing (a store
opened read-only that predates them reads as holding none):

* ``fetched``: per URL asked for, where it led (the URL that answered after redirects), what
  it was (page, feed, sitemap), its HTTP status and its validators (``ETag``,
  ``Last-Modified``), so the next request can be conditional and a 304 read as "unchanged";
* ``feeds``: the feeds and sitemaps the user follows (``storyline feeds add``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from storyline.store import Store

__all__ = ["Fetched", "Followed", "WebState"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS fetched (
    url VARCHAR PRIMARY KEY, final_url VARCHAR, kind VARCHAR, status INTEGER,
    etag VARCHAR, last_modified VARCHAR, fetched_at TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS feeds (
    url VARCHAR PRIMARY KEY, kind VARCHAR, title VARCHAR,
    added_at TIMESTAMP DEFAULT current_timestamp
);
"""


@dataclass(frozen=True)
class Fetched:
    """What one URL answered last time."""

    url: str
    final_url: str
    kind: str  # page, feed, sitemap
    status: int
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Followed:
    """A followed feed or sitemap."""

    url: str
    kind: str
    title: str | None
    added_at: str


class WebState:
    """The web tables of one open ``Store``."""

    def __init__(self, store: Store) -> None:
        self.con = store.con
        try:
            self.con.execute(_SCHEMA)
            self.ready = True
        except duckdb.Error:  # read-only: the tables are there, or nothing was ever fetched
            self.ready = self._has("fetched") and self._has("feeds")

    def _has(self, table: str) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? "
            "AND database_name = current_database()",
            [table],
        ).fetchone()
        return bool(row and row[0])

    # -- fetched URLs ---------------------------------------------------------------------------
    def article_ids(self, url: str) -> list[str]:
        """The stored articles read from ``url`` (directly, or where it redirected to)."""
        if not self.ready:
            rows = self.con.execute("SELECT id FROM articles WHERE url = ? ORDER BY id", [url])
            return [r[0] for r in rows.fetchall()]
        rows = self.con.execute(
            "SELECT id FROM articles WHERE url = ? OR url IN "
            "(SELECT final_url FROM fetched WHERE url = ?) ORDER BY ingested_at, id",
            [url, url],
        )
        return [r[0] for r in rows.fetchall()]

    def last(self, url: str) -> Fetched | None:
        """What ``url`` answered last time, if it was fetched before."""
        if not self.ready:
            return None
        row = self.con.execute(
            "SELECT url, final_url, kind, status, etag, last_modified FROM fetched WHERE url = ?",
            [url],
        ).fetchone()
        return Fetched(*row) if row else None

    def remember(self, answers: Sequence[Fetched]) -> None:
        """Keep what these URLs answered (replacing what they answered before)."""
        if not answers:
            return
        self.con.execute("BEGIN TRANSACTION")
        try:
            for a in answers:
                self.con.execute(
                    "INSERT OR REPLACE INTO fetched (url, final_url, kind, status, etag, "
                    "last_modified, fetched_at) VALUES (?, ?, ?, ?, ?, ?, current_timestamp)",
                    [a.url, a.final_url, a.kind, a.status, a.etag, a.last_modified],
                )
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- followed feeds -------------------------------------------------------------------------
    def follow(self, url: str, kind: str, title: str | None) -> bool:
        """Follow a feed or sitemap; False when it was followed already."""
        known = self.con.execute("SELECT 1 FROM feeds WHERE url = ?", [url]).fetchone()
        if known:
            return False
        self.con.execute(
            "INSERT INTO feeds (url, kind, title) VALUES (?, ?, ?)", [url, kind, title]
        )
        return True

    def unfollow(self, url: str) -> bool:
        """Stop following ``url``; False when it was not followed."""
        if not self.ready:
            return False
        gone = self.con.execute("DELETE FROM feeds WHERE url = ? RETURNING url", [url]).fetchall()
        return bool(gone)

    def followed(self) -> list[Followed]:
        """The followed feeds and sitemaps, in the order they were added."""
        if not self.ready:
            return []
        rows = self.con.execute(
            "SELECT url, kind, title, strftime(added_at, '%Y-%m-%d %H:%M:%S') FROM feeds "
            "ORDER BY added_at, url"
        ).fetchall()
        return [Followed(*r) for r in rows]
