"""Small rules of who a cue's subject is, beside ``subjects``: the agent of a passive, the
maker of a document that speaks, the person a role is joined to ("Actress and activist Rose
McGowan"), a passive participle set off from its clause, the "of" phrase a role noun's
name runs on into, a clause the parse put inside a subject's phrase, and the quotation mark
that opens a title a speaker is named by."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from storyline.extract.cues import is_cue
from storyline.extract.names import MentionInfo


def agent(verb: Token) -> Token | None:
    """The agent of a passive verb ("by X"), the source of what it reports; None without one."""
    by = [c for c in verb.children if c.dep_ == "agent"]
    objs = [g for a in by for g in a.children if g.dep_ == "pobj"]
    return objs[0] if objs else None


# Verbs by which a document's maker puts it out: "according to data released by X" is X's.
PUT_OUT = frozenset("release publish issue compile provide produce prepare post file".split())


def released_by(source: Token) -> Token | None:
    """Who put out the document an "according to" names: "according to data released by the
    California secretary of state" is the secretary's (a new user's AllSides run showed the
    card's speaker as "data"); None when no such participle with an agent follows it.
    Only a verb of putting out (``PUT_OUT``): "a letter obtained by multiple media outlets"
    is still the letter's, "economists surveyed by Dow Jones" the economists'."""
    for c in source.children:
        if c.dep_ == "acl" and c.lemma_ in PUT_OUT and (maker := agent(c)) is not None:
            return maker
    return None


# Nouns of a document or a count that speaks for whoever made it ("data from Johns Hopkins
# University showed", "the CDC's data show"): with its maker named beside it, the card is
# the maker's (an audit of 80 AllSides cards found six of "data"). A person's noun
# ("officials from the State Department") is no document: the officials speak, for the body
# (``affiliation``).
SOURCE_DOCUMENTS = frozenset(
    "data figure figures number numbers statistic statistics report study survey poll "
    "polling analysis estimate estimates count tally census finding findings record records "
    "document documents filing memo letter review audit research result results "
    # a body's written word: "a statement from Netanyahu's office hailed ..." is the
    # office's (a new user's AllSides run showed the card "statement")
    "statement statements announcement release sheet".split()
)
# Prepositions that name a document's maker ("a report from / by the Labor Department").
MAKER_PREPOSITIONS = frozenset({"from", "by"})


def document_maker(noun: Token, label: Callable[[Token], str | None]) -> Token | None:
    """Who made the document ``noun`` names, when written beside it and named (``label``: the
    label of the article's name at a token, else None): put out by them ("data released by
    X", ``released_by``), from or by them, or theirs ("X's data"); None otherwise. A maker
    named in front ("a Quinnipiac University poll", "an IMF report") is already in the
    speaker's name, which says what kind of source it is (PolNeAR's sources are such
    documents)."""
    if noun.lemma_.lower() not in SOURCE_DOCUMENTS and noun.lower_ not in SOURCE_DOCUMENTS:
        return None  # "Hostages released by Hamas said": the hostages speak
    if (maker := released_by(noun)) is not None:
        return maker
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in MAKER_PREPOSITIONS:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and (label(obj) is not None or _owned_by_name(obj, label)):
                return obj
        elif c.dep_ == "poss" and c.i < noun.i and label(c) is not None:
            return c
    return None


def _owned_by_name(noun: Token, label: Callable[[Token], str | None]) -> bool:
    """Whether a named owner is written before ``noun`` ("Netanyahu's office")."""
    return any(c.dep_ == "poss" and label(c) is not None for c in noun.children)


def titles_and_name(noun: Token, label: Callable[[Token], str | None]) -> Token | None:
    """The person a bare singular role noun is joined to by "and" ("Actress and activist
    Rose McGowan", "strategist and pollster Jane Doe"), which the parse makes two subjects:
    the titles are one person's, who is the name (``label``: as for ``document_maker``; an
    audit of 80 AllSides cards found the card "Actress"). "The actress and Rose McGowan"
    names two people: the noun has its determiner."""
    if noun.tag_ != "NN" or any(c.dep_ in ("det", "poss") for c in noun.children):
        return None
    for c in noun.children:
        if c.dep_ == "conj" and c.pos_ == "PROPN":
            return c if label(c) == "PERSON" else None
    return None


# Punctuation inside a word of the phrase ("one-time", "9/11", "CDC's").
_WORD_PUNCT = frozenset("-/'’")


def of_phrase(noun: Token) -> list[Token]:
    """The "of" phrase right after a noun that speaks, which belongs to its name ("his
    longtime chief of staff", "the secretary of state", "a group of scientists": a new user's
    run showed "his longtime chief"), without a clause on its noun ("the head of a nonprofit
    that used ...")."""
    of = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == noun.i + 1]
    if not of:
        return []
    cut = {t.i for c in of[0].subtree if c.dep_ in ("relcl", "acl", "appos") for t in c.subtree}
    out: list[Token] = []
    for t in of[0].subtree:  # in text order; stop where a clause or a comma begins
        if t.i in cut or (t.is_punct and t.text not in _WORD_PUNCT):
            break
        out.append(t)
    return out if len(out) > 1 else []


# Tags of a word right after a noun that opens what describes it: an adjective ("familiar
# with the matter", "close to the talks") or a passive participle ("briefed on the talks").
_DESCRIBING = frozenset({"JJ", "VBN"})


