"""What the store keeps about the web: the followed feeds, and what each URL last answered.

Two tables beside the articles, created on first use in a store opened for writing (a store
opened read-only that predates them reads as holding none):

* ``fetched``: per URL asked for, where it led (the URL that answered after redirects), what
  it was (page, feed, sitemap), its HTTP status and its validators (``ETag``,
  ``Last-Modified``), so the next request can be conditional and a 304 read as "unchanged"
  (for a feed or sitemap, the pages it listed then, so that they still count as its pages);
* ``feeds``: the feeds and sitemaps the user follows (``storyline feeds add``);
* ``versions``: per page URL, the articles it gave in turn: fetched again with changed text,
  a page is a new version of one article, not a second source (``storyline versions``);
* ``warc_read``: per WARC file, the bytes of it whose responses the store accounts for, so
  that ``storyline watch`` reads what a stopped run fetched from there, never again from the
  web (``storyline.fetch.recover``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

import duckdb

from storyline.store import Store

__all__ = ["Fetched", "Followed", "Version", "WebState"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS fetched (
    url VARCHAR PRIMARY KEY, final_url VARCHAR, kind VARCHAR, status INTEGER,
    etag VARCHAR, last_modified VARCHAR, fetched_at TIMESTAMP DEFAULT current_timestamp,
    links JSON
);
CREATE TABLE IF NOT EXISTS feeds (
    url VARCHAR PRIMARY KEY, kind VARCHAR, title VARCHAR,
    added_at TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS versions (
    url VARCHAR, version INTEGER, article_id VARCHAR,
    fetched_at TIMESTAMP DEFAULT current_timestamp, PRIMARY KEY (url, version)
);
CREATE TABLE IF NOT EXISTS warc_read (path VARCHAR PRIMARY KEY, bytes BIGINT);
"""

#: The article ids that are an earlier version of a page (not what the page says now).
_SUPERSEDED_SQL = """
SELECT DISTINCT v.article_id FROM versions v
JOIN (SELECT url, max(version) AS last FROM versions GROUP BY url) m USING (url)
WHERE v.version < m.last AND v.article_id NOT IN (
    SELECT w.article_id FROM versions w JOIN
    (SELECT url, max(version) AS last FROM versions GROUP BY url) n
    ON w.url = n.url AND w.version = n.last)
"""

#: Each page's latest version: ``(url, article id)``.
_LATEST_SQL = """
SELECT v.url, v.article_id FROM versions v
JOIN (SELECT url, max(version) AS last FROM versions GROUP BY url) m
ON v.url = m.url AND v.version = m.last
"""

