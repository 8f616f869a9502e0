"""Claims and what follows from them: corroboration, contested units (the
timeline and summary that read them: ``storyline.reconcile.lines``; unique details:
``storyline.reconcile.unique``).

A claim is a group of aligned units. Corroboration counts *families*, not articles: two outlets
running one AFP text are one source. Everything here is extractive: a claim's text is the
wording of one of its sources (the most central one), never written by storyline.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.models import DateRef
from storyline.reconcile.ids import StoryIds
from storyline.reconcile.said_dates import said_dates
from storyline.reconcile.units import Unit

# Hedges an outlet puts on a claim: words that mark it as unconfirmed.
HEDGES = (
    "alleged",
    "allegedly",
    "purportedly",
    "purporting",
    "reportedly",
    "unverified",
    "claimed",
    "claims",
    "apparently",
    "appeared",
    "believed",
    "suggested",
    "likely",
)
_HEDGE = re.compile(r"\b(" + "|".join(HEDGES) + r")\b", re.I)
_DAY = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?$")
# A word character: text around an aside that makes a unit more than the aside.
_WORD = re.compile(r"\w")


@dataclass
class Claim:
    """One aligned claim: its units, the families behind it and its resolved date."""

    id: str
    units: list[Unit]
    rep: Unit
    family_of: dict[str, str]
    date: str | None = None
    families: set[str] = field(default_factory=set)
    # Counterclaims (``briefing.Counterclaim`` objects): sentences that deny or dispute it.
    denied_by: list[dict[str, Any]] = field(default_factory=list)
    disputed_by: list[dict[str, Any]] = field(default_factory=list)
    # A detail claim (``details``): the claim it adds a detail to, and the detail's words.
    detail_of: str | None = None
    detail: list[str] | None = None
    # Families whose sentences credit another family's outlet (``credits``): they state the
    # claim but are not independent of that outlet.
    credited: set[str] = field(default_factory=set)

    @property
    def independent(self) -> int:
        """How many independent sources state the claim: its families, less those that
        credit another of them; one at least when it has any (sources that all credit one
        another rest on one of them)."""
        if not self.families:
            return 0
        return max(1, len(self.families - self.credited))

    @property
    def text(self) -> str:
        return self.rep.text

    @property
    def article_ids(self) -> list[str]:
        return sorted({u.article_id for u in self.units})

    @property
    def is_denial(self) -> bool:
        """Every source reports a denial: the claim is "S denied Y", not Y."""
        return all(u.denial for u in self.units)

    @property
    def asserting_families(self) -> set[str]:
        """Families that state the claim: a denial of it is never corroboration; a denial
        claim is stated by the families that report the denial."""
        units = self.units if self.is_denial else [u for u in self.units if not u.denial]
        return {self.family_of[u.article_id] for u in units}


#: "by" right before a date: the date is a deadline or a target ("cut emissions in half by
#: 2030"), which dates no event of the claim (a fact-checker's audit: the pledge of 22 April
#: 2021 was filed under 2030).
_DEADLINE = re.compile(r"\bby\s+(?:the\s+end\s+of\s+)?$", re.I)


def _dates_claim(u: Unit, d: DateRef) -> bool:
    """The date dates the unit's claim: it is no deadline ("by 2030"), and it is in the main
    clause, or the unit holds nothing but the aside it sits in ("after Beijing rejected it
    on Monday", split off its sentence); a date in an aside ("since Mr. Biden took office in
    January") dates the aside's event (``extract.date_clauses``)."""
    if _DEADLINE.search(u.text[: max(0, d.start - u.start)]):
        return False  # "pledged to cut emissions in half by 2030": a target, not the pledge
    if d.aside_start is None or d.aside_end is None:
        return True
    before = u.text[: max(0, d.aside_start - u.start)]
    after = u.text[max(0, d.aside_end - u.start) :]
    return not _WORD.search(before) and not _WORD.search(after)


def days_of(u: Unit) -> list[str]:
    """The dates that date what ``u`` says (not an aside's event, not a range's ends, not the
    day of saying when the words said have their own: ``said_dates``, not a date inside the
    marks of a quotation: ``_in_quotation``)."""
    spans = _range_ends(u) | said_dates(u, lambda d: _dates_claim(u, d))
    return [
        d.value
        for d in u.dates
        if d.value
        and _DAY.match(d.value)
        and _dates_claim(u, d)
        and d.start not in spans
        and not _in_quotation(u, d)
    ]


#: Words of a date that count from the moment of speaking ("Today I handed in my
#: resignation", "on Monday of next week"): inside a quotation they still date the saying's
#: own news, as a writer's "on Tuesday" does.
_DEICTIC = re.compile(
    r"\b(?:today|tonight|tomorrow|yesterday|this|last|next|ago|coming|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)


def _in_quotation(u: Unit, d: DateRef) -> bool:
    """The date is a calendar date someone is quoted saying ("the events of January 6th",
    "founded in 1619 and not 1776"): it dates what they speak of, not the sentence's news,
    which is their saying it (a fact-checker's seventh trial: lines filed under 1776 and Jan.
    6). A date counted from the moment of speaking (``_DEICTIC``) is kept."""
    return not _DEICTIC.search(d.text) and any(
        q.kind != "reported" and q.start <= d.start and d.end <= q.end for q in u.quotes
    )


#: A span of time written as two dates: "from 1979 through 2009", "between 2010 and 2020".
_RANGE_OPEN = re.compile(r"\b(?:from|between)\s+$", re.I)
# "postponed the vote from Tuesday to Thursday": a change of date, not a span.
_MOVED = re.compile(r"\b(?:mov|postpon|delay|push|shift|resched|chang|advanc)\w*\b[^.;]*$", re.I)
_RANGE_JOIN = re.compile(r"^\s*(?:to|through|thru|until|till|and|-|–|—)\s*$", re.I)


def _range_ends(u: Unit) -> set[int]:
    """Starts of the dates that open or close a span the unit gives: a senator "from 1979
    through 2009" served over the years between, and the timeline filed the line under 2009
    (a new user's AllSides run); neither end dates the claim, but a span of a few days is
    dated by its first (``SHORT_SPAN_DAYS``)."""
    out: set[int] = set()
    dates = sorted(u.dates, key=lambda d: d.start)
    for a, b in zip(dates, dates[1:], strict=False):
        before = u.text[: max(0, a.start - u.start)]
        between = u.text[max(0, a.end - u.start) : max(0, b.start - u.start)]
        if _RANGE_OPEN.search(before) and _RANGE_JOIN.match(between) and not _MOVED.search(before):
            out |= {b.start} if _few_days(a.value, b.value) else {a.start, b.start}
    return out


#: A span of at most this many days ("shot from Friday through Sunday") is dated by its
#: first day, as a timeline places an event of a weekend; a longer one by neither end.
SHORT_SPAN_DAYS = 7


def _few_days(first: str | None, last: str | None) -> bool:
    if not first or not last or len(first) != 10 or len(last) != 10:
        return False
    try:
        gap = datetime.date.fromisoformat(last) - datetime.date.fromisoformat(first)
    except ValueError:
        return False
    return 0 <= gap.days <= SHORT_SPAN_DAYS


def claim_date(units: Sequence[Unit], rep: Unit | None = None) -> str | None:
    """The day the claim's shown wording gives, else the day most of its sources give, each
    read only from dates that date the claim, not an aside's event
    (``extract.date_clauses``): a line is never filed under a day that another source's
    aside gives ("since Mr. Biden took office in January").

    The representative's own date comes first so that the timeline line and its date agree
    ("revealed on Tuesday" is never filed under Wednesday because a looser source of the same
    claim was dated by when it was said). Finer dates win over coarser ones.
    """
    if rep is not None and (own := days_of(rep)):
        return max(own, key=lambda v: (len(v), v))
    votes = Counter(v for u in units for v in days_of(u))
    if not votes:
        return None
    return max(votes, key=lambda v: (votes[v], len(v), v))


def make_claims(
    units: Sequence[Unit],
    groups: Sequence[Sequence[int]],
    reps: Sequence[int],
    family_of: dict[str, str],
    ids: StoryIds,
) -> list[Claim]:
    """Claims from aligned groups, ordered by first appearance in the story; a claim's id
    comes from the spans of its units (``StoryIds.claim``)."""
    order = sorted(range(len(groups)), key=lambda k: min(groups[k]))
    claims = []
    for k in order:
        us = [units[i] for i in groups[k]]
        cid = ids.claim((u.article_id, u.start, u.end) for u in us)
        c = Claim(cid, us, units[reps[k]], family_of, claim_date(us, units[reps[k]]))
        c.families = c.asserting_families
        claims.append(c)
    return claims


def hedges(text: str) -> list[str]:
    """Hedging words in a span, lower-cased, in order of first use."""
    return list(dict.fromkeys(m.group(1).lower() for m in _HEDGE.finditer(text)))


def _source_json(u: Unit) -> dict[str, Any]:
    out: dict[str, Any] = {
        "article_id": u.article_id,
        "text": u.text,
        "start": u.start,
        "end": u.end,
        "hedges": hedges(u.text),
    }
    if u.denial and u.stance is not None:
        out |= {"stance": u.stance.stance, "cue": u.stance.cue, "speaker": u.stance.speaker}
    return out


def claim_json(c: Claim) -> dict[str, Any]:
    """The contract's claim object: the sentences that state it (with their hedges and, for
    a denial, its cue) and, apart, those that deny or dispute it."""
    return {
        "id": c.id,
        "text": c.text,
        "date": c.date,
        "sources": [_source_json(u) for u in c.units],
        "independent_sources": c.independent,
        "denied_by": c.denied_by,
        "disputed_by": c.disputed_by,
        "detail_of": c.detail_of,
        "detail": c.detail,
    }


def interval(normalized: Any) -> tuple[Any, Any]:
    """A conflict value's ``normalized`` (a number, or a ``[low, high]`` list) as an interval."""
    return tuple(normalized) if isinstance(normalized, list) else (normalized, normalized)


#: A rendering of a quotation in conflict makes its sentence contested when it is at least
#: this share of the sentence: the sentence *is* the disputed wording ('"The Chinese
#: government has always asked ...," he said.'). A short quoted phrase inside a report of the
#: event ("... was assassinated in what the prime minister called an 'inhuman and barbaric
#: act'") leaves the event agreed; the conflicts list the phrase's wordings.
QUOTED_SHARE = 0.5


def _written_values(conflicts: Sequence[dict[str, Any]]) -> re.Pattern[str]:
    """The values of the number conflicts as a sentence may write them, as words: the value as
    a source wrote it ("seven", "Nine") and a whole number's digits ("7"). A sentence of
    another claim that gives one is in dispute too, whatever claim the aligner put it in: the
    bundled sample's summary said "... seven were unaccounted for" (a sentence whose count the
    extractor does not read) beside the conflict of seven and nine missing passengers."""
    words = set()
    for c in conflicts:
        if c["kind"] != "number":
            continue
        for v in c["values"]:
            if v.get("value"):
                words.add(re.escape(v["value"].lower()))
            n = v.get("normalized")
            if isinstance(n, int | float) and float(n).is_integer():
                words.add(str(int(n)))
    if not words:
        return re.compile(r"(?!)")  # matches nothing
    return re.compile(r"(?<![\w.,])(?:" + "|".join(sorted(words)) + r")(?![\w]|[.,]\d)", re.I)


def contested_units(claims: Sequence[Claim], conflicts: Sequence[dict[str, Any]]) -> set[int]:
    """Units (by index) that hold a value of a number or date conflict, or are mostly a
    rendering of a quotation whose wording or speaker is in conflict (``QUOTED_SHARE``):
    what they state is in dispute, so no summary or timeline line may show it as what the
    sources agree on (a fact-checker's audit: the seeds' summary opened with the AFP wording
    of Lin Jian's words, listed among the conflicts as reworded). A sentence of a claim in
    conflict that gives one of the competing counts is contested too, though the conflict
    cites another outlet's copy of it."""
    values = {
        (s["article_id"], s["start"], s["end"], c["kind"] in ("quote", "attribution"))
        for c in conflicts
        if c["kind"] in ("number", "date", "quote", "attribution")
        for v in c["values"]
        for s in v["sources"]
    }
    counts = {
        interval(v["normalized"]) for c in conflicts if c["kind"] == "number" for v in c["values"]
    }

    disputed = _written_values(conflicts)

    def holds(u: Unit) -> bool:
        """A value inside the unit, or a disputed wording that is most of it (a quotation of
        two sentences is cut into two units, neither of which holds it whole)."""
        for a, s, e, quoted in values:
            if a != u.article_id:
                continue
            if not quoted and u.start <= s and e <= u.end:
                return True
            shared = min(e, u.end) - max(s, u.start)
            if quoted and shared >= QUOTED_SHARE * (u.end - u.start):
                return True
        return False

    out: set[int] = {u.index for c in claims for u in c.units if disputed.search(u.text)}
    for c in claims:
        held = {u.index for u in c.units if holds(u)}
        if held:
            out |= held
            out |= {
                u.index for u in c.units if any((q.low, q.high) in counts for q in u.quantities)
            }
    return out
