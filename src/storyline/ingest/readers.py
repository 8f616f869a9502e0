"""Readers for one-article files (``.txt``, ``.md``, ``.html``) and JSON Lines archives.

A reader yields ``Article`` or ``ReadError`` items and never raises for bad input, so one bad
file or record costs the user one line of output, not the batch. JSONL is streamed line by
line with the size limit applied per line: a 5 GB dump is never held in memory.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from storyline.ingest.build import Given, make_article
from storyline.ingest.dates import parse_date
from storyline.ingest.front_matter import front_matter
from storyline.ingest.registry import OutletRegistry
from storyline.ingest.sniff import Unreadable, declared_charset, decode
from storyline.models import Article, ReadError

#: Bytes read at a time while skipping the rest of an oversized JSONL line.
SKIP_CHUNK = 1 << 20
#: A .jsonl file whose first this-many lines are all bad is not JSON Lines at all (a
#: pretty-printed JSON document, a renamed text file): one error for the file, not one per line.
JSONL_GIVE_UP = 5

_FULL_PAGE = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]", re.I)
#: A page's title that is an HTTP error and nothing else, a site's name after a bar or a dash
#: allowed ("404", "Error 404 - Not Found", "Page not found | Example News", "403 Forbidden"):
#: a saved error page, whose one line ("Sorry, the page you requested could not be found")
#: became an article and a story of its own (a new user's trial). A headline that only begins
#: so ("404 migrants rescued", "Forbidden City reopens", "Not found: the missing jet") is not.
_ERROR_TITLE = re.compile(
    r"^\W*(?:error\W*)?(?:[45]\d\d(?:\W+(?:error|not found|page not found|forbidden|gone"
    r"|unauthori[sz]ed|internal server error|bad gateway|service unavailable))?"
    r"|(?:page|article|story|content) not found|not found|forbidden|access denied)"
    r"\W*(?:(?:\||\s[-–—]\s).*)?$",
    re.I,
)
_HTML_TITLE = re.compile(r"<title[^>]*>([^<]{0,300})</title>", re.I)
#: Words of main text under which a page with an error title is that error, not an article
#: (an article headlined "404 migrants rescued" or "Access denied: ..." runs longer).
ERROR_PAGE_MAX_WORDS = 50
_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
    "section", "article", "figure", "figcaption", "header", "footer", "pre", "table", "dd", "dt",
}  # fmt: skip
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg")


def _unit(max_bytes: int) -> tuple[int, str]:
    """The one unit sizes are stated in next to the limit ``max_bytes``: binary units (the
    CLI's ``--max-mb 20`` is 20 × 1024 × 1024 bytes), the largest that keeps the limit >= 1."""
    for factor, name in ((1 << 20, "MiB"), (1 << 10, "KiB")):
        if max_bytes >= factor:
            return factor, name
    return 1, "bytes"


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def size_limit(max_bytes: int) -> str:
    """The limit as messages state it: ``20 MiB``, ``2.5 MiB``, ``1000 bytes``."""
    factor, unit = _unit(max_bytes)
    return f"{_number(max_bytes / factor)} {unit}"


def size_error(size: int, max_bytes: int, what: str = "file") -> str:
    """The reason for an over-limit file or record, the size in the unit of the limit."""
    factor, unit = _unit(max_bytes)
    # rounded up, so a size just over the limit never reads as the limit itself
    shown = str(size) if factor == 1 else f"{math.ceil(size * 10 / factor) / 10:.1f}"
    return f"{what} is {shown} {unit}, over the {size_limit(max_bytes)} limit for one article"


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed item's body): one paragraph per block element.

    Feed bodies are already the article, without page furniture, so the full-page extractor's
    boilerplate heuristics would only risk dropping paragraphs of a short item.
    """
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises several types on junk; the markup-free text is still useful
        return re.sub(r"<[^>]+>", " ", html).strip()
    for el in list(root.iter(*_DROP_TAGS)):
        el.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCK_TAGS:
            el.tail = "\n\n" + (el.tail or "")
    lines = [" ".join(line.split()) for line in root.text_content().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _error_title(html: str, title: str | None) -> str | None:
    """The page's title (the extractor's, or the ``<title>``) when it names an HTTP error."""
    found = _HTML_TITLE.search(html[:65536])
    for t in (title, found[1] if found else None):
        if t and _ERROR_TITLE.search(t.strip()):
            return " ".join(t.split())
    return None


def html_article(
    html: str,
    fmt: str,
    path: str,
    registry: OutletRegistry,
    *,
    record: str | None = None,
    given: Given | None = None,
) -> Article:
    """An article from HTML: a whole page goes through ``extract_html`` (main text + page
    metadata), a fragment through ``fragment_text``; container metadata (``given``) wins."""
    given = given or Given()
    if not _FULL_PAGE.search(html[:4096]):
        text = fragment_text(html)
        if not text.strip():
            raise Unreadable("no text in the HTML")
        return make_article(text, fmt, path, registry, record=record, given=given)
    from storyline.ingest.html import extract_html

    try:
        res = extract_html(html, url=given.url)
    except Exception as exc:  # a crash of the extractor on one page must not stop the batch
        raise Unreadable(f"HTML extraction failed ({type(exc).__name__}: {exc})") from exc
    if res.links_only:
        raise Unreadable("no article text found in the HTML page, only links (a menu or index)")
    if not res.text.strip():
        raise Unreadable("no article text found in the HTML page")
    error = _error_title(html, res.title)
    if error and len(res.text.split()) < ERROR_PAGE_MAX_WORDS:
        raise Unreadable(f"an error page (its title: {error!r}), not an article")
    page = Given(
        title=given.title or res.title,
        url=given.url or res.url,
        outlet=given.outlet,
        byline=given.byline or res.byline,
        published=given.published or res.published,
        sitename=res.sitename,
    )
    return make_article(res.text, fmt, path, registry, record=record, given=page)


def read_text_file(
    path: Path, shown: str, fmt: str, registry: OutletRegistry, max_bytes: int
) -> Iterator[Article | ReadError]:
    """A ``.txt``/``.md``/``.html`` file: one article, its text kept exactly as written (a
    Markdown file's front matter read as its metadata, its text what follows)."""
    size = path.stat().st_size
    if size > max_bytes:
        yield ReadError(shown, size_error(size, max_bytes))
        return
    data = path.read_bytes()
    try:
        if fmt == "html":
            yield html_article(decode(data, declared_charset(data)), fmt, shown, registry)
            return
        text = decode(data)
    except Unreadable as exc:
        yield ReadError(shown, str(exc))
        return
    given = None
    if fmt == "md" and (fm := front_matter(text)) is not None:
        given, text = fm.given, text[fm.body_start :]
    if not text.strip():
        yield ReadError(shown, "no text (only whitespace)")
        return
    yield make_article(text, fmt, shown, registry, given=given)


def _limited_lines(f: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)`` with ``None`` for a line over ``max_bytes`` (skipped unread)."""
    n = 0
    while True:
        line = f.readline(max_bytes + 1)
        if not line:
            return
        n += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:
                chunk = f.readline(SKIP_CHUNK)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield n, None
        else:
            yield n, line


#: A UTF-16 surrogate: JSON's escape ``\ud800`` gives one alone, which no UTF-8 encoder takes
#: (the store, the id hash, the reports): read as U+FFFD, as a decoder reads a bad byte.
_SURROGATE = re.compile("[\ud800-\udfff]")


#: The fields each part of a JSON Lines record is read from, the first found wins:
#: storyline's own names, then those of common news exports (NewsAPI's ``content``,
#: ``publishedAt``, ``source.name`` and ``author``; news-please's ``maintext``,
#: ``date_publish``, ``source_domain`` and ``authors``), so such a file is read as it is.
TEXT_FIELDS = ("text", "body", "content", "maintext", "article")
HTML_FIELDS = ("html", "raw_html")
TITLE_FIELDS = ("title", "headline")
URL_FIELDS = ("url", "link")
OUTLET_FIELDS = ("outlet", "source", "publisher", "source_domain", "site_name")
BYLINE_FIELDS = ("byline", "author", "authors")
DATE_FIELDS = ("published", "date", "publishedAt", "published_at", "pubDate", "date_publish")
#: A number given as a date is a Unix time in seconds, or in milliseconds past this ...
EPOCH_MS_OVER = 10**11
#: ... and a publication date only within these years (a number read as some other kind of
#: date, 20210604, falls in 1970 as seconds and is then no date, with the file's note).
EPOCH_YEARS = (1990, 2100)


def _raw_field(obj: dict, keys: tuple[str, ...]) -> str | None:
    """The first of ``keys`` with a text value that is not blank (a list of texts joined,
    an object's ``name``: NewsAPI's ``{"source": {"name": ...}}``)."""
    for key in keys:
        value = _text_value(obj.get(key))
        if value is not None and value.strip():
            return value
    return None


def _text_value(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ", ".join(v.strip() for v in value if v.strip())
    return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else None


def _str_field(obj: dict, keys: tuple[str, ...]) -> str | None:
    value = _raw_field(obj, keys)
    return value.strip() or None if value is not None else None


def _date_field(obj: dict) -> tuple[str | None, str | None]:
    """The record's publication day (ISO) and the value it was read from (None when the
    record gives none), from the first of ``DATE_FIELDS`` it has: a text, or a number as a
    Unix time (one outside ``EPOCH_YEARS`` is no date: 20210604 is no time in 1970)."""
    for key in DATE_FIELDS:
        value = obj.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _epoch_day(value), str(value)
        if (text := _text_value(value)) is not None and text.strip():
            return parse_date(text), text
    return None, None


def _epoch_day(value: float) -> str | None:
    seconds = value / 1000 if abs(value) > EPOCH_MS_OVER else value
    try:
        day = datetime.fromtimestamp(seconds, tz=UTC).date()
    except (OverflowError, OSError, ValueError):
        return None
    return day.isoformat() if EPOCH_YEARS[0] <= day.year <= EPOCH_YEARS[1] else None


def jsonl_record(
    line: bytes,
    shown: str,
    record: str,
    registry: OutletRegistry,
    undated: list[tuple[str, str]] | None = None,
) -> Article:
    """One JSONL line → article; raises ``Unreadable`` with the reason when it is not one.
    A "published" value that is no date is left out (the text's own date line, if any, is
    read instead), and ``(record, value)`` is added to ``undated``."""
    try:  # without its line break, which an error at the line's end would name as column 1
        obj = json.loads(decode(line).rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        # "Unterminated string starting at" names its place itself: not "at at column 29"
        at = "" if exc.msg.endswith(" at") else " at"
        raise Unreadable(f"malformed JSON ({exc.msg}{at} column {exc.colno})") from exc
    return record_article(obj, "jsonl", shown, record, registry, undated)


def record_article(
    obj: object,
    fmt: str,
    shown: str,
    record: str,
    registry: OutletRegistry,
    undated: list[tuple[str, str]] | None = None,
) -> Article:
    """One parsed JSON record (of JSON Lines, or of a JSON array: ``fmt``) → article, as
    ``jsonl_record`` reads it."""
    if not isinstance(obj, dict):
        raise Unreadable(f"a record must be a JSON object, not {type(obj).__name__}")
    published, p = _date_field(obj)
    given = Given(
        title=_str_field(obj, TITLE_FIELDS),
        url=_str_field(obj, URL_FIELDS),
        outlet=_str_field(obj, OUTLET_FIELDS),
        byline=_str_field(obj, BYLINE_FIELDS),
        published=published,
    )
    if p is not None and p.strip() and published is None and undated is not None:
        undated.append((record, p))
    text, html = _raw_field(obj, TEXT_FIELDS), _raw_field(obj, HTML_FIELDS)
    if isinstance(text, str) and text.strip():
        return make_article(text, fmt, shown, registry, record=record, given=given)
    if isinstance(html, str) and html.strip():
        return html_article(html, fmt, shown, registry, record=record, given=given)
    raise Unreadable('no "text" or "html" field with text in it')


def read_jsonl(
    path: Path, shown: str, registry: OutletRegistry, max_bytes: int
) -> Iterator[Article | ReadError]:
    """A JSON Lines archive, one article per line, streamed."""
    found = 0
    pending: list[ReadError] = []  # errors held back until one record reads well
    good = False
    # bad lines that are JSON objects, before any good record: records of a JSON Lines file,
    # reported one by one once a good record is read (five of them at a file's top dropped
    # the good records after them, a new user's trial)
    objects = 0
    undated: list[tuple[str, str]] = []  # records whose "published" is no date
    with path.open("rb") as f:
        for n, line in _limited_lines(f, max_bytes):
            record = f"line {n}"
            if line is not None and not line.strip():
                continue
            found += 1
            try:
                if line is None:
                    raise Unreadable(f"record is over the {size_limit(max_bytes)} limit")
                item: Article | ReadError = jsonl_record(line, shown, record, registry, undated)
            except Unreadable as exc:
                item = ReadError(shown, str(exc), record)
            except Exception as exc:  # a reader bug on one odd record costs that record only
                item = ReadError(shown, f"unexpected error: {type(exc).__name__}: {exc}", record)
            if isinstance(item, Article):
                good = True
                yield from pending
                pending.clear()
                yield item
            elif good:
                yield item
            else:
                objects += _json_object(line)
                pending.append(item)
                if len(pending) >= JSONL_GIVE_UP and not objects:
                    first = pending[0].reason
                    why = f"none of the first {JSONL_GIVE_UP} lines is a JSON object"
                    yield ReadError(shown, f"not JSON Lines: {why} ({first})")
                    return
    if pending and len(pending) == objects >= JSONL_GIVE_UP:
        # JSON Lines of something else than articles: one error for the file
        why = f"none of its {objects} records is an article ({pending[0].reason})"
        yield ReadError(shown, f"no articles: {why}")
    else:
        yield from pending
    if not found:
        yield ReadError(shown, "no records (the JSONL file holds only blank lines)")
    if undated and good:
        yield undated_note(shown, undated)


def _json_object(line: bytes | None) -> bool:
    """The line is a JSON object (a record, good or bad), not text of another format."""
    try:
        return line is not None and isinstance(json.loads(line), dict)
    except ValueError:
        return False


def undated_note(shown: str, undated: list[tuple[str, str]]) -> ReadError:
    """One note for a file's records whose "published" value is no date: a file of dates
    written in a form storyline does not read would otherwise lose every date in silence,
    and its articles be clustered as undated ones."""
    record, value = undated[0]
    some = "1 record's" if len(undated) == 1 else f"{len(undated)} records'"
    return ReadError(
        shown,
        f'{some} "published" is no date storyline reads (first: {record}, {value!r}); '
        "read undated unless the text states a date (write dates as 2021-07-15)",
        note=True,
    )
