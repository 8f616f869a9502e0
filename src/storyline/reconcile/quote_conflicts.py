"""Quote conflicts: one quotation rendered in different wordings by different articles, and
the same words credited to two different people (``briefing`` lists both as conflicts).

Renderings that are one wording (equal words, a cut-down run of another, or two cuts of one
statement that overlap word for word) are no conflict: a quotation cut shorter is not a
misquote."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

from storyline.models import Entity, Quote
from storyline.reconcile.ids import StoryIds
from storyline.reconcile.quotes import Quotation, words
from storyline.reconcile.units import content_words
from storyline.reconcile.words import opening

# Two wordings of one quotation are rival renderings (a quote conflict) when they share at
# least this share of the shorter one's content words (translation variants of the seeds share
# 45-100 %; two fragments of one quotation share none) ...
QUOTE_OVERLAP = 0.45
# ... and at least this many (a two-word partial shares two with the sentence it is cut from).
QUOTE_MIN_SHARED_CONFLICT = 2
# The same words credited to two speakers: nearly all content words shared, and enough of them
# that a stock phrase ("absolutely groundless") is not mistaken for one quotation.
ATTRIBUTION_OVERLAP = 0.9
ATTRIBUTION_MIN_WORDS = 6
# Speakers written as a pronoun or a role are inherited by ``extract``: too weak to claim that
# two outlets credited the words to different people.
_WEAK_SPEAKER = re.compile(r"^(?:he|she|they|it|we|i|the \w+|a \w+|an \w+)$", re.I)
# Words two renderings must share, end of one to start of the other, to be two cuts of one
# statement rather than two wordings: a run this long agreeing word for word is no chance
# (a stock phrase, "at the end of the day", is six).
SPLICE_MIN_WORDS = 8


def _contained(a: list[str], b: list[str]) -> bool:
    """True when word list ``a`` appears as a contiguous run inside ``b``."""
    if len(a) > len(b):
        return False
    return any(b[i : i + len(a)] == a for i in range(len(b) - len(a) + 1))


def _spliced(a: list[str], b: list[str]) -> bool:
    """``a`` ends with at least ``SPLICE_MIN_WORDS`` words that ``b`` begins with: two cuts
    of one longer statement, each going on where the other stops."""
    for k in range(min(len(a), len(b)), SPLICE_MIN_WORDS - 1, -1):
        if a[-k:] == b[:k]:
            return True
    return False


def same_wording(a: str, b: str) -> bool:
    """Two renderings with one wording: equal words, one a cut-down run of the other, or two
    cuts of one statement that overlap word for word ("... in this case is a legal analysis"
    / "Determining ... in this case is a legal analysis. It's applying the rule of law ...":
    one outlet quoted the judge's words before, the other his words after)."""
    wa, wb = words(a), words(b)
    return _contained(wa, wb) or _contained(wb, wa) or _spliced(wa, wb) or _spliced(wb, wa)


def _overlap(a: set[str], b: set[str]) -> tuple[int, float]:
    if not a or not b:
        return 0, 0.0
    shared = len(a & b)
    return shared, shared / min(len(a), len(b))


def _same_speaker(a: Quote, b: Quote) -> bool:
    if a.speaker_entity and b.speaker_entity:
        return a.speaker_entity == b.speaker_entity
    return bool(a.speaker_name and a.speaker_name == b.speaker_name)


def edge_cuts(codes: Sequence[tuple[str, int, int, int, int]]) -> set[int]:
    """The positions of difflib's opcodes that only delete or only insert words before the
    first equal run or after the last: one rendering quoting more of the statement than the
    other. A replacement there ("Senate Republicans continue ..." / "We continue ...") is a
    change."""
    equal = [n for n, c in enumerate(codes) if c[0] == "equal"]
    if not equal:
        return set()
    edges = [*range(equal[0]), *range(equal[-1] + 1, len(codes))]
    return {k for k in edges if codes[k][0] in ("delete", "insert")}


def _opcodes(
    wa: list[str], wb: list[str]
) -> tuple[Sequence[tuple[str, int, int, int, int]], set[int]]:
    """difflib's opcodes from word list ``wa`` to ``wb``, and which of them are cuts."""
    ops = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes()
    return ops, edge_cuts(ops)


def word_diff(a: str, b: str) -> dict[str, list[str]]:
    """Words only in ``a`` (removed) and only in ``b`` (added), in order, by difflib; words
    one rendering alone has before the first shared word or after the last are a cut, not
    another wording (``edge_cuts``)."""
    wa, wb = words(a), words(b)
    removed: list[str] = []
    added: list[str] = []
    ops, cut = _opcodes(wa, wb)
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if k in cut:
            continue
        if op in ("replace", "delete"):
            removed += wa[i1:i2]
        if op in ("replace", "insert"):
            added += wb[j1:j2]
    return {"removed": removed, "added": added}


def _span(q: Quote) -> dict[str, Any]:
    return {"article_id": q.article_id, "text": q.text, "start": q.start, "end": q.end}


def _wordings(quotes: Sequence[Quote]) -> list[list[Quote]]:
    """Split renderings into distinct wordings, longest first (cut-down quotes join theirs)."""
    out: list[list[Quote]] = []
    for q in sorted(quotes, key=lambda q: -len(words(q.text))):
        for w in out:
            if same_wording(w[0].text, q.text):
                w.append(q)
                break
        else:
            out.append([q])
    return out


def _rivals(wordings: list[list[Quote]]) -> list[list[Quote]]:
    """The first wording and the others that render the same words differently: they share
    enough content words with it (``QUOTE_OVERLAP``); another fragment of the quotation
    ("identity documents" beside "many more") is no rival wording."""
    base = set(content_words(wordings[0][0].text))
    out = [wordings[0]]
    for w in wordings[1:]:
        shared, share = _overlap(base, set(content_words(w[0].text)))
        if shared >= QUOTE_MIN_SHARED_CONFLICT and share >= QUOTE_OVERLAP:
            out.append(w)
    return out


def _differs(a: str, b: str) -> bool:
    """Rendering ``a`` quotes some of ``b``'s words and words them otherwise: an equal run and
    a change that is no cut (``edge_cuts``). A cut-down copy that stops before the change
    does not."""
    ops, cut = _opcodes(words(a), words(b))
    return any(op == "equal" for op, *_ in ops) and any(
        op != "equal" and k not in cut for k, (op, *_) in enumerate(ops)
    )


def _stand_apart(base: list[Quote], rival: list[Quote]) -> bool:
    """Some article gives each wording where the two differ and not the other there. An
    article that gives both quotes two utterances (or one twice), and one article is never in
    conflict with itself, as its own values never make a number conflict. A rendering gives
    its wording there when it words the other's words otherwise (``_differs``): a cut-down copy
    that stops before the change gives neither."""
    first = {q.article_id for q in base if _differs(q.text, rival[0].text)}
    second = {q.article_id for q in rival if _differs(q.text, base[0].text)}
    return bool(first - second) and bool(second - first)


def _giving(wording: list[Quote], others: Sequence[str]) -> list[Quote]:
    """The renderings of ``wording`` that give it where it differs from one of the ``others``
    (``_differs``); the longest, which names the wording, always. A cut-down copy that stops
    before the change ("We have informed the Trump Organization that...", a new user's trial)
    takes neither side of the conflict."""
    return [wording[0], *(q for q in wording[1:] if any(_differs(q.text, o) for o in others))]


def quote_conflict(qt: Quotation, ids: StoryIds) -> dict[str, Any] | None:
    """A ``quote`` conflict when articles quote one quotation in different wordings (quoted
    words only: reported speech is the outlet's paraphrase, not a misquote)."""
    quoted = [q for q in qt.quotes if q.kind != "reported"]
    if len({q.article_id for q in quoted}) < 2:
        return None
    wordings = _rivals(_wordings(quoted))
    base = wordings[0][0].text
    # renderings that agree word for word wherever both quote are two cuts of one wording
    diffs = [
        (w, d)
        for w in wordings[1:]
        if any((d := word_diff(base, w[0].text)).values()) and _stand_apart(wordings[0], w)
    ]
    wordings = [wordings[0], *(w for w, _ in diffs)]
    if len(wordings) < 2 or len({q.article_id for w in wordings for q in w}) < 2:
        return None
    values, giving = [], set()
    for w in wordings:
        given = _giving(w, [o[0].text for o in wordings if o is not w])
        giving |= {q.article_id for q in given}
        values.append(
            {
                "value": w[0].text,
                "normalized": None,
                "attributed_to": qt.speaker_name,
                "article_ids": sorted({q.article_id for q in given}),
                "sources": [_span(q) for q in given],
            }
        )
    if len(giving) < 2:
        return None  # the cut-down copies aside, one article gives both: no conflict
    diff = [{"article_id": w[0].article_id, **d} for w, d in diffs]
    return {
        "id": ids.conflict("quote", values),
        "kind": "quote",
        "subject": f"{qt.speaker_name or 'unknown'}: {opening(base)}",
        "values": values,
        "diff": diff,
    }


def _named(q: Quote) -> bool:
    return bool(q.speaker_entity and q.speaker and not _WEAK_SPEAKER.match(q.speaker.strip()))


def attribution_conflicts(
    quotes: Sequence[Quote], entities: dict[str, Entity], ids: StoryIds
) -> list[dict[str, Any]]:
    """The same words credited to two different named people, in different articles."""
    people = [
        q
        for q in quotes
        if _named(q)
        and entities.get(q.speaker_entity or "", None) is not None
        and entities[q.speaker_entity or ""].type == "PERSON"
        and len(set(content_words(q.text))) >= ATTRIBUTION_MIN_WORDS
    ]
    out: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    bags = [set(content_words(q.text)) for q in people]
    for i, a in enumerate(people):
        for j in range(i + 1, len(people)):
            b = people[j]
            if a.article_id == b.article_id or a.speaker_entity == b.speaker_entity:
                continue
            _, share = _overlap(bags[i], bags[j])
            if share < ATTRIBUTION_OVERLAP or (i, j) in seen:
                continue
            seen.add((i, j))
            values = [
                {
                    "value": q.speaker or "",
                    "normalized": None,
                    "attributed_to": q.speaker_name,
                    "article_ids": [q.article_id],
                    "sources": [_span(q)],
                }
                for q in (a, b)
            ]
            out.append(
                {
                    "id": ids.conflict("attribution", values),
                    "kind": "attribution",
                    "subject": opening(a.text),
                    "values": values,
                }
            )
    return out
