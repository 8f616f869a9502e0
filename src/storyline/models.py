"""Plain dataclasses passed between the stages.

Every span anywhere in storyline is ``(article_id, start, end)`` into ``Article.text``, so
anything a later stage finds can be shown exactly where it stands in the source. No stage
rewrites ``Article.text``; cleaning only marks which spans are prose.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit

Span = tuple[int, int]

#: Characters that must not reach a one-line message raw: C0 and C1 controls (newlines, ESC
#: of terminal escape sequences), Unicode line and paragraph separators, the bidirectional
#: controls that reorder what a terminal shows, and lone surrogates (the undecodable bytes of
#: a file name, as Python's ``surrogateescape`` carries them).
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    code = ord(ch)
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8: shown as that byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` safe to print as one line: every control character, line separator,
    bidirectional control and undecodable file-name byte written as its escape (``\\n``,
    ``\\x1b``, ``\\xe9``, ``\\u202e``), as ``repr`` would; everything else, backslashes
    included, unchanged, so applying it twice changes nothing more."""
    return _UNPRINTABLE.sub(_escape, text)


@dataclass
class Article:
    """One article as read by ``ingest`` and marked by ``clean``.

    ``text`` is the article as storyline read it: a plain-text or Markdown file's content
    unchanged, the extracted main text for HTML, feeds and WARC records. ``prose`` lists the
    ``(start, end)`` spans of ``text`` that are real prose (filled by ``clean``); later stages
    read only those. Unknown metadata stays ``None``: never invented.
    """

    id: str
    source_path: str
    text: str
    fmt: str  # txt | md | html | jsonl | json | feed | warc
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    byline: str | None = None
    wire: str | None = None
    published: str | None = None  # YYYY-MM-DD
    record: str | None = None  # record locator inside an archive ("line 3", "item 2", ...)
    prose: list[Span] = field(default_factory=list)
    title_span: Span | None = None  # the headline's span in ``text`` when the text holds it
    # Its language as ``clean`` identified it (``storyline.language``): a code such as "en" or
    # "fr", "und" when the identifier was unsure; None before cleaning.
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        d = dict(d)
        d["prose"] = [tuple(s) for s in d.get("prose") or []]
        if d.get("title_span") is not None:
            d["title_span"] = tuple(d["title_span"])
        return cls(**d)


@dataclass
class ReadError:
    """A file or record that could not be read; ``str()`` is the one-line message users see.

    The message is plain text on one line whatever the file holds or is called: the name,
    record and reason go through ``one_line``, so a newline in a file name or a page's content
    quoted in the reason cannot split the message or fake another one.
    """

    path: str
    reason: str
    record: str | None = None
    #: Read all the same, with something the reader should know (a JSON Lines file whose
    #: "published" values are no dates: its articles read undated): a note, not a skip.
    note: bool = False

    def __str__(self) -> str:
        where = f"{self.path} ({self.record})" if self.record else self.path
        return one_line(f"{where}: {self.reason}")


@dataclass(slots=True)
class Mention:
    """An entity mention: a character span in one article, with spaCy's label."""

    article_id: str
    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, NORP, LOC, FAC, DATE, MONEY, CARDINAL, PERCENT, QUANTITY ...
    entity_id: str | None = None  # canonical entity, filled by canonicalisation


@dataclass
class Entity:
    """A canonical identity across all articles of a run (Zelenskyy = Zelensky = Mr. Zelensky)."""

    id: str
    name: str
    type: str  # PERSON | ORG | GPE | NORP | LOC | FAC ...
    aliases: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    """Quoted or reported words with their speaker.

    ``start``/``end`` cover the quoted words only (inside the marks for a direct quote, the
    content clause for reported speech).
    """

    article_id: str
    start: int
    end: int
    text: str
    kind: str  # direct | partial | reported
    speaker: str | None = None  # speaker as written ("he", "the spokesman", "Lin Jian")
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_entity: str | None = None  # canonical entity id
    speaker_name: str | None = None  # canonical name (or institution as written)
    cue: str | None = None  # reporting verb lemma: say, tell, dismiss, claim ...
    cue_start: int | None = None
    cue_end: int | None = None
    # Who the speaker speaks for, apart from who they are ("Lin Jian, a spokesperson for the
    # Chinese Foreign Ministry"): the role noun as written, the institution as written and
    # its span, and once entities are canonical its name and id.
    speaker_role: str | None = None  # "spokesperson", "president"
    speaker_org: str | None = None  # canonical name (or institution as written)
    speaker_org_start: int | None = None
    speaker_org_end: int | None = None
    speaker_org_entity: str | None = None  # canonical entity id


@dataclass(slots=True)
class Quantity:
    """A number with the thing it counts; approximations and bounds kept as intervals."""

    article_id: str
    start: int
    end: int
    text: str
    low: float | None
    high: float | None  # low == high for a point value; None for an open bound
    qualifier: str = "exact"  # exact | more than | at least | up to | about | dozens ...
    unit: str | None = None  # currency code, "percent", or None for counts
    counted: str | None = None  # the counted noun phrase as written ("Chinese citizens")
    counted_start: int | None = None
    counted_end: int | None = None
    counted_head: str | None = None  # lemma of the counted noun ("citizen")


