"""One page read from two files: the versions of one article, not two sources.

An article is stored once by its URL, but its id hashes its text too (``ingest.build``), so a
page read from two files with two texts (a feed's one-line summary of it and the page itself
in a WARC; a corrected copy) was stored twice and briefed as two independent sources (a new
user's trial of the formats). The page's texts are now its versions, as ``storyline.fetch``
records a page fetched again with changed text (``versions``, ``WebState``): stories read
the latest only. The fuller text is the latest when one holds the other's words (the
summary stays an earlier version whichever file came first), else the one read last of two
copies that share nearly all their words; an unrelated text at the same address (a site's
front page read on two days) is an article of its own (``relate``). Nothing is deleted:
every text stays stored, a version listed under its page's URL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyline.store import Store

#: A text holds another when this share of the other's words are among its own: a feed's
#: summary or an excerpt of the page (reworded a little, cut with "...") ...
HOLDS_WORDS_SHARE = 0.8
#: ... and the other is at most this share of its length in words: a corrected copy, whose
#: words are nearly all the first's, is as long, and is the page's newer version.
EXCERPT_LENGTH_SHARE = 0.5
_WORD = re.compile(r"\w+")


def holds(whole: str, part: str) -> bool:
    """Whether ``part`` is an excerpt of ``whole``: ``HOLDS_WORDS_SHARE`` of its words are
    ``whole``'s, and it is at most ``EXCERPT_LENGTH_SHARE`` of its length."""
    inner, outer = _WORD.findall(part.casefold()), _WORD.findall(whole.casefold())
    if not inner or len(inner) > EXCERPT_LENGTH_SHARE * len(outer):
        return False
    return _share_in(inner, outer) >= HOLDS_WORDS_SHARE


def _share_in(words: list[str], other: list[str]) -> float:
    known = set(other)
    return sum(w in known for w in words) / len(words) if words else 0.0


def relate(latest: str, text: str) -> str | None:
    """How ``text``, read from a file at the URL of a page whose latest version is
    ``latest``, stands to it: ``"earlier"`` (an excerpt of it: a feed's summary), ``"later"``
    (the page it excerpts, or a copy of it, corrected or not: ``HOLDS_WORDS_SHARE`` of the
    shorter text's words are the longer's), or None: another text at one address (a home
    page, a live page's other entries), an article of its own, not a version."""
    if holds(latest, text):
        return "earlier"
    a, b = _WORD.findall(latest.casefold()), _WORD.findall(text.casefold())
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return "later" if _share_in(short, long) >= HOLDS_WORDS_SHARE else None


def _variants(url: str) -> list[str]:
    """The spellings of ``url`` that ``normalise_url`` reads as one page (scheme, ``www.``,
    a trailing slash), as the stored ``url`` column may hold any of them."""
    m = re.match(r"(?i)^(?:https?://)?(?:www\.)?(.*?)/?$", url.strip())
    rest = m[1] if m else url.strip()
    return [
        f"{scheme}{www}{rest}{slash}"
        for scheme in ("https://", "http://")
        for www in ("", "www.")
        for slash in ("", "/")
    ]


def record_page_versions(store: Store, ids: Sequence[str]) -> list[tuple[str, int]]:
    """Record as versions of one page the articles of ``ids`` (just stored, in reading
    order, read from files) whose page another stored article has: the ``(page, version)``
    of each new latest version after a page's first."""
    import numpy as np

    from storyline.ingest.build import normalise_url
    from storyline.store.web import WebState

    if not ids:
        return []
    # numpy arrays DuckDB scans by name, not list parameters (~85 us an item to convert)
    batch = {"id": np.array(list(ids), dtype=str)}  # noqa: F841
    new = store.con.execute(  # a fetched page's versions are fetch's (storyline.fetch)
        "SELECT a.id, a.url FROM articles a JOIN batch ON a.id = batch.id "
        "WHERE a.url IS NOT NULL AND NOT regexp_matches(a.source_path, '^https?://')"
    ).fetchall()
    if not new:
        return []
    spelled = {"url": np.array(sorted({v for _, u in new for v in _variants(u)}), dtype=str)}  # noqa: F841
    rows = store.con.execute(
        "SELECT a.id, a.url, a.text FROM articles a JOIN spelled ON a.url = spelled.url "
        "ORDER BY a.ingested_at, a.id"
    ).fetchall()
    pages: dict[str, list[tuple[str, str, str]]] = {}
    for aid, url, text in rows:
        pages.setdefault(normalise_url(url), []).append((aid, url, text))
    order = {aid: k for k, aid in enumerate(ids)}
    shared = [
        found
        for _, found in sorted(pages.items())
        if len({aid for aid, _, _ in found}) > 1 and any(aid in order for aid, _, _ in found)
    ]
    if not shared:
        return []
    web = WebState(store)  # its tables made only when a page has two texts
    out: list[tuple[str, int]] = []
    for found in shared:
        # stored before this run first (as stored), then the run's in reading order
        found.sort(key=lambda r: (r[0] in order, order.get(r[0], 0)))
        key = web.page_of([aid for aid, _, _ in found]) or found[0][1]
        out += web.add_page_texts(key, [(aid, text) for aid, _, text in found], relate)
    return out


#: A URL's spelling without its scheme, ``www.`` and trailing slashes, in SQL: the stored
#: pages that may be one (``normalise_url`` then tells exactly).
_URL_STEM = r"regexp_replace(regexp_replace(url, '^[A-Za-z]+://(www\.)?', ''), '/+$', '')"


def record_stored_pages(store: Store) -> list[tuple[str, int]]:
    """``record_page_versions`` over the whole store: ``storyline ingest`` stores a large
    file a batch at a time without it (a look-up of the archive's URLs a batch cost an
    AllSides-sized ingest 45% more time), and ``storyline analyze`` with no path calls it."""
    rows = store.con.execute(
        f"SELECT id FROM articles WHERE url IS NOT NULL AND {_URL_STEM} IN ("
        f"SELECT {_URL_STEM} FROM articles WHERE url IS NOT NULL "
        f"GROUP BY {_URL_STEM} HAVING count(*) > 1) ORDER BY ingested_at, id"
    ).fetchall()
    return record_page_versions(store, [r[0] for r in rows])
