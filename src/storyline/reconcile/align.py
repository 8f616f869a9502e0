"""Align claim units across articles: which sentences of different outlets state the same thing.

Meaning comes from sentence embeddings (all-MiniLM-L6-v2 via ``storyline.embed``, loaded once by
the caller and passed in), because outlets paraphrase and translate one statement differently.
Inside one story every sentence is about the same event, so similarity alone confuses
neighbouring claims; shared evidence (a rare canonical entity, the same number, the same
resolved day, the same quoted words) raises a pair's score. Candidate pairs are each unit's
nearest neighbours above a similarity floor, and clusters merge by average linkage so one loose
pair cannot chain two claims together.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from storyline.models import Quote
from storyline.reconcile.attach import attach_paraphrases
from storyline.reconcile.claim_stance import CLAIM_NOUNS
from storyline.reconcile.lines import whole
from storyline.reconcile.shared_counts import count_pairs
from storyline.reconcile.shared_words import shared_phrases, shared_quotes
from storyline.reconcile.units import Unit, content_words

# Stems of the nouns that name a claim ("allegations", "the accusation"): a denied target made
# of them alone names no content.
CLAIM_STEMS = frozenset(w for n in CLAIM_NOUNS for w in content_words(n))
# Inside one story every sentence shares the topic (same people, same event), so raw embedding
# similarity mostly measures the topic. Centring the story's embeddings removes it; the score
# then mixes centred similarity with IDF-weighted content-word overlap. Equal weights rank pairs
# best on the seeds (pair AUC 0.967 at 0.5, 0.966 at 0.6, 0.963 at 0.7; centred alone 0.957,
# words alone 0.933), and give alignment F1 0.81 where 0.7 gives 0.78 (0.7 was chosen before
# clause splitting followed the gold's units and shared quotations counted as evidence).
WORD_WEIGHT = 0.5
# Candidate pairs: centred similarity above this floor (cheap matrix filter) before word overlap.
CANDIDATE_FLOOR = 0.05
# A pair is linked when its mixed score reaches this. With the equal mix, 0.34-0.38 give seed
# alignment F1 0.81 and keep every outlet's unique details apart; at 0.32 and below two of
# them (a capture's circumstances, the offer to swap the prisoners) join the capture claim,
# above 0.40 claims that outlets word differently stop linking. 0.36 is the middle.
LINK_SCORE = 0.36
# Each unit keeps only its this many nearest neighbours (by centred similarity) as candidates,
# so the links a big story has to sort and merge grow with its units, not with their square.
# A claim has at most a few units per article, so 48 leaves room for ~20-article stories;
# on the seeds (123 units) every linked pair is within it.
TOP_K_NEIGHBOURS = 48
# Shared evidence (a rare entity, the same number or day) adds at most this much.
EVIDENCE_BONUS = 0.08
# Two clusters merge only if the mean score of their cross-article pairs stays this high,
# so a chain of loosely similar sentences never becomes one claim. Swept on the seeds with the
# equal mix: 0.27-0.29 give F1 0.81; at 0.26 the count claim swallows the social-media one
# ("Speaking to reporters on Wednesday, Zelensky said ..." frames both), at 0.30 the "many
# more" claim stops gathering its paraphrases. 0.28 is the middle of that band.
MERGE_MEAN_FLOOR = 0.28
MERGE_CLIP = 0.0
# An entity named by more than this share of a story's articles (China, Zelensky) is the
# story's topic, not evidence that two sentences state the same thing.
TOPIC_ENTITY_SHARE = 0.6
# What shared quoted words add to a pair's score. They outrank the other evidence (one shared
# quotation is rarer than a shared entity or day), and they lift a pair even from under the
# candidate floor, where framing alone can push two renderings of one statement. On the seeds
# 25 unit pairs share quoted words, 18 of them gold pairs and 4 gold non-pairs; with units that
# are part of a two-sentence rendering counted (``QUOTE_PART_SHARE``), 0.25 to 0.45 give the
# same alignment (F1 0.832; 0.828 at 0.15-0.20) and unique-detail precision (0.758; 0.735):
# Zelensky's "unacceptable" quotation, quoted over two sentences in 000, joins 002's
# paraphrase of it. 0.3 is the least change inside that plateau.
QUOTE_BONUS = 0.3
# What a telling count two units of different articles both give (``shared_counts.count_pairs``:
# the same value, ten or more or a percentage) adds to their score, lifting it, as shared
# quoted words do, even from under the candidate floor. In a story of a few short reports the
# story's centre *is* its main finding, so centring leaves two reports of it little in common
# ("The U.S. economy added just 266,000 jobs in April" / "Nonfarm payrolls increased by only
# 266,000 jobs": centred similarity -0.03), while the number they share is exact. Claim
# alignment on AllSides dev (benchmarks/align_eval.py), P / R / F1: none 0.964 / 0.333 /
# 0.495, 0.1 0.938 / 0.369 / 0.530, 0.2 0.921 / 0.429 / 0.585, 0.3 0.907 / 0.476 / 0.624,
# 0.4 to 0.6 0.872 / 0.500 / 0.636; the seeds' alignment is the same at every value (0.873).
# 0.3, the quoted words' weight, keeps precision over 0.9.
COUNT_BONUS = 0.3
# What such shared runs add to a pair's score. On the seeds 0.05 to 0.2 give the same alignment
# (F1 0.828; 0.824 without) and unique-detail precision (0.735; 0.694 without): the two
# renderings of Zelensky's escalation quotation join (0.33 -> 0.43, over ``LINK_SCORE``).
PHRASE_BONUS = 0.1
# A unit that is at least this share quoted words of one rendering is a part of that rendering.
QUOTE_PART_SHARE = 0.5
# The verdict that closes a denied target ("... as 'absolutely groundless.'"): at most this
# many words after "as" at its end. It says the claim is false, not which claim.
VERDICT_WORDS = 4
_VERDICT = re.compile(rf"\bas(?:\W+\w+){{1,{VERDICT_WORDS}}}\W*$", re.I)


def load_embedder() -> Any:
    """Load the packaged MiniLM sentence encoder once; pass it to ``build_briefing``.

    This is ``storyline.embed``'s numpy forward pass of the same model, not
    sentence-transformers: importing torch alone costs 5-12 s, more than the whole ``analyze``
    budget on a handful of articles, and torch on two shared cores is no faster at this size.
    """
    from storyline.embed import load_embedder as load_numpy_embedder

    return load_numpy_embedder()


def embed(embedder: Any, texts: Sequence[str]) -> np.ndarray:
    """Unit-normalised embeddings, one row per text (one batched call for the whole run)."""
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    vecs = embedder.encode(
        list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vecs, dtype=np.float32)


def _quantity_keys(u: Unit) -> set[tuple[float | None, float | None]]:
    return {(q.low, q.high) for q in u.quantities if q.low is not None or q.high is not None}


def _date_keys(u: Unit) -> set[str]:
    return {d.value for d in u.dates if d.value}


def evidence(a: Unit, b: Unit, topic: set[str]) -> float:
    """Shared evidence between two units in [0, 1]: rare entities, numbers, days, words."""
    score = 0.0
    ents = (a.entities & b.entities) - topic
    if ents:
        score += 0.4
    if _quantity_keys(a) & _quantity_keys(b):
        score += 0.4
    if _date_keys(a) & _date_keys(b):
        score += 0.2
    return min(score, 1.0)


def topic_entities(units: Sequence[Unit]) -> set[str]:
    """Entities most of the story's articles name: the topic, useless as evidence."""
    arts = {u.article_id for u in units}
    df: Counter[str] = Counter()
    for aid in arts:
        df.update({e for u in units if u.article_id == aid for e in u.entities})
    limit = max(2, math.ceil(TOPIC_ENTITY_SHARE * len(arts)))
    return {e for e, n in df.items() if n >= limit}


