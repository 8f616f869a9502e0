"""Same-named institutions of different countries stay apart.

"The foreign ministry", "the defence ministry", "parliament", "the army": every country has
one, and a story about two countries names both ("China's foreign ministry", "summoned ...
to the Foreign Ministry" in Kyiv). The name alone does not say whose it is; the country
written with it does: a demonym before it ("Chinese foreign ministry", a NORP), a possessive
("China's Foreign Ministry", a GPE), or a first word of the name itself that the run names
as a country or a people ("Chinese Foreign Ministry" tagged as one ORG).

``country_before`` reads that word from the parse, ``institution_keys`` turns each mention
into the key ``entities.canonicalise`` joins on: the country's stem and the rest of the name,
so "Chinese" and "China's" meet and "Ukrainian" stays apart. A bare mention ("the Foreign
Ministry") joins a qualified one of its own article only when it comes after it (the
article said whose it is first); otherwise it stays unqualified.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc

# Country words match across demonym and name ("China" / "Chinese", "Ukraine" / "Ukrainian",
# "Russia" / "Russian") when they share a prefix of at least this many letters and the shorter
# word has at most ``COUNTRY_SLACK`` letters beyond it: "Iran" / "Iraq" share only three,
# "Austria" / "Australia" leave two.
COUNTRY_PREFIX_MIN = 4
COUNTRY_SLACK = 1
# Labels that name an institution a country may own.
INSTITUTION_LABELS = frozenset({"ORG", "FAC"})
# Labels of the word that says whose it is.
COUNTRY_LABELS = frozenset({"GPE", "NORP"})
SEP = "|"  # between a key's country stem and the rest of the name
# Words after a company's name that say its legal form, not which company ("Pfizer Inc." is
# the Pfizer of "Pfizer said"): left out of the join key, so that a card's renderings that
# write the name with and without one have one speaker.
CORPORATE_FORMS = frozenset({"inc", "corp", "co", "ltd", "llc", "plc", "lp", "llp"})
_POSSESSIVES = ("'s", "’s", "'", "’")


def country_before(doc: Doc, start: int) -> str:
    """The country word written right before the name that starts at token ``start``
    ("Chinese", "China"), or "" when there is none."""
    i = start - 1
    if i >= 0 and doc[i].text in _POSSESSIVES:
        i -= 1
    if i >= 0 and doc[i].ent_type_ in COUNTRY_LABELS and doc[i].ent_iob_ == "B":
        if i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
            return ""  # a longer name ("South Korea"): its first word is not the country
        return doc[i:start].text
    return ""


def country_key(written: str) -> str:
    """The written country word without its possessive or dots, lower-cased: "China’s" ->
    "china", "U.S." -> "us" (one outlet's "U.S. Centers for Disease Control" and another's
    "US Centers ..." named one country, and kept two agencies apart)."""
    for p in _POSSESSIVES:
        if written.endswith(p):
            written = written[: -len(p)]
            break
    return written.strip().lower().replace(".", "")


def same_country(a: str, b: str) -> bool:
    """Two country words for one country ("china" / "chinese"), by ``COUNTRY_PREFIX_MIN``
    and ``COUNTRY_SLACK``."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= COUNTRY_PREFIX_MIN and min(len(a), len(b)) - n <= COUNTRY_SLACK


def _stems(words: set[str]) -> dict[str, str]:
    """Each country word -> one representative of the words ``same_country`` joins: the first
    representative (in the order they were made) it matches, else itself. Two words it joins
    share their first ``COUNTRY_PREFIX_MIN`` letters (or are one word), so a word is compared
    only with the representatives that share them."""
    rep: dict[str, str] = {}
    reps: dict[str, list[str]] = {}  # first letters -> representatives, in the order made
    for w in sorted(words, key=lambda w: (len(w), w)):
        near = reps.setdefault(w.lower()[:COUNTRY_PREFIX_MIN], [])
        if (r := next((r for r in near if same_country(r, w)), None)) is None:
            near.append(r := w)
        rep[w] = r
    return rep


#: The heads an institution's name writes first or last ("Department of Justice", "Justice
#: Department"): one name either way. Not "ministry": on ECB+ "Ministry of Finance" and
#: "Finance Ministry" of a topic's two events then shared a key, and two Athens reports left
#: their story (B-cubed F1 0.881 -> 0.879).
_INVERTIBLE_HEADS = frozenset({"department"})


