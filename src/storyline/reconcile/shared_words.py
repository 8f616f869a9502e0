"""Words two units of different articles share that tie them to one statement: a short
quoted phrase, or runs of content words no other unit of the story uses (``align.scores``
adds a bonus for each)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from storyline.reconcile.units import STOPWORDS, Unit, content_words

# Two units that quote the same words of a speaker report the same statement, however they
# frame it ("asserted there was evidence that 'many more ...'" / "warned there were likely to be
# 'many more'"): paraphrase and framing move the embedding, the quoted words do not. A quoted
# key phrase of at most this many words found inside a quotation of another unit is evidence;
# longer quotations that agree are similar as wholes already.
KEY_QUOTE_WORDS = 4
# Two units that alone in the story share runs of this many content words, at least
# ``PHRASE_RUNS`` of them ("deliberate step toward(s)" and "involvement of Chinese citizens", in
# two translations of one quotation), word one statement alike. A run the story uses more than
# twice is its vocabulary ("fighting for Russia"), and one shared run alone is often a stock
# phrase ("contracts with the Russian military"), so neither counts.
PHRASE_WORDS = 3
PHRASE_RUNS = 2
_QWORD = re.compile(r"\w+")


def _quoted_words(u: Unit) -> list[tuple[str, ...]]:
    """Lower-cased words of each direct or partial quotation inside the unit."""
    return [
        tuple(_QWORD.findall(q.text.lower()))
        for q in u.quotes
        if q.kind != "reported" and u.start <= q.start and q.end <= u.end
    ]


def shared_quotes(units: Sequence[Unit]) -> list[tuple[int, int]]:
    """Pairs of units of different articles where a short quoted phrase of one occurs in a
    quotation of the other. An index of every quotation's short word runs keeps this linear in
    the quoted words, not quadratic in the units."""
    quoted = [_quoted_words(u) for u in units]
    index: dict[tuple[str, ...], set[int]] = {}
    for i, phrases in enumerate(quoted):
        for ws in phrases:
            for k in range(1, KEY_QUOTE_WORDS + 1):
                for p in range(len(ws) - k + 1):
                    index.setdefault(ws[p : p + k], set()).add(i)
    pairs: set[tuple[int, int]] = set()
    for i, phrases in enumerate(quoted):
        for ws in phrases:
            if len(ws) > KEY_QUOTE_WORDS or all(w in STOPWORDS for w in ws):
                continue
            for j in index.get(ws, ()):
                if units[j].article_id != units[i].article_id:
                    pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def shared_phrases(units: Sequence[Unit]) -> list[tuple[int, int]]:
    """Pairs of units of different articles that alone in the story share ``PHRASE_RUNS`` runs
    of ``PHRASE_WORDS`` content words."""
    holders: dict[tuple[str, ...], set[int]] = {}
    for i, u in enumerate(units):
        ws = content_words(u.text)
        for k in range(len(ws) - PHRASE_WORDS + 1):
            holders.setdefault(tuple(ws[k : k + PHRASE_WORDS]), set()).add(i)
    runs: Counter[tuple[int, int]] = Counter()
    for us in holders.values():
        if len(us) == 2:
            i, j = sorted(us)
            if units[i].article_id != units[j].article_id:
                runs[(i, j)] += 1
    return sorted(pair for pair, n in runs.items() if n >= PHRASE_RUNS)
