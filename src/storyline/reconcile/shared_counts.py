"""A count two families give for a claim identifies it: an article that gives it reports it.

Outlets word one finding so differently ("more than five million people ... have missed their
second doses" / "roughly 5 million Americans ... skipped the second dose") that the pair
scores split it into two claims, each stated by two families, and each would be called an
omission of the third outlet although every outlet reports the finding. What the wordings
keep is the number. When a claim's sentences of two families give one count (the same value
and unit, written as a point, a bound or an approximation: "more than five million",
"roughly 5 million") and an article gives it too, the article does not leave the claim out;
so too when each family gives counts of its own and the article gives every one of them.
A claim of one family whose telling counts another family gives is no unique detail either.
Small counts ("two", "one dose") recur for unrelated things and identify nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from storyline.models import Quantity
from storyline.reconcile.units import Unit

# Counts under this are common to unrelated statements of one story ("two soldiers", "one
# dose", "three days"); a percentage or a count of ten or more rarely recurs by chance.
TELLING_MIN = 10.0
# Two renderings of one count differ by their qualifier: "nearly 8 percent" is read as
# 7.2-8, "more than 5 million" as 5 million and up, "roughly 5 million" as 4.5-5.5 million.
# Taken at the number as written (a bound's end, an approximation's middle), they lie within
# this share of each other; distinct findings of one story ("3.4%" and "8%", "5 million" and
# "8 million") do not.
SAME_COUNT_SHARE = 0.06
# Qualifiers of a written lower bound ("more than 5 million"); any other open interval is a
# vague plural the extractor read ("millions": two million and up).
OPEN_BOUNDS = ("more than", "at least")

# A four-digit numeral in this span is a year ("in 2019"), no count.
YEARS = (1800, 2100)
# A numeral as written, not glued to a word or a hyphen ("COVID-19", "I-95", "G-7"): digits
# grouped by commas, or digits with a decimal part.
_NUMERAL = re.compile(
    r"(?<![\w.,-])\d{1,3}(?:,\d{3})+(?![\d,]\d)|(?<![\w.,-])\d+(?:\.\d+)?(?![\d-])"
)


def written(low: float | None, high: float | None) -> float | None:
    """A count's number as written, from its interval alone: a bound's end, or the middle."""
    if low is None or high is None:
        return high if low is None else low
    return (low + high) / 2


def nominal(q: Quantity) -> float | None:
    """The number as written (``written``); ``nearly``/``almost``/``up to`` read as their
    upper end."""
    if q.low is not None and q.high is not None and q.qualifier in ("nearly", "almost", "up to"):
        return q.high
    return written(q.low, q.high)


def telling(q: Quantity) -> bool:
    """A count that identifies what it counts (see ``TELLING_MIN``); a vague plural
    ("millions", "dozens": open upward with no bound written) identifies nothing."""
    v = nominal(q)
    vague = q.high is None and q.qualifier not in OPEN_BOUNDS
    return v is not None and not vague and (q.unit == "percent" or abs(v) >= TELLING_MIN)


def _step(v: float) -> float:
    """The place of a written number's last significant digit: 230 -> 10, 5 million ->
    1 million, 3.4 -> 0.1."""
    text = f"{abs(v):.6f}".rstrip("0").rstrip(".")
    if "." in text:
        return float(10 ** -len(text.split(".")[1]))
    return float(10 ** (len(text) - len(text.rstrip("0"))))


def close(va: float, vb: float) -> bool:
    """Two written numbers of one count: within ``SAME_COUNT_SHARE`` of each other and equal at
    the coarser one's last significant digit ("some 100,000" / "nearly 102,000"); "at least
    219" and "at least 230" are two tallies."""
    if abs(va - vb) > SAME_COUNT_SHARE * max(abs(va), abs(vb)):
        return False
    step = max(_step(va), _step(vb))
    return round(va / step) == round(vb / step)


def same_count(a: Quantity, b: Quantity) -> bool:
    """One count in two renderings: the same unit and nominal values within the share."""
    va, vb = nominal(a), nominal(b)
    if a.unit != b.unit or va is None or vb is None:
        return False
    return close(va, vb)


def telling_counts(units: Iterable[Unit]) -> list[Quantity]:
    """The telling counts (``telling``) of the units' sentences."""
    return [q for u in units for q in u.quantities if telling(q)]


