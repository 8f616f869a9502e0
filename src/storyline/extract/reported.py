"""Reported speech, beliefs and intentions from the parse: a cue verb and the frame its
content fills.

PolNeAR-style attribution covers far more than "X said that ...": a stance ("she believes
that ..."), an intention ("he wants to repeal ..."), a verdict on something ("Graham
criticized the party's lack of ..."), a call ("Obama called for reducing ..."). Each is a
verb whose subject is the source and one of whose right-hand dependents is the content, so
one finder covers them all: the verb's *frame* is the first of a clausal complement, a
direct object, an infinitive complement or a prepositional object that it has, and a cue
table says which lemmas attribute content through which frame. Passives ("was reported
by MSNBC") and nouns of saying ("her claim that ...", "his opposition to ...") have frames
of their own. The tables are measured on
PolNeAR's train split (``CUE_FRAMES``); the content span follows PolNeAR's convention of
the whole reported clause without the cue and source ("that" included).

Two more shapes need no frame table: a trailing cue ("..., sources said") takes the clause
it hangs from, and "according to X" the clause it sits in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.extract.content_edges import (
    after_time,
    in_marks,
    is_dash,
    relative_after_object,
    trimmed,
    until_dash_aside,
    until_quoted_comma,
    until_writers_aside,
    when,
)
from storyline.extract.cue_frames import CUE_FRAMES, TRAILING_CUE_LEMMAS
from storyline.extract.quotes import CUE_LEMMAS, QuoteFind
from storyline.models import Article, Quote

# Every lemma some cue frame takes (``content_of`` reads a token's frames only for these).
_ANY_CUE = frozenset().union(*CUE_FRAMES.values(), TRAILING_CUE_LEMMAS)

# Frames in the order a verb is read for them: a clause beats an object ("told reporters
# that ..." reports the clause), an object beats an infinitive ("urged voters to ...").
FRAME_ORDER = ("ccomp", "dobj", "xcomp")
# Right-hand dependents of the cue that are not part of what is attributed: coordination
# (a second verb is its own attribution), asides, adverbial clauses ("..., adding that")
# and bare time nouns ("said Monday"). Measured on train: keeping the rest of the cue's
# right-hand dependents matches PolNeAR's content exactly 2743 times against 1992 for the
# object's subtree alone.
NOT_CONTENT_DEPS = frozenset({"punct", "cc", "conj", "parataxis", "advcl", "npadvmod"})
# Dependencies of a participle after a comma that make it the writer's aside on the speaker
# ("..., linking to a story", "..., referring to the convention"), not part of the content.
PARTICIPLE_DEPS = frozenset({"advcl", "acl", "xcomp"})
# Characters trimmed from a content's ends: PolNeAR's spans leave out closing punctuation.
_TRIM = " \t\n,;:"
_TRIM_END = '."”’'
_REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves", "myself", "ourselves"})
# Cues of finding out, whose "if"/"whether" clause is a question still open, not words
# said ("try to determine if ..."); "asked whether", "would not say whether" report words.
_WEIGHING = frozenset({"determine", "decide", "see", "assess", "evaluate"})
# A possessive clitic a content must not stop before: a name used as a noun's owner with
# the noun left out ("associated with Alzheimer’s" [disease], the Wall Street Journal).
_CLITIC = re.compile(r"[’']s\b")


@dataclass
class Frame:
    """A verb's frame: its name (``ccomp``, ``dobj``, ``xcomp``, ``prep:for``) and the
    dependent that heads the content."""

    name: str
    child: Token


def verb_frame(tok: Token) -> Frame | None:
    """The first frame the verb ``tok`` has a right-hand dependent for (``FRAME_ORDER``,
    then a prepositional object: "called for ...", "talked about ..."); a clause may also
    come first ("Prices will rise, analysts said")."""
    kids = [c for c in tok.children if c.i > tok.i and not relative_after_object(tok, c)]
    left = next((c for c in tok.children if c.dep_ == "ccomp" and c.i < tok.i), None)
    if left is not None and not any(c.dep_ == "ccomp" for c in kids) and not _fronted(left):
        return Frame("ccomp", left)
    for dep in FRAME_ORDER:
        for c in kids:
            if c.dep_ == dep:
                return Frame(dep, c)
    for c in kids:
        if c.dep_ == "prep":
            obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return Frame(f"prep:{c.lower_}", obj)
    return None


def _fronted(clause: Token) -> bool:
    """The clause before a cue opens with an adverbial clause's conjunction ("While the FDA
    said it had not established ..., it noted an increase in reports": the parse hung the
    "while" clause's content on "noted"): a fronted adverbial sets the scene of the main
    clause and is no words the cue reports."""
    first = clause.left_edge
    return first.dep_ == "mark" and first.head.dep_ == "advcl" and first.head.i != clause.i


def noun_frame(tok: Token) -> Frame | None:
    """A noun's frame: its first right-hand clause ("her claim that ...", "his refusal to
    ...") or prepositional object ("opposition to the deal")."""
    for c in tok.children:
        if c.i < tok.i:
            continue
        if c.dep_ in ("acl", "ccomp"):
            return Frame(f"noun:{c.dep_}", c)
        if c.dep_ == "prep":
            obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            return Frame(f"noun:prep:{c.lower_}", obj) if obj is not None else None
    return None


