"""Resolve one date expression to a calendar value, without spaCy.

Kept separate from ``dates`` so it can score TempEval and re-resolve an undated article's
dates once its story (and so its date span) is known, without parsing again.

Values use the granularity the words carry: ``YYYY-MM-DD``, ``YYYY-Www`` (ISO week),
``YYYY-MM``, ``YYYY-Qn``, ``YYYY-SU`` (season), ``YYYY``, ``YYY`` (a decade). Expressions that
name no calendar unit ("recently", "now", "hours after") stay ``None``; the rule says why,
as ``"vague: past"``, ``"vague: present"``, ``"vague: future"`` or ``"vague: <words>"``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from storyline.extract.date_words import (
    _ABS_PATTERNS,
    _AGO,
    _COUNT_WORDS,
    _MONTHS,
    _NOISE,
    _ORDINALS,
    _SEASONS,
    _THE_UNIT,
    _VAGUE,
    _WEEKDAYS,
)

# "a day earlier" counts from the event just mentioned. When no dated event precedes it, that
# event's day is unknown: guessing the publication day would put a wrong day into a timeline
# (news reports events of the day before as often as of the day itself), so it stays null.
EVENT_RELATIVE_FALLBACK_TO_ANCHOR = False

# The tense of a date that a past-tense verb governs directly, with no modal ("On Oct. 29,
# Carlson said", "said on Oct. 29"): the day itself is stated as past. A looser past ("must
# be returned by Jan. 14", "notes due Nov. 20" in a past clause) may name a day ahead.
STATED_PAST = "past, stated"

# A month and day stated in the past (``STATED_PAST``) lies at most this many days after the
# anchor (a publication date is one time zone's day): "On Oct. 29, Carlson said ..." in a
# June paper is last October, not the nearer coming one.
PAST_DAY_AHEAD_MAX = 1

# A bare month name with no tense clue is read as ahead of the anchor when it lies at most this
# many months ahead, else as behind it: the nearer of the two readings.
MONTH_AHEAD_MAX = 5


def parse_anchor(anchor: str | None) -> tuple[date, date] | None:
    """``"YYYY-MM-DD"`` or a story span ``"YYYY-MM-DD/YYYY-MM-DD"`` as (start, end)."""
    if not anchor:
        return None
    try:
        parts = [date.fromisoformat(p.strip()[:10]) for p in anchor.split("/")]
    except ValueError:
        return None
    return (parts[0], parts[-1])


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _shift(d: date, unit: str, n: int) -> str:
    """``d`` moved by ``n`` units, at that unit's granularity."""
    if unit == "day":
        return (d + timedelta(days=n)).isoformat()
    if unit == "week":
        return iso_week(d + timedelta(weeks=n))
    if unit == "month":
        m = d.year * 12 + d.month - 1 + n
        return f"{m // 12:04d}-{m % 12 + 1:02d}"
    return f"{d.year + n:04d}"


def _value_as_date(value: str | None) -> date | None:
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value)
    return None


def normalise(text: str) -> str:
    t = text.lower().replace("\u2019", "'").replace("\u2013", "-").strip(" .,;:'\"")
    t = re.sub(r"\s+", " ", t)
    prev = None
    while prev != t:
        prev, t = t, _NOISE.sub("", t).strip()
    return t


