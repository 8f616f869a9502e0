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

from spacy.tokens import Doc, Token

from storyline.extract.entities import HONORIFICS, MentionInfo
from storyline.extract.names import is_role_noun
from storyline.models import Quote

# Labels of what a speaker may speak for.
ORG_LABELS = frozenset({"ORG"})
# Prepositions that tie a role to its institution ("spokesperson for", "head of").
_ROLE_PREPS = frozenset({"for", "of", "at", "with"})


def _role_token(doc: Doc, inf: MentionInfo) -> Token | None:
    """The role noun written with the person's name: before it ("spokesman Lin Jian"), in
    apposition after it ("Lin Jian, a spokesperson ..."), or the noun the name is in
    apposition to ("a spokesman ..., Lin Jian")."""
    if inf.token_i < 0:
        return None
    root = doc[inf.token_i]
    for c in root.children:
        if c.i < root.i and c.dep_ in ("compound", "nmod") and is_role_noun(c):
            return c
    for c in root.children:
        if c.dep_ == "appos" and is_role_noun(c):
            return c
    if root.dep_ == "appos" and is_role_noun(root.head):
        return root.head
    return None


def role_words(role: Token) -> str:
    """The role noun with the lower-case nouns compounded onto it just before it, bare: "press
    secretary", "campaign spokesman" (a capitalised word there, or a noun with words of its
    own, "foreign ministry spokesman", names the institution)."""
    start = role.i
    while start > 0:
        t = role.doc[start - 1]
        if not (
            t.dep_ == "compound"
            and t.head.i == role.i
            and t.pos_ == "NOUN"
            and t.is_lower
            and t.n_lefts + t.n_rights == 0
        ):
            break
        start -= 1
    return role.doc[start : role.i + 1].text.lower()


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
    """Fill the quote's role and organisation from its speaker's mention, when written: a
    role noun beside the name, else the title trimmed off it ("President")."""
    q.speaker_role = q.speaker_org = q.speaker_org_entity = None
    q.speaker_org_start = q.speaker_org_end = None
    role = _role_token(doc, speaker)
    if role is None:
        titles = [r for r in dict.fromkeys(speaker.roles) if r not in HONORIFICS]
        q.speaker_role = " ".join(titles) or None
        return
    q.speaker_role = role_words(role)
    org = _org_of(role, by_char)
    if org is not None:
        m = org.mention
        q.speaker_org, q.speaker_org_start, q.speaker_org_end = m.text, m.start, m.end
