"""Claim units: the sentences and clauses that the briefing aligns across articles.

A claim unit is the smallest span that states one thing. Most sentences do; a compound
sentence ("X happened, and Y said Z", "A said B, hours after C did D") states two, and an
article that reports only one of them must still align with it, so such sentences are split
where both sides read as clauses (each has a finite verb). Units come only from prose: the
sentence spans of ``extract`` are clipped to ``Article.prose`` so boilerplate never becomes a
claim. Every unit is an exact span of ``Article.text``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Generic, Protocol, TypeVar

from storyline.models import Article, DateRef, Entity, Extraction, Mention, Quantity, Quote, Span
from storyline.reconcile.claim_stance import Stance, find_stance, stance_speaker

# The word helpers lived here; modules still import them from here.
from storyline.reconcile.words import STOPWORDS as STOPWORDS
from storyline.reconcile.words import content_words as content_words
from storyline.reconcile.words import stem as stem

T = TypeVar("T", bound="_Located")

# A clause shorter than this many words is a fragment ("he said.", "and more"), not a claim.
MIN_CLAUSE_WORDS = 5
# A unit shorter than this many characters (a stray kicker, an initial) is never a claim.
MIN_UNIT_CHARS = 20
# A paragraph's lead-in label ("Why it matters:", "The big picture:", "Details:"): at most this
# many words before a colon that opens the paragraph, naming no one and introducing no quote.
# It frames the sentence after it and states nothing; the unit starts after it.
LABEL_MAX_WORDS = 5
_LABEL = re.compile(r"[^\s:“”\"«»][^:\n“”\"«»]{0,60}?:[\s\u00a0]+(?=\S)")

# A count of time units before "after" ("two years after", "a few weeks after").
_COUNT = r"(?:\d+|a few|several|one|two|three|four|five|six|seven|eight|nine|ten)"
# Points where a compound sentence can split into two claims: coordinators after a comma,
# semicolons, dashes, and the temporal "(hours, weeks) after" that joins two reported events.
_SPLIT = re.compile(
    r",\s+(?=(?:and|but|while|whereas|though|although)\s)"
    r"|;\s+"
    # (before a bare dash: "... worldwide — just weeks after <X> boasted ..." is cut before the
    # dash, not between "just weeks" and "after", which left the first claim ending "— just")
    # (a count goes with its time word: "filed two years after ..." is cut before "two"; a
    # longer span needs one, or "just"/"only", so "in the months after ..." is cut before
    # "after" as it was, not between "the" and "months")
    r"|(?P<after>(?:,|\s+[—–])?\s+)(?=(?:(?:(?:just|only)\s+)?(?:" + _COUNT + r"\s+)?(?:hours|days)"
    r"|(?:(?:just|only)\s+(?:" + _COUNT + r"\s+)?|" + _COUNT + r"\s+)(?:minutes|weeks|months|years)"
    r"|(?:one|a) (?:day|week|month|year))?\s*after\s+\S+\s)"
    r"|\s+[—–]\s+"
    # A participle that brings in what was said is a second claim; "calling X Y" only labels
    # the first one ("rejected claims ..., calling the allegations 'groundless'"), so it stays.
    r"|,\s+(?=(?:\w+ly\s+)?(?:insisting|saying|adding|maintaining|stressing)\s)"
    # "X revealed that A and warned that B": two reported "that" clauses are two claims even
    # without a comma (outlets often report only one half); ``split_clauses`` checks the left
    # side has its own "that" clause, so "called it X and said that Y" stays whole.
    r"|(?P<coord>\s+)(?=and\s+(?:also\s+)?(?:said|added|warned|alleged|claimed|argued|insisted"
    r"|stressed|noted|suggested|revealed|asserted|denied|accused|told\s+\w+)\s+that\s)"
)
# The dashes of ``_SPLIT``: what follows one may be an aside, not a clause (``_aside_end``).
_DASHES = ("—", "–")
_THAT = re.compile(r"\bthat\b", re.I)
# The end of a serial list of names before its last ", and": "Diversity, Equity, | and
# Inclusion", "Idaho, Oklahoma, Tennessee, | and Iowa". Two capitalised items, each after a
# comma, and a capitalised item after "and" are one name or one list, not two clauses.
_NAME_LIST = re.compile(r"[A-Z][\w’'.-]*,\s+[A-Z][\w’'.-]*$")
_NEXT_NAME = re.compile(r"(?:and|or)\s+[A-Z]")
# A sentence that opens with a participle ("Calling ...", "Describing ...") and the comma
# (after a closing quotation mark, if any) that may end that opener.
_OPENER = re.compile(r"[A-Z][a-z]+ing\b")
_OPENER_END = re.compile(r"[”\"’']?,\s+")
# A participial opener this long carries its own statement and is a unit of its own. The
# seeds' "Responding to Zelensky's claim on Wednesday," (6 words) and "Speaking to
# journalists in Kyiv on Wednesday," (7) frame their sentence; "Calling Russia's
# 'involvement of China ...' 'a clear signal that Putin intends ...'," (30) states a claim.
OPENER_MIN_WORDS = 12
# A sentence that opens with a concessive or contrastive clause ("Although the country claims
# neutrality ..., it keeps close ties with one side") states two claims: outlets
# report either half on its own ("the country presents itself as a neutral party ..." / "But
# it trades and votes with one side"), so it splits at the comma that ends the
# opening clause when both sides read as clauses.
_CONCESSIVE = re.compile(r"(?:Although|Though|Even though|Whereas|While)\s", re.I)
# A cheap finite-verb test (the parse is gone by the time reconcile runs): auxiliaries,
# reporting verbs and regular past tenses cover the clauses of news prose.
_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|could|should|can|may|might|does|did"
    r"|says?|said|told|tells|wrote|urged|warned|rejected|dismissed|claimed|added|called"
    r"|announc\w+|captured|\w{3,}ed|\w{3,}ing)\b",
    re.I,
)
_WORD = re.compile(r"\w+(?:['’]\w+)?")
_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"


@dataclass
class Unit:
    """One claim unit with the extraction evidence that falls inside it."""

    index: int  # position in the story's unit list
    article_id: str
    start: int
    end: int
    text: str
    entities: set[str] = field(default_factory=set)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # A denial or dispute the unit reports (``stance.find_stance``); ``stance.whole`` when the
    # unit *is* that denial rather than an assertion with a denying clause added.
    stance: Stance | None = None

    @property
    def denial(self) -> bool:
        """The unit is a denial or dispute of a claim, not an assertion."""
        return self.stance is not None and self.stance.whole


def _clip(text: str, span: Span, prose: Sequence[Span], ends: Sequence[int]) -> list[Span]:
    """The parts of a sentence inside prose (``prose`` in text order, ``ends`` their ends). A
    part that goes on in lower case after nothing but whitespace joins the part before: a
    sentence broken by a paragraph break ("... one of the captured individuals, who", blank
    line, "appeared in ...") is still one sentence, and its halves alone are fragments that
    align with nothing."""
    if not prose:
        return [span]
    out: list[Span] = []
    for ps, pe in prose[bisect_right(ends, span[0]) :]:  # the first paragraph ending after it
        if ps >= span[1]:
            break
        s, e = max(span[0], ps), min(span[1], pe)
        if e > s:
            if out and not text[out[-1][1] : s].strip() and text[s].islower():
                out[-1] = (out[-1][0], e)
            else:
                out.append((s, e))
    return out


def _trim(text: str, s: int, e: int) -> Span:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _inside_quote(text: str, start: int, pos: int) -> bool:
    seg = text[start:pos]
    curly = sum(seg.count(c) for c in _OPEN_QUOTES) - sum(seg.count(c) for c in _CLOSE_QUOTES)
    return curly > 0 or seg.count('"') % 2 == 1


def has_verb(text: str) -> bool:
    """Whether the text holds a finite verb by the cheap test of ``_VERB``."""
    return bool(_VERB.search(text))


def _clause_ok(text: str) -> bool:
    return len(_WORD.findall(text)) >= MIN_CLAUSE_WORDS and has_verb(text)


def _opener_comma(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The first comma that can end an opening clause (``_OPENER_END``) outside quotation
    marks, and where the rest of the sentence starts after it."""
    for m in _OPENER_END.finditer(text, start, end):
        comma = text.index(",", m.start())
        if not _inside_quote(text, start, comma):
            return comma, m.end()
    return None


