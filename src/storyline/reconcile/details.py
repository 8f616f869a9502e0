"""Details inside a shared claim: what one outlet alone adds, and what one leaves out.

Outlets that report one claim do not report it alike: "captured two Chinese citizens" in one,
"captured two Chinese citizens in clashes with six Chinese soldiers at two named villages" in
another. The sentence rightly aligns with the claim, and the place, the number or the person it
adds stays that family's unique detail. A detail is a named place, person or organisation, a
count, or a short quoted phrase (an outlet alone quoting "no limits partnership"), inside a
sentence of the claim:

- unique: no article of another family states it anywhere (a count is stated where another
  article gives the same number, as a value or as a bound: "three-year war" / "more than three
  years of war");
- left out: at least two families and a majority of the story's families state it in the
  claim's sentences, and an article of the claim states it nowhere ("in the Donetsk region").

Each such detail becomes a *detail claim* (``detail_of`` names the claim, ``detail`` the words
as written): its sources are the sentences of the claim that state the detail. A count that is
a value of a number conflict is no detail: the conflict shows it, with every other value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from storyline.extract.known import alias_forms, alias_key, alias_table
from storyline.extract.quantities import VAGUE_PLURAL_MIN_MULTIPLE
from storyline.models import Entity, Extraction, Mention, Quantity, Quote
from storyline.reconcile.claims import Claim
from storyline.reconcile.credits import own_name
from storyline.reconcile.ids import StoryIds
from storyline.reconcile.omissions import OMISSION_SHARE
from storyline.reconcile.referents import PLACE_TYPES
from storyline.reconcile.shared_counts import OPEN_BOUNDS, TELLING_MIN, close, numerals, written
from storyline.reconcile.units import ByStart, Unit, content_words, has_verb

# Entity types a detail names: places, people and organisations. A nationality or group
# ("American", "Democratic") is how a sentence describes someone, no fact of its own: a
# fact-checker's reading of the AllSides dev briefing found "American" listed as Reuters'
# omission from "... the American Families Plan" and as details one outlet alone gave.
DETAIL_TYPES = ("PERSON", "GPE", "LOC", "FAC", "ORG")
Span = tuple[str, int, int]
# A quoted phrase is a detail of its own (a label one outlet alone quotes) when it has at least
# this many content words and at most ``QUOTE_DETAIL_MAX_WORDS`` words; a longer quotation is
# what the claim says, rendered in each outlet's words (translations differ word by word and
# are no detail), and a single quoted word ("many") is a quoted claim word, not a detail. A
# phrase with a verb ("verifying the relevant situation") renders what the claim states; a
# detail is a quoted name or label, a phrase without one.
QUOTE_DETAIL_MIN_STEMS = 2
QUOTE_DETAIL_MAX_WORDS = 4
# An organisation named in full in one outlet ("Centers for Disease Control and Prevention") and
# by its initials in another ("CDC") is one detail, stated by both. Initials of fewer letters
# are ordinary words too often ("us", "it") to count as the name.
ACRONYM_MIN_LETTERS = 3
# A vague plural ("millions", read as two million and up) is given by a count of its scale:
# "more than 5 million" gives "millions", and so does anything under a thousand millions (the
# next scale word's count); a billion is no count of "millions".
VAGUE_SCALE_SPAN = 1000
# What follows the people a count counts when they are the writer's unnamed sources ("two
# people familiar with the matter", "three officials briefed on the talks"): the count says
# how the outlet knows, not what happened, and an outlet that names no number of sources
# leaves out no fact (a fact-checker's trial found "two" a unique detail of the Post's lead).
_SOURCING = re.compile(
    r"\s*(?:who\s+(?:are|were)\s+)?(?:familiar\s+with|briefed\s+on|with\s+(?:direct\s+)?"
    r"knowledge\s+of|close\s+to\s+the)\b",
    re.I,
)


@dataclass
class DetailClaims:
    """The detail claims of a story and the articles each is unique to or left out by."""

    claims: list[Claim] = field(default_factory=list)
    unique: dict[str, list[str]] = field(default_factory=dict)
    omissions: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class _Story:
    """What the detail search reads of a story."""

    ex_by: dict[str, Extraction]
    entities: dict[str, Entity]
    words: dict[str, set[str]]  # article id -> its stemmed content words
    named: dict[str, set[str]]  # article id -> the entity ids it mentions
    counts: dict[str, set[tuple[float | None, float | None]]]  # article id -> stated counts
    contested: set[Span]  # the spans of number-conflict values
    mentions: dict[str, ByStart[Mention]]  # article id -> its mentions, by where they start
    # article id -> the alias-table names its text writes in any form ("W.Va.", "US")
    known: dict[str, set[str]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # article id -> its text
    outlets: Mapping[str, str | None] = field(default_factory=dict)  # article id -> outlet


def _details(u: Unit, st: _Story) -> dict[str, str]:
    """Detail key -> its words as written, for the places, people, counts and quoted labels
    of a unit."""
    out: dict[str, str] = {}
    if u.article_id not in st.mentions:
        return out
    for m in st.mentions[u.article_id].starting_in(u.start, u.end):
        ent = st.entities.get(m.entity_id or "")
        if ent is None or ent.type not in DETAIL_TYPES:
            continue
        if own_name(st.outlets.get(u.article_id), m.text):
            continue  # "told NPR" in NPR's report: how it knows, no detail of the event
        stems = content_words(m.text)
        if stems:
            out[f"e:{ent.id}:" + " ".join(sorted(set(stems)))] = m.text
    for q in u.quantities:
        if (
            q.unit is None
            and q.low is not None
            and (q.article_id, q.start, q.end) not in (st.contested)
            and not _sources(q, st)
        ):
            vague = ":vague" if q.high is None and q.qualifier not in OPEN_BOUNDS else ""
            out[f"n:{q.low}:{q.high}{vague}"] = q.text
    for qt in u.quotes:
        if u.start <= qt.start and qt.end <= u.end and (label := _quoted_label(qt)):
            out["w:" + label] = qt.text
    return out


def _sources(q: Quantity, st: _Story) -> bool:
    """The count counts the writer's unnamed sources (``_SOURCING``)."""
    end = q.counted_end if q.counted_end is not None else q.end
    return _SOURCING.match(st.texts.get(q.article_id, ""), end) is not None


