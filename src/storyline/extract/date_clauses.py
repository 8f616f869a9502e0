"""Which event a date dates: the sentence's main claim, or an aside.

"The exercise comes ahead of the meeting, their first since Mr. Biden took office in January"
does not date the exercise to January: the date sits in a subordinate clause and dates that
clause's event. A date is an aside when it sits in a relative clause set off by a comma
(", which began in March"; a restrictive one, "a tariff that went into effect on Wednesday",
says which tariff the claim is about, and dates it), in an adverbial clause opened by a
conjunction that sets its event apart from the main one ("after", "before", "until",
"because", "although"), in a "since" clause or phrase that qualifies a noun or an adjective
("their first since ...", "the largest since 2018"), or in the noun phrase of an "after" /
"before" / "until" phrase ("after talks in January": the talks' date; the phrase's own
object, "after Tuesday", bounds the main event). A "since" on a verb gives the start of the
state that verb states ("has expressed alarm since Moscow invaded in February 2022"), so it
dates that claim; so do a reported clause ("said that ... on Tuesday") and a "when" clause
(one time for both events).

``aside_of`` gives the character span of the aside a date sits in; ``DateRef.aside_start`` /
``aside_end`` keep it, and ``reconcile.claims.claim_date`` dates a claim only by the dates
that date its sentence (or the aside, when the unit is that aside split off its sentence).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

# Conjunctions that open an adverbial clause whose event is not the main clause's.
ASIDE_MARKS = frozenset(
    {"after", "before", "until", "till", "because", "although", "though", "once"}
)
# Marks that set a relative clause off from its noun.
_SET_OFF = frozenset({",", "—", "–", "(", "-", "--"})
# Prepositions whose phrase holds another event: a date nested in it dates that event.
_EVENT_PREPS = frozenset({"after", "before", "until", "following"})


def _span(head: Token) -> tuple[int, int]:
    sub = list(head.subtree)
    return sub[0].idx, sub[-1].idx + len(sub[-1].text)


def _set_off(h: Token) -> bool:
    """The clause headed by ``h`` is set off by a comma, dash or bracket before it: a
    non-restrictive relative clause (", which began in March"), an aside; a restrictive one
    ("a tariff that went into effect on Wednesday") names which thing the claim is about, and
    its date is the claim's."""
    first = next(h.subtree)
    return first.i > 0 and first.nbor(-1).text in _SET_OFF


def _on_verb(h: Token) -> bool:
    return h.head.pos_ in ("VERB", "AUX")


def _opens_aside(h: Token, below: Token, date: Token) -> bool:
    """``h``, reached from the date's root ``date`` through its child ``below``, heads an
    aside."""
    if h.dep_ == "relcl":
        return _set_off(h)
    if h.dep_ == "advcl":
        marks = {c.lower_ for c in h.children if c.dep_ == "mark"}
        return bool(marks & ASIDE_MARKS) or ("since" in marks and not _on_verb(h))
    if h.dep_ == "prep" and h.lower_ == "since":
        return not _on_verb(h)
    # "after talks in January": the date hangs below the phrase's object, not on it
    return h.dep_ == "prep" and h.lower_ in _EVENT_PREPS and below is not date


def aside_of(date: Span) -> tuple[int, int] | None:
    """Character span of the innermost aside holding the date expression ``date``, or None
    when it sits in its sentence's main clause. A conjunction that is part of the expression
    ("hours after Beijing rejected ...", which places the main clause) opens no aside."""
    root = date.root
    below, h = root, root
    while h.head.i != h.i:
        below, h = h, h.head
        if not date.start <= h.i < date.end and _opens_aside(h, below, root):
            return _span(h)
    return None
