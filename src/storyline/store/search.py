"""Full-text search over articles and claims with DuckDB's ``fts`` extension.

Why a separate in-memory database: the web UI reads the store read-only (a private copy of it,
``storyline.web.snapshot``), and an FTS index is a set of tables. The searchable rows are
copied out of the store into memory, indexed there, and rebuilt when the store's content
signature changes. Copying 1,000 stories' articles and claims takes well under
a second, so there is no reason to persist the index.

The extension is loaded by file path from the ``duckdb-extension-fts`` PyPI package: nothing is
ever fetched with ``INSTALL`` (storyline never downloads at run time).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

from storyline.errors import StorylineError

#: Hits returned for one query: a results page, not an export.
MAX_HITS = 50
#: Characters of context shown either side of the first matched word in a snippet.
SNIPPET_CONTEXT = 90
#: Longest query accepted; anything longer is cut (a search box, not a document upload).
MAX_QUERY_CHARS = 300

_WORD = re.compile(r"\w+", re.UNICODE)
#: What the index reads as a gap between words: DuckDB's default (``(\.|[^a-z])+``) drops
#: digits too, so "331" or "1978" found nothing (a new user's search of the AllSides run);
#: numbers are what a fact-checker looks up.
INDEX_IGNORE = r"(\.|[^a-z0-9])+"


class SearchUnavailable(StorylineError, RuntimeError):
    """The fts extension cannot be found or loaded (package missing or version mismatch), or
    the store cannot be read for the index."""


def fts_extension_path() -> Path:
    """The ``fts.duckdb_extension`` shipped by ``duckdb-extension-fts`` for this duckdb."""
    try:
        import duckdb_extension_fts
    except ImportError as exc:
        raise SearchUnavailable("the duckdb-extension-fts package is not installed") from exc
    root = Path(duckdb_extension_fts.__file__).parent / "extensions"
    exact = root / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if exact.exists():
        return exact
    found = sorted(root.glob("*/fts.duckdb_extension"))
    if not found:
        raise SearchUnavailable(f"no fts.duckdb_extension under {root}")
    return found[-1]


@dataclass
class Hit:
    """One search result: an article or a claim, with where it links to."""

    kind: str  # "article" | "claim"
    ref: str  # article id, or the story id of a claim
    claim_id: str | None
    title: str
    snippet: str
    score: float
    # the story the article or claim belongs to (None: an article no analysis has grouped),
    # with its headline and first and last day, so that hits can be shown story by story
    story_id: str | None = None
    story_title: str | None = None
    dates: tuple[str | None, str | None] = (None, None)

    @property
    def group(self) -> str:
        """What the hit is shown under: its story, else (an article no analysis grouped) the
        article itself."""
        return self.story_id or f"article:{self.ref}"


_SIGNATURE_SQL = """
SELECT (SELECT count(*) FROM store.articles),
       (SELECT max(ingested_at)::VARCHAR FROM store.articles),
       (SELECT count(*) FROM store.briefings),
       (SELECT sum(hash(data)) FROM store.briefings)
"""

# A number's thousands separators are no gap between words: "266,000" is indexed (title and
# text) and searched as "266000", not as "266" and "000" (a new user's search for 266,000
# found every ",000" of the run). A pass joins every other group (a match takes the digit
# before the comma), so three passes join a number of up to seven separators. A comma between
# two numbers written without a space ("2019,2020") joins them too.
THOUSANDS_PASSES = 3
_THOUSANDS_SQL = r"regexp_replace({x}, '(\d),(\d\d\d)', '\1\2', 'g')"
_THOUSANDS = re.compile(r"(\d),(\d\d\d)")


def _joined_sql(column: str) -> str:
    """SQL that removes the thousands separators of ``column``'s numbers, and adds each word
    written with hyphens joined up (``_HYPHENATED_SQL``)."""
    hyphenated = _HYPHENATED_SQL.format(x=column)
    for _ in range(THOUSANDS_PASSES):
        column = _THOUSANDS_SQL.format(x=column)
    return f"{column} || ' ' || {hyphenated}"


# One word is written with a hyphen by one outlet and without by another ("cease-fire",
# "ceasefire"): a search for either must find both. The index reads a hyphen as a gap, so
# "cease-fire" is indexed as "cease" and "fire"; each hyphenated word is indexed joined up
# too, and a hyphenated query word is searched joined up as well (``search_terms``).
_HYPHENATED_SQL = (
    "array_to_string(list_transform(regexp_extract_all({x}, '[A-Za-z]+(?:-[A-Za-z]+)+'), "
    "w -> replace(w, '-', '')), ' ')"
)
_HYPHENATED = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")


def search_terms(query: str) -> str:
    """The words the index is searched for: the query with its numbers' thousands separators
    removed, and each hyphenated word joined up beside it ("cease-fire ceasefire")."""
    joined = [m.group().replace("-", "") for m in _HYPHENATED.finditer(query)]
    return " ".join([joined_numbers(query), *joined])


def joined_numbers(text: str) -> str:
    """``text`` with its numbers' thousands separators removed, as ``_joined_sql`` does."""
    for _ in range(THOUSANDS_PASSES):
        text = _THOUSANDS.sub(r"\1\2", text)
    return text


