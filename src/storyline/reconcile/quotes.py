"""Who said what: group each outlet's rendering of one quotation, and find the ones that differ.

Outlets quote foreign-language speakers through different translations ("correctly view" /
"correctly assess"), cut quotes to a few words, or fix punctuation. Renderings of one quotation
share their speaker and enough content words (or mean the same by embedding); a partial quote
whose words are all inside a longer one is the same wording cut short, not a conflict. Only
wordings that really differ become ``quote`` conflicts, each with a word diff; the same words
credited to two named people become an ``attribution`` conflict.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from storyline.extract.quotes import is_title
from storyline.models import Entity, Quote
from storyline.reconcile.quote_groups import group_indices, runs
from storyline.reconcile.units import LABEL_MAX_WORDS
from storyline.reconcile.words import wording as words

# Pronouns (personal, demonstrative, relative): a speaker left written so, unresolved, names no
# one a reader of the card can see ("they — 1 quotation"); the card is unattributed instead,
# and framing passes it over (``reconcile.framing``).
# A phrase opened by a relative determiner ("whose members", "which officials") stands for the
# noun the relative clause hangs on, which the speaker's reading did not reach.
PRONOUN = re.compile(
    r"^(?:i|you|he|she|it|we|they|this|that|these|those|which|who|whom|someone)$"
    r"|^(?:whose|which)\s",
    re.I,
)


def is_pronoun(name: str) -> bool:
    """Whether a speaker as written is a pronoun (``PRONOUN``); a name in capitals of more
    than one letter is not ("WHO", the World Health Organization; "IT")."""
    return PRONOUN.match(name) is not None and not (len(name) > 1 and name.isupper())


@dataclass
class Quotation:
    """One quotation and its renderings (quotes from possibly several articles)."""

    quotes: list[Quote] = field(default_factory=list)
    # The renderings: each one quote, or the parts of a quote its cue cuts in two (in order).
    runs: list[list[Quote]] = field(default_factory=list)
    # Entity ids of people (a person, not the institution, is the speaker of a card).
    people: frozenset[str] = frozenset()

    def _pick(
        self, values: Sequence[str | None], tie: Callable[[str], float] | None = None
    ) -> str | None:
        """The most common of ``values`` that is given: of equals, the one ``tie`` scores
        highest, else the first."""
        given = [v for v in values if v]
        if not given:
            return None
        return max(given, key=lambda v: (given.count(v), tie(v) if tie else 0.0))

    @property
    def speaker_entity(self) -> str | None:
        """The speaker: the person most of its renderings name, else the entity (an
        institution) most of them name. A person speaks for an institution, not the reverse."""
        people = [q.speaker_entity for q in self.quotes if q.speaker_entity in self.people]
        return self._pick(people) or self._pick([q.speaker_entity for q in self.quotes])

    @property
    def speaker_name(self) -> str | None:
        """The speaker's name as the renderings give it (of the card's entity, when known); a
        pronoun is none."""
        ent = self.speaker_entity
        names = [q.speaker_name for q in self.quotes if ent is None or q.speaker_entity == ent]
        # of names given equally often, the one most written as a name: "FDA and CDC" over
        # "Thursday evening press release" (a new user's AllSides run)
        return self._pick([n for n in names if n and not is_pronoun(n)], tie=_named_share)

    @property
    def speaker_role(self) -> str | None:
        """The speaker's role, when the extraction gives it (``Quote.speaker_role``)."""
        return self._pick([getattr(q, "speaker_role", None) for q in self.quotes])

    @property
    def speaker_org(self) -> str | None:
        """The organisation the speaker speaks for, when the extraction gives it: as its
        entity's renderings name it when it is linked (``speaker_org_entity``)."""
        ent = self.speaker_org_entity
        orgs = [q.speaker_org for q in self.quotes if ent is None or q.speaker_org_entity == ent]
        return self._pick(orgs)

    @property
    def speaker_org_entity(self) -> str | None:
        """The entity of that organisation: the one most of the renderings link it to."""
        return self._pick([q.speaker_org_entity for q in self.quotes])


def _named_share(name: str) -> float:
    """The share of a speaker's written words that begin in upper case."""
    ws = [w for w in name.split() if w[:1].isalpha()]
    return sum(w[0].isupper() for w in ws) / len(ws) if ws else 0.0


