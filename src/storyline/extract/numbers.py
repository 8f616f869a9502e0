"""Reading a number expression off spaCy tokens: digits ("10,000", "1.5bn"), number words
("twenty five", "one hundred"), vague plurals ("dozens", "tens of thousands"), a currency sign
before and a unit word after ("percent", "per cent", "percentage points", "euros").

``storyline.extract.quantities`` finds these numbers in a parse and attaches what they count.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "m": 1e6,
    "mn": 1e6,
    "k": 1e3,
    "tn": 1e12,
}
_VAGUE_PLURALS = {
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1e3,
    "millions": 1e6,
    "billions": 1e9,
}
CURRENCY_SIGNS = {
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₴": "UAH",
    "₽": "RUB",
}
CURRENCY_WORDS = {
    "dollar": "USD",
    "euro": "EUR",
    "pound": "GBP",
    "yuan": "CNY",
    "renminbi": "CNY",
    "ruble": "RUB",
    "rouble": "RUB",
    "hryvnia": "UAH",
    "yen": "JPY",
    "rupee": "INR",
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
}
PERCENT = {"percent", "%", "pct"}
_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
DIGITS_SCALE = re.compile(r"^(\d+(?:\.\d+)?)(bn|m|mn|k|tn)$", re.I)


class Num:
    """A parsed number expression: token range [i, j), value, unit, vague plural flag."""

    def __init__(
        self, i: int, j: int, value: float, unit: str | None, vague: bool, scaled: bool
    ) -> None:
        self.i, self.j, self.value, self.unit = i, j, value, unit
        self.vague, self.scaled = vague, scaled


def word_value(tok: Token) -> float | None:
    """Value of one number token (digits, "10,000", "two", "twenty-five"), else None."""
    low = tok.lower_
    if _DIGITS.match(low):
        return float(low.replace(",", ""))
    if low in NUMBER_WORDS:
        return float(NUMBER_WORDS[low])
    if "-" in low:
        parts = low.split("-")
        if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
            return float(NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]])
    return None


def _may_start(low: str) -> bool:
    """Whether a token (lower-cased) can open a number expression at all: a digit, a
    currency sign, a vague plural or "tens", or a number word (alone or before a hyphen)."""
    return (
        low[:1].isdigit()
        or low in CURRENCY_SIGNS
        or low in _VAGUE_PLURALS
        or low == "tens"
        or low.split("-", 1)[0] in NUMBER_WORDS
    )


def parse_number(doc: Doc, i: int) -> Num | None:
    """Parse a number expression starting at token ``i`` (currency sign allowed first)."""
    if not _may_start(doc[i].lower_):
        return None  # most tokens: no word below could read them as a number
    start, unit = i, None
    if doc[i].lower_ in CURRENCY_SIGNS and i + 1 < len(doc):
        unit = CURRENCY_SIGNS[doc[i].lower_]
        i += 1
    vague = _vague_number(doc, i)
    if vague is not None:
        value, j = vague
        return Num(start, j, value, unit, True, False)
    exact = _exact_number(doc, i)
    if exact is None:
        return None
    value, scaled, j = exact
    return _with_unit(doc, start, j, value, unit, scaled)


def _vague_number(doc: Doc, i: int) -> tuple[float, int] | None:
    """A vague plural at token ``i`` ("dozens", "tens of thousands"): (value, end token)."""
    n, tok = len(doc), doc[i]
    if tok.lower_ in _VAGUE_PLURALS and tok.tag_ in ("NNS", "CD", "NNP", "NNPS"):
        value = float(_VAGUE_PLURALS[tok.lower_])
        j = i + 1
        # "tens of thousands", "hundreds of millions": the plural scales the next plural
        if j + 1 < n and doc[j].lower_ == "of" and doc[j + 1].lower_ in _VAGUE_PLURALS:
            value *= _VAGUE_PLURALS[doc[j + 1].lower_]
            j += 2
        return value, j
    if (
        tok.lower_ == "tens"
        and i + 2 < n
        and doc[i + 1].lower_ == "of"
        and doc[i + 2].lower_ in _VAGUE_PLURALS
    ):
        return 10.0 * _VAGUE_PLURALS[doc[i + 2].lower_], i + 3
    return None


def _exact_number(doc: Doc, i: int) -> tuple[float, bool, int] | None:
    """Digits or number words at token ``i`` ("1.5bn", "one hundred", "twenty five"):
    (value, whether a scale word applied, end token)."""
    tok = doc[i]
    m = DIGITS_SCALE.match(tok.text)
    if m:
        return float(m.group(1)) * _SCALES[m.group(2).lower()], True, i + 1
    value = word_value(tok)
    if value is None or (tok.tag_ not in ("CD", "NN", "LS") and not tok.like_num):
        return None
    return _compound(doc, i + 1, value)


def _compound(doc: Doc, j: int, value: float) -> tuple[float, bool, int]:
    """Scale words and ones after a number from token ``j`` on: "one hundred", "1.5 million",
    "twenty five". Returns (value, whether a scale word applied, end token)."""
    n, scaled = len(doc), False
    while j < n:
        low = doc[j].lower_
        if low in _SCALES and not (
            low in ("m", "k") and doc[j].whitespace_ == "" and j + 1 < n and doc[j + 1].is_alpha
        ):
            if low in ("m", "k", "bn", "mn", "tn") and doc[j - 1].whitespace_:
                break
            value *= _SCALES[low]
            scaled = True
            j += 1
        elif (
            low in NUMBER_WORDS
            and NUMBER_WORDS[low] < 10
            and value >= 20
            and value % 10 == 0
            and not scaled
        ):
            value += NUMBER_WORDS[low]
            j += 1
        else:
            break
    return value, scaled, j


def _with_unit(doc: Doc, start: int, j: int, value: float, unit: str | None, scaled: bool) -> Num:
    """The number ending before token ``j`` with the unit word that follows it, if any
    ("percent", "per cent", "percentage points", a currency word)."""
    n = len(doc)
    if j < n and doc[j].lower_ in PERCENT:
        return Num(start, j + 1, value, "percent", False, scaled)
    if j + 1 < n and doc[j].lower_ == "per" and doc[j + 1].lower_ == "cent":
        return Num(start, j + 2, value, "percent", False, scaled)
    if j + 1 < n and doc[j].lower_ == "percentage" and doc[j + 1].lower_ in ("point", "points"):
        return Num(start, j + 2, value, "percentage points", False, scaled)
    if unit is None and j < n and doc[j].lemma_.lower() in CURRENCY_WORDS:
        return Num(start, j + 1, value, CURRENCY_WORDS[doc[j].lemma_.lower()], False, scaled)
    return Num(start, j, value, unit, False, scaled)
