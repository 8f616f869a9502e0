"""Date conflicts: one aligned event that two wire families place on different days."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from storyline.reconcile.claims import Claim
from storyline.reconcile.ids import StoryIds
from storyline.reconcile.referents import past_dated
from storyline.reconcile.units import Unit, content_words

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
# Relative expressions resolved against publication ("a day earlier") are relative to the story's
# own events in news prose, so they are too weak to claim two outlets disagree on a day.
_WEAK_DATE = re.compile(r"\b(earlier|later|before|after|ago|previous|next|last)\b", re.I)


def date_conflicts(
    claims: Sequence[Claim], texts: dict[str, str], ids: StoryIds
) -> list[dict[str, Any]]:
    """``date`` conflicts: one aligned event that two families place on different days."""
    out = []
    for claim in claims:
        if len(claim.families) < 2:
            continue
        by_day: dict[str, list[tuple[Unit, Any]]] = {}
        fams: dict[str, set[str]] = {}
        for u in claim.units:
            if past_dated([u.text]):  # "held the vote Friday after ... last week": two events
                continue
            for d in u.dates:
                if d.value and len(d.value) == 10 and not _WEAK_DATE.search(d.text):
                    by_day.setdefault(d.value, []).append((u, d))
                    fams.setdefault(d.value, set()).add(claim.family_of[u.article_id])
        if (
            len(by_day) < 2
            or _days_apart(list(by_day)) > DATE_CONFLICT_MAX_DAYS
            or any(a & b for a in fams.values() for b in fams.values() if a is not b)
            or not _same_event(list(by_day.values()))
        ):
            continue
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
        out.append({"id": cid, "kind": "date", "subject": claim.text[:80], "values": values})
    return out


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
