"""Who denies what: each denial or dispute the story reports goes to the claim it denies.

A sentence that reports a denial ("the ministry rejected the idea that its soldiers had been
sent ...") is a source of the claim "the ministry denied it" (its own aligned claim: denials
align only with denials) and a counterclaim of the claim it denies, listed in that claim's
``denied_by`` (``disputed_by`` for a dispute) and never among its sources. A denying clause
added to an assertion ("... is neutral and denies sending arms") is a unit of its own, so it
forms or joins a denial claim too; a headline that denies ("Beijing Rejects Zelensky's
Claim ...") is linked as well. The denied claim is the asserting claim whose sentences hold
most of the denied words (IDF-weighted, so the story's topic words count little); for a denial
claim of several sentences, the claim most of its sentences that name what they deny point to.
Two groups of denials that point to one claim are one denial claim (``join_by_target``). An
article that reports the denial of a claim reports the claim, so it never leaves it out
(``omissions.omissions``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from storyline.models import Article
from storyline.reconcile.align import CLAIM_STEMS, names_target
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
    # What each sentence that names what it denies says is denied (``align.names_target``).
    named: list[set[str]] = field(default_factory=list)


def _denials(claims: Sequence[Claim], titles: Sequence[tuple[Article, Stance]]) -> list[_Denial]:
    """Each denial claim (with every word its sentences say is denied) and each denying
    headline."""
    out: list[_Denial] = []
    for c in claims:
        if c.is_denial:
            spans = [(u.stance, u.article_id, u.text) for u in c.units if u.stance]
            words = {w for u in c.units if u.stance for w in _words(u.stance)}
            named = [
                _words(u.stance) - CLAIM_STEMS for u in c.units if u.stance and names_target(u)
            ]
            out.append(_Denial(spans[0][0].stance, spans, words, c.id, [n for n in named if n]))
    for art, st in titles:
        out.append(_Denial(st.stance, [(st, art.id, art.text[st.start : st.end])], _words(st)))
    return out


def _reports(c: Claim, d: _Denial) -> bool:
    """Does one of the claim's own sentences hold the denial ("Beijing maintains it is
    neutral and denies sending lethal assistance")? Then the claim reports the denial, and is
    not what it denies."""
    return any(
        u.article_id == aid and u.start <= st.start and st.end <= u.end
        for st, aid, _ in d.spans
        for u in c.units
    )


def _words(st: Stance) -> set[str]:
    return set(content_words(st.target))


def title_stances(articles: Sequence[Article]) -> list[tuple[Article, Stance]]:
    """Headlines that deny or dispute something, with their stance."""
    out = []
    for a in articles:
        if a.title_span and (st := find_stance(a.text, *a.title_span)) is not None:
            out.append((a, st))
    return out


def _idf(units: Sequence[Unit]) -> Callable[[str], float]:
    """IDF of a content word over the story's units (a word no unit uses weighs the most)."""
    df: Counter[str] = Counter(w for u in units for w in set(content_words(u.text)))
    n = max(len(units), 2)
    return lambda w: math.log(n / df[w]) if df[w] else math.log(n)


def _best_target(
    words: set[str], bags: Sequence[tuple[int, set[str]]], idf: Callable[[str], float]
) -> int | None:
    """The key of the bag that holds the largest IDF-weighted share (at least
    ``TARGET_SHARE``) of ``words``, or None."""
    total = math.fsum(idf(w) for w in words)  # exact: order-free (a set's order is not)
    if not total:
        return None
    best, best_share = None, TARGET_SHARE
    for key, bag in bags:
        share = math.fsum(idf(w) for w in words & bag) / total
        if share >= best_share:
            best, best_share = key, share
    return best


def _denied_claim(
    d: _Denial, bags: Sequence[tuple[int, set[str]]], idf: Callable[[str], float]
) -> int | None:
    """The claim a denial denies: the one most of its sentences that name what they deny
    point to (each alone, ``_best_target``), else the one that holds most of all the words
    its sentences deny. Several outlets word one denial differently, and the words of all of
    them together spread over several claims."""
    votes = Counter(k for words in d.named if (k := _best_target(words, bags, idf)) is not None)
    if votes:
        return max(votes, key=lambda k: (votes[k], -k))
    return _best_target(d.words, bags, idf)


def join_by_target(units: Sequence[Unit], groups: Sequence[Sequence[int]]) -> list[list[int]]:
    """Merge groups of denials that deny one claim: two denial units whose named targets
    (``align.names_target``) point to the same group of asserting units (``TARGET_SHARE``,
    as ``link_denials`` places a denial) state one claim, "S denied Y", however differently
    each words Y ("dismissed the suggestion that many more ..." / "rejected Zelenskyy's claim
    that 'many' ..."). Denials join only denials of the same stance."""
    idf = _idf(units)
    bags = [
        (k, {w for i in g for w in content_words(units[i].text)})
        for k, g in enumerate(groups)
        if not all(units[i].denial for i in g)
    ]
    root = list(range(len(groups)))

    def find(k: int) -> int:
        while root[k] != k:
            k = root[k]
        return k

    seen: dict[tuple[str, int], int] = {}
    for k, g in enumerate(groups):
        if not all(units[i].denial for i in g):
            continue
        for i in g:
            st = units[i].stance
            if st is None or not names_target(units[i]):
                continue
            target = _best_target(set(content_words(st.target)) - CLAIM_STEMS, bags, idf)
            if target is None:
                continue
            other = seen.setdefault((st.stance, target), k)
            root[find(k)] = find(other)
    merged: dict[int, list[int]] = {}
    for k, g in enumerate(groups):
        merged.setdefault(find(k), []).extend(g)
    return [sorted(m) for m in merged.values()]


def link_denials(
    claims: Sequence[Claim], units: Sequence[Unit], titles: Sequence[tuple[Article, Stance]]
) -> None:
    """Fill ``denied_by``/``disputed_by`` of the claims the story's denials deny."""
    idf = _idf(units)
    bags = [
        (k, {w for u in c.units for w in content_words(u.text)})
        for k, c in enumerate(claims)
        if not c.is_denial
    ]
    for d in _denials(claims, titles):
        targets = [(k, b) for k, b in bags if claims[k].id != d.own and not _reports(claims[k], d)]
        k = _denied_claim(d, targets, idf)
        if k is None:
            continue
        best = claims[k]
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
