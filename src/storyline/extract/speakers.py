"""Who said it: which verb, name or layout attributes each quote, and to whom.

No coreference package runs offline, so this is a small resolver of its own, built on what
news writing does. Finding the cue is ``cues.py``'s part, and going from the cue to a name is
``subjects.py``'s; here each quote gets its attribution: a quote signed after a dash or led
by "Name:" (``signed.py``); else its cue, or a nearer verb of saying whose subject is a named
person; with no cue, a name and verb right after it ("“…,” Blige sings"), the owner of a noun
of saying before a colon ("his message: “…”"), or a named person doing the verb it hangs
from; a quote with no verb of its own continues the quote before it (a paragraph after "Lin
said:"); a partial quote belongs to whoever owns the words around it. Institutions ("the
foreign ministry", "NATO") stay institutions.
"""

from __future__ import annotations

from spacy.tokens import Token

from storyline.extract.cue_frames import CUE_FRAMES
from storyline.extract.cues import is_cue
from storyline.extract.names import TITLES, MentionInfo, display_name
from storyline.extract.quotes import (
    CLAUSE_CUE_LEMMAS,
    CUE_LEMMAS,
    QuoteFind,
    SpanIndex,
    is_title,
)
from storyline.extract.signed import SIGNED_NAME_MAX_WORDS, lead, signature
from storyline.extract.subjects import SubjectReader
from storyline.models import Mention, Quote

# Nouns of saying: a quote inside "Zelensky's claim that 'many' ..." is the claim owner's word.
CLAIM_NOUNS = frozenset(
    """claim assertion statement remark allegation accusation suggestion comment words warning
    description charge insistence contention argument""".split()
)
# Verbs of naming, which take an object and what it is named ("branded Harris's comments
# “disappointing”", "called Biden's remarks “a disgrace”"): quoted words after the object are
# the namer's label for it, not the words of whoever owns the object.
NAMING_LEMMAS = frozenset({"call", "brand", "label", "dub", "term", "describe"})
# Nouns that introduce their owner's words after a colon ("his message: “…”").
SPEECH_NOUNS = CLAIM_NOUNS | frozenset(
    """message line question answer reply response tweet post slogan refrain mantra headline
    caption title""".split()
)
# Continuation reaches back to the quote in this paragraph or the one just before it.
CONTINUATION_MAX_PARAGRAPHS = 1
# A partial quote this short with no cue of its own is a scare quote (the “establishment”
# candidate), not the last speaker going on; PolNeAR train leaves such words unattributed.
SCARE_QUOTE_MAX_WORDS = 3
# Words of a speaker's title between the comma that ends reported words and the speaker's
# name ("..., researcher Allan Liska"; "..., former acting Solicitor General Neal Katyal").
TITLE_WORDS_MAX = 4
# Verbs whose subject chose the quoted words the verb governs ("blasted Trump as a “con
# artist”"): the cues, and every verb PolNeAR train attributes content through
# (``cue_frames``). Any other verb ("wore her “lucky” boots") leaves a partial quote the
# writer's own scare quote: on train, direct-quote precision 0.931 -> 0.957, recall
# 0.954 -> 0.941.
_ATTRIBUTING_LEMMAS = frozenset().union(*CUE_FRAMES.values()) | CUE_LEMMAS


def copy_speaker(src: Quote, dst: Quote) -> None:
    """The speaker of ``src`` (as written, canonical, role and organisation) onto ``dst``."""
    for f in _SPEAKER_FIELDS:
        setattr(dst, f, getattr(src, f))


_SPEAKER_FIELDS = (
    "speaker speaker_start speaker_end speaker_name speaker_role speaker_org "
    "speaker_org_start speaker_org_end"
).split()


def _titled(before: str) -> bool:
    """Whether the words a signature writes before its person's name hold a title ("Sen.",
    "Chair"): that name, not the words before it, signs the quote."""
    return any(w.lower() in TITLES for w in before.split())


