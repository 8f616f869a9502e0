"""WARC crawls (``.warc``, ``.warc.gz``): HTML ``response`` records, streamed record by record.

storyline frames the records itself and leaves only the parsing of one record's headers to
warcio, because warcio's iterator trusts every ``Content-Length``: a record declared too short
comes out with its tail cut off and the records after it are lost, one declared too long
swallows the next record, and either way warcio prints a multi-line warning quoting page
content on stderr. Here each record's end is checked (its content must be followed by blank
lines and the next ``WARC/`` line, or the end of the file); a record whose length is wrong is
one ``ReadError`` naming it, and reading goes on at the next ``WARC/`` line, inside the
swallowed bytes when the length was too long. Nothing is printed.

A gzip-compressed WARC is decompressed as one stream (``_GzipGuard``), so a crawl compressed
per record or as a whole reads the same; a gzip member cut short or corrupt is an error for
the record it falls in, after the records before it have come out. The size limit applies per
record: a record over it is skipped without being held in memory.
"""

from __future__ import annotations

import codecs
import gzip
import importlib
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

from storyline.ingest.build import Given
from storyline.ingest.readers import html_article, size_error
from storyline.ingest.registry import OutletRegistry
from storyline.ingest.sniff import Unreadable, declared_charset, decode
from storyline.models import Article, ReadError, one_line

#: Bytes read from the file at a time.
CHUNK_BYTES = 1 << 16
#: A record header block longer than this is not one (a WARC header block is a few hundred
#: bytes); reading goes on at the next ``WARC/`` line.
MAX_HEADER_BYTES = 1 << 20
#: Bytes of a record over the size limit read to see its HTTP headers: an HTML page is
#: reported as too large, anything else is skipped without a word, as it would be when small.
HTTP_HEAD_BYTES = 1 << 16
#: How much of what follows a record is looked at to check that the record ends there.
_END_WINDOW = 64


class _GzipGuard:
    """A gzip stream that turns a truncated or corrupt member into a clean end of data and
    remembers the error, so the records before it still come out."""

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


class _Source:
    """The uncompressed bytes of a WARC file, read forward: lines, blocks, a look ahead, and
    bytes put back (a record read too far returns what belongs to the next one)."""

    def __init__(self, raw: BinaryIO | _GzipGuard) -> None:
        self.raw = raw
        self.buf = bytearray()
        self.pos = 0  # offset of buf[0] in the uncompressed data
        self.eof = False

    def _fill(self, size: int) -> bool:
        """At least ``size`` bytes buffered unless the data ends first; True when they are."""
        while len(self.buf) < size and not self.eof:
            chunk = self.raw.read(max(CHUNK_BYTES, size - len(self.buf)))
            if chunk:
                self.buf += chunk
            else:
                self.eof = True
        return len(self.buf) >= size

    def peek(self, size: int) -> bytes:
        self._fill(size)
        return bytes(self.buf[:size])

    def read(self, size: int) -> bytes:
        self._fill(size)
        out = bytes(self.buf[:size])
        del self.buf[:size]
        self.pos += len(out)
        return out

    def readline(self, limit: int = CHUNK_BYTES) -> bytes:
        """One line with its newline, or ``limit`` bytes of a longer one; b"" at the end."""
        searched = 0
        while True:
            end = self.buf.find(b"\n", searched, limit)
            if end >= 0:
                return self.read(end + 1)
            searched = len(self.buf)
            if searched >= limit or not self._fill(searched + 1):
                return self.read(limit)

    def at_end(self) -> bool:
        return not self.buf and not self._fill(1)

    def skip(self, size: int) -> int:
        """Discard ``size`` bytes without holding them; the number actually there."""
        done = 0
        while done < size and (self.buf or self._fill(1)):
            take = min(size - done, len(self.buf))
            del self.buf[:take]
            self.pos += take
            done += take
        return done

    def unread(self, data: bytes) -> None:
        self.buf[0:0] = data
        self.pos -= len(data)


def _record_start(line: bytes) -> bool:
    """A ``WARC/1.0`` (any version) line: where a record begins."""
    return line.startswith(b"WARC/") and line[5:6].isdigit()


def _ends_here(following: bytes) -> bool:
    """True when ``following``, the bytes after a record's content, show that the record's
    Content-Length was right: the two CRLFs that end a record, or blank lines and the next
    record, or the end of the data. (Something else after the two CRLFs is not a record, and
    is reported as such when reading gets there.)"""
    rest = following.lstrip(b"\r\n")
    return following.startswith(b"\r\n\r\n") or not rest or _record_start(rest)


