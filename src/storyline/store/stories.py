"""The store's story and briefing tables (``StoryTables``, held by ``Store``)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from functools import cache
from typing import Any, NamedTuple

import duckdb
from pydantic import ValidationError

from storyline.briefing import SCHEMA_VERSION, Briefing
from storyline.briefing import Story as BriefedStory
from storyline.models import Family, Story, Storyline
from storyline.store.cache import WRITE_BATCH
from storyline.store.retired import retire
from storyline.store.rows import _LIKE_ESCAPE, _like_prefix, _put_rows


class StoryRow(NamedTuple):
    """A story as a list shows it (``Store.story_rows``)."""

    id: str
    headline: str | None
    articles: int
    families: int
    conflicts: int
    first_date: str | None
    last_date: str | None


#: Stored briefings read per fetch when looking for stale ones (``stale_briefings``): a few
#: MB of JSON at a time, where the whole archive's is gigabytes. Only briefings written before
#: the ``model`` column are read so; the others are told apart by their fingerprint alone.
STALE_READ = 500


@cache
def model_fingerprint() -> str:
    """A short hash of the briefing model's JSON schema, stored beside each briefing: a field
    added, renamed or retyped changes it, with or without a ``SCHEMA_VERSION`` bump, so a
    briefing another model wrote is found stale by one query instead of by reading every
    stored briefing through the model (0.25 ms each, the one cost of an added run that grew
    with the whole archive)."""
    schema = json.dumps(BriefedStory.model_json_schema(), sort_keys=True)
    return hashlib.sha256(schema.encode()).hexdigest()[:16]


_STORY_ROWS_SQL = """
SELECT s.id, s.headline, json_array_length(s.article_ids), json_array_length(s.families),
       coalesce(json_array_length(b.data -> 'conflicts'), 0), s.first_date, s.last_date
