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


def object_control(verb: Token) -> Token | None:
    """The object of the verb an infinitive hangs from, who does what it says: "prompting the
    state's governor to ask", "urged him to say" (the governor asks, not whoever prompted;
    a fact-checker's audit found the gunman credited with the governor's question)."""
    if verb.dep_ != "xcomp" or verb.head.lemma_ not in OBJECT_CONTROL:
        return None
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    return next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
