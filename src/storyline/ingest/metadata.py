"""Metadata read from an article's own text: title, byline, wire agency, URL, outlet, date.

Everything here looks only at the head and the tail of the article, where mastheads,
bylines, date lines, wire credits and "Original url:" lines live, and only at short,
line-shaped text: a wire named inside prose ("a document shared with AFP", "he told AFP")
is a source of a fact, not the article's byline, and a photo credit ("Photo: EPA-EFE / NAME")
is not the wire either. What cannot be found stays None: never invented.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from storyline.ingest.dates import find_published
from storyline.ingest.registry import OutletRegistry, domain_of
from storyline.models import Span

#: Lines from the top that may hold masthead, headline, byline and date (001 has its date on
#: the 3rd non-empty line; some sites put a deck, a photo and a caption before the byline).
HEAD_LINES = 12
#: Lines from the bottom that may hold a wire credit ("— AFP"), an author stub or a source URL.
TAIL_LINES = 5
#: A headline longer than this is a paragraph (real headlines run 5–20 words).
TITLE_MAX_WORDS = 30
TITLE_MAX_CHARS = 250
#: A first line that ends with a full stop is still a headline when it is one sentence of at
#: most this many words and the paragraph after it is longer (some sites and exports end a
#: headline with "."; PolNeAR's 84 dev texts all do, at 4-15 words, and none had a title).
PERIOD_TITLE_MAX_WORDS = 16
#: A byline or credit line longer than this is prose ("By AFP" … "By Jane Doe and John Roe in
#: Kyiv with AFP"); prose lines name agencies as sources, not as the byline.
BYLINE_MAX_WORDS = 14
CREDIT_MAX_WORDS = 8

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|__|\*|_(?=\w)|(?<=\w)_)")
_ATX = re.compile(r"^\s{0,3}(#{1,2})\s+(?P<t>.*?)\s*#*\s*$")
_BYLINE = re.compile(r"^\s*by\s+(?P<who>.+?)\s*$", re.I)
_URL_LINE = re.compile(r"^\s*<?(?P<u>https?://[^\s<>\"]+?)>?\s*$", re.I)
_URL_LABEL = re.compile(
    r"^\s*(?:original\s+(?:url|link|article)|source(?:\s+url)?|url|link|permalink|"
    r"originally\s+published\s+(?:at|on))\s*:\s*(?:<?(?P<u>https?://[^\s<>\"]+?)>?)?\s*$",
    re.I,
)
_PHOTO_WORDS = re.compile(
    r"\b(photo|photos|photograph|image|picture|pictured|credit|getty|illustration|video|"
    r"file photo|caption)\b",
    re.I,
)
_FINAL_PUNCT = ".!?;:,…"
_CLOSE_QUOTES = "\"'”’»)"


@dataclass
class TextMeta:
    """What the text itself says about the article; every field may be None."""

    title: str | None = None
    title_span: Span | None = None
    byline: str | None = None
    wire: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, line)`` for every line of ``text``; offsets into ``text``."""
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        yield pos, pos + len(body), body
        pos += len(line)


def plain(line: str) -> str:
    """A line without Markdown link and emphasis syntax: ``By [AFP](#)`` → ``By AFP``.

    A line with none of ``[``, ``*`` and ``_`` has no such syntax, and is only stripped: most
    lines are plain prose, and the two substitutions over each of an article's head and tail
    lines were a fifth of an ingest's time (issue #17, cProfile of 13,653 articles)."""
    if "[" not in line and "*" not in line and "_" not in line:
        return line.strip()
    return _MD_EMPH.sub("", _MD_LINK.sub(r"\1", line)).strip()


#: A sentence ending inside a line (after a word, not an initial or an abbreviation: "U.S.
#: Court", "Mr. Trump"), or a dateline's dash: a line with one is no headline.
_INNER_BREAK = re.compile(r"[a-z0-9]{2}[.!?][\"'”’)]*\s+[A-Z“\"]|\s[—–-]\s|\s--\s")
#: Paragraphs after a headline looked at for a longer one: a label may come first
#: ("ABSTRACT.", "LETTERS.").
PERIOD_TITLE_LOOKAHEAD = 3


#: Share of a line's longer words (``TITLE_CASE_LETTERS`` letters or more, past the first)
#: written with a capital from which it is set in title case, as headlines are and a lede is
#: not ("It felt like a gut punch." opens a story; 29 of AllSides' 731 texts open so).
TITLE_CASE_SHARE = 0.6
TITLE_CASE_LETTERS = 4