def _distinct(counts: Iterable[Quantity]) -> list[Quantity]:
    """One rendering of each count (the first)."""
    out: list[Quantity] = []
    for q in counts:
        if not any(same_count(q, p) for p in out):
            out.append(q)
    return out


def shared_counts(units: Sequence[Unit], family_of: Mapping[str, str]) -> list[Quantity]:
    """The telling counts of a claim's sentences that a second family gives too (one
    rendering each)."""
    counts = telling_counts(units)
    fam = [family_of.get(q.article_id, q.article_id) for q in counts]
    return _distinct(
        q
        for i, q in enumerate(counts)
        if any(fam[j] != fam[i] and same_count(q, p) for j, p in enumerate(counts))
    )


def claim_counts(units: Sequence[Unit], family_of: Mapping[str, str]) -> list[Quantity]:
    """The counts that identify a claim: those two families give (``shared_counts``), else,
    when each family's sentences give a telling count of their own ("roughly 5 million" in
    one, "over 8%" in the other, both of one finding), all of them."""
    shared = shared_counts(units, family_of)
    if shared:
        return shared
    counts = telling_counts(units)
    fams = {family_of.get(u.article_id, u.article_id) for u in units}
    counted = {family_of.get(q.article_id, q.article_id) for q in counts}
    if len(fams) < 2 or counted != fams:
        return []
    return _distinct(counts)


def gives_all(counts: Sequence[Quantity], stated: Sequence[Quantity]) -> bool:
    """Are there counts, and does ``stated`` (an article's quantities) give each of them?"""
    return bool(counts) and all(any(same_count(c, s) for s in stated) for c in counts)


def gives_one(counts: Sequence[Quantity], stated: Sequence[Quantity]) -> bool:
    """Does ``stated`` (an article's quantities) give one of ``counts``?"""
    return any(same_count(c, s) for c in counts for s in stated)


def count_pairs(units: Sequence[Unit]) -> list[tuple[int, int]]:
    """Pairs of units of different articles that give one telling count (``same_count``):
    "The U.S. economy added just 266,000 jobs" / "Nonfarm payrolls increased by only 266,000"
    word one finding apart but for its number. Counts are compared within their unit, in
    order of value, each only with those close enough to be one count."""
    counts = sorted(c for i, u in enumerate(units) for c in _unit_counts(i, u))
    pairs: set[tuple[int, int]] = set()
    for k, (unit, va, i) in enumerate(counts):
        for unit_b, vb, j in counts[k + 1 :]:
            if unit_b != unit or abs(vb - va) > SAME_COUNT_SHARE * max(abs(va), abs(vb)):
                break
            if units[i].article_id != units[j].article_id and close(va, vb):
                pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def _unit_counts(i: int, u: Unit) -> list[tuple[str, float, int]]:
    """The unit's telling counts as (unit of measure, number as written, ``i``). A grouped
    numeral the extractor read no count for ("payrolls up what would be a solid 559,000 but
    ...": no counted noun after it) is a count of no unit of measure, as "266,000 jobs" is,
    when it is the unit's only one: two ("applications fell to 498,000 from 590,000") are the
    ends of a change that other outlets report apart ("fell by 92,000 to 498,000" / "the prior
    week's figure was revised up to 590,000"), and neither says which the sentence states."""
    out = [
        (q.unit or "", v, i) for q in u.quantities if telling(q) if (v := nominal(q)) is not None
    ]
    bare = grouped_numerals(u.text) - {v for q in u.quantities for v in (q.low, q.high)}
    return out + [("", v, i) for v in bare] if len(bare) == 1 else out


def grouped_numerals(text: str) -> set[float]:
    """The numerals written with a thousands separator ("559,000"): a count, since a day, an
    hour or a year is never written so."""
    return {float(m.group().replace(",", "")) for m in _NUMERAL.finditer(text) if "," in m.group()}


def numerals(text: str) -> set[tuple[float | None, float | None]]:
    """Counts of ten or more written as bare numerals in a text, each as a point interval:
    what an article states even where the extractor read no count ("added far fewer jobs
    than expected in April, just 266,000,": a number with no counted noun after it), so that
    it is not said to leave out the count it gives."""
    out: set[tuple[float | None, float | None]] = set()
    for m in _NUMERAL.finditer(text):
        v = float(m.group().replace(",", ""))
        year = "," not in m.group() and "." not in m.group() and YEARS[0] <= v <= YEARS[1]
        if v >= TELLING_MIN and not year:
            out.add((v, v))
    return out
