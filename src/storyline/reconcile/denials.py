"""Who denies what: each denial or dispute the story reports goes to the claim it denies.

A sentence that reports a denial ("Beijing rejected the idea that Chinese citizens had been
recruited ...") is a source of the claim "Beijing denied it" (its own aligned claim: denials
align only with denials) and a counterclaim of the claim it denies, listed in that claim's
``denied_by`` (``disputed_by`` for a dispute) and never among its sources. A denying clause
added to an assertion ("... is neutral and denies sending arms") is a unit of its own, so it
forms or joins a denial claim too; a headline that denies ("Beijing Rejects Zelensky's
Claim ...") is linked as well. The denied claim is the asserting claim whose sentences hold
most of the denied words (IDF-weighted, so the story's topic words count little).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.models import Article
from storyline.reconcile.claim_stance import Stance, find_stance
from storyline.reconcile.claims import Claim
from storyline.reconcile.units import Unit, content_words

# A denial goes to a claim only when that claim's sentences hold at least this share of the
# denied words (IDF-weighted). Below it the denied claim is not in the story ("denies sending
# lethal assistance" where no outlet says it does), and the denial stays a claim of its own.
TARGET_SHARE = 0.4


@dataclass
class _Denial:
    """A denial to place: its counterclaim spans and what it denies."""

    stance: str
    spans: list[tuple[Stance, str, str]]  # (stance, article id, text)
    words: set[str]
    own: str | None = None  # id of the claim the denial is itself a source of


def _denials(claims: Sequence[Claim], titles: Sequence[tuple[Article, Stance]]) -> list[_Denial]:
    """Each denial claim (with every word its sentences say is denied) and each denying
    headline."""
    out: list[_Denial] = []
    for c in claims:
        if c.is_denial:
            spans = [(u.stance, u.article_id, u.text) for u in c.units if u.stance]
            words = {w for u in c.units if u.stance for w in _words(u.stance)}
            out.append(_Denial(spans[0][0].stance, spans, words, c.id))
    for art, st in titles:
        out.append(_Denial(st.stance, [(st, art.id, art.text[st.start : st.end])], _words(st)))
    return out


def _words(st: Stance) -> set[str]:
    return set(content_words(st.target))


def title_stances(articles: Sequence[Article]) -> list[tuple[Article, Stance]]:
    """Headlines that deny or dispute something, with their stance."""
    out = []
    for a in articles:
        if a.title_span and (st := find_stance(a.text, *a.title_span)) is not None:
            out.append((a, st))
    return out


def link_denials(
    claims: Sequence[Claim], units: Sequence[Unit], titles: Sequence[tuple[Article, Stance]]
) -> None:
    """Fill ``denied_by``/``disputed_by`` of the claims the story's denials deny."""
    df: Counter[str] = Counter(w for u in units for w in set(content_words(u.text)))
    n = max(len(units), 2)

    def idf(w: str) -> float:
        return math.log(n / df[w]) if df[w] else math.log(n)

    bags = {c.id: {w for u in c.units for w in content_words(u.text)} for c in claims}
    asserting = [c for c in claims if not c.is_denial]
    for d in _denials(claims, titles):
        total = sum(idf(w) for w in d.words)
        if not total:
            continue
        best, best_share = None, TARGET_SHARE
        for c in asserting:
            if c.id == d.own:
                continue
            share = sum(idf(w) for w in d.words & bags[c.id]) / total
            if share >= best_share:
                best, best_share = c, share
        if best is None:
            continue
        into = best.denied_by if d.stance == "deny" else best.disputed_by
        for st, aid, text in d.spans:
            into.append(
                {
                    "article_id": aid,
                    "text": text,
                    "start": st.start,
                    "end": st.end,
                    "speaker": st.speaker,
                    "cue": st.cue,
                }
            )