def passive_frame(tok: Token) -> Frame | None:
    """A passive verb's frame: what was reported, endorsed, rejected is its subject ("The
    move was first reported by MSNBC"); the agent, if any, is the source."""
    if any(c.dep_ in ("ccomp", "xcomp") for c in tok.children):
        return None
    subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    return Frame("pass", subj) if subj is not None else None


def frame_tokens(tok: Token, frame: Frame) -> list[Token]:
    """The content of ``frame``: for a prepositional object its own subtree, otherwise the
    frame's dependent with every later right-hand dependent of the verb that belongs to
    what is attributed (``NOT_CONTENT_DEPS``), in order and contiguous from the left. Only
    the side of the cue the frame is on counts: in "citizens that Kyiv said had been
    recruited" the relative "that" before the cue is not what Kyiv said."""
    if frame.name.startswith(("prep:", "noun:", "pass")) or frame.child.i < tok.i:
        toks = list(frame.child.subtree)
    else:
        toks = sorted(
            (
                t
                for c in tok.children
                if c.i >= frame.child.i and c.dep_ not in NOT_CONTENT_DEPS and not when(c)
                for t in c.subtree
            ),
            key=lambda t: t.i,
        )
    side = frame.child.i > tok.i
    return _before_participle(
        _contiguous([t for t in toks if (t.i > tok.i) == side and t.i != tok.i])
    )


def _before_participle(toks: list[Token]) -> list[Token]:
    """The content up to a comma that opens a participle clause: in 'called Cruz the
    "ultimate hypocrite," linking to a story', the linking is what the writer says the
    speaker did, not what the speaker said (the parser hangs it inside the object)."""
    for k in range(1, len(toks) - 1):
        if toks[k].text != "," or _in_dash_aside(toks, k):
            continue
        j = k + 1
        while j < len(toks) - 1 and toks[j].is_quote:
            j += 1
        if toks[j].tag_ == "VBG" and toks[j].dep_ in PARTICIPLE_DEPS:
            return _contiguous(toks[:j])
    return toks


def _in_dash_aside(toks: list[Token], k: int) -> bool:
    """Whether ``toks[k]`` sits between two dashes of ``toks``: "argue that the new package –
    which ... totals $4 trillion, rivaling the annual budget – is a once-in-a-generation
    investment": the participle is the aside's, and the content goes on after it (the card
    read "that the new package", a fact-checker's seventh trial)."""
    opened = sum(1 for t in toks[:k] if is_dash(t)) % 2 == 1
    return opened and any(is_dash(t) for t in toks[k + 1 :])