def _opener_cut(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The comma that ends a long participial opener ("Calling X 'a clear signal that ...',
    Zelensky demanded ..."): the opener states a claim of its own. A short one is only the
    circumstance of the main clause ("Speaking to reporters on Wednesday, ...")."""
    if not _OPENER.match(text, start, end) or (at := _opener_comma(text, start, end)) is None:
        return None
    comma, after = at
    if len(_WORD.findall(text[start:comma])) < OPENER_MIN_WORDS:
        return None
    return (comma + 1, after) if _clause_ok(text[after:end]) else None


def _concessive_cut(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The comma that ends an opening "Although X," clause when X reads as a clause. What
    follows is the sentence's main clause by construction (its verb need not be one that
    ``_VERB`` knows: "it maintains ..."), so it only has to be long enough."""
    if not _CONCESSIVE.match(text, start, end) or (at := _opener_comma(text, start, end)) is None:
        return None
    comma, after = at
    rest = _WORD.findall(text[after:end])
    if _clause_ok(text[start:comma]) and len(rest) >= MIN_CLAUSE_WORDS:
        return comma + 1, after
    return None


def _aside_end(m: re.Match[str], later: Sequence[re.Match[str]], end: int) -> int:
    """Where the right side of a cut ends for the clause test: a dash opens an aside as often
    as a clause ("added just 266,000 jobs in April — a mere fraction of the expectations,
    and unemployment ticked up"), and an aside ends at the next point where the sentence can
    split, so the verb of the clause after that point is not the aside's."""
    if m.group().strip() not in _DASHES or m.group("after") is not None or not later:
        return end
    return later[0].start()


def _paired_dashes(text: str, found: Sequence[re.Match[str]]) -> set[int]:
    """The cut points of a sentence's two dashes when it has exactly two and a finite verb
    comes right after them: they set off an aside between a subject and its verb ("After the
    company banned him ..., its Oversight Board — the outside group the company established
    to ... — said Wednesday that ..."), so a cut at either leaves the subject without its
    verb ("..., its Oversight Board"). Anything else after them (a participle: "The vote was
    222-190 with two Republicans – <two names> – joining ..."; "and <a second clause>";
    "something ...") goes with a clause whole before the aside, which may still be cut."""
    dashes = [k for k, m in enumerate(found) if m.group().strip() in _DASHES]
    if len(dashes) != 2:
        return set()
    m = _WORD.match(text, found[dashes[1]].end())
    word = m.group() if m is not None else ""
    # a word ending "-ing" is no finite verb ("joining", but also "something", "morning")
    finite = _VERB.fullmatch(word) and not word.lower().endswith("ing")
    return set(dashes) if finite else set()


def split_clauses(text: str, start: int, end: int) -> list[Span]:
    """Split one sentence span at clause boundaries where both sides read as clauses."""
    pieces: list[Span] = []
    cur = start
    opener = _opener_cut(text, start, end) or _concessive_cut(text, start, end)
    if opener is not None:
        pieces.append((start, opener[0]))
        cur = opener[1]
    found = list(_SPLIT.finditer(text, cur, end))
    paired = _paired_dashes(text, found)
    for k, m in enumerate(found):
        cut = m.start()
        if _inside_quote(text, start, cut) or k in paired:
            continue
        left = text[cur:cut]
        right = text[m.end() : _aside_end(m, found[k + 1 :], end)]
        if m.group("coord") is not None and not _THAT.search(left):
            continue
        if _NAME_LIST.search(text, cur, cut) and _NEXT_NAME.match(text, m.end()):
            continue
        if _clause_ok(left) and _clause_ok(right):
            pieces.append((cur, cut + 1 if text[cut] in ",;" else cut))
            cur = m.end()
    pieces.append((cur, end))
    return [t for s, e in pieces if (t := _trim(text, s, e))[1] > t[0]]


def _past_label(text: str, s: int, e: int, named: Sequence[Span]) -> int:
    """Where a unit starts once a paragraph's lead-in label is left out ("Why it matters: The
    ruling could ..." -> "The ruling could ..."): a label opens its paragraph, has at most
    ``LABEL_MAX_WORDS`` words, and holds no name or reporting verb ("Walensky also said:",
    "Kevin Drum adds:" introduce someone's words and stay)."""
    m = _LABEL.match(text, s, e)
    if m is None or text[text.rfind("\n", 0, s) + 1 : s].strip():
        return s
    label_end = m.end()
    if len(text[s:label_end].split()) > LABEL_MAX_WORDS or e - label_end < MIN_UNIT_CHARS:
        return s
    i = bisect_left(named, (s, s))
    if i < len(named) and named[i][0] < label_end:
        return s
    return label_end


def article_units(article: Article, extraction: Extraction) -> list[Span]:
    """All claim-unit spans of one article, in text order."""
    text = article.text
    sentences = extraction.sentences or list(article.prose)
    prose = sorted(article.prose)
    ends = [e for _, e in prose]
    spans: list[Span] = []
    named = sorted(
        [(m.start, m.end) for m in extraction.mentions]
        + [(q.cue_start, q.cue_start) for q in extraction.quotes if q.cue_start is not None]
    )
    for sent in sorted(sentences):
        for s, e in _clip(text, sent, prose, ends):
            s, e = _trim(text, s, e)
            s = _past_label(text, s, e, named)
            for cs, ce in split_clauses(text, s, e):
                if ce - cs >= MIN_UNIT_CHARS:
                    spans.append((cs, ce))
    return spans


class _Located(Protocol):
    start: int
    end: int


class ByStart(Generic[T]):
    """An article's mentions, quantities, dates or quotes, found inside or across a unit by
    bisection on their start offsets instead of a scan of the whole list for every unit (a
    scan made a million-character article's units cost the square of its length). Lists come
    back in the extraction's order."""

    def __init__(self, items: Sequence[T]) -> None:
        self.order = sorted(range(len(items)), key=lambda i: items[i].start)
        self.items = [items[i] for i in self.order]
        self.starts = [x.start for x in self.items]
        self.longest = max((x.end - x.start for x in items), default=0)

    def _pick(self, lo: int, hi: int, keep: Callable[[T], bool]) -> list[T]:
        found = [k for k in range(lo, hi) if keep(self.items[k])]
        return [self.items[k] for k in sorted(found, key=self.order.__getitem__)]

    def inside(self, s: int, e: int) -> list[T]:
        """Items wholly inside ``[s, e)``."""
        lo, hi = bisect_left(self.starts, s), bisect_right(self.starts, e)
        return self._pick(lo, hi, lambda x: x.end <= e)

    def starting_in(self, s: int, e: int) -> list[T]:
        """Items that start inside ``[s, e)``."""
        lo, hi = bisect_left(self.starts, s), bisect_left(self.starts, e)
        return self._pick(lo, hi, lambda _: True)

    def across(self, s: int, e: int) -> list[T]:
        """Items that overlap ``[s, e)``."""
        lo, hi = bisect_left(self.starts, s - self.longest), bisect_left(self.starts, e)
        return self._pick(lo, hi, lambda x: s < x.end)


@dataclass
class _Found:
    """One article's extraction, indexed for ``_unit``."""

    mentions: ByStart[Mention]
    quantities: ByStart[Quantity]
    dates: ByStart[DateRef]
    quotes: ByStart[Quote]

    @classmethod
    def of(cls, ex: Extraction) -> _Found:
        named = [m for m in ex.mentions if m.entity_id]
        return cls(ByStart(named), ByStart(ex.quantities), ByStart(ex.dates), ByStart(ex.quotes))


def _unit(index: int, art: Article, found: _Found, s: int, e: int) -> Unit:
    u = Unit(index, art.id, s, e, art.text[s:e])
    u.entities = {m.entity_id for m in found.mentions.inside(s, e) if m.entity_id}
    u.quantities = found.quantities.inside(s, e)
    u.dates = found.dates.inside(s, e)
    u.quotes = found.quotes.across(s, e)
    return u


#: Units and quotes of one article that the story's pairwise stages (alignment, quote cards)
#: read: its first this many. A news report has a few hundred sentences at most (the
#: evaluation sets' longest, 34,000 characters, about 300); a text of hundreds of thousands of
#: sentences (a book, a page of one paragraph repeated, which ingest reads up to 20 MB and
#: parses in pieces) would make those stages' comparisons, which grow with the square of a
#: story's units and quotes, run for hours (a new user's 5 MB text: no end after eight
#: minutes). The rest of such a text is still parsed and extracted.
MAX_ARTICLE_UNITS = 2000
MAX_ARTICLE_QUOTES = 500


def article_quotes(articles: Sequence[Article], extractions: dict[str, Extraction]) -> list[Quote]:
    """The quotes of the articles, each article's first ``MAX_ARTICLE_QUOTES``."""
    return [
        q
        for a in articles
        if a.id in extractions
        for q in extractions[a.id].quotes[:MAX_ARTICLE_QUOTES]
    ]


def build_units(
    articles: Sequence[Article],
    extractions: dict[str, Extraction],
    entities: dict[str, Entity] | None = None,
) -> list[Unit]:
    """Units of every article with the mentions, quantities, dates and quotes inside them, and
    the denial each reports (its speaker named through ``entities``). A denying clause added to
    an assertion ("X is neutral and denies sending arms") is a unit of its own as well: the
    sentence asserts one claim and denies another."""
    units: list[Unit] = []
    for art in articles:
        ex = extractions.get(art.id) or Extraction(article_id=art.id)
        found = _Found.of(ex)
        for s, e in islice(article_units(art, ex), MAX_ARTICLE_UNITS):
            units.append(_unit(len(units), art, found, s, e))
            if (st := find_stance(art.text, s, e)) is None:
                continue
            who = stance_speaker(st, ex.quotes + ex.stances, ex.mentions, entities or {}, s)
            if not st.whole:
                units.append(_unit(len(units), art, found, st.start, st.end))
            units[-1].stance = replace(st, speaker=who, whole=True)
    return units
