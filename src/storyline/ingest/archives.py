"""The reader for RSS/Atom feeds, multi-article archives that must be streamed (WARC crawls
have their own module, ``storyline.ingest.warc``).

Feeds are cut into items with lxml's incremental parser and each item alone is handed to
feedparser (wrapped in a one-item feed), so a feed of any size is parsed one item at a time
while keeping feedparser's handling of every RSS and Atom dialect. A feed lxml rejects
(undefined entities, broken markup) falls back to feedparser's lenient parser on the whole
file when the file is within the size limit.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from storyline.ingest.build import Given, make_article
from storyline.ingest.dates import ISO_DATE, valid_day
from storyline.ingest.readers import html_article, size_error
from storyline.ingest.registry import OutletRegistry
from storyline.ingest.sniff import Unreadable
from storyline.models import Article, ReadError

_ATOM_NS = "http://www.w3.org/2005/Atom"
_RSS1_NS = "http://purl.org/rss/1.0/"
_RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_ITEM_TAGS = {"item", "entry"}


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _wrap(item: bytes, root_local: str) -> bytes:
    """One item as a feed of its own, in the dialect of the original feed."""
    if root_local == "feed":
        return b'<feed xmlns="' + _ATOM_NS.encode() + b'">' + item + b"</feed>"
    if root_local.lower() == "rdf":
        return (
            b'<rdf:RDF xmlns:rdf="'
            + _RDF_NS.encode()
            + b'" xmlns="'
            + _RSS1_NS.encode()
            + b'">'
            + item
            + b"</rdf:RDF>"
        )
    return b'<rss version="2.0"><channel>' + item + b"</channel></rss>"


def _day(entry: Any) -> str | None:
    """The item's publication (else update) day, or None for no date or one no news item
    bears: feedparser reads "Mon, 01 Jan 0001" as year 1, which later date arithmetic cannot
    hold, and rolls an impossible ISO date ("2021-13-45") over into another (2022-01-01), so
    an ISO date is read from the item's own words."""
    for key in ("published", "updated"):
        parsed: time.struct_time | None = entry.get(f"{key}_parsed")
        if parsed is None:
            continue
        iso = ISO_DATE.search(entry.get(key) or "")
        if iso:
            return valid_day(int(iso["y"]), int(iso["m"]), int(iso["d"]))
        return valid_day(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def entry_article(entry: Any, shown: str, record: str, registry: OutletRegistry) -> Article:
    """A feedparser entry → article: the item's content, else its summary."""
    bodies = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if bodies:
        body = max(bodies, key=lambda c: len(c["value"]))
        value, kind = body["value"], body.get("type") or "text/html"
    elif (entry.get("summary") or "").strip():
        detail = entry.get("summary_detail") or {}
        value, kind = entry["summary"], detail.get("type") or "text/html"
    else:
        raise Unreadable("item has neither content nor summary")
    given = Given(
        title=(entry.get("title") or "").strip() or None,
        url=entry.get("link") or None,
        byline=(entry.get("author") or "").strip() or None,
        published=_day(entry),
    )
    if "html" in kind:
        return html_article(value, "feed", shown, registry, record=record, given=given)
    return make_article(value, "feed", shown, registry, record=record, given=given)


def _parse_one(item: bytes, root_local: str) -> Any:
    import feedparser

    parsed = feedparser.parse(_wrap(item, root_local))
    if not parsed.entries:
        raise Unreadable("item could not be parsed")
    return parsed.entries[0]


class _Unnamed:
    """A file seen through ``read`` alone: lxml takes an open file's ``name`` as the base URL
    and cannot encode a name holding bytes that are not UTF-8 (it raised UnicodeEncodeError)."""

    def __init__(self, f: BinaryIO) -> None:
        self._f = f

    def read(self, size: int = -1) -> bytes:
        return self._f.read(size)


def read_feed(
    path: Path, shown: str, registry: OutletRegistry, max_bytes: int
) -> Iterator[Article | ReadError]:
    """An RSS 0.9x/1.0/2.0 or Atom feed, item by item."""
    from lxml import etree

    done = 0
    root_local = ""
    try:
        with path.open("rb") as f:
            parser = etree.iterparse(
                _Unnamed(f), events=("start", "end"), resolve_entities=False, no_network=True
            )
            for event, el in parser:
                name = _local(el.tag)
                if event == "start":
                    root_local = root_local or name
                    continue
                if name not in _ITEM_TAGS:
                    continue
                done += 1
                record = f"item {done}"
                raw = etree.tostring(el)
                el.clear()
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]  # keep memory flat on huge feeds
                if len(raw) > max_bytes:
                    yield ReadError(shown, size_error(len(raw), max_bytes, "item"), record)
                    continue
                try:
                    yield entry_article(_parse_one(raw, root_local), shown, record, registry)
                except Unreadable as exc:
                    yield ReadError(shown, str(exc), record)
    except etree.XMLSyntaxError as exc:
        yield from _lenient_feed(path, shown, registry, max_bytes, done, _xml_error(exc))
        return
    if done == 0:
        yield ReadError(shown, f"feed has no items (root element <{root_local or '?'}>)")


def _xml_error(exc: Exception) -> str:
    """lxml's complaint with its place said once: "Premature end of data in tag description
    line 1 (line 1, column 165)", not lxml's own string, which names the place three times
    over ("…line 1, line 1, column 165 (<string>, line 1)")."""
    log = getattr(exc, "error_log", None)
    last = log.last_error if log else None
    if last is None:
        return str(exc)
    return f"{last.message.strip()} (line {last.line}, column {last.column})"


def _lenient_feed(
    path: Path,
    shown: str,
    registry: OutletRegistry,
    max_bytes: int,
    done: int,
    error: str,
) -> Iterator[Article | ReadError]:
    """feedparser's forgiving parse of a feed lxml rejected, skipping items already read."""
    where = f"item {done + 1}" if done else None
    size = path.stat().st_size
    if size > max_bytes:
        yield ReadError(shown, f"malformed feed ({error}); too large to parse leniently", where)
        return
    import feedparser

    parsed = feedparser.parse(path.read_bytes())
    rest = parsed.entries[done:]
    for n, entry in enumerate(rest, done + 1):
        try:
            yield entry_article(entry, shown, f"item {n}", registry)
        except Unreadable as exc:
            yield ReadError(
                shown, f"{exc}; the feed breaks off or is malformed: {error}", f"item {n}"
            )
    if not rest:
        yield ReadError(shown, f"malformed feed: {error}", where)