def _quoted_label(q: Quote) -> str | None:
    """The sorted stems of a short quoted name or label (``QUOTE_DETAIL_*``), else None."""
    stems = sorted(set(content_words(q.text)))
    if (
        q.kind == "reported"
        or len(q.text.split()) > QUOTE_DETAIL_MAX_WORDS
        or len(stems) < QUOTE_DETAIL_MIN_STEMS
        or has_verb(q.text)
    ):
        return None
    return " ".join(stems)


def acronyms(name: str) -> set[str]:
    """The initials a name can go by, lower-cased: of its capitalised words, and of those
    before its last "and" ("Centers for Disease Control and Prevention": cdcp, cdc), with
    or without its first word ("U.S. Centers for Disease Control ...": the country the name
    is written with is no letter of "CDC")."""
    out = set()
    short = name.rpartition(" and ")[0]
    for part in (name, short, name.partition(" ")[2], short.partition(" ")[2]):
        letters = "".join(w[0] for w in part.split() if w[:1].isupper())
        if len(letters) >= ACRONYM_MIN_LETTERS:
            out.add(letters.lower())
    return out


def _initials_state(eid: str, stems: str, article_id: str, st: _Story) -> bool:
    """Does the article name the organisation by its initials, or name in full one whose
    initials the detail is?"""
    ent = st.entities.get(eid)
    if ent is None or ent.type != "ORG":
        return False
    words = st.words.get(article_id, set())
    if any(acronyms(n) & words for n in (ent.name, *ent.aliases)):
        return True
    named = (st.entities.get(e) for e in st.named.get(article_id, set()))
    return any(o is not None and stems in acronyms(o.name) for o in named)


# Where a text is cut into words to find the alias table's names: spaces, brackets, slashes
# and hyphens ("(D-W.Va.)", "U.S.-Mexico"); the punctuation a word's ends may carry.
_WORDS = re.compile(r"[\s()\[\]/\-–—]+")
_PUNCTUATION = ",;:!?’'\"“”"


def _known_state(eid: str, article_id: str, st: _Story) -> bool:
    """Does the article write the place or body in a form the alias table knows, where no
    mention of it was read ("Sen. Joe Manchin (D-W.Va.)" names West Virginia)?"""
    ent = st.entities.get(eid)
    known = alias_table().get(alias_key(ent.name)) if ent is not None else None
    return known is not None and known[0] in st.known.get(article_id, set())


