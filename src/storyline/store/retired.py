"""Story ids a later analysis retired, and the story that took each one's articles.

A stored story that an added run or a whole-store run groups again may end in another
story (it joined a larger one, or a split kept its id for the other part): its id is gone,
and so are the links a reader kept to its page ("/stories/<id>", "/storylines/<id>", ids a
newsroom pasted into a ticket). ``retire`` keeps, for each removed story, the story holding
most of its articles now; ``current_story_id`` follows it, so the web UI redirects an old
link and ``storyline story`` names where the story went. An id that a later run gives a
story again is live, not retired.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence

import duckdb

from storyline.models import Story

#: The table, created with the store's others (``storyline.store._SCHEMA``).
RETIRED_SCHEMA = """
CREATE TABLE IF NOT EXISTS retired_stories (
    id VARCHAR PRIMARY KEY, story_id VARCHAR, retired_at TIMESTAMP DEFAULT current_timestamp
);
"""


def _successors(
    con: duckdb.DuckDBPyConnection, gone: Sequence[str], stories: Sequence[Story]
) -> Iterator[tuple[str, str]]:
    """(removed id, the new story holding most of its articles) for each of ``gone`` that
    shares an article with ``stories`` (ties: the smaller id)."""
    if not gone:
        return
    owner = {aid: s.id for s in stories for aid in s.article_ids}
    rows = con.execute(
        "SELECT id, article_ids FROM stories WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY id",
        [list(gone)],
    ).fetchall()
    for old, ids in rows:
        counts = Counter(owner[a] for a in json.loads(ids) if a in owner)
        if counts:
            yield old, min(counts, key=lambda sid: (-counts[sid], sid))


def retire(con: duckdb.DuckDBPyConnection, gone: Sequence[str], stories: Sequence[Story]) -> None:
    """Record where the stored stories ``gone`` went among ``stories`` (the stories being
    written, in the same transaction, before ``gone`` are deleted); an earlier retired id
    that pointed at one of them points on; ids of ``stories`` are live again."""
    pairs = list(_successors(con, gone, stories))
    if pairs:  # two statements, not two per story (a regrouped archive retires thousands)
        olds, news = [p[0] for p in pairs], [p[1] for p in pairs]
        con.execute(
            "UPDATE retired_stories SET story_id = m.new FROM (SELECT unnest(?::VARCHAR[]) AS "
            "old, unnest(?::VARCHAR[]) AS new) m WHERE retired_stories.story_id = m.old",
            [olds, news],
        )
        con.execute(
            "INSERT OR REPLACE INTO retired_stories (id, story_id) "
            "SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
            [olds, news],
        )
    con.execute(  # a semi-join: the table grows with the archive's history
        "DELETE FROM retired_stories WHERE id IN (SELECT unnest(?::VARCHAR[]))",
        [[s.id for s in stories]],
    )


class RetiredTables:
    """The ``retired_stories`` table of a ``Store`` (which provides ``con``)."""

    con: duckdb.DuckDBPyConnection

    def retired_ids(self) -> set[str]:
        """Every story id a later analysis retired (empty for a store older than the table,
        opened read-only)."""
        try:
            rows = self.con.execute("SELECT id FROM retired_stories").fetchall()
        except duckdb.CatalogException:
            return set()
        return {r[0] for r in rows}

    def current_story_id(self, story_id: str) -> str | None:
        """The story that holds most of the articles of the retired story ``story_id`` now,
        if it is still stored; None for an id never retired (or a store older than the table,
        opened read-only)."""
        try:
            row = self.con.execute(
                "SELECT r.story_id FROM retired_stories r JOIN stories s ON s.id = r.story_id "
                "WHERE r.id = ?",
                [story_id],
            ).fetchone()
        except duckdb.CatalogException:
            return None
        return row[0] if row else None
