"""Where a reported content starts and stops, apart from which frame gives it (``reported``).

The parse hangs on a cue's clause what is not what was said: the day of the saying ("said on
Wednesday he sees ..."), a relative clause on the cue's object ("will propose a budget ... that
would take ..."), trailing punctuation. These rules trim the content to the words reported.
"""

from __future__ import annotations

from spacy.tokens import Token

#: Punctuation a content keeps at its end: a closing bracket, a per cent sign.
_KEPT_LAST = frozenset({")", "]", "%"})
#: Relative pronouns, which open a relative clause as its subject.
_RELATIVES = frozenset({"that", "which", "who"})
#: Verbs whose object is who is addressed, and a clause after it what they are told: "told
#: reporters that would be a mistake" ("that" is the clause's subject, not a relative).
_ADDRESSING = frozenset({"tell", "inform", "assure", "warn", "remind", "notify", "advise"})
#: How a time hangs on a verb: "Sunday", "last week" (npadvmod), "on Wednesday" (prep).
_TIME_DEPS = frozenset({"npadvmod", "prep", "tmod"})
#: Entity labels of a time.
_TIMES = frozenset({"DATE", "TIME"})


def when(dep: Token) -> bool:
    """A time adjunct of the cue ("criticized the plan on Tuesday"): when it was said, not
    what was said."""
    return dep.dep_ == "prep" and any(g.ent_type_ in _TIMES for g in dep.children)


def after_time(toks: list[Token], child: Token) -> list[Token]:
    """The clause without the time of its saying written before it: "said on Wednesday he
    sees room for a compromise", "said Sunday the administration will push ..." (the parse
    hangs the day on the clause's verb; the card read "Sunday the administration will push"
    and "on Wednesday he sees ..."). "said Sunday's vote was rigged" keeps its day."""
    if not toks or toks[0].i >= child.i:
        return toks
    lead = toks[0]
    while lead.head.i not in (child.i, lead.i):  # spaCy makes a new Token per access
        lead = lead.head
    timed = lead.dep_ in _TIME_DEPS and (lead.ent_type_ in _TIMES or when(lead))
    if lead.head.i != child.i or not timed:
        return toks
    cut = max(t.i for t in lead.subtree) + 1
    rest = [t for t in toks if t.i >= cut]
    while rest and rest[0].is_punct and rest[0].text == ",":
        rest = rest[1:]
    return rest or toks


def relative_after_object(verb: Token, clause: Token) -> bool:
    """A clause the parse hangs on the verb that is a relative clause on the verb's object:
    "will propose a $6 trillion budget on Friday that would take the United States to its
    highest ... spending" (its subject is the relative pronoun; the card read "that would
    take ..." as Biden's words, where the writer describes the budget)."""
    if clause.dep_ != "ccomp":
        return False
    relative = any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _RELATIVES for c in clause.children
    )
    if not relative or verb.lemma_ in _ADDRESSING:
        return False  # "told reporters that would be a mistake": "that" is the subject
    return any(c.dep_ == "dobj" and c.i < clause.i and _thing(c) for c in verb.children)


def _thing(noun: Token) -> bool:
    """An object that is neither a pronoun nor a name: what a relative clause may describe
    ("a $6 trillion budget"), not someone told something ("him", "CNN")."""
    return noun.pos_ == "NOUN" and not noun.ent_type_


def trimmed(toks: list[Token]) -> list[Token]:
    """Without trailing blanks, punctuation (a closing bracket stays: "Rep. Don Beyer
    (D-Va.)"; so does a number's per cent sign: "doubled from 3.4%" lost it) and a dangling
    conjunction."""
    while toks and (
        toks[-1].is_space
        or (toks[-1].is_punct and toks[-1].text not in _KEPT_LAST)
        or toks[-1].dep_ == "cc"
    ):
        toks = toks[:-1]
    return toks
