"""Vote tallies two outlets give differently: one vote, two counts ("The vote was 222-190" /
"The 220-to-190 party-line vote"), a ``number`` conflict a fact-checker checks first.

The extractor reads no quantity in a tally (two numbers joined by a dash count nothing:
``extract.quantities._is_tally``), so the number conflicts never saw one. A tally here is two
numbers joined by a dash or "to", the second not above the first, in a sentence about a vote.
Two sentences of one aligned claim, from two families and linked directly by the aligner (as
a date conflict needs, ``date_conflicts``), that each give one tally, and not the same one,
give a conflict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from storyline.reconcile.claims import Claim
from storyline.reconcile.ids import StoryIds
from storyline.reconcile.units import Unit

# "222-190", "220-to-190", "52 to 48": the yeas, then the nays (never more than the yeas).
_TALLY = re.compile(
    r"(?<![\d.,$-])(\d{1,3})(?:\s*[-–—]\s*|-to-|\s+to\s+)(\d{1,3})(?![\d%-]|[.,]\d)"
)
# A sentence about a vote: what makes two numbers so joined a tally, not a range or a score
# ("margin" is a poll's as often as a vote's).
_VOTE = re.compile(r"\b(?:vote[sd]?|voting|tally)\b", re.I)

Tally = tuple[int, int, int, int]  # yeas, nays, start, end (article offsets)


def tallies(u: Unit) -> list[Tally]:
    """The vote tallies a unit's sentence gives, with where each is written."""
    if not _VOTE.search(u.text):
        return []
    out = []
    for m in _TALLY.finditer(u.text):
        yeas, nays = int(m.group(1)), int(m.group(2))
        if nays <= yeas:
            out.append((yeas, nays, u.start + m.start(), u.start + m.end()))
    return out


def tally_conflicts(
    claims: Sequence[Claim], texts: dict[str, str], ids: StoryIds, linked: np.ndarray
) -> list[dict[str, Any]]:
    """``number`` conflicts of vote tallies: see the module docstring."""
    out = []
    for claim in claims:
        given = [(u, t[0]) for u in claim.units if len(t := tallies(u)) == 1]
        for i, (a, ta) in enumerate(given):
            rival = next(
                (
                    (b, tb)
                    for b, tb in given[i + 1 :]
                    if tb[:2] != ta[:2]
                    and claim.family_of[b.article_id] != claim.family_of[a.article_id]
                    and linked[a.index, b.index]
                ),
                None,
            )
            if rival is not None:
                values = [_value(u, t, texts) for u, t in ((a, ta), rival)]
                cid = ids.conflict("number", values)
                out.append({"id": cid, "kind": "number", "subject": "vote", "values": values})
                break
    return out


def _value(u: Unit, t: Tally, texts: dict[str, str]) -> dict[str, Any]:
    text = texts[u.article_id][t[2] : t[3]]
    return {
        "value": text,
        "normalized": None,
        "attributed_to": None,
        "article_ids": [u.article_id],
        "sources": [{"article_id": u.article_id, "start": t[2], "end": t[3], "text": text}],
    }
