"""Date conflicts: one aligned event that two wire families place on different days."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from storyline.reconcile.claims import Claim
from storyline.reconcile.ids import StoryIds
from storyline.reconcile.referents import past_dated
from storyline.reconcile.units import Unit, content_words
from storyline.reconcile.words import opening

# Two dated sentences of one aligned claim describe one event only if they share this share of
# content words (of the shorter). The claim alignment already says they state the same thing;
# this guards against a claim that gathered two events. 0.7 demanded near-identical wording and
# missed the bundled sample's "overturned on Lake Tervan on Saturday evening" against
# "overturned in a sudden storm near Ostrel on Sunday afternoon" (overlap 0.33); at 0.3 the
# seeds still show no date conflict (their gold has none), at 0.5 the sample's is missed.
DATE_EVENT_OVERLAP = 0.3
# Outlets that place one event on different days differ by a day or a few: a time zone, a
# weekday read against the wrong week, a late report ("Thursday" against "early Friday"). Two
# days further apart than a week are two events the claim's sentences both mention (a survey
# "fielded April 12" against "the Jan. 6 riot" in a claim about the board that upheld Trump's
# suspension, AllSides dev), not one event misdated.
DATE_CONFLICT_MAX_DAYS = 7
# Words of the claim a date conflict is headed by (it was cut at 80 characters, mid-word).
DATE_SUBJECT_WORDS = 14
# Relative expressions resolved against publication ("a day earlier") are relative to the story's
# own events in news prose, so they are too weak to claim two outlets disagree on a day.
_WEAK_DATE = re.compile(r"\b(earlier|later|before|after|ago|previous|next|last)\b", re.I)
# A day right after a verb of saying dates the saying, not the event said ("leaders are set to
# pledge 1 billion doses during this week's summit, Prime Minister Boris Johnson said
# Thursday" against "the G7 on Friday pledged"; "lawmakers announced Wednesday that they had
# struck a deal" against "Biden announced an agreement ... Thursday"): an outlet that reports
# a statement made the day before does not misdate the event.
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|told(?:\s+\w+){0,2}|added|wrote|stated|announced|announces)"
    r"\s+(?:on\s+|late\s+|early\s+)?$",
    re.I,
)
# Characters before a date searched for that verb.
SAID_CHARS = 30
# A day after one of these words bounds a span ("suspended all crossings until Friday",
# "by Friday", "since Monday"): it is no day on which the event took place.
_BOUND_BEFORE = re.compile(r"\b(until|till|through|by|since|before|after)\s+$", re.I)
# A day in a clause that says what will happen dates a plan, not the event the claim reports
# ("the House will begin marking up key parts of the plan on Wednesday" beside "Granholm on
# Sunday slammed ..."); whatever day a plan is set for, no outlet misdated a reported event.
_PLANNED = re.compile(  # lower case: "Will Smith", and "the will of voters", are no plan
    r"\b(?:will(?! of\b)|(?:is|are|was|were) (?:set|scheduled|expected|due) to|plans? to)\b"
    r"[^.;,]*$"
)


def date_conflicts(
    claims: Sequence[Claim], texts: dict[str, str], ids: StoryIds, linked: np.ndarray
) -> list[dict[str, Any]]:
    """``date`` conflicts: one aligned event that two families place on different days.
    ``linked``: which two units (by ``Unit.index``) the aligner linked directly; two days
    conflict only in two sentences so linked, not in two that one claim gathered through
    others (a deal the senators "reached ... Wednesday" and one Biden "announced ... Thursday",
    each close to a third sentence, on the AllSides dev run)."""
    out = []
    for claim in claims:
        if len(claim.article_ids) < 2:
            continue
        for by_day in _days_by_kind(claim, texts).values():
            if _conflicting(by_day, linked):
                out.append(_conflict(claim, by_day, texts, ids))
    return out


def _days_by_kind(claim: Claim, texts: dict[str, str]) -> dict[str, dict[str, list[Any]]]:
    """The claim's dated units by the kind of day the date is (``_day_kind``), then by day."""
    kinds: dict[str, dict[str, list[tuple[Unit, Any]]]] = {}
    for u in claim.units:
        if past_dated([u.text]):  # "held the vote Friday after ... last week": two events
            continue
        for d in u.dates:
            kind = _day_kind(d, u, texts[d.article_id])
            if d.value and len(d.value) == 10 and kind is not None:
                kinds.setdefault(kind, {}).setdefault(d.value, []).append((u, d))
    return kinds


