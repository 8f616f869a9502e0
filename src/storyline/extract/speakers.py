"""Who said it: from a quote to its reporting verb, to the verb's subject, to a named entity.

No coreference package runs offline, so this is a small resolver of its own, built on what
news writing does: the speaker is the subject of the reporting verb (or the object of "by" /
"according to"); "he said" points back to the last person named as a subject; "the
spokesman" to the person introduced with that role ("foreign ministry spokesman Lin Jian");
a quote with no verb of its own continues the quote before it (a paragraph after "Lin said:").
Institutions ("the foreign ministry", "NATO") stay institutions.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from storyline.extract.entities import MentionInfo
from storyline.extract.quotes import CLAUSE_CUE_LEMMAS, CUE_LEMMAS, QuoteFind
from storyline.models import Mention

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
# A "he said." fragment the splitter cut off from its quote is this short at most.
TAIL_SENTENCE_MAX_TOKENS = 8
# Nouns of saying: a quote inside "Zelensky's claim that 'many' ..." is the claim owner's word.
CLAIM_NOUNS = frozenset(
    """claim assertion statement remark allegation accusation suggestion comment words warning
    description charge insistence contention argument""".split()
)
# Continuation reaches back to the quote in this paragraph or the one just before it.
CONTINUATION_MAX_PARAGRAPHS = 1


class Resolver:
    """Per-article speaker resolution over the parse and the article's mentions."""

    def __init__(self, doc: Doc, infos: list[MentionInfo], quoted: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.infos = [i for i in infos if i.mention.label in ("PERSON", "ORG", "GPE", "NORP")]
        # Names inside quotation marks are the speaker's words, never the writer's subject.
        self.outside = [
            i for i in self.infos
            if not any(s <= i.mention.start < e for s, e in quoted)
        ]
        self.by_char: dict[int, MentionInfo] = {}
        self.by_word: dict[str, MentionInfo] = {}
        for inf in self.infos:
            self.by_word.setdefault(inf.mention.text.lower(), inf)
            for c in range(inf.mention.start, inf.mention.end):
                self.by_char[c] = inf

    # -- finding the cue ---------------------------------------------------------------
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
                if anc.i not in ids and _is_cue(anc):
                    return anc
        sents = {t.sent.start: t.sent for t in (inside[0], inside[-1])}
        cands = [t for sent in sents.values() for t in sent if t.i not in ids and _is_cue(t)]
        first, last = inside[0].i, inside[-1].i
        if cands:
            return min(cands, key=lambda t: min(abs(t.i - first), abs(t.i - last)))
        # "He said:" ending the sentence before, or a "he said." fragment split off after.
        prev_i = inside[0].sent.start - 1
        if prev_i >= 0:
            prev = self.doc[prev_i].sent
            if prev.text.rstrip().endswith(":"):
                cands = [t for t in prev if _is_cue(t)]
                if cands:
                    return cands[-1]
                # "Cruz continued:", "Clinton released the following statement:" introduce
                # the quote below without a verb of saying; the sentence's subject speaks.
                if prev.root.pos_ in ("VERB", "AUX") and any(
                    c.dep_ in _SUBJ for c in prev.root.children
                ):
                    return prev.root
        nxt_i = inside[-1].sent.end
        if nxt_i < len(self.doc):
            nxt = self.doc[nxt_i].sent
            if len(nxt) <= TAIL_SENTENCE_MAX_TOKENS and "\n" not in self.doc.text[
                inside[-1].idx : nxt.start_char
            ]:
                cands = [t for t in nxt if _is_cue(t)]
                if cands:
                    return cands[0]
        return None

    # -- from cue to speaker -----------------------------------------------------------
    def subject_of(self, cue: Token) -> Token | None:
        if cue.lower_ == "according":
            for c in cue.children:
                if c.lower_ == "to":
                    objs = [g for g in c.children if g.dep_ == "pobj"]
                    if objs:
                        return objs[0]
            return None
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
        return head.dep_ == "ROOT" or _is_cue(head)

    def _last_subject(self, before: int, labels: tuple[str, ...]) -> MentionInfo | None:
        best = None
        fallback = None
        for inf in self.outside:
            if inf.mention.start >= before:
                break
            if inf.mention.label not in labels:
                continue
            fallback = inf
            if self._main_subject(inf):
                best = inf
        return best or fallback

    def _by_role(self, role: str, before: int) -> MentionInfo | None:
        wanted = ROLE_SYNONYMS.get(role, frozenset({role}))
        hits = [i for i in self.infos if i.mention.label == "PERSON" and wanted & set(i.roles)]
        earlier = [i for i in hits if i.mention.start < before]
        if earlier:
            return earlier[-1]
        return hits[0] if hits else None

    def _pronoun(self, subj: Token) -> MentionInfo | None:
        """"he" inside what a named person said is that person; else the last subject named."""
        labels = _INSTITUTION_LABELS if subj.lower_ == "it" else ("PERSON",)
        for anc in subj.ancestors:
            if _is_cue(anc):
                outer = self.subject_of(anc)
                if outer is None or outer.i == subj.i:
                    continue
                hit = self._mention_at(outer)
                if hit is not None and hit.mention.label in labels:
                    return hit
                break
        return self._last_subject(subj.idx, labels)

    def speaker(self, subj: Token) -> tuple[int, int, str, MentionInfo | None]:
        """Speaker span as written, and the mention it resolves to (None: keep as written)."""
        inf = self._mention_at(subj)
        if subj.lower_ in _PRONOUNS or subj.lower_ == "it":
            return subj.idx, subj.idx + len(subj), subj.text, self._pronoun(subj)
        if inf is None and subj.pos_ == "NOUN" and any(
            c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in subj.children
        ):
            # A definite role noun ("the spokesman", "the Ukrainian leader") points back.
            inf = self._by_role(subj.lemma_.lower(), subj.idx)
        if inf is not None and (self._mention_at(subj) is inf):
            m = inf.mention
            return m.start, m.end, m.text, inf
        toks = [t for t in subj.subtree if t.dep_ not in ("det", "punct", "relcl", "acl")]
        toks = [t for t in toks if t.i <= subj.i or t.dep_ in ("compound", "flat")] or [subj]
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        return s, e, self.doc.text[s:e], inf

    def resolve(self, finds: list[QuoteFind]) -> dict[int, Mention]:
        """Fill speaker fields of each quote; returns quote index -> speaker mention."""
        links: dict[int, Mention] = {}
        for k, f in enumerate(finds):
            q = f.quote
            cue = self.doc[f.cue_token] if f.cue_token is not None else self.cue_for(
                q.start, q.end
            )
            if cue is None:
                continue
            q.cue = q.cue or ("according to" if cue.lower_ == "according" else cue.lemma_)
            q.cue_start, q.cue_end = cue.idx, cue.idx + len(cue.text)
            subj = self.subject_of(cue)
            if subj is None:
                continue
            s, e, written, inf = self.speaker(subj)
            q.speaker, q.speaker_start, q.speaker_end = written, s, e
            if inf is not None:
                links[k] = inf.mention
                q.speaker_name = inf.mention.text
            else:
                q.speaker_name = written
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
        if before and before[-1].lower_ == "as" and any(
            _is_cue(t) and t.lemma_ not in CLAUSE_CUE_LEMMAS for t in before
        ):
            return None  # "rejected X's claim ... as 'groundless'": the rejecter's verdict
        child = first
        for anc in first.ancestors:
            if anc.lemma_.lower() in CLAIM_NOUNS and anc.pos_ in ("NOUN", "PROPN"):
                poss = [c for c in anc.children if c.dep_ == "poss"]
                if poss and child.dep_ != "prep" and anc.i < first.i:
                    return poss[0]
                break
            if _is_cue(anc):
                break
            child = anc
        i = first.i - 1
        while i >= 0 and (self.doc[i].is_punct or self.doc[i].is_space
                          or self.doc[i].lower_ == "that"):
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
        for k, f in enumerate(finds):
            q = f.quote
            if q.kind != "partial":
                continue
            owner = self._claim_owner(f)
            if owner is not None:
                s, e, written, inf = self.speaker(owner)
                q.speaker, q.speaker_start, q.speaker_end = written, s, e
                q.speaker_name = inf.mention.text if inf is not None else written
                links.pop(k, None)
                if inf is not None:
                    links[k] = inf.mention
                continue
            outer = next((j for j, o in enumerate(finds) if o.quote.kind == "reported"
                          and o.quote.start <= q.start and q.end <= o.quote.end
                          and o.quote.speaker is not None), None)
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
            if f.quote.speaker is not None or f.quote.kind == "reported":
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
            if src in links:
                links[k] = links[src]


def _is_cue(tok: Token) -> bool:
    if tok.lower_ == "according":
        return any(c.lower_ == "to" for c in tok.children)
    return tok.lemma_ in CUE_LEMMAS and tok.pos_ in ("VERB", "AUX")
