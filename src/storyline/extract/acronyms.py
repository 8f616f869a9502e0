"""Acronyms: an organisation written as its initials ("FDA") is the name they stand for.

Writers define an acronym once, in brackets after the name it stands for, then use it alone;
other outlets of the run use it without the definition. A definition is the strongest
evidence there is that the two are one body, stronger than initials that happen to fit
("Centers for Disease Control and Prevention" has the initials CFDCAP, and is the CDC).
``names`` marks each name an acronym follows in brackets, and each later use of that acronym
in the article (the model tags few of them); ``join_acronyms`` joins every mention of a
defined acronym in the run to the name defining it, and an undefined one to the name whose
initials it is, when most articles writing it write that name too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from storyline.extract.institutions import SEP, head_first

if TYPE_CHECKING:
    from storyline.extract.names import MentionInfo
    from storyline.extract.persons import UnionFind

#: The acronym in brackets straight after a name: capitals, with dots or an ampersand
#: ("(LAPD)", "(U.N.)", "(AT&T)"); "(R-Ark.)" and "(D)" are a party, not a name's short form.
_DEFINED = re.compile(r"\s?\(([A-Z][A-Z.&]{1,11})\)")
#: Fewest letters an acronym has.
MIN_LETTERS = 2
#: Words an acronym leaves out, or may ("Department of Justice" is DOJ, "Centers for Disease
#: Control and Prevention" CDCP or CDC).
_SMALL_WORDS = frozenset({"and", "of", "the", "for", "on", "in", "&"})
#: Share of the articles writing an acronym that must also write the name it stands for: more
#: than half, so an acronym the run mostly uses for another body (NBC, the network, beside
#: one article's National Baptist Convention) is left alone.
ACRONYM_BESIDE_SHARE = 0.5
#: Fewest letters of an acronym joined to the one name it spells out word for word, whatever
#: share of its articles write that name (``_spelled_out``).
SPELLED_MIN_LETTERS = 4


def defined_after(text: str, end: int, tokens: list[str]) -> str:
    """The acronym (lower case, letters only) bracketed in ``text`` right after a name that
    ends at ``end`` and whose normalised words are ``tokens``, when it abbreviates that name
    (``abbreviates``); else ""."""
    found = _DEFINED.match(text, end)
    if found is None:
        return ""
    acronym = letters(found.group(1))
    return acronym if abbreviates(acronym, tokens) else ""


def letters(acronym: str) -> str:
    """How acronyms compare: letters only, lower case ("U.N." is "un")."""
    return "".join(c for c in acronym.lower() if c.isalpha())


def abbreviates(acronym: str, words: list[str]) -> bool:
    """``acronym``'s letters are initials of ``words`` in their order, opening with the
    first word's ("Centers for Disease Control and Prevention": CDC) or closing with the last
    word's ("Department of Health and Human Services": HHS)."""
    initials = [w[0] for w in words if w and w[0].isalnum()]
    if len(acronym) < MIN_LETTERS or len(initials) < MIN_LETTERS:
        return False
    if acronym[0] != initials[0] and acronym[-1] != initials[-1]:
        return False
    rest = iter(initials)
    return all(letter in rest for letter in acronym)  # a subsequence: ``in`` consumes


def _initials(words: list[str], country_word: Callable[[str], bool]) -> set[tuple[str, str]]:
    """The acronyms a name can have, each with the name it stands for: its words' initials,
    with and without its small words ("Department of Justice": DOJ, DJ), and without a
    leading country ("US Food and Drug Administration": FDA, for "food and drug
    administration")."""
    out = set()
    for ws in (words, words[1:]) if words and country_word(words[0]) else (words,):
        name = " ".join(ws)
        # a key writes "justice department" (``head_last``): DOJ as well as JD
        for kept in (ws, [w for w in ws if w not in _SMALL_WORDS], head_first(ws)):
            if len(kept) >= 2:
                out.add(("".join(w[0] for w in kept), name))
    return out


def join_acronyms(
    named: list[MentionInfo],
    by_key: dict[tuple[str, str], int],
    uf: UnionFind,
    country_word: Callable[[str], bool],
) -> None:
    """An organisation written as its acronym ("FDA") joins the one it stands for: the
    names whose initials it is ("Food and Drug Administration", "US Food and Drug
    Administration"), if they are one name, with or without a country, and if most articles
    that write the acronym write that name too (``ACRONYM_BESIDE_SHARE``: the one article
    that names the National Baptist Convention does not make every NBC of a run a church
    body). Two names of one acronym (ICE) leave it alone."""
    # a name's group so far -> the articles writing it: "the Food and Drug Administration"
    # of an article that names no country for it is the run's "U.S. Food and Drug
    # Administration" (``bare_follows``), and an FDA beside it is beside that name
    # (the groups as they stand before any acronym joins: the same in any order)
    root = [uf.find(k) for k in range(len(named))]
    articles: dict[int, set[str]] = defaultdict(set)
    for k, inf in enumerate(named):
        articles[root[k]].add(inf.mention.article_id)
    hosts: dict[str, list[tuple[str, int]]] = defaultdict(list)  # acronym -> (name, index)
    acronyms: list[tuple[str, int]] = []
    for (etype, key), k in by_key.items():
        if etype != "ORG":
            continue
        text = named[k].mention.text.replace(".", "")
        if _acronym(text):
            acronyms.append((text.lower(), k))
            continue
        for initials, name in _initials(key.rpartition(SEP)[2].split(), country_word):
            hosts[initials].append((name, k))
    defined = _definitions(named, root)
    for acronym, k in acronyms:
        if len(defined.get(acronym, ())) == 1:
            uf.union(k, next(iter(defined[acronym])))  # an article said what it stands for
            continue
        found = hosts.get(acronym, [])
        if not found or len({name for name, _ in found}) > 1:
            continue
        written = articles[root[k]]
        beside = written & set().union(*(articles[root[j]] for _, j in found))
        if len(beside) > ACRONYM_BESIDE_SHARE * len(written) or _spelled_out(acronym, found):
            for _, j in found:
                uf.union(k, j)


def _spelled_out(acronym: str, found: list[tuple[str, int]]) -> bool:
    """The run's one name for a long acronym is every word's initial, in order ("NCAA": the
    National Collegiate Athletic Association): no chance fit, so no share of articles is
    asked (a trial found the NCAA and the association apart where one outlet of three wrote
    the name). Three letters fit by chance too often (NBC, the National Baptist Convention)."""
    names = {name for name, _ in found}
    return (
        len(acronym) >= SPELLED_MIN_LETTERS
        and len(names) == 1
        and "".join(w[0] for w in next(iter(names)).split()) == acronym
    )


def _acronym(text: str) -> bool:
    """Capitals, an ampersand allowed between them ("J&J", "AT&T", which stand for "Johnson &
    Johnson" and "American Telephone & Telegraph": a trial found J&J apart from the company)."""
    bare = text.replace("&", "")
    return " " not in text and bare.isalpha() and bare.isupper() and 2 <= len(bare) <= 6


def _definitions(named: list[MentionInfo], root: list[int]) -> dict[str, set[int]]:
    """Each acronym an article defines (``acronyms``: "the Los Angeles Police Department
    (LAPD)") -> the groups of the names defining it; one group: every mention of the
    acronym in the run is that body (no share of articles asked: the writer said so)."""
    out: dict[str, set[int]] = defaultdict(set)
    for k, inf in enumerate(named):
        if inf.defines:
            out[inf.defines].add(root[k])
    return out
