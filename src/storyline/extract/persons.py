"""People across a run: full names joined by surname and spelling, one-word references
placed one by one.

A full name ("Lin Jian") keys a person; transliteration variants of a surname (Zelenskyy /
Zelensky) join when the given names do not conflict. A one-word reference ("Lin", "Mr. Lin",
"Clinton", "Hillary") is placed on its own, never through every other mention of the same
word in the run (that would make one person of Bill and Hillary Clinton): the full name its
article gives it (before it, else after it when titles agree), else the run's most mentioned
full name with that surname in another article. A given name alone never reaches into another
article.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache

from nicknames import NickNamer
from rapidfuzz import process
from rapidfuzz.distance import Indel

from storyline.extract.names import (
    HONORIFICS,
    SUFFIXES,
    MentionInfo,
    name_parts,
    suffix,
    surname,
)

# Transliteration variants differ by a letter or two: Zelenskyy/Zelensky scores 94,
# Bilohorivka/Belohorivka 91, while distinct places such as Austria/Australia score 87.5 and
# Niger/Nigeria 83; 90 keeps the first pair and separates the second.
FUZZY_MIN_RATIO = 90.0
# Below six letters a one-letter change is usually another name (Iran/Iraq, Lin/Liu).
FUZZY_MIN_LENGTH = 6


def similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < FUZZY_MIN_LENGTH or _numbers(a) != _numbers(b):
        return False
    return Indel.normalized_similarity(a, b) * 100 >= FUZZY_MIN_RATIO


def _numbers(name: str) -> list[str]:
    """The numbers a name holds: names that differ in one are two names however alike their
    letters ("5th U.S. Circuit Court of Appeals" / "9th ...", "Bill 8" / "Bill 90"; a
    fact-checker's trial found three circuits' courts as one entity)."""
    return re.findall(r"\d+", name)


def similar_pairs(words: list[str]) -> list[tuple[str, str]]:
    """Distinct pairs of ``words`` that pass ``similar``, compared in one vectorised call."""
    long = [w for w in words if len(w) >= FUZZY_MIN_LENGTH]
    if len(long) < 2:
        return []
    scores = process.cdist(
        long, long, scorer=Indel.normalized_similarity, score_cutoff=FUZZY_MIN_RATIO / 100
    )
    return [
        (long[i], long[j])
        for i, j in zip(*scores.nonzero(), strict=True)
        if i < j and _numbers(long[i]) == _numbers(long[j])
    ]


@lru_cache(maxsize=1)
def _nicknames() -> dict[str, set[str]]:
    """Given name -> its nicknames, from the ``nicknames`` package's hand-curated table of
    English given names ("charles" -> "chuck", "charlie", ...); read once, package data."""
    return NickNamer().nickname_lookup


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    table = _nicknames()
    return frozenset(table).union(*table.values())


def is_given_name(word: str) -> bool:
    """Whether ``word`` is an English given name or nickname the table knows."""
    return word in _given_names()


def nicknamed(x: str, y: str) -> bool:
    """Whether one given name is a shorter nickname of the other ("chuck" / "charles",
    "joe" / "joseph"): news outlets write one person both ways. The table also links
    names of the same length that are other people's ("andrew" / "andrea")."""
    table = _nicknames()
    short, full = sorted((x, y), key=len)
    return len(short) < len(full) and short in table.get(full, ())


def _tail_of(
    short: list[str], long: list[str], one_word: bool = False, known_given: bool = True
) -> bool:
    """Whether ``short`` is the end of ``long`` without its given name: "de blasio" of
    "bill de blasio". Only a name that does not start with a given name is such a tail, and
    only of one that does (``known_given``; ``_join_tails`` also asks an article's order):
    "Hillary Clinton" is not the end of a mis-cut "Crooked Hillary Clinton", whose first word
    is no given name. A name written as one hyphenated word (``one_word``: "Hannah-Jones")
    is a surname, whatever its first part."""
    return (
        len(short) < len(long)
        and long[len(long) - len(short) :] == short
        and (one_word or not is_given_name(short[0]))
        and (not known_given or is_given_name(long[0]))
    )