def institution_keys(
    tokens: list[list[str]],
    countries: list[str],
    types: list[str],
    country_words: set[str],
    owners: Collection[str] = (),
) -> list[str]:
    """The join key of each mention: its name (an institution's without a legal form at its
    end, ``CORPORATE_FORMS``), and for an institution whose country is written
    (``countries``) or leads its name (a word of ``country_words``), that country's stem
    before ``SEP``; likewise an owner's possessive that opens the name, when the run names
    that owner on its own (``owners``: "Facebook's Oversight Board", not "People's Bank of
    China" or "Women's National Basketball Association"). Apostrophes are one kind."""
    owned: list[tuple[str, list[str]]] = []
    for toks, country, etype in zip(tokens, countries, types, strict=True):
        if etype in INSTITUTION_LABELS:
            if len(toks) > 1 and toks[-1] in CORPORATE_FORMS:
                toks = toks[:-1]
            toks = head_last(toks, country_words)
        if etype not in INSTITUTION_LABELS:
            owned.append(("", toks))
        elif country:
            owned.append((country_key(country), toks))
        elif len(toks) > 1 and toks[0] in country_words:
            owned.append((country_key(toks[0]), toks[1:]))
        elif len(toks) > 2 and (owner := _owner(toks[0])) in owners:
            owned.append((country_key(owner), toks[1:]))
        else:
            owned.append(("", toks))
    rep = _stems({c for c, _ in owned if c})
    keys = [(rep[c] + SEP if c else "") + " ".join(toks) for c, toks in owned]
    return [k.replace("’", "'") for k in keys]  # "Bailey’s Beach Club" = "Bailey's ..."


def head_last(toks: list[str], country_words: Collection[str]) -> list[str]:
    """An institution's name with its head last: "Department of Justice" is keyed as the
    "Justice Department" it is also written as (a new user's trial found both listed, one
    body twice), with a country before it or none: a state's or a city's ("Texas Department
    of Criminal Justice") is its own."""
    k = 1 if toks and toks[0] in country_words else 0
    if len(toks) > k + 2 and toks[k] in _INVERTIBLE_HEADS and toks[k + 1] == "of":
        return toks[:k] + toks[k + 2 :] + [toks[k]]
    return toks


def head_first(toks: list[str]) -> list[str]:
    """``head_last`` undone: "justice department" as "department of justice" (its initials
    are the DOJ's), or ``toks`` as they are."""
    if len(toks) > 1 and toks[-1] in _INVERTIBLE_HEADS:
        return [toks[-1], "of", *toks[:-1]]
    return toks


def _owner(word: str) -> str:
    """The owner a possessive first word of an institution's name writes ("Facebook's
    Oversight Board": "facebook"), else ""."""
    for p in _POSSESSIVES[:2]:
        if word.endswith(p) and len(word) > len(p):
            return word[: -len(p)]
    return ""


def bare_follows(keys: list[str], articles: list[str], starts: list[int]) -> list[int | None]:
    """For each unqualified institution key, the qualified mention it means, else None: the
    last of the same name earlier in its article; else, when its article names no country
    for it and the run names only one ("the US State Department" elsewhere), that one. An
    article that names the country only after the bare mention keeps them apart (seed 004:
    the ministry in Kyiv, then the Chinese one)."""
    out: list[int | None] = [None] * len(keys)
    last: dict[tuple[str, str], int] = {}  # (article, name) -> last qualified index
    owners: dict[str, dict[str, int]] = {}  # name -> country stem -> first qualified index
    qualified_in: set[tuple[str, str]] = set()  # (article, name) with a country named
    for k, key in enumerate(keys):
        country, sep, name = key.rpartition(SEP)
        if sep:
            owners.setdefault(name, {}).setdefault(country, k)
            qualified_in.add((articles[k], name))
    for k in sorted(range(len(keys)), key=lambda k: (articles[k], starts[k])):
        country, sep, name = keys[k].rpartition(SEP)
        if sep:
            last[(articles[k], name)] = k
        elif (articles[k], name) in last:
            out[k] = last[(articles[k], name)]
        elif (articles[k], name) not in qualified_in and len(owners.get(name, {})) == 1:
            out[k] = next(iter(owners[name].values()))
    return out
