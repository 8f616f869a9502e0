"""The lines a reader takes a story in by: its timeline and its summary, each line the exact
words of one of a claim's sources (``storyline.reconcile.claims``), never storyline's own.

A value in dispute (a number or date conflict, ``claims.contested_units``) is never shown as
what the sources agree on: the timeline shows another of the claim's sentences or leaves the
claim to the conflicts, and the summary leaves it out.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Sequence
from typing import Any

from storyline.models import Quantity
from storyline.reconcile.claims import Claim, days_of
from storyline.reconcile.conflicts import overlaps
from storyline.reconcile.units import Unit
from storyline.reconcile.words import opening

# The summary takes this many of the best-corroborated claims.
SUMMARY_MIN, SUMMARY_MAX = 3, 5
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def _shown(c: Claim, contested: Collection[int]) -> Unit | None:
    """The wording a summary or timeline line shows for a claim: its representative, or
    another of its sentences when that one holds a contested value; None when all do."""
    if c.rep.index not in contested:
        return c.rep
    return next((u for u in c.units if u.index not in contested), None)


def _dated(c: Claim, contested: Collection[int]) -> Unit | None:
    """The sentence a timeline line shows for a dated claim: the one ``_shown`` picks when it
    gives the claim's date itself, else another of the claim's sentences that does. A line
    never pairs one source's sentence with the day another source gives ("The board upheld
    ..." filed under the day a survey's sentence names); of those, one that reads whole
    (``whole``) first."""
    shown = _shown(c, contested)
    if shown is None or c.date in days_of(shown):
        return shown
    giving = [u for u in c.units if u.index not in contested and c.date in days_of(u)]
    return next((u for u in giving if whole(u.text)), giving[0] if giving else None)


def first_day(value: str) -> str:
    """The first day (``YYYY-MM-DD``) of a claim's date value (``_DAY``: a day, an ISO week, a
    month or a year): ``2021-W23`` is 2021-06-07, ``2021-06`` 2021-06-01, ``2021``
    2021-01-01. Compared as text, an ISO week ("2021-W23") sorted after every day of its
    year."""
    if (week := _WEEK.match(value)) is not None:
        year, num = int(week[1]), int(week[2])
        try:
            return datetime.date.fromisocalendar(year, num, 1).isoformat()
        except ValueError:  # week 53 of a year that has 52 (or week 0)
            return f"{year}-12-31"
    if len(value) == len("2021"):
        return f"{value}-01-01"
    if len(value) == len("2021-06"):
        return f"{value}-01"
    return value


def _span_rank(c: Claim) -> tuple[int, str, int]:
    """A timeline line's order among those of one first day: a day before a week, a week
    before a month, a month before a year (the longer the date, the finer); then lines of one
    date together; then the best-corroborated first."""
    date = c.date or ""
    return (-len(date), date, -len(c.families))


def timeline(claims: Sequence[Claim], contested: Collection[int] = ()) -> list[dict[str, Any]]:
    """Dated claims in date order (coarser dates sort with their first day, after the lines
    of that day, so a week's lines stay together). A claim every sentence of which holds a
    contested value is left to the conflicts."""
    dated = [(c, u) for c in claims if c.date and (u := _dated(c, contested)) is not None]
    dated.sort(key=lambda cu: (first_day(cu[0].date or ""), *_span_rank(cu[0])))
    return [{"date": c.date, "claim_ids": [c.id], "text": u.text} for c, u in dated]


#: A sentence that opens with a pronoun or a connective leans on the one before it: out of its
#: article, as a summary line, it says nothing of whom or what ("He promised ...", a
#: quotation's next sentence: "We both made that clear to the president."). Written as
#: a sentence opens (capitalised, after any quotation mark), and a word of its own ("So-called
#: ...", "IT workers", "Italy").
_LEANS = re.compile(
    r"[\"“‘'«]?(?:But|And|Yet|So|Or|However|Still|Meanwhile|Also|He|She|They|It|His|Her|"
    r"Their|Its|This|That|These|Those)\b(?!-)"
    # the first person with no quotation mark opening: a quotation's next sentence, whose
    # speaker the sentence before names ("“We have a deal,” Biden said" names its own)
    r"|(?:We|Our|I|My)\b(?!-)"
)
#: Marks of double quotation, counted together: a line that mixes “ and " still pairs them.
DOUBLE_MARKS = '"“”«»'
#: The end of a text an excerpt breaks off: an ellipsis, or a feed's "[+3470 chars]".
_BROKEN_OFF = re.compile(r"(?:\.\.\.|…|\[\+\d+ chars\])\s*$")


def broken_off(text: str) -> bool:
    """The text ends where an excerpt breaks off (``_BROKEN_OFF``)."""
    return bool(_BROKEN_OFF.search(text.strip()))


def whole(text: str) -> bool:
    """Whether a sentence reads whole as a summary line: not begun or left inside a quotation
    (its double quotation marks pair up: '... one such decision," Judge X ruled' begins inside
    the judge's words, a fact-checker's audit), not a clause cut from its sentence (it starts
    in lower case or ends at a comma: "or having no contact with ..."), not broken off by the
    excerpt. (Single marks are not counted: ’ is also the apostrophe of "leaders’ talks".)"""
    t = text.strip()
    if not t or broken_off(t) or t[0].islower() or t[-1] in ",;:":
        return False
    return sum(t.count(m) for m in DOUBLE_MARKS) % 2 == 0


def summary(claims: Sequence[Claim], contested: Collection[int] = ()) -> list[dict[str, Any]]:
    """The best-corroborated claims, in story order: an extractive consensus summary. A claim
    whose sources disagree on a value (a number or date conflict holds them apart) is no
    consensus and stays out; a denial claim reads as a line of its own ("S rejected ..."); a
    sentence that does not read whole (``whole``) is no line of it, nor one that gives a
    count that a sentence of another family of its claim gives otherwise (``_backed``)."""
    shown = {c.id: _standalone(c) for c in claims}
    clear = [c for c in claims if not any(u.index in contested for u in c.units) and whole(c.text)]
    agreed = [c for c in clear if shown[c.id] is not None]
    ranked = sorted(
        (c for c in agreed if c.independent >= 2),
        key=lambda c: (-c.independent, -len(c.units), c.rep.start),
    )
    best = ranked[:SUMMARY_MAX]
    if len(best) < SUMMARY_MIN:
        best += [c for c in agreed if c not in best][: SUMMARY_MIN - len(best)]
    if not best:  # no sentence reads alone: a story still gets lines, its first ones
        shown = {c.id: c.text for c in clear if _backed(c.rep, c)}
        best = [c for c in clear if c.id in shown][:SUMMARY_MIN]
    keep = {c.id for c in best}
    return [{"text": str(shown[c.id]), "claim_ids": [c.id]} for c in claims if c.id in keep]


def _standalone(c: Claim) -> str | None:
    """The wording a summary line shows for a claim: its representative, unless that leans on
    the sentences before it (``_LEANS``: "He promised ...", "But when ...", "That is the
    backdrop ...") or gives a count another family gives otherwise (``_backed``) and
    another of its sources reads whole on its own; None when every sentence it could show
    gives such a count."""
    for u in (c.rep, *c.units):
        if _reads_alone(u.text) and u.denial == c.is_denial and _backed(u, c):
            return u.text
    return None


def _reads_alone(text: str) -> bool:
    """A sentence a summary line can show out of its article: whole (``whole``), not leaning
    on the one before it (``_LEANS``, or a quotation credited to a bare pronoun: '“We will
    ...,” she commented.'), and ending as a sentence does, not a clause cut off before the
    rest of its sentence ("... was halted by owner TC Energy" of "..., months after ..."):
    two fact-checkers' trials read such lines as fragments."""
    t = text.rstrip()
    return (
        whole(t)
        and not _LEANS.match(t)
        and not _PRONOUN_CREDIT.search(t)
        and t.rstrip(_CLOSERS)[-1:] in _SENTENCE_ENDS
    )


#: A quotation credited to a pronoun at the sentence's end: who it is, another sentence says.
_PRONOUN_CREDIT = re.compile(r"[,.!?][\"”’']\s+(?:he|she|they|it)\s+\w+[.!?]?$", re.I)
#: How a sentence ends, before any closing marks or brackets.
_SENTENCE_ENDS = ".!?"
_CLOSERS = "\"”’')]»"


def _backed(u: Unit, c: Claim) -> bool:
    """No sentence of another family of ``c`` gives ``u``'s counts otherwise
    (``_otherwise``): a line the sources agree on does not carry one outlet's number against
    another's. A new user's trial on AllSides read "By Tuesday, 37.3% of U.S. adults were
    fully vaccinated" as the consensus of an outlet that gave 37.3% and one that gave 39%."""
    own = c.family_of[u.article_id]
    return not any(_otherwise(u, v) for v in c.units if c.family_of[v.article_id] != own)


def _otherwise(u: Unit, v: Unit) -> bool:
    """``v`` gives counts of the kind ``u`` gives (``_comparable``) and none of them meets
    one of ``u``'s: the two give one figure two ways. Where one pair meets ("4.2% from a year
    earlier" in both), the other counts are further figures of one report (a monthly 0.8%
    beside a core 3%), not rival values."""
    pairs = [(q, o) for q in u.quantities for o in v.quantities if _comparable(q, o)]
    return bool(pairs) and not any(overlaps((q.low, q.high), (o.low, o.high)) for q, o in pairs)


def _comparable(a: Quantity, b: Quantity) -> bool:
    """Two counts of one kind: the same unit (percent, a currency), and the same counted noun
    where both name one; bare counts only when both count the same noun."""
    if a.unit != b.unit:
        return False
    if a.counted_head and b.counted_head:
        return a.counted_head == b.counted_head
    return a.unit is not None


#: Words of a text's first line that head a story with no title and no summary line.
OPENING_WORDS = 14


def opening_line(text: str) -> str | None:
    """A text's first line, its first ``OPENING_WORDS`` words ("…" where words follow): the
    headline of a story of untitled articles that are not in English, whose sentences give
    no summary (a new user's Spanish text: "–" in ``storyline stories``, "Untitled story" in
    the UI)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return opening(first, OPENING_WORDS) if first else None