def _label(q: Quote, text: str) -> bool:
    """Reported "content" that is a paragraph's lead-in label ("What they're saying:", before
    the quotation the cue attributes): no one's words (a new user's AllSides run showed it as
    the FDA's and CDC's card). A label opens its paragraph and ends on a colon."""
    t = q.text.strip()
    opens = not text[text.rfind("\n", 0, q.start) + 1 : q.start].strip()
    return opens and t.endswith(":") and len(t.split()) <= LABEL_MAX_WORDS


# A partial quotation this short, with no speaker and no cue, is a term the writer quotes (a
# scare quote, a label: "squad", "roadmap", "humanitarian crisis"): read on AllSides dev (not
# the gold stories), the unattributed partials with no cue of up to four words are such terms;
# longer ones quote a sentence or a text (a bill's wording), which stays on a card.
SCARE_QUOTE_MAX_WORDS = 4
# Verbs by which evidence, not a speaker, bears out a clause ("data showed", "The development
# shows ...", "the pull-out could signal ...", "jobs numbers indicate ..."): with no named
# speaker (an entity) the "speaker" is a data set, a document or an event, and the clause is
# the writer's reading of it, not anyone's words (two fact-checkers' trials of AllSides dev
# briefings: "data", "pull-out", "development" as speakers of cards).
EVIDENCE_CUES = frozenset({"show", "signal", "indicate", "suggest", "reveal", "demonstrate"})
# The reader, as an opinion piece or a letter addresses them: never a source.
READER_WORDS = frozenset({"you", "yourself", "yourselves"})
# Words this long are capitalised in a title-case headline (shorter ones: "of", "to", "the").
TITLE_CASE_MIN_LETTERS = 4
_LETTERS = re.compile(r"[^\W\d_]+")


def card_quotes(quotes: Sequence[Quote], texts: Mapping[str, str]) -> list[Quote]:
    """The quotes a card can hold: all but names in quotation marks (a show, a book, a
    nickname: ``extract.quotes.is_title``), which nobody said, terms the writer quotes
    (``_scare_quote``), and reported speech with no
    speaker ("it is worth noting that ...", "assuming that ...") or with the reader as its
    speaker ("do you know where ..."): the writer's own clause, no attribution, and a card
    would say nothing of who said what. In a headline written in title case every word is
    capitalised, so there quoted words are kept (Beijing Rejects Zelensky's Claim 'Many' ...)."""
    out = []
    for q in quotes:
        text = texts.get(q.article_id, "")
        if _readers(q):
            continue
        if q.kind == "reported":
            said = q.speaker is not None or q.speaker_entity is not None
            if said and not negated_cue(q, text) and not _label(q, text):
                out.append(q)
        elif _scare_quote(q) or _so_called(q, text):
            continue
        elif _title_case_line(text, q.start) or not is_title(text, q.start, q.end):
            out.append(q)
    return out


#: What may follow a quotation the text breaks off in: an ellipsis or periods, and space.
_CUT_TAIL = " \t\n\xa0.…"
#: A feed's note of how much of the text it left out ("[+3470 chars]"), at the very end.
_FEED_CUT = re.compile(r"\[\+\d+ chars\]\s*$")


def cut_off(q: Quote, text: str) -> bool:
    """Whether the text breaks off inside the quotation: a quote with nothing after it but
    an ellipsis (or a feed's "[+3470 chars]"), no closing mark (an excerpt ending '"The...'),
    or reported speech that the text's closing ellipsis cuts. A card of such renderings only
    ("The...", "Americans want to...") holds no quotation; one beside a whole rendering is
    kept."""
    rest = _FEED_CUT.sub("", text[q.end :])
    if q.kind == "reported":  # its clause ends at a period: only an ellipsis cuts it
        tail = rest.strip()
        return tail in ("...", "…") or (not tail and q.text.rstrip().endswith(("...", "…")))
    return not rest.strip(_CUT_TAIL)


#: Quotation marks that open and close, as sources write them.
OPEN_MARKS = '"“‘«'
CLOSE_MARKS = '"”’»'