def _word_overlap(units: Sequence[Unit]) -> np.ndarray:
    """IDF-weighted content-word overlap of every two units, over the lighter of the two.

    The bags are a sparse units x words matrix: a story's vocabulary runs to thousands of
    words, each unit holds a dozen, and a dense product of the two was a tenth of the
    stage's own time on 1,000 articles (cProfile)."""
    bags = [set(content_words(u.text)) for u in units]
    df: Counter[str] = Counter(w for bag in bags for w in bag)
    # sorted: the columns' order decides the order the shared weights are added in, and a
    # set's order changes with the process's string hashes
    vocab = {w: k for k, w in enumerate(sorted(df))}
    n = max(len(units), 2)
    idf = np.array([math.log(n / df[w]) for w in vocab], dtype=np.float32)
    cells = [sorted(vocab[w] for w in bag) for bag in bags]
    rows = [i for i, row in enumerate(cells) for _ in row]
    cols = [k for row in cells for k in row]
    shape = (len(units), len(vocab))
    onehot = csr_matrix((np.ones(len(cols), dtype=np.float32), (rows, cols)), shape=shape)
    weighted = csr_matrix((idf[cols], (rows, cols)), shape=shape)
    shared = (weighted @ onehot.T).toarray()
    totals = np.asarray(onehot @ idf, dtype=np.float32).ravel()
    den = np.minimum(totals[:, None], totals[None, :])
    return np.divide(shared, den, out=np.zeros_like(shared), where=den > 0)


