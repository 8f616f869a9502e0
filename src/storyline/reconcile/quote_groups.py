"""One card per quotation: which quotes of a story render the same utterance.

Outlets render one utterance in many ways: translation variants ("correctly view" / "correctly
assess"), a few words of it as a partial quote, a paraphrase in reported speech, a quote split
by its cue (“…,” he said. “…”), the same words quoted again further down. A story's quotes are
grouped in three steps:

1. *Cue splits*: two direct quotes of one paragraph separated only by a short attribution are
   one quotation.
2. *Renderings*: the remaining quotes, longest first, each join the quotation they render best:
   compatible speakers and the same meaning, by embedding and by shared rare words (words every
   quote of the story uses, "Chinese", "Russia", say nothing about which quotation it is).
3. *Nesting*: a quote inside a longer quote of the same article (a partial inside reported
   speech) belongs to that quotation.

Speakers are compatible unless both are named and differ, except a person and an institution
(Lin Jian speaks for Beijing; an outlet credits his words to either), whose renderings must
then share their wording.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from storyline.models import Entity, Quote
from storyline.reconcile.quote_parts import joined
from storyline.reconcile.quote_runs import shared_runs
from storyline.reconcile.units import content_words
from storyline.reconcile.words import wording

# A rendering joins a quotation when embedding similarity plus half the shared share of rare
# words reaches this. Measured on the seeds' quote pairs (tests/gold/seeds.briefing.json):
# renderings of one quotation score 0.92-1.33 (a paraphrase shares few words but means the
# same), different quotations of one speaker on one subject 0.82-1.02; quote-group B-cubed F1
# on the seeds is flat at 0.938 from 0.93 to 0.97 (0.930 at 1.0), and this is its middle.
LINK_SCORE = 0.95
WORD_WEIGHT = 0.5
# Which quotes are worth encoding (``comparable``): a pair that shares less than this share of
# rare words and is no cut-down copy needs similarity 0.85 or more to link (``LINK_SCORE`` less
# ``WORD_WEIGHT`` times its share), and two such quotes never come near it: the most similar
# such pair scores 0.83 among the 143,000 pairs of the seeds', 200 ECB+ and 150 PolNeAR
# articles' quotes, and every linking pair there shares 0.29 or more. A quote with no partner
# at this share or above links by its words alone, so the encoder skips it: on 150 PolNeAR
# articles (114 one-article stories) that is 45% of the quotes of one-article stories' tokens.
# 0.25 keeps a margin under the 0.29 every linking pair shares and skips more: on the 300
# articles of ``analyze_speed.py`` the encoded quotes' tokens fall 57,542 -> 49,754 (all
# texts 131,194 -> 123,406), and no story's quote groups change (nor at 0.29; one at 0.35).
ENCODE_MIN_SHARE = 0.25
# A bag of fewer content words shares nothing worth counting ("there could be more" and
# "many more" share "more", all of the first one's words).
MIN_BAG = 2
# Wordings alike enough to be the same words, whoever an outlet credits them to.
SAME_WORDS_SIM = 0.9
# A person's words and an institution's may be one quotation (a spokesman's and his
# ministry's), but a few words in common do not show it: a new user's AllSides run put BBC's
# "Turkey ... rejecting the term “genocide”" on Biden's card as a cut-down copy of his
# statement, and the card read "Joe Biden denies". A cut-down copy links a person and an
# institution only when the shorter quotes more than this many words (the longest term a
# writer quotes, ``quotes.SCARE_QUOTE_MAX_WORDS``); shorter, only ``SAME_WORDS_SIM`` does.
APART_MIN_WORDS = 4
# Organisations and places speak through people: their renderings may carry a person's words.
_INSTITUTIONS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC"})
# A question and its answer share their words ("asked why he was 'confident' Putin would
# change" / "I'm not confident he'll change his behavior") but are two people's words: a new
# user's AllSides run showed a reporter's question on Biden's card. A question is a quote of
# the cue "ask" that reads as one (a "?", or a "wh" word, "whether" or "if" first); "asked
# Congress to pass the bill" is a request, which its speaker may also say.
_ASKING = "ask"
#: Endings of words in -s that are no plural ("boss", "census", "analysis").
_NOT_PLURAL = ("ss", "us", "is")
_QUESTION_WORDS = frozenset("why what how when where who whom whose which whether if".split())


def _contained(a: list[str], b: list[str]) -> bool:
    """Whether word list ``a`` is a contiguous run of ``b``."""
    if not a or len(a) > len(b):
        return False
    return any(b[i : i + len(a)] == a for i in range(len(b) - len(a) + 1))


def _one_article_apart(a: Quote, b: Quote) -> bool:
    """Two quotes of one article, neither inside the other: two statements of that article,
    whose speakers ``_Pairs._group_and_person`` may tell apart ("Joe Biden said he has agreed
    to a deal" and "Both Republican and Democratic senators said there was an agreement",
    CNN, AllSides dev: the senators' sat on Biden's card)."""
    if a.article_id != b.article_id:
        return False
    return not (a.start <= b.start and b.end <= a.end or b.start <= a.start and a.end <= b.end)


def _question(q: Quote) -> bool | None:
    """The quote is a question someone asked (``_ASKING``); None for a partial quote of an
    asking cue (a word of the question, "why he was 'confident'", reads as no question)."""
    if q.cue != _ASKING:
        return False
    if q.kind == "partial":
        return None
    first = wording(q.text)[:1]
    return "?" in q.text or (bool(first) and first[0] in _QUESTION_WORDS)


class _Pairs:
    """The pairwise evidence between a story's quotes."""

    def __init__(
        self, quotes: Sequence[Quote], vecs: np.ndarray | None, types: Mapping[str, str]
    ) -> None:
        self.quotes = quotes
        self.types = types
        self.sim = vecs @ vecs.T if len(quotes) and vecs is not None else np.zeros((0, 0))
        self.bags = [set(content_words(q.text)) for q in quotes]
        self.words = [wording(q.text) for q in quotes]
        df = Counter(w for bag in self.bags for w in bag)
        n = max(len(quotes), 2)
        # Rare words weigh more; a word in every quote of the story weighs nothing.
        self.idf = {w: math.log(n / c) for w, c in df.items()}
        # fsum: a set's order changes with the process's string hashes, and a plain float sum
        # with it; a share on ``ENCODE_MIN_SHARE`` or a link score on ``LINK_SCORE`` then
        # went either way from run to run (which quotes were encoded differed).
        self.weight = [math.fsum(self.idf[w] for w in bag) for bag in self.bags]
        self.phrased = shared_runs(quotes)

    def speakers(self, i: int, j: int) -> str:
        """``same``, ``open`` (one or both unknown), ``apart`` (a person and an institution)
        or ``clash`` (two different named people, or two of one kind, or a question and what
        is no question of an unknown speaker)."""
        a, b = self.quotes[i], self.quotes[j]
        if a.speaker_entity and b.speaker_entity:
            if a.speaker_entity == b.speaker_entity:
                return "same"
            ta = self.types.get(a.speaker_entity, "")
            tb = self.types.get(b.speaker_entity, "")
            if (ta == "PERSON") != (tb == "PERSON") and {ta, tb} & _INSTITUTIONS:
                return "apart"
            return "clash"
        if a.speaker_name and b.speaker_name and a.speaker_name.lower() == b.speaker_name.lower():
            return "same"
        if _one_article_apart(a, b) and (
            self._group_and_person(a, b) or self._group_and_person(b, a)
        ):
            return "clash"
        qa, qb = _question(a), _question(b)
        if qa is not None and qb is not None and qa != qb:
            return "clash"  # a question and what is none, their speakers not both known
        return "open"

    def _group_and_person(self, group: Quote, person: Quote) -> bool:
        """``group`` is credited to people written as a plural ("Both Republican and
        Democratic senators"), ``person`` to a person the run names: never one speaker."""
        if group.speaker_entity or not group.speaker or not person.speaker_entity:
            return False
        last = group.speaker.split()[-1]
        plural = last.islower() and last.endswith("s") and not last.endswith(_NOT_PLURAL)
        return plural and self.types.get(person.speaker_entity) == "PERSON"

    def rare_share(self, i: int, j: int) -> float:
        """The idf-weighted share of the smaller bag of content words that both share (none
        when the smaller bag is too small for a share to mean anything)."""
        a, b = self.bags[i], self.bags[j]
        if min(len(a), len(b)) < MIN_BAG:
            return 0.0
        low = min(self.weight[i], self.weight[j])
        shared = math.fsum(self.idf[w] for w in a & b)
        return shared / low if low > 0 else 1.0

    def same_words(self, i: int, j: int) -> bool:
        """One rendering's words are a run of the other's (a partial quote cut from it)."""
        bi, bj = self.bags[i], self.bags[j]
        if not bi or not bj or not (bi <= bj or bj <= bi):
            return False  # cheap: a run of the other's words has a subset of its content words
        wi, wj = self.words[i], self.words[j]
        return _contained(wi, wj) or _contained(wj, wi)

    def _quotes_enough(self, i: int, j: int) -> bool:
        """The shorter of two renderings quotes more than ``APART_MIN_WORDS`` words."""
        return min(len(self.words[i]), len(self.words[j])) > APART_MIN_WORDS

    def link(self, i: int, j: int) -> float | None:
        """How strongly quotes ``i`` and ``j`` render one quotation (the score a group is
        chosen by), None when they do not."""
        spk = self.speakers(i, j)
        if spk == "clash":
            return None
        sim = float(self.sim[i, j])
        if self.same_words(i, j) and (spk != "apart" or self._quotes_enough(i, j)):
            return sim + WORD_WEIGHT
        if spk == "apart":
            return sim if sim >= SAME_WORDS_SIM else None
        if (min(i, j), max(i, j)) in self.phrased:
            return sim + WORD_WEIGHT
        if sim + WORD_WEIGHT < LINK_SCORE:
            return None  # even every rare word shared would not reach it
        score = sim + WORD_WEIGHT * self.rare_share(i, j)
        return score if score >= LINK_SCORE else None


