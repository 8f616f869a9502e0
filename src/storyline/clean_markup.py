"""The markup of one line of an article, for ``storyline.clean``: its offsets, the Markdown
and metadata marks its rules read past (headings, list marks, links, images, emphasis, a
date field glued to a paragraph), and the words left visible."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.models import Span

_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}"
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+\d{{4}})"
)
# A metadata field glued to the start of a paragraph by an extractor: " date 2025-04-10 The ...".
_META_PREFIX = re.compile(
    rf"^\s*(?:(?:date|published|updated|posted|dateline|last updated)\s*[:\-–]?\s*{_DATE}"
    r"|\d{4}-\d{2}-\d{2})\s+(?=\S)",
    re.I,
)

_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)")
_HEADING_TAIL = re.compile(r"[ \t]+#+[ \t]*$")
_LEADING_MARK = re.compile(r"^[ \t]*(?:>[ \t]*)*(?:[-*+•·][ \t]+|\d{1,3}[.)][ \t]+)?")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\[\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_AUTOLINK = re.compile(r"<(?:https?://|www\.|mailto:)[^>\s]*>")
_STRONG = re.compile(r"\*\*|__")


@dataclass
class _Line:
    start: int
    raw: str
    drop: list[Span]  # markup intervals relative to the line start
    visible: str  # the line's words without markup, whitespace collapsed
    link_only: bool
    words: int  # words of ``visible`` (counted once: the rules ask it of every line)
    reason: str | None = None

    @property
    def keep(self) -> list[Span]:
        """The line's text minus its markup, as trimmed absolute spans."""
        if not self.drop:  # most prose lines: the line itself, trimmed
            raw = self.raw
            lead, tail = len(raw) - len(raw.lstrip()), len(raw.rstrip())
            return [(self.start + lead, self.start + tail)] if tail > lead else []
        spans: list[Span] = []
        pos = 0
        for s, e in [*sorted(self.drop), (len(self.raw), len(self.raw))]:
            if s > pos:
                seg = self.raw[pos:s]
                lead = len(seg) - len(seg.lstrip())
                tail = len(seg.rstrip())
                if tail > lead:
                    spans.append((self.start + pos + lead, self.start + pos + tail))
            pos = max(pos, e)
        return spans


def _lines(text: str) -> list[_Line]:
    """Split ``text`` into lines with their offsets and Markdown/metadata markup found."""
    out: list[_Line] = []
    pos = 0
    for chunk in text.splitlines(keepends=True):
        raw = chunk.rstrip(_LINE_BREAKS)
        # a blank line (a third of a full-length article's) has no markup to look for
        out.append(_markup(pos, raw) if raw else _Line(pos, raw, [], "", False, 0))
        pos += len(chunk)
    return out


def _markup(start: int, raw: str) -> _Line:
    drop: list[Span] = []
    heading = _HEADING.match(raw)
    if heading:
        drop.append((0, heading.end()))
        tail = _HEADING_TAIL.search(raw)
        if tail and tail.start() >= heading.end():
            drop.append((tail.start(), len(raw)))
    else:
        lead = _LEADING_MARK.match(raw)
        if lead and lead.end():
            drop.append((0, lead.end()))
    meta = _META_PREFIX.match(raw)
    if meta and not heading:
        drop.append((0, meta.end()))
    links = 0
    bracket = "[" in raw  # images and links need one: most lines are scanned no further
    for m in _IMAGE.finditer(raw) if bracket else ():
        drop.append(m.span())
    for m in _LINK.finditer(raw) if bracket else ():
        if any(s <= m.start() < e for s, e in drop):
            continue
        links += 1
        drop.append((m.start(), m.start(1)))
        drop.append((m.end(1), m.end()))
    if "<" in raw:  # an autolink needs one, emphasis a doubled mark: most lines have neither
        drop += [m.span() for m in _AUTOLINK.finditer(raw)]
    if "**" in raw or "__" in raw:
        drop += [m.span() for m in _STRONG.finditer(raw)]
    visible, words = _collapsed(_outside(raw, drop) if drop else raw)
    outside = _LINK.sub("", _IMAGE.sub("", raw)) if links else raw
    link_only = links > 0 and not any(c.isalnum() for c in _STRONG.sub("", outside))
    return _Line(start, raw, drop, visible, link_only, words)


def _collapsed(text: str) -> tuple[str, int]:
    """``text`` with its whitespace collapsed to single spaces and trimmed, and its number of
    words. Most lines are so already (no whitespace but single ASCII spaces between words:
    ``isprintable`` is false for every other whitespace character) and are taken as they
    are, not split into words and joined again (half of a line's markup time, issue #17)."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text, text.count(" ") + 1 if text else 0
    words = text.split()
    return " ".join(words), len(words)


def _outside(raw: str, drop: list[Span]) -> str:
    """``raw`` without the characters inside any of the ``drop`` intervals, joined from the
    slices between them (a line's markup is a few intervals; a mask of every character of
    every line cost a tenth of an ingest's time, issue #17)."""
    parts: list[str] = []
    pos = 0
    for s, e in sorted(drop):
        if s > pos:
            parts.append(raw[pos:s])
        pos = max(pos, e)
    parts.append(raw[pos:])
    return "".join(parts)