def _absolute(t: str, ref: date | None, tense: str) -> tuple[str | None, str] | None:
    for pat, kind in _ABS_PATTERNS:
        m = pat.match(t)
        if not m:
            continue
        g = m.groups()
        if kind == "ymd":
            return _checked(int(g[0]), int(g[1]), int(g[2]), "absolute")
        if kind == "dmy":
            return _checked(int(g[2]), _MONTHS[g[1]], int(g[0]), "absolute")
        if kind == "mdy":
            return _checked(int(g[2]), _MONTHS[g[0]], int(g[1]), "absolute")
        if kind == "my":
            return f"{int(g[1]):04d}-{_MONTHS[g[0]]:02d}", "absolute"
        if kind == "y":
            return g[0], "absolute"
        if kind == "decade":
            return g[0], "absolute decade"
        if ref is None:
            return None, "no anchor date"
        month = _MONTHS[g[0] if kind in ("md", "m") else g[1]]
        if kind == "m":
            # past: on or before the anchor's month; future: on or after; present (no tense
            # clue, "the summit in April"): the nearer of the two
            year = ref.year
            ahead = (month - ref.month) % 12
            if tense == "future" and month < ref.month:
                year += 1
            elif tense in ("past", STATED_PAST) and month > ref.month:
                year -= 1
            elif tense == "present" and month != ref.month:
                year = (
                    ref.year + 1
                    if ahead <= MONTH_AHEAD_MAX and month < ref.month
                    else (
                        ref.year - 1 if ahead > MONTH_AHEAD_MAX and month > ref.month else ref.year
                    )
                )
            said = "past" if tense == STATED_PAST else tense
            return f"{year:04d}-{month:02d}", f"month {said} of anchor"
        day = int(g[1] if kind == "md" else g[0])
        # the year that puts the day nearest the anchor ("December 30" read in January); on
        # TBAQ this beats letting the tense pick the side (0.874 against 0.868)
        past = tense == STATED_PAST  # none behind the anchor (Feb. 29): the nearest at all
        best = _nearest_day(ref, month, day, past) or (
            _nearest_day(ref, month, day, False) if past else None
        )
        return (best, "month-day in anchor year") if best else (None, "invalid day")
    return None


def _nearest_day(ref: date, month: int, day: int, past: bool) -> str | None:
    """The ``month``/``day`` of the year before, of or after ``ref``'s that lies nearest it
    ("December 30" read in January); with ``past``, none more than ``PAST_DAY_AHEAD_MAX``
    days after it ("On Oct. 29, Carlson said" in a June paper: last October)."""
    best: tuple[int, str] | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        value = _checked(year, month, day, "")[0]
        if value is None:
            continue
        delta = (date.fromisoformat(value) - ref).days
        if past and delta > PAST_DAY_AHEAD_MAX:
            continue
        if best is None or abs(delta) < best[0]:
            best = (abs(delta), value)
    return best[1] if best else None


def _checked(y: int, m: int, d: int, rule: str) -> tuple[str | None, str]:
    try:
        return date(y, m, d).isoformat(), rule
    except ValueError:
        return None, "invalid day"


def _weekday(t: str, ref: date, tense: str) -> tuple[str | None, str] | None:
    m = re.fullmatch(
        r"(?:(last|next|this|coming|past)\s+)?(monday|tuesday|wednesday|thursday|"
        r"friday|saturday|sunday)(?:\s+(?:morning|afternoon|evening|night))?",
        t,
    )
    if not m:
        return None
    mod, wd = m.group(1), _WEEKDAYS.index(m.group(2))
    back = (ref.weekday() - wd) % 7
    fwd = (wd - ref.weekday()) % 7
    if mod in ("last", "past"):
        return (ref - timedelta(days=back or 7)).isoformat(), "weekday before anchor"
    if mod in ("next", "coming"):
        return (ref + timedelta(days=fwd or 7)).isoformat(), "weekday after anchor"
    if tense == "future":
        # "will visit the border Wednesday" in a Wednesday paper is that day: news names the day
        # of publication by its weekday (AP style), and a week ahead would say "next Wednesday"
        return (ref + timedelta(days=fwd)).isoformat(), "weekday on or after anchor"
    if back == 6:
        # The day after publication, not six days before it: a publication date is one time
        # zone's day ("early Friday" local time in a US Thursday report), and news names the
        # day after its date mostly for that day (TempEval-3's gold: 6 of 9 such weekdays)
        return (ref + timedelta(days=1)).isoformat(), "weekday the day after anchor"
    return (ref - timedelta(days=back)).isoformat(), "weekday on or before anchor"


