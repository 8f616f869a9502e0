"""Who "the company" or "the judge" is: a description that points to a name.

News names an institution once and then describes it: "Pfizer Inc. said ... The company also
said", "Moderna ... The vaccine manufacturer said", "The Supreme Court ... The court granted",
"according to AAA. The motor club federation expects". A quote card credited to "company" tells
a reader nothing; the name written before does. ``institution_before`` finds it: the nearest
earlier institution's name that acts or speaks in its sentence (outside quotation marks, not
far back; a name the model calls a person counts when the writer calls it "its") and that the
description can describe: its name holds the description's noun ("the court": the Supreme
Court), or the noun is a generic word for an institution and the name carries no other kind of
its own ("the company": Pfizer, not the Justice Department).

People are described by their role: "the spokesman" is the person introduced with that role
(``by_role``), and a lead's "A federal judge ... he called" the judge named further on
(``described_later``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from storyline.extract.doc_text import doc_text
from storyline.extract.names import MentionInfo, surname
from storyline.extract.subject_rules import SUBJECT_DEPS

# Nouns a writer uses for an institution named before, whatever its name says: any company,
# newspaper or body can be "the company", "the newspaper", "the group".
GENERIC_NOUNS = frozenset(
    """company firm group manufacturer maker drugmaker automaker carmaker retailer chain
    corporation conglomerate giant startup newspaper paper outlet network broadcaster publication
    magazine organization organisation federation association nonprofit charity club
    insurer lender bank airline carrier operator developer publisher platform""".split()
)
# Nouns that say what kind of body a name is ("Supreme *Court*", "Justice *Department*"): a
# description by another of them ("the company") is not that body.
KIND_NOUNS = GENERIC_NOUNS | frozenset(
    """court department ministry agency committee commission board council office bureau
    administration service university school college hospital institute party union
    league team army navy police senate house congress parliament""".split()
)
# Role nouns that name the same office: "the Ukrainian leader" is the person titled President.
ROLE_SYNONYMS: dict[str, frozenset[str]] = {
    "leader": frozenset({"president", "premier", "chancellor", "leader", "minister", "king"}),
    "spokeswoman": frozenset({"spokesman", "spokeswoman", "spokesperson"}),
    "spokesman": frozenset({"spokesman", "spokeswoman", "spokesperson"}),
    "spokesperson": frozenset({"spokesman", "spokeswoman", "spokesperson"}),
    # "the California congressman" is the person titled "Rep." or "Sen.".
    **dict.fromkeys(
        ("congressman", "congresswoman", "lawmaker", "legislator"),
        frozenset({"rep", "representative", "sen", "senator", "congressman", "congresswoman"}),
    ),
}
# How many words before a name its role may stand ("The judge, Roger T. Benitez": the
# name's head word is 4 words after "judge").
ROLE_REACH = 5
# How far back the name may lie: the description's own paragraph or the one before it; a
# body named further back is no longer the one a reader has in mind.
PARAGRAPHS_BACK = 1
_INSTITUTIONS = frozenset({"ORG"})


def _paragraph_start(text: str, at: int, back: int) -> int:
    start = at
    for _ in range(back + 1):
        start = text.rfind("\n", 0, max(0, start - 1))
        if start < 0:
            return 0
        while start > 0 and text[start - 1] == "\n":
            start -= 1
    return start


def _fits(noun: str, inf: MentionInfo) -> bool | None:
    """True: the name holds the noun; False: the name says another kind of body; None: the
    name says no kind (a brand like "Pfizer")."""
    words = [w.strip(".,'’").lower() for w in inf.mention.text.split()]
    if noun in words or noun + "s" in words:
        return True
    return False if any(w in KIND_NOUNS for w in words) else None


def institution_before(
    noun: str, before: int, doc: Doc, named: Sequence[MentionInfo]
) -> MentionInfo | None:
    """The institution "the <noun>" at character ``before`` of ``doc`` points back to, else
    None. ``named`` are the article's names outside quotation marks, in text order."""
    if noun not in KIND_NOUNS:
        return None
    floor = _paragraph_start(doc_text(doc), before, PARAGRAPHS_BACK)
    for inf in reversed(named):
        m = inf.mention
        if m.start >= before or not (m.label in _INSTITUTIONS or inf.pronoun == "it"):
            continue  # an institution, or a name the model calls a person and the writer "it"
        if m.start < floor:
            return None
        if not acts_or_speaks(doc, inf):
            continue  # a body the sentence only mentions ("compare the U.S. to the Taliban")
        fits = _fits(noun, inf)
        if fits:
            return inf
        if fits is None and noun in GENERIC_NOUNS:
            return inf
    return None


def acts_or_speaks(doc: Doc, inf: MentionInfo) -> bool:
    """The name acts or speaks in its sentence: a subject, or "according to" it."""
    if inf.speaks or inf.dep in SUBJECT_DEPS:
        return True
    tok = doc[inf.token_i] if inf.token_i >= 0 else None
    return tok is not None and tok.dep_ == "pobj" and tok.head.head.lower_ == "according"


def described(subj: Token, named: Sequence[MentionInfo]) -> MentionInfo | None:
    """The institution a speaker written "the <noun>" points back to (``institution_before``);
    never a plural ("drugmakers" are many), an indefinite ("a court" is none named) or a
    possessive ("its parent")."""
    if subj.tag_ in ("NNS", "NNPS") or not any(
        c.dep_ == "det" and c.lower_ == "the" for c in subj.children
    ):
        return None
    return institution_before(subj.lemma_.lower(), subj.idx, subj.doc, named)


def by_role(role: str, before: int, infos: Sequence[MentionInfo]) -> MentionInfo | None:
    """The person "the <role>" at character ``before`` is: the one introduced with that role
    ("foreign ministry spokesman Lin Jian"; ``ROLE_SYNONYMS``), the most named of those
    before it, else the first after it."""
    wanted = ROLE_SYNONYMS.get(role, frozenset({role}))
    hits = [i for i in infos if i.mention.label == "PERSON" and wanted & set(i.roles)]
    earlier = [i for i in hits if i.mention.start < before]
    if earlier:
        named = Counter(
            surname(i.tokens) for i in infos if i.mention.label == "PERSON" and i.tokens
        )
        return max(reversed(earlier), key=lambda i: named[surname(i.tokens)] if i.tokens else 0)
    return hits[0] if hits else None


def described_later(
    pronoun: Token, named: Sequence[MentionInfo], infos: Sequence[MentionInfo]
) -> MentionInfo | None:
    """With no one named before it, "he" is the person its sentence's subject describes,
    named later with that role: "A federal judge ... overturned the ban, which he called a
    “failed experiment” ... The judge, Roger T. Benitez, ..." (the New York Times). ``named``
    are the names outside quotation marks."""
    root = pronoun.sent.root
    subj = next((c for c in root.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
    if subj is None:
        return None
    role = subj.lemma_.lower()
    doc = pronoun.doc

    def introduced(i: MentionInfo) -> bool:
        if i.token_i < 0:
            return False
        return any(
            t.lemma_.lower() == role for t in doc[max(0, i.token_i - ROLE_REACH) : i.token_i]
        )

    later = [i for i in named if i.mention.label == "PERSON" and i.mention.start > pronoun.idx]
    return by_role(role, pronoun.idx, infos) or next(filter(introduced, later), None)
