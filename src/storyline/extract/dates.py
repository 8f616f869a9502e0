"""Date expressions in an article, resolved to calendar values with the rule that did it.

Candidates come from two places: a detector for the shapes news writes (weekdays, "a day
earlier", "next week", "8 April 2025", bare years) and spaCy's DATE entities, which catch the
rest ("the 1990s", "the first quarter"). Each is resolved by
:func:`storyline.extract.date_rules.resolve_expression`; spans that name no point in time
(durations such as "three years", frequencies such as "daily") are dropped, vague ones ("hours
after", "recently") are kept with ``value=None`` and the reason.

The parse decides two things the words alone cannot: the tense of the clause a weekday sits in
("will meet on Friday" is the next Friday, "met on Friday" the last one), and whether a
four-digit number is a year or a count ("2000 troops").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from storyline.extract.date_clauses import aside_of
from storyline.extract.date_rules import STATED_PAST, normalise, resolve_expression
from storyline.extract.doc_text import doc_text
from storyline.models import Article, DateRef

__all__ = ["find_dates", "redate", "resolve_expression", "clause_tense"]

_MONTH = (
    r"(?-i:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|"
    r"July?|Aug(?:ust|\.)?|Sep(?:tember|t\.|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|"
    r"Dec(?:ember|\.)?)"
)
_WD = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d{2}"
_NUM = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)"
_UNIT = r"(?:day|week|month|year)s?"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
# Prepositions and hedges a date span starts with in text but that are not the date: the span
# is "Tuesday", not "on Tuesday" (TimeML and the seed gold both mark the date words only).
_LEAD = re.compile(
    r"^(?:(?:on|in|at|since|by|until|till|through|from|during|of|for|as of)\s+)+", re.I
)
_DETECT = re.compile(
    "|".join(
        [
            r"\b\d{4}-\d{2}-\d{2}\b",
            rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b",
            rf"\b(?:(?:early|mid|late|mid-)\s*)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!:)",
            rf"\b(?:(?:early|mid|late|mid-)\s*)?{_MONTH},?\s+(?:of\s+)?{_YEAR}\b",
            # a month before a four-digit number no year of _YEAR's range ("November 1774")
            # is not this year's month: the parser's date span, which holds the number, is read
            rf"\b(?:in|since|by|until|through|of|last|next|this|early|late|mid-|from)\s+{_MONTH}"
            rf"(?:\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!:)|,?\s+(?:of\s+)?{_YEAR}\b|\b(?!\s+\d{{4}}\b))",
            rf"\b(?:(?:last|next|this|coming|past)\s+)?{_WD}{_PART}\b",
            rf"\b(?:yesterday|today|tomorrow|tonight){_PART}\b",
            r"\b(?:earlier\s+|later\s+)?(?:this|last|next|past|coming)\s+(?:week|month|year|"
            r"weekend|spring|summer|fall|autumn|winter|quarter)\b",
            rf"\b{_NUM}\s+{_UNIT}\s+(?:ago|earlier|later|before|after|from now)\b",
            r"\b(?:the\s+)?(?:previous|preceding|next|following|same)\s+(?:day|week|month|year)\b",
            r"\bthe\s+(?:day|week|month|year)\s+(?:before|after|earlier)\b",
            r"\b(?:just\s+|only\s+|a few\s+|several\s+)?hours\s+(?:after|before|earlier|later)\b",
            r"\b(?:a few|several) (?:days|weeks|months) (?:ago|earlier|later)\b",
            rf"\b(?:(?:early|late|mid-)\s*)?{_YEAR}s?\b",
        ]
    ),
    re.I,
)
_FUTURE_AUX = {"will", "'ll", "shall", "wo", "would"}
_FUTURE_GOVERNORS = {"schedule", "plan", "due", "set", "expect", "intend", "going"}
# Marks of a comparison with such a verb ("as planned", "than expected"): no plan of its own.
_COMPARED_MARKS = frozenset({"as", "than"})
# Resolved values are kept as "previous event" for "a day earlier" only when they name a day:
# a year or month says nothing about which day the next offset counts from.
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _is_verb(tok: Token) -> bool:
    """A verb or auxiliary that heads a clause: not the "would" or "be" of "would-be migrants",
    which the parser tags as verbs though the hyphen makes them one adjective."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    doc = tok.doc
    joined_left = tok.i > 0 and doc[tok.i - 1].tag_ == "HYPH" and not doc[tok.i - 1].whitespace_
    joined_right = tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ == "HYPH" and not tok.whitespace_
    return not (joined_left or joined_right)


def _verb_before(tok: Token) -> Token | None:
    """The nearest clause verb left of ``tok`` in its stretch of the sentence (no punctuation
    between), or None."""
    for i in range(tok.i - 1, tok.sent.start - 1, -1):
        t = tok.doc[i]
        if t.is_punct and t.tag_ != "HYPH":
            return None
        if _is_verb(t) and t.dep_ not in ("aux", "auxpass"):
            return t
    return None


