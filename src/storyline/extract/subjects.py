"""From a reporting verb to the person who speaks: the verb's subject, made a name.

The speaker is the subject of the reporting verb (or the object of "by" / "according to");
a participle or a second verb borrows its subject from the verb it hangs from ("He paused and
added", "... before asking her"), but never from a relative clause it happens to follow;
"he said" points back to a person named as a subject in its paragraph, else to the last main
subject; "the spokesman" to the person introduced with that role ("foreign ministry spokesman
Lin Jian"). A relative pronoun ("Reid, who has called ...") keeps its own span and takes its
antecedent's name; a subject the parse put inside the quote, or a word that is no noun, gives
way to the name written next to the cue; a party tag in brackets is not the name before it.
``SubjectReader`` holds this; ``speakers.Resolver`` decides which verb, if any, a quote has.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Token

from storyline.extract.affiliation import set_affiliation, titled_person
from storyline.extract.control import object_control, participle_of_controller
from storyline.extract.cues import CueReader, is_cue
from storyline.extract.descriptions import by_role, described, described_later
from storyline.extract.entities import MentionInfo
from storyline.extract.name_lists import listed_names
from storyline.extract.names import display_name, surname
from storyline.extract.pronoun_gender import Genders
from storyline.extract.quotes import SpanIndex
from storyline.extract.subject_rules import (
    RELATIVE_PRONOUNS,
    SUBJECT_DEPS,
    agent,
    clause_subject,
    document_maker,
    familiar_with,
    named_first,
    of_phrase,
    one_of_a_group,
    opening_mark,
    past_content,
    relative,
    released_by,
    set_off_passive,
    set_off_subject,
    titles_and_name,
)
from storyline.models import Quote

_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
# What a speaker can be: a name, a noun phrase, a pronoun.
_NOUNISH = ("PROPN", "NOUN", "PRON")

_SUBJ = SUBJECT_DEPS
_INSTITUTION_LABELS = ("ORG", "GPE", "NORP")
# Prepositions between a person and the body they work for ("Allan Liska at Recorded Future").
_WORKS_AT = frozenset({"at", "of", "from", "with"})
# How many verbs up a participle or coordinated verb looks for its subject.
BORROW_STEPS = 4
# How many characters before a person's name the owner of a described role may stand for the
# description to point at them: "Iran's President-elect Ebrahim Raisi" (23) is "Iran's new
# political leader"; a title and a name's first word fit in 40.
OWNER_REACH = 40


class SubjectReader(CueReader):
    """From a cue to its speaker, over one article's parse and mentions."""

    def __init__(self, doc: Doc, infos: list[MentionInfo], quoted: list[tuple[int, int]]) -> None:
        super().__init__(doc, quoted)
        self.infos = [i for i in infos if i.mention.label in ("PERSON", "ORG", "GPE", "NORP")]
        # Names inside quotation marks are the speaker's words, never the writer's subject.
        marks = SpanIndex(quoted)
        self.outside = [i for i in self.infos if not marks.contains(i.mention.start)]
        self._starts = [i.mention.start for i in self.outside]
        self._in_order = all(a <= b for a, b in zip(self._starts, self._starts[1:], strict=False))
        self._last_cache: dict[tuple[str, ...], tuple[list[int], list[int]]] = {}
        self._genders: Genders | None = None
        self.by_char: dict[int, MentionInfo] = {}
        self.by_word: dict[str, MentionInfo] = {}
        self.by_surname: dict[str, MentionInfo] = {}
        for inf in self.infos:
            if inf.mention.label == "PERSON" and inf.tokens:
                self.by_surname.setdefault(surname(inf.tokens), inf)
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
                        src = objs[0]  # "according to a statement issued by X": X's
                        return released_by(src) or document_maker(src, self._label_at) or src
            return None
        if cue.pos_ == "NOUN":  # "Trump's proposal to ...": the possessor
            return next((c for c in cue.children if c.dep_ == "poss"), None)
        before = self.doc[cue.i - 1] if cue.i > 0 else None
        if cue.tag_ == "VBG" and before is not None and before.pos_ == "PROPN":
            hit = self._mention_at(before)
            if hit is not None and hit.mention.label == "PERSON":
                return before  # "footage of Hillary Clinton asking, “…”"
        verb: Token | None = cue
        for _ in range(BORROW_STEPS):  # "He paused and added", "was quick to say": borrow
            assert verb is not None
            subj = named_first(
                [c for c in verb.children if c.dep_ in _SUBJ and any(ch.isalnum() for ch in c.text)]
            )
            if subj and subj[0].dep_ == "nsubjpass":
                return agent(verb)
            if not subj and (set_off := set_off_subject(verb)) is not None:
                return set_off
            if subj and not (verb is not cue and relative(subj[0], verb)):
                return subj[0]
            if subj:  # "defend not paying an architect who said ..., saying, “…”": the
                verb = verb.head.head  # participle is the main clause's, not the relative's
                if verb.pos_ not in ("VERB", "AUX"):
                    break
            elif (controller := object_control(verb)) is not None:
                # "prompting the governor to ask, “…”": the governor; "Biden asked agencies
                # to ..., saying ...": Biden
                return participle_of_controller(cue, verb) or controller
            elif verb is cue and set_off_passive(cue):
                return agent(cue)  # "Asked why ... by X, Biden appeared agitated": not Biden
            elif verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
                verb = past_content(verb)
            elif verb.dep_ == "pcomp" and verb.head.head.pos_ in ("VERB", "AUX"):
                verb = verb.head.head  # "Blige sings to Clinton before asking her, “…”"
            elif verb.dep_ == "acl" and verb.head.pos_ == "PROPN":
                return verb.head  # "footage of Hillary Clinton asking, “…”"
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
        if subj is None:
            # "“…,” said Leslie Wimes, a …": an inverted cue the parse left without subject.
            between = self._words([t for t in self.doc[cue.sent.start : cue.i] if t.idx >= qe])
            nxt = self._after(cue) if cue.idx >= qe and not between else None
            subj = nxt if nxt is not None and nxt.pos_ == "PROPN" else None
        elif subj.i in self.quoted_toks or subj.pos_ not in _NOUNISH:
            # Inside the quote, or no noun at all.
            subj = self._written_next(cue, qs, qe)
        if subj is not None and (person := self._person_at(subj)) is not None:
            subj = person
        if subj is not None and subj.pos_ == "NOUN" and self._mention_at(subj) is None:
            # "data from X showed": X's; "Actress and activist Rose McGowan": McGowan's
            label = self._label_at
            subj = document_maker(subj, label) or titles_and_name(subj, label) or subj
        return None if subj is None else self._out_of_brackets(subj)

    def _person_at(self, subj: Token) -> Token | None:
        """The person written right before the body the parse made the subject ("researcher
        Allan Liska at cybersecurity firm Recorded Future said": Liska, who works there):
        "<person> at/of/from <body>" names who speaks and where."""
        inf = self._mention_at(subj)
        if inf is None or inf.mention.label not in _INSTITUTION_LABELS:
            return None
        left = subj.left_edge.i
        if left < 2 or self.doc[left - 1].lower_ not in _WORKS_AT:
            return None
        person = self._mention_at(self.doc[left - 2])
        if person is None or person.mention.label != "PERSON":
            return None
        return self.doc[person.token_i] if person.token_i >= 0 else self.doc[left - 2]

    def _label_at(self, tok: Token) -> str | None:
        """The label of the article's name at ``tok``, else None."""
        inf = self._mention_at(tok)
        return None if inf is None else inf.mention.label

    def _out_of_brackets(self, tok: Token) -> Token:
        """A party-and-state tag is not the speaker: "Rep. Elijah E. Cummings (D-Md.)" is
        Cummings, the name before the bracket."""
        k = tok.i
        while k > tok.sent.start and self.doc[k].text != "(":
            if self.doc[k].text == ")" and k != tok.i:
                return tok
            k -= 1
        if self.doc[k].text != "(" or k - 1 < tok.sent.start:
            return tok
        before = self.doc[k - 1]
        return before if before.pos_ == "PROPN" and self._mention_at(before) else tok

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
        """Subject of the sentence's main verb or of a reporting verb, not of a clause inside;
        a name joined to a role noun that is the subject ("Actress and activist Rose McGowan
        pushed back", ``titles_and_name``) is that subject, and a passive's doer ("... has
        been upheld by <the board>. But it criticised ...") is one."""
        tok = self.doc[inf.token_i]
        name = inf.mention.label
        joined = titles_and_name(tok.head, lambda t: name) if tok.dep_ == "conj" else None
        if joined is not None and joined.i == tok.i:
            tok = tok.head
        if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
            tok = tok.head  # a passive's doer ("upheld by <the board>") is who acts
        elif tok.dep_ not in _SUBJ:
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

    def _by_role(self, role: str, before: int, owner: str | None = None) -> MentionInfo | None:
        """The person "the <role>" is (``descriptions.by_role``); "<owner>'s <role>" ("Iran's
        new political leader") only one introduced with that owner ("Iran's President-elect
        Ebrahim Raisi"), never another place's holder of the role ("President Joe Biden")."""
        infos = self.infos
        if owner:
            infos = [i for i in infos if owner in self._before_name(i)]
        return by_role(role, before, infos)

    def _before_name(self, inf: MentionInfo) -> str:
        start = inf.mention.start
        return self.text[max(0, start - OWNER_REACH) : start].lower()

    def _pronoun(self, subj: Token) -> MentionInfo | None:
        """ "he" inside what a named person said is that person; else the last subject named."""
        labels = _INSTITUTION_LABELS if subj.lower_ == "it" else ("PERSON",)
        for anc in subj.ancestors:
            if is_cue(anc):
                outer = self.subject_of(anc)
                if outer is None or outer.i == subj.i:
                    continue
                hit = self._mention_at(outer)
                if hit is not None and hit.mention.label in labels and self._agrees(hit, subj):
                    return hit
                break
        hit = self._paragraph_subject(subj.idx, labels) or self._last_subject(subj.idx, labels)
        if hit is None and labels == ("PERSON",):
            return described_later(subj, self.outside, self.infos)
        if hit is None or self._agrees(hit, subj):
            return hit
        # the last person the writer calls so (a main subject first); none: someone unnamed
        fits = [
            i
            for i in self.outside[: self._upto(subj.idx)]
            if i.mention.label == "PERSON" and self._gender().called(i, subj.lower_)
        ]
        fits = [i for i in fits if self._main_subject(i)] or fits
        return fits[-1] if fits else None

    def _agrees(self, inf: MentionInfo, pronoun: Token) -> bool:
        """Whether the writer's own "he"/"she" for this person fits ``pronoun``
        (``pronoun_gender.Genders``); a name that is no person's always does."""
        return inf.mention.label != "PERSON" or self._gender().agrees(inf, pronoun.lower_)

    def _gender(self) -> Genders:
        """The article's ``Genders``, read once, when a pronoun first needs them."""
        if self._genders is None:
            people = [i for i in self.outside if i.mention.label == "PERSON"]
            self._genders = Genders(self.doc, people, self.quoted_toks)
        return self._genders

    def _paragraph_subject(self, before: int, labels: tuple[str, ...]) -> MentionInfo | None:
        """The last name with one of ``labels`` that is a subject earlier in the pronoun's own
        paragraph ("Sen. Claire McCaskill scolded him: “…,” she said"), before any main
        subject further back."""
        start = self.text.rfind("\n", 0, before) + 1
        for k in range(self._upto(before) - 1, -1, -1):
            inf = self.outside[k]
            if inf.mention.start < start:
                break
            if inf.mention.label in labels and inf.dep in _SUBJ:
                return inf
        return None

    def set_speaker(self, q: Quote, subj: Token) -> MentionInfo | None:
        """Fill the quote's speaker from the token ``subj``; returns the mention it resolves
        to. A relative pronoun ("Reid, who has called him ...") keeps its own span, which is
        what PolNeAR marks as the source, and takes its antecedent's name."""
        named = subj
        if subj.lower_ in RELATIVE_PRONOUNS and subj.head.dep_ == "relcl":
            named = subj.head.head
        s, e, written, inf = self.speaker(named)
        name = display_name(inf.mention.text if inf is not None else written)
        if named is not subj:
            s, e, written = subj.idx, subj.idx + len(subj), subj.text
        q.speaker, q.speaker_start, q.speaker_end, q.speaker_name = written, s, e, name
        if inf is not None and inf.mention.label == "PERSON":
            set_affiliation(q, self.doc, inf, self.by_char)
        else:
            q.speaker_role = q.speaker_org = q.speaker_org_start = q.speaker_org_end = None
        return inf

    def _coordinated_names(self, subj: Token) -> tuple[int, int, str] | None:
        """Names joined by "and" as written (``name_lists.listed_names``): the speakers are
        all of them, no one entity. One name with "and" or "&" inside ("Johnson & Johnson"),
        which the parse also coordinates, is one name: a mention spans it."""
        listed = listed_names(subj)
        if listed is None:
            return None
        s, e = listed[0].idx, listed[1].idx + len(listed[1].text)
        inf = self.by_char.get(subj.idx)
        if inf is not None and inf.mention.start <= s and e <= inf.mention.end:
            return None
        return s, e, self.text[s:e]

    def speaker(self, subj: Token) -> tuple[int, int, str, MentionInfo | None]:
        """Speaker span as written, and the mention it resolves to (None: keep as written)."""
        inf = self._mention_at(subj)
        if subj.lower_ in _PRONOUNS or subj.lower_ == "it":
            return subj.idx, subj.idx + len(subj), subj.text, self._pronoun(subj)
        if (inner := clause_subject(subj)) is not None:
            return self.speaker(inner)
        if (both := self._coordinated_names(subj)) is not None:
            return (*both, None)
        if (
            inf is None
            and subj.pos_ == "NOUN"
            and any(
                c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in subj.children
            )
        ):
            # A definite role noun ("the spokesman", "the Ukrainian leader") points back, and
            # so does "the company" to the institution named before it.
            owner = next(
                (c.lower_ for c in subj.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None
            )
            inf = self._by_role(subj.lemma_.lower(), subj.idx, owner) or described(
                subj, self.outside
            )
        if inf is not None and one_of_a_group(subj, inf):
            # "The New York Democrat said": one person described by their group, who points
            # back as "he" does, never the group itself ("Democrats")
            inf = self._paragraph_subject(subj.idx, ("PERSON",)) or self._last_subject(
                subj.idx, ("PERSON",)
            )
        elif inf is not None and (self._mention_at(subj) is inf):
            inf = titled_person(self.text, self.by_char, inf, subj.head.idx) or inf
            m = inf.mention
            return m.start, m.end, m.text, inf
        # no space token either: a no-break space the tokenizer keeps ("a\xa0USA Today
        # analysis") began the speaker's name
        # an article or a demonstrative is no part of a name, but "no" is: "No one knows"
        # says no one holds it, which a card must not turn into "one"
        toks = [
            t
            for t in subj.subtree
            if (t.dep_ not in ("det", "punct", "relcl", "acl") or t.lower_ == "no")
            and not t.is_space
        ]
        toks = [
            t for t in toks if t.i <= subj.i or (t.head == subj and t.dep_ in ("compound", "flat"))
        ] or [subj]
        # "the secretary of state", and a title the tagger calls a proper noun that no name
        # covers: "The California Secretary of State said" (the card read "California
        # Secretary")
        toks += of_phrase(subj) if subj.pos_ == "NOUN" or inf is None else []
        toks += familiar_with(subj) if subj.pos_ == "NOUN" and inf is None else []
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        s = opening_mark(self.text, s, e)
        return s, e, self.text[s:e], inf