FROM stories s LEFT JOIN briefings b ON b.story_id = s.id
ORDER BY s.last_date DESC NULLS LAST, s.first_date DESC, s.id
"""

_STORY_OF_ARTICLE_SQL = """
SELECT id FROM stories WHERE list_contains(CAST(article_ids AS VARCHAR[]), ?) ORDER BY id LIMIT 1
"""

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


class StoryTables:
    """The ``stories`` and ``briefings`` tables of a ``Store`` (which provides ``con``,
    ``transaction`` and the columns an old store opened read-only lacks)."""

    con: duckdb.DuckDBPyConnection
    _storyline: str
    _version: str
    _model: str

    def transaction(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        raise NotImplementedError

    def put_stories(self, stories: Iterable[Story], briefing: Briefing | None = None) -> None:
        """Replace stories (and their briefings, taken from ``briefing``) in one go.

        A stored story that shares an article with the new stories is an earlier analysis of
        those articles (re-analysing a grown archive regroups them): it is removed with its
        briefing, so that no article is in two stories. Stories of other articles stay.
        """
        stories = list(stories)
        if len({s.id for s in stories}) < len(stories):  # one row would overwrite the other
            raise ValueError("put_stories: two stories share an id")
        by_story = {s.id: s for s in briefing.stories} if briefing else {}
        covered = sorted({aid for s in stories for aid in s.article_ids})
        with self.transaction() as con:
            # a story with no title takes its briefing's headline (``reconcile.briefing``),
            # else keeps the one stored (a story written again without its briefing)
            untitled = [s.id for s in stories if not s.headline and s.id not in by_story]
            heads = dict(_stored_headlines(con, untitled))
            heads.update((k, b.headline) for k, b in by_story.items())
            rows = con.execute(_SUPERSEDED_SQL, [covered, [s.id for s in stories]]).fetchall()
            gone = [r[0] for r in rows]
            retire(con, gone, stories)  # where each went: links to its page are redirected
            if gone:
                con.execute("DELETE FROM briefings WHERE list_contains(?, story_id)", [gone])
                con.execute("DELETE FROM stories WHERE list_contains(?, id)", [gone])
            story_rows = {
                s.id: _story_row(replace(s, headline=s.headline or heads.get(s.id)))
                for s in stories
            }
            _put_rows(con, "stories", _STORY_COLUMNS, list(story_rows.values()))
            _put_briefings(con, [by_story[k] for k in story_rows if k in by_story])

    def move_storylines(self, moved: Mapping[str, str]) -> None:
        """Stored stories of the storyline named after a story that now follows up another
        (``moved``: that story's id -> its storyline now) follow it into that storyline, the
        story too when ``put_stories`` has not written it anew."""
        with self.transaction() as con:
            for head, line in moved.items():
                con.execute("UPDATE stories SET storyline = ? WHERE storyline = ?", [line, head])

    def put_briefings(self, briefed: Sequence[BriefedStory]) -> None:
        """Store the briefings of stories already stored as they are (``put_stories`` with
        the same stories, less its look-up of the stored stories they supersede: a query of
        the whole table, which per batch of a whole-store run was quadratic in the archive)."""
        with self.transaction() as con:
            _put_briefings(con, briefed)
            # a stored story with no title takes its briefing's headline, as in put_stories
            titled = [(b.id, b.headline) for b in briefed if b.headline]
            if titled:
                con.execute(
                    "UPDATE stories SET headline = t.headline FROM (SELECT unnest(?::VARCHAR[]) "
                    "AS id, unnest(?::VARCHAR[]) AS headline) t "
                    "WHERE stories.id = t.id AND stories.headline IS NULL",
                    [[i for i, _ in titled], [h for _, h in titled]],
                )

    def _select_stories(self, tail: str, params: Sequence[Any] = ()) -> list[Story]:
        """Stories of ``SELECT ... FROM stories {tail}``; ``{storyline}`` in ``tail`` names
        the storyline column (NULL in an old store opened read-only)."""
        sql = _STORY_SELECT + tail
        rows = self.con.execute(sql.format(storyline=self._storyline), list(params)).fetchall()
        return [_story_from_row(r) for r in rows]

    def stories(self) -> list[Story]:
        """Every stored story (articles, dates, headline, storyline), oldest first; their
        briefings are ``get_briefing``'s."""
        return self._select_stories("ORDER BY first_date NULLS LAST, id")

    def count_stories(self) -> int:
        """How many stories the store holds."""
        row = self.con.execute("SELECT count(*) FROM stories").fetchone()
        return int(row[0]) if row else 0

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

    def in_stories(self, article_ids: Sequence[str]) -> set[str]:
        """Those of ``article_ids`` that a stored story holds (the others were stored by an
        ``ingest`` and never analysed)."""
        sql = _HOLDING_SQL.replace("SELECT s.id", "SELECT DISTINCT u.aid", 1)
        return {row[0] for row in self.con.execute(sql, [list(article_ids)]).fetchall()}

    def count_outside_stories(self, leaving_out: Sequence[str] = ()) -> int:
        """How many stored articles, other than ``leaving_out``, no stored story holds:
        stored by an ``ingest`` or an ``extract`` and never analysed (counted in SQL: at
        archive scale they may be millions)."""
        row = self.con.execute(
            """SELECT count(*) FROM articles WHERE id NOT IN
               (SELECT unnest(CAST(article_ids AS VARCHAR[])) FROM stories)
               AND id NOT IN (SELECT unnest(?::VARCHAR[]))""",
            [list(leaving_out)],
        ).fetchone()
        return int(row[0]) if row else 0

    def get_story(self, story_id: str) -> Story | None:
        """A story by its id, else by the start of its id, written with or without its
        "story-" ("9b1e" as the pages and lists show it): None when no story or several
        begin so (an empty id, or "story-" alone, begins every id: None)."""
        if not story_id.strip() or story_id.strip() == "story-":
            return None
        exact = self._select_stories("WHERE id = ?", [story_id])
        if exact:
            return exact[0]
        for prefix in dict.fromkeys([story_id, f"story-{story_id}"]):
            rows = self._select_stories(
                f"WHERE id LIKE ? ESCAPE '{_LIKE_ESCAPE}' ORDER BY id LIMIT 2",
                [_like_prefix(prefix)],
            )
            if rows:
                return rows[0] if len(rows) == 1 else None
        return None

    def story_ids_starting(self, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` story ids that begin with ``prefix``, written with or without its
        "story-" (as ``get_story`` reads it), in id order."""
        found: list[str] = []
        for start in dict.fromkeys([prefix, f"story-{prefix}"]):
            rows = self.con.execute(
                f"SELECT id FROM stories WHERE id LIKE ? ESCAPE '{_LIKE_ESCAPE}' "
                "ORDER BY id LIMIT ?",
                [_like_prefix(start), limit],
            ).fetchall()
            found += [r[0] for r in rows if r[0] not in found]
        return found[:limit]

    def storylines(self) -> list[Storyline]:
        """Every storyline of the stored stories, in date order (a lone story is its own)."""
        from storyline.cluster import storylines_of

        return storylines_of(self.stories())

    def storyline_stories(self, storyline_id: str) -> list[Story]:
        """The stories of one storyline (exact id), in date order; empty for an unknown id."""
        from storyline.cluster import storylines_of

        stories = {s.id: s for s in self.stories_in_storylines([storyline_id])}
        lines = storylines_of(list(stories.values()))
        return [stories[sid] for sid in lines[0].story_ids] if lines else []

    def stories_in_storylines(self, storyline_ids: Sequence[str]) -> list[Story]:
        """The stories of the storylines ``storyline_ids`` (exact ids), in one query."""
        return self._select_stories(
            "WHERE list_contains(?, coalesce({storyline}, id)) ORDER BY id", [list(storyline_ids)]
        )

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
        return self.get_briefings([story_id]).get(story_id)

    def get_briefings(self, story_ids: Sequence[str]) -> dict[str, BriefedStory]:
        """``get_briefing`` of each of ``story_ids`` that has one, in one query."""
        rows = self.con.execute(
            f"SELECT story_id, data, {self._version}, {self._model} FROM briefings "
            "WHERE story_id IN (SELECT unnest(?::VARCHAR[]))",
            [list(story_ids)],
        ).fetchall()
        return {r[0]: b for r in rows if (b := _briefed(r[1:])) is not None}

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

    def current_briefings(self, story_ids: Sequence[str]) -> set[str]:
        """Those of ``story_ids`` whose stored briefing ``get_briefing`` would return (this
        model wrote it), told by its fingerprint, not read: an added run asks it of every
        stored story near its articles and reads only the briefings it uses (#17)."""
        ids = list(story_ids)
        rows = self.con.execute(
            f"SELECT story_id, {self._model} IS NULL FROM briefings "
            f"WHERE story_id IN (SELECT unnest(?::VARCHAR[])) AND ({self._model} IS NULL OR "
            f"({self._model} = ? AND {self._version} IS NOT DISTINCT FROM ?))",
            [ids, model_fingerprint(), SCHEMA_VERSION],
        ).fetchall()
        # a briefing stored before the fingerprint is read through the model, as before
        return {sid for sid, old in rows if not old or self.get_briefing(sid) is not None}

    def stale_briefings(self) -> list[str]:
        """Ids of the stories whose stored briefing another version of the model wrote."""
        current = model_fingerprint()
        stale = [
            r[0]
            for r in self.con.execute(
                f"SELECT story_id FROM briefings WHERE {self._model} IS NOT NULL "
                f"AND ({self._model} <> ? OR {self._version} IS DISTINCT FROM ?)",
                [current, SCHEMA_VERSION],
            ).fetchall()
        ]
        cur = self.con.execute(
            f"SELECT story_id, data, {self._version}, {self._model} FROM briefings "
            f"WHERE {self._model} IS NULL"
        )
        # a chunk at a time: every stored briefing's JSON at once is the archive's (GBs)
        while rows := cur.fetchmany(STALE_READ):
            stale += [r[0] for r in rows if _briefed(r[1:]) is None]
        return sorted(stale)


def _stored_headlines(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> list[Any]:
    """(id, headline) of the stored stories of ``ids`` that have one."""
    if not ids:
        return []
    return con.execute(
        "SELECT id, headline FROM stories WHERE id IN (SELECT unnest(?::VARCHAR[])) "
        "AND headline IS NOT NULL",
        [list(ids)],
    ).fetchall()


def _put_briefings(con: duckdb.DuckDBPyConnection, briefed: Sequence[BriefedStory]) -> None:
    """``INSERT OR REPLACE`` the briefings, ``WRITE_BATCH`` a statement, written now by this
    model."""
    rows = [[b.id, b.model_dump_json()] for b in briefed]
    model = model_fingerprint()
    for start in range(0, len(rows), WRITE_BATCH):
        part = rows[start : start + WRITE_BATCH]
        con.execute(
            "INSERT OR REPLACE INTO briefings (story_id, data, schema_version, "
            "briefed_at, model) SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), ?, "
            "current_timestamp, ?",
            [[r[0] for r in part], [r[1] for r in part], SCHEMA_VERSION, model],
        )


def _briefed(row: Sequence[Any]) -> BriefedStory | None:
    """A stored briefing row (data, schema_version, model) read through the model, or None
    when another version wrote it. Rows from before those columns are checked by the model."""
    data, version, model = row
    if version is not None and version != SCHEMA_VERSION:
        return None
    if model is not None and model != model_fingerprint():
        return None
    try:
        return BriefedStory.model_validate_json(data)
    except ValidationError:
        return None


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
