"""The stance of a quote rendering: does the speaker assert, deny or dispute?

The rules of the #15 gold (tests/gold/README.briefing.md): the stance follows the cue and its
polarity, not the topic. "Lin denied that Beijing had provided troops" is Lin's denial, cue
"denied"; "China says it is not sending lethal assistance" is an assertion (a negated content
under a speech verb); "hit back at", "taken out of context" dispute a claim without calling it
false.

A rendering is a denial when

- its own cue is a denial verb ("denied that ...", "dismissed as “groundless”"), unless the
  quote is the claim being denied: its speaker is named between the cue and the quote
  ("rejected Zelensky's claim that “many” ...": Zelensky's words, asserted);
- or its words are negated in a sentence that sets them "contrary to" a claim ("never
  discussed …, contrary to X's claim": the gold's example of a negation that denies);
- or its cue only names what the words are ("calling the allegations “groundless”",
  "describing it as ...") and the sentence's verb before it, with the speaker before that verb,
  is a denial ("Beijing rejected claims that ..., calling the allegations “...”").

A speech verb ("insisting", "said") keeps its own words an assertion even after a denial in the
same sentence: "dismissed the allegations, insisting the government had always urged ..."
denies the allegations, and asserts what it insists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from storyline.models import Quote
from storyline.reconcile.stance_cues import DENY_LEMMAS, DISPUTE_LEMMAS, written

Stance = Literal["assert", "deny", "dispute"]

# Cues that only name what the quoted words are ("calling it “unacceptable”"): the stance is
# that of the sentence's verb they hang from.
NAMING_LEMMAS = frozenset("call brand label describe term characterize characterise".split())
# Denial and dispute words as written (``stance_cues``), to find the sentence's verb before a
# naming cue.
_DENY_WORDS = re.compile(rf"\b(?:{written('deny')})\b", re.I)
_DISPUTE_PHRASES = re.compile(rf"\b(?:{written('dispute')})\b", re.I)
# A negation in the quoted words, and the phrase that sets them against a claim.
_NEGATION = re.compile(r"\b(?:never|not|no)\b|n['’]t\b", re.I)
_CONTRARY = re.compile(r"\bcontrary to\b", re.I)
# A sentence ends here (the sentence of a quote is read from the last one before it).
_SENTENCE_END = re.compile(r"[.!?…][\"”’']?\s+(?=[\"“‘'A-Z])|\n")


@dataclass(frozen=True)
class StanceCue:
    """A rendering's stance and the cue word as the article writes it (None: an assertion)."""

    stance: Stance = "assert"
    cue: str | None = None


ASSERT = StanceCue()


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (after the last sentence end before it)."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    return start


def _speaker_between(q: Quote, lo: int, hi: int) -> bool:
    """Whether the quote's speaker is named between offsets ``lo`` and ``hi``."""
    return q.speaker_start is not None and lo <= q.speaker_start < hi


def _own_cue(q: Quote, text: str) -> StanceCue | None:
    """The stance the quote's own cue gives, when it is a denial or a dispute."""
    if q.cue is None or q.cue_start is None or q.cue_end is None:
        return None
    lemma = q.cue.lower()
    kind: Stance | None = (
        "deny" if lemma in DENY_LEMMAS else "dispute" if lemma in DISPUTE_LEMMAS else None
    )
    if kind is None:
        return None
    if q.cue_start > q.start and q.kind != "direct":
        return None  # a partial's cue comes before it; a later one belongs to another clause
    if q.cue_end <= q.start and _speaker_between(q, q.cue_end, q.start):
        return None  # "rejected Zelensky's claim that “many”": the denied words
    return StanceCue(kind, text[q.cue_start : q.cue_end])


def _sentence_verb(q: Quote, text: str) -> StanceCue | None:
    """The denial or dispute verb of the sentence a naming cue hangs from: after the speaker,
    before the cue."""
    if q.cue is None or q.cue.lower() not in NAMING_LEMMAS or q.cue_start is None:
        return None
    lo = _sentence_start(text, q.cue_start)
    if q.speaker_start is not None and lo <= q.speaker_start < q.cue_start:
        lo = q.speaker_start
    window = text[lo : q.cue_start]
    found = [(m, "deny") for m in _DENY_WORDS.finditer(window)]
    found += [(m, "dispute") for m in _DISPUTE_PHRASES.finditer(window)]
    if not found:
        return None
    m, kind = min(found, key=lambda f: f[0].start())
    return StanceCue("deny" if kind == "deny" else "dispute", m.group())


def _contrary(q: Quote, text: str) -> StanceCue | None:
    """A negated rendering in a sentence that sets it against a claim ("never discussed …,
    contrary to X's claim"): a denial, its cue the negation as written."""
    neg = _NEGATION.search(q.text)
    if neg is None:
        return None
    lo = _sentence_start(text, q.start)
    end = _SENTENCE_END.search(text, q.end)
    sentence = text[lo : end.start() if end else len(text)]
    return StanceCue("deny", neg.group()) if _CONTRARY.search(sentence) else None


def stance_of(q: Quote, text: str) -> StanceCue:
    """The stance of quote ``q`` in its article's ``text``, with its cue word."""
    return _own_cue(q, text) or _sentence_verb(q, text) or _contrary(q, text) or ASSERT


def card_stance(stances: list[StanceCue]) -> StanceCue:
    """A card's stance: a denial (or dispute) when its renderings deny (dispute) it more often
    than they assert it, with the first such rendering's cue; otherwise an assertion."""
    for kind in ("deny", "dispute"):
        these = [s for s in stances if s.stance == kind]
        if these and len(these) * 2 >= len(stances):
            return these[0]
    return ASSERT