class Resolver(SubjectReader):
    """Per-article speaker resolution over the parse and the article's mentions."""

    def resolve(self, finds: list[QuoteFind]) -> dict[int, Mention]:
        """Fill speaker fields of each quote; returns quote index -> speaker mention."""
        links: dict[int, Mention] = {}
        for k, f in enumerate(finds):
            q = f.quote
            if q.kind != "reported" and is_title(self.text, q.start, q.end):
                continue  # a name in quotation marks, nobody's words
            if q.kind != "reported" and self._signed(q, k, links):
                continue
            cue = self.doc[f.cue_token] if f.cue_token is not None else self.cue_for(q.start, q.end)
            if cue is not None and f.cue_token is None:
                cue = self._nearer_cue(cue, q) or cue
            if cue is None and q.kind == "partial":
                cue = self._governing_verb(q.start, q.end)
                if cue is not None and cue.lemma_ not in _ATTRIBUTING_LEMMAS:
                    cue = None
            if cue is None:
                named = self._named_after(q) or self._speech_noun_owner(q) or self._doer(q)
                if named is not None and (inf := self.set_speaker(q, named)) is not None:
                    links[k] = inf.mention
                continue
            q.cue = q.cue or ("according to" if cue.lower_ == "according" else cue.lemma_)
            q.cue_start, q.cue_end = cue.idx, cue.idx + len(cue.text)
            subj = self.speaker_token(cue, q.start, q.end)
            if subj is None:
                continue
            inf = self.set_speaker(q, subj)
            self._cut_at_speaker(q)
            if inf is not None:
                links[k] = inf.mention
        self._continue(finds, links)
        self._owned_partials(finds, links)
        return links

    def _cut_at_speaker(self, q: Quote) -> None:
        """Reported words end before their speaker: the parse can run the content over the
        attribution ("... to negotiate with, researcher Allan Liska at cybersecurity firm
        Recorded Future said" held "researcher Allan Liska at"); it ends at the comma before
        the speaker's name and title. A speaker inside the words ("The museum, Mr. Obama said,
        would make ...") interrupts them, and they go on."""
        at = q.speaker_start
        if q.kind != "reported" or at is None or not q.start < at < q.end:
            return
        comma = self.text.rfind(",", q.start, at)
        after = self.text[q.speaker_end or at : q.end].split()
        if len(after) > 1:  # "The museum, Mr. Obama said, would make ...": words on both sides
            return
        if comma > q.start and len(self.text[comma + 1 : at].split()) <= TITLE_WORDS_MAX:
            q.end = comma
            q.text = self.text[q.start : q.end]

    def _named_after(self, q: Quote) -> Token | None:
        """ "“…,” Blige sings": a quote closed by a comma, then a person as the subject of the
        verb that follows, whatever the verb; the layout itself attributes the words."""
        comma = q.text.rstrip().endswith(",") or self.text[q.end : q.end + 1] == ","
        if q.kind != "direct" or not comma:
            return None
        line_end = self.text.find("\n", q.end)
        stop = len(self.text) if line_end < 0 else line_end
        span = self.doc.char_span(q.end, stop, alignment_mode="expand")
        nxt = next((t for t in span or () if not (t.is_punct or t.is_space)), None)
        inf = self.by_char.get(nxt.idx) if nxt is not None else None
        if nxt is None or inf is None or inf.mention.label != "PERSON":
            return None
        root = self.doc[inf.token_i] if inf.token_i >= 0 else nxt
        if root.dep_ == "nsubj" and root.head.pos_ == "VERB":
            return root
        # "“…,” Rochelle Hawkins, a VTA mechanic who was at the facility during...": the excerpt
        # breaks off before the verb; the layout alone attributes the words (an audit)
        return root if self.text[q.end : stop].rstrip().endswith(("...", "…")) else None

    def _nearer_cue(self, cue: Token, q: Quote) -> Token | None:
        """A verb of saying between the cue and the quote whose subject is a named person
        ("The spot concludes with footage of Trump saying ..., “…”"): the words are that
        person's, not the subject's of the verb the parse hung the quote from."""
        inside = self._tokens_in(q.start, q.end)
        if not inside or cue.i >= inside[0].i:
            return None
        for t in reversed(self.doc[cue.i + 1 : inside[0].i]):
            if t.i in self.quoted_toks or not is_cue(t):
                continue
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            hit = self._mention_at(subj) if subj is not None else None
            if hit is not None and hit.mention.label == "PERSON":
                return t
        return None

    def _speech_noun_owner(self, q: Quote) -> Token | None:
        """ "Obama is rolling out a new campaign message: “…”": a quote introduced by a noun of
        saying and a colon is the words of that noun's owner, the subject of its verb."""
        i = self._token_before(q.start)
        if i is None or self.doc[i].text != ":" or i == 0:
            return None
        noun = self.doc[i - 1]
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in SPEECH_NOUNS:
            return None
        verb = noun.head.head if noun.head.dep_ == "prep" else noun.head  # "as its headline:"
        return self.subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None

    def _doer(self, q: Quote) -> Token | None:
        """A whole quoted sentence hanging from a verb a named person is the subject of
        ("Trump walked onto the stage, chanting “…”"): that person's words."""
        if q.kind != "direct":
            return None
        verb = self._governing_verb(q.start, q.end)
        subj = self.subject_of(verb) if verb is not None else None
        inf = self._mention_at(subj) if subj is not None else None
        return subj if inf is not None and inf.mention.label == "PERSON" else None

    def _token_before(self, at: int) -> int | None:
        """Index of the last token before char ``at`` that is no quotation mark or space."""
        span = self.doc.char_span(0, at, alignment_mode="contract")
        # backwards from the end: a scan of the whole span per quote is quadratic in the doc
        for i in range(span.end - 1 if span is not None else -1, -1, -1):
            if not (self.doc[i].is_space or self.doc[i].is_quote):
                return i
        return None

    def _signed(self, q: Quote, k: int, links: dict[int, Mention]) -> bool:
        """A quote signed after a dash ("“…” ― Carla Sanchez") or led by a person's name and a
        colon ("Sanders: …", "TRUMP: …") is that person's (``signed.py``)."""
        at = signature(self.text, q.start, q.end)
        inf = self.by_char.get(at[0]) if at is not None else None
        if at is not None:
            # a title before the name ("Republican National Committee Chair Ronna McDaniel",
            # "Sen. Tom Cotton"): the person named last in the signature signs it, not the
            # committee (a first name the model left out of the name stays the signer's:
            # "Christina N Luis Olidem"); a long signature must name someone
            person = self._person_in(*at)
            if person is not None and _titled(self.text[at[0] : person.mention.start]):
                inf, at = person, (person.mention.start, person.mention.end)
            elif len(self.text[at[0] : at[1]].split()) > SIGNED_NAME_MAX_WORDS:
                return False
        if at is None:
            at = lead(self.text, q.start)
            if at is None:
                return False
            written = self.text[at[0] : at[1]]
            inf = self.by_char.get(at[0])
            if inf is None:  # a transcript's "TRUMP:", a headline's "Pence:"
                inf = self.by_surname.get(written.split()[-1].lower())
            if inf is None or inf.mention.label != "PERSON":
                return False
        s, e = at
        name = display_name(inf.mention.text if inf is not None else self.text[s:e])
        q.speaker, q.speaker_start, q.speaker_end, q.speaker_name = self.text[s:e], s, e, name
        if inf is not None:
            links[k] = inf.mention
        return True

    def _person_in(self, s: int, e: int) -> MentionInfo | None:
        """The last person's mention inside ``[s, e)``, if any."""
        found = [i for i in self.infos if i.mention.label == "PERSON" and s <= i.mention.start]
        return next((i for i in reversed(found) if i.mention.end <= e), None)

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
            owner = self.doc[i - 2] if self.doc[i - 1].lower_ in ("'s", "’s") else None
            if self.doc[i - 1].lower_ in ("his", "her"):
                owner = self.doc[i - 1]
            named = owner is not None and owner.i > 0 and owner.nbor(-1).lemma_ in NAMING_LEMMAS
            return None if named else owner
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
            copy_speaker(o, q)
            q.cue = o.cue
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
            copy_speaker(p, q)
            q.cue = p.cue
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