# Claims come out of the stored briefings (one JSON story per row); a story's headline is the
# title a claim hit is shown under, but a claim is found by its own text only (the index reads
# ``words`` and ``body``, their numbers joined: an article's title and text, a claim's text
# alone). Indexed with each claim, the headline's words made every claim of a story a hit,
# and a page of them hid every other result.
# Each row also names its story (an article's through the stories' member lists), with the
# story's headline and days: hits are shown story by story.
_BUILD_SQL = f"""
CREATE OR REPLACE TABLE docs AS
SELECT d.*, {_joined_sql("words")} AS title_indexed, {_joined_sql("body")} AS indexed,
       s.headline AS story_title, s.first_date, s.last_date FROM (
SELECT 'a:' || a.id AS doc_id, 'article' AS kind, a.id AS ref, NULL::VARCHAR AS claim_id,
       coalesce(a.title, '') AS title, coalesce(a.text, '') AS body,
       coalesce(a.title, '') AS words, m.story_id
FROM store.articles a
LEFT JOIN (
  SELECT id AS story_id, unnest(CAST(article_ids AS VARCHAR[])) AS article_id FROM store.stories
) m ON m.article_id = a.id
UNION ALL
SELECT 'c:' || b.story_id || ':' || (c ->> 'id'), 'claim', b.story_id, c ->> 'id',
       coalesce(s.headline, b.story_id), coalesce(c ->> 'text', ''), '', b.story_id
FROM (SELECT story_id, unnest(CAST(data -> 'claims' AS JSON[])) AS c FROM store.briefings) b
LEFT JOIN store.stories s ON s.id = b.story_id
) d LEFT JOIN store.stories s ON s.id = d.story_id
"""
# A hit's score: BM25 over an article's title and text (a claim's text), plus BM25 over the
# title alone, so that an article whose headline holds the words ranks above one that
# mentions them in passing (a new user's search for "jobless claims" led with a story on
# Biden's first 100 days).
_SEARCH_SQL = """
SELECT kind, ref, claim_id, title, body, matched + coalesce(in_title, 0) AS score, story_id,
       story_title, first_date, last_date
FROM (
  SELECT *, fts_main_docs.match_bm25(doc_id, $1) AS matched,
         fts_main_docs.match_bm25(doc_id, $1, fields := 'title_indexed') AS in_title
  FROM docs
) WHERE matched IS NOT NULL ORDER BY score DESC, doc_id LIMIT $2
"""


class SearchIndex:
    """An FTS index over a store's articles (title, text) and its briefings' claims.

    Thread-safe: FastAPI runs sync endpoints in a thread pool, and a rebuild must not race a
    query. ``search`` checks the signature of the store it is given first and rebuilds when it
    changed.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._signature: tuple[object, ...] | None = None
        self._con: duckdb.DuckDBPyConnection | None = None

    def _connect(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        try:
            con.execute(f"LOAD '{fts_extension_path()}'")
        except duckdb.Error as exc:
            con.close()
            raise SearchUnavailable(f"cannot load the fts extension: {exc}") from exc
        return con

    def _refresh(self, db_path: Path) -> duckdb.DuckDBPyConnection:
        """Attach the store read-only, compare its signature, rebuild the index if stale."""
        if self._con is None:
            self._con = self._connect()
        con = self._con
        con.execute(f"ATTACH '{_sql_str(db_path)}' AS store (READ_ONLY)")
        try:
            signature = tuple(con.execute(_SIGNATURE_SQL).fetchone() or ())
            if signature != self._signature:
                con.execute(_BUILD_SQL)
                con.execute(
                    "PRAGMA create_fts_index('docs', 'doc_id', 'title_indexed', 'indexed', "
                    f"stemmer='porter', stopwords='english', ignore='{INDEX_IGNORE}', "
                    "overwrite=1)"
                )
                self._signature = signature
        finally:
            con.execute("DETACH store")
        return con

    def search(self, query: str, db_path: Path, limit: int = MAX_HITS) -> list[Hit]:
        """Best-first hits for ``query`` (BM25 over title and text) in the store at
        ``db_path``; [] for an empty query."""
        query = query.strip()[:MAX_QUERY_CHARS]
        if not _WORD.search(query):
            return []
        terms = search_terms(query)  # searched as the index reads its words
        with self._lock:
            try:
                con = self._refresh(Path(db_path))
                rows = con.execute(_SEARCH_SQL, [terms, limit]).fetchall()
            except duckdb.Error as exc:
                raise SearchUnavailable(
                    f"cannot read the store: {' '.join(str(exc).split())}"
                ) from exc
        return [
            Hit(kind, ref, claim_id, title, snippet(body, query), float(score), sid, head, (a, z))
            for kind, ref, claim_id, title, body, score, sid, head, a, z in rows
        ]

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None


def snippet(text: str, query: str, context: int = SNIPPET_CONTEXT) -> str:
    """A window of ``text`` around the first query word it contains (plain text, unescaped:
    the template escapes it)."""
    flat = " ".join(text.split())
    lowered = flat.lower()
    # a word found written with hyphens too ("ceasefire" in "cease-fire")
    found = ("-?".join(map(re.escape, w)) for w in _WORD.findall(query.lower()))
    positions = [m.start() for f in found if (m := re.search(f, lowered))]
    if not positions:
        return flat[: 2 * context] + ("…" if len(flat) > 2 * context else "")
    at = min(positions)
    start, end = max(0, at - context), min(len(flat), at + context)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


def _sql_str(path: Path) -> str:
    """A path as the body of a single-quoted SQL string literal (ATTACH takes no parameter)."""
    return str(path).replace("'", "''")
