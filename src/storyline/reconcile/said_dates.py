"""The day a thing was said, set aside when what was said has a day of its own.

"Inflation in April accelerated at its fastest pace in more than 12 years ..., the Labor
Department said Wednesday": the line is April's inflation, and the timeline filed it under
the Wednesday the figures came out (a fact-checker's trial of the AllSides dev briefing),
because a day is finer than a month. A date on the verb of saying ("said Wednesday",
"announced on Thursday") dates the saying; when the words reported carry a date of their
own, in the past tense and over before the day of saying, that date is the claim's. With
none ("said on Tuesday that two soldiers were captured"), the saying's day is all the line
has, and stays.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from storyline.models import DateRef
from storyline.reconcile.units import Unit

#: What may stand between a verb of saying and the date on it: "said Wednesday", "said on
#: Wednesday", "said late Tuesday"; or between the date and the verb: "on Monday announced".
_BETWEEN = re.compile(r"\s*(?:(?:on|late|early|this|last)\s+)*", re.I)
#: A date written before the verb is the saying's when "on" brings it in ("The Labor
#: Department on Monday announced"); "released in January said" dates the release.
_ON = re.compile(r"\bon\s+$", re.I)
#: A date this text can be compared by: a year, a month or a day.
_CALENDAR = re.compile(r"\d{4}(?:-\d{2}){0,2}$")


def _on_cue(u: Unit, d: DateRef) -> bool:
    """``d`` is written on a verb of saying of ``u``'s quotes, outside the words reported."""
    for q in u.quotes:
        if q.cue_start is None or q.cue_end is None or q.start <= d.start < q.end:
            continue
        if q.cue_end <= d.start and _BETWEEN.fullmatch(
            u.text[q.cue_end - u.start : d.start - u.start]
        ):
            return True
        if (
            d.end <= q.cue_start
            and _ON.search(u.text[: d.start - u.start])
            and _BETWEEN.fullmatch(u.text[d.end - u.start : q.cue_start - u.start])
        ):
            return True
    return False


def said_dates(u: Unit, dating: Callable[[DateRef], bool]) -> set[int]:
    """Starts of the dates of ``u`` that date only its saying: on a verb of saying, while a
    past date inside the words reported (one that ``dating`` says dates the claim) ended
    before it ("won't support ... a commission to investigate [the] attack ... in January"
    is no past event of January)."""
    said = [d for d in u.dates if d.value and _CALENDAR.match(d.value) and _on_cue(u, d)]
    if not said:
        return set()
    inside = [
        d.value
        for d in u.dates
        if d.value
        and _CALENDAR.match(d.value)
        and d.tense == "past"
        and dating(d)
        and any(q.start <= d.start < q.end for q in u.quotes)
    ]
    return {d.start for d in said if any(_before(v, str(d.value)) for v in inside)}


def _before(value: str, said: str) -> bool:
    """A period that ended before the day of saying: April before 12 May, not "this year"
    (2021, which holds the day: "expects $26 billion in sales this year")."""
    return value < said and not said.startswith(value)