def _holds(u: Unit, q: Quote) -> bool:
    """The unit holds the rendering, or is mostly a part of it: a quotation of two sentences
    ("... is unacceptable. These are the signals ...") spans two units, and the first one
    renders it as much as a unit that holds it whole."""
    inside = u.start <= q.start and q.end <= u.end
    shared = min(u.end, q.end) - max(u.start, q.start)
    return inside or shared >= QUOTE_PART_SHARE * (u.end - u.start)


def same_quotation(
    units: Sequence[Unit], cards: Sequence[Sequence[tuple[str, int, int]]]
) -> list[tuple[int, int]]:
    """Pairs of units of different articles that hold renderings of one quotation (a quote
    card of ``quotes.group_quotes``, given as the spans of its renderings): translations and
    rewordings of one statement ("overt involvement ... a deliberate step towards escalation" /
    "blatant involvement ... a clear step") that share too few words to align otherwise."""
    card_of = {span: k for k, card in enumerate(cards) for span in card}
    holders: dict[int, set[int]] = {}
    for i, u in enumerate(units):
        for q in u.quotes:
            k = card_of.get((q.article_id, q.start, q.end))
            if k is not None and _holds(u, q):
                holders.setdefault(k, set()).add(i)
    pairs = {
        (min(i, j), max(i, j))
        for us in holders.values()
        for i in us
        for j in us
        if units[i].article_id != units[j].article_id
    }
    return sorted(pairs)


def article_codes(units: Sequence[Unit]) -> np.ndarray:
    """Each unit's article as a small integer: the units x units comparisons of a story
    compare integers, not strings."""
    code: dict[str, int] = {}
    return np.array([code.setdefault(u.article_id, len(code)) for u in units], dtype=np.int32)


