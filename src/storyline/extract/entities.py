"""Entity mentions and their canonical identities across every article of a run.

A reader wants one "Volodymyr Zelensky" whether an outlet writes "President Zelenskyy",
"Mr. Zelensky" or "Zelensky's". spaCy gives labelled spans; this module trims them to the bare
name (no title, no possessive, no leading "the"), then groups them:

1. type voting: the same surface form gets the label most of its mentions carry, because the
   small model often calls one name PERSON in one sentence and ORG in the next;
2. full names ("Lin Jian") key a person; a one-word reference ("Lin", "Mr. Lin") joins the
   full name with that surname seen earlier in the same article, else the most frequent full
   name with that surname in the run;
3. transliteration variants (Zelenskyy / Zelensky, Bilohorivka / Belohorivka) merge by
   character similarity, only within one type and only when the first names do not conflict;
4. names no spelling rule can join (US / U.S. / United States, Kiev / Kyiv, UN / United
   Nations) merge through the shipped table ``storyline/data/aliases.json``, which also fixes
   their type (the small model calls "Kyiv" a person).

The canonical name is the most complete form seen; ids hash the name and type so the same run
gives the same ids.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import Indel
from spacy.tokens import Doc, Span

from storyline.extract.quotes import CUE_LEMMAS
from storyline.models import Article, Entity, Mention

# Labels that name something with an identity worth canonicalising.
NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# Labels kept as mentions (later stages read them) but with no canonical identity.
VALUE_LABELS = frozenset({"DATE", "MONEY", "CARDINAL", "PERCENT", "QUANTITY"})

# Words that precede a name but are not part of it: honorifics, offices, roles. Kept as the
# mention's *role* so "the spokesman said" can find "spokesman Lin Jian".
TITLES = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady president
    vice prime minister premier chancellor secretary spokesman spokeswoman spokesperson
    gen gen. general col col. lt lt. capt capt. adm adm. sgt sgt. sen sen. senator rep rep.
    representative gov gov. governor mayor king queen prince princess pope rev rev.
    reverend judge justice ambassador envoy chairman chairwoman chief commander
    foreign defence defense deputy former acting leader st st. saint""".split()
)
_DETERMINERS = frozenset({"the", "a", "an"})
_POSSESSIVES = ("'s", "’s", "'", "’")

# Transliteration variants differ by a letter or two: Zelenskyy/Zelensky scores 94,
# Bilohorivka/Belohorivka 91, while distinct places such as Austria/Australia score 87.5 and
# Niger/Nigeria 83; 90 keeps the first pair and separates the second.
FUZZY_MIN_RATIO = 90.0
# Below six letters a one-letter change is usually another name (Iran/Iraq, Lin/Liu).
FUZZY_MIN_LENGTH = 6


@lru_cache(maxsize=1)
def alias_table() -> dict[str, tuple[str, str]]:
    """Alias key -> (canonical name, type), from the shipped ``data/aliases.json`` (read once;
    it is package data, not state)."""
    raw = resources.files("storyline").joinpath("data", "aliases.json").read_text("utf-8")
    out: dict[str, tuple[str, str]] = {}
    for item in json.loads(raw)["entities"]:
        for form in [item["name"], *item["variants"]]:
            out[alias_key(form)] = (item["name"], item["type"])
    return out


def alias_key(text: str) -> str:
    """How alias forms compare: accents, case, dots, spaces and a leading "the" ignored."""
    words = normalise(text).replace(".", "").split()
    if words and words[0] in _DETERMINERS:
        words = words[1:]
    return "".join(words)


@dataclass
class MentionInfo:
    """A mention with what canonicalisation needs: its normalised tokens and roles."""

    mention: Mention
    tokens: list[str]  # normalised name tokens (lowercase, accents stripped)
    roles: list[str] = field(default_factory=list)  # role lemmas ("spokesman", "president")
    token_i: int = -1  # doc index of the name's syntactic root (for subject checks)
    dep: str = ""  # dependency of that token ("nsubj" marks a subject mention)
    spacy_label: str = ""  # the model's own label, kept for type voting
    speaks: bool = False  # subject of a reporting verb ("Zelenskyy said"): a speaker


