"""Turning a text and whatever metadata its container gave into an ``Article`` with a stable id.

The id is what makes re-ingesting idempotent while keeping syndicated copies apart: it hashes
the whitespace-normalised text *and* the source identity (URL, else outlet + title, else the
file's absolute path and record). The same file read twice gets the same id; AFP's text run
by two outlets gets two ids, and a later stage groups them into one wire family.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from storyline.ingest.metadata import plain, text_metadata
from storyline.ingest.registry import OutletRegistry, domain_of
from storyline.models import Article, Span

#: Hex digits of sha256 kept in an id: 64 bits, no collision in any realistic archive.
ID_HEX_CHARS = 16
#: A title given by the container is looked for as a line among this many leading characters
#: of the text, so that ``title_span`` points at the headline rather than a later repeat.
TITLE_SEARCH_CHARS = 2000
#: The ``source_path`` of an article made from a string in Python (``article_from_text``): no
#: file, so its identity is not a resolved path (which would depend on the working folder).
FROM_PYTHON = "<python>"


@dataclass
class Given:
    """Metadata the container states (JSONL fields, feed item, HTML metadata, WARC URL)."""

    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None
    sitename: str | None = None


def normalise_url(url: str) -> str:
    """A URL's identity: host without ``www.``, path without a trailing slash, query; the
    scheme and fragment do not change which article it is."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = domain_of(url) or ""
    return f"{host}{parts.path.rstrip('/')}" + (f"?{parts.query}" if parts.query else "")


def article_id(
    text: str,
    *,
    url: str | None,
    outlet: str | None,
    title: str | None,
    path: str,
    record: str | None,
) -> str:
    """sha256 of the normalised text plus the source identity, first ``ID_HEX_CHARS`` hex."""
    if url:
        identity = "url\x00" + normalise_url(url)
    elif outlet and title:
        identity = f"outlet\x00{outlet}\x00{' '.join(title.split())}"
    else:
        where = path if path == FROM_PYTHON else Path(path).resolve()
        identity = f"path\x00{where}\x00{record or ''}"
    payload = " ".join(text.split()) + "\x01" + identity
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:ID_HEX_CHARS]


def copy_key(article: Article) -> str | None:
    """What tells a copy of a file with no URL, or no outlet and title, from another file:
    its words, title and outlet alone (its id, ``article_id``, hashes where the file lies).
    The same text under another name or folder is the article stored already (a new user's
    copy of two seeds into today's folder made two more articles of one story); None for an
    article its URL, or its outlet and title, name."""
    if article.url or (article.outlet and article.title):
        return None
    title, outlet = (" ".join((x or "").split()) for x in (article.title, article.outlet))
    # the outlet too: two outlets' records of one wire text are two articles (two sources)
    payload = " ".join(article.text.split()) + f"\x01{title}\x01{outlet}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:ID_HEX_CHARS]


def _title_span(text: str, title: str) -> Span | None:
    head = text[:TITLE_SEARCH_CHARS]
    pos = 0
    for line in head.splitlines(keepends=True):
        if plain(line.strip().lstrip("#").strip()) == title.strip():
            s = pos + line.index(line.strip()[0])
            body = line.strip()
            return s, s + len(body)
        pos += len(line)
    return None


def make_article(
    text: str,
    fmt: str,
    path: str,
    registry: OutletRegistry,
    *,
    record: str | None = None,
    given: Given | None = None,
    title_from_text: bool = True,
) -> Article:
    """The ``Article`` for ``text``: container metadata first, then what the text says."""
    given = given or Given()
    meta = text_metadata(
        text,
        registry,
        with_title=title_from_text and not given.title,
        with_outlet=not given.outlet,
        with_url=not given.url,
        with_published=not given.published,
    )
    url = given.url or meta.url
    known = registry.by_url(url)
    outlet = given.outlet or (known.name if known else None) or given.sitename or meta.outlet
    if outlet is None and url:
        outlet = domain_of(url)
    byline = given.byline or meta.byline
    wire = None
    if given.byline:
        hit = registry.wire_pattern.search(given.byline)
        wire = registry.wire_name(hit["w"]) if hit else None
    wire = wire or meta.wire
    if wire is None and known is not None:
        own = registry.wire_pattern.fullmatch(known.name)
        wire = registry.wire_name(own["w"]) if own else None  # the outlet is itself a wire
    title = given.title or meta.title
    title_span = meta.title_span if title == meta.title else None
    if title and title_span is None:
        title_span = _title_span(text, title)
    return Article(
        id=article_id(text, url=url, outlet=outlet, title=title, path=path, record=record),
        source_path=path,
        text=text,
        fmt=fmt,
        title=title,
        outlet=outlet,
        url=url,
        byline=byline,
        wire=wire,
        published=given.published or meta.published,
        record=record,
        title_span=title_span,
    )


def _missing(value: object) -> bool:
    """A table's missing value (NaN, pandas' NaT): unequal to itself."""
    return value != value


def article_from_text(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    byline: str | None = None,
    published: str | date | None = None,
    record: str | None = None,
    registry: OutletRegistry | None = None,
) -> Article:
    """An ``Article`` from a string (a scrape, a DataFrame's row), as a file of that text
    with those fields beside it is read: what is not given is looked for in the text (its
    headline, byline, wire credit, URL, date), and its id is made as ``read_paths`` makes
    ids. ``published`` is a ``date`` or ``datetime`` (a pandas ``Timestamp`` is one), or a
    date as written ("2021-07-15", "July 15, 2021"); blank or missing (NaN) is none. Text
    that is no string or is empty, and a date that is no date, raise ``Unreadable`` (a
    ``StorylineError``). Give ``record`` (a row number, a key) to keep apart two articles
    of the same text with neither a URL nor an outlet and title.
    """
    from storyline.ingest.dates import parse_date
    from storyline.ingest.sniff import Unreadable

    if not isinstance(text, str):
        raise Unreadable(f"the article's text is {type(text).__name__}, not a string")
    if not text.strip():
        raise Unreadable("the article's text is empty")
    value: object = published  # what a table holds may be any type, whatever the hint says
    if isinstance(value, date):  # a datetime is one too: its day
        day: str | None = value.isoformat()[:10]
    elif isinstance(value, str) and value.strip():
        day = parse_date(value)
        if day is None:
            raise Unreadable(f"published {value!r} is not a date (give it as 2021-07-15)")
    elif value is None or isinstance(value, str) or _missing(value):
        day = None  # none, blank, or a missing value of a table (NaN, NaT)
    else:
        raise Unreadable(f"published is {type(value).__name__}, not a date or a string")
    given = Given(title=title, url=url, outlet=outlet, byline=byline, published=day)
    registry = registry or OutletRegistry.load()
    return make_article(text, "txt", FROM_PYTHON, registry, record=record, given=given)
