"""Quoted and reported words: direct quotes, partial quotes and reported speech.

Quotation marks are found on the text, not by the parser, because a quote crosses sentence
breaks freely and the small model tokenises curly marks inconsistently. A quote is *direct*
when it stands as speech of its own (it opens a paragraph or sentence, or follows a colon or
a comma); *partial* when a few quoted words sit inside the writer's own sentence ("rejected
the claim as “absolutely groundless”"). Reported speech comes from the parse
(``reported.py``); ``merge`` reconciles the two.

Speakers are resolved in ``speakers.py``; this module only finds the words and the cue.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from storyline.extract.quote_kind import CLOSE_MARKS, is_title, quote_kind
from storyline.models import Article, Quote

__all__ = [
    "CLAUSE_CUE_LEMMAS",
    "CUE_LEMMAS",
    "QuoteFind",
    "SpanIndex",
    "find_marked",
    "is_title",
    "mark_pairs",
    "merge",
    "paragraphs",
    "transcript_turns",
]

# Reporting verbs (lemmas): speech, writing, and the stance verbs news attributes claims with.
CUE_LEMMAS = frozenset(
    """say tell add write call dismiss insist claim accuse reveal stress warn deny urge note
    suggest assert believe argue explain report state announce acknowledge admit confirm
    declare allege contend maintain promise vow indicate think reply respond predict estimate
    complain recall describe post tweet testify agree disagree conclude concede emphasize
    emphasise caution reiterate charge ask question mention observe remark comment
    brand label reject slam criticise criticize praise rule confess continue
    yell shout scream exclaim joke quip answer demand boast chant whisper mutter retort
    plead""".split()
)
# Cues that take a clausal complement and so introduce reported speech on their own. Verbs
# such as "call" or "reject" need an object instead and only ever carry quoted words.
CLAUSE_CUE_LEMMAS = CUE_LEMMAS - frozenset(
    "call dismiss brand label reject slam criticise criticize praise describe ask continue".split()
)

_OPEN = {"“": "”", "«": "»", '"': '"', "„": "“"}
# English double marks close each other too (``_closes``): outlets (and their copy systems)
# mix straight and curly marks within one quotation ("Oz has a huge bully pulpit ...,” said
# ...), and a quotation left unclosed for that reason would be lost whole.
_CLOSERS = {"”": '”"', '"': '”"'}
# Single marks, curly or straight: an apostrophe has a letter before it ("Zelensky's") and
# so never opens; the words inside must not start or end with a space.
_SINGLE = re.compile(r"(?<![\w’'])[‘']([^\s‘’'](?:[^‘’'\n]*?[^\s‘’'])?)[’'](?!\w)")
_TRIM = " \t,;"
# A transcript turn: a speaker's label, in capitals or as one to four capitalised words (a
# title and a name: "SEN. KAINE", "Mike Pence"), then a colon, at the start of a paragraph.
_TURN = re.compile(
    r"[ \t]*[\"“]?[ \t]*(?P<name>(?:[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+){0,3})"
    r"|(?:[A-Z][a-z.'’-]+(?:[ \t]+[A-Z][a-z.'’-]+){0,3})):[ \t]+(?=\S)"
)
MIN_TURNS = 2
# An HTML/XML tag some sources leave in their text (embedded tweets).
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>\n]*)?>")


@dataclass
class QuoteFind:
    """A quote candidate before speaker resolution."""

    quote: Quote
    paragraph: int
    open_end: bool = False  # quote left open at the paragraph's end (continues below)
    cue_token: int | None = None  # doc index of the reporting verb, when the finder knows it
    stance: bool = False  # a belief, intention or verdict rather than speech (``reported``)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Line spans: news paragraphs are lines once the extractor has done its work."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRIM + "\n":
        s += 1
    while e > s and text[e - 1] in _TRIM + "\n":
        e -= 1
    return s, e


def _quote(article: Article, s: int, e: int, kind: str) -> Quote:
    return Quote(article.id, s, e, article.text[s:e], kind)


class SpanIndex:
    """Spans ``(start, end)`` looked up by position: sorted by start, with the longest
    length known, a query reads only the spans that can reach it, not every span."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in self.spans), default=0)

    def near(self, start: int, end: int) -> list[tuple[int, int]]:
        """Every span that can overlap ``[start, end)`` (and a few that do not)."""
        lo = bisect_left(self.starts, start - self.longest)
        return self.spans[lo : bisect_left(self.starts, end)]

    def contains(self, pos: int) -> bool:
        """Whether a span has ``start <= pos < end``."""
        return any(s <= pos < e for s, e in self.near(pos, pos + 1))

    def overlap(self, start: int, end: int) -> int:
        """Characters of ``[start, end)`` under each span, summed over the spans."""
        return sum(max(0, min(end, e) - max(start, s)) for s, e in self.near(start, end))