def normalise(text: str) -> str:
    """Lowercase, strip accents and punctuation at the edges: the key names are compared on."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().strip(" .,'’\"“”-")


def _trim(span: Span) -> tuple[int, int, list[str]]:
    """Token bounds of the bare name inside ``span`` and the title words removed from it."""
    start, end = span.start, span.end
    doc = span.doc
    removed: list[str] = []
    while start < end and (
        doc[start].lower_ in _DETERMINERS
        or (span.label_ == "PERSON" and doc[start].lower_ in TITLES)
    ):
        if doc[start].lower_ not in _DETERMINERS:
            removed.append(doc[start].lemma_.lower().rstrip("."))
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVES or doc[end - 1].is_punct):
        end -= 1
    return start, end, removed


def _left_roles(doc: Doc, start: int, end: int) -> list[str]:
    """Role nouns attached to the name: "spokesman Lin Jian", "a spokesman ..., Lin Jian"."""
    root = doc[start:end].root
    roles: list[str] = []
    for child in root.children:
        if child.i < start and child.dep_ in ("compound", "nmod", "amod") and child.pos_ == "NOUN":
            roles.append(child.lemma_.lower())
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            roles.append(child.lemma_.lower())
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        roles.append(root.head.lemma_.lower())
    # A title spaCy left outside the entity: "President" + "Volodymyr Zelensky".
    j = start - 1
    while j >= 0 and doc[j].lower_ in TITLES:
        roles.append(doc[j].lemma_.lower().rstrip("."))
        j -= 1
    return roles


def find_mentions(doc: Doc, article: Article) -> list[MentionInfo]:
    """Every entity mention of ``doc`` as a span of ``article.text``, trimmed to the name."""
    out: list[MentionInfo] = []
    text = article.text
    for ent in doc.ents:
        label = ent.label_
        if label not in NAMED_LABELS and label not in VALUE_LABELS:
            continue
        roles: list[str]  # title words removed from the name, and role nouns attached to it
        if label in VALUE_LABELS:
            s, e, roles = ent.start, ent.end, []
        else:
            s, e, roles = _trim(ent)
            if s >= e:
                continue
            roles += _left_roles(doc, s, e)
        cs, ce = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        # Possessive glued to the token ("Zelenskyy's" as one token in some texts).
        for p in ("'s", "’s"):
            if text[cs:ce].endswith(p) and ce - cs > len(p):
                ce -= len(p)
        surface = text[cs:ce]
        m = Mention(article.id, cs, ce, surface, label)
        toks = [normalise(t) for t in surface.replace("-", " - ").split()]
        toks = [t for t in toks if t and t != "-"]
        if label == "PERSON":
            toks = [t for t in toks if len(t) > 1 or not t.isalpha()] or toks
        root = doc[s:e].root
        speaks = root.dep_ == "nsubj" and root.head.lemma_ in CUE_LEMMAS
        out.append(MentionInfo(m, toks, roles, root.i, root.dep_, label, speaks))
    return out


def propagate_names(doc: Doc, article: Article, infos: list[MentionInfo]) -> list[MentionInfo]:
    """Add mentions of names the NER tagged once but missed elsewhere in the same article.

    The small model often tags "Zelenskyy" in one sentence and calls it a common noun in the
    next; a name is a name wherever it recurs, so every exact repeat of a tagged name's tokens
    (capitalised, outside the existing mentions) becomes a mention with that label.
    """
    covered = {c for inf in infos for c in range(inf.mention.start, inf.mention.end)}
    forms: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for inf in infos:
        if inf.mention.label not in NAMED_LABELS:
            continue
        words = tuple(
            t.text
            for t in doc.char_span(inf.mention.start, inf.mention.end, alignment_mode="expand")
            or []
        )
        if words and words[0][:1].isupper() and (words, inf.mention.label) not in forms[words[0]]:
            forms[words[0]].append((words, inf.mention.label))
    added: list[MentionInfo] = []
    for tok in doc:
        if tok.idx in covered or tok.text not in forms:
            continue
        for words, label in forms[tok.text]:
            end = tok.i + len(words)
            if end <= len(doc) and tuple(t.text for t in doc[tok.i : end]) == words:
                span = Span(doc, tok.i, end, label=label)
                cs, ce = span.start_char, span.end_char
                if any(c in covered for c in range(cs, ce)):
                    break
                toks = [normalise(w) for w in words]
                root = span.root
                speaks = root.dep_ == "nsubj" and root.head.lemma_ in CUE_LEMMAS
                m = Mention(article.id, cs, ce, article.text[cs:ce], label)
                added.append(MentionInfo(m, toks, [], root.i, root.dep_, label, speaks))
                covered.update(range(cs, ce))
                break
    out = infos + added
    out.sort(key=lambda i: i.mention.start)
    return out


def _entity_id(name: str, etype: str) -> str:
    return hashlib.sha1(f"{etype}\x00{name}".encode()).hexdigest()[:16]


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < FUZZY_MIN_LENGTH:
        return False
    return Indel.normalized_similarity(a, b) * 100 >= FUZZY_MIN_RATIO


def _similar_pairs(words: list[str]) -> list[tuple[str, str]]:
    """Distinct pairs of ``words`` that pass ``_similar``, compared in one vectorised call."""
    long = [w for w in words if len(w) >= FUZZY_MIN_LENGTH]
    if len(long) < 2:
        return []
    scores = process.cdist(
        long, long, scorer=Indel.normalized_similarity, score_cutoff=FUZZY_MIN_RATIO / 100
    )
    return [(long[i], long[j]) for i, j in zip(*scores.nonzero(), strict=True) if i < j]


def _first_names_agree(a: list[str], b: list[str]) -> bool:
    """Given names compatible: equal, one missing, or an initial ("V." for "Vladimir")."""
    fa, fb = a[:-1], b[:-1]
    if not fa or not fb:
        return True
    x, y = fa[0], fb[0]
    return x == y or x[0] == y[0] and (len(x) <= 2 or len(y) <= 2) or _similar(x, y)


class _UnionFind:
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


def _vote_types(infos: list[MentionInfo]) -> list[str]:
    """One type per surface form, correcting the small model's label noise.

    A form is PERSON when it is labelled PERSON at least once and it is a full name, the
    surname / given name of a full PERSON name in scope, titled, or a reporting verb's
    subject ("Zelenskyy" tagged ORG twice and PERSON once, next to "Volodymyr Zelensky");
    otherwise the label most of its mentions carry.
    """
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    titled: set[str] = set()
    for inf in infos:
        key = " ".join(inf.tokens)
        votes[key][inf.spacy_label or inf.mention.label] += 1
        if inf.speaks or inf.roles:
            titled.add(key)
    name_words = {
        w for key, v in votes.items() if v["PERSON"] and len(key.split()) >= 2 for w in key.split()
    }
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
            or any(_similar(key, w) for w in name_words)
        )
        out[key] = "PERSON" if person else v.most_common(1)[0][0]
    return [out[" ".join(inf.tokens)] for inf in infos]


def vote_article_types(infos: list[MentionInfo]) -> None:
    """Relabel one article's mentions by ``_vote_types`` (speaker resolution needs persons)."""
    named = [i for i in infos if i.mention.label in NAMED_LABELS and i.tokens]
    for inf, etype in zip(named, _vote_types(named), strict=True):
        inf.mention.label = etype