def _first_names_agree(a: list[str], b: list[str]) -> bool:
    """Given names compatible: equal, one missing, an initial ("V." for "Vladimir"), or one
    a nickname of the other ("Chuck" for "Charles"). Two suffixes that differ are two
    people (II, III); a suffixed name and a plain one with the same given name are father
    and son ("Donald Trump Jr."), with another form of it one person ("Joe" and "Joseph R.
    Biden Jr.")."""
    (fa, _), (fb, _) = name_parts(a), name_parts(b)
    xa, xb = suffix(a), suffix(b)
    if xa and xb and xa.rstrip(".") != xb.rstrip("."):
        return False
    if not fa or not fb:
        return True
    x, y = fa[0], fb[0]
    initial = x[0] == y[0] and min(len(x), len(y)) <= 2  # "V." for "Vladimir"
    if bool(xa) != bool(xb):
        return x != y and (initial or nicknamed(x, y))
    return x == y or initial or similar(x, y) or nicknamed(x, y)


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def join_full_names(
    named: list[MentionInfo], by_key: dict[tuple[str, str], int], uf: UnionFind
) -> dict[str, list[int]]:
    """2. Full person names by surname; fuzzy merge of variants with compatible first names.
    Returns surname -> indices of the full names with that surname."""
    fulls: dict[str, list[int]] = defaultdict(list)  # surname -> full-name key indices
    for (etype, _), k in by_key.items():
        if etype == "PERSON" and len(named[k].tokens) >= 2:
            fulls[surname(named[k].tokens)].append(k)
    agree = _agreement(named)
    for a, b in similar_pairs(sorted(fulls)):
        for x in fulls[a]:
            for y in fulls[b]:
                if x != y and agree(x, y):
                    uf.union(x, y)
    for x in (k for ks in fulls.values() for k in ks):
        for y in fulls[surname(named[x].tokens)]:
            if x != y and agree(x, y):
                uf.union(x, y)
    _join_tails(named, fulls, uf)
    _join_suffixed_surnames(named, fulls, uf)
    return fulls


def _agreement(named: list[MentionInfo]) -> Callable[[int, int], bool]:
    """Whether two full names (by index) are one person: ``_first_names_agree``, or one is
    the other with a generational suffix ("Samuel Alito", "Samuel A. Alito Jr.") and no
    article writes both, as one that names a father and his son does ("Donald J. Trump",
    "Donald Trump Jr.")."""
    written: dict[str, set[str]] = defaultdict(set)  # a full name -> articles writing it
    for inf in named:
        if len(inf.tokens) >= 2:
            written[" ".join(inf.tokens)].add(inf.mention.article_id)

    def agree(x: int, y: int) -> bool:
        a, b = named[x].tokens, named[y].tokens
        if _first_names_agree(a, b):
            return True
        if bool(suffix(a)) == bool(suffix(b)) or name_parts(a)[0][:1] != name_parts(b)[0][:1]:
            return False
        return written[" ".join(a)].isdisjoint(written[" ".join(b)])

    return agree


def _join_tails(named: list[MentionInfo], fulls: dict[str, list[int]], uf: UnionFind) -> None:
    """A name that is the end of one longer name of its surname joins it ("De Blasio" of
    "Bill de Blasio", ``_tail_of``); the end of two ("Le Pen" of Jean-Marie and of Marion
    Maréchal-Le Pen) names neither for sure, and joins none. A longer name whose first word
    the table of given names does not know is a host too where an article writes it before
    the shorter one (``_introduced``: "Daniella Levine Cava", then "Levine Cava"), as news
    names a person in full first and by surname after."""
    introduced = _introduced(named)
    for ks in fulls.values():
        cores = {k: [*given, last] for k in ks for given, last in [name_parts(named[k].tokens)]}
        for x in ks:
            one = " " not in named[x].mention.text.strip()  # "Hannah-Jones"
            hosts = {
                tuple(cores[y]): y
                for y in ks
                if y != x
                and (
                    _tail_of(cores[x], cores[y], one)
                    or (
                        (tuple(named[y].tokens), tuple(named[x].tokens)) in introduced
                        and _tail_of(cores[x], cores[y], one, known_given=False)
                    )
                )
            }
            if len(hosts) == 1:
                uf.union(x, next(iter(hosts.values())))


