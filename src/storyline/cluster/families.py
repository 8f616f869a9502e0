"""Wire families: the articles of a story that are one source: copies of one text, and one
outlet's or one agency's reports.

Outlets re-run agency copy with their own headline and lead, cut or add paragraphs and move
them around; what survives is long runs of identical words. So two articles are copies when
a large share of the *shorter* one's 5-word shingles also occurs in the other (containment,
not Jaccard: a re-run that cut half the wire text, or padded it with its own paragraphs, is
still a copy). Families are the connected components of the "is a copy of" relation
(union-find), which also joins two outlets that each ran different halves of one wire story.

Quoted words are weaker evidence than narrative: independent reporters transcribe the same
press-conference sentence word for word, while only a copy repeats the reporter's own
sentences. So a long shared passage makes two articles copies only when they also share a
run of narrative (text outside quotation marks); see ``NARRATIVE_RUN_WORDS``.

A short article re-run with a rewritten lead and a quarter of its paragraphs cut keeps only
a few sentences of the original, so its containment falls below ``COPY_CONTAINMENT`` and no
single shared run reaches ``PASSAGE_WORDS``. What still marks it is that those few sentences
are *whole narrative sentences*, word for word: independent reports share at most one such
sentence (the agency line both picked up), a copy several; see ``SHARED_SENTENCES``.

A source is who reported, not only which text: one outlet's two reports of an event (the
news story and the live blog) corroborate nothing of each other, and what they alone state is
that outlet's unique detail. So families of copies that come from one source are one family
(``sources_of``): those crediting one wire agency (``Article.wire``: its copy, whoever ran it,
in however many texts), and, for a family crediting none, those from one outlet or one site.
Copies of a text across outlets that credit no agency stay their own family; an article
whose outlet and site are unknown is its own source.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storyline.models import Article, Family, outlet_key, site_of

# Five words are long enough that two independent reports rarely share a run by chance, yet
# short enough that a light edit (a changed word) destroys only the five shingles around it.
SHINGLE_WORDS = 5
# Containment at which two articles count as copies. Measured by benchmarks/family_eval.py on
# ECB+: independent reports of one event share a median 0 and p95 0.14 of their shingles, but
# long shared quotes reach 0.59; edited copies have median 0.70, p5 0.33. The sweep there
# (seeds 7/1/3) gave P/R 0.90-0.86/0.96-0.93 at 0.4, 0.96-0.94/0.96-0.92 at 0.45 and
# 0.98/0.90-0.95 at 0.5: below 0.5 the pairs gained are mostly ECB+ reports that share
# agency sentences with each other (real partial copies the generator counts independent),
# so 0.5 keeps precision, and recall is lost only on short copies cut to a few sentences.
# With the sentence rule below added: 0.45 P 0.93-0.95 / R 0.97-0.98, 0.5 P 0.965-0.973 /
# R 0.963-0.975, 0.55 P 0.97-0.98 / R 0.96-0.97 (same worst recall; 0.5 kept).
COPY_CONTAINMENT = 0.5
# Or: a shared passage this long. Outlets that run only part of a wire story (its middle
# paragraphs around their own reporting) share little of the whole but whole paragraphs
# verbatim; in ECB+ 99 % of independent report pairs share no run longer than 37 words
# (one quoted sentence), a wire paragraph is longer (family_eval prints both rules' P/R).
PASSAGE_WORDS = 40
# With a long shared passage, the two must also share a run this long *outside* quotation
# marks. Measured by benchmarks/family_eval.py: independent reports whose 40+-word shared
# passage is a quote share at most 7 narrative words in a row (stock phrases such as "the
# foreign ministry spokesman said on"), while the seeds' two AFP-based texts, which share
# two long quotes, also share an 11-word narrative run; 8 cut false pairs from 14 to 7 with
# no copy lost. Containment alone is not gated: a copy that is mostly quotes is still a copy.
NARRATIVE_RUN_WORDS = 8
# Or: this many complete narrative sentences (no quotation mark, ``SENTENCE_WORDS`` words or
# more) shared verbatim, with containment at least ``SENTENCE_CONTAINMENT``. Measured by
# benchmarks/family_eval.py (seeds 7/1/3, tuned on odd ECB+ topics, checked on even ones):
# missed copies of short articles share 2-4 whole sentences, independent reports mostly one.
# 2 sentences: P/R 0.973/0.963, 0.965/0.975, 0.972/0.968 (odd topics 0.976-0.972/0.972-0.986,
# even 0.951-0.973/0.948-0.961); 3 sentences recovers far fewer copies (R 0.919-0.970); one
# 20-word sentence lets in shared agency lines (even-topic P 0.930); counting quoted
# sentences too drops P to 0.90-0.93 (independent reports transcribe the same quotes).
SHARED_SENTENCES = 2
# Shortest sentence that counts: 6 and 8 gave the same P/R, 10 lost recall (0.956 on seed 7)
# and shorter ones are datelines and stock phrases ("Police said.") any report may repeat.
SENTENCE_WORDS = 8
# Containment floor for the sentence rule: 0.3 keeps P >= 0.965 on every seed; 0.25 costs
# 1-3 false pairs per seed for 0-2 copies more, no floor 4-10 false pairs (seed 3 P 0.949),
# 0.35 loses short copies again (seed 3 R 0.940).
SENTENCE_CONTAINMENT = 0.3
# A copy must share at least this many shingles, so two near-empty articles (a headline-only
# item, a photo caption) are not called copies because their one sentence matches.
MIN_SHARED_SHINGLES = 8

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Quoted text within one paragraph, curly or straight double quotes. A quotation running over
# paragraphs opens each one with a mark and closes only the last, so an unclosed mark is
# left alone rather than swallowing narrative up to the next paragraph's quote.
_QUOTED = re.compile(r'“[^“”\n]*”|"[^"\n]*"')
# Sentence ends: a line break, or . ! ? and space before a capital, quote or bracket. Crude
# (it splits after "Mr."), but both articles of a pair are split alike, so a sentence copied
# verbatim is cut into the same pieces on both sides.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘'(])|\n+")
_QUOTE_MARK = re.compile(r'[“”"]')


@dataclass(frozen=True, slots=True)
class Shingled:
    """An article's shingles in reading order, all and outside quotes; its narrative sentences.

    ``sentences`` holds hashes of the sentences ``narrative_sentences`` keeps.
    """

    seq: tuple[int, ...]
    narrative: tuple[int, ...]
    sentences: frozenset[int] = frozenset()


def narrative_text(text: str) -> str:
    """``text`` with quoted passages replaced by a break, so no shingle spans a quote."""
    return _QUOTED.sub(" | ", text)


def shingle_seq(text: str) -> tuple[int, ...]:
    """Hashed 5-word shingles of a text in reading order, lower-cased, punctuation ignored."""
    w = [m.group().lower() for m in _WORD.finditer(text)]
    n = SHINGLE_WORDS
    return tuple(zlib.crc32(" ".join(w[i : i + n]).encode("utf-8")) for i in range(len(w) - n + 1))


def narrative_sentences(text: str) -> frozenset[int]:
    """Hashes of a text's sentences with no quotation mark and ``SENTENCE_WORDS`` words or more.

    Words are lower-cased and punctuation ignored, like shingles, so a sentence matches its
    copy whatever the spacing; quoted sentences are left out because independent reports
    transcribe the same quotes (see the module docstring).
    """
    out = set()
    for sent in _SENTENCE_BREAK.split(text):
        if _QUOTE_MARK.search(sent):
            continue
        w = [m.group().lower() for m in _WORD.finditer(sent)]
        if len(w) >= SENTENCE_WORDS:
            out.add(zlib.crc32(" ".join(w).encode("utf-8")))
    return frozenset(out)


def shingles(text: str) -> frozenset[int]:
    """The set of a text's hashed 5-word shingles."""
    return frozenset(shingle_seq(text))