def written_names(text: str) -> set[str]:
    """The alias-table names ``text`` writes, in any of their forms as the table writes them
    (case and dots count: "us" and "Ill." in "fell ill." name nothing): each run of as
    many words as the table's longest form, cut at spaces, brackets and hyphens, looked up."""
    forms = alias_forms()
    longest = max(len(f.split()) for f in forms)  # "United States of America"
    words = [w.strip(_PUNCTUATION) for w in _WORDS.split(text)]
    out = set()
    for i in range(len(words)):
        for n in range(1, longest + 1):
            if i + n <= len(words) and (hit := forms.get(" ".join(words[i : i + n]))):
                out.add(hit[0])
    return out


def _states(key: str, article_id: str, st: _Story) -> bool:
    """Does the article state the detail anywhere (the same entity or the words of its name,
    an organisation's initials, or the same count)?"""
    kind, _, rest = key.partition(":")
    if kind == "e":
        eid, _, stems = rest.partition(":")
        named = eid in st.named.get(article_id, set())
        return (
            named
            or set(stems.split()) <= st.words.get(article_id, set())
            or _initials_state(eid, stems, article_id, st)
            or _known_state(eid, article_id, st)
        )
    if kind == "w":
        return set(rest.split()) <= st.words.get(article_id, set())
    low, high = (None if x == "None" else float(x) for x in rest.split(":")[:2])
    counts = st.counts.get(article_id, set())
    if (low, high) in counts or any(low in (a, b) for a, b in counts):
        return True
    vague = rest.endswith(":vague")
    if vague and low is not None and any(_within_scale(low, a) for a, _ in counts):
        return True
    # a telling count in another rendering ("roughly 5 million" / "more than five million")
    v = written(low, high)
    return (
        v is not None
        and v >= TELLING_MIN
        and any((w := written(a, b)) is not None and close(v, w) for a, b in counts)
    )


def _within_scale(low: float, value: float | None) -> bool:
    """Does a count give a vague plural ("millions": two million and up) within its scale
    (``VAGUE_SCALE_SPAN``)? "more than 5 million" gives "millions"; a written bound ("at
    least 219") is no vague plural."""
    scale = low / VAGUE_PLURAL_MIN_MULTIPLE
    return value is not None and low <= value < scale * VAGUE_SCALE_SPAN


def detail_claims(
    claims: Sequence[Claim],
    article_ids: Sequence[str],
    texts: dict[str, str],
    ex_by: dict[str, Extraction],
    entities: dict[str, Entity],
    contested: set[Span],
    ids: StoryIds,
    n_families: int,
    titles: Mapping[str, str] | None = None,
    outlets: Mapping[str, str | None] | None = None,
) -> DetailClaims:
    """Detail claims of every shared claim of a story (see the module's docstring).
    ``titles``: each article's headline, whose words the article states too (a reader sees
    "Americans" in the headline though the body says "people"); ``outlets``: each article's
    outlet, whose own name in its sentences ("confirmed to NPR") is no detail."""
    heads = titles or {}
    st = _Story(
        ex_by,
        entities,
        {a: set(content_words(f"{texts[a]}\n{heads.get(a, '')}")) for a in article_ids},
        {
            a: {m.entity_id for m in ex_by[a].mentions if m.entity_id} if a in ex_by else set()
            for a in article_ids
        },
        {
            a: ({(q.low, q.high) for q in ex_by[a].quantities} if a in ex_by else set())
            | numerals(f"{texts[a]}\n{heads.get(a, '')}")
            for a in article_ids
        },
        contested,
        {a: ByStart(ex_by[a].mentions) for a in article_ids if a in ex_by},
        {a: written_names(f"{texts[a]}\n{heads.get(a, '')}") for a in article_ids},
        texts,
        outlets or {},
    )
    out = DetailClaims(unique={a: [] for a in article_ids}, omissions={a: [] for a in article_ids})
    for c in claims:
        if len(c.families) < 2 or c.is_denial:
            continue
        _unique_details(c, article_ids, st, ids, out)
        _left_out(c, n_families, st, ids, out)
    return out


