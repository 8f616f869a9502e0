"""Number and headline conflicts, each listing every competing value with its sources (dates:
``date_conflicts``; whether two counts count one referent: ``referents``).

Precision matters more than coverage here: a briefing that flags "two captured" against "168
recruited" teaches its reader to ignore it. So two numbers conflict only when they count the
same thing: they sit in one aligned claim (or a headline that aligns with it) *and* their counted
noun phrases mean the same ("Chinese citizens" = "Chinese nationals"), and their intervals do not
overlap ("more than 150" is compatible with 155, "dozens" is not). Every value is listed with
who it is attributed to instead of picking a winner.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from storyline.models import Quantity
from storyline.reconcile.claims import Claim, interval
from storyline.reconcile.ids import StoryIds
from storyline.reconcile.referents import (
    clause_of,
    headline_counted,
    is_expected,
    past_dated,
    same_referent,
)
from storyline.reconcile.shared_counts import numerals
from storyline.reconcile.units import Unit, content_words

# Counted phrases this similar by embedding count the same kind of thing ("Chinese citizens" /
# "Chinese nationals" score about 0.8; "Chinese citizens" / "troops" about 0.4).
COUNTED_SIM = 0.6
# Two counts count the same thing only if they share a content word of their context: the
# word just left of the count (the verb or noun that governs it: "identified", "passport
# details of") or one of the first words after the counted phrase (its predicate: "passengers
# are *missing*", "people had been *rescued*"). "captured two" and "identified more than 150"
# stay apart, and so do "42 people had been rescued" and "carrying 52 people", which a vague
# "dozens of people had been rescued" would otherwise tie into one false conflict.
CONTEXT_WORDS = 1
# Content words after the counted phrase that make up its predicate. Three reach past an
# auxiliary and an adverb ("were still missing"); more run into the next clause.
PREDICATE_WORDS = 3
# A headline states the same claim as a body sentence when they are this similar.
HEADLINE_CLAIM_SIM = 0.5
# Vague counts as intervals: "dozens" is at least two dozen and fewer than a hundred.
VAGUE_COUNTS: dict[str, tuple[float, float]] = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
}
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
_REPORT = re.compile(
    r"\b(said|says|say|claimed|claims|told|alleged|added|wrote|asserted|"
    r"insisted|estimated|reported)\b",
    re.I,
)
# Words before a reporting verb's form that name no one: determiners, prepositions,
# conjunctions and pronouns ("contained the alleged names", "he said" with "he" unresolved).
_NOT_A_NAME = frozenset(
    "the a an this that these those its their his her our your my of to in on at by for with "
    "from and or but as he she it they we i you".split()
)
# Scale words after a headline's number ("1 billion vaccines"): part of the value.
_TITLE_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# A headline's count: no number glued to a word, a hyphen or a decimal point before it (the
# "19" of "COVID-19", the "7" of "G-7" name things, as the body's reader skips them too).
_TITLE_NUM = re.compile(
    r"(?<![\w.,-])(?:(?P<q>more than|over|at least|up to|nearly|about)\s+)?"
    r"(?P<n>\d[\d,]*|"
    + "|".join(list(VAGUE_COUNTS) + list(_NUMBER_WORDS))
    + r")\b(?:\s+(?P<s>"
    + "|".join(_TITLE_SCALES)
    + r")\b)?(?:\s+of)?\s+(?P<c>(?:[\w’'-]+\s+){0,2}?[\w’'-]+?)"
    r"(?=\s+(?:\w+ing|for|in|on|at|to|from|with|by)\b|[\s,.:;!?]*$)",
    re.I,
)
Interval = tuple[float | None, float | None]


@dataclass
class CountValue:
    """One stated count: its interval, the words, the speaker and the span carrying it."""

    text: str
    low: float | None
    high: float | None
    counted: str
    article_id: str
    start: int | None
    end: int | None
    speaker: str | None
    unit_index: int | None = None
    context: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()  # place entities its sentence (or headline) names
    expected: bool = False  # given as a forecast ("economists expected"), not a tally
    # The other numbers its sentence gives, as points (a bound, "more than 100", would match
    # any rival): a sentence that gives both values of a pair
    # ("the remains of 24 people, with 121 still missing" / "24 confirmed deaths, with 121
    # people still unaccounted for") gives two counts, not a rival value of one.
    alongside: tuple[Interval, ...] = ()


def overlaps(a: Interval, b: Interval) -> bool:
    """Closed intervals with open ends; ``(None, None)`` overlaps everything."""
    lo_a = -np.inf if a[0] is None else a[0]
    hi_a = np.inf if a[1] is None else a[1]
    lo_b = -np.inf if b[0] is None else b[0]
    hi_b = np.inf if b[1] is None else b[1]
    return bool(lo_a <= hi_b and lo_b <= hi_a)


def speaker_of(q: Quantity, unit: Unit, names: dict[str, str]) -> str | None:
    """Who states the number: the quote around it, else the subject of a reporting verb."""
    for quote in unit.quotes:
        if quote.start <= q.start and q.end <= quote.end and quote.speaker_name:
            return quote.speaker_name
    before = unit.text[: q.start - unit.start]
    best: str | None = None
    for m in _REPORT.finditer(before):
        head = before[: m.start()].rstrip().split()
        word = head[-1].strip(",.;:") if head else ""
        # a function word before it makes the verb's form a modifier ("the alleged names"),
        # and is nobody's name; a word in capitals is one ("WHO said", "US officials said")
        if word and (word.isupper() or word.lower() not in _NOT_A_NAME):
            best = word
    if best is None:
        return None
    return names.get(best.lower(), best)


def _value(q: Quantity, unit: Unit, names: dict[str, str], places: frozenset[str]) -> CountValue:
    left = content_words(unit.text[: q.start - unit.start])[-CONTEXT_WORDS:]
    after = max(q.end, q.counted_end or q.end) - unit.start
    right = content_words(_REPORT.sub(" ", unit.text[after:]))[:PREDICATE_WORDS]
    return CountValue(
        q.text,
        q.low,
        q.high,
        q.counted or "",
        q.article_id,
        q.start,
        q.end,
        speaker_of(q, unit, names),
        unit.index,
        frozenset(left + right),
        frozenset(unit.entities) & places,
        is_expected(clause_of(unit.text, q.start - unit.start, q.end - unit.start)),
        tuple((p.low, p.high) for p in unit.quantities if p is not q and p.low == p.high)
        + tuple(numerals(unit.text)),
    )


def title_counts(
    article_id: str, title: str, offset: int | None, places: frozenset[str] = frozenset()
) -> list[CountValue]:
    """Counts stated in a headline (no parse exists for titles, so a small pattern reads them)."""
    out = []
    for m in _TITLE_NUM.finditer(title):
        n = m.group("n").lower()
        if n in VAGUE_COUNTS:
            low, high = VAGUE_COUNTS[n]
        else:
            v = float(_NUMBER_WORDS[n]) if n in _NUMBER_WORDS else float(n.replace(",", ""))
            v *= _TITLE_SCALES[m.group("s").lower()] if m.group("s") else 1
            low, high = v, v
            if m.group("q") and m.group("q").lower() in ("more than", "over", "at least"):
                high = None
            elif m.group("q") and m.group("q").lower() == "up to":
                low = None
        s = m.start("q") if m.group("q") else m.start("n")
        text = title[s : m.end("s") if m.group("s") else m.end("n")]
        start = None if offset is None else offset + s
        out.append(
            CountValue(
                text,
                low,
                high,
                headline_counted(m.group("c")),
                article_id,
                start,
                None if start is None else start + len(text),
                None,
                places=places,
                expected=is_expected(clause_of(title, m.start(), m.end())),
            )
        )
    return out


def _serialise(values: Sequence[CountValue], texts: dict[str, str]) -> list[dict[str, Any]]:
    merged: dict[tuple[str, float | None, float | None, str | None], dict[str, Any]] = {}
    for v in values:
        key = (v.text.lower(), v.low, v.high, v.speaker)
        item = merged.setdefault(
            key,
            {
                "value": v.text,
                "normalized": v.low if v.low == v.high else [v.low, v.high],
                "attributed_to": v.speaker,
                "article_ids": [],
                "sources": [],
            },
        )
        if v.article_id not in item["article_ids"]:
            item["article_ids"].append(v.article_id)
        if v.start is not None and v.end is not None:
            item["sources"].append(
                {
                    "article_id": v.article_id,
                    "start": v.start,
                    "end": v.end,
                    "text": texts[v.article_id][v.start : v.end],
                }
            )
    return list(merged.values())


def _disagree(values: Sequence[dict[str, Any]]) -> bool:
    """Two of the serialised values do not overlap."""
    spans = [interval(x["normalized"]) for x in values]
    return any(not overlaps(a, b) for i, a in enumerate(spans) for b in spans[i + 1 :])


def _apart(a: CountValue, b: CountValue) -> bool:
    return not overlaps((a.low, a.high), (b.low, b.high))


def _conflicting(values: Sequence[CountValue]) -> bool:
    """Two articles state values that do not overlap, and no article contradicts itself: one
    article's own values never conflict, and an article (one speaker) giving two values that
    do not overlap shows the group holds two quantities ("three days a week for six months")."""
    for i, a in enumerate(values):
        for b in values[i + 1 :]:
            same = a.article_id == b.article_id and a.speaker == b.speaker
            if same and a.unit_index is not None and b.unit_index is not None and _apart(a, b):
                return False
    return any(
        a.article_id != b.article_id and _apart(a, b) and not _both_given(a, b)
        for i, a in enumerate(values)
        for b in values[i + 1 :]
    )


def _both_given(a: CountValue, b: CountValue) -> bool:
    """Each value's sentence gives the other value too (``CountValue.alongside``)."""
    return any(overlaps(x, (b.low, b.high)) for x in a.alongside) and any(
        overlaps(x, (a.low, a.high)) for x in b.alongside
    )