def _conflicting(by_day: dict[str, list[tuple[Unit, Any]]], linked: np.ndarray) -> bool:
    """Days of one kind that conflict: at least two, at most ``DATE_CONFLICT_MAX_DAYS``
    apart, no article giving two of them (a report's own "Thursday" and "early Friday" of one
    night), in units that describe one event and that the aligner linked directly."""
    arts = [{u.article_id for u, _ in refs} for refs in by_day.values()]
    return not (
        len(by_day) < 2
        or _days_apart(list(by_day)) > DATE_CONFLICT_MAX_DAYS
        or any(a & b for a in arts for b in arts if a is not b)
        or not _same_event(list(by_day.values()))
        or not _linked_across(list(by_day.values()), linked)
    )


def _conflict(
    claim: Claim, by_day: dict[str, list[tuple[Unit, Any]]], texts: dict[str, str], ids: StoryIds
) -> dict[str, Any]:
    """The ``date`` conflict of a claim's days of one kind."""
    values = [
        {
            "value": refs[0][1].text,
            "normalized": day,
            "attributed_to": None,
            "article_ids": sorted({u.article_id for u, _ in refs}),
            "sources": [
                {
                    "article_id": d.article_id,
                    "start": d.start,
                    "end": d.end,
                    "text": texts[d.article_id][d.start : d.end],
                }
                for _, d in refs
            ],
        }
        for day, refs in sorted(by_day.items())
    ]
    cid = ids.conflict("date", values)
    subject = opening(claim.text, DATE_SUBJECT_WORDS)
    return {"id": cid, "kind": "date", "subject": subject, "values": values}


def _day_kind(d: Any, u: Unit, text: str) -> str | None:
    """What day the date is, or None for one that places nothing (a relative day,
    ``_WEAK_DATE``; the day of a saying, ``_SAID_BEFORE``): "event", the day a plan is set for
    ("plan", ``_PLANNED``), or a span's bound by its word ("until", ``_BOUND_BEFORE``). Days
    conflict only with days of their kind: a plan's day or a bound is no day an event took
    place ("suspended all crossings until Friday" beside "resumed Monday"), but two outlets'
    "will stay closed until Friday" and "until Monday" disagree (a new user's trial)."""
    before = text[max(0, d.start - SAID_CHARS) : d.start]
    possessive = text[d.end : d.end + 2] in ("'s", "’s")  # "said Friday's attack killed ..."
    if _WEAK_DATE.search(d.text) or (_SAID_BEFORE.search(before) and not possessive):
        return None
    if bound := _BOUND_BEFORE.search(before):
        return bound.group(1).lower()
    return "plan" if _PLANNED.search(text[u.start : d.start]) else "event"


def _days_apart(days: list[str]) -> int:
    """Days between the first and the last of ISO ``days``: a claim whose dated sentences
    lie weeks apart gathered several events, and none of its days is set against another
    (setting only the far day aside let a claim of Pelosi's Tuesday plan and Thursday's
    announcement through, two events of one story, on the AllSides dev run)."""
    ordinals = [date.fromisoformat(d).toordinal() for d in days]
    return max(ordinals) - min(ordinals)


def _same_event(days: list[list[tuple[Unit, Any]]]) -> bool:
    """Dated units on different days describe one event: they share most content words."""
    bags = [[set(content_words(u.text)) for u, _ in refs] for refs in days]
    for i, a in enumerate(bags):
        for b in bags[i + 1 :]:
            for x in a:
                for y in b:
                    if x and y and len(x & y) / min(len(x), len(y)) >= DATE_EVENT_OVERLAP:
                        return True
    return False


def _linked_across(days: list[list[tuple[Unit, Any]]], linked: np.ndarray) -> bool:
    """Two units dated on different days were linked directly by the aligner."""
    for i, a in enumerate(days):
        for b in days[i + 1 :]:
            if any(linked[u.index, v.index] for u, _ in a for v, _ in b):
                return True
    return False