def rendering_span(parts: Sequence[Quote], text: str, quoted: bool) -> tuple[int, int]:
    """The span a card shows for one rendering (``parts``, a quote or the pieces its cue
    cuts in two). Pieces and the words between them ("the control,” Claude Joseph said in a
    statement. “Democracy will win") take in their own first and last marks, so the reports
    show the source's marks around the words said and none around the narration (a card put
    the narration inside quotation marks: a fact-checker's audit). Reported speech that ends
    inside a quotation it holds ('must “get this done') takes in its closing mark."""
    start, end = parts[0].start, parts[-1].end
    if quoted and len(parts) > 1:
        if start > 0 and text[start - 1] in OPEN_MARKS:
            start -= 1
        end = _past_close(text, end)
    elif not quoted and _left_open(text[start:end]):
        end = _past_close(text, end)
    if not quoted and (m := _COMPLEMENTIZER.match(text, start, end)):
        start = m.end()
    return start, end


#: The "that" reported speech opens with ("announced that the U.S. will ..."): the words
#: reported start after it, so a card reads "the U.S. will ...", not a fragment (a
#: fact-checker's trial: 174 of 970 renderings began "that"). A "that" a verb follows is the
#: clause's subject ("told reporters that would be a mistake") and stays. The extraction
#: keeps it, as PolNeAR's content spans do.
_COMPLEMENTIZER = re.compile(
    r"that\s+(?!(?:would|will|is|was|are|were|could|should|can|may|might|must|has|had|have"
    r"|does|did|means|meant|seems|seemed|happens|happened|remains)\b)(?=[\w“\"‘'$€£])",
    re.I,
)


def narration(parts: Sequence[Quote], text: str, quoted: bool) -> list[tuple[int, int]]:
    """The writer's words between the pieces of a quotation its cue cuts in two ("Ms. Pelosi
    told reporters." of '“Jan. 6 was a day of darkness for our country,” Ms. Pelosi told
    reporters. “Our temple ...”'), as spans of ``text``, marks and spaces left out: the
    reports set them apart from the words said (a fact-checker's trial read the attribution
    inside a rendering as part of the quotation). The connective between the items
    of a list of quoted words ('“losers” and “sad”', ``_LIST_JOIN``) is no narration."""
    out: list[tuple[int, int]] = []
    if not quoted:
        return out
    for a, b in zip(parts, parts[1:], strict=False):
        s = _past_close(text, a.end)
        e = b.start - 1 if b.start > 0 and text[b.start - 1] in OPEN_MARKS else b.start
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if any(c.isalpha() for c in text[s:e]) and not _LIST_JOIN.fullmatch(text[s:e]):
            out.append((s, e))
    return out


#: The words between the items of a list of quoted words ('“stable” and “predictable”',
#: '“losers,” or even “sad”'): a connective, no narration. "she commented." is narration.
_LIST_JOIN = re.compile(
    r",?\s*(?:and|or|nor|but|then|even|not)(?:\s+(?:even|also|then|not))?", re.I
)


def _past_close(text: str, end: int) -> int:
    """``end`` moved past the closing mark right after it, a comma or period before the mark
    taken in too ('must “get this done,”'); unmoved when no mark closes there."""
    k = end + 1 if text[end : end + 1] in (",", ".") else end
    return k + 1 if text[k : k + 1] and text[k] in CLOSE_MARKS else end


def _left_open(span: str) -> bool:
    """Whether a span opens a double quotation it does not close."""
    return span.count("“") > span.count("”") or span.count('"') % 2 == 1


#: A negation right before a cue word, an adverb between allowed ("did not say", "didn't
#: recommend", "never said", "did not immediately say", "cannot say", "declined to say").
_NEGATED = re.compile(
    r"(?:\b(?:not|never|cannot)|n['’]t|\b(?:declin|refus)(?:e|es|ed|ing) to)"
    r"\s+(?:(?:(?!only\b)\w+ly|all|even|ever|yet|always|just)\s+)?$",
    re.I,
)
#: How far before a cue its negation is looked for ("declined to publicly " is 20 characters).
NEGATION_REACH = 30


def negated_cue(q: Quote, text: str) -> bool:
    """Reported speech under a negated cue ("the court did not say why it was rejecting the
    appeal", "members didn't recommend regulators restrict its use"): the clause is what the
    speaker did not say, and a card showed it as their words (a fact-checker's audit)."""
    if q.cue_start is None:
        return False
    return _NEGATED.search(text[max(0, q.cue_start - NEGATION_REACH) : q.cue_start]) is not None


