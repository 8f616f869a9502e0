"""Stance of a claim unit: does the sentence assert something, or deny or dispute a claim?

"Lin denied that Beijing had provided troops" reports Lin's *denial* of "Beijing provided
troops": it must never count as a source asserting it, nor as corroboration. A denial is read
from a cue word and its polarity:

- ``deny`` cues call a claim false (deny, reject, dismiss, refute, rebut, ...);
- ``dispute`` cues contest a claim or its reading without calling it false (dispute, contest,
  challenge, question, hit back at, push back on, ...).

The cues are one list, ``stance_cues.STANCE_CUES``, shared with ``stance.py``.

A cue that can take any object ("rejected the offer", "dismissed the minister", "questioned the
witness") stands for a denial only when what follows it is a claim: a "that" clause, a claim
noun ("the claim", "allegations", "the idea"), or a verdict ("dismissed ... as groundless").
A negated cue ("did not deny", "refused to reject") and a passive one ("was denied entry") are
no denial. The extractor's quotes and stances give the speaker when their cue is the same
word; otherwise the nearest speaking entity before the cue does.

``stance.py`` gives a quote *rendering* its stance; this module reads whole sentences and
clauses (claim units and headlines), with or without a quotation in them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.models import Entity, Mention, Quote
from storyline.reconcile.stance_cues import written

# The cues (``stance_cues``), by stance and by whether they need a claim for object.
_CUE = re.compile(
    rf"\b(?:(?P<deny>{written('deny', False)})|(?P<deny_obj>{written('deny', True)})"
    rf"|(?P<dispute>{written('dispute', False)})|(?P<dispute_obj>{written('dispute', True)}))\b",
    re.I,
)
# What makes the object of an "object" cue a claim. Claim nouns name something said; a verdict
# ("as groundless", "as 'fake news'") calls it false.
CLAIM_NOUNS = (
    "claim accusation allegation assertion suggestion idea notion report rumour rumor charge "
    "statement characterisation characterization account premise speculation"
).split()
# Words (at most four) between an "object" cue and the claim noun or the "as" it needs
# ("dismissed the allegations", "rejected the accusation as groundless"). A "that" clause
# comes right after the cue ("denied that ..."): after other words it is a relative clause on
# the object ("rejected a GOP counteroffer that ...", an offer, not a claim).
_OBJECT_LEAD = r"(?:[\w’'“”\"-]+\s+){0,4}?"
_CLAIM_OBJECT = re.compile(
    rf"^\W*(?:that\b|{_OBJECT_LEAD}(?:(?:{'|'.join(CLAIM_NOUNS)})s?|as)\b)",
    re.I,
)
# A past participle right after a preposition is an adjective ("tensions in contested
# Jerusalem", "a fight over disputed land"): it names no one's denial. (An -ing form there
# is the verb: "after denying that ...".)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|on|at|over|of|for|with|from|into|across|about|around|between)\s+$", re.I
)
# A cue after a verb of intent or attempt and "to" ("punishing the Wyoming Republican for
# daring to refute Trump's lie", "vowed to challenge the results") says what someone would
# do or dared to, not a denial the sentence reports ("sought to dispel reports that ..." is
# one, so attempts are not in the list) (a fact-checker's audit: The Hill's
# report of Cheney's ouster read as the Republicans denying it).
_INTENT_BEFORE = re.compile(
    r"\b(?:dar(?:e|es|ed|ing)|vow(?:s|ed|ing)?|plan(?:s|ned|ning)?|want(?:s|ed|ing)?"
    r"|hop(?:e|es|ed|ing)|intend(?:s|ed|ing)?|threaten(?:s|ed|ing)?)\s+to\s+$",
    re.I,
)
# A cue after a modal ("a plan that could deny communion to public figures", "an order that
# would have denied visas to immigrants") says what someone may do, which for "deny" is to
# refuse something; a denial of a claim is reported as said ("X denied that ...").
# Matched in lower case only: "Theresa May denied", "in May denied" hold no modal.
_MODAL_BEFORE = re.compile(
    r"\b(?:could|would|might|may|will|can|should|shall|must)\s+(?:have\s+)?$"
)
# Negation or refusal just before a cue: "did not deny", "never disputed", "refused to reject".
_NEGATED = re.compile(
    r"\b(?:not|never|n[’']t|no\s+longer|refused\s+to|declined\s+to|would\s+not)\s+(?:\w+\s+)?$",
    re.I,
)
# A passive cue: "was denied entry", "were rejected by voters" - the subject is not the denier.
_PASSIVE = re.compile(r"\b(?:was|were|been|be|being|is|are|get|got)\s+(?:\w+ly\s+)?$", re.I)
# A determiner or possessive just before a cue makes it a noun ("ended a dispute that began
# ...", "the denial", "their challenge"): it names a quarrel, and contests no claim.
_NOUN_BEFORE = re.compile(
    r"\b(?:a|an|the|this|these|those|its|his|her|their|our|my|your)\s+$", re.I
)
# How far back (characters) negation and the passive are looked for before a cue.
LOOKBACK_CHARS = 30
# A cue coordinated after the unit's own main clause ("... is neutral and denies sending
# arms"): the denial is that clause, not the whole sentence.
_COORDINATED = re.compile(r"(?:,\s*|\s)and\s+(?:also\s+)?$", re.I)
# Entity types that speak (a person, a ministry, a government, a nation).
SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "NORP")


@dataclass(frozen=True)
class Stance:
    """A denial or dispute found in a span of an article."""

    stance: str  # "deny" | "dispute"
    cue: str  # the cue as written ("rejected", "hit back at")
    cue_start: int
    cue_end: int
    start: int  # the clause that holds the cue and what is denied
    end: int
    whole: bool  # the clause is the whole span (the sentence is the denial)
    target: str  # the words after the cue: what is denied
    speaker: str | None = None


def find_stance(text: str, start: int, end: int) -> Stance | None:
    """The first denial or dispute cue of ``text[start:end]``, or None."""
    span = text[start:end]
    for m in _CUE.finditer(span):
        kind = m.lastgroup or ""
        before = span[max(0, m.start() - LOOKBACK_CHARS) : m.start()]
        if _NEGATED.search(before) or _PASSIVE.search(before) or _NOUN_BEFORE.search(before):
            continue
        if m.group(0).lower().endswith("ed") and _PREPOSITION_BEFORE.search(before):
            continue
        after = span[m.end() :]
        if kind.endswith("_obj") and not _CLAIM_OBJECT.match(after):
            continue
        if _MODAL_BEFORE.search(before) or _INTENT_BEFORE.search(before):
            continue
        coordinated = bool(_COORDINATED.search(span[: m.start()])) and m.start() > 0
        clause_start = start + m.start() if coordinated else start
        return Stance(
            stance="deny" if kind.startswith("deny") else "dispute",
            cue=m.group(0),
            cue_start=start + m.start(),
            cue_end=start + m.end(),
            start=clause_start,
            end=end,
            whole=not coordinated,
            target=after.strip(),
        )
    return None


def stance_speaker(
    st: Stance,
    quotes: Sequence[Quote],
    mentions: Sequence[Mention],
    entities: dict[str, Entity],
    span_start: int,
) -> str | None:
    """Who denies: the speaker the extractor gave a quote or stance with this cue, else the
    last speaking entity named between the span's start and the cue."""
    # Reported speech first: a partial quote the cue governs may be the words of the person
    # whose claim is denied ("rejected Zelensky's claim that 'many' ...").
    cued = [q for q in quotes if q.cue_start == st.cue_start and q.speaker_name]
    cued.sort(key=lambda q: (q.kind != "reported", q.start < st.cue_end))
    if cued:
        return cued[0].speaker_name
    best: str | None = None
    for m in mentions:
        ent = entities.get(m.entity_id or "")
        if ent is None or ent.type not in SPEAKER_TYPES:
            continue
        if span_start <= m.start and m.end <= st.cue_start:
            best = ent.name
    return best
