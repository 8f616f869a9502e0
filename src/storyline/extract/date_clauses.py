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
object, "after Tuesday", bounds the main event) or of a "from" phrase of a value (the start
of a change: "up to 6.1% from 6% in March"), or in a noun phrase it modifies ("including
the 2012 acquisition", "the June 2020 decision": a possessive, compound or number on a noun
dates that noun's event), or in a past participle on a noun ("the moratorium established last
year": the moratorium's start, not the ruling that ends it). A "since" on a verb gives the
start of the state that verb states ("has expressed alarm since Moscow invaded in February
2022", "since Russia's 2014 annexation"), so it dates that claim; so do a reported clause
("said that ... on Tuesday") and a "when" clause (one time for both events), and a date on the
clause's subject ("Tuesday's meeting ended without a deal"): its event is what the claim is
about.

``aside_of`` gives the character span of the aside a date sits in; ``DateRef.aside_start`` /
``aside_end`` keep it, and ``reconcile.claims.claim_date`` dates a claim only by the dates
that date its sentence (or the aside, when the unit is that aside split off its sentence).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from storyline.extract.quotes import CUE_LEMMAS

# Conjunctions that open an adverbial clause whose event is not the main clause's.
ASIDE_MARKS = frozenset(
    {"after", "before", "until", "till", "because", "although", "though", "once"}
)
# Marks that set a relative clause off from its noun.
_SET_OFF = frozenset({",", "—", "–", "(", "-", "--"})
#: The dependencies of a verb's subject, active and passive.
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
#: The links that keep a noun inside the noun phrase above it ("bias" in "People with bias").
_WITHIN_NOUN_PHRASE = frozenset({"pobj", "prep", "appos", "conj"})
# Prepositions whose phrase holds another event: a date nested in it dates that event.
_EVENT_PREPS = frozenset({"after", "before", "until", "following"})
# Dependencies of a date on a noun that make it that noun's date ("last week's increase",
# "the 2012 acquisition", "the June 2020 decision"), not the clause's time.
_NOUN_MODS = frozenset({"poss", "compound", "nmod", "nummod", "amod"})
# Roles of a noun whose event is the claim's own: a dated subject ("Tuesday's meeting ended
# without a deal") or a noun that is the whole sentence (a headline, "Tuesday's vote").
_CLAIM_NOUNS = frozenset({"nsubj", "nsubjpass", "ROOT"})
# Roles of a noun that stands for a whole clause, with no verb of its own (a headline, a
# reported clause): a participle on it is that clause's verb.
_VERBLESS_HEADS = frozenset({"ROOT", "ccomp"})
# Prepositions on a verb whose object is the claim's occasion or the start of its state: a date
# on that noun dates the claim (AllSides dev: "in a Thursday note", "during a Sunday morning
# CNN interview", "at her Friday press conference", "since Russia's 2014 annexation"). Not
# "on": its object is mostly a topic ("a commission on the deadly Jan. 6 attack").
_OCCASION_PREPS = frozenset({"since", "during", "at", "in"})
# Entity labels of a value a change is measured in.
_VALUES = frozenset({"MONEY", "PERCENT", "CARDINAL", "QUANTITY"})
#: Tags of a comparative ("more", "higher", "less"), which a "than" phrase sets against.
_COMPARATIVES = frozenset({"JJR", "RBR"})


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


def _claims_occasion(h: Token) -> bool:
    """``h`` is the object of a "since" on a verb ("have been in a spiral since Russia's 2014
    annexation": the start of the state the verb states, as "since 2014" is) or of an
    occasion preposition on it ("said in a Thursday note", "reiterated during a Sunday
    interview", "at her Friday press conference"): the noun's date is the claim's."""
    return h.dep_ == "pobj" and h.head.lower_ in _OCCASION_PREPS and _on_verb(h.head)


def _after_on(date: Token) -> bool:
    """The date follows a bare "on" ("released by the White House on Friday hinges on ...",
    "a memo on Jan. 5 warning of ..."): it is that preposition's object, the parse's noun after
    it a misread verb or participle; a date that modifies a noun has a determiner or a
    possessive before it ("the 2012 acquisition", "Trump's 2017 tax cuts") or is one itself
    ("on last year's ballots")."""
    first = date.left_edge
    return date.dep_ != "poss" and first.i > 0 and first.nbor(-1).lower_ == "on"


def _dated_noun(h: Token, below: Token) -> bool:
    """``h`` is a noun that the date (its child ``below``) modifies, not a time word itself
    ("Tuesday morning"), not the claim's own subject, occasion or start of its state: the
    phrase is an aside."""
    return (
        below.dep_ in _NOUN_MODS
        and h.pos_ in ("NOUN", "PROPN")
        and h.ent_type_ not in ("DATE", "TIME")
        and h.dep_ not in _CLAIM_NOUNS
        and not _claims_occasion(h)
        and not _after_on(below)
    )


def _reported_subject(noun: Token) -> bool:
    """The noun is what a trailing speech verb reports, parsed as its subject ("Two soldiers
    wounded Monday in an ambush, the army said"): its participle is the report's verb."""
    return noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_ in CUE_LEMMAS


def _opens_aside(h: Token, below: Token, date: Token) -> bool:
    """``h``, reached from the date's root ``date`` through its child ``below``, heads an
    aside."""
    if below.i == date.i and _dated_noun(h, below):
        return True
    if h.dep_ == "relcl":
        return _set_off(h)
    # "the moratorium on evictions established last year": a past participle on a noun dates
    # that noun's past event, not the claim ("a federal judge vacated ..."), set off or not;
    # on a noun that is the clause itself ("Trump seen leaving hospital on Monday", "Two
    # soldiers wounded Monday ..., the army said"), the participle is the claim's own verb
    # ("The survey, fielded April 12 to 18, was conducted before ...": the tagger may read
    # such a participle as a past tense, but a verb on a noun is a participle all the same)
    if h.dep_ == "acl" and h.tag_ in ("VBN", "VBD"):
        return h.head.dep_ not in _VERBLESS_HEADS and not _reported_subject(h.head)
    if _than_clause(h):
        return True
    if h.dep_ == "advcl":
        marks = {c.lower_ for c in h.children if c.dep_ == "mark"}
        return bool(marks & ASIDE_MARKS) or ("since" in marks and not _on_verb(h))
    if h.dep_ == "prep" and h.lower_ == "since":
        return not _on_verb(h)
    if h.dep_ == "prep" and h.lower_ == "from" and _by_a_value(h):
        # "rose 3.8% from a year earlier", "increased 3% from the same period in 2020": the
        # change's base
        return not _span_start(h)
    if _against_earlier(h):
        return True  # "16 cents more than a month ago": the base a value is set against
    # "after talks in January": the date hangs below the phrase's object, not on it
    if h.dep_ == "prep" and below is not date and (h.lower_ in _EVENT_PREPS or _baseline(h)):
        return True
    # "People with open bias, including a man photographed there during the Jan. 6 riot, are
    # doing the recounting": a phrase set off on the subject says who it is, and a date below
    # the phrase's object dates what it describes, not the claim ("The vote, on Tuesday, ..."
    # is the phrase's own object and dates the claim; on the verb's object, "will attend
    # summits, including the G-7 summit from June 11-13", the date is the claim's)
    return h.dep_ == "prep" and below is not date and _set_off(h) and _in_subject(h.head)


def _in_subject(noun: Token) -> bool:
    """``noun`` is the verb's subject or a noun in a phrase on it ("People with open bias")."""
    while noun.dep_ in _WITHIN_NOUN_PHRASE and noun.head.i != noun.i:
        noun = noun.head
    return noun.dep_ in _SUBJECTS


def _by_a_value(prep: Token) -> bool:
    """The "from" phrase ``prep`` hangs on a change by a value written before it ("rose 3.8%
    from ...", "fell $2 billion from ...", "The 0.9 percent CPI increase from March"): a date
    in it is the time the change is measured from, not the change's (Fox Business, CNN and
    CNBC on May's prices: "from a year earlier" filed the claim under 2020; National Review's
    April CPI rise "from March" was filed under March)."""
    head = prep.head
    if any(c.ent_type_ in _VALUES and c.dep_ != "pobj" for c in head.children):
        return True
    return any(t.ent_type_ in _VALUES and t.dep_ != "pobj" for t in head.subtree if t.i < prep.i)


def _span_start(prep: Token) -> bool:
    """The "from" opens a span ("rose 4% from January to March"): a "to", "through" or
    "until" follows it, on its verb or inside it; the span is the change's own period."""
    ends = ("to", "through", "until", "till")
    return any(t.lower_ in ends and t.i > prep.i for t in [*prep.head.children, *prep.subtree])


def _than_clause(h: Token) -> bool:
    """``h`` heads the base clause of a comparison, with a subject of its own: "higher than
    they were in February 2020" (the parse makes it an adverbial or a complement clause);
    "jumped more than expected in May" has none, and is the jump's month."""
    return (
        h.dep_ in ("advcl", "ccomp")
        and any(c.dep_ == "mark" and c.lower_ == "than" for c in h.children)
        and any(c.dep_ in _SUBJECTS for c in h.children)
    )


def _against_earlier(h: Token) -> bool:
    """``h`` sets a value against an earlier one: "16 cents more than a month ago" (the
    "than" of a comparative), "a 60% increase over last year" (a counted change's "over"),
    "compared with a year ago". The date is the base's, not the value's: the timeline
    filed AAA's current gas price under April and its holiday forecast under 2020."""
    if h.lower_ == "compared" and h.dep_ in ("prep", "advcl", "acl"):
        return True
    if h.dep_ != "prep":
        return False
    if h.lower_ == "than":  # "more than a month ago", "More people voted than in 2016"
        return any(t.tag_ in _COMPARATIVES for t in h.head.subtree if t.i < h.i)
    counted = any(c.like_num or c.ent_type_ in _VALUES for c in h.head.subtree if c.i < h.i)
    return h.lower_ == "over" and h.head.pos_ == "NOUN" and counted


def _baseline(prep: Token) -> bool:
    """A "from" phrase whose object is a value: the start of a change ("ticked up to 6.1% from
    6% in March"), whose date is the earlier value's, not the change's."""
    return prep.lower_ == "from" and any(
        c.dep_ == "pobj"
        and c.ent_type_ not in ("DATE", "TIME")  # "from January 1 to July 11": a span of days
        and (c.like_num or c.ent_type_ in _VALUES or any(g.dep_ == "nummod" for g in c.children))
        for c in prep.children
    )


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
