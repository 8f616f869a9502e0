"""Who a speaker speaks for, kept apart from who the speaker is.

"Chinese foreign ministry spokesman Lin Jian", "Lin Jian, a spokesperson for the Chinese
Foreign Ministry" and "a spokesman for China's foreign ministry, Lin Jian" all name one
person in one role for one institution. The speaker stays the person (``Quote.speaker_name``
is Lin Jian); the role noun and the institution go to ``Quote.speaker_role`` and
``Quote.speaker_org`` (the institution's span, linked to its canonical entity once entities
are canonical: ``storyline.extract.finish``). A person and the institution they speak for
are two entities, linked through the quote.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from spacy.tokens import Doc, Span, Token

from storyline.extract.entities import HONORIFICS, TITLES, MentionInfo
from storyline.extract.known import alias_key, alias_table
from storyline.extract.names import NAMED_LABELS, PLURAL_TAGS, is_role_noun
from storyline.models import Quote

# Between an organisation's name and a person it titles: its initials in brackets, then at
# most ``ORG_TITLE_WORDS`` title words, each capitalised or a spokesperson's ("(RNC)
# Chairwoman ", " Secretary ", " spokesman ").
_ORG_INITIALS = re.compile(r"\s*\([A-Z.&]{2,8}\)")
_TITLE_WORD = re.compile(r"\s+(?:[A-Z][\w.-]*|spokes(?:man|woman|person))(?=\s)")
_SPACE = re.compile(r"\s+")
ORG_TITLE_WORDS = 3

# Labels of what a speaker may speak for.
ORG_LABELS = frozenset({"ORG"})
# Prepositions that tie a role to its institution ("spokesperson for", "head of").
_ROLE_PREPS = frozenset({"for", "of", "at", "with"})
# A role is a word: a single letter by a name is a party's ("(R)") or an initial.
MIN_ROLE_LETTERS = 2
# How a word of a written title hangs on the next word of the title or on the name.
_TITLE_DEPS = frozenset({"compound", "nmod"})
_TITLE_POS = frozenset({"PROPN", "NOUN"})
# Alias types (``data/aliases.json``) that name a place, never part of a title.
_PLACE_TYPES = frozenset({"GPE", "LOC"})


def _entities_by_token(doc: Doc) -> dict[int, Span]:
    """Token index -> its entity, built once per doc (a long article has many quotes)."""
    if "affiliation.ents" not in doc.user_data:
        doc.user_data["affiliation.ents"] = {t.i: ent for ent in doc.ents for t in ent}
    by_token: dict[int, Span] = doc.user_data["affiliation.ents"]
    return by_token


def _lower_words(doc: Doc) -> set[str]:
    """The words the article writes in lower case, built once per doc."""
    if "affiliation.lower" not in doc.user_data:
        doc.user_data["affiliation.lower"] = {t.lower_ for t in doc if t.is_lower}
    lower: set[str] = doc.user_data["affiliation.lower"]
    return lower


def _is_place(tok: Token) -> bool:
    """A known alias of a country or region ("US", "U.K."), whatever the model tagged it."""
    known = alias_table().get(alias_key(tok.text))
    return known is not None and known[1] in _PLACE_TYPES


def _title_word(tok: Token, stop: int, own: Span | None, ents: dict[int, Span]) -> bool:
    """A word of the title written before a name: capitalised ("Attorney", "Gov."), a title
    word or a noun compounded onto the title's next word or the name (ending before
    ``stop``), and no name of its own: not a place, party or institution ("Texas",
    "Republican", "Senate"), nor the end of a hyphenated name ("Miami-Dade"), though a word
    the model left inside the person's own name span ("Gov." of "Gov. Andrew Cuomo") or
    glued behind a place ("US Surgeon") is one."""
    if not tok.text[:1].isupper() or not any(c.isalpha() for c in tok.text):
        return False
    if _is_place(tok) or _glued(tok.doc, tok.i - 1):
        return False
    compounded = tok.pos_ in _TITLE_POS and tok.dep_ in _TITLE_DEPS and tok.i < tok.head.i < stop
    if tok.lower_ not in TITLES and not compounded:
        return False
    ent = ents.get(tok.i)
    if ent is None or ent == own or ent.label_ not in NAMED_LABELS:
        return True
    return ent.label_ == "ORG" and tok.i > ent.start and _is_place(ent[0])


def _heads_title(tok: Token) -> bool:
    """The word next to the name ends a title: a title word, or a singular noun the article
    also writes in lower case ("Journalist"; not an untagged first name, "Raide")."""
    if tok.lower_ in TITLES:
        return True
    return tok.tag_ not in PLURAL_TAGS and tok.lower_ in _lower_words(tok.doc)


def written_title(doc: Doc, inf: MentionInfo) -> Span | None:
    """The title written right before the person's name, whole and as the source writes it
    ("Attorney General", "Senate Minority Leader"'s "Minority Leader", "Gov."), an honorific
    between it and the name skipped ("Surgeon General Dr. Vivek Murthy"); None when there
    is none or it is a lower-case role noun (``role_words`` reads those)."""
    name = doc.char_span(inf.mention.start, inf.mention.end, alignment_mode="expand")
    if name is None:
        return None
    ents = _entities_by_token(doc)
    own = ents.get(name.start)
    j = name.start - 1
    while j >= 0 and doc[j].lower_.rstrip(".") in HONORIFICS:
        j -= 1
    end = j + 1
    if j < 0 or not _title_word(doc[j], name.end, own, ents) or not _heads_title(doc[j]):
        return None
    while j >= 0 and _title_word(doc[j], name.end, own, ents):
        j -= 1
    return doc[j + 1 : end]


def _org_before(title: Span, by_char: dict[int, MentionInfo]) -> MentionInfo | None:
    """The institution named right before a written title ("Treasury" Secretary)."""
    if title.start == 0:
        return None
    inf = by_char.get(title.doc[title.start - 1].idx)
    return inf if inf is not None and inf.mention.label in ORG_LABELS else None


def _role_token(doc: Doc, inf: MentionInfo) -> Token | None:
    """The role noun written with the person's name: before it ("spokesman Lin Jian"), in
    apposition after it ("Lin Jian, a spokesperson ..."), or the noun the name is in
    apposition to ("a spokesman ..., Lin Jian")."""
    if inf.token_i < 0:
        return None
    root = doc[inf.token_i]
    for c in root.children:
        if c.i < root.i and c.dep_ in ("compound", "nmod") and _is_role(c):
            return c
    for c in root.children:
        if c.dep_ == "appos" and _is_role(c):
            return c
    if root.dep_ == "appos" and _is_role(root.head):
        return root.head
    return None


def _is_role(t: Token) -> bool:
    """A role noun of a word of two letters or more: a party's letter in brackets ("Noem
    (R)") is no role."""
    return is_role_noun(t) and sum(c.isalpha() for c in t.text) >= MIN_ROLE_LETTERS


def _glued(doc: Doc, i: int) -> bool:
    """Token ``i`` is a hyphen written inside a word ("co-founder")."""
    return (
        0 < i < len(doc) - 1
        and doc[i].text == "-"
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
    )


def _bare_of(role: Token) -> Token | None:
    """The bare lower-case noun of an "of" the role takes ("chief of operations", "chief of
    staff"): part of the role; an institution there ("director of the FDA ...") is not."""
    for prep in role.rights:
        if prep.lower_ != "of" or prep.i != role.i + 1:
            continue
        for obj in prep.children:
            bare = obj.i == prep.i + 1 and obj.n_lefts + obj.n_rights == 0
            if bare and obj.dep_ == "pobj" and obj.pos_ == "NOUN" and obj.is_lower:
                return obj
    return None


def role_words(role: Token) -> str:
    """The role as written: the role noun with the lower-case nouns compounded onto it just
    before it, bare ("press secretary", "campaign spokesman"; a capitalised word there, or a
    noun with words of its own, "foreign ministry spokesman", names the institution), the
    whole of a hyphenated word ("co-founder") and a bare noun it is "of" ("chief of
    operations")."""
    doc = role.doc
    start = role.i
    while start > 0:
        t = doc[start - 1]
        if _glued(doc, start - 1) and doc[start - 2].is_alpha:
            start -= 2
            continue
        if not (
            t.dep_ == "compound"
            and t.head.i == role.i
            and t.pos_ == "NOUN"
            and t.is_lower
            and t.n_lefts + t.n_rights == 0
        ):
            break
        start -= 1
    end = role.i + 1
    while _glued(doc, end) and doc[end + 1].is_alpha:
        end += 2
    if end == role.i + 1 and (obj := _bare_of(role)) is not None:
        end = obj.i + 1
    return " ".join(doc[start:end].text.split())


def _org_of(role: Token, by_char: dict[int, MentionInfo]) -> MentionInfo | None:
    """The institution the role belongs to: a name compounded onto the role ("foreign
    ministry spokesman") or the object of its preposition ("spokesperson for the ...")."""
    cands = [c for c in role.children if c.i < role.i and c.dep_ in ("compound", "nmod")]
    cands += [
        g for c in role.children if c.lower_ in _ROLE_PREPS for g in c.children if g.dep_ == "pobj"
    ]
    for tok in cands:
        for t in tok.subtree:
            inf = by_char.get(t.idx)
            if inf is not None and inf.mention.label in ORG_LABELS:
                return inf
    return None


def set_affiliation(
    q: Quote, doc: Doc, speaker: MentionInfo, by_char: dict[int, MentionInfo]
) -> None:
    """Fill the quote's role and organisation from its speaker's mention, when written: the
    title before the name as written ("Attorney General"), else a role noun beside the name,
    else the title words trimmed off it."""
    q.speaker_role = q.speaker_org = q.speaker_org_entity = None
    q.speaker_org_start = q.speaker_org_end = None
    title = written_title(doc, speaker)
    role = _role_token(doc, speaker) if title is None else None
    if title is not None:
        q.speaker_role = " ".join(title.text.split())
        org = _org_before(title, by_char)
    elif role is not None:
        q.speaker_role = role_words(role)
        org = _org_of(role, by_char)
    else:
        titles = [
            r
            for r in dict.fromkeys(speaker.roles)
            if r not in HONORIFICS and sum(c.isalpha() for c in r) >= MIN_ROLE_LETTERS
        ]
        q.speaker_role = " ".join(titles) or None
        return
    if org is not None:
        m = org.mention
        q.speaker_org, q.speaker_org_start, q.speaker_org_end = m.text, m.start, m.end


def titled_person(
    text: str, by_char: Mapping[int, MentionInfo], org: MentionInfo, verb_at: int
) -> MentionInfo | None:
    """The person an organisation's name titles, written between it and the verb at
    ``verb_at`` ("Republican National Committee (RNC) Chairwoman Ronna Romney McDaniel
    Tuesday warned": the parse made the committee the subject, and the card the
    committee's); ``by_char``: the article's mentions by character."""
    if org.mention.label == "PERSON":
        return None
    at = _ORG_INITIALS.match(text, org.mention.end, verb_at)
    pos = at.end() if at else org.mention.end
    for _ in range(ORG_TITLE_WORDS):
        word = _TITLE_WORD.match(text, pos, verb_at)
        if word is None:
            return None
        pos = word.end()
        space = _SPACE.match(text, pos, verb_at)
        person = by_char.get(space.end()) if space else None
        if person is not None and person.mention.label == "PERSON":
            return person
    return None