def _scan_line(line: str) -> str:
    """The line as the quote scanner reads it, same length: markup tags left in the text
    (``<tweet author="...">``) blanked out, since their attribute values are in quotation
    marks but are nobody's words; and a doubled apostrophe, which some outlets (the New York
    Times archive) print for a double quotation mark, read as ``"`` plus a space."""
    return _TAG.sub(lambda m: " " * len(m.group()), line).replace("''", '" ')


def transcript_turns(prose: str) -> dict[int, tuple[int, int, int, int]]:
    """The turns of a transcript: paragraph index -> (label start, label end, words start,
    words end) for each paragraph that opens with a speaker's label and a colon ("WALLACE:
    Let's start ...", "Pence: Well, look ..."), an opening quotation mark allowed before it.
    Only a dialogue counts: at least ``MIN_TURNS`` such paragraphs in the article, so that
    one "Update:" or "Watch:" line is never read as somebody's words."""
    turns: dict[int, tuple[int, int, int, int]] = {}
    for p, (ls, le) in enumerate(paragraphs(prose)):
        m = _TURN.match(prose, ls, le)
        if m is None:
            continue
        s, e = _strip(prose, m.end(), le)
        while e > s and prose[e - 1] in CLOSE_MARKS:
            e -= 1
        if e > s:
            turns[p] = (m.start("name"), m.end("name"), s, e)
    return turns if len(turns) >= MIN_TURNS else {}


def _turn_find(article: Article, p: int, turn: tuple[int, int, int, int]) -> QuoteFind:
    """A transcript turn as a direct quote, its label as the speaker as written."""
    ns, ne, s, e = turn
    q = _quote(article, s, e, "direct")
    q.speaker, q.speaker_start, q.speaker_end = article.text[ns:ne], ns, ne
    q.speaker_name = q.speaker
    return QuoteFind(q, p)


def _closing_only(line: str, i: int) -> bool:
    """Whether the straight mark at ``i`` can only close a quotation: it follows a word or
    its punctuation and no word follows it (``systems" including``). One that the scanner
    meets with nothing open is a stray closing mark the source left (its opening mark lost),
    and opening a quotation there would pair every later mark of the line the wrong way."""
    before = line[i - 1] if i > 0 else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    return (before.isalnum() or before in ".,!?;:") and not after.isalnum()


def _closes(line: str, i: int, closer: str) -> bool:
    """Whether the mark at ``i`` closes a quotation ``closer`` would close: that mark, or the
    other English double mark when the line has no ``closer`` later on (a straight quotation
    holding curly ones, "... as “too loud” or “too shrill.”", closes on its own kind)."""
    ch = line[i]
    return ch == closer or (ch in _CLOSERS.get(closer, "") and closer not in line[i + 1 :])


