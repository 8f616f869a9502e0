"""Readers for multi-article archives that must be streamed: RSS/Atom feeds and WARC crawls.

Feeds are cut into items with lxml's incremental parser and each item alone is handed to
feedparser (wrapped in a one-item feed), so a feed of any size is parsed one item at a time
while keeping feedparser's handling of every RSS and Atom dialect. A feed lxml rejects
(undefined entities, broken markup) falls back to feedparser's lenient parser on the whole
file when the file is within the size limit. WARC records come from warcio's streaming
iterator; only HTML ``response`` records are articles, the size limit applies per record.
"""

from __future__ import annotations

import gzip
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from storyline.ingest.build import Given, make_article
from storyline.ingest.readers import html_article, size_error
from storyline.ingest.registry import OutletRegistry
from storyline.ingest.sniff import Unreadable, declared_charset, decode
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


def _day(parsed: time.struct_time | None) -> str | None:
    return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}" if parsed else None


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
        published=_day(entry.get("published_parsed") or entry.get("updated_parsed")),
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
                f, events=("start", "end"), resolve_entities=False, no_network=True
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
        yield from _lenient_feed(path, shown, registry, max_bytes, done, exc)
        return
    if done == 0:
        yield ReadError(shown, f"feed has no items (root element <{root_local or '?'}>)")


def _lenient_feed(
    path: Path,
    shown: str,
    registry: OutletRegistry,
    max_bytes: int,
    done: int,
    error: Exception,
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
            yield ReadError(shown, f"{exc}; the feed is malformed ({error})", f"item {n}")
    if not rest:
        yield ReadError(shown, f"malformed feed: {error}", where)


def _http_charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            import codecs

            try:
                return codecs.lookup(value.strip().strip("\"'")).name
            except LookupError:
                return None
    return None


class _GzipGuard:
    """A gzip stream for warcio that turns a truncated or corrupt member into a clean end of
    data and remembers the error: warcio itself takes a member cut short for the end of the
    archive and would drop its records without a word."""

    def __init__(self, raw: BinaryIO) -> None:
        self.gz = gzip.GzipFile(fileobj=raw, mode="rb")
        self.error: Exception | None = None

    def _guard(self, op: Callable[[int], bytes], size: int) -> bytes:
        if self.error is not None:
            return b""
        try:
            return op(size)
        except (EOFError, OSError, zlib.error) as exc:
            self.error = exc
            return b""

    def read(self, size: int = -1) -> bytes:
        # read1: one decompression step at a time, so the data before a cut still comes out
        return self._guard(self.gz.read1, size)

    def readline(self, size: int = -1) -> bytes:
        return self._guard(self.gz.readline, size)

    def tell(self) -> int:
        return self.gz.tell()

    def close(self) -> None:
        self.gz.close()


def _leftover(f: BinaryIO, end: int) -> bool:
    """True when an uncompressed WARC has data after the last record warcio parsed: warcio
    ends quietly on a record whose headers are cut off."""
    f.seek(max(end, 0))
    return bool(f.read(1 << 16).strip())


def _truncated(exc: Exception, n: int, shown: str) -> ReadError:
    if isinstance(exc, (AttributeError, TypeError, KeyError, IndexError)):
        reason = "record headers are cut off or malformed"  # warcio's internals, not a reason
    else:
        reason = " ".join(str(exc).split()) or type(exc).__name__
    return ReadError(shown, f"truncated or corrupt WARC ({reason})", f"record {n}")


def _warc_item(
    rec: Any, n: int, shown: str, registry: OutletRegistry, max_bytes: int
) -> Article | ReadError | None:
    """The article (or error) of one WARC record; None for records that are not HTML pages."""
    if rec.rec_type != "response" or rec.http_headers is None:
        return None
    ctype = rec.http_headers.get_header("Content-Type") or ""
    status = rec.http_headers.get_statuscode() or ""
    if "html" not in ctype.lower() or not status.startswith("2"):
        return None
    url = rec.rec_headers.get_header("WARC-Target-URI")
    record = f"record {n} {url}" if url else f"record {n}"
    declared = int(rec.rec_headers.get_header("Content-Length") or 0)
    if declared > max_bytes:
        return ReadError(shown, size_error(declared, max_bytes, "record"), record)
    data = rec.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return ReadError(shown, size_error(len(data), max_bytes, "record"), record)
    try:
        html = decode(data, _http_charset(ctype) or declared_charset(data))
        return html_article(html, "warc", shown, registry, record=record, given=Given(url=url))
    except Unreadable as exc:
        return ReadError(shown, str(exc), record)


def read_warc(
    path: Path, shown: str, registry: OutletRegistry, max_bytes: int
) -> Iterator[Article | ReadError]:
    """HTML ``response`` records of a ``.warc``/``.warc.gz`` file, streamed record by record.

    A record whose content ends before its declared length, a record whose headers are cut
    off, or a gzip member cut short is reported as truncated; the records before it have
    already come out.
    """
    from warcio.archiveiterator import ArchiveIterator

    n = pages = 0
    try:
        with path.open("rb") as f:
            stream: BinaryIO | _GzipGuard = f
            if f.read(2) == b"\x1f\x8b":
                stream = _GzipGuard(f)
            f.seek(0)
            records = ArchiveIterator(stream)
            for rec in records:
                n += 1
                item = _warc_item(rec, n, shown, registry, max_bytes)
                while rec.raw_stream.read(1 << 16):
                    pass
                missing = getattr(rec.raw_stream, "limit", 0)
                if missing > 0:
                    where = item.record if item is not None else f"record {n}"
                    yield ReadError(shown, f"truncated WARC: record ends {missing} bytes early",
                                    where)  # fmt: skip
                    return
                if item is not None:
                    pages += 1
                    yield item
            if isinstance(stream, _GzipGuard):
                if stream.error is not None:
                    yield _truncated(stream.error, n + 1, shown)
                    return
            elif _leftover(f, records.offset):
                yield _truncated(ValueError("a record is cut off"), n + 1, shown)
                return
    except Exception as exc:  # warcio fails on cut-off or corrupt data with assorted errors
        yield _truncated(exc, n + 1, shown)
        return
    if pages == 0:
        yield ReadError(shown, f"no HTML response records among {n} WARC records")
