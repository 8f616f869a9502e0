"""Entity mentions and their canonical identities across every article of a run.

A reader wants one "Volodymyr Zelensky" whether an outlet writes "President Zelenskyy",
"Mr. Zelensky" or "Zelensky's". Mentions come trimmed to the bare name (``names.py``); this
module groups them:

1. type voting: the same surface form gets the label most of its mentions carry, because the
   small model often calls one name PERSON in one sentence and ORG in the next;
2. people (``persons.py``): full names key a person, a one-word reference ("Lin", "Mr. Lin")
   is placed one by one on the full name its article supports;
3. institutions of a country (``institutions.py``): "China's Foreign Ministry" and the
   Chinese one are one, Ukraine's another;
4. transliteration variants (Zelenskyy / Zelensky, Bilohorivka / Belohorivka) merge by
   character similarity, only within one type and only when the first names do not conflict;
5. names no spelling rule can join (US / U.S. / United States, Kiev / Kyiv, UN / United
   Nations) merge through the shipped table ``storyline/data/aliases.json``, which also fixes
   their type (the small model calls "Kyiv" a person).

The canonical name is the most complete form seen (with the country an institution's
mentions write before it); a person's is the full name written most often ("Chuck Schumer",
not one outlet's "Charles E. Schumer"; never a surname alone). Ids hash the name and type so
the same run gives the same ids.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Collection

from storyline.extract.acronyms import join_acronyms
from storyline.extract.institutions import (
    COUNTRY_LABELS,
    SEP,
    bare_follows,
    institution_keys,
)
from storyline.extract.known import alias_key, alias_table, outlet_keys
from storyline.extract.names import (
    HONORIFICS,
    NAMED_LABELS,
    TITLES,
    VALUE_LABELS,
    MentionInfo,
    common_words,
    display_name,
    find_mentions,
    normalise,
    surname,
)
from storyline.extract.naming import (
    complete_form,
    named_forms,
    person_form,
    with_country,
)
from storyline.extract.opening import join_opening_words
from storyline.extract.persons import (
    FUZZY_MIN_LENGTH,
    FUZZY_MIN_RATIO,
    UnionFind,
    is_given_name,
    join_full_names,
    join_one_word_persons,
    similar,
    similar_pairs,
)
from storyline.extract.repeats import propagate_names
from storyline.models import Entity

#: Share of a one-word form's mentions that must stand in articles naming a person of that
#: surname in full for the form to be that person, whatever the model labels it: more than
#: half, so a place or body that shares a surname ("Washington" beside one article's George
#: Washington) keeps its label where it is mostly written on its own.
SURNAME_BESIDE_SHARE = 0.5
#: Times a run's writers must call a name "its" after it as a subject ("Pfizer said its
#: vaccine ...", ``MentionInfo.pronoun``), never "he" or "she", for it to be shown as no
#: person whatever the model labels it (the small model labels "Pfizer" a person 30 times
#: in 30 on AllSides dev, and one lead's "Drugmaker Pfizer said" became the person's full
#: name). One "its" may be another noun's ("Biden said its passage ..."); two of them and
#: no "he"/"she" over a run are the writers' own word for a thing.
IT_EVIDENCE = 2


def _country_word(word: str) -> bool:
    """``word`` names a country ("US", "U.S."), by the alias table."""
    known = alias_table().get(alias_key(word))
    return known is not None and known[1] == "GPE"


def _entity_id(name: str, etype: str) -> str:
    return hashlib.sha1(f"{etype}\x00{name}".encode()).hexdigest()[:16]


# A one-word name written in four or more capitals is an acronym (COVID, NATO, FEMA): news
# writes no person's name so in running text, and a person's initials are two or three
# letters ("AOC", "JFK").
_CAPITALS = re.compile(r"[A-Z]{4,}")


def _vote_types(infos: list[MentionInfo]) -> list[str]:
    """One type per surface form, correcting the small model's label noise.

    A form is PERSON when it is labelled PERSON at least once and it is a full name, the
    surname / given name of a full PERSON name in scope, titled, or a reporting verb's
    subject ("Zelenskyy" tagged ORG twice and PERSON once, next to "Volodymyr Zelensky");
    or, never labelled PERSON, when it is a surname and most of its mentions stand in
    articles that name a person of that surname in full ("Psaki", tagged ORG in every
    article of a run that also writes "Jen Psaki"); otherwise the label most of its
    mentions carry. A form with a digit is never a PERSON ("COVID-19" read as one: then its
    most common other label, or ORG), nor is one some article writes in capitals
    (``_CAPITALS``: "COVID", which made "Covid" a person in 9 AllSides dev stories): such
    an acronym takes no place label either.
    """
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    titled: set[str] = set()
    capitals: set[str] = set()  # one-word forms some article writes in capitals ("COVID")
    for inf in infos:
        key = " ".join(inf.tokens)
        votes[key][inf.spacy_label or inf.mention.label] += 1
        if _CAPITALS.fullmatch(inf.mention.text):
            capitals.add(key)
        if inf.speaks or inf.roles:
            titled.add(key)
    name_words = {
        w for key, v in votes.items() if v["PERSON"] and len(key.split()) >= 2 for w in key.split()
    }
    beside = _beside_full_names(infos)
    out: dict[str, str] = {}
    aliases = alias_table()
    for key, v in votes.items():
        if (known := aliases.get(alias_key(key))) is not None:
            out[key] = known[1]
            continue
        person = v["PERSON"] > 0 and (
            len(key.split()) >= 2
            or key in name_words
            or key in titled
            or v.most_common(1)[0][0] == "PERSON"
            or any(similar(key, w) for w in name_words)
        )
        person = person or beside.get(key, 0.0) > SURNAME_BESIDE_SHARE
        person = person and not any(c.isdigit() for c in key)  # "covid-19", "g7"
        # an acronym read as a person is an organisation or a group, not the place the model
        # may tag it next ("Covid": PERSON, then GPE); a place written in capitals ("WASHINGTON"
        # of a dateline) is still its place
        acronym = person and key in capitals
        person = person and not acronym
        not_it = {"PERSON", "GPE", "LOC", "FAC"} if acronym else {"PERSON"}
        other = (label for label, _ in v.most_common() if label not in not_it)
        outlet = key in outlet_keys()  # "a Bloomberg survey" was a place in 4 stories
        out[key] = "PERSON" if person else "ORG" if outlet else next(other, "ORG")
    return [out[" ".join(inf.tokens)] for inf in infos]


def _shown_types(named: list[MentionInfo], types: list[str]) -> list[str]:
    """The types entities are shown with: ``types`` (``_vote_types``), but a name the run's
    writers call "its", never "he" or "she" (``_called_it``), is no person unless it opens
    with a given name: it takes its mentions' most common other label, else ORG. The
    mentions are joined by ``types`` still: as an organisation, a one-word name would join
    across the run where a one-word person does not, and two ECB+ subtopics that share
    "Drake" or "Mozilla" then met in one story (ECB+ files' story F1 0.8815 -> 0.8791)."""
    things = _called_it(named)
    others: dict[str, Counter[str]] = defaultdict(Counter)
    for inf in named:
        if (label := inf.spacy_label or inf.mention.label) != "PERSON":
            others[" ".join(inf.tokens)][label] += 1
    out = []
    for inf, etype in zip(named, types, strict=True):
        key = " ".join(inf.tokens)
        if etype == "PERSON" and inf.tokens and inf.tokens[-1] in things:
            if not is_given_name(inf.tokens[0]):
                etype = (others[key].most_common(1) or [("ORG", 0)])[0][0]
        out.append(etype)
    return out


def _called_it(infos: list[MentionInfo]) -> set[str]:
    """Last words of names the run's writers call "its" ``IT_EVIDENCE`` times or more and
    never "he" or "she" after them as subjects (``MentionInfo.pronoun``): things, not
    people ("Pfizer", "Drugmaker Pfizer")."""
    it: Counter[str] = Counter()
    person: Counter[str] = Counter()
    for inf in infos:
        if inf.tokens:
            it[inf.tokens[-1]] += inf.pronoun == "it"
            person[inf.tokens[-1]] += inf.pronoun == "person"
    return {w for w, n in it.items() if n >= IT_EVIDENCE and not person[w]}


def _beside_full_names(infos: list[MentionInfo]) -> dict[str, float]:
    """Each one-word form: the share of its mentions that stand in an article naming a
    PERSON of that surname in full."""
    full = {
        (inf.mention.article_id, surname(inf.tokens))
        for inf in infos
        if len(inf.tokens) >= 2 and (inf.spacy_label or inf.mention.label) == "PERSON"
    }
    seen: Counter[str] = Counter()
    near: Counter[str] = Counter()
    for inf in infos:
        if len(inf.tokens) == 1:
            seen[inf.tokens[0]] += 1
            near[inf.tokens[0]] += (inf.mention.article_id, inf.tokens[0]) in full
    return {w: near[w] / n for w, n in seen.items()}


def named_infos(infos: list[MentionInfo]) -> list[MentionInfo]:
    """The mentions canonicalisation reads: named ones (``NAMED_LABELS``) with name tokens;
    ``canonicalise`` of these alone is ``canonicalise`` of all."""
    return [i for i in infos if i.mention.label in NAMED_LABELS and i.tokens]


def vote_article_types(infos: list[MentionInfo]) -> None:
    """Relabel one article's mentions by ``_vote_types`` (speaker resolution needs persons)."""
    named = named_infos(infos)
    for inf, etype in zip(named, _vote_types(named), strict=True):
        inf.mention.label = etype


def canonicalise(infos: list[MentionInfo]) -> list[Entity]:
    """Group named mentions of a whole run into entities; sets ``Mention.entity_id``.

    ``infos`` must be in article order (mentions of one article contiguous, in text order):
    a surname-only reference prefers the full name seen earlier in its own article.
    """
    named = named_infos(infos)
    types = _vote_types(named)
    uf = UnionFind(len(named))
    keys = _keys(named, types)
    by_key = _join_exact(named, types, uf, keys)
    join_opening_words(named, types, uf, by_key, lambda words: _keys(named, types, words))
    fulls = join_full_names(named, by_key, uf)
    _join_fuzzy_names(named, by_key, uf)
    preferred = _join_aliases(by_key, uf)
    join_acronyms(named, by_key, uf, _country_word)
    join_one_word_persons(named, types, uf, fulls)
    shown = _shown_types(named, types)
    for k, (voted, now) in enumerate(zip(types, shown, strict=True)):
        if voted != now and (j := by_key.get((now, keys[k]))) is not None:
            uf.union(j, k)  # "Pfizer", shown a company now, is the run's "Pfizer Inc."
    return _build_entities(named, shown, uf, preferred)


def _keys(
    named: list[MentionInfo], types: list[str], tokens: list[list[str]] | None = None
) -> list[str]:
    """What ``_join_exact`` compares: the name, and an institution's country
    (``institutions.institution_keys``: China's foreign ministry is not Ukraine's); of
    ``tokens`` in place of the mentions' own words, when given."""
    country_words = {
        inf.tokens[0]
        for inf, t in zip(named, types, strict=True)
        if t in COUNTRY_LABELS and len(inf.tokens) == 1
    }
    # names the run writes on their own, one word long: an owner a possessive may name
    owners = {inf.tokens[0] for inf in named if len(inf.tokens) == 1}
    words = tokens if tokens is not None else [inf.tokens for inf in named]
    return institution_keys(words, [inf.country for inf in named], types, country_words, owners)


def _join_exact(
    named: list[MentionInfo], types: list[str], uf: UnionFind, keys: list[str]
) -> dict[tuple[str, str], int]:
    """1. Exact surface key within type. Returns (type, surface) -> first mention index.

    A one-word person reference ("Clinton", "Joseph") is left out: the same word means Bill
    Clinton in one article and Hillary Clinton in the next, so joining every "Clinton" of the
    run would make one person of both. ``join_one_word_persons`` places each on its own."""
    by_key: dict[tuple[str, str], int] = {}
    articles = [inf.mention.article_id for inf in named]
    starts = [inf.mention.start for inf in named]
    backs = bare_follows(keys, articles, starts)
    for k, inf in enumerate(named):
        if types[k] == "PERSON" and len(inf.tokens) < 2:
            continue
        back = backs[k]
        if back is not None and types[back] == types[k]:
            # "China's Foreign Ministry ... the ministry": the article said whose it is, so
            # this bare mention is that one, and no other article's bare "Foreign Ministry".
            uf.union(back, k)
            continue
        key = (types[k], keys[k])
        if key in by_key:
            uf.union(by_key[key], k)
        else:
            by_key[key] = k
    return by_key


def _join_fuzzy_names(
    named: list[MentionInfo], by_key: dict[tuple[str, str], int], uf: UnionFind
) -> None:
    """Fuzzy variants of a place, organisation or group (same type, same country only)."""
    by_type: dict[str, dict[str, int]] = defaultdict(dict)
    for (etype, key), k in by_key.items():
        if etype != "PERSON":
            by_type[etype][key] = k
    for index in by_type.values():
        for a, b in similar_pairs(list(index)):
            if a.rpartition(SEP)[0] == b.rpartition(SEP)[0]:  # one country, or none
                uf.union(index[a], index[b])


def _join_aliases(by_key: dict[tuple[str, str], int], uf: UnionFind) -> set[str]:
    """Names the alias table joins (US / U.S. / United States), whatever their spelling.
    Returns the alias-table names that occur (an entity prefers one as its name)."""
    aliased: dict[int, str] = {}
    first_of: dict[str, int] = {}
    aliases = alias_table()
    for (_, surface), k in by_key.items():
        # a key may set a leading country apart ("european|union"): the table has the name
        known = aliases.get(alias_key(surface)) or aliases.get(alias_key(surface.replace(SEP, " ")))
        if known is not None:
            aliased[k] = known[0]
            uf.union(first_of.setdefault(known[0], k), k)
    return set(aliased.values())


def _build_entities(
    named: list[MentionInfo], types: list[str], uf: UnionFind, preferred: Collection[str] = ()
) -> list[Entity]:
    """Entities from the union-find groups; a group's name is its alias-table name when that
    form occurs, else its most complete form ("United States", not "United States of
    America"; "Volodymyr Zelensky", not "Zelensky")."""
    groups: dict[int, list[int]] = defaultdict(list)
    for k in range(len(named)):
        groups[uf.find(k)].append(k)
    built: dict[str, Entity] = {}
    for members in groups.values():
        etype = Counter(types[k] for k in members).most_common(1)[0][0]
        forms = Counter(display_name(named[k].mention.text) for k in members)
        rank = person_form if etype == "PERSON" else complete_form
        names = forms if etype == "PERSON" else named_forms(forms, [named[k] for k in members])
        name = next((f for f in forms if f in preferred), None) or max(
            names, key=lambda f: rank(f, forms)
        )
        name = with_country(name, [named[k].country for k in members])
        eid = _entity_id(name, etype)
        article_ids = list(dict.fromkeys(named[k].mention.article_id for k in members))
        for k in members:
            named[k].mention.entity_id = eid
            named[k].mention.label = etype
        aliases = sorted(f for f in forms if f != name)
        if (same := built.get(eid)) is not None:
            # two groups named alike ("COVID-19", each group's most complete form) are one
            # entity: one id is one entry, listed once in a story
            same.aliases = sorted(set(same.aliases) | set(aliases))
            same.article_ids = list(dict.fromkeys(same.article_ids + article_ids))
            continue
        built[eid] = Entity(eid, name, etype, aliases, article_ids)
    entities = sorted(built.values(), key=lambda e: (e.type, e.name))
    return entities


__all__ = [
    "FUZZY_MIN_LENGTH",
    "FUZZY_MIN_RATIO",
    "HONORIFICS",
    "NAMED_LABELS",
    "TITLES",
    "VALUE_LABELS",
    "MentionInfo",
    "alias_key",
    "alias_table",
    "canonicalise",
    "common_words",
    "find_mentions",
    "normalise",
    "propagate_names",
    "vote_article_types",
]
