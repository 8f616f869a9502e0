"""Framing: the verbs each outlet uses to report each speaker, side by side.

"Zelensky said" and "Zelensky claimed" report the same words with a different stance, and
"Lin dismissed" frames a denial; comparing the verbs outlets pick for one speaker shows how each
frames the story. Verbs come from the quotes ``extract`` attributed (their cue lemma) and from
"<speaker> <reporting verb>" in claim units where no quote was found.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate

from storyline.models import Entity, Extraction, Mention, Quote
from storyline.reconcile.quotes import is_pronoun, negated_cue
from storyline.reconcile.units import Unit

# Reporting verbs as written -> lemma. A short, closed list: framing compares stance verbs,
# and an open verb list would drown them in "went" and "took".
REPORTING_VERBS: dict[str, str] = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "tells": "tell",
    "claimed": "claim",
    "claims": "claim",
    "accused": "accuse",
    "accuses": "accuse",
    "revealed": "reveal",
    "dismissed": "dismiss",
    "dismisses": "dismiss",
    "rejected": "reject",
    "denied": "deny",
    "asserted": "assert",
    "insisted": "insist",
    "alleged": "allege",
    "warned": "warn",
    "urged": "urge",
    "stressed": "stress",
    "suggested": "suggest",
    "added": "add",
    "wrote": "write",
    "called": "call",
    "announced": "announce",
    "admitted": "admit",
    "demanded": "demand",
    "maintained": "maintain",
    "maintains": "maintain",
}
_VERB_AFTER = re.compile(r"^\s*(?:had\s+|has\s+|also\s+|earlier\s+)*(\w+)")
# Speakers framing compares: people and the bodies that speak (ministries, governments).
SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "NORP")


def _verb_after(text: str, pos: int) -> str | None:
    m = _VERB_AFTER.match(text[pos : pos + 40])
    if not m:
        return None
    return REPORTING_VERBS.get(m.group(1).lower())


def framing(
    units: Sequence[Unit],
    extractions: dict[str, Extraction],
    entities: dict[str, Entity],
    texts: dict[str, str],
) -> dict[str, dict[str, list[str]]]:
    """``{speaker: {article_id: [verb lemmas]}}`` over the story's articles."""
    out: dict[str, dict[str, list[str]]] = {}

    def add(speaker: str | None, aid: str, verb: str | None) -> None:
        # an unresolved pronoun names no one ("they: propose", a fact-checker's audit)
        if speaker and verb and not is_pronoun(speaker):
            verbs = out.setdefault(speaker, {}).setdefault(aid, [])
            if verb not in verbs:
                verbs.append(verb)

    arts = sorted({u.article_id for u in units})
    for aid in arts:
        ex = extractions.get(aid)
        if ex is None:
            continue
        owner = cue_owners(ex.quotes + ex.stances)
        for q in ex.quotes:
            if negated_cue(q, texts[aid]):
                continue  # "whose members can't all admit that ...": no one admitted
            if q.cue_start is None or owner.get(q.cue_start) in (None, q.speaker_name):
                add(q.speaker_name, aid, q.cue)
        inside = _within([(u.start, u.end) for u in units if u.article_id == aid])
        for m in ex.mentions:
            if not _speaking(m, entities) or not inside(m.start) or _of_phrase(texts[aid], m):
                continue
            add(entities[m.entity_id or ""].name, aid, _verb_after(texts[aid], m.end))
    return {k: out[k] for k in sorted(out)}


def _of_phrase(text: str, m: Mention) -> bool:
    """The name ends an "of" phrase ("the secretary of State said"): the speaker is the
    phrase's head, not the name (framing listed "State: say", a fact-checker's audit)."""
    return text[max(0, m.start - 3) : m.start].lower() == "of "


def _within(spans: Sequence[tuple[int, int]]) -> Callable[[int], bool]:
    """Whether an offset lies inside one of ``spans``, by bisection (a long article has
    thousands of units and of mentions: testing every unit per mention is quadratic)."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))  # furthest end among spans so far

    def inside(at: int) -> bool:
        k = bisect_right(starts, at) - 1
        return k >= 0 and reach[k] > at

    return inside


def cue_owners(quotes: Sequence[Quote]) -> dict[int, str]:
    """Cue position -> the speaker the verb belongs to. One cue can govern quotes of two
    people: in "Lin rejected Zelensky's claim that 'many' ... as 'groundless'" the partial
    'many' is Zelensky's words, but "rejected" is Lin's verb. The cue's owner is the speaker of
    the reported speech it governs (its own content), else of a quote that follows it."""
    owners: dict[int, str] = {}
    ranked = sorted(
        (q for q in quotes if q.cue_start is not None and q.speaker_name),
        key=lambda q: (q.kind != "reported", q.start < (q.cue_end or 0)),
    )
    for q in ranked:
        owners.setdefault(q.cue_start or 0, q.speaker_name or "")
    return owners


def _speaking(m: Mention, entities: dict[str, Entity]) -> bool:
    ent = entities.get(m.entity_id or "")
    return ent is not None and ent.type in SPEAKER_TYPES