def _governor(tok: Token) -> Token:
    """The verb a date word modifies. Usually its nearest verbal head in the parse; but the
    adverbial of news style follows its verb: "said Sunday [it] will vote" is the saying's day
    (the parse makes "Sunday" the subject of "vote"), and a date after a verb in the same
    stretch of the sentence belongs to that verb when the parse hangs it on a verb to its right
    (a mis-attached "set to meet ... face to face on Wednesday, has repeated")."""
    if tok.i > 0 and tok.doc[tok.i - 1].pos_ == "VERB" and _is_verb(tok.doc[tok.i - 1]):
        return tok.doc[tok.i - 1]
    h, steps = tok, 0
    while not _is_verb(h) and h.head is not h and steps < 6:
        h, steps = h.head, steps + 1
    if _is_verb(h) and h.i > tok.i:
        return _verb_before(tok) or h
    return h


def _compared(h: Token) -> Token:
    """The verb a comparison with a plan or an expectation modifies: "went exactly as planned
    early Sunday" (the parse hangs "Sunday" on "planned") is the going's day, not the plan's;
    "prices jumped more than expected in May" is the jump's month (it was read as the coming
    May, a year ahead, in CNBC's report of May's prices)."""
    mark = any(c.dep_ == "mark" and c.lower_ in _COMPARED_MARKS for c in h.children)
    if h.lemma_ not in _FUTURE_GOVERNORS or not mark:
        return h
    up = h.head
    while up is not up.head and not _is_verb(up):
        up = up.head  # "more than expected": the comparison hangs on "more", on the verb
    return up if _is_verb(up) else h


def _stated_past(tok: Token) -> bool:
    """Whether the date word ``tok`` opens the account of a past event: written before the
    past-tense verb it modifies, through "on" or bare ("On Oct. 29, Carlson said", "Carlson
    on Oct. 29 said"), with no modal. A date after its verb may be one the past act set
    ahead ("announced a special election on Aug. 3", "moved the vote to June 20")."""
    via = tok.head if tok.dep_ == "pobj" and tok.head.lower_ == "on" else tok
    if via is tok and tok.dep_ != "npadvmod":
        return False
    verb = via.head
    modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)
    return verb.tag_ == "VBD" and not modal and via.i < verb.i


def clause_tense(tok: Token) -> str:
    """ "past", "present" or "future" for the clause ``tok`` sits in, from its governing verb."""
    h = _compared(_governor(tok))
    if not _is_verb(h):
        return "past"
    aux = [c for c in h.children if c.dep_ in ("aux", "auxpass") and _is_verb(c)]
    if any(a.lower_ in _FUTURE_AUX for a in aux) or h.lower_ in _FUTURE_AUX:
        return "future"
    # "were scheduled to meet on Friday", "is due to arrive Monday"
    if any(a.lower_ == "to" for a in h.children if a.dep_ == "aux") and (
        h.head.lemma_ in _FUTURE_GOVERNORS
    ):
        return "future"
    # "planned a demonstration on Saturday": the plan is past, the date it names is ahead
    if h.lemma_ in _FUTURE_GOVERNORS and h.i < tok.i:
        return "future"
    if h.tag_ in ("VBD", "VBN") or any(a.tag_ in ("VBD",) for a in aux):
        return "past"
    return "present"


