"""Do two stated counts count the same thing? The referent rules behind number conflicts.

A conflict a fact-checker can trust needs the same quantity of the same referent. The counted
noun alone is not enough ("67 Republicans" and "218 Democrats" are both lawmakers voting), so
the rules here compare what a count is *of*: its time unit ("three days a week for six
months"), the proper words that qualify it (a party, a nationality, a chamber: "House
Republicans" are not all Republicans), the place its sentence names ("18 deaths" in Chicago
against "at least 150" across the U.S.), and whether its sentence dates it in the past ("last
month's 4 million doses" is background, not today's announcement).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

# Time units a count can measure. A count of one unit never competes with a count of another
# ("three days a week" / "six months"; "three-decade-old" / "32-year-old": an approximate
# decade count is not an exact number of years, and the two agree when read as years).
TIME_UNITS = frozenset(
    "second minute hour day night week weekend month quarter year decade century".split()
)
# Entity types that name a place: a count whose sentence is scoped to one place does not
# compete with a count scoped to another.
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
# A sentence dated relative to an earlier time tells background ("last month", "a year ago",
# "earlier this year"): its counts describe a past event, not the one the story reports.
_PAST = re.compile(
    r"\b(last\s+(?:week|month|year|night|weekend|spring|summer|fall|winter|\w+day)|"
    r"earlier|ago|previous|previously)\b",
    re.I,
)
_WORD = re.compile(r"[A-Za-z][\w’'.]*")
# Words that make a count an expectation rather than a tally ("the 700,000 jobs economists
# expected", "the consensus being that 700,000 jobs would be added"): a forecast never competes
# with the figure that came in. A cue that was beaten or missed ("Economy beats expectations
# with 850,000 jobs") marks the tally itself.
_EXPECTED = re.compile(
    r"(?<!beat )(?<!beats )(?<!exceeded )(?<!topped )(?<!missed )"
    r"\b(expect(?:s|ed|ing)?|expectations?|forecast(?:s|ed)?|projected|projections?|"
    r"predict(?:s|ed)?|consensus|anticipated)\b",
    re.I,
)
# What bounds the clause a count sits in, for reading its cues.
_CLAUSE_END = re.compile(r"[,;:—–()\n]")
# A headline count whose "counted" words are a predicate (an adverb in -ly or a participle in
# -ed: "150 fatally shot", "At Least 150 Killed") counts people it leaves unnamed.
_PREDICATE = re.compile(r"^\w+(ly|ed)\b", re.I)


class Counted(Protocol):
    """What the rules read of a stated count (``conflicts.CountValue`` has these)."""

    counted: str
    article_id: str
    unit_index: int | None
    places: frozenset[str]
    expected: bool


def time_unit(counted: str) -> str | None:
    """The time unit a counted phrase measures ("days a week" -> day, "year-old ban" -> year)."""
    for w in re.split(r"[\s\-–]+", counted.lower()):
        w = w.strip(".,;:’'")
        for cand in (w, w[:-1] if w.endswith("s") else w):
            if cand in TIME_UNITS:
                return cand
    return None


def proper_words(counted: str) -> frozenset[str]:
    """Capitalised words of a body count's phrase: the party, nation or body it counts."""
    return frozenset(w.lower().strip(".’'") for w in _WORD.findall(counted) if w[0].isupper())


def same_referent(a: Counted, b: Counted) -> bool:
    """``a`` and ``b`` may count one thing: same time unit, both tallies or both expectations,
    same proper qualifiers (headlines are title-cased, so theirs are not read), no two
    different places."""
    if time_unit(a.counted) != time_unit(b.counted) or a.expected != b.expected:
        return False
    body = a.unit_index is not None and b.unit_index is not None
    if body and proper_words(a.counted) != proper_words(b.counted):
        return False
    return not (a.places and b.places and not a.places & b.places)


def past_dated(texts: Iterable[str]) -> bool:
    """A sentence whose date expression points back in time ("last month") tells background;
    a dated sentence that also says "last week" or "earlier" tells two events, one each."""
    return any(_PAST.search(t) for t in texts)


class Named(Protocol):
    """An entity as the rules read it (``models.Entity`` has these)."""

    id: str
    name: str
    type: str
    aliases: list[str]


def place_ids(entities: Iterable[Named]) -> frozenset[str]:
    """The ids of the entities that name a place."""
    return frozenset(e.id for e in entities if e.type in PLACE_TYPES)


def named_places(text: str, entities: Iterable[Named]) -> frozenset[str]:
    """Place entities a text names by one of their names (a headline has no parse to read)."""
    found = set()
    for e in entities:
        if e.type in PLACE_TYPES:
            for alias in {e.name, *e.aliases}:
                if len(alias) > 1 and re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text):
                    found.add(e.id)
    return frozenset(found)


def clause_of(text: str, start: int, end: int) -> str:
    """The clause of ``text`` around ``text[start:end]``: up to the nearest punctuation."""
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right = _CLAUSE_END.search(text, end)
    return text[left : right.start() if right else len(text)]


def is_expected(clause: str) -> bool:
    """The clause gives a count as an expectation or forecast, not as a tally."""
    return bool(_EXPECTED.search(clause))


def headline_counted(counted: str) -> str:
    """A headline's counted words; a bare predicate ("fatally shot") counts people."""
    return f"people {counted}" if _PREDICATE.match(counted) else counted