def canonicalise(infos: list[MentionInfo]) -> list[Entity]:
    """Group named mentions of a whole run into entities; sets ``Mention.entity_id``.

    ``infos`` must be in article order (mentions of one article contiguous, in text order):
    a surname-only reference prefers the full name seen earlier in its own article.
    """
    named = [i for i in infos if i.mention.label in NAMED_LABELS and i.tokens]
    types = _vote_types(named)
    uf = _UnionFind(len(named))
    by_key = _join_exact(named, types, uf)
    fulls = _join_full_names(named, by_key, uf)
    _join_fuzzy_names(named, by_key, uf)
    preferred = _join_aliases(by_key, uf)
    _join_one_word_persons(named, types, uf, fulls)
    return _build_entities(named, types, uf, preferred)


def _join_exact(
    named: list[MentionInfo], types: list[str], uf: _UnionFind
) -> dict[tuple[str, str], int]:
    """1. Exact surface key within type. Returns (type, surface) -> first mention index."""
    by_key: dict[tuple[str, str], int] = {}
    for k, inf in enumerate(named):
        key = (types[k], " ".join(inf.tokens))
        if key in by_key:
            uf.union(by_key[key], k)
        else:
            by_key[key] = k
    return by_key


def _join_full_names(
    named: list[MentionInfo], by_key: dict[tuple[str, str], int], uf: _UnionFind
) -> dict[str, list[int]]:
    """2. Full person names by surname; fuzzy merge of variants with compatible first names.
    Returns surname -> indices of the full names with that surname."""
    fulls: dict[str, list[int]] = defaultdict(list)  # surname -> full-name key indices
    for (etype, _), k in by_key.items():
        if etype == "PERSON" and len(named[k].tokens) >= 2:
            fulls[named[k].tokens[-1]].append(k)
    for a, b in _similar_pairs(sorted(fulls)):
        for x in fulls[a]:
            for y in fulls[b]:
                if x != y and _first_names_agree(named[x].tokens, named[y].tokens):
                    uf.union(x, y)
    for x in (k for ks in fulls.values() for k in ks):
        for y in fulls[named[x].tokens[-1]]:
            if x != y and _first_names_agree(named[x].tokens, named[y].tokens):
                uf.union(x, y)
    return fulls


