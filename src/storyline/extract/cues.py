"""Where a quote's cue is: the reporting verb of a quote, and the name written beside it.

Split from ``speakers.py`` (which goes on from the cue to the person): the cue is an
ancestor of the quote in the parse when there is one, else the nearest reporting verb in
its sentence, a "He said:" line before it or a "he said." fragment after it; a partial quote
with none hangs from the verb of the writer's sentence. Tokens inside any quotation are the
quoted speaker's words, never a cue or a speaker for another quote.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from storyline.extract.control import object_control
from storyline.extract.date_clauses import ASIDE_MARKS
from storyline.extract.doc_text import doc_text
from storyline.extract.quotes import CUE_LEMMAS

_SUBJ = ("nsubj", "nsubjpass")
# A "he said." fragment the splitter cut off from its quote is this short at most.
TAIL_SENTENCE_MAX_TOKENS = 8
# Dependencies that give a verb of saying words of its own: "Smith said the plan failed",
# "asked whether ...", "Smith said: ..." (a longer sentence after a closed quote with such a
# cue is its own report, not the quote's attribution).
_CONTENT_DEPS = ("ccomp", "xcomp", "parataxis", "advcl", "csubj")
# A speaker written next to its cue is a short noun phrase ("Tulsa police Chief Chuck Jordan");
# a longer run is a clause the parse lost, not a name.
WRITTEN_SPEAKER_MAX_TOKENS = 8


def _named_person_subject(verb: Token) -> bool:
    """The verb's subject, before it, is a person's name or a noun a name stands beside
    ("CNN's correspondent, Kaitlan Collins,"): someone who can have said the words, not a
    document or a thing ("Updated guidance will still call on Americans ...")."""
    for subj in (c for c in verb.children if c.dep_ in _SUBJ and c.i < verb.i):
        names = [subj, *(c for c in subj.children if c.dep_ == "appos")]
        if any(t.ent_type_ == "PERSON" for t in names):
            return True
    return False


def _set_apart(cue: Token, quoted: set[int]) -> bool:
    """The verb heads a clause of another event ("... a “colossal” ransomware attack ... just
    weeks after President Biden boasted about ...": the Post's word, not Biden's), one a
    conjunction of time or cause sets off (``date_clauses.ASIDE_MARKS``), and the quote lies
    outside it: no one in that clause said the words."""
    head = cue
    while head.dep_ in ("conj", "xcomp") and head.head is not head:
        head = head.head
    marks = {c.lower_ for c in head.children if c.dep_ == "mark"}
    inside = {t.i for t in head.subtree}
    return head.dep_ == "advcl" and bool(marks & ASIDE_MARKS) and not (quoted & inside)


class CueReader:
    """Cue finding over one parsed article and its quoted spans."""

    def __init__(self, doc: Doc, quoted: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        # Token indices inside quotation marks: never a cue or a speaker for another quote.
        self.quoted_toks: set[int] = set()
        for qs, qe in quoted:
            self.quoted_toks.update(t.i for t in self._tokens_in(qs, qe))

    def _tokens_in(self, s: int, e: int) -> list[Token]:
        span = self.doc.char_span(s, e, alignment_mode="expand")
        return list(span) if span is not None else []

    def cue_for(self, qs: int, qe: int) -> Token | None:
        """The reporting verb of the quote ``[qs, qe)``: an ancestor first, then the nearest."""
        inside = self._tokens_in(qs, qe)
        if not inside:
            return None
        ids = {t.i for t in inside}
        for t in inside:
            if t.head.i in ids:
                continue
            for anc in t.ancestors:
                if anc.i not in ids and is_cue(anc):
                    return requested_by(anc) or anc
        sents = {t.sent.start: t.sent for t in (inside[0], inside[-1])}
        cands = [
            t
            for sent in sents.values()
            for t in sent
            if t.i not in ids and is_cue(t) and not _set_apart(t, ids)
        ]
        first, last = inside[0].i, inside[-1].i
        if cands:
            return min(cands, key=lambda t: min(abs(t.i - first), abs(t.i - last)))
        # "He said:" ending the sentence before, or a "he said." fragment split off after.
        prev_i = inside[0].sent.start - 1
        if prev_i >= 0:
            prev = self.doc[prev_i].sent
            if prev.text.rstrip().endswith(":"):
                cands = [t for t in prev if is_cue(t)]
                if cands:
                    return cands[-1]
                # "Cruz continued:", "Clinton released the following statement:" introduce
                # the quote below without a verb of saying; the sentence's subject speaks.
                if prev.root.pos_ in ("VERB", "AUX") and _intro_subject(prev.root):
                    return prev.root
        return self._tail_cue(inside[-1])

    def _tail_cue(self, last: Token) -> Token | None:
        """The cue of the sentence after a closed quote, in the same paragraph, when that
        sentence only attributes it: a short "he said." fragment, or a longer one whose
        reporting verb is its root and says nothing of its own ("“…?” CNN's correspondent,
        Kaitlan Collins, asked Biden at the end of the news conference")."""
        nxt_i = last.sent.end
        if nxt_i >= len(self.doc):
            return None
        nxt = self.doc[nxt_i].sent
        if "\n" in self.text[last.idx : nxt.start_char]:
            return None
        cands = [t for t in nxt if is_cue(t)]
        if not cands:
            return None
        if len(nxt) <= TAIL_SENTENCE_MAX_TOKENS:
            return cands[0]
        root = nxt.root
        if root not in cands or any(t.i in self.quoted_toks for t in nxt):
            return None
        said_more = any(c.dep_ in _CONTENT_DEPS for c in root.children)
        return root if _named_person_subject(root) and not said_more else None

    def _governing_verb(self, qs: int, qe: int) -> Token | None:
        """The verb a partial quote with no reporting verb hangs from ("Reid has been
        pounding Trump as a “con artist”"): its subject chose the quoted words, which is
        how PolNeAR attributes them. A copula ("Trump is a “con artist”") is the writer's
        own sentence and gives none."""
        inside = self._tokens_in(qs, qe)
        ids = {t.i for t in inside}
        for t in inside:
            if t.head.i in ids:
                continue
            for anc in t.ancestors:
                if anc.i in ids or anc.i in self.quoted_toks:
                    continue
                if anc.pos_ in ("VERB", "AUX"):
                    return anc if anc.pos_ == "VERB" else None
        return None

    def _written_next(self, cue: Token, qs: int, qe: int) -> Token | None:
        """The head of the name written between a quote and its cue ("“...,” Tulsa police
        Chief Chuck Jordan said"), or, for a quote after its cue, between the quote before
        and the cue ("“A,” Flynn said Thursday. “B.”"), else right after the cue ("“...,”
        said Rep. Butterfield"). Dates are not speakers ("said Thursday morning")."""
        doc = self.doc
        if cue.idx >= qe:
            between = self._words([t for t in doc[cue.sent.start : cue.i] if t.idx >= qe])
            if between:
                return _name_head(between, ("PROPN", "NOUN", "PRON"))
            return self._after(cue)  # "“…,” said Leslie Wimes, a …"
        before: list[Token] = []
        for t in reversed(doc[cue.sent.start : cue.i]):
            if t.i in self.quoted_toks:
                break
            before.insert(0, t)
        hit = _name_head(self._words(before), ("PROPN", "NOUN", "PRON"))
        return hit if hit is not None else self._after(cue)

    def _after(self, cue: Token) -> Token | None:
        """The name written right after the cue ("said Rep. Butterfield")."""
        doc = self.doc
        run: list[Token] = []
        for t in doc[cue.i + 1 : cue.sent.end]:
            if t.is_punct or t.i in self.quoted_toks or t.pos_ in ("VERB", "AUX", "ADP"):
                if run:
                    break
                continue
            if t.ent_type_ not in ("DATE", "TIME"):
                run.append(t)
        return _name_head(run, ("PROPN",))

    def _words(self, toks: list[Token]) -> list[Token]:
        return [
            t
            for t in toks
            if t.i not in self.quoted_toks
            and not t.is_punct
            and not t.is_space
            and t.ent_type_ not in ("DATE", "TIME")
        ]


def _name_head(run: list[Token], pos: tuple[str, ...]) -> Token | None:
    """The last name-like token of a short run of words, or None for a long run (a clause
    the parse lost is not a speaker's name)."""
    names = [t for t in run if t.pos_ in pos]
    if not run or len(run) > WRITTEN_SPEAKER_MAX_TOKENS or not names:
        return None
    return names[-1]


def requested_by(verb: Token) -> Token | None:
    """The verb of saying that asks for ``verb``, an infinitive after its object ("He asked
    intelligence officials to report back ... and to keep Congress “fully apprised”"): a
    report asked for has not been made, and words quoted in it are the asker's (the card went
    to the officials). ``verb`` may be a later infinitive of a list ("and to keep ...")."""
    first = verb
    while first.dep_ == "conj" and first.head.pos_ in ("VERB", "AUX"):
        first = first.head
    if not any(c.lower_ == "to" for c in verb.children) or object_control(first) is None:
        return None
    return first.head if is_cue(first.head) else None  # "asked officials to ...", a cue


def is_cue(tok: Token) -> bool:
    if tok.lower_ == "according":
        return any(c.lower_ == "to" for c in tok.children)
    return tok.lemma_ in CUE_LEMMAS and tok.pos_ in ("VERB", "AUX")


def _intro_subject(root: Token) -> bool:
    """The root of a sentence that introduces the quote below ("Cruz continued:") has a
    subject who can speak. A copula that presents something ("Here is a look at how he is
    being remembered:", "There is a statement:") or has an indefinite common noun for its
    subject does not: "look" was the speaker of the statements below it (a new user's
    AllSides run). "Biden was blunt:" and "The president was blunt:" still speak."""
    subj = [c for c in root.children if c.dep_ in _SUBJ]
    if not subj:
        return False
    if root.lemma_ != "be" or subj[0].pos_ != "NOUN" or subj[0].ent_type_:
        return True
    presenting = any(c.lower_ in ("here", "there") for c in root.children)
    indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in subj[0].children)
    return not (presenting or indefinite)  # "The president was blunt:" still speaks