def _container(k: int, quotes: Sequence[Quote], pairs: _Pairs) -> int | None:
    """The shortest longer quote of the same article whose span holds quote ``k``, or else
    the first partial quote of the sentence fragment by fragment (“…” in its invasion “…”:
    partial quotes of one cue are fragments of one quoted sentence)."""
    q = quotes[k]
    best: int | None = None
    for j, o in enumerate(quotes):
        if j == k or o.article_id != q.article_id or not (o.start <= q.start and q.end <= o.end):
            continue
        if (o.end - o.start, j) <= (q.end - q.start, k) or pairs.speakers(j, k) == "clash":
            continue
        if best is None or o.end - o.start < quotes[best].end - quotes[best].start:
            best = j
    return best if best is not None else _first_fragment(k, quotes)


def _quoted_apart(g: list[int], h: list[int], i: int, k: int, quotes: Sequence[Quote]) -> bool:
    """Whether the two parts ``i`` and ``k`` of a cut quote are also rendered apart: each
    one's quotation holds another rendering (another outlet's, or the same words again
    further down), not only quotes nested in the part itself."""

    def elsewhere(group: list[int], part: int) -> bool:
        p = quotes[part]
        return any(
            m != part
            and not (quotes[m].article_id == p.article_id and p.start <= quotes[m].start < p.end)
            for m in group
        )

    return elsewhere(g, i) and elsewhere(h, k)


