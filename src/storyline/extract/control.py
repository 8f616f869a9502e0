"""Who speaks in an infinitive that hangs on an object-control verb.

"The shooting prompted the state's governor to ask, “…”": the governor asks, not whoever did
the prompting; the infinitive's subject is the object of the verb it hangs on. The verbs that
work so are a closed class (object control); with any other ("used his speech to call for
...") the infinitive is a purpose, and the sentence's subject speaks.
"""

from __future__ import annotations

from spacy.tokens import Token

#: Verbs whose object does what the infinitive after it says ("prompted the governor to
#: ask", "invited Duss to testify"): object control, a closed class. Not "used his speech to
#: call for ...", where the infinitive is a purpose and the subject speaks (PolNeAR train).
OBJECT_CONTROL = frozenset(
    "prompt urge ask tell force invite persuade encourage instruct order call lead cause "
    "push press convince inspire require allow challenge implore beg".split()
)

#: Pronouns that stand for a person as a verb's subject.
_PERSONAL = frozenset({"he", "she", "i", "we"})


def object_control(verb: Token) -> Token | None:
    """The object of the verb an infinitive hangs from, who does what it says: "prompting the
    state's governor to ask", "urged him to say" (the governor asks, not whoever prompted;
    a fact-checker's audit found the gunman credited with the governor's question)."""
    if verb.dep_ != "xcomp" or verb.head.lemma_ not in OBJECT_CONTROL:
        return None
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    return next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)


def participle_of_controller(cue: Token, verb: Token) -> Token | None:
    """The subject of the object-control verb above ``verb`` when ``cue``, a participle set
    off by a comma, hangs on that verb's infinitive: "Biden asked U.S. intelligence agencies
    to “redouble their efforts” ..., saying in a statement that he ..." (the parse hangs
    "saying" on "redouble"; Biden says, not the agencies he asked). Only a subject that is a
    person's name or pronoun: "The shooting prompted the governor to speak, saying ..."
    leaves the words the governor's."""
    if cue.i == verb.i or cue.tag_ != "VBG" or cue.i == 0 or cue.nbor(-1).text != ",":
        return None
    subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    person = subj.ent_type_ == "PERSON" or subj.lower_ in _PERSONAL
    return subj if person else None