def count_groups(
    claims: Sequence[Claim],
    names: dict[str, str],
    counted_sim: Callable[[str, str], float],
    places: frozenset[str] = frozenset(),
) -> list[list[CountValue]]:
    """Counts of one thing: same aligned claim, similar counted phrases, same referent
    (``referents.same_referent``); a count in a sentence dated in the past is background."""
    groups: list[list[CountValue]] = []
    for claim in claims:
        vals = [
            _value(q, u, names, places)
            for u in claim.units
            if not past_dated(d.text for d in u.dates)
            for q in u.quantities
            if q.unit is None and q.counted and (q.low is not None or q.high is not None)
        ]
        local: list[list[CountValue]] = []
        for v in vals:
            home = [
                g
                for g in local
                if counted_sim(g[0].counted, v.counted) >= COUNTED_SIM
                and any(w.context & v.context and same_referent(w, v) for w in g)
            ]
            if home:
                home[0].append(v)
                for g in home[1:]:
                    home[0].extend(g)
                    local.remove(g)
            else:
                local.append([v])
        groups += local
    return _merge_across_claims(groups, counted_sim)


def _merge_across_claims(
    groups: list[list[CountValue]], counted_sim: Callable[[str, str], float]
) -> list[list[CountValue]]:
    """One counted thing stated in several claims becomes one group, so one conflict lists
    every value ("168" in one claim, "more than 150" in another are one count).

    Two groups join when they count similar phrases *and* some value of one is compatible with
    some value of the other (155 fits "more than 150"): a compatible value is what ties two
    claims to one quantity, while "captured two" fits none of the recruited counts and stays
    apart. Each group is checked against the merged groups so far, in story order.
    """
    merged: list[list[CountValue]] = []
    for g in groups:
        home = next(
            (
                m
                for m in merged
                if counted_sim(m[0].counted, g[0].counted) >= COUNTED_SIM
                and any(
                    overlaps((a.low, a.high), (b.low, b.high))
                    and a.context & b.context
                    and same_referent(a, b)
                    for a in m
                    for b in g
                )
            ),
            None,
        )
        if home is None:
            merged.append(list(g))
        else:
            home.extend(g)
    return merged


