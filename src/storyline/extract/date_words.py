"""The words and patterns the date rules read (``storyline.extract.date_rules``): month,
weekday, season and ordinal names, counts spelled out, words that change nothing at a
date's granularity, absolute date shapes, "N units ago", "the day before", and the vague
expressions that name no calendar unit with the tense they point to."""

from __future__ import annotations

import re

from storyline.extract.numbers import NUMBER_WORDS

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# "a week ago", "two days earlier": counts of days, weeks, months and years, spelled out.
_COUNT_WORDS = {"a": 1, "an": 1, **{w: n for w, n in NUMBER_WORDS.items() if 1 <= n <= 12}}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "last": 4,
}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
# Words around a date that change nothing at its granularity ("early April" is still April).
_NOISE = re.compile(
    r"^(?:(?:on|in|at|since|by|until|till|through|from|during|of|for|as of|"
    r"the|early|earlier|late|later|mid|mid-|the end of|the beginning of|the start of|"
    r"the middle of|end of|start of|beginning of|around|about|before|after|"
    r"fiscal|calendar)\s+|mid-)+"
)
# A month: its first three letters (the key of ``_MONTHS``), then nothing but the rest of its
# own name ("Sept", "September"), so a word that only begins like one ("decades", "mayor",
# "marches") is no month.
_M = (
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"(?:(?<=jan)uary|(?<=feb)ruary|(?<=mar)ch|(?<=apr)il|(?<=jun)e|(?<=jul)y|(?<=aug)ust"
    r"|(?<=sep)t(?:ember)?|(?<=oct)ober|(?<=nov)ember|(?<=dec)ember)?\.?"
)
_D = r"(\d{1,2})(?:st|nd|rd|th)?"
_Y = r"(\d{4})"
_ABS_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^{_Y}-(\d{{2}})-(\d{{2}})$"), "ymd"),
    (re.compile(rf"^{_D}\s+(?:of\s+)?{_M},?\s+{_Y}$"), "dmy"),
    (re.compile(rf"^{_M}\s+{_D},?\s+{_Y}$"), "mdy"),
    (re.compile(rf"^{_M}\s+{_D}$"), "md"),
    (re.compile(rf"^{_D}\s+(?:of\s+)?{_M}$"), "dm"),
    (re.compile(rf"^{_M},?\s+(?:of\s+)?{_Y}$"), "my"),
    (re.compile(rf"^{_M}$"), "m"),
    (re.compile(rf"^{_Y}$"), "y"),
    (re.compile(r"^(\d{3})0'?s$"), "decade"),
]
_AGO = re.compile(
    r"^(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)\s+"
    r"(day|week|month|year)s?\s+(ago|earlier|later|before|after|previously|from now)$"
)
_THE_UNIT = re.compile(
    r"^(?:the\s+)?(?:(previous|preceding|prior|next|following|same|subsequent)\s+"
    r"(day|week|month|year)|(day|week|month|year)\s+(before|after|earlier|later))$"
)
_VAGUE = {
    "now": "present",
    "currently": "present",
    "present": "present",
    "nowadays": "present",
    "at present": "present",
    "the present": "present",
    "these days": "present",
    "at the moment": "present",
    "right now": "present",
    "recently": "past",
    "the past": "past",
    "formerly": "past",
    "previously": "past",
    "lately": "past",
    "earlier": "past",
    "once": "past",
    "recent": "past",
    "in the past": "past",
    "recent years": "past",
    "recent months": "past",
    "recent weeks": "past",
    "recent days": "past",
    "years ago": "past",
    "the future": "future",
    "future": "future",
    "soon": "future",
    "the coming years": "future",
    "coming years": "future",
    "the near future": "future",
    "later": "future",
}