def _contiguous(toks: list[Token]) -> list[Token]:
    """The run of ``toks`` from the first without a gap and within its paragraph: a parse
    that reaches over a paragraph break has lost the sentence, not found a longer clause."""
    run: list[Token] = []
    for t in toks:
        if run and (t.i != run[-1].i + 1 or (t.is_space and "\n" in t.text)):
            break
        run.append(t)
    while run and (run[-1].is_space or run[-1].is_punct and run[-1].text in ",;:—-"):
        run.pop()
    return run


def _paragraph(tok: Token) -> tuple[int, int]:
    """The offsets of the line breaks around ``tok``: the last one before it (-1: none) and
    the first one from it on (-1: none), as ``rfind`` and ``find`` on ``doc.text`` give them.
    Line breaks sit only in whitespace tokens, so the walk stays in the token's paragraph
    instead of joining the whole text again (``doc.text``) for every cue."""
    doc = tok.doc
    before = after = -1
    for t in reversed(doc[: tok.i]):
        if t.is_space and "\n" in t.text:
            before = t.idx + t.text.rfind("\n")
            break
    for t in doc[tok.i :]:
        if t.is_space and "\n" in t.text:
            after = t.idx + t.text.find("\n")
            break
    return before, after


def _trailing_clause(tok: Token) -> list[Token]:
    """The clause a cue after its start hangs from ("Prices will rise, analysts said"; "This
    campaign, he says, is different"): the head's subtree without the cue's own subtree, in
    the cue's paragraph. The content runs from its first to its last token, over the cue
    when the cue sits inside it, as PolNeAR's content span does."""
    skip = {t.i for t in tok.subtree}
    toks = [t for t in tok.head.subtree if t.i not in skip and not t.is_space]
    par = _paragraph(tok)
    toks = [t for t in toks if par[0] < t.idx and (par[1] < 0 or t.idx < par[1])]
    return toks if toks and toks[0].i < tok.i else []


def _according_clause(tok: Token) -> list[Token]:
    """The clause an "according to X" phrase sits in, without the phrase itself. A phrase
    closing its sentence sources the whole sentence, though the parse may hang it from the
    adverbial clause just before it ("... that resulted in 24 deaths, with 121 people still
    unaccounted for, according to officials": the content was the "with" clause alone, a
    fact-checker's seventh trial): it is read from the clause that one qualifies."""
    head = tok.head
    if head.i == tok.i:
        return []
    if _closes_sentence(tok):
        while head.dep_ == "advcl" and head.head.i != head.i:
            head = head.head
    skip = {t.i for t in tok.subtree}
    return [t for t in head.subtree if t.i not in skip]


def _closes_sentence(tok: Token) -> bool:
    """Whether nothing but punctuation follows ``tok``'s phrase in its sentence."""
    end = max(t.i for t in tok.subtree) + 1
    return all(t.is_punct or t.is_space for t in tok.doc[end : tok.sent.end])


def content_of(tok: Token) -> tuple[list[Token], str, bool] | None:
    """Content tokens, cue name and whether it is a stance rather than speech, when ``tok``
    is a cue; else None. A clause ("said that ...", "believes that ...") is reported
    speech; an object, infinitive or prepositional frame is a stance ("criticized the
    plan", "vowed to win", "called for a ban")."""
    if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
        return _according_clause(tok), "according to", False
    lemma = tok.lemma_.lower()
    if lemma not in _ANY_CUE:
        return None  # no frame would take it: most tokens end here, before any frame is read
    if tok.pos_ == "NOUN":
        frame = noun_frame(tok)
        if frame is not None and lemma in CUE_FRAMES.get(frame.name, ()):
            return frame_tokens(tok, frame), lemma, True
        return None
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    frame = passive_frame(tok)
    if frame is not None and lemma in CUE_FRAMES["pass"]:
        return frame_tokens(tok, frame), lemma, True
    frame = verb_frame(tok)
    if frame is not None and lemma in CUE_FRAMES.get(frame.name, ()):
        toks = frame_tokens(tok, frame)
        return (
            (after_time(toks, frame.child) if frame.name == "ccomp" else toks),
            lemma,
            frame.name != "ccomp",
        )
    if (
        frame is None
        and lemma in TRAILING_CUE_LEMMAS
        and tok.dep_ in ("parataxis", "ccomp")
        and _set_off(tok)
    ):
        return _trailing_clause(tok), lemma, False
    return None