def _relative(
    t: str, ref: date, prev: date | None, prev_value: str | None
) -> tuple[str | None, str] | None:
    """Deictic words and counted offsets: "yesterday", "last year", "a day earlier"."""
    simple = {
        "today": 0,
        "tonight": 0,
        "yesterday": -1,
        "tomorrow": 1,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "last night": -1,
        "yesterday morning": -1,
        "yesterday afternoon": -1,
        "yesterday evening": -1,
        "tomorrow morning": 1,
        "tomorrow night": 1,
        "tonight's": 0,
        "today's": 0,
    }
    if t in simple:
        names = {0: "anchor day", -1: "day before anchor", 1: "day after anchor"}
        return _shift(ref, "day", simple[t]), names[simple[t]]
    m = re.fullmatch(
        r"(this|last|next|past|coming|previous)\s+(week|month|year|weekend|"
        r"spring|summer|fall|autumn|winter|quarter)",
        t,
    )
    if m:
        n = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[m[1]]
        unit = m[2]
        if unit == "weekend":
            return f"{iso_week(ref + timedelta(weeks=n))}-WE", f"weekend {_dir(n)} anchor"
        if unit in _SEASONS:
            return f"{ref.year + n:04d}-{_SEASONS[unit]}", f"season {_dir(n)} anchor"
        if unit == "quarter":
            q = ref.year * 4 + (ref.month - 1) // 3 + n
            return f"{q // 4:04d}-Q{q % 4 + 1}", f"quarter {_dir(n)} anchor"
        return _shift(ref, unit, n), f"{unit} {_dir(n)} anchor"
    m = _AGO.fullmatch(t)
    if m:
        n = _COUNT_WORDS.get(m[1]) or int(m[1])
        unit, way = m[2], m[3]
        if way in ("ago", "from now"):
            sign = -1 if way == "ago" else 1
            return _shift(ref, unit, sign * n), f"{n} {unit}(s) {_dir(sign)} anchor"
        sign = -1 if way in ("earlier", "before", "previously") else 1
        return _from_previous(unit, sign * n, ref, prev, prev_value)
    m = _THE_UNIT.fullmatch(t)
    if m:
        word = m[1] or m[4]
        unit = m[2] or m[3]
        sign = (
            0
            if word == "same"
            else -1
            if word in ("previous", "preceding", "prior", "before", "earlier")
            else 1
        )
        return _from_previous(unit, sign, ref, prev, prev_value)
    return None


def _dir(n: int) -> str:
    return "before" if n < 0 else "after" if n > 0 else "of"


def _from_previous(
    unit: str, n: int, ref: date, prev: date | None, prev_value: str | None
) -> tuple[str | None, str]:
    """Offsets like "a day earlier" count from the event just mentioned, else the anchor."""
    what = f"{unit} {_dir(n)}" if abs(n) == 1 or n == 0 else f"{abs(n)} {unit}s {_dir(n)}"
    if prev is not None:
        return _shift(prev, unit, n), f"{what} previous event"
    if unit == "year" and prev_value and re.match(r"\d{4}", prev_value):
        return f"{int(prev_value[:4]) + n:04d}", f"{what} previous event"
    if EVENT_RELATIVE_FALLBACK_TO_ANCHOR:
        return _shift(ref, unit, n), f"{what} anchor"
    return None, "event-relative: no dated event before it"


