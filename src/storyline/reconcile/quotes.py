"""Who said what: group each outlet's rendering of one quotation, and find the ones that differ.

Outlets quote foreign-language speakers through different translations ("correctly view" /
"correctly assess"), cut quotes to a few words, or fix punctuation. Renderings of one quotation
share their speaker and enough content words (or mean the same by embedding); a partial quote
whose words are all inside a longer one is the same wording cut short, not a conflict. Only
wordings that really differ become ``quote`` conflicts, each with a word diff; the same words
credited to two named people become an ``attribution`` conflict.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from storyline.extract.quotes import is_title
from storyline.models import Entity, Quote
from storyline.reconcile.ids import StoryIds
from storyline.reconcile.quote_groups import group_indices, runs
from storyline.reconcile.units import content_words

# Two wordings of one quotation are rival renderings (a quote conflict) when they share at
# least this share of the shorter one's content words (translation variants of the seeds share
# 45-100 %; two fragments of one quotation share none) ...
QUOTE_OVERLAP = 0.45
# ... and at least this many (a two-word partial shares two with the sentence it is cut from).
QUOTE_MIN_SHARED_CONFLICT = 2
# The same words credited to two speakers: nearly all content words shared, and enough of them
# that a stock phrase ("absolutely groundless") is not mistaken for one quotation.
ATTRIBUTION_OVERLAP = 0.9
ATTRIBUTION_MIN_WORDS = 6
# Speakers written as a pronoun or a role are inherited by ``extract``: too weak to claim that
# two outlets credited the words to different people.
_WEAK_SPEAKER = re.compile(r"^(?:he|she|they|it|we|i|the \w+|a \w+|an \w+)$", re.I)
_WORDS = re.compile(r"\w+(?:['’]\w+)?")
# Pronouns (personal, demonstrative, relative): a speaker left written so, unresolved, names no
# one a reader of the card can see ("they — 1 quotation"); the card is unattributed instead,
# and framing passes it over (``reconcile.framing``).
PRONOUN = re.compile(
    r"^(?:i|you|he|she|it|we|they|this|that|these|those|which|who|whom|someone)$", re.I
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

    def _pick(self, values: Sequence[str | None]) -> str | None:
        """The most common of ``values`` that is given (the first of equals)."""
        given = [v for v in values if v]
        return max(given, key=given.count) if given else None

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
        return self._pick([n for n in names if n and not is_pronoun(n)])

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


def words(text: str) -> list[str]:
    """Lower-cased words with quote styles unified: the wording, without punctuation."""
    return [w.replace("’", "'") for w in _WORDS.findall(text.lower())]


def _contained(a: list[str], b: list[str]) -> bool:
    """True when word list ``a`` appears as a contiguous run inside ``b``."""
    if len(a) > len(b):
        return False
    return any(b[i : i + len(a)] == a for i in range(len(b) - len(a) + 1))


def same_wording(a: str, b: str) -> bool:
    """Two renderings with one wording: equal words, or one a cut-down run of the other."""
    wa, wb = words(a), words(b)
    return _contained(wa, wb) or _contained(wb, wa)


def _overlap(a: set[str], b: set[str]) -> tuple[int, float]:
    if not a or not b:
        return 0, 0.0
    shared = len(a & b)
    return shared, shared / min(len(a), len(b))


def _same_speaker(a: Quote, b: Quote) -> bool:
    if a.speaker_entity and b.speaker_entity:
        return a.speaker_entity == b.speaker_entity
    return bool(a.speaker_name and a.speaker_name == b.speaker_name)


# A partial quotation this short, with no speaker and no cue, is a term the writer quotes (a
# scare quote, a label: "squad", "roadmap", "humanitarian crisis"): read on AllSides dev (not
# the gold stories), the unattributed partials with no cue of up to four words are such terms;
# longer ones quote a sentence or a text (a bill's wording), which stays on a card.
SCARE_QUOTE_MAX_WORDS = 4
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
            if (q.speaker is not None or q.speaker_entity is not None) and not _negated_cue(
                q, text
            ):
                out.append(q)
        elif _scare_quote(q):
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
    return start, end


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
    r"\s+(?:(?!only\b)\w+ly\s+)?$",
    re.I,
)
#: How far before a cue its negation is looked for ("declined to publicly " is 20 characters).
NEGATION_REACH = 30


def _negated_cue(q: Quote, text: str) -> bool:
    """Reported speech under a negated cue ("the court did not say why it was rejecting the
    appeal", "members didn't recommend regulators restrict its use"): the clause is what the
    speaker did not say, and a card showed it as their words (a fact-checker's audit)."""
    if q.cue_start is None:
        return False
    return _NEGATED.search(text[max(0, q.cue_start - NEGATION_REACH) : q.cue_start]) is not None


def _scare_quote(q: Quote) -> bool:
    """A few words the writer puts in quotation marks inside their own sentence, with no one
    credited and no verb of saying ("the “squad” member", "under the “roadmap” put forward",
    "travelling for “war”"): a term or a label, not a quotation; as a card it read
    "Unattributed — “squad”" (22 of 954 AllSides dev cards)."""
    if q.kind != "partial" or q.speaker is not None or q.speaker_entity is not None:
        return False
    return q.cue is None and len(words(q.text)) <= SCARE_QUOTE_MAX_WORDS


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


def word_diff(a: str, b: str) -> dict[str, list[str]]:
    """Words only in ``a`` (removed) and only in ``b`` (added), in order, by difflib."""
    wa, wb = words(a), words(b)
    removed: list[str] = []
    added: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            removed += wa[i1:i2]
        if op in ("replace", "insert"):
            added += wb[j1:j2]
    return {"removed": removed, "added": added}


def _span(q: Quote) -> dict[str, Any]:
    return {"article_id": q.article_id, "text": q.text, "start": q.start, "end": q.end}


def _wordings(quotes: Sequence[Quote]) -> list[list[Quote]]:
    """Split renderings into distinct wordings, longest first (cut-down quotes join theirs)."""
    out: list[list[Quote]] = []
    for q in sorted(quotes, key=lambda q: -len(words(q.text))):
        for w in out:
            if same_wording(w[0].text, q.text):
                w.append(q)
                break
        else:
            out.append([q])
    return out


def _rivals(wordings: list[list[Quote]]) -> list[list[Quote]]:
    """The first wording and the others that render the same words differently: they share
    enough content words with it (``QUOTE_OVERLAP``); another fragment of the quotation
    ("identity documents" beside "many more") is no rival wording."""
    base = set(content_words(wordings[0][0].text))
    out = [wordings[0]]
    for w in wordings[1:]:
        shared, share = _overlap(base, set(content_words(w[0].text)))
        if shared >= QUOTE_MIN_SHARED_CONFLICT and share >= QUOTE_OVERLAP:
            out.append(w)
    return out


def quote_conflict(qt: Quotation, ids: StoryIds) -> dict[str, Any] | None:
    """A ``quote`` conflict when articles quote one quotation in different wordings (quoted
    words only: reported speech is the outlet's paraphrase, not a misquote)."""
    quoted = [q for q in qt.quotes if q.kind != "reported"]
    if len({q.article_id for q in quoted}) < 2:
        return None
    wordings = _rivals(_wordings(quoted))
    if len(wordings) < 2 or len({q.article_id for w in wordings for q in w}) < 2:
        return None
    base = wordings[0][0].text
    values = []
    for w in wordings:
        values.append(
            {
                "value": w[0].text,
                "normalized": None,
                "attributed_to": qt.speaker_name,
                "article_ids": sorted({q.article_id for q in w}),
                "sources": [_span(q) for q in w],
            }
        )
    diff = [{"article_id": w[0].article_id, **word_diff(base, w[0].text)} for w in wordings[1:]]
    return {
        "id": ids.conflict("quote", values),
        "kind": "quote",
        "subject": f"{qt.speaker_name or 'unknown'}: {' '.join(words(base)[:8])}",
        "values": values,
        "diff": diff,
    }


def _named(q: Quote) -> bool:
    return bool(q.speaker_entity and q.speaker and not _WEAK_SPEAKER.match(q.speaker.strip()))


def attribution_conflicts(
    quotes: Sequence[Quote], entities: dict[str, Entity], ids: StoryIds
) -> list[dict[str, Any]]:
    """The same words credited to two different named people, in different articles."""
    people = [
        q
        for q in quotes
        if _named(q)
        and entities.get(q.speaker_entity or "", None) is not None
        and entities[q.speaker_entity or ""].type == "PERSON"
        and len(set(content_words(q.text))) >= ATTRIBUTION_MIN_WORDS
    ]
    out: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    bags = [set(content_words(q.text)) for q in people]
    for i, a in enumerate(people):
        for j in range(i + 1, len(people)):
            b = people[j]
            if a.article_id == b.article_id or a.speaker_entity == b.speaker_entity:
                continue
            _, share = _overlap(bags[i], bags[j])
            if share < ATTRIBUTION_OVERLAP or (i, j) in seen:
                continue
            seen.add((i, j))
            values = [
                {
                    "value": q.speaker or "",
                    "normalized": None,
                    "attributed_to": q.speaker_name,
                    "article_ids": [q.article_id],
                    "sources": [_span(q)],
                }
                for q in (a, b)
            ]
            out.append(
                {
                    "id": ids.conflict("attribution", values),
                    "kind": "attribution",
                    "subject": " ".join(words(a.text)[:8]),
                    "values": values,
                }
            )
    return out