def _to_next_record(src: _Source) -> int:
    """Skip to the next line that begins a record (left unread) or the end of the data; the
    length of the content skipped, without the blank lines that end a record."""
    skipped = 0
    tail = b""
    at_line_start = True
    while line := src.readline():
        if at_line_start and _record_start(line):
            src.unread(line)
            break
        skipped += len(line)
        tail = (tail + line)[-4:]
        at_line_start = line.endswith(b"\n")
    ending = 4 if tail == b"\r\n\r\n" else len(tail) - len(tail.rstrip(b"\r\n"))
    return skipped - ending


def _next_line(src: _Source) -> bytes:
    """The next line that is not blank; b"" at the end of the data."""
    while line := src.readline():
        if line.strip(b"\r\n"):
            return line
    return b""


def _header_block(src: _Source, first: bytes) -> dict[str, str] | str:
    """The fields (names lower-cased) of the record's header block, read from after its
    ``WARC/`` line to the blank line; a reason when it is cut off or is no header block."""
    lines = [first]
    size = len(first)
    while True:
        line = src.readline()
        if not line:
            return "cut off"
        lines.append(line)
        size += len(line)
        if not line.strip(b"\r\n"):
            break
        if not line.endswith(b"\n") and src.at_end():
            return "cut off"
        if size > MAX_HEADER_BYTES or not line.endswith(b"\n"):
            return "malformed"
    fields: dict[str, str] = {}
    for line in lines[1:-1]:
        name, sep, value = line.partition(b":")
        if sep:
            key = name.strip().lower().decode("latin-1")
            fields[key] = value.strip().decode("utf-8", errors="replace")
    return fields


def _target(fields: dict[str, str]) -> str:
    """The record's WARC-Target-URI, without the angle brackets some writers put around it."""
    return (fields.get("warc-target-uri") or "").strip().strip("<>").strip()


def _http_charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            try:
                return codecs.lookup(value.strip().strip("\"'")).name
            except LookupError:
                return None
    return None


def _decompress(data: bytes, encoding: str, max_bytes: int) -> bytes:
    """The page under its HTTP Content-Encoding, at most ``max_bytes + 1`` bytes of it."""
    if encoding in ("gzip", "x-gzip"):
        wbits = [16 + zlib.MAX_WBITS]
    elif encoding == "deflate":
        wbits = [zlib.MAX_WBITS, -zlib.MAX_WBITS]  # zlib-wrapped, as the RFC says, or raw
    elif encoding == "br":
        try:
            brotli = importlib.import_module("brotli")
        except ImportError:
            raise Unreadable(
                "page is brotli-compressed (Content-Encoding: br); install brotli"
            ) from None
        try:
            return bytes(brotli.decompress(data))[: max_bytes + 1]
        except Exception as exc:  # brotli.error, whatever its module calls it
            raise Unreadable(f"cannot decompress the page (Content-Encoding: br): {exc}") from exc
    else:
        return data  # identity, or an encoding nobody implements: the bytes as they are
    problem: Exception | None = None
    for bits in wbits:
        try:
            return zlib.decompressobj(bits).decompress(data, max_bytes + 1)
        except zlib.error as exc:
            problem = problem or exc
    raise Unreadable(f"cannot decompress the page (Content-Encoding: {encoding}): {problem}")


