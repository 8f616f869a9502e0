"""Publication dates from date lines: ``date 2025-04-10``, ``April 09, 2025``, ``9 April 2025``.

A date counts as the publication date only when it stands on a line of its own (optionally with
a label such as "Published:" or a time) or is the labelled first thing on a line, near the top
of the article. Dates inside sentences or photo captions ("…in Kyiv, 8 April 2025. Photo: …")
are events, not the publication date, so they are left for the extraction stage.
"""

from __future__ import annotations

import re
from datetime import date, datetime

#: A line longer than this is prose or a caption, not a date line ("Wednesday, 9 April 2025,
#: 14:05 GMT | Updated 10 April 2025" is about 50 characters).
DATE_LINE_MAX_CHARS = 80

#: Years outside this window are typos or historical dates, never a news article's date.
MIN_YEAR = 1990
MAX_YEARS_AHEAD = 1

_LABEL = (
    r"(?:date(?:d)?|published(?:\s+on)?|first\s+published(?:\s+on)?|posted(?:\s+on)?|"
    r"updated(?:\s+on)?|last\s+updated(?:\s+on)?|publication\s+date|released)"
)
_LABEL_RE = re.compile(rf"^\W*(?P<label>{_LABEL})\s*[:\-–—]?\s*", re.I)
ISO_DATE = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?"
)
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_TIME_RE = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2})?\)?)?",
    re.I,
)
_SLASH_RE = re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})$")
_NOISE_RE = re.compile(r"[*_`#>|•·]+")
# Runs of digits: a day, month and year need two of them (the year and the day; no language
# dateparser reads spells a day in words, "first of March 2017" gives nothing).
_DIGITS_RE = re.compile(r"\d+")


def valid_day(y: int, m: int, d: int) -> str | None:
    """The day as YYYY-MM-DD when it is a real day of a year a news article can bear
    (``MIN_YEAR`` to ``MAX_YEARS_AHEAD`` from now), else None."""
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    if not MIN_YEAR <= y <= datetime.now().year + MAX_YEARS_AHEAD:
        return None
    return day.isoformat()


def parse_date(piece: str) -> str | None:
    """A date written on its own (no sentence around it) as YYYY-MM-DD, or None."""
    iso = ISO_DATE.fullmatch(piece.strip(" ,.;:()[]"))
    if iso:
        return valid_day(int(iso["y"]), int(iso["m"]), int(iso["d"]))
    piece = _TIME_RE.sub(" ", piece).strip(" ,.;:-–—()[]")
    if not piece or not _YEAR_RE.search(piece):
        return None
    slash = _SLASH_RE.match(piece)
    if slash:
        a, b, y = int(slash["a"]), int(slash["b"]), int(slash["y"])
        if a <= 12 and b <= 12 and a != b:
            return None  # 04/09/2025: April 9 or 4 September? Unknown stays unknown.
        return valid_day(y, min(a, b), max(a, b)) if a <= 12 or b <= 12 else None
    if sum(ch.isalpha() for ch in piece) > 30:
        return None  # too many words left: a phrase, not a date
    if len(_DIGITS_RE.findall(piece)) < 2:
        # Only the year is a number ("2016 Dems React To GOP Debate"): no day is written, and
        # dateparser answers such a piece with nothing or with a relative word's date (today's
        # for "yesterday 2016"), after trying every language it knows: its first such call in
        # a process costs 2 s of CPU, most of the reading of 300 plain-text articles.
        return None
    import dateparser  # slow import: only when a candidate line exists

    parsed = dateparser.parse(
        piece,
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True},
    )
    return valid_day(parsed.year, parsed.month, parsed.day) if parsed else None


def date_of_line(line: str) -> tuple[str, bool] | None:
    """``(YYYY-MM-DD, is_update)`` when ``line`` is a date line, else None.

    ``is_update`` is True for "Updated …" lines, which lose against a publication date.
    """
    text = _NOISE_RE.sub(" ", line).strip()
    label = _LABEL_RE.match(text)
    is_update = bool(label and "updated" in label["label"].lower())
    if label:
        rest = text[label.end() :]
        iso = ISO_DATE.match(rest)
        if iso:  # "date 2025-04-10 The claim came…": a labelled ISO date may start prose
            found = valid_day(int(iso["y"]), int(iso["m"]), int(iso["d"]))
            return (found, is_update) if found else None
        text = rest
    if len(text) > DATE_LINE_MAX_CHARS or not _YEAR_RE.search(text):
        return None
    for piece in re.split(r"\s+\|\s+|\s{2,}|\s[-–—]\s", text):
        sub = _LABEL_RE.match(piece)
        found = parse_date(piece[sub.end() :] if sub else piece)
        if found:
            return found, is_update or bool(sub and "updated" in sub["label"].lower())
    return None


def find_published(lines: list[str]) -> str | None:
    """The publication date among ``lines`` (the head of an article): the first date line that
    is not an update, else the first update."""
    update: str | None = None
    for line in lines:
        hit = date_of_line(line)
        if hit is None:
            continue
        found, is_update = hit
        if not is_update:
            return found
        update = update or found
    return update