def scores(
    units: Sequence[Unit], vecs: np.ndarray, quoted: Sequence[tuple[int, int]] = ()
) -> np.ndarray:
    """Pair scores for a story: centred embedding similarity mixed with word overlap.

    Pairs of one article, or below ``CANDIDATE_FLOOR`` in centred similarity, score -1; the
    evidence bonus is only looked up for pairs that it could lift over ``LINK_SCORE``.
    """
    n = len(units)
    cen = vecs - vecs.mean(axis=0) if n > 2 else vecs
    norms = np.linalg.norm(cen, axis=1, keepdims=True)
    cen = cen / np.where(norms == 0, 1, norms)
    sim = cen @ cen.T
    art = article_codes(units)
    ok = (art[:, None] != art[None, :]) & (sim >= CANDIDATE_FLOOR)
    if n > TOP_K_NEIGHBOURS + 1:
        near = np.argpartition(-np.where(ok, sim, -2.0), TOP_K_NEIGHBOURS, axis=1)
        keep = np.zeros_like(ok)
        np.put_along_axis(keep, near[:, :TOP_K_NEIGHBOURS], True, axis=1)
        ok &= keep | keep.T
    mixed = (1 - WORD_WEIGHT) * sim + WORD_WEIGHT * _word_overlap(units)
    out = np.where(ok, mixed, -1.0).astype(np.float32)
    for i, j in {*shared_quotes(units), *quoted}:
        out[i, j] = out[j, i] = mixed[i, j] + QUOTE_BONUS
    for i, j in count_pairs(units):
        out[i, j] = out[j, i] = max(out[i, j], mixed[i, j]) + COUNT_BONUS
    for i, j in shared_phrases(units):
        if out[i, j] > -1.0:
            out[i, j] = out[j, i] = out[i, j] + PHRASE_BONUS
    topic = topic_entities(units)
    for i, j in np.argwhere(np.triu(out >= LINK_SCORE - EVIDENCE_BONUS, 1)):
        bonus = EVIDENCE_BONUS * evidence(units[i], units[j], topic)
        out[i, j] += bonus
        out[j, i] += bonus
    # A denial of Y and an assertion of Y share their words but never state one claim: a
    # denial aligns only with denials (the claim "S denied Y"), never as a source of Y.
    denial = np.array([u.denial for u in units])
    out = np.where(denial[:, None] == denial[None, :], out, -1.0).astype(np.float32)
    _denials_by_target(units, sim, out)
    return out


def _denials_by_target(units: Sequence[Unit], sim: np.ndarray, out: np.ndarray) -> None:
    """Two denials state one claim when they deny the same thing: their word overlap is taken
    over what each says is denied (the words after the cue), since every denial shares the
    words of denying ("foreign ministry spokesman ... rejected ... groundless")."""
    denied = {i: u.stance.target for i, u in enumerate(units) if u.denial and u.stance}
    if len(denied) < 2:
        return
    idx = list(denied)
    targets = [replace(units[i], text=denied[i]) for i in idx]
    # "dismissed the allegations": a target that only names a claim says nothing of what is
    # denied, and such a pair is scored by meaning alone (the shared words are the denial's)
    named = [names_target(units[i]) for i in idx]
    overlap = _word_overlap(targets)
    for a, i in enumerate(idx):
        for b, j in enumerate(idx):
            if out[i, j] > -1.0:
                words = overlap[a, b] if named[a] and named[b] else sim[i, j]
                out[i, j] = (1 - WORD_WEIGHT) * sim[i, j] + WORD_WEIGHT * words


def names_target(u: Unit) -> bool:
    """The unit is a denial that names what it denies ("rejected the idea that Chinese
    citizens ..."), not only a claim noun ("dismissed the allegations") or a verdict
    ("dismissed the accusation as 'groundless'")."""
    if u.stance is None:
        return False
    denied = _VERDICT.sub("", u.stance.target)
    return bool(set(content_words(denied)) - CLAIM_STEMS)


def _blind(units: Sequence[Unit]) -> np.ndarray:
    """Pairs of denials one of which names nothing it denies: their score is the sentences'
    likeness (speaker, cue, "groundless"), which says nothing about whether they deny one
    claim. In the average that decides a merge they count for nothing, so the denials that
    name what they deny decide ("rejected the idea that citizens were recruited in big
    numbers" joins "rejected claims that significant numbers ... were fighting" although a
    third outlet's "dismissed the accusation as groundless" shares nothing with it)."""
    denial = np.array([u.denial for u in units])
    named = np.array([names_target(u) for u in units])
    unnamed = denial & ~named
    return (denial[:, None] & denial[None, :]) & (unnamed[:, None] | unnamed[None, :])


