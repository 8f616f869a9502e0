"""The words that make a statement a denial or a dispute: one list, read by both stance readers.

``stance.py`` gives a quote rendering its stance from its cue (the lemma the extractor
recorded) or from a denial verb written before a naming cue ("rejected claims ..., calling
them “…”"); ``claim_stance.py`` reads claim sentences and headlines for the same verbs as
written. Both read ``STANCE_CUES`` and ``DISPUTE_PHRASES``, so a cue added here is a denial on
a quote card and in a claim alike (the two lists they kept before had drifted apart: "debunk"
denied a quote but not a claim, "took issue" disputed a quote only).

Each cue has its lemma, its stance, the regex of its written forms, and whether it needs a
claim for object: a verb that takes any object ("rejected the offer", "questioned the
witness") is a denial or dispute only when what follows it is a claim, which
``claim_stance`` checks. A verb whose base form is also a common noun ("a contest", "a
question", "a challenge") is matched as written only in its -ed and -ing forms, or, where
its base form is a stance verb often enough ("disputes the idea"), in that form with a
claim for object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["deny", "dispute"]


@dataclass(frozen=True)
class StanceWord:
    """A verb that denies or disputes what it governs."""

    lemma: str
    stance: Kind
    forms: str  # regex of its written forms, matched at word boundaries
    needs_claim: bool = False  # takes any object: a stance only with a claim as object


STANCE_CUES = (
    # calling a claim false
    StanceWord("deny", "deny", r"den(?:y|ies|ied|ying|ial)"),
    StanceWord("refute", "deny", r"refut(?:e|es|ed|ing)"),
    StanceWord("rebut", "deny", r"rebut(?:s|ted|ting)?"),
    StanceWord("repudiate", "deny", r"repudiat(?:e|es|ed|ing)"),
    StanceWord("disavow", "deny", r"disavow(?:s|ed|ing)?"),
    StanceWord("debunk", "deny", r"debunk(?:s|ed|ing)?"),
    StanceWord("dispel", "deny", r"dispel(?:s|led|ling)?"),
    StanceWord("reject", "deny", r"reject(?:s|ed|ing)?", needs_claim=True),
    StanceWord("dismiss", "deny", r"dismiss(?:es|ed|ing)?", needs_claim=True),
    # contesting a claim or its reading without calling it false
    # "dispute" and "disputes" are nouns more often than verbs ("amid an ongoing dispute over
    # his leadership", "territorial disputes with neighbours"): as written they dispute only
    # a claim ("disputes the idea that ..."), like the verbs that take any object below.
    StanceWord("dispute", "dispute", r"disput(?:ed|ing)"),
    StanceWord("dispute", "dispute", r"disputes?", needs_claim=True),
    StanceWord("contest", "dispute", r"contest(?:ed|ing)", needs_claim=True),
    StanceWord("challenge", "dispute", r"challeng(?:ed|ing)", needs_claim=True),
    StanceWord("question", "dispute", r"question(?:ed|ing)", needs_claim=True),
)
# Phrases that dispute a claim with no one verb of their own ("hit back at", "taken out of
# context"): a dispute wherever they are written.
DISPUTE_PHRASES = (
    r"(?:hit|hits|hitting)\s+back(?:\s+at)?",
    r"push(?:es|ed|ing)?\s+back(?:\s+(?:on|against))?",
    r"(?:took|take|takes|taking)\s+issue",
    r"out\s+of\s+context",
)

DENY_LEMMAS = frozenset(w.lemma for w in STANCE_CUES if w.stance == "deny")
DISPUTE_LEMMAS = frozenset(w.lemma for w in STANCE_CUES if w.stance == "dispute")


def written(stance: Kind, needs_claim: bool | None = None) -> str:
    """A regex alternation of the written forms of the cues of ``stance`` (only those that
    need, or need no, claim object when ``needs_claim`` is given), phrases included for a
    dispute that needs no claim."""
    forms = [
        w.forms
        for w in STANCE_CUES
        if w.stance == stance and (needs_claim is None or w.needs_claim == needs_claim)
    ]
    if stance == "dispute" and not needs_claim:
        forms += DISPUTE_PHRASES
    return "|".join(forms)