def _special(t: str, ref: date | None, tense: str) -> tuple[str | None, str] | None:
    """Quarters, halves and seasons, with or without a year."""
    m = re.fullmatch(
        r"(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th|last)\s+"
        r"(quarter|half)(?:\s+of)?(?:\s+(?:the\s+)?(?:year|(\d{4})))?",
        t,
    )
    if m is None:
        m2 = re.fullmatch(r"q([1-4])(?:\s+(\d{4}))?", t)
        if m2:
            m = None
            n, unit, year = int(m2[1]), "quarter", m2[2]
        else:
            m3 = re.fullmatch(r"(spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(\d{4}))?", t)
            if not m3:
                return None
            year = m3[2] or (str(ref.year) if ref else None)
            if year is None:
                return None, "no anchor date"
            return f"{year}-{_SEASONS[m3[1]]}", "absolute" if m3[2] else "season of anchor year"
    else:
        n, unit, year = _ORDINALS[m[1]], m[2], m[3]
    if unit == "half":
        n = min(n, 2)
    if year is None:
        if ref is None:
            return None, "no anchor date"
        year = str(ref.year)
        rule = f"{unit} of anchor year"
    else:
        rule = "absolute"
    return f"{year}-{'Q' if unit == 'quarter' else 'H'}{n}", rule


def _resolve_at(
    t: str, ref: date | None, previous: str | None, tense: str
) -> tuple[str | None, str]:
    found = _absolute(t, ref, tense)
    if found is not None:
        return found
    if t in _VAGUE:
        return None, f"vague: {_VAGUE[t]}"
    if re.fullmatch(
        r"(?:just |only |a few |several |some |many )?(?:hours?|minutes?|moments?)"
        r"(?: (?:after|before|earlier|later|ago))?",
        t,
    ) or re.fullmatch(
        r"(?:a few|several|some|many|few) (?:days|weeks|months|years) "
        r"(?:ago|after|before|earlier|later)",
        t,
    ):
        return None, f"vague: {t}"
    special = _special(t, ref, tense)
    if special is not None:
        return special
    if ref is None:
        if _weekday_or_relative_shape(t):
            return None, "no anchor date"
        return None, "unrecognised"
    found = _weekday(t, ref, tense)
    if found is not None:
        return found
    prev = _value_as_date(previous)
    found = _relative(t, ref, prev, previous)
    if found is not None:
        return found
    return None, "unrecognised"


def _weekday_or_relative_shape(t: str) -> bool:
    probe = date(2000, 1, 5)
    return _weekday(t, probe, "past") is not None or _relative(t, probe, None, None) is not None


def _common(a: str | None, b: str | None) -> str | None:
    """The finest value two resolutions share (story-span anchors): day, then month, year."""
    if a is None or b is None:
        return None
    if a == b:
        return a
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", a) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", b):
        if a[:7] == b[:7]:
            return a[:7]
    return a[:4] if a[:4] == b[:4] else None


def resolve_expression(
    text: str, anchor: str | None, previous: str | None = None, tense: str = "past"
) -> tuple[str | None, str]:
    """Resolve a date expression to ``(value, rule)``; ``value`` is None when unresolvable.

    ``anchor`` is the publication date ``YYYY-MM-DD`` or an undated article's story span
    ``YYYY-MM-DD/YYYY-MM-DD``. A past-tense weekday is read against the span's END: the
    article was published inside the span and reports an event on or before its publication,
    so the most recent such weekday on or before the end is the one day that is right whenever
    the span is shorter than a week, and the error is bounded by the span otherwise (the day
    after the end excepted, read as that day: ``_weekday``). Other relative words are resolved
    against both ends and kept at the finest granularity the two agree on. ``previous`` is the
    value of the event date mentioned just before (for "a day earlier"); ``tense`` is "past",
    "present" or "future".
    """
    t = normalise(text)
    span = parse_anchor(anchor)
    if span is None:
        return _resolve_at(t, None, previous, tense)
    start, end = span
    if start == end:
        return _resolve_at(t, end, previous, tense)
    if tense != "future" and _weekday(t, end, tense) is not None:
        value, rule = _resolve_at(t, end, previous, tense)
        return value, f"{rule} (story span end)"
    first, rule = _resolve_at(t, start, previous, tense)
    last, _ = _resolve_at(t, end, previous, tense)
    if first == last:
        return first, rule
    common = _common(first, last)
    return common, (f"{rule} (coarsened to story span)" if common else "story span too wide")