def number_conflicts(
    groups: list[list[CountValue]],
    titles: Sequence[CountValue],
    title_sim: Callable[[CountValue, int], float],
    counted_sim: Callable[[str, str], float],
    texts: dict[str, str],
    ids: StoryIds,
) -> list[dict[str, Any]]:
    """``number`` conflicts: one counted thing with non-overlapping values (titles included)."""
    for t in titles:
        best, best_score = None, HEADLINE_CLAIM_SIM
        for g in groups:
            if counted_sim(g[0].counted, t.counted) < COUNTED_SIM or not all(
                same_referent(t, v) for v in g
            ):
                continue
            score = max(title_sim(t, v.unit_index) for v in g if v.unit_index is not None)
            if score >= best_score:
                best, best_score = g, score
        if best is not None:
            best.append(t)
    out = []
    for g in groups:
        values = _serialise(g, texts) if len(g) >= 2 and _conflicting(g) else []
        # a headline's count that its text does not hold cites no span (the headline is given
        # apart from the text): every value listed cites one (the bundled sample listed a
        # fourth "seven" with none)
        values = [v for v in values if v["sources"]]
        if _disagree(values):  # one value written alike twice is no conflict ("31-24")
            out.append(
                {
                    "id": ids.conflict("number", values),
                    "kind": "number",
                    "subject": g[0].counted,
                    "values": values,
                }
            )
    return out


def headline_conflicts(
    titles: Sequence[CountValue],
    groups: list[list[CountValue]],
    title_sim: Callable[[CountValue, int], float],
    counted_sim: Callable[[str, str], float],
    texts: dict[str, str],
    ids: StoryIds,
) -> list[dict[str, Any]]:
    """``headline`` conflicts: a headline count no count of the same thing in its body allows."""
    out = []
    for t in titles:
        body = [
            v
            for g in groups
            for v in g
            if v.article_id == t.article_id
            and v.unit_index is not None
            and counted_sim(v.counted, t.counted) >= COUNTED_SIM
            and same_referent(t, v)
            and title_sim(t, v.unit_index) >= HEADLINE_CLAIM_SIM
        ]
        if body and not any(overlaps((t.low, t.high), (v.low, v.high)) for v in body):
            values = _serialise([t, *body], texts)
            if len(values) < 2:  # the headline's value written alike in the body
                continue
            out.append(
                {
                    "id": ids.conflict("headline", values),
                    "kind": "headline",
                    "subject": f"headline: {t.text} {t.counted}",
                    "values": values,
                }
            )
    return out