def mark_pairs(line: str) -> tuple[list[tuple[int, int]], int | None]:
    """The quotation marks of a line paired up, (opening, closing) positions, and the
    opening mark left open at the line's end (a quotation that goes on below), if any."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    closer = ""
    for i, ch in enumerate(line):
        if open_at is None and ch in _OPEN:
            if ch == '"' and _closing_only(line, i):
                continue
            open_at, closer = i, _OPEN[ch]
        elif open_at is not None and _closes(line, i, closer):
            pairs.append((open_at, i))
            open_at = None
    return pairs, open_at


def find_marked(article: Article, prose: str) -> list[QuoteFind]:
    """Every span of prose between quotation marks, paragraph by paragraph, and the turns of
    a transcript (``transcript_turns``)."""
    found: list[QuoteFind] = []
    turns = transcript_turns(prose)
    for p, (ls, le) in enumerate(paragraphs(prose)):
        line = _scan_line(prose[ls:le])
        if p in turns:
            found.append(_turn_find(article, p, turns[p]))
            # the turn's own opening mark (one per paragraph of a long quotation) opens nothing
            skip = turns[p][2] - ls
            line = " " * skip + line[skip:]
        pairs, open_at = mark_pairs(line)
        for o, c in pairs:
            s, e = _strip(line, o + 1, c)
            s, e = s + ls, e + ls
            if e > s:
                kind = quote_kind(prose, ls, ls + o, s, e)
                found.append(QuoteFind(_quote(article, s, e, kind), p))
        if open_at is not None and not line[:open_at].strip():
            # Journalistic multi-paragraph quote: no closing mark until a later paragraph.
            s, e = _strip(line, open_at + 1, le - ls)
            s, e = s + ls, e + ls
            if e > s:
                found.append(QuoteFind(_quote(article, s, e, "direct"), p, open_end=True))
        for m in _SINGLE.finditer(line):
            s, e = _strip(prose, ls + m.start(1), ls + m.end(1))
            if e > s and not any(f.quote.start <= s < f.quote.end for f in found):
                kind = quote_kind(prose, ls, ls + m.start(), s, e)
                found.append(QuoteFind(_quote(article, s, e, kind), p))
    found.sort(key=lambda f: f.quote.start)
    return _join_paragraphs(article, prose, found)


def _join_paragraphs(article: Article, prose: str, found: list[QuoteFind]) -> list[QuoteFind]:
    """A quote left open at a paragraph's end goes on in the next paragraph's opening quote:
    the convention for one quotation over several paragraphs, so it is one quote."""
    out: list[QuoteFind] = []
    for f in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.open_end
            and f.paragraph == prev.paragraph + 1
            and not prose[prose.rfind("\n", 0, f.quote.start) + 1 : f.quote.start].strip(" \t\"“«'")
        ):
            q = _quote(article, prev.quote.start, f.quote.end, "direct")
            out[-1] = QuoteFind(q, f.paragraph, f.open_end)
        else:
            out.append(f)
    return out


def merge(marked: list[QuoteFind], reported: list[QuoteFind]) -> list[QuoteFind]:
    """Drop reported speech that is quoted speech already, or is inside quotation marks."""
    out = list(marked)
    quoted = SpanIndex((m.quote.start, m.quote.end) for m in marked)
    # The reported speech kept so far that can hold another (by start, for the nested test).
    outer_starts: list[int] = []
    outer: list[tuple[int, int | None]] = []  # (end, cue_start), in the order of outer_starts
    longest = 0

    def keep_outer(f: QuoteFind) -> None:
        nonlocal longest
        q = f.quote
        if q.kind == "reported" and not f.stance and f.cue_token is not None:
            k = bisect_right(outer_starts, q.start)
            outer_starts.insert(k, q.start)
            outer.insert(k, (q.end, q.cue_start))
            longest = max(longest, q.end - q.start)

    for f in marked:
        keep_outer(f)
    cues = SpanIndex(
        (r.quote.cue_start, r.quote.cue_start + 1)
        for r in reported
        if r.quote.cue_start is not None and not r.stance and r.quote.cue != "according to"
    )
    for r in reported:
        rq = r.quote
        if rq.cue == "according to" and cues.overlap(rq.start, rq.end):
            # "the names of citizens that Kyiv said had been recruited, according to its
            # intelligence": the clause names its own source; "according to" only frames it
            continue
        inside = bool(rq.cue_start) and quoted.contains(rq.cue_start or 0)
        # one quotation covering half of it: that quotation again; quoted fragments held
        # together by the writer's words ("that “...” recovered ... suggested “...”") are not
        near = quoted.near(rq.start, rq.end)
        covered = max((min(rq.end, e) - max(rq.start, s) for s, e in near), default=0)
        if inside or covered >= 0.5 * (rq.end - rq.start):
            continue
        lo = bisect_left(outer_starts, rq.end - longest)
        hi = bisect_right(outer_starts, rq.start)
        if any(
            rq.end <= end and cue != rq.cue_start for end, cue in outer[lo:hi]
        ):  # an outer clause starting at or before this one and ending at or after it
            # Nested reporting ("he said she believed ...") stays with the outer clause; a
            # stance keeps what it contains ("shared a video, which he said showed ...").
            continue
        out.append(r)
        keep_outer(r)
    out.sort(key=lambda f: (f.quote.start, f.quote.end))
    return out