def _join_fuzzy_names(
    named: list[MentionInfo], by_key: dict[tuple[str, str], int], uf: _UnionFind
) -> None:
    """Fuzzy variants of a place, organisation or group (same type only)."""
    by_type: dict[str, list[int]] = defaultdict(list)
    for (etype, _), k in by_key.items():
        if etype != "PERSON":
            by_type[etype].append(k)
    for ks in by_type.values():
        names = [" ".join(named[k].tokens) for k in ks]
        index = {n: k for n, k in zip(names, ks, strict=True)}
        for a, b in _similar_pairs(names):
            uf.union(index[a], index[b])


def _join_aliases(by_key: dict[tuple[str, str], int], uf: _UnionFind) -> set[str]:
    """Names the alias table joins (US / U.S. / United States), whatever their spelling.
    Returns the alias-table names that occur (an entity prefers one as its name)."""
    aliased: dict[int, str] = {}
    first_of: dict[str, int] = {}
    aliases = alias_table()
    for (_, surface), k in by_key.items():
        if (known := aliases.get(alias_key(surface))) is not None:
            aliased[k] = known[0]
            uf.union(first_of.setdefault(known[0], k), k)
    return set(aliased.values())


def _join_one_word_persons(
    named: list[MentionInfo], types: list[str], uf: _UnionFind, fulls: dict[str, list[int]]
) -> None:
    """3. One-word person references join a full name: same article first, else the run."""
    surnames = sorted(fulls)
    run_count: Counter[int] = Counter(uf.find(k) for k in range(len(named)))
    seen_full: dict[str, dict[str, int]] = defaultdict(dict)  # article -> surname -> index
    for k, inf in enumerate(named):
        if types[k] != "PERSON":
            continue
        aid = inf.mention.article_id
        if len(inf.tokens) >= 2:
            seen_full[aid][inf.tokens[-1]] = k
            continue
        target = _one_word_target(
            named, inf.tokens[0], seen_full[aid], surnames, fulls, run_count, uf
        )
        if target is not None:
            uf.union(target, k)


def _one_word_target(
    named: list[MentionInfo],
    word: str,
    seen: dict[str, int],
    surnames: list[str],
    fulls: dict[str, list[int]],
    run_count: Counter[int],
    uf: _UnionFind,
) -> int | None:
    """The full name a one-word reference ``word`` means: in its own article (``seen``:
    surname -> index) by surname, then by given or family-name-first name ("Mr. Lin"); else
    the run's most mentioned full name with that surname, else with that first word."""
    target = next((j for s, j in seen.items() if _similar(s, word)), None)
    if target is None:
        target = next((j for j in seen.values() if named[j].tokens[0] == word), None)
    if target is None:
        cands = [j for s in surnames if _similar(s, word) for j in fulls[s]]
        if not cands:
            cands = [j for ks in fulls.values() for j in ks if named[j].tokens[0] == word]
        if cands:
            target = max(cands, key=lambda j: (run_count[uf.find(j)], -j))
    return target


def _build_entities(
    named: list[MentionInfo], types: list[str], uf: _UnionFind, preferred: Collection[str] = ()
) -> list[Entity]:
    """Entities from the union-find groups; a group's name is its alias-table name when that
    form occurs, else its most complete form ("United States", not "United States of
    America"; "Volodymyr Zelensky", not "Zelensky")."""
    groups: dict[int, list[int]] = defaultdict(list)
    for k in range(len(named)):
        groups[uf.find(k)].append(k)
    entities: list[Entity] = []
    for members in groups.values():
        etype = Counter(types[k] for k in members).most_common(1)[0][0]
        forms = Counter(named[k].mention.text for k in members)
        name = next((f for f in forms if f in preferred), None) or max(
            forms, key=lambda f: (len(f.split()), forms[f], len(f), f)
        )
        eid = _entity_id(name, etype)
        article_ids = list(dict.fromkeys(named[k].mention.article_id for k in members))
        for k in members:
            named[k].mention.entity_id = eid
            named[k].mention.label = etype
        aliases = sorted(f for f in forms if f != name)
        entities.append(Entity(eid, name, etype, aliases, article_ids))
    entities.sort(key=lambda e: (e.type, e.name))
    return entities