#: The latest versions of fetched pages that are stored but in no story yet.
_UNANALYSED_SQL = f"""
SELECT DISTINCT l.article_id FROM ({_LATEST_SQL}) l JOIN articles a ON a.id = l.article_id
WHERE l.article_id NOT IN (SELECT unnest(CAST(article_ids AS VARCHAR[])) FROM stories)
ORDER BY 1
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
    links: tuple[str, ...] = ()  # the pages a feed or sitemap listed


@dataclass(frozen=True)
class Followed:
    """A followed feed or sitemap."""

    url: str
    kind: str
    title: str | None
    added_at: str


@dataclass(frozen=True)
class Version:
    """One version of a page: its number (1 first), its article, when it was fetched."""

    version: int
    article_id: str
    fetched_at: str


class WebState:
    """The web tables of one open ``Store``."""

    def __init__(self, store: Store) -> None:
        self.con = store.con
        try:
            self.con.execute(_SCHEMA)
            self.ready = True
        except duckdb.Error:  # read-only: the tables are there, or nothing was ever fetched
            self.ready = all(self._has(t) for t in ("fetched", "feeds", "versions"))

    def _has(self, table: str) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? "
            "AND database_name = current_database()",
            [table],
        ).fetchone()
        return bool(row and row[0])

    # -- fetched URLs ---------------------------------------------------------------------------
    def article_ids(self, url: str) -> list[str]:
        """The stored articles read from ``url`` (directly, or where it redirected to), its
        latest version only when it changed between fetches."""
        if not self.ready:
            rows = self.con.execute("SELECT id FROM articles WHERE url = ? ORDER BY id", [url])
            return [r[0] for r in rows.fetchall()]
        rows = self.con.execute(
            "SELECT id FROM articles WHERE (url = ? OR url IN "
            "(SELECT final_url FROM fetched WHERE url = ?)) "
            f"AND id NOT IN ({_SUPERSEDED_SQL}) ORDER BY ingested_at, id",
            [url, url],
        )
        return [r[0] for r in rows.fetchall()]

    def last(self, url: str) -> Fetched | None:
        """What ``url`` answered last time, if it was fetched before."""
        if not self.ready:
            return None
        row = self.con.execute(
            "SELECT url, final_url, kind, status, etag, last_modified, links FROM fetched "
            "WHERE url = ?",
            [url],
        ).fetchone()
        if not row:
            return None
        url, final_url, kind, status, etag, modified, links = row
        links = tuple(json.loads(links or "[]"))
        return Fetched(url, final_url, kind, status, etag, modified, links)

    def remember(self, answers: Sequence[Fetched]) -> None:
        """Keep what these URLs answered (replacing what they answered before)."""
        if not answers:
            return
        self.con.execute("BEGIN TRANSACTION")
        try:
            for a in answers:
                self.con.execute(
                    "INSERT OR REPLACE INTO fetched (url, final_url, kind, status, etag, "
                    "last_modified, links, fetched_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, current_timestamp)",
                    [
                        a.url,
                        a.final_url,
                        a.kind,
                        a.status,
                        a.etag,
                        a.last_modified,
                        json.dumps(list(a.links)),
                    ],  # fmt: skip
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

    # -- versions of a page ---------------------------------------------------------------------
    def add_versions(self, pages: Sequence[tuple[str, str]]) -> list[tuple[str, int]]:
        """Record what each ``(url, article id)`` page read says now: a new version when the
        id differs from the page's latest. Returns the ``(url, version)`` of new versions
        after the first."""
        changed: list[tuple[str, int]] = []
        for url, article_id in pages:
            row = self.con.execute(
                "SELECT version, article_id FROM versions WHERE url = ? "
                "ORDER BY version DESC LIMIT 1",
                [url],
            ).fetchone()
            if row and row[1] == article_id:
                continue
            number = row[0] + 1 if row else 1
            self._add_version(url, number, article_id)
            if number > 1:
                changed.append((url, number))
        return changed

    def page_of(self, article_ids: Sequence[str]) -> str | None:
        """The page whose versions hold one of ``article_ids`` (fetched or read from files),
        if any: a text read again from a file joins that page's versions."""
        row = self.con.execute(
            "SELECT url FROM versions WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
            "ORDER BY version DESC, url LIMIT 1",
            [list(article_ids)],
        ).fetchone()
        return str(row[0]) if row else None

    def add_page_texts(
        self,
        url: str,
        texts: Sequence[tuple[str, str]],
        relate: Callable[[str, str], str | None],
    ) -> list[tuple[str, int]]:
        """Record the stored articles ``texts`` (``(id, text)``: those stored before first,
        then a run's in reading order) as versions of the page at ``url``, each as
        ``relate(latest's text, its text)`` says (``storyline.store.pages.relate``): an
        earlier version (a summary of the page), the latest, or none (another article at the
        address: not recorded, analysed as an article of its own). Returns the ``(url,
        version)`` of new latest versions after the first."""
        rows = self.con.execute(
            "SELECT version, article_id FROM versions WHERE url = ? ORDER BY version", [url]
        ).fetchall()
        text_of = dict(texts)
        known = {aid for _, aid in rows}
        chain: list[tuple[int, str]] = []  # the (version, id) to insert
        low, high = (rows[0][0], rows[-1][0]) if rows else (1, 1)
        latest = rows[-1][1] if rows else None
        for aid, text in texts:
            if aid in known:
                continue
            if latest is None:  # the page's first text, recorded if another relates to it
                latest = aid
                continue
            kind = relate(text_of.get(latest, ""), text)
            if kind is None:
                continue
            if not rows and not chain:
                chain.append((1, latest))
            known.add(aid)
            if kind == "earlier":
                low -= 1
                chain.append((low, aid))
            else:
                high += 1
                chain.append((high, aid))
                latest = aid
        for number, aid in chain:
            self._add_version(url, number, aid)
        return [(url, n) for n, _ in chain if n > 1]

    def _add_version(self, url: str, number: int, article_id: str) -> None:
        self.con.execute(
            "INSERT INTO versions (url, version, article_id) VALUES (?, ?, ?)",
            [url, number, article_id],
        )

    def versions(self, url: str) -> list[Version]:
        """The versions of the page at ``url``, oldest first."""
        if not self.ready:
            return []
        rows = self.con.execute(
            "SELECT version, article_id, strftime(fetched_at, '%Y-%m-%d %H:%M:%S') "
            "FROM versions WHERE url = ? ORDER BY version",
            [url],
        ).fetchall()
        return [Version(*r) for r in rows]

    def superseded(self) -> list[str]:
        """Ids of stored articles that are an earlier version of a page."""
        if not self.ready:
            return []
        rows = self.con.execute(_SUPERSEDED_SQL + " ORDER BY 1").fetchall()
        return [r[0] for r in rows]

    def latest_of(self) -> dict[str, str]:
        """Each superseded article id -> the id of its page's latest version."""
        if not self.ready:
            return {}
        rows = self.con.execute(
            f"SELECT v.article_id, l.article_id FROM versions v JOIN ({_LATEST_SQL}) l "
            f"USING (url) WHERE v.article_id IN ({_SUPERSEDED_SQL}) ORDER BY 1, l.url"
        ).fetchall()
        return {old: new for old, new in reversed(rows)}  # the first URL's, when several

    def has_version(self, url: str, article_id: str) -> bool:
        """True when ``article_id`` is recorded as a version of the page at ``url``."""
        row = self.con.execute(
            "SELECT 1 FROM versions WHERE url = ? AND article_id = ?", [url, article_id]
        ).fetchone()
        return row is not None

    def unanalysed(self) -> list[str]:
        """Ids of the latest versions of fetched pages that are in no stored story: fetched
        by a run that stopped before analysing them, or by ``ingest`` alone."""
        if not self.ready:
            return []
        return [r[0] for r in self.con.execute(_UNANALYSED_SQL).fetchall()]

    def due(self, url: str, after: float, within: float, age_factor: float) -> bool:
        """True when the stored page at ``url`` should be asked again: it was last fetched at
        least ``after`` seconds ago and at least its age / ``age_factor`` ago (a page is
        revisited less often as it ages), and its first version is at most ``within``
        seconds old. A page never fetched (read from a file) is never due."""
        if not self.ready:
            return False
        row = self.con.execute(
            "SELECT f.fetched_at, (SELECT min(v.fetched_at) FROM versions v "
            "WHERE v.url IN (f.url, f.final_url)), now()::TIMESTAMP FROM fetched f "
            "WHERE f.url = ?",
            [url],
        ).fetchone()
        if row is None or row[0] is None:
            return False
        last, first, now = row
        age = now - (first or last)
        since = now - last
        return age <= timedelta(seconds=within) and since >= max(
            timedelta(seconds=after), age / age_factor
        )

    # -- the WARC archive -----------------------------------------------------------------------
    def warc_read(self, path: str) -> int:
        """The bytes at the start of the WARC file ``path`` whose responses the store holds."""
        if not self._has("warc_read"):
            return 0
        row = self.con.execute("SELECT bytes FROM warc_read WHERE path = ?", [path]).fetchone()
        return int(row[0]) if row else 0

    def set_warc_read(self, path: str, size: int) -> None:
        self.con.execute("INSERT OR REPLACE INTO warc_read VALUES (?, ?)", [path, size])
