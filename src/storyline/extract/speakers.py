"""Who said it: from a quote to its reporting verb, to the verb's subject, to a named entity.

No coreference package runs offline, so this is a small resolver of its own, built on what
news writing does: the speaker is the subject of the reporting verb (or the object of "by" /
"according to"); "he said" points back to the last person named as a subject; "the
spokesman" to the person introduced with that role ("foreign ministry spokesman Lin Jian");
a quote with no verb of its own continues the quote before it (a paragraph after "Lin said:").
Institutions ("the foreign ministry", "NATO") stay institutions. Finding the cue itself is
``cues.py``'s part. A relative pronoun ("Reid, who has called ...") keeps its own span and
takes its antecedent's name; a subject the parse put inside the quote gives way to the name
written next to the cue.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Token

from storyline.extract.cue_frames import CUE_FRAMES
from storyline.extract.cues import CueReader, is_cue
from storyline.extract.entities import MentionInfo
from storyline.extract.quotes import (
    CLAUSE_CUE_LEMMAS,
    CUE_LEMMAS,
    QuoteFind,
    SpanIndex,
    is_title,
)
from storyline.models import Mention, Quote

_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
_SUBJ = ("nsubj", "nsubjpass")
# Role nouns that name the same office: "the Ukrainian leader" is the person titled President.
ROLE_SYNONYMS: dict[str, frozenset[str]] = {
    "leader": frozenset({"president", "premier", "chancellor", "leader", "minister", "king"}),
    "spokeswoman": frozenset({"spokesman", "spokeswoman", "spokesperson"}),
    "spokesman": frozenset({"spokesman", "spokeswoman", "spokesperson"}),
    "spokesperson": frozenset({"spokesman", "spokeswoman", "spokesperson"}),
}
_INSTITUTION_LABELS = ("ORG", "GPE", "NORP")
# Nouns of saying: a quote inside "Zelensky's claim that 'many' ..." is the claim owner's word.
CLAIM_NOUNS = frozenset(
    """claim assertion statement remark allegation accusation suggestion comment words warning
    description charge insistence contention argument""".split()
)
# Relative pronouns a reporting verb's subject may be ("Reid, who has called him ...").
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# Continuation reaches back to the quote in this paragraph or the one just before it.
CONTINUATION_MAX_PARAGRAPHS = 1
# A partial quote this short with no cue of its own is a scare quote (the “establishment”
# candidate), not the last speaker going on; PolNeAR train leaves such words unattributed.
SCARE_QUOTE_MAX_WORDS = 3
# Verbs whose subject chose the quoted words the verb governs ("blasted Trump as a “con
# artist”"): the cues, and every verb PolNeAR train attributes content through
# (``cue_frames``). Any other verb ("wore her “lucky” boots") leaves a partial quote the
# writer's own scare quote: on train, direct-quote precision 0.931 -> 0.957, recall
# 0.954 -> 0.941.
_ATTRIBUTING_LEMMAS = frozenset().union(*CUE_FRAMES.values()) | CUE_LEMMAS


class Resolver(CueReader):
    """Per-article speaker resolution over the parse and the article's mentions."""

    def __init__(self, doc: Doc, infos: list[MentionInfo], quoted: list[tuple[int, int]]) -> None:
        super().__init__(doc, quoted)
        self.infos = [i for i in infos if i.mention.label in ("PERSON", "ORG", "GPE", "NORP")]
        # Names inside quotation marks are the speaker's words, never the writer's subject.
        marks = SpanIndex(quoted)
        self.outside = [i for i in self.infos if not marks.contains(i.mention.start)]
        self._starts = [i.mention.start for i in self.outside]
        self._in_order = all(a <= b for a, b in zip(self._starts, self._starts[1:], strict=False))
        self._last_cache: dict[tuple[str, ...], tuple[list[int], list[int]]] = {}
        self.by_char: dict[int, MentionInfo] = {}
        self.by_word: dict[str, MentionInfo] = {}
        for inf in self.infos:
            self.by_word.setdefault(inf.mention.text.lower(), inf)
            for c in range(inf.mention.start, inf.mention.end):
                self.by_char[c] = inf

    # -- from cue to speaker -----------------------------------------------------------
    def subject_of(self, cue: Token) -> Token | None:
        if cue.lower_ == "according":
            for c in cue.children:
                if c.lower_ == "to":
                    objs = [g for g in c.children if g.dep_ == "pobj"]
                    if objs:
                        return objs[0]
            return None
        if cue.pos_ == "NOUN":  # "Trump's proposal to ...": the possessor
            return next((c for c in cue.children if c.dep_ == "poss"), None)
        verb: Token | None = cue
        for _ in range(3):  # "He paused and added", "was quick to say": borrow the subject
            assert verb is not None
            subj = [c for c in verb.children if c.dep_ in _SUBJ]
            if subj and subj[0].dep_ == "nsubjpass":
                agent = [c for c in verb.children if c.dep_ == "agent"]
                objs = [g for a in agent for g in a.children if g.dep_ == "pobj"]
                return objs[0] if objs else None
            if subj:
                return subj[0]
            if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
                verb = verb.head
            else:
                break
        return None

    def speaker_token(self, cue: Token, qs: int, qe: int) -> Token | None:
        """The cue's subject; when the parse gives one inside quotation marks (the small
        model often makes a quote's own subject the subject of "said": "“My reaction ...,”
        the strategist said"), the noun phrase written next to the cue outside the quote.
        No subject at all stays no speaker: PolNeAR leaves a passive ("it was labeled
        “Mostly True”") without a source."""
        subj = self.subject_of(cue)
        if subj is None or subj.i not in self.quoted_toks:
            return subj
        return self._written_next(cue, qs, qe)

    def _mention_at(self, tok: Token) -> MentionInfo | None:
        inf = self.by_char.get(tok.idx)
        if inf is not None:
            return inf
        if tok.pos_ == "PROPN" and tok.lower_ in self.by_word:
            # A name the NER missed here but tagged elsewhere in the article.
            return self.by_word[tok.lower_]
        for c in tok.children:  # "a spokesman ..., Lin Jian," -> the appositive name
            if c.dep_ == "appos" and (hit := self.by_char.get(c.idx)) is not None:
                return hit
        return None

    def _main_subject(self, inf: MentionInfo) -> bool:
        """Subject of the sentence's main verb or of a reporting verb, not of a clause inside."""
        tok = self.doc[inf.token_i]
        if tok.dep_ not in _SUBJ:
            return False
        head = tok.head
        while head.dep_ == "conj":
            head = head.head
        return head.dep_ == "ROOT" or is_cue(head)

    def _last_subject(self, before: int, labels: tuple[str, ...]) -> MentionInfo | None:
        """Of the names outside quotation marks up to the first at or after ``before``, the
        last main subject (``_main_subject``) with one of ``labels``, else the last name with
        one of them."""
        k = self._upto(before)
        if k == 0:
            return None
        last, main = self._last_with(labels)
        if main[k - 1] >= 0:
            return self.outside[main[k - 1]]
        return self.outside[last[k - 1]] if last[k - 1] >= 0 else None

    def _upto(self, before: int) -> int:
        """How many of ``outside`` come before the first that starts at or after ``before``."""
        if self._in_order:
            return bisect_left(self._starts, before)
        return next((k for k, s in enumerate(self._starts) if s >= before), len(self._starts))

    def _last_with(self, labels: tuple[str, ...]) -> tuple[list[int], list[int]]:
        """For each position in ``outside``, the index of the last name up to it with one of
        ``labels``, and of the last such main subject (-1: none); worked out once per labels,
        so that each pronoun looks its antecedent up instead of reading every name before it."""
        if labels not in self._last_cache:
            last, main = [], []
            a = b = -1
            for k, inf in enumerate(self.outside):
                if inf.mention.label in labels:
                    a = k
                    if self._main_subject(inf):
                        b = k
                last.append(a)
                main.append(b)
            self._last_cache[labels] = (last, main)
        return self._last_cache[labels]

    def _by_role(self, role: str, before: int) -> MentionInfo | None:
        wanted = ROLE_SYNONYMS.get(role, frozenset({role}))
        hits = [i for i in self.infos if i.mention.label == "PERSON" and wanted & set(i.roles)]
        earlier = [i for i in hits if i.mention.start < before]
        if earlier:
            return earlier[-1]
        return hits[0] if hits else None

    def _pronoun(self, subj: Token) -> MentionInfo | None:
        """ "he" inside what a named person said is that person; else the last subject named."""
        labels = _INSTITUTION_LABELS if subj.lower_ == "it" else ("PERSON",)
        for anc in subj.ancestors:
            if is_cue(anc):
                outer = self.subject_of(anc)
                if outer is None or outer.i == subj.i:
                    continue
                hit = self._mention_at(outer)
                if hit is not None and hit.mention.label in labels:
                    return hit
                break
        return self._last_subject(subj.idx, labels)

    def set_speaker(self, q: Quote, subj: Token) -> MentionInfo | None:
        """Fill the quote's speaker from the token ``subj``; returns the mention it resolves
        to. A relative pronoun ("Reid, who has called him ...") keeps its own span, which is
        what PolNeAR marks as the source, and takes its antecedent's name."""
        named = subj
        if subj.lower_ in RELATIVE_PRONOUNS and subj.head.dep_ == "relcl":
            named = subj.head.head
        s, e, written, inf = self.speaker(named)
        name = inf.mention.text if inf is not None else written
        if named is not subj:
            s, e, written = subj.idx, subj.idx + len(subj), subj.text
        q.speaker, q.speaker_start, q.speaker_end, q.speaker_name = written, s, e, name
        return inf

    def speaker(self, subj: Token) -> tuple[int, int, str, MentionInfo | None]:
        """Speaker span as written, and the mention it resolves to (None: keep as written)."""
        inf = self._mention_at(subj)
        if subj.lower_ in _PRONOUNS or subj.lower_ == "it":
            return subj.idx, subj.idx + len(subj), subj.text, self._pronoun(subj)
        if (
            inf is None
            and subj.pos_ == "NOUN"
            and any(
                c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in subj.children
            )
        ):
            # A definite role noun ("the spokesman", "the Ukrainian leader") points back.
            inf = self._by_role(subj.lemma_.lower(), subj.idx)
        if inf is not None and (self._mention_at(subj) is inf):
            m = inf.mention
            return m.start, m.end, m.text, inf
        toks = [t for t in subj.subtree if t.dep_ not in ("det", "punct", "relcl", "acl")]
        toks = [t for t in toks if t.i <= subj.i or t.dep_ in ("compound", "flat")] or [subj]
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        return s, e, self.text[s:e], inf

    def resolve(self, finds: list[QuoteFind]) -> dict[int, Mention]:
        """Fill speaker fields of each quote; returns quote index -> speaker mention."""
        links: dict[int, Mention] = {}
        for k, f in enumerate(finds):
            q = f.quote
            if q.kind != "reported" and is_title(self.text, q.start, q.end):
                continue  # a name in quotation marks, nobody's words
            cue = self.doc[f.cue_token] if f.cue_token is not None else self.cue_for(q.start, q.end)
            if cue is None and q.kind == "partial":
                cue = self._governing_verb(q.start, q.end)
                if cue is not None and cue.lemma_ not in _ATTRIBUTING_LEMMAS:
                    cue = None
            if cue is None:
                continue
            q.cue = q.cue or ("according to" if cue.lower_ == "according" else cue.lemma_)
            q.cue_start, q.cue_end = cue.idx, cue.idx + len(cue.text)
            subj = self.speaker_token(cue, q.start, q.end)
            if subj is None:
                continue
            inf = self.set_speaker(q, subj)
            if inf is not None:
                links[k] = inf.mention
        self._continue(finds, links)
        self._owned_partials(finds, links)
        return links

    def _claim_owner(self, q: QuoteFind) -> Token | None:
        """The possessor of a claim noun the quoted words hang from ("Zelensky's claim that
        'many' ..."); a prepositional path ("rejected the claim as 'groundless'") is the
        rejecter's verdict, not the claim's words. Headlines parse poorly, so a claim noun
        right before the quote ("Zelensky's Claim 'Many'") counts on the surface as well."""
        inside = self._tokens_in(q.quote.start, q.quote.end)
        if not inside:
            return None
        first = inside[0]
        before = [t for t in first.sent if t.i < first.i and not t.is_punct]
        if (
            before
            and before[-1].lower_ == "as"
            and any(is_cue(t) and t.lemma_ not in CLAUSE_CUE_LEMMAS for t in before)
        ):
            return None  # "rejected X's claim ... as 'groundless'": the rejecter's verdict
        child = first
        for anc in first.ancestors:
            if anc.lemma_.lower() in CLAIM_NOUNS and anc.pos_ in ("NOUN", "PROPN"):
                poss = [c for c in anc.children if c.dep_ == "poss"]
                if poss and child.dep_ != "prep" and anc.i < first.i:
                    return poss[0]
                break
            if is_cue(anc):
                break
            child = anc
        i = first.i - 1
        while i >= 0 and (
            self.doc[i].is_punct or self.doc[i].is_space or self.doc[i].lower_ == "that"
        ):
            i -= 1
        if i >= 2 and self.doc[i].lemma_.lower() in CLAIM_NOUNS | {"claims"}:
            if self.doc[i - 1].lower_ in ("'s", "’s"):
                return self.doc[i - 2]
            if self.doc[i - 1].lower_ in ("his", "her"):
                return self.doc[i - 1]
        return None

    def _owned_partials(self, finds: list[QuoteFind], links: dict[int, Mention]) -> None:
        """Partial quotes belong to whoever owns the words around them, not to the verb they
        happen to sit near: the owner of a claim noun, else the speaker of the reported speech
        they are quoted inside (the outlet quotes the reporting speaker's words)."""
        # Reported speech with a speaker: what a partial quote can sit inside. Only partial
        # quotes change below, so this stays true through the loop.
        first_at: dict[tuple[int, int], int] = {}
        for j, r in enumerate(finds):
            if r.quote.kind == "reported" and r.quote.speaker is not None:
                first_at.setdefault((r.quote.start, r.quote.end), j)
        reporters = SpanIndex(first_at)
        for k, f in enumerate(finds):
            q = f.quote
            if q.kind != "partial":
                continue
            owner = self._claim_owner(f)
            if owner is not None:
                inf = self.set_speaker(q, owner)
                links.pop(k, None)
                if inf is not None:
                    links[k] = inf.mention
                continue
            outer = min(  # the first in ``finds`` that holds the quote
                (
                    first_at[(s, e)]
                    for s, e in reporters.near(q.start, q.start + 1)
                    if s <= q.start and q.end <= e
                ),
                default=None,
            )
            if outer is None:
                continue
            o = finds[outer].quote
            q.speaker, q.speaker_start, q.speaker_end = o.speaker, o.speaker_start, o.speaker_end
            q.speaker_name, q.cue = o.speaker_name, o.cue
            q.cue_start, q.cue_end = o.cue_start, o.cue_end
            links.pop(k, None)
            if outer in links:
                links[k] = links[outer]

    def _continue(self, finds: list[QuoteFind], links: dict[int, Mention]) -> None:
        """Cue-less quotes take the speaker of the quote before (or, if open-ended, after)."""
        for k, f in enumerate(finds):
            if (
                f.quote.speaker is not None
                or f.quote.kind == "reported"
                or is_title(self.text, f.quote.start, f.quote.end)
                or (
                    f.quote.kind == "partial" and len(f.quote.text.split()) <= SCARE_QUOTE_MAX_WORDS
                )
            ):
                continue
            src = None
            for j in range(k - 1, -1, -1):
                if f.paragraph - finds[j].paragraph > CONTINUATION_MAX_PARAGRAPHS:
                    break
                if finds[j].quote.speaker is not None and finds[j].quote.kind != "reported":
                    src = j
                    break
            if src is None and f.open_end and k + 1 < len(finds):
                src = k + 1 if finds[k + 1].quote.speaker is not None else None
            if src is None:
                continue
            p = finds[src].quote
            q = f.quote
            q.speaker, q.speaker_start, q.speaker_end = p.speaker, p.speaker_start, p.speaker_end
            q.speaker_name, q.cue = p.speaker_name, p.cue
            if (
                finds[src].paragraph == f.paragraph
                and p.cue_start is not None
                and p.end <= p.cue_start
                and p.cue_end is not None
                and p.cue_end <= q.start
            ):
                # “A,” he said. “B.”: the verb between the two parts reports both, so both
                # keep its span (one attribution, as a reader and PolNeAR's gold see it).
                q.cue_start, q.cue_end = p.cue_start, p.cue_end
            if src in links:
                links[k] = links[src]
