"""Numbers with the thing they count, read off spaCy's parse.

Why a token scanner and not spaCy's MONEY/CARDINAL entities alone: the small English model
splits or merges money ranges unpredictably ("$30 to $50 billion" comes out as one MONEY
entity whose head is "billion", "up to $50 billion" drags "up to" into the entity), so the
number expression is assembled here from the tokens' surface (digits, number words, scale
words, currency signs, "percent"), and the parse is used only for what it is good at: which
noun the number modifies (``nummod`` head) or the ``pobj`` of "of" ("dozens of fighters").

Approximations and bounds are never turned into points: "more than 150" is ``low=150,
high=None``; "up to $50 billion" is ``low=None, high=5e10``; "about 300" is an interval of
``APPROX_REL`` either side; "dozens" is an open interval from two dozen. A reconciler can then
test whether two reports of one quantity overlap instead of comparing unequal-looking points.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from storyline.extract.numbers import (
    CURRENCY_SIGNS,
    CURRENCY_WORDS,
    DIGITS_SCALE,
    PERCENT,
    Num,
    parse_number,
    word_value,
)
from storyline.models import Article, Quantity

# "about"/"around"/"roughly"/"some" N: journalists round to one or two significant figures,
# so the true value is taken to lie within 10 % either side. Wide enough that "about 150" and
# "155" do not read as a conflict, narrow enough that "about 150" and "300" still do.
APPROX_REL = 0.10

# "nearly"/"almost" N: just below N; the same 10 % band, but only on the low side.
NEARLY_REL = 0.10

# "dozens"/"hundreds"/"thousands": the plural means at least two of the unit ("dozens" >= 24);
# there is no upper bound a reader can rely on ("dozens" is used for 30 and for 90), so the
# interval stays open above.
VAGUE_PLURAL_MIN_MULTIPLE = 2

# A four-digit number in this range standing alone (no separator, no counted noun after it) is
# a year, not a count: news text talks about years far more often than about 1,950 things.
YEAR_RANGE = (1800, 2100)

_RELATIVE_DATE_WORDS = {"ago", "earlier", "later", "before", "after", "from", "previously"}
_DURATION_WORDS = {
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "year",
    "decade",
    "century",
    "night",
    "weekend",
}
# Left-of-number qualifiers, longest first, mapped to (canonical qualifier, kind).
_QUALIFIERS: list[tuple[tuple[str, ...], str, str]] = sorted(
    [
        (("more", "than"), "more than", "lower"),
        (("over",), "more than", "lower"),
        (("above",), "more than", "lower"),
        (("in", "excess", "of"), "more than", "lower"),
        (("just", "over"), "more than", "lower"),
        (("upwards", "of"), "more than", "lower"),
        (("at", "least"), "at least", "lower"),
        (("no", "fewer", "than"), "at least", "lower"),
        (("no", "less", "than"), "at least", "lower"),
        (("a", "minimum", "of"), "at least", "lower"),
        (("up", "to"), "up to", "upper"),
        (("as", "many", "as"), "up to", "upper"),
        (("as", "much", "as"), "up to", "upper"),
        (("at", "most"), "up to", "upper"),
        (("no", "more", "than"), "up to", "upper"),
        (("a", "maximum", "of"), "up to", "upper"),
        (("less", "than"), "less than", "upper"),
        (("fewer", "than"), "less than", "upper"),
        (("under",), "less than", "upper"),
        (("below",), "less than", "upper"),
        (("just", "under"), "less than", "upper"),
        (("about",), "about", "approx"),
        (("around",), "about", "approx"),
        (("approximately",), "about", "approx"),
        (("roughly",), "about", "approx"),
        (("some",), "about", "approx"),
        (("an", "estimated"), "about", "approx"),
        (("estimated",), "about", "approx"),
        (("close", "to"), "about", "approx"),
        (("nearly",), "nearly", "nearly"),
        (("almost",), "nearly", "nearly"),
        (("just", "shy", "of"), "nearly", "nearly"),
    ],
    key=lambda q: -len(q[0]),
)
# Entities whose digits are part of a name ("G7", "Su-27", "Boeing 737", "Article 5").
_NAME_LABELS = {"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "GPE", "LOC"}
_NON_COUNT_LABELS = {"DATE", "TIME", "ORDINAL"}
_COUNTED_DEPS = {"amod", "compound", "nmod", "poss", "npadvmod"}


def _qualifier(doc: Doc, i: int, sent_start: int) -> tuple[int, str, str]:
    """The qualifier ending right before token ``i``: (start token, canonical, kind)."""
    for words, canon, kind in _QUALIFIERS:
        k = i - len(words)
        if k >= sent_start and tuple(t.lower_ for t in doc[k:i]) == words:
            return k, canon, kind
    return i, "exact", "exact"


def _is_year(doc: Doc, num: Num) -> bool:
    tok = doc[num.i]
    if num.j - num.i != 1 or num.unit or not re.fullmatch(r"\d{4}", tok.text):
        return False
    return YEAR_RANGE[0] <= int(tok.text) <= YEAR_RANGE[1]


def _skip(doc: Doc, num: Num) -> bool:
    """True for numbers that are not counts: dates, times, ordinals, parts of names."""
    toks = doc[num.i : num.j]
    core = [t for t in toks if t.lower_ not in CURRENCY_SIGNS]
    if not core:
        return True
    nxt = doc[num.j] if num.j < len(doc) else None
    k = num.j + 1 if nxt is not None and nxt.text == "-" else num.j  # "three-year"
    unit_tok = doc[k] if k < len(doc) else None
    duration = (
        num.unit is None and unit_tok is not None and unit_tok.lemma_.lower() in _DURATION_WORDS
    )
    after = doc[k + 1].lower_ if k + 1 < len(doc) else ""
    # "one day after", "two weeks earlier": a relative date, found by the dates stage
    if duration and after in _RELATIVE_DATE_WORDS:
        return True
    # a duration ("three-year war", "three years of war") is a count of time units; other
    # numbers inside DATE/TIME entities ("8 April 2025") are dates, but for a counted range
    if (
        not duration
        and num.unit is None
        and any(t.ent_type_ in _NON_COUNT_LABELS for t in core)
        and not _counted_range(doc, num)
    ):
        return True
    if any(t.ent_type_ in _NAME_LABELS for t in core):
        return True
    if _is_year(doc, num):
        return True
    prev = doc[num.i - 1] if num.i > 0 else None
    # "Article 5", "No. 10", "Su-27", "7:30": a label, not a count
    if prev is not None and prev.whitespace_ == "" and prev.text in ("-", ":", "/", "#"):
        return True
    if (
        nxt is not None
        and core[-1].whitespace_ == ""
        and nxt.text in (":", "/")
        and num.j + 1 < len(doc)
        and doc[num.j + 1].like_num
    ):
        return True
    # "one of them": picks a member of a group, it counts nothing
    if num.value == 1 and not num.unit and nxt is not None and nxt.lower_ == "of":
        return True
    return False


#: Words that open a range of numbers, inside the DATE entity the small model makes of it.
_RANGE_OPENERS = frozenset({"between", "from"})


def _counted_range(doc: Doc, num: Num) -> bool:
    """A range of two bare numbers followed by a noun that is no unit of time ("Between 30
    and 50 people were killed"): a count, whatever the NER says; the small model tags such a
    range DATE when it opens a sentence. A number that follows a date word ("May 3 and 5
    people") is not the start of one."""
    prev = doc[num.i - 1] if num.i > 0 else None
    if prev is not None and prev.ent_type_ == "DATE" and prev.lower_ not in _RANGE_OPENERS:
        return False
    second = _next_number(doc, num, len(doc))
    if second is None or second.vague or num.vague:
        return False
    if second.unit is not None:
        return True  # "between 10 and 20 percent": a share or a sum, never a date
    if second.j >= len(doc):
        return False
    noun = doc[second.j + 1] if doc[second.j].pos_ == "ADJ" and second.j + 1 < len(doc) else None
    noun = noun or doc[second.j]
    return noun.pos_ == "NOUN" and noun.lemma_.lower() not in _DURATION_WORDS


def _counted(doc: Doc, num: Num) -> tuple[Span | None, str | None]:
    """The counted noun phrase and its head lemma, from the parse."""
    toks = list(doc[num.i : num.j])
    # the "of" phrase: "dozens of fighters", "two of the soldiers", "$5bn of aid"
    j = num.j
    if j + 1 < len(doc) and doc[j].lower_ == "of":
        pobj = next((c for c in doc[j].children if c.dep_ == "pobj"), None)
        if pobj is not None and pobj.pos_ in ("NOUN", "PROPN"):
            return _np(doc, j + 1, pobj), _lemma(pobj)
    # the noun the number modifies: follow nummod/quantmod/compound heads out of the expression
    head = None
    for t in toks:
        h = t.head
        steps = 0
        while h.i in range(num.i, num.j) and h is not h.head and steps < 4:
            h, steps = h.head, steps + 1
        if (
            h.i >= num.j
            and h.pos_ in ("NOUN", "PROPN")
            and t.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod")
            and h.i - num.j <= 4
        ):
            head = h
            break
    if head is None:
        return None, None
    if head.lemma_.lower() in CURRENCY_WORDS or head.lower_ in PERCENT:
        return None, None
    return _np(doc, num.j, head), _lemma(head)


def _lemma(tok: Token) -> str:
    """Lemma of a counted noun; headlines in title case make the tagger read "Nationals" as a
    proper noun whose lemma keeps the plural, so a title-case plural outside any entity is
    singularised by its ending."""
    low = tok.lower_
    if tok.pos_ == "PROPN" and not tok.ent_type_ and tok.text.istitle() and low.endswith("s"):
        return low[:-3] + "y" if low.endswith("ies") else low[:-1]
    return tok.lemma_.lower()


def _np(doc: Doc, first: int, head: Token) -> Span:
    """Head with its pre-modifiers from ``first`` on ("Chinese citizens"), no determiners."""
    start = head.i
    for k in range(head.i - 1, first - 1, -1):
        t = doc[k]
        if t.dep_ in _COUNTED_DEPS or t.tag_ in ("JJ", "VBN", "NN", "NNP", "NNS"):
            if t.is_ancestor(head) or head.is_ancestor(t) or t.head == head or t.head.i > k:
                start = k
                continue
        break
    return doc[start : head.i + 1]


def _make(
    article: Article,
    doc: Doc,
    start: int,
    end: int,
    low: float | None,
    high: float | None,
    qualifier: str,
    unit: str | None,
    counted: tuple[Span | None, str | None],
) -> Quantity:
    span, head = counted
    s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    return Quantity(
        article_id=article.id,
        start=s,
        end=e,
        text=article.text[s:e],
        low=low,
        high=high,
        qualifier=qualifier,
        unit=unit,
        counted=span.text if span is not None else None,
        counted_start=span.start_char if span is not None else None,
        counted_end=span.end_char if span is not None else None,
        counted_head=head,
    )


#: The words that join a number to a second one: a range ("30 to 50", "30-50", "30 or 40",
#: "between 30 and 50") or, with a dash, a score ("won 31-24").
_DASHES = ("-", "–", "—")
_JOINERS = (*_DASHES, "to", "or", "and")


def _next_number(doc: Doc, num: Num, sent_end: int) -> Num | None:
    """The number joined to ``num`` by a range word or a dash, parsed once for both readings
    (``_is_tally``, ``_range_end``), or None."""
    j = num.j
    if j + 1 >= sent_end or doc[j].lower_ not in _JOINERS:
        return None
    return parse_number(doc, j + 1)


def _is_tally(doc: Doc, num: Num, second: Num | None) -> bool:
    """A score or tally ("won 31-24", "voted 52-48", "a 1-1 draw"): two numbers joined by a
    dash, the second not above the first. Neither number counts the noun after it ("24
    victory"), so the whole expression is no quantity."""
    if second is None or doc[num.j].text not in _DASHES:
        return False
    return not (second.scaled or num.scaled or second.value > num.value)


def _range_end(doc: Doc, num: Num, second: Num | None) -> Num | None:
    """ "30 to 50", "30-50", "$30 to $50 billion", "30 or 40": the second number, if any."""
    if second is None or second.vague != num.vague:
        return None
    if doc[num.j].lower_ == "and" and not (num.i > 0 and doc[num.i - 1].lower_ == "between"):
        return None
    if second.value < num.value and not (second.scaled and not num.scaled):
        # A range is written low to high: in "fell from 50 to 30 people" the second value is
        # the count, not an upper bound below the lower one
        return None
    return second


def _range_counted(doc: Doc, num: Num, second: Num | None) -> tuple[Span | None, str | None]:
    """What a number or range counts. The parser hangs a range's second number on the first
    ("30-50 people": "50" depends on "30", which modifies "people"), so when the second
    leads to no noun the whole range is followed out."""
    counted = _counted(doc, second or num)
    if second is None or counted[0] is not None:
        return counted
    whole = Num(num.i, second.j, second.value, second.unit, second.vague, second.scaled)
    return _counted(doc, whole)


def find_quantities(doc: Doc, article: Article) -> list[Quantity]:
    """Every counted number in ``doc``, with bounds/intervals for approximate values.

    ``doc`` must be the parse of ``storyline.clean.prose_text(article)`` (same length as
    ``article.text``) so token offsets are article offsets.
    """
    out: list[Quantity] = []
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            num = parse_number(doc, i)
            if num is None or num.j > sent.end:
                i += 1
                continue
            if _skip(doc, num):
                i = num.j
                continue
            second = _next_number(doc, num, sent.end)
            if _is_tally(doc, num, second):
                i = second.j if second else num.j
                continue
            second = _range_end(doc, num, second)
            qstart, qual, kind = _qualifier(doc, num.i, sent.start)
            if doc[qstart - 1].lower_ == "between" if qstart > sent.start else False:
                qstart -= 1
            end = second.j if second else num.j
            unit = num.unit or (second.unit if second else None)
            lo = num.value
            hi = second.value if second else num.value
            if second and second.scaled and not num.scaled:
                # "$30 to $50 billion": the scale word is written once, on the second number
                lo *= second.value / _base_value(doc, second)
            counted = _range_counted(doc, num, second)
            if counted[0] is None and unit is None and not num.vague:
                # "the two were captured", "than just these two": a number standing for a
                # group counted earlier repeats that count; it adds no new quantity
                i = end
                continue
            if num.vague:
                low, high = lo * VAGUE_PLURAL_MIN_MULTIPLE, None
                qual = doc[num.i].lower_ if qual == "exact" else qual
            elif second:
                low, high, qual = lo, hi, "range" if qual == "exact" else qual
                if kind == "upper":
                    low = None
            elif kind == "lower":
                low, high = lo, None
            elif kind == "upper":
                low, high = None, lo
            elif kind == "approx":
                low, high = lo * (1 - APPROX_REL), lo * (1 + APPROX_REL)
            elif kind == "nearly":
                low, high = lo * (1 - NEARLY_REL), lo
            else:
                low = high = lo
            out.append(_make(article, doc, qstart, end, low, high, qual, unit, counted))
            i = end
    return out


def _base_value(doc: Doc, num: Num) -> float:
    """The value of ``num`` without its scale words (50 for "$50 billion")."""
    for k in range(num.i, num.j):
        v = word_value(doc[k])
        if v is not None:
            return v
    m = DIGITS_SCALE.match(doc[num.i].text)
    return float(m.group(1)) if m else num.value