def _title_case(line: str) -> bool:
    """Whether ``line`` is set in title case ("Obama Power Plant Rules Face Key Test")."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line)[1:] if len(w) >= TITLE_CASE_LETTERS]
    capitals = sum(w[0].isupper() for w in words)
    # a lede full of names ("Former President Donald Trump could return to Facebook") still
    # writes its verbs and nouns small: title case leaves only short words so
    small = [w for w in words if not w[0].isupper() and len(w) > TITLE_CASE_LETTERS]
    return bool(words) and capitals >= TITLE_CASE_SHARE * len(words) and not small


def _period_headline(line: str, after: list[str]) -> bool:
    """A one-sentence line ending in "." that reads as a headline: short, in title case, with
    no sentence break or dateline dash inside, and shorter than a paragraph after it
    (``after``)."""
    body = line.rstrip().rstrip(_CLOSE_QUOTES)
    words = len(line.split())
    return (
        body.endswith(".")
        and not body.endswith("..")
        and _title_case(body)
        and words <= PERIOD_TITLE_MAX_WORDS
        and not _INNER_BREAK.search(body[:-1])
        and any(len(p.split()) > words for p in after[:PERIOD_TITLE_LOOKAHEAD])
    )


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip(_CLOSE_QUOTES)
    return bool(stripped) and stripped[-1] in _FINAL_PUNCT


def find_title(
    text: str, is_masthead: Callable[[str], bool] | None = None
) -> tuple[str, Span] | None:
    """The headline when the text opens with one: a ``#``/``##`` heading, or a short first line
    without final punctuation followed by a blank line (how plain-text exports set a headline).
    A masthead line (the outlet's name, per ``is_masthead``) before it is passed over.
    """
    lines = list(_lines(text))
    nonempty = [i for i, (_, _, ln) in enumerate(lines) if ln.strip()]
    if not nonempty:
        return None
    first = nonempty[0]
    if is_masthead and len(nonempty) > 1 and is_masthead(plain(lines[first][2]).lstrip("# ")):
        first = nonempty[1]
    start, end, line = lines[first]
    atx = _ATX.match(line)
    if atx and atx["t"]:
        s = start + atx.start("t")
        return atx["t"], (s, s + len(atx["t"]))
    following = lines[first + 1][2] if first + 1 < len(lines) else ""
    body = line.strip()
    after = [lines[i][2] for i in nonempty if i > first]
    if (
        following.strip()
        or (_ends_sentence(body) and not _period_headline(body, after))
        or len(body) > TITLE_MAX_CHARS
        or len(body.split()) > TITLE_MAX_WORDS
        or _BYLINE.match(plain(body))
        or _URL_LINE.match(body)
        or find_published([body])
    ):
        return None
    s = start + (len(line) - len(line.lstrip()))
    return body, (s, s + len(body))


def _head_tail(text: str) -> tuple[list[str], list[str]]:
    lines = (line.rstrip("\r\n") for line in text.splitlines(keepends=True))  # as _lines
    nonempty = [ln for ln in lines if ln.strip()]
    return nonempty[:HEAD_LINES], nonempty[-TAIL_LINES:]


def find_byline(lines: list[str], registry: OutletRegistry) -> tuple[str, str | None] | None:
    """``(byline, wire or None)`` from the first "By …" line among ``lines``."""
    for raw in lines:
        line = plain(raw)
        m = _BYLINE.match(line)
        if not m or len(line.split()) > BYLINE_MAX_WORDS or _ends_sentence(m["who"]):
            continue
        who = re.split(r"\s+\|\s+", m["who"])[0].strip(" ,")
        wire = registry.wire_pattern.search(who)
        return who, registry.wire_name(wire["w"]) if wire else None
    return None


@lru_cache(maxsize=4)
def _credit_patterns(w: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The dateline and trailing-credit patterns around the wire alternation ``w``, compiled
    once per registry (built and looked up in ``re``'s cache per article before)."""
    dateline = re.compile(rf"^[^()]{{0,60}}\((?:{w})(?:\s*[/,]\s*[\w ]+)?\)\s*[-—–:]")
    trailing = re.compile(rf"(?:^|\s)(?:[-—–]{{1,2}}|\()\s*(?:with\s+)?(?:{w})\s*\)?\.?\s*$")
    return dateline, trailing


def find_wire(head: list[str], tail: list[str], registry: OutletRegistry) -> str | None:
    """The wire agency credited by a dateline, a trailing credit or a credit line.

    Datelines: ``KYIV (Reuters) -``, ``(AFP) —``; trailing credits: ``… said. — AFP``,
    ``-- with Reuters``; credit lines: ``AFP/jk``, ``dh/rt (AFP, Reuters)``, ``(with AFP)``.
    """
    dateline, trailing = _credit_patterns(registry.wire_pattern.pattern)
    for line in head[:5]:
        m = dateline.match(plain(line))
        if m:
            return registry.wire_name(m["w"])
    for line in [*head, *tail]:
        text = plain(line)
        # the word count first: a paragraph is skipped without the regex scans of its length,
        # nor split whole (past BYLINE_MAX_WORDS, its words are counted as one more)
        words = len(text.split(None, BYLINE_MAX_WORDS))
        if words > BYLINE_MAX_WORDS or _PHOTO_WORDS.search(text):
            continue
        m = trailing.search(text)
        if m and (line in tail or words <= CREDIT_MAX_WORDS):
            return registry.wire_name(m["w"])
        wire = registry.wire_pattern.search(text) if words <= CREDIT_MAX_WORDS else None
        if wire:  # a credit line: nothing but wire names and a few linking words
            rest = registry.wire_pattern.sub(" ", text)
            rest = re.sub(r"\b(with|and|contributed|reporting|additional|[a-z]{1,4})\b", " ", rest)
            if not re.sub(r"[\s()/,&.:;—–-]+", "", rest):
                return registry.wire_name(wire["w"])
    return None


def find_url(head: list[str], tail: list[str]) -> str | None:
    """The article's own URL: an "Original url:" line (URL on it or on the next line), else a
    line that is nothing but a URL, at the top or the bottom of the text."""
    for lines in (tail, head):
        for i, raw in enumerate(lines):
            label = _URL_LABEL.match(plain(raw))
            if not label:
                continue
            if label["u"]:
                return label["u"]
            nxt = _URL_LINE.match(lines[i + 1]) if i + 1 < len(lines) else None
            if nxt:
                return nxt["u"]
    for lines in (tail, head):
        for raw in lines:
            m = _URL_LINE.match(raw)
            if m:
                return m["u"]
    return None


def outlet_for(
    url: str | None, head: list[str], byline: str | None, registry: OutletRegistry
) -> str | None:
    """Outlet by URL domain (registry, else the bare domain), else a masthead line naming a
    registry outlet at the very top, else an outlet named in a byline ("By Jane Doe, BBC"), or
    the byline itself ("By CNN")."""
    if url:
        known = registry.by_url(url)
        if known is not None:
            return known.name
        dom = domain_of(url)
        if dom:
            return dom
    for raw in head[:2]:
        masthead = registry.by_name(plain(raw).lstrip("# "))
        if masthead is not None:
            return masthead.name
    if byline:
        # "By CNN": a byline that is an outlet's name, however short (``outlet_in`` passes
        # over names of three letters or fewer inside a longer byline)
        named = registry.by_name(byline) or registry.outlet_in(byline)
        if named is not None and not registry.wire_pattern.fullmatch(named.name):
            return named.name
    return None


def text_metadata(
    text: str,
    registry: OutletRegistry,
    *,
    with_title: bool = True,
    with_outlet: bool = True,
    with_url: bool = True,
    with_published: bool = True,
) -> TextMeta:
    """All metadata the text reveals; a field its container already gives is not looked for
    (left None): ``with_title`` off for texts whose title comes from elsewhere (an HTML
    ``<title>``, a feed item), ``with_outlet``, ``with_url`` and ``with_published`` off for
    a record that states them. A JSONL record's date had each copy's head lines parsed as
    dates again (dateparser, ~60 us an article of the 5 GB ingest, issue #17)."""
    head, tail = _head_tail(text)
    meta = TextMeta()
    if with_title:
        found = find_title(text, lambda line: registry.by_name(line) is not None)
        if found:
            meta.title, meta.title_span = found
    by = find_byline(head, registry) or find_byline(tail, registry)
    if by:
        meta.byline, meta.wire = by
    meta.wire = meta.wire or find_wire(head, tail, registry)
    if with_url or with_outlet:  # the outlet is told by the URL first
        meta.url = find_url(head, tail)
    if with_outlet:
        meta.outlet = outlet_for(meta.url, head, meta.byline, registry)
    if with_published:
        meta.published = find_published(head)
    return meta