def _detail_claim(c: Claim, units: list[Unit], words: list[str], ids: StoryIds) -> Claim:
    spans = [(u.article_id, u.start, u.end) for u in units]
    d = Claim(ids.claim(spans), units, units[0], c.family_of, c.date)
    d.families = {c.family_of[u.article_id] for u in units}
    d.credited = c.credited & d.families  # a credit to another source holds for its detail too
    d.detail_of, d.detail = c.id, words
    return d


def _unique_details(
    c: Claim, article_ids: Sequence[str], st: _Story, ids: StoryIds, out: DetailClaims
) -> None:
    """A sentence of the claim that names a place, person or count no other family states."""
    for u in c.units:
        fam = c.family_of[u.article_id]
        others = [a for a in article_ids if c.family_of.get(a, a) != fam]
        new = [w for k, w in _details(u, st).items() if not any(_states(k, a, st) for a in others)]
        if new:
            d = _detail_claim(c, [u], list(dict.fromkeys(new)), ids)
            out.claims.append(d)
            out.unique[u.article_id].append(d.id)


def _unit_states(key: str, u: Unit, details: dict[str, str]) -> bool:
    """Does the sentence state the detail (found in it, or the words of the name)?"""
    if key in details:
        return True
    kind, _, rest = key.partition(":")
    stems = rest.partition(":")[2] if kind == "e" else rest
    return kind in ("e", "w") and set(stems.split()) <= set(content_words(u.text))


def _measured(key: str, units: Sequence[Unit], article_id: str, st: _Story) -> bool:
    """Does the article give the detail's count another value: a count of the same counted
    noun in a sentence that names no place the detail's sentence does not? NPR's "More than
    180 people were killed" does not leave out Fox's "at least 150 people killed"; it reports
    the toll at a later count. A count of one city's dead ("In Chicago, 100 people") is no
    count of the nation's, and an article that gives only it still leaves the toll out."""
    if not key.startswith("n:") or article_id not in st.ex_by:
        return False
    low, high = (None if x == "None" else float(x) for x in key.split(":")[1:3])
    # the detail's counted nouns, each with the places its sentence names
    heads = {
        q.counted_head: _places(u.article_id, u.start, u.end, st)
        for u in units
        for q in u.quantities
        if (q.low, q.high) == (low, high) and q.counted_head
    }
    ex = st.ex_by[article_id]
    for o in ex.quantities:
        if o.unit is None and o.counted_head in heads:
            s, e = next(((s, e) for s, e in ex.sentences if s <= o.start < e), (o.start, o.end))
            if _places(article_id, s, e, st) <= heads[o.counted_head]:
                return True
    return False


def _places(article_id: str, start: int, end: int, st: _Story) -> set[str]:
    """The place entities named in ``[start, end)`` of the article."""
    found = st.mentions[article_id].starting_in(start, end) if article_id in st.mentions else []
    return {
        m.entity_id
        for m in found
        if m.entity_id and (e := st.entities.get(m.entity_id)) and e.type in PLACE_TYPES
    }


def _left_out(c: Claim, n_families: int, st: _Story, ids: StoryIds, out: DetailClaims) -> None:
    """A detail most families state in the claim that an article of the claim never states."""
    found = [_details(u, st) for u in c.units]
    words = {k: w for ds in found for k, w in ds.items()}
    # Details the same sentences state and the same articles leave out are one omission
    # ("Millions" and "Americans" of one lead): listed once, with all their words.
    lines: dict[tuple[tuple[int, ...], tuple[str, ...]], list[str]] = {}
    for k, w in words.items():
        at = [
            i
            for i, (u, ds) in enumerate(zip(c.units, found, strict=True))
            if _unit_states(k, u, ds)
        ]
        fams = {c.family_of[c.units[i].article_id] for i in at}
        if len(fams) < 2 or len(fams) <= OMISSION_SHARE * n_families:
            continue
        missing = [
            a
            for a in c.article_ids
            if len(fams - {c.family_of[a]}) >= 2
            and not _states(k, a, st)
            and not _measured(k, [c.units[i] for i in at], a, st)
        ]
        if missing:
            lines.setdefault((tuple(at), tuple(missing)), []).append(w)
    for (where, left_out), ws in lines.items():
        d = _detail_claim(c, [c.units[i] for i in where], list(dict.fromkeys(ws)), ids)
        out.claims.append(d)
        for a in left_out:
            out.omissions[a].append(d.id)