def longest_run(seq: tuple[int, ...], other: frozenset[int]) -> int:
    """Words in the longest passage of ``seq`` whose every shingle occurs in ``other``."""
    best = cur = 0
    for s in seq:
        cur = cur + 1 if s in other else 0
        best = max(best, cur)
    return best + SHINGLE_WORDS - 1 if best else 0


def article_seq(article: Article) -> tuple[int, ...]:
    """Shingles of an article's prose in order (the whole text when it was not cleaned)."""
    if not article.prose:
        return shingle_seq(article.text)
    from storyline.clean import prose_text

    return shingle_seq(prose_text(article))


def article_shingled(article: Article) -> Shingled:
    """An article's prose shingles, all and narrative only (computed once per article)."""
    if article.prose:
        from storyline.clean import prose_text

        text = prose_text(article)
    else:
        text = article.text
    return Shingled(shingle_seq(text), shingle_seq(narrative_text(text)), narrative_sentences(text))


def article_shingles(article: Article) -> frozenset[int]:
    """Shingles of an article's prose (the whole text when it was not cleaned)."""
    if not article.prose:
        return shingles(article.text)
    from storyline.clean import prose_text

    return shingles(prose_text(article))


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """|A ∩ B| / min(|A|, |B|): the share of the shorter text found in the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _find(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def family_groups(docs: Mapping[str, Shingled]) -> list[list[str]]:
    """Union-find over copy pairs; candidate pairs come from a shingle index, not all pairs."""
    ids = sorted(docs)
    seqs = {aid: docs[aid].seq for aid in ids}
    sh = {aid: frozenset(seqs[aid]) for aid in ids}
    parent = {i: i for i in ids}
    index: dict[int, list[str]] = {}
    for aid in ids:
        for s in sh[aid]:
            index.setdefault(s, []).append(aid)
    shared: Counter[tuple[str, str]] = Counter()
    for members in index.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                shared[(a, b)] += 1
    for (a, b), n in sorted(shared.items()):
        if n < MIN_SHARED_SHINGLES:
            continue
        c = n / min(len(sh[a]), len(sh[b]))
        if (
            c >= COPY_CONTAINMENT
            or (
                longest_run(seqs[a], sh[b]) >= PASSAGE_WORDS
                and longest_run(docs[a].narrative, frozenset(docs[b].narrative))
                >= NARRATIVE_RUN_WORDS
            )
            or (
                c >= SENTENCE_CONTAINMENT
                and len(docs[a].sentences & docs[b].sentences) >= SHARED_SENTENCES
            )
        ):
            ra, rb = _find(parent, a), _find(parent, b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for aid in ids:
        groups.setdefault(_find(parent, aid), []).append(aid)
    return sorted(groups.values())


def wire_families(
    article_ids: Sequence[str],
    articles: Mapping[str, Article],
    shingle_cache: dict[str, Shingled] | None = None,
) -> list[Family]:
    """The families of one story's articles; every article is in exactly one family.

    ``Family.wire`` is the agency most members of a group of copies name in ``Article.wire``
    (ties broken alphabetically), or ``None`` when none names one; groups of one source
    (``sources_of``) are one family, under the id and wire of the first.
    """
    if len(article_ids) == 1:  # its own family: no shingles to compare
        groups = [list(article_ids)]
    else:
        cache = shingle_cache if shingle_cache is not None else {}
        for aid in article_ids:
            if aid not in cache:
                cache[aid] = article_shingled(articles[aid])
        groups = family_groups({aid: cache[aid] for aid in article_ids})
    families = _one_per_source(groups, articles)
    order = {aid: k for k, aid in enumerate(article_ids)}
    for family in families:
        family.article_ids.sort(key=order.__getitem__)
    return families


def _one_per_source(groups: list[list[str]], articles: Mapping[str, Article]) -> list[Family]:
    """Families of the groups of copies (in order), a group joining the family that holds
    one of its sources (``sources_of``; the first keeps its id and wire), and two families
    it shares one with each becoming one."""
    families: list[Family] = []
    owner: dict[str, Family] = {}  # a source key -> the family that holds it
    for group in groups:
        wires = Counter(articles[a].wire for a in group if articles[a].wire)
        wire = min(wires, key=lambda w: (-wires[w], w)) if wires else None
        keys = sources_of(group, wire, articles)
        held = sorted({id(f): f for k in keys if (f := owner.get(k))}.values(), key=families.index)
        if not held:
            families.append(family := Family(f"family-{group[0]}", list(group), wire))
        else:
            family = held[0]
            family.article_ids += group
            for other in held[1:]:
                family.article_ids += other.article_ids
                families.remove(other)
                owner.update((k, family) for k, f in list(owner.items()) if f is other)
        owner.update(dict.fromkeys(keys, family))
    return families


def sources_of(group: Sequence[str], wire: str | None, articles: Mapping[str, Article]) -> set[str]:
    """Who a family of copies comes from: the wire agency it credits, else the one outlet
    that ran all of it and the one site (``site_of``) all of it lies on, either of which
    makes it one source with another family (an empty set: several, or unknown). A
    publication's columnists and guest writers are published under other names (AllSides'
    "Nicholas Kristof" at nytimes.com) but corroborate its news no more than its news does."""
    if wire is not None:
        return {f"wire:{wire.casefold()}"}
    keys = set()
    outlets = {outlet_key(articles[a].outlet) for a in group}
    if len(outlets) == 1 and None not in outlets:
        keys.add(f"outlet:{outlets.pop()}")
    sites = {site_of(articles[a].url) for a in group}
    if len(sites) == 1 and None not in sites:
        keys.add(f"site:{sites.pop()}")
    return keys