def align(
    units: Sequence[Unit],
    vecs: np.ndarray,
    quoted: Sequence[tuple[int, int]] = (),
    family_of: Mapping[str, str] | None = None,
    sc: np.ndarray | None = None,
) -> list[list[int]]:
    """Group unit positions (rows of ``vecs``) into claims, best-scoring pairs first, then
    place a speaker's lone paraphrases (``attach.attach_paraphrases``); ``quoted``: pairs of
    units that quote one quotation (``same_quotation``); ``family_of``: article id -> wire
    family id (the paraphrase pass counts families); ``sc``: their ``scores``, when the
    caller has them."""
    n = len(units)
    if n == 0:
        return []
    sc = scores(units, vecs, quoted) if sc is None else sc
    art = article_codes(units)
    cross = art[:, None] != art[None, :]
    telling = cross & ~_blind(units)
    edges = [
        (float(sc[i, j]), int(i), int(j)) for i, j in np.argwhere(np.triu(sc >= LINK_SCORE, 1))
    ]
    edges.sort(reverse=True)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    root = list(range(n))

    def find(x: int) -> int:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    for _, i, j in edges:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        a, b = members[ri], members[rj]
        pairs = telling[np.ix_(a, b)]
        if not pairs.any():
            pairs = cross[np.ix_(a, b)]
        block = np.maximum(sc[np.ix_(a, b)][pairs], MERGE_CLIP)
        if block.size and float(block.mean()) < MERGE_MEAN_FLOOR:
            continue
        root[rj] = ri
        members[ri] = a + b
        del members[rj]
    return attach_paraphrases(units, [sorted(m) for m in members.values()], sc, family_of)


def medoid(group: Sequence[int], vecs: np.ndarray, units: Sequence[Unit] | None = None) -> int:
    """The member closest to the group's centre: the claim's representative wording.

    With ``units``, members that read as a sentence of their own (capitalised or opening a
    quotation) are preferred: a clause split off a compound sentence ("and the operator has
    suspended ...") is a faithful span but reads as a fragment when shown as the claim. And
    where that member does not read whole (``lines.whole``: an excerpt breaks it off, "Biden
    named Kilolo Kijakazi as..."; it ends at a comma) the member nearest the centre of those
    that are whole sentences (``complete_sentence``) stands for the claim: a line cut off is
    unreadable, and an omission is listed only for a claim whose line is whole
    (``omissions._stated_whole``), though another outlet states it whole.
    """
    best = _nearest(group, vecs, units)
    if units is None or whole(units[best].text):
        return best
    complete = [i for i in group if complete_sentence(units[i].text)]
    return _nearest(complete, vecs) if complete else best


def _nearest(members: Sequence[int], vecs: np.ndarray, units: Sequence[Unit] | None = None) -> int:
    """The member closest to the members' centre (of those that read as a sentence of their
    own, with ``units``); the first of two or fewer."""
    if units is not None:
        own = [i for i in members if units[i].text[:1].isupper() or units[i].text[:1] in "\"“‘'"]
        members = own or list(members)
    if len(members) <= 2:
        return members[0]
    sub = vecs[list(members)]
    return members[int(np.argmax(sub @ sub.mean(axis=0)))]


def complete_sentence(text: str) -> bool:
    """A whole sentence: it reads whole (``lines.whole``) and ends as a sentence does, not
    where a clause was split from it ("The announcement about the lawsuits comes")."""
    return whole(text) and text.rstrip().rstrip("\"”’')]").endswith((".", "!", "?"))