def join_cue_splits(
    groups: list[list[int]], quotes: Sequence[Quote], texts: Mapping[str, str], pairs: _Pairs
) -> list[list[int]]:
    """Merge the groups of a quote cut in two by its cue (“…,” he said. “…”), unless other
    outlets quote the two parts apart (then they are two quotations)."""
    where = {m: g for g in groups for m in g}
    # Quoted words only: reported speech inside the attribution ("she said of the election,
    # in which she was sure ...") sits between the two parts without parting them.
    quoted = [k for k in range(len(quotes)) if quotes[k].kind != "reported"]
    order = sorted(quoted, key=lambda k: (quotes[k].article_id, quotes[k].start))
    for i, k in zip(order, order[1:], strict=False):
        a, b = quotes[i], quotes[k]
        g, h = where[i], where[k]
        if a.article_id != b.article_id or g is h or pairs.speakers(i, k) == "clash":
            continue
        if not joined(texts.get(a.article_id, ""), a, b):
            continue
        if _quoted_apart(g, h, i, k, quotes):
            continue
        g.extend(h)
        for m in h:
            where[m] = g
        h.clear()
    return [sorted(g) for g in groups if g]


def runs(
    group: Sequence[int], quotes: Sequence[Quote], texts: Mapping[str, str]
) -> list[list[int]]:
    """A group's renderings: each quote alone, except the parts of a quote cut by its cue,
    which are one rendering from the first part's start to the last part's end."""
    out: list[list[int]] = []
    for k in sorted(group, key=lambda k: (quotes[k].article_id, quotes[k].start)):
        prev = out[-1][-1] if out else None
        if prev is not None and quotes[prev].article_id == quotes[k].article_id:
            if joined(texts.get(quotes[k].article_id, ""), quotes[prev], quotes[k]):
                out[-1].append(k)
                continue
        out.append([k])
    return out