def _set_off(cue: Token) -> bool:
    """Whether a trailing cue's clause stands apart from the verb it hangs from ("Prices
    will rise, analysts said"), not right after it as its object: in "are skipping the
    second COVID-19 vaccine shot, according to ..." the parse read a noun as "vaccine shot"
    (the card's speaker was "second COVID-19 vaccine")."""
    words = [t.i for t in cue.subtree if not (t.is_punct or t.is_space)]
    first = min(words, default=cue.i)  # ", Davis said": the comma may hang from the cue
    return first == 0 or first - 1 != cue.head.i


def _until_second_cue(toks: list[Token]) -> list[Token]:
    """The content up to a second cue verb coordinated inside it ("claimed that X and
    alleged that Y", "maintains that it is neutral and denies sending arms", "said he would
    order a review and warned against hackers"): that verb is an attribution of its own,
    with its own content, not part of the first one's."""
    for k in range(1, len(toks)):
        t = toks[k]
        if (
            t.dep_ == "conj"
            and t.pos_ == "VERB"
            and t.lemma_.lower() in CUE_LEMMAS
            and (
                any(c.dep_ in ("ccomp", "xcomp") for c in t.children)
                or (_no_subject(t) and verb_frame(t) is not None)
            )
            and not in_marks(toks[:k])
        ):
            return trimmed(toks[: max(1, t.left_edge.i - toks[0].i)])
    return toks


def _no_subject(t: Token) -> bool:
    """A verb without a subject of its own: coordinated, it shares its head's subject."""
    return not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)


def _ends_opening(text: str, e: int) -> bool:
    """Whether a content ends on an opening quotation mark (``In his book, ''Make ...``):
    the parse took the words before a quotation for the cue's content, and the quotation,
    found on its own, is what the cue attributes."""
    for mark in ("''", "“", '"'):
        if text.endswith(mark, 0, e) and e < len(text) and text[e].isalnum():
            return True
    return False


def _says_nothing(first: Token, cue: str) -> bool:
    """The cue reports no words: "found himself embroiled in ..." (a reflexive object is
    the doer's state), "try to determine if inflation could ..." (an open question; "asked
    whether" puts one in words). A fact-checker's trial found both as cards."""
    if first.lower_ in _REFLEXIVES:
        return cue == "find"  # "declared himself the winner" is a claim all the same
    return first.lower_ in ("if", "whether") and cue in _WEIGHING


def find_reported(article: Article, doc: Doc, para_of: list[int]) -> list[QuoteFind]:
    """Reported speech and stances from the parse: content plus the cue verb's index (a cue
    inside quotation marks is dropped later, by ``quotes.merge``)."""
    found: list[QuoteFind] = []
    text = article.text
    for tok in doc:
        hit = content_of(tok)
        if hit is None or len(hit[0]) < 2:
            continue
        content, cue, stance = hit
        if _says_nothing(content[0], cue):
            continue
        content = until_dash_aside(_until_second_cue(until_quoted_comma(content)))
        content = until_writers_aside(content)
        while content and content[-1].dep_ == "cc":
            content = content[:-1]  # cut off after a conjunction ("... increases” and...")
        if len(content) < 2:
            continue
        s, e = content[0].idx, content[-1].idx + len(content[-1].text)
        while s < e and text[s] in _TRIM:
            s += 1
        while e > s and text[e - 1] in _TRIM + _TRIM_END:
            e -= 1
        if _CLITIC.match(text, e):
            e += 2  # "associated with Alzheimer’s.": the parse left the clitic to the stop
        if e - s < 3 or _ends_opening(text, e):
            continue
        q = Quote(article.id, s, e, text[s:e], "reported")
        q.cue, q.cue_start, q.cue_end = cue, tok.idx, tok.idx + len(tok.text)
        found.append(QuoteFind(q, para_of[tok.i], cue_token=tok.i, stance=stance))
    return found