def _introduced(named: list[MentionInfo]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(longer, shorter) person names, as token tuples, where the shorter is the end of the
    longer and an article writes the longer first ("Daniella Levine Cava" ... "Levine
    Cava"). ``named`` is in article order, each article's mentions in text order."""
    out: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    seen: dict[str, list[tuple[str, ...]]] = defaultdict(list)  # article -> names so far
    for inf in named:
        if inf.mention.label != "PERSON" or len(inf.tokens) < 2:
            continue
        name = tuple(inf.tokens)
        before = seen[inf.mention.article_id]
        out.update(
            (long, name)
            for long in before
            if len(long) > len(name) and long[len(long) - len(name) :] == name
        )
        before.append(name)
    return out


def _join_suffixed_surnames(
    named: list[MentionInfo], fulls: dict[str, list[int]], uf: UnionFind
) -> None:
    """A surname with its generational suffix ("Vance Jr.", where the Hill wrote "Cy Vance
    Jr." and the model read the name from the surname on) joins the one person of the run
    named in full with that surname and that suffix ("Cyrus Vance Jr."); "Trump Jr." never
    joins Donald Trump, whose name has no suffix."""
    for ks in list(fulls.values()):
        for x in ks:
            toks = named[x].tokens
            if len(toks) != 2 or toks[1] not in SUFFIXES:
                continue
            roots = {
                uf.find(y)
                for y in fulls.get(toks[0], ())
                if len(named[y].tokens) > 2 and named[y].tokens[-1] == toks[1]
            }
            if len(roots) == 1:
                uf.union(next(iter(roots)), x)


def join_one_word_persons(
    named: list[MentionInfo], types: list[str], uf: UnionFind, fulls: dict[str, list[int]]
) -> None:
    """3. Each one-word person reference joins the full name its own article gives it
    (``_in_article``; a repeated "Obama" means what the article's first "Obama" meant), else
    the run's most mentioned full name with that surname in another article; a given name
    alone never reaches into another article ("Joseph" of a school protest is not Joseph R.
    Biden Jr.). References that reach no full name join the same word elsewhere in the run."""
    surnames = sorted(fulls)
    run_count: Counter[int] = Counter(uf.find(k) for k in range(len(named)))
    by_article: dict[str, list[int]] = defaultdict(list)  # article -> full-name indices
    for k, inf in enumerate(named):
        if types[k] == "PERSON" and len(inf.tokens) >= 2:
            by_article[inf.mention.article_id].append(k)
    titles: dict[str, set[str]] = defaultdict(set)  # full name -> its roles over the run
    for ks in by_article.values():
        for j in ks:
            titles[" ".join(named[j].tokens)].update(named[j].roles)
    alone: dict[str, int] = {}
    earlier: dict[tuple[str, str], int] = {}  # (article, word) -> what it meant there
    like: dict[str, list[str]] = {}  # word -> the surnames ``similar`` to it
    for k, inf in enumerate(named):
        if types[k] != "PERSON" or len(inf.tokens) >= 2:
            continue
        word, aid = inf.tokens[0], inf.mention.article_id
        fulls_here = by_article[aid]
        offices = set(inf.roles) - HONORIFICS

        def agrees(j: int, offices: set[str] = offices) -> bool:
            """A titled reference ("President Obama") names a full name the run titles
            alike somewhere (not "Michelle Obama"); an untitled one, any."""
            return not offices or bool(offices & titles[" ".join(named[j].tokens)])

        target = _named_before(named, inf, fulls_here, agrees)
        if target is None:
            target = earlier.get((aid, word))
        if target is None:
            target = _named_after(named, inf, fulls_here, agrees)
        if target is None:
            if word not in like:  # the surnames a word matches, found once a word
                like[word] = [s for s in surnames if similar(s, word)]
            cands = [j for s in like[word] for j in fulls[s] if named[j].mention.article_id != aid]
            # titled otherwise than the run titles anyone of that surname ("Sen. Blackburn"
            # where "Marsha Blackburn" is untitled; "Bush, a nurse" where the article names
            # "Cori Bush"): the one person the article so names, before another article's
            # namesake whose title does not agree either (George W. Bush)
            same = {uf.find(j) for j in fulls_here if similar(surname(named[j].tokens), word)}
            titled = [j for j in cands if agrees(j)]
            if titled or (cands and len(same) != 1):
                target = max(titled or cands, key=lambda j: (run_count[uf.find(j)], -j))
            elif len(same) == 1:
                target = next(iter(same))
        if target is None:
            target = alone.setdefault(word, k)
        earlier[(aid, word)] = target
        uf.union(target, k)


def _named_before(
    named: list[MentionInfo], ref: MentionInfo, fulls: list[int], agrees: Callable[[int], bool]
) -> int | None:
    """The last full name of the article before the one-word reference ``ref`` with its
    surname (and a title that ``agrees``), else with it as given or family-name-first name
    ("Mr. Lin", "Hillary")."""
    word, at = ref.tokens[0], ref.mention.start
    for hits in (
        [j for j in fulls if similar(surname(named[j].tokens), word) and agrees(j)],
        [j for j in fulls if named[j].tokens[0] == word],
    ):
        before = [j for j in hits if named[j].mention.start < at]
        if before:
            return before[-1]
    return None


def _named_after(
    named: list[MentionInfo], ref: MentionInfo, fulls: list[int], agrees: Callable[[int], bool]
) -> int | None:
    """The first full name of the article after ``ref`` with its surname and a title that
    ``agrees``, else with it as given name (a headline's "Hillary")."""
    word = ref.tokens[0]
    for j in fulls:
        if similar(surname(named[j].tokens), word) and agrees(j):
            return j
    return next((j for j in fulls if named[j].tokens[0] == word), None)