def _page(http: Any, body: bytes, max_bytes: int) -> bytes:
    """The page bytes of a response: de-chunked, decompressed."""
    from warcio.bufferedreaders import ChunkedDataReader

    if (http.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        body = ChunkedDataReader(BytesIO(body)).read()  # not chunked after all: kept as is
    encoding = (http.get_header("Content-Encoding") or "").strip().lower()
    return _decompress(body, encoding, max_bytes)


def _warc_item(
    fields: dict[str, str],
    content: bytes,
    declared: int,
    record: str,
    shown: str,
    registry: OutletRegistry,
    max_bytes: int,
) -> Article | ReadError | str | None:
    """The article (or error) of one record; None for records that are no response, and for
    a response that is no HTML page why it is not read ("not HTML", "HTTP 404").

    Only the HTTP headers are parsed by warcio (its record loader would also log warnings
    about odd WARC headers on stderr)."""
    from warcio.statusandheaders import StatusAndHeadersParser

    url = _target(fields)
    if fields.get("warc-type") != "response" or not url.startswith(("http:", "https:")):
        return None
    stream = BytesIO(content)
    try:
        http = StatusAndHeadersParser(["HTTP/1.0", "HTTP/1.1"], verify=False).parse(stream)
    except Exception as exc:  # warcio raises assorted types on malformed HTTP headers
        reason = " ".join(str(exc).split()) or type(exc).__name__
        return ReadError(shown, f"malformed HTTP response headers ({reason[:200]})", record)
    ctype = http.get_header("Content-Type") or ""
    status = http.get_statuscode() or ""
    if status.startswith("3"):
        return None  # a redirect: the page it points at is a record of its own
    if not status.startswith("2"):
        return f"HTTP {status or 'status missing'}"
    if "html" not in ctype.lower():
        return "not HTML"
    if declared > max_bytes:
        return ReadError(shown, size_error(declared, max_bytes, "record"), record)
    try:
        data = _page(http, stream.read(), max_bytes)
        if len(data) > max_bytes:
            return ReadError(shown, size_error(len(data), max_bytes, "record"), record)
        html = decode(data, _http_charset(ctype) or declared_charset(data))
        return html_article(html, "warc", shown, registry, record=record, given=Given(url=url))
    except Unreadable as exc:
        return ReadError(shown, str(exc), record)


def read_warc(
    path: Path, shown: str, registry: OutletRegistry, max_bytes: int
) -> Iterator[Article | ReadError]:
    """HTML ``response`` records of a ``.warc``/``.warc.gz`` file, streamed record by record
    (see the module docstring for how a record with a wrong length or a cut file is told)."""
    n = pages = 0
    passed: Counter[str] = Counter()  # responses not read as pages, by why
    with path.open("rb") as f:
        gz = _GzipGuard(f) if f.read(2) == b"\x1f\x8b" else None
        f.seek(0)
        src = _Source(gz or f)

        def cut(what: str, where: str) -> ReadError:
            if gz is not None and gz.error is not None:
                reason = " ".join(str(gz.error).split()) or type(gz.error).__name__
                return ReadError(shown, f"truncated or corrupt WARC ({reason})", where)
            return ReadError(shown, f"truncated WARC: {what}", where)

        while line := _next_line(src):
            start = src.pos - len(line)
            if not _record_start(line):
                skipped = _to_next_record(src) + len(line)
                if src.at_end() and gz is not None and gz.error is not None:
                    break  # the gzip error, reported below, is what went wrong
                first = line[:60].decode("utf-8", errors="replace").strip()
                yield ReadError(
                    shown,
                    f"no WARC record begins here (the line reads {first!r}); "
                    f"{skipped} bytes skipped to the next record",
                    f"offset {start}",
                )
                continue
            n += 1
            block = _header_block(src, line)
            if isinstance(block, str):
                if block == "cut off":
                    yield cut("record headers are cut off", f"record {n}")
                    return
                _to_next_record(src)
                yield ReadError(shown, "record headers are malformed; skipped", f"record {n}")
                continue
            fields = block
            url = _target(fields)
            record = one_line(f"record {n} {url}" if url else f"record {n}")
            try:
                declared = int(fields.get("content-length", ""))
                if declared < 0:
                    raise ValueError(declared)
            except ValueError:
                _to_next_record(src)
                yield ReadError(shown, "record has no valid Content-Length; skipped", record)
                continue
            if declared <= max_bytes:
                window = src.peek(declared + _END_WINDOW)
                content = window[:declared]
                missing = declared - len(content)
                ends = not missing and _ends_here(window[declared:])
                if ends:
                    src.skip(declared)
            else:  # over the limit: not held in memory, only its HTTP headers looked at
                content = src.read(min(declared, HTTP_HEAD_BYTES))
                missing = declared - len(content) - src.skip(declared - len(content))
                ends = not missing and _ends_here(src.peek(_END_WINDOW))
            if ends:
                item = _warc_item(fields, content, declared, record, shown, registry,
                                  max_bytes)  # fmt: skip
                if isinstance(item, str):
                    passed[item] += 1
                elif item is not None:
                    pages += 1
                    yield item
                continue
            # the record does not end where its Content-Length says: read on from the next
            # WARC/ line, which lies inside the declared content when the length is too long
            actual = _to_next_record(src)
            if src.at_end() and (missing or (gz is not None and gz.error is not None)):
                yield cut(f"record ends {missing} bytes early", record)  # nothing after it
                return
            if declared > max_bytes:
                reason = f"Content-Length {declared} does not match the record's content"
            elif declared == actual:
                reason = "the record is not followed by the blank lines that end a record"
            else:
                longer = "longer" if declared > actual else "shorter"
                reason = f"Content-Length {declared} is {longer} than the content ({actual} bytes)"
            yield ReadError(shown, f"{reason}; record skipped", record)
        if gz is not None and gz.error is not None:
            yield cut("", f"record {n + 1}")
            return
    if pages == 0:
        yield ReadError(shown, f"no HTML response records among {n} WARC records")
    elif passed:
        # responses that are no page, said in one line: a crawl's images, data and error
        # pages were passed over with no word (a new user's trial)
        why = ", ".join(f"{why} ({k})" for why, k in sorted(passed.items()))
        n_passed = passed.total()
        responses = f"{n_passed} response{'s' if n_passed != 1 else ''}"
        yield ReadError(shown, f"{responses} not read as pages: {why}", note=True)
