"""A name's first word that only a sentence's start capitalises ("Top Justice Department")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from storyline.extract.institutions import SEP
from storyline.extract.names import MentionInfo
from storyline.extract.naming import MIN_NAME_WORDS
from storyline.extract.persons import UnionFind


def join_opening_words(
    named: list[MentionInfo],
    types: list[str],
    uf: UnionFind,
    by_key: dict[tuple[str, str], int],
    keys_of: Callable[[list[list[str]]], list[str]],
) -> None:
    """A name whose first word opens its sentence and is nowhere written inside one ("Top
    Justice Department officials ...") is the name after that word, when the run writes that
    name inside a sentence: the capital is the position's (a fact-checker's trial found "Top
    Justice Department" apart from the Justice Department). ``keys_of`` gives the join keys
    of words in place of each mention's own (``_join_exact``'s ``by_key`` holds them); an
    empty list leaves a mention as it is."""
    inside = {
        (t, " ".join(inf.tokens)) for inf, t in zip(named, types, strict=True) if not inf.opens
    }
    shorter = [
        inf.tokens[1:]
        if t != "PERSON"
        and inf.opens
        and len(inf.tokens) > MIN_NAME_WORDS
        and (t, " ".join(inf.tokens)) not in inside
        and (t, " ".join(inf.tokens[1:])) in inside
        else []
        for inf, t in zip(named, types, strict=True)
    ]
    # the shorter name as the run keys it, or as the one country the run writes it of
    # ("us|justice department")
    of_country: dict[tuple[str, str], list[int]] = defaultdict(list)
    for (etype, key), j in by_key.items():
        of_country[(etype, key.rpartition(SEP)[2])].append(j)
    for k, key in enumerate(keys_of(shorter)):
        if not shorter[k]:
            continue
        exact = by_key.get((types[k], key))
        found = [exact] if exact is not None else of_country.get((types[k], key), [])
        if len(found) == 1:
            uf.union(found[0], k)