def _first_fragment(k: int, quotes: Sequence[Quote]) -> int | None:
    """The first partial quote with the same cue and speaker mention as partial quote ``k``,
    when not ``k`` ("rejected Zelensky's claim that “many” ... as “groundless”" quotes two
    people under one cue)."""
    q = quotes[k]
    if q.kind != "partial" or q.cue_start is None or q.speaker_start is None:
        return None
    same = [
        j
        for j, o in enumerate(quotes)
        if o.kind == "partial"
        and o.article_id == q.article_id
        and (o.cue_start, o.speaker_start) == (q.cue_start, q.speaker_start)
    ]
    first = min(same, key=lambda j: quotes[j].start)
    return None if first == k else first


def _units(quotes: Sequence[Quote], pairs: _Pairs) -> list[list[int]]:
    """Each quote not inside another, with the quotes nested in it (a partial quote inside the
    reported speech that holds it): one rendering, compared by all its words."""
    parent = {k: _container(k, quotes, pairs) for k in range(len(quotes))}

    def root(k: int) -> int:
        up = parent[k]
        return k if up is None else root(up)

    units: dict[int, list[int]] = {}
    for k in range(len(quotes)):
        units.setdefault(root(k), []).append(k)
    return sorted(units.values(), key=lambda u: -max(len(quotes[k].text) for k in u))


def _link(u: list[int], g: list[int], pairs: _Pairs) -> float | None:
    """How well unit ``u`` renders the quotation ``g``: its best pair's score, None when no
    pair renders one quotation or two speakers clash."""
    best: float | None = None
    for i in u:
        for j in g:
            if pairs.speakers(i, j) == "clash":
                return None
            s = pairs.link(i, j)
            if s is not None and (best is None or s > best):
                best = s
    return best


def comparable(quotes: Sequence[Quote], entities: Mapping[str, Entity] | None = None) -> list[int]:
    """The quotes of a story whose vectors ``group_indices`` can need: each that has a partner
    whose speaker does not clash and that is a cut-down copy of it or shares at least
    ``ENCODE_MIN_SHARE`` of its rare words. Another quote links to nothing by meaning, so its
    vector is never read; it may go unencoded (a zero vector)."""
    ents = entities or {}
    # the types of these quotes' speakers only, as in group_indices: all of the run's
    # entities for each story is quadratic in the archive
    types = {k: e.type for q in quotes if (e := ents.get(k := q.speaker_entity or ""))}
    pairs = _Pairs(quotes, None, types)
    # Quotes of one rendering (a partial quote nested in the reported speech that holds it)
    # are never scored against each other: only a partner in another rendering counts.
    unit_of = {k: n for n, u in enumerate(_units(quotes, pairs)) for k in u}
    # A partner shares a content word (a cut-down copy has a subset of its words; a share
    # above nothing is of shared words), so only quotes holding one of its words are tried:
    # every pair of a story's quotes was 590,000 speaker checks on 300 articles.
    holders: dict[str, list[int]] = {}
    for at, bag in enumerate(pairs.bags):
        for w in bag:
            holders.setdefault(w, []).append(at)
    out = []
    for i in range(len(quotes)):
        for j in sorted({j for w in pairs.bags[i] for j in holders[w]}):
            if unit_of[i] != unit_of[j] and pairs.speakers(i, j) != "clash":
                if (
                    pairs.same_words(i, j)
                    or (min(i, j), max(i, j)) in pairs.phrased
                    or pairs.rare_share(i, j) >= ENCODE_MIN_SHARE
                ):
                    out.append(i)
                    break
    return out


def group_indices(
    quotes: Sequence[Quote],
    vecs: np.ndarray,
    entities: Mapping[str, Entity] | None = None,
    texts: Mapping[str, str] | None = None,
) -> list[list[int]]:
    """The quotations of a story's quotes, as lists of indices into ``quotes``."""
    ents = entities or {}
    # the types of these quotes' speakers only: all the run's entities per story is quadratic
    types = {k: e.type for q in quotes if (e := ents.get(k := q.speaker_entity or ""))}
    pairs = _Pairs(quotes, vecs, types)
    groups: list[list[int]] = []
    for u in _units(quotes, pairs):
        links = [(s, n) for n, g in enumerate(groups) if (s := _link(u, g, pairs)) is not None]
        if links:
            groups[max(links)[1]].extend(u)
        else:
            groups.append(list(u))
    return join_cue_splits(groups, quotes, texts or {}, pairs)