def _candidates(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of date expressions: detector matches, then uncovered DATE entities."""
    spans: list[tuple[int, int]] = []
    for m in _DETECT.finditer(doc_text(doc)):
        s, e = m.start(), m.end()
        lead = _LEAD.match(m.group())
        if lead:
            s += lead.end()
        spans.append((s, e))
    # the detector's matches do not overlap, so in start order their ends rise too: a DATE
    # entity overlaps one of them exactly when the last match starting before its end ends
    # after its start (a scan of every match per entity grew with the square of a text's
    # dates: 6 of a 30 s run on a 424 KB text)
    starts, ends = [s for s, _ in spans], [e for _, e in spans]
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        k = bisect_left(starts, ent.end_char)
        if k and ends[k - 1] > ent.start_char:
            continue
        lead = _LEAD.match(ent.text)
        spans.append((ent.start_char + (lead.end() if lead else 0), ent.end_char))
    return sorted(set(spans))


def _is_count(doc: Doc, parsed: str, s: int, e: int) -> bool:
    """A bare four-digit match that the parse reads as a count ("2000 troops"), not a year.
    ``parsed`` is ``doc.text``, which spaCy builds again on every access."""
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or len(span) != 1 or not re.fullmatch(r"\d{4}", span.text):
        return False
    tok = span[0]
    if parsed[max(0, s - 1) : s] in ("$", "#", "£", "€") or parsed[e : e + 1] in ("%",):
        return True
    return (
        tok.dep_ == "nummod"
        and tok.head.pos_ == "NOUN"
        and tok.head.i > tok.i
        and tok.ent_type_ != "DATE"
    )


# A counted offset or "hours" ("one day after", "hours after"); bare "days before" is too vague
# to name the day of the event it follows.
_OFFSET_TO_CLAUSE = re.compile(
    rf"(?:\b{_NUM}\s+(?:day|week|month|year)s?|\bhours?)\s+(?:after|before)$", re.I
)


def _has_complement(span: Span) -> bool:
    """True when "after"/"before" is followed by its object or clause ("after announcing the
    capture", "after Beijing rejected"), not used on its own ("a day after, he ...")."""
    last = span[-1]
    if last.i + 1 >= len(last.doc):
        return False
    nxt = last.doc[last.i + 1]
    return not nxt.is_punct and not nxt.is_sent_start


#: Words that make a date the end of a span of time ("until July", "through June").
_UNTIL = frozenset({"until", "till", "til", "through", "thru"})
#: Verbs that set a new end to a span, which may lie ahead of the act ("extended it until
#: July"); "remained closed until February" or "rose through April" end where they ended.
_BOUND_SETTERS = frozenset(
    {"extend", "prolong", "postpone", "delay", "defer", "suspend", "pause", "renew", "push"}
)


def _endpoint(span: Span) -> bool:
    """Whether a date is the new end a past act set to a span, which the act's tense does not
    place in the past: "Biden has since extended that protection to renters until July",
    written in May 2021, is July 2021, not July 2020 (a fact-checker's audit of the timeline)."""
    first = span[0]
    before = first.doc[first.i - 1] if first.i > 0 else None
    if not (first.lower_ in _UNTIL or (before is not None and before.lower_ in _UNTIL)):
        return False
    return _governor(span.root).lemma_ in _BOUND_SETTERS


#: A relative day written with a capital right after a word is a name, not a date: a show or
#: a paper ("according to NBC/Today", "a USA Today analysis", "the Today show"). After
#: anything else it opens a sentence, a line, a list item or a quotation, and is the day
#: ("WASHINGTON (Reuters) - Tomorrow the Senate ...", "... a disgrace.” Tomorrow the council
#: ...", "An announcement: Today I ..."; a review found these lost when only sentence marks
#: counted as openings).
_DAY_NAMES = re.compile(r"(?:Today|Tonight|Tomorrow|Yesterday)\b")
_JOINS = frozenset("/&")


def _is_name(article: Article, start: int) -> bool:
    """Whether the date candidate at ``start`` is a capitalised day word inside a sentence of
    the body (``_DAY_NAMES``; a headline capitalises every word)."""
    text = article.text
    if not _DAY_NAMES.match(text, start) or (
        article.title_span and article.title_span[0] <= start < article.title_span[1]
    ):
        return False
    before = text[:start].rstrip(" \t\u00a0")
    return bool(before) and (before[-1].isalnum() or before[-1] in _JOINS)


def find_dates(doc: Doc, article: Article, anchor: str | None) -> list[DateRef]:
    """Every date expression in ``doc`` with its value at the granularity of the words.

    ``anchor`` is the publication date, or an undated article's story span
    ``"YYYY-MM-DD/YYYY-MM-DD"``, or None (relative dates then stay null: "no anchor date").
    Offsets such as "a day earlier" count from the last day-level date resolved before them in
    the article (the event just mentioned), else from the anchor.
    """
    found: list[DateRef] = []
    parsed = doc_text(doc)
    for s, e in _candidates(doc):
        if _is_count(doc, parsed, s, e) or _is_name(article, s):
            continue
        text = article.text[s:e]
        span = doc.char_span(s, e, alignment_mode="expand")
        tense = clause_tense(span.root) if span is not None else "past"
        if tense == "past" and span is not None and _endpoint(span):
            tense = "present"  # "extended it until July": the end lies after the past event
        elif tense == "past" and span is not None and _stated_past(span.root):
            tense = STATED_PAST
        to_clause = bool(
            _OFFSET_TO_CLAUSE.search(text) and span is not None and _has_complement(span)
        )
        aside = aside_of(span) if span is not None else None
        found.append(
            DateRef(
                article.id, s, e, text, None, "", None, tense, to_clause, *(aside or (None, None))
            )
        )
    return redate(found, anchor)


def redate(refs: Sequence[DateRef], anchor: str | None) -> list[DateRef]:
    """``refs`` (one article's, in text order) resolved against ``anchor``: the parse's part
    (each clause's tense, the offsets to a clause) is kept on each ref, so an undated article
    gets its story's span without being parsed again. Expressions that name no point in time
    (durations, frequencies, ages) are dropped, as ``find_dates`` drops them."""
    out: list[DateRef] = []
    previous: str | None = None
    for ref in refs:
        if ref.offset_to_clause:
            # "one day after announcing the capture", "hours after Beijing rejected": the offset
            # places the main clause relative to an undated event; the main clause is the
            # event just mentioned, so the expression names that event's day.
            value, rule = resolve_expression("the same day", anchor, previous, ref.tense)
            rule = f"{rule} (offset to an undated clause)"
        else:
            value, rule = resolve_expression(ref.text, anchor, previous, ref.tense)
        if value is None and (rule in ("unrecognised", "invalid day") or not normalise(ref.text)):
            continue  # durations, frequencies, ages: not a point in time
        out.append(replace(ref, value=value, rule=rule, anchor=anchor))
        if value is not None and _DAY_VALUE.match(value):
            previous = value
    return out
