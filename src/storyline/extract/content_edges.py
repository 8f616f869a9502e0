"""Where a reported content starts and stops, apart from which frame gives it (``reported``).

The parse hangs on a cue's clause what is not what was said: the day of the saying ("said on
Wednesday he sees ..."), a relative clause on the cue's object ("will propose a budget ... that
would take ..."), trailing punctuation, and the writer's own words after it: an aside opened
by a comma, a dash or a semicolon, a quotation closed on a comma. These rules trim the content
to the words reported.
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
#: Words that, after a comma, open the writer's aside on reported content rather than more
#: of it: a non-restrictive relative clause, a concession or contrast, the source again
#: ("according to"). PolNeAR dev content stops before them (``until_writers_aside``).
ASIDE_WORDS = frozenset("who whom whose which although though whereas according".split())
#: Of those, the words that open a relative clause (``_inner_relative``).
RELATIVE_WORDS = frozenset("who whom whose which".split())
#: Content this short (tokens) is never cut further: the aside needs something to follow.
MIN_CONTENT_TOKENS = 3
#: Dashes that open an aside (a hyphen inside a word is part of its token).
_DASHES = frozenset({"—", "–", "―"})


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


def until_quoted_comma(toks: list[Token]) -> list[Token]:
    """The content up to a quotation that closes on a comma ('said, “We’ll see,” when
    asked'): the comma inside the marks ends the speaker's clause, and what follows is the
    writer's again (the parser often hangs it inside the quoted clause)."""
    for k in range(1, len(toks) - 1):
        if toks[k].tag_ == "''" and toks[k - 1].text == ",":
            return toks[: k + 1]
    return toks


def in_marks(toks: list[Token]) -> bool:
    """Whether a quotation opened in ``toks`` is still open at their end (the next token is
    the speaker's own word, not the writer's)."""
    opened = False
    for t in toks:
        if t.tag_ == "``":
            opened = True
        elif t.tag_ == "''":
            opened = False
    return opened


def until_dash_aside(toks: list[Token]) -> list[Token]:
    """The content up to a dash that no later dash closes: "... with Russian forces — a claim
    Lin dismissed ...": what follows the dash is the writer's aside on what was said."""
    dashes = [k for k, t in enumerate(toks) if k > 0 and is_dash(t)]
    if len(dashes) == 1:
        return trimmed(toks[: dashes[0]])
    return toks


def until_writers_aside(toks: list[Token]) -> list[Token]:
    """The content up to a comma (outside quotation marks and brackets) that opens the
    writer's aside on what was said: a relative clause on its last noun (", who has not
    been charged", ", which forced her to ..."), a concession (", although he again
    refused"), its source (", according to ..."), or a participle after an adverb (",
    implicitly putting his name on the line"); or up to a semicolon, after which the writer
    goes on in a clause of their own. PolNeAR's content stops there."""
    depth = 0
    for k, t in enumerate(toks):
        depth += t.text in "([" and t.is_punct
        depth -= t.text in ")]" and t.is_punct
        if k < MIN_CONTENT_TOKENS or k + 1 >= len(toks) or depth > 0:
            continue
        if t.text == ";" or (t.text == "," and _opens_aside(toks, k + 1)):
            if not in_marks(toks[:k]):
                return trimmed(toks[:k])
    return toks


def _opens_aside(toks: list[Token], k: int) -> bool:
    """Whether the word after the comma ``toks[k - 1]`` opens the writer's aside: one of
    ``ASIDE_WORDS`` (read in the text: an "according" the parse left out of the content
    counts), an adverb then a participle, or an apposition that runs to the content's end
    (", the existing military alliance that ...", ", a former lieutenant governor ...")."""
    comma = toks[k - 1]
    if comma.i + 1 < len(comma.doc) and comma.doc[comma.i + 1].lower_ in ASIDE_WORDS:
        return not _inner_relative(comma.doc[comma.i + 1], toks[-1])
    t = toks[k]
    if t.tag_ == "RB" and k + 1 < len(toks) and toks[k + 1].tag_ == "VBG":
        return True
    head = t
    while head.head.i >= t.i and head.head.i != head.i:
        head = head.head  # the phrase the word after the comma opens
    return head.dep_ == "appos" and head.head.i < comma.i and head.right_edge.i >= toks[-1].i


def _inner_relative(word: Token, last: Token) -> bool:
    """A relative clause the content goes on after: ", which hit a home ..., occurred as ..."
    describes the content's subject and ends before its verb (the AllSides dev run cut "Israel's
    latest strikes, which hit ..., occurred as ..., according to the AP" to its first three
    words); one that runs to the content's end is the writer's aside."""
    if word.lower_ not in RELATIVE_WORDS:
        return False
    clause = word
    while clause.dep_ != "relcl" and clause.head.i != clause.i:
        clause = clause.head
    return clause.dep_ == "relcl" and clause.right_edge.i < last.i and clause.head.i < word.i


def is_dash(t: Token) -> bool:
    """A dash between words ("forces — a claim"), not a hyphen inside one ("dual-use")."""
    if t.text in _DASHES:
        return True
    return t.text in ("-", "--") and t.i > 0 and bool(t.doc[t.i - 1].whitespace_)