def familiar_with(noun: Token) -> list[Token]:
    """What describes an unnamed source right after its noun, which is all its name says of it
    ("a person familiar with the matter", "people briefed on the talks": a new user's AllSides
    run showed the card "person"): an adjective or a passive participle with its
    preposition's phrase, up to a comma or a clause. A document's ("data released on
    Wednesday") says when, not who: its maker is found apart (``document_maker``)."""
    if noun.lemma_.lower() in SOURCE_DOCUMENTS or noun.lower_ in SOURCE_DOCUMENTS:
        return []
    after = [
        c
        for c in noun.children
        if c.i == noun.i + 1
        and c.dep_ in ("amod", "acl")
        and c.tag_ in _DESCRIBING
        and any(g.dep_ == "prep" for g in c.children)
    ]
    if not after:
        return []
    out: list[Token] = []
    for t in after[0].subtree:  # in text order, as ``of_phrase`` reads its phrase
        if t.dep_ in ("relcl", "ccomp") or (t.is_punct and t.text not in _WORD_PUNCT):
            break
        out.append(t)
    return out


def set_off_passive(cue: Token) -> bool:
    """A passive participle set off before or after the clause it modifies ("Asked why he was
    confident, Biden ..."): the clause's subject is the one asked, not who asked (a new
    user's AllSides run credited a reporter's question to Biden). An active perfect
    participle ("Having announced that she would retire, Smith ...") is its subject's."""
    perfect = any(c.dep_ == "aux" and c.lower_ == "having" for c in cue.children)
    return cue.tag_ == "VBN" and cue.dep_ == "advcl" and not perfect


# Tags of a finite verb (past, present, modal): a clause, which no speaker's name holds.
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
#: Dependency labels of a verb's subject.
SUBJECT_DEPS = ("nsubj", "nsubjpass")


def opening_mark(text: str, s: int, e: int) -> int:
    """The start of a speaker span ``text[s:e]`` with the quotation mark that opens a title
    inside it: "The “Brave” author said" named the speaker "Brave” author" (a mark is
    punctuation, which a speaker's first word never is, so the opening one was left out)."""
    span = text[s:e]
    unopened = span.count("”") > span.count("“") or span.count('"') % 2 == 1
    return s - 1 if unopened and s > 0 and text[s - 1] in '“"' else s


def clause_subject(subj: Token) -> Token | None:
    """The subject of a finite verb that the parse put inside a speaker's phrase, before its
    head: "Energy Secretary Jennifer Granholm on Sunday slammed ... posture ... warning
    that" (the tagger made "slammed" a modifier of "posture", and the card read the whole
    clause as its speaker). A name holds no clause, and that verb's subject is the
    sentence's subject, who does the warning too."""
    marks = 0  # quotation marks passed: a verb inside them is a title's ("The “I Am
    # Malala” author said"), no clause of the sentence
    for t in subj.subtree:
        if t.i >= subj.i:
            return None
        marks += t.is_quote
        if t.tag_ in _FINITE_TAGS and marks % 2 == 0:
            inner = next((c for c in t.children if c.dep_ in SUBJECT_DEPS and c.i < t.i), None)
            if inner is not None and inner.pos_ != "PRON":
                return inner
    return None


# Relative pronouns a reporting verb's subject may be ("Reid, who has called him ...").
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})


def past_content(verb: Token) -> Token:
    """The verb a participle or second verb borrows its subject from: its head, except that a
    verb of saying hung on the content of another ("he revealed that <A> had ..., saying <B>
    could ...") says it as the speaker of that content, not as its subject: the parse
    attaches the participle to the nearest verb, inside the content."""
    head = verb.head
    if verb.dep_ == "conj" and is_cue(head):
        return head  # "Stefanik said ... and vowed to “…”": one subject for both verbs
    if is_cue(verb) and head.dep_ == "ccomp" and is_cue(head.head):
        return head.head
    return head


def set_off_subject(verb: Token) -> Token | None:
    """ "Justice Elena Kagan, writing for the court, said ...": the parse hangs the name on the
    participle set off before the verb, which leaves the verb without a subject; the
    participle's subject, before it, is the verb's."""
    for c in verb.children:
        if c.dep_ == "advcl" and c.i < verb.i and c.tag_ == "VBG":
            subj = [g for g in c.children if g.dep_ == "nsubj" and g.i < c.i]
            if subj and subj[0].pos_ == "PROPN":
                return subj[0]
    return None


def named_first(subjects: list[Token]) -> list[Token]:
    """A verb's subjects, a named person first when the parse gave it several: a hyphenated
    role before a name ("co-host Mika Brzezinski asked") is cut into subjects of their own
    ("co", "-", "Brzezinski"), and the name is who speaks."""
    named = [t for t in subjects if t.pos_ == "PROPN" and t.ent_type_ == "PERSON"]
    if len(subjects) < 2 or not named:
        return subjects
    return [named[-1]] + [t for t in subjects if t is not named[-1]]


def one_of_a_group(subj: Token, inf: MentionInfo) -> bool:
    """A singular member of a group, made definite ("the moderate West Virginia Democrat",
    "the top House Republican"): a description of one person, not the group's name."""
    return (
        inf.mention.label == "NORP"
        and subj.tag_ in ("NN", "NNP")
        and any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in subj.children)
    )


def relative(subj: Token, verb: Token) -> bool:
    """``subj`` is the relative pronoun of the relative clause ``verb`` ("who said")."""
    return subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl"
