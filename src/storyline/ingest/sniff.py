"""Choosing a reader by content as well as by extension, and decoding bytes to text.

Files in the wild are misnamed: an HTML page saved as ``.txt``, a feed saved as ``.xml``, a
crawl without its ``.warc`` suffix. The first few kilobytes decide; the extension only breaks
ties (Markdown and plain text look alike).
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
import zlib
from pathlib import Path

from storyline.errors import StorylineError

#: How much of a file is looked at to decide its format: enough for a doctype, an XML prolog
#: with comments and a feed's channel header.
SNIFF_BYTES = 8192
#: Share of control characters (other than tab, newline, carriage return, form feed) above
#: which a file is binary rather than text; real text has none, mis-encoded text a few.
BINARY_CONTROL_RATIO = 0.05
#: Share of undecodable bytes tolerated in text: a stray byte in a long crawled page is noise,
#: a file in a legacy encoding (many bad bytes) is reported instead of silently garbled.
BAD_BYTE_TOLERANCE = 0.001

FORMATS = ("txt", "md", "html", "jsonl", "feed", "warc")
EXTENSIONS = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".json": "jsonl", ".rss": "feed", ".atom": "feed", ".xml": "feed", ".warc": "warc",
}  # fmt: skip

_FEED_RE = re.compile(rb"<(?:rss|feed|rdf:RDF|RDF)[\s>]", re.I)
_HTML_RE = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_TAG_RE = re.compile(rb"</?(?:p|div|article|span|a|h[1-6]|br|section|main|table)[\s>/]", re.I)
#: A text opening with this many common HTML tags is HTML even without <html>/<body>.
HTML_MIN_TAGS = 3
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
#: What UTF-16 text never holds: controls other than tab, newline, form feed and carriage
#: return, and the noncharacters a wrong byte order makes of a BOM.
_UTF16_BAD = re.compile("[\\x00-\\x08\\x0b\\x0e-\\x1f\\x7f-\\x9f\\ufffe\\uffff]")
#: UTF-16 text has at least one space or line break in this many characters (a paragraph of
#: Chinese without spaces still ends in a newline); bytes that decode without any are binary.
UTF16_CHARS_PER_SPACE = 400
#: Fewer characters than this are too few to tell UTF-16 text from binary data.
UTF16_MIN_CHARS = 32
_XML_ENC_RE = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I)


class Unreadable(StorylineError):
    """A file or record that cannot be read; the message is the reason users see."""


def extension_format(path: str | Path) -> str | None:
    name = str(path).lower()
    if name.endswith((".warc.gz", ".warc.gzip")):
        return "warc"
    return EXTENSIONS.get(Path(name).suffix)


#: Every byte but the control bytes ``is_binary`` counts (below 32, not tab, LF, FF or CR).
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13))


def is_binary(head: bytes) -> bool:
    """True for bytes that are not text in any encoding storyline reads."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))  # counted in C: a JSONL line each
    return bool(head) and controls / len(head) > BINARY_CONTROL_RATIO


def _spaces(text: str) -> int:
    return sum(text.count(ch) for ch in " \n\t\u3000")  # not every Unicode space: random
    # bytes decode to some of the many rare ones


def utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``head`` (a file's first bytes, no BOM) is UTF-16
    text, else None. Only bytes holding a NUL are asked about (UTF-16 text has them: a newline
    is ``0A 00``, a Latin letter has a NUL high byte), so plain ASCII or UTF-8, which may also
    decode as UTF-16, is never taken for it. UTF-16 is the encoding that decodes
    the bytes, at least ``UTF16_MIN_CHARS`` characters of them, into text without a control
    character other than whitespace, without unassigned, private-use or unpaired surrogate
    code points, and with spaces or line breaks in it; binary data has runs of NUL bytes
    (U+0000), and what decodes of it is strewn with private-use and unassigned characters.
    When both byte orders pass, the one reading more ASCII (newlines, spaces, digits) wins:
    the other turns them into U+0A00 and the like."""
    if b"\x00" not in head:  # every UTF-16 line has one ("\\n" is 0A 00): no NUL, not UTF-16
        return None
    best: tuple[int, str] | None = None
    size = len(head) & ~1
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = head[:size].decode(enc)
        except UnicodeDecodeError as exc:
            if exc.start < size - 2:  # an error before the cut-off last unit: not UTF-16
                continue
            text = head[: exc.start].decode(enc, errors="replace")
        if (
            len(text) < UTF16_MIN_CHARS
            or _UTF16_BAD.search(text)
            or _spaces(text) < max(1, len(text) // UTF16_CHARS_PER_SPACE)
            or any(unicodedata.category(ch) in ("Cn", "Co", "Cs") for ch in text)
        ):
            continue
        ascii_count = sum(1 for ch in text if ch < "\x80")
        if best is None or ascii_count > best[0]:
            best = (ascii_count, enc)
    return best[1] if best else None


GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(head: bytes) -> bool:
    return head.startswith(GZIP_MAGIC)


def _inflated(head: bytes) -> bytes:
    """The first bytes gzip-compressed ``head`` holds; raises ``zlib.error`` when corrupt."""
    return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)


def gzipped_warc(head: bytes) -> bool:
    """Whether gzip-compressed ``head`` holds a WARC archive (read as one stream by
    ``read_warc``); a head whose data is corrupt counts as one, so ``sniff`` says it is
    corrupt."""
    try:
        return _inflated(head).startswith(b"WARC/")
    except zlib.error:
        return True


def sniff(head: bytes, path: str | Path) -> str:
    """The format of a file whose first bytes are ``head``; raises ``Unreadable`` when none."""
    if not head:
        raise Unreadable("empty file")
    if is_gzip(head):
        try:
            inner = _inflated(head)
        except zlib.error as exc:
            raise Unreadable(f"corrupt gzip data ({exc})") from exc
        if inner.startswith(b"WARC/"):
            return "warc"
        raise Unreadable("gzip-compressed file that is not a WARC archive")
    if head.startswith(b"WARC/"):
        return "warc"
    utf16 = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}.get(head[:2])
    if utf16 is None and is_binary(head):
        utf16 = utf16_without_bom(head)
        if utf16 is None:
            raise Unreadable("binary file, not text")
    if utf16 is not None:  # the format is told from the text, as UTF-8
        head = head[2:] if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else head
        head = head.decode(utf16, errors="replace").encode("utf-8")
        if extension_format(path) == "jsonl" or head.lstrip().startswith(b"{"):
            raise Unreadable(f"JSON Lines in {utf16.upper()}; save the file as UTF-8")
    by_ext = extension_format(path)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if by_ext == "md" and not _HTML_RE.match(start):
        return "md"
    if start.startswith(b"<"):
        feed, html = _FEED_RE.search(head), _HTML_RE.search(head)
        if feed and (not html or feed.start() < html.start()):
            return "feed"
        if html or len(_TAG_RE.findall(head)) >= HTML_MIN_TAGS:
            return "html"
        if start.startswith(b"<?xml"):
            raise Unreadable("XML document that is neither an RSS/Atom feed nor an HTML page")
    if by_ext == "jsonl" and start.startswith(b"["):
        return "json"  # an array of records (``json_array``)
    if by_ext == "jsonl" or (start.startswith(b"{") and _json_object_line(start)):
        return "jsonl"
    if by_ext in ("feed", "html", "warc"):
        return "txt"  # named like markup but holds plain text: read it as what it is
    return by_ext or "txt"


def _json_object_line(start: bytes) -> bool:
    """True when the first line is a whole JSON object carrying article text."""
    line = start.split(b"\n", 1)[0]
    try:
        obj = json.loads(line)
    except ValueError:
        return False
    return isinstance(obj, dict) and ("text" in obj or "html" in obj)


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML/XML document declares for itself, if Python knows it."""
    m = _XML_ENC_RE.match(data[:200]) or _CHARSET_RE.search(data[:SNIFF_BYTES])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode(data: bytes, charset: str | None = None) -> str:
    """Bytes to text: a BOM wins, then ``charset`` (declared by HTTP or the document), then
    UTF-16 without a BOM when the bytes are that (``utf16_without_bom``), then UTF-8. Raises
    ``Unreadable`` naming the first bad byte when too many bytes do not decode.
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):  # fmt: skip
        if data.startswith(bom):
            data, charset = data[len(bom) :], enc
            break
    else:
        if charset in (None, "utf-16") and is_binary(data[:SNIFF_BYTES]):
            charset = utf16_without_bom(data[:SNIFF_BYTES]) or charset
    enc = charset or "utf-8"
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        text = data.decode(enc, errors="replace")
        bad = text.count("\ufffd") - data.decode(enc, errors="ignore").count("\ufffd")
        if bad > max(1, len(data) * BAD_BYTE_TOLERANCE):
            byte = data[exc.start : exc.start + 1].hex()
            raise Unreadable(
                f"cannot decode as {enc}: byte 0x{byte} at offset {exc.start} "
                f"({bad} bad bytes); save the file as UTF-8"
            ) from exc
        return text
    except LookupError as exc:
        raise Unreadable(f"unknown text encoding {enc!r}") from exc