@dataclass(slots=True)
class DateRef:
    """A date expression resolved to ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY-Www`` / ``YYYY``."""

    article_id: str
    start: int
    end: int
    text: str
    value: str | None
    rule: str  # "absolute", "weekday before publication", ... or why it failed
    anchor: str | None = None  # the date it was resolved against
    # What the parse told about the expression, kept so that it can be resolved again against
    # another anchor without parsing the article again (``storyline.extract.dates.redate``):
    # the tense of its clause ("past", "present", "future"), and whether it is an offset to a
    # clause ("hours after Beijing rejected"), which names the day of the event just mentioned.
    tense: str = "past"
    offset_to_clause: bool = False
    # The aside the date sits in ("since Mr. Biden took office in January"), which it dates
    # instead of its sentence's main claim; None in the main clause (``extract.date_clauses``).
    aside_start: int | None = None
    aside_end: int | None = None


@dataclass
class Extraction:
    """Everything the ``extract`` stage found in one article."""

    article_id: str
    sentences: list[Span] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    # Beliefs, intentions and verdicts attributed to someone, kept apart from speech:
    # "Graham criticized the party's lack of ...", "she vowed to win" (kind "reported").
    stances: list[Quote] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """``dataclasses.asdict(self)``, built without its deep copy of every value: an
        extraction holds tens of thousands of them (2.1 s of the store's writes on 100
        articles, cProfile); its leaves are strings, numbers and None, which need none."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Extraction:
        return cls(
            article_id=d["article_id"],
            sentences=[tuple(s) for s in d.get("sentences", [])],
            mentions=[Mention(**m) for m in d.get("mentions", [])],
            quotes=[Quote(**q) for q in d.get("quotes", [])],
            quantities=[Quantity(**q) for q in d.get("quantities", [])],
            dates=[DateRef(**x) for x in d.get("dates", [])],
            stances=[Quote(**q) for q in d.get("stances", [])],
        )


def outlet_key(outlet: str | None) -> str | None:
    """An outlet's name as two articles' outlets are compared: case and spacing aside
    (``None``: unknown)."""
    return " ".join((outlet or "").casefold().split()) or None


#: Hosts that carry many outlets' pages: archives of the web (a crawl's copies of every
#: outlet's pages) and syndication sites (an aggregator republishing The Hill beside Fox
#: Business). A page there is no report of that host's: its site says nothing of its source.
SHARED_HOSTS = frozenset(
    """web.archive.org archive.org archive.ph archive.today archive.is msn.com
    news.yahoo.com yahoo.com finance.yahoo.com news.google.com apple.news flipboard.com
    newsbreak.com ground.news smartnews.com pressreader.com""".split()
)


def site_of(url: str | None) -> str | None:
    """The host an article's URL names, lower-cased, without "www." (``None``: no URL, none
    a host can be read from, or one of the ``SHARED_HOSTS``): with ``outlet_key``, what makes
    two articles one outlet's."""
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:  # a malformed URL names no host
        return None
    host = host.removeprefix("www.") if host else None
    return None if host is None or host in SHARED_HOSTS else host


@dataclass
class Family:
    """One independent source of a story: copies of one text (a wire story and its re-runs),
    with the other reports of the agency it credits or of the one outlet that ran it
    (``storyline.cluster.families``)."""

    id: str
    article_ids: list[str]
    wire: str | None = None


@dataclass
class Story:
    """Articles covering one event, with their wire families."""

    id: str
    article_ids: list[str]
    families: list[Family] = field(default_factory=list)
    headline: str | None = None
    date_span: tuple[str, str] | None = None  # (first, last) publication date, YYYY-MM-DD
    # The storyline this story belongs to: its earlier and later coverage of the same people
    # and subject, as separate stories. ``None`` only before clustering has linked stories;
    # a lone story is its own storyline (``storyline == id``).
    storyline: str | None = None

    def family_of(self, article_id: str) -> str | None:
        for fam in self.families:
            if article_id in fam.article_ids:
                return fam.id
        return None


@dataclass
class Storyline:
    """Stories about the same people and subject over time (an event and its follow-ups).

    ``story_ids`` are in date order (first publication day, then id); each story is one
    event's coverage, so a storyline is what a reader follows from week to week.
    """

    id: str
    story_ids: list[str]
    date_span: tuple[str, str] | None = None  # first day of its first story, last of its last
    headline: str | None = None  # the first story's headline


_LEAVES = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """``asdict``'s conversion of one value: dataclasses to dicts, lists and tuples (named
    ones too) and dicts item by item; leaves (``_LEAVES``) as they are, anything else deep
    copied, as ``asdict`` does."""
    if isinstance(value, _LEAVES):
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(type(value), "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return asdict(_Box(value))["value"]


@dataclass
class _Box:
    """Holds a value ``_plain`` leaves to ``asdict`` (a tuple, a dict, another object)."""

    value: Any