def evidence(q: Quote) -> bool:
    """Reported content that evidence with no named speaker bears out ("data showed that
    ...": ``EVIDENCE_CUES``): the writer's reading of it, shown on no card. Such a quote is
    still grouped with the renderings of what it reports, and aligns their sentences (IBT's
    "A report published by the CDC ... shows that 8% ..." and the others' CDC figures)."""
    return q.kind == "reported" and q.cue in EVIDENCE_CUES and q.speaker_entity is None


def _scare_quote(q: Quote) -> bool:
    """A few words the writer puts in quotation marks inside their own sentence, with no one
    credited and no verb of saying ("the “squad” member", "under the “roadmap” put forward",
    "travelling for “war”"): a term or a label, not a quotation; as a card it read
    "Unattributed — “squad”" (22 of 954 AllSides dev cards)."""
    if q.kind != "partial" or q.speaker is not None or q.speaker_entity is not None:
        return False
    return q.cue is None and len(words(q.text)) <= SCARE_QUOTE_MAX_WORDS


#: "the so-called “lab leak hypothesis”": the writer names a term, whoever coined it.
_SO_CALLED = re.compile(r"\bso[-\s]called\s*[“\"‘']?$", re.I)


def _so_called(q: Quote, text: str) -> bool:
    """Quoted words the writer introduces as "so-called": a term, never anyone's words on a
    card (the parse reads "called" as a verb of naming, so no scare-quote rule caught it)."""
    return (
        q.kind == "partial" and _SO_CALLED.search(text, max(0, q.start - 12), q.start) is not None
    )


def _readers(q: Quote) -> bool:
    """Whether the words are the reader's: "do you know where ...", "would you think ...":
    the writer addressing whoever reads, nobody's attribution."""
    return q.speaker_entity is None and (q.speaker or "").strip().lower() in READER_WORDS


def _title_case_line(text: str, at: int) -> bool:
    """Whether the line holding ``at`` is a title-case headline: every word of
    ``TITLE_CASE_MIN_LETTERS`` letters or more capitalised, and at least three of them."""
    line = text[text.rfind("\n", 0, at) + 1 : (text.find("\n", at) + 1 or len(text) + 1) - 1]
    long = [w for w in _LETTERS.findall(line) if len(w) >= TITLE_CASE_MIN_LETTERS]
    return len(long) >= 3 and all(w[0].isupper() for w in long)


def group_quotes(
    quotes: Sequence[Quote],
    vecs: np.ndarray,
    entities: Mapping[str, Entity] | None = None,
    texts: Mapping[str, str] | None = None,
) -> list[Quotation]:
    """One ``Quotation`` per quotation of a story's quotes (``quote_groups``): every outlet's
    rendering of it, direct, partial or reported, in text order per article."""
    groups = group_indices(quotes, vecs, entities, texts)
    # the people among these quotes' speakers (every person of the run, per story, was
    # quadratic in the archive); ``Quotation`` asks only of its quotes' speakers
    ents = entities or {}
    people = frozenset(
        k for q in quotes if (k := q.speaker_entity) and (e := ents.get(k)) and e.type == "PERSON"
    )
    return [
        Quotation(
            [quotes[i] for i in g],
            [[quotes[i] for i in r] for r in runs(g, quotes, texts or {})],
            people,
        )
        for g in groups
    ]


def is_quoted(run: list[Quote]) -> bool:
    """Whether a rendering is the speaker's words in quotation marks, not reported speech."""
    return all(q.kind != "reported" for q in run)


def outermost(runs: list[list[Quote]], texts: dict[str, str]) -> list[tuple[list[Quote], int, int]]:
    """The renderings of a card with the spans the card shows (``rendering_span``), but
    those inside another of the same article, as shown: the words an article quotes inside
    its own report of what was said ('said the tone was "good"') are that report's, not a
    second rendering of the article that the card would set against it as if the article had
    misquoted itself."""
    spans = [
        (r[0].article_id, *rendering_span(r, texts[r[0].article_id], is_quoted(r))) for r in runs
    ]
    return [
        (r, s, e)
        for r, (a, s, e) in zip(runs, spans, strict=True)
        if not any(b == a and bs <= s and e <= be and (bs, be) != (s, e) for b, bs, be in spans)
    ]
