"""Stage 2: mark which spans of an article are real prose.

Boilerplate in news text is *line-shaped*: ads, share prompts, comment forms, photo credits,
bylines, date lines, section kickers and Markdown syntax sit on lines of their own, or at a
line's edges. So cleaning scores each line with general rules (shape, a few phrases common to
every CMS, Markdown syntax) instead of rules for one site, and keeps every line that reads like
a sentence. It never rewrites ``Article.text``: ``clean`` returns a copy of the article with
its ``prose`` spans (and headline span) recorded, and changes nothing in the article it is
given, so any span a later stage finds is an offset into the text as read and can be shown
where it stands.
Keeping a real sentence matters more than dropping a stray label, so the rules lean to prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from storyline.clean_markup import _HEADING, _LINE_BREAKS, _MONTH, _Line, _lines
from storyline.language import identify
from storyline.models import Article, Span

# A section kicker ("UNACCEPTABLE", "Diplomatic fallout") is a short label between paragraphs;
# a real sentence this short without final punctuation is rare, and hard-wrapped sentences are
# told apart by their lowercase continuation, so eight words separates the two on news text.
KICKER_MAX_WORDS = 8
# An ALL-CAPS line is a heading or a shouted label even with punctuation ("BREAKING:"), but a
# long capitalised paragraph (old wire copy) is prose: above twelve words we keep it.
CAPS_MAX_WORDS = 12
# Headlines run to about 20 words; a longer first line is a paragraph, not a title.
TITLE_MAX_WORDS = 25
# Share/subscribe/follow prompts are two to five words; a sentence that merely starts with
# "Share" ("Share prices fell ...") is longer and ends with punctuation.
PROMPT_MAX_WORDS = 6
# "By Jane Doe and John Roe, Reuters" is at most about eight words; longer "By ..." lines are
# sentences ("By the time the troops arrived ...").
BYLINE_MAX_WORDS = 8
# A date line ("Wednesday, April 9, 2025, 10:32 a.m. GMT") has at most about a dozen tokens.
DATE_LINE_MAX_TOKENS = 14
# Words in one name of a photo credit ("EPA-EFE / SERGEY DOLZHENKO", "ANP / Piet de Vries").
CREDIT_NAME_MAX_WORDS = 5

_SENTENCE_END = ".!?…:;"
_SENTENCE_ENDS = frozenset(_SENTENCE_END)  # one character each: "" (a blank line) is none
_TRAILERS = "\"'”’»)]*_ \t"
_LEADERS = "\"'“‘«([*_¿¡ \t"

_DATE_ANCHOR = re.compile(
    rf"\b{_MONTH}\b|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}", re.I
)
_DATE_WORDS = frozenset(
    "date published updated posted last modified on at am pm a p m st nd rd th gmt utc bst cet"
    " cest eet eest msk est edt cst cdt pst pdt et pt ist jst hkt sgt aest z t"
    " monday tuesday wednesday thursday friday saturday sunday"
    " mon tue tues wed thu thur thurs fri sat sun".split()
)

#: A word or a number of a date line (``_is_date_line``), and a month's name.
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_MONTH_RE = re.compile(_MONTH)

#: What follows a headline in a page title that adds the site: "Headline | Site", "Headline -
#: Site" (matched after the line's words, not compiled anew from each line: a pattern per line
#: was a third of cleaning's time on full-length articles, issue #17).
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s")

_BARE_URL = re.compile(r"^<?(?:https?://|www\.)\S+>?$", re.I)

# Whole lines that are ad slots (compared after lower-casing and dropping final ".:!").
_AD_LINES = frozenset(
    {
        "advertisement",
        "advertising",
        "advert",
        "ad",
        "sponsored",
        "sponsored content",
        "promoted content",
        "story continues below advertisement",
        "scroll to continue with content",
    }
)
# Phrases no sentence of news prose starts with: comment forms, link blocks, source notes.
_FORM_START = re.compile(
    r"^(?:your email address will not be published|required fields are marked"
    r"|leave a (?:reply|comment)|(?:add|post|write) (?:a |your )?comment"
    r"|(?:related|recommended|more) (?:articles?|stories|story|content|coverage|reading|news)\s*:"
    r"|related\s*:|read (?:more|also)\s*:|see also\s*:|original (?:url|article|source)\s*:"
    r"|source url\s*:|all rights reserved|©|copyright ©"
    # the footer WordPress feeds put under each item: "The post <title> appeared first on <site>."
    r"|the post\s.+\sappeared first on\s)",
    re.I,
)
# Short prompts: only when the whole line is a few words without final punctuation.
_SHORT_PROMPT = re.compile(
    r"^(?:share|subscribe|sign up|log ?in|follow|comments?|print|e-?mail|tweet|listen|watch"
    r"|read more|more on|topics?|tags?|copy link|continue reading|\d+ comments?)\b",
    re.I,
)
_BYLINE = re.compile(
    r"^(?:by|written by|reported by|reporting by|words by|text by)\s+[A-Z@\[]", re.I
)
_AUTHOR_STUB = re.compile(r"^(?:about the )?authors?\s*:?(?:\s|$)", re.I)

# "Photo: Reuters / Getty Images" style lines; a longer line starting "Photo:" is a caption
# sentence that the credit-at-the-end rule judges instead.
CREDIT_LINE_MAX_WORDS = 8

# Lowercase particles inside names ("Piet de Vries", "Ali bin Said").
_PARTICLE = r"(?:de|da|di|du|van|von|der|den|la|le|al|el|bin|ibn)"
_NAME = (
    rf"[A-Z][\w.'&\-]*(?:[ \t]+(?:[A-Z][\w.'&\-]*|{_PARTICLE}(?=[ \t]+[A-Z])))"
    rf"{{0,{CREDIT_NAME_MAX_WORDS - 1}}}"
)
_CAPS = rf"[A-Z][A-Z0-9.&\-]*(?:[ \t]+[A-Z][A-Z0-9.&\-]*){{0,{CREDIT_NAME_MAX_WORDS - 1}}}"
_CREDIT_WORD = r"(?:photo|photograph|picture|image|illustration|video|credit|source)s?"
# A credit closing a line: "EPA / Jessica Lee", "Photo: EPA-EFE / SERGEY DOLZHENKO", "Alex Lee/AP".
_CREDIT_TAIL = re.compile(
    rf"(?:\b{_CREDIT_WORD}(?:[ \t]+credit)?[ \t]*(?::|by)[ \t]*{_NAME}(?:[ \t]*/[ \t]*{_NAME})*"
    rf"|(?<![\w/]){_CAPS}[ \t]*/[ \t]*{_NAME}|(?<![\w/]){_NAME}[ \t]*/[ \t]*{_CAPS})[ \t]*$"
)
_CREDIT_LINE = re.compile(rf"^{_CREDIT_WORD}(?:[ \t]+credit)?[ \t]*:", re.I)


@dataclass
class LineVerdict:
    """Why one line of an article is prose or not: ``explain`` returns these for debugging."""

    start: int
    end: int
    reason: str  # "prose", "blank", or the rule that marked it boilerplate
    keep: list[Span] = field(default_factory=list)  # its prose spans (absolute offsets)


def _ends_sentence(visible: str) -> bool:
    return visible.rstrip(_TRAILERS)[-1:] in _SENTENCE_ENDS


def _starts_lower(visible: str) -> bool:
    first = visible.lstrip(_LEADERS)[:1]
    return first.isalpha() and first.islower()


def _all_caps(visible: str) -> bool:
    letters = [c for c in visible if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_date_line(visible: str) -> bool:
    # Token by token, stopping at the first that no date line holds (a paragraph's first
    # word, most often) or one past the limit: a paragraph is not tokenised whole.
    n = digits = 0
    for m in _TOKEN.finditer(visible.lower()):
        t = m[0]
        if n == DATE_LINE_MAX_TOKENS or not (
            t.isdigit() or t in _DATE_WORDS or _MONTH_RE.fullmatch(t)
        ):
            return False
        n += 1
        digits += t.isdigit()
    return n > 0 and digits > 0 and bool(_DATE_ANCHOR.search(visible))


def _rule(line: _Line) -> str | None:
    """The boilerplate rule a line matches on its own, without looking at its neighbours."""
    v = line.visible
    words = line.words
    bare = line.raw.strip()
    if not bare:
        return "blank"
    if _HEADING.match(line.raw):
        return "heading"
    if _BARE_URL.match(bare):
        return "url"
    if not (v[:1].isalnum() or any(c.isalnum() for c in v)):
        return "markup"
    if line.link_only:
        return "links"
    short = not _ends_sentence(v)
    if v.lower().rstrip(".:!") in _AD_LINES:
        return "ad"
    if _FORM_START.match(v):
        return "form"
    credit_tail = short and _CREDIT_TAIL.search(bare.rstrip("*_ "))
    if credit_tail or (_CREDIT_LINE.match(v) and words <= CREDIT_LINE_MAX_WORDS):
        return "credit"
    if _is_date_line(v):
        return "date"
    if short and (
        (_BYLINE.match(v) and words <= BYLINE_MAX_WORDS)
        or (_AUTHOR_STUB.match(v) and words <= PROMPT_MAX_WORDS)
    ):
        return "byline"
    if short and words <= PROMPT_MAX_WORDS and _SHORT_PROMPT.match(v):
        return "prompt"
    return None


def _norm(s: str) -> str:
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(s.casefold().split()).strip(" .!?:;\"'")


def _sentence_like(line: _Line) -> bool:
    """A full stop after more than a kicker's length of words: a lead sentence that happens
    to equal the title (feeds often use the lead as title) is prose, not a headline."""
    v = line.visible.rstrip(_TRAILERS)  # whitespace collapsed: a word per space, plus one
    return v.endswith(".") and v.count(" ") + 1 > KICKER_MAX_WORDS and not line.reason


def _find_title(lines: list[_Line], title: str | None) -> int | None:
    """Index of the headline line: one equal to ``title``, else a first heading/short line."""
    if title and _norm(title):
        want = _norm(title)
        for i, ln in enumerate(lines):
            if ln.reason not in (None, "heading") or _sentence_like(ln):
                continue
            got = _norm(ln.visible)
            if got and (
                got == want or (want.startswith(got) and _SITE_SUFFIX.match(want, len(got)))
            ):
                return i
    for i, ln in enumerate(lines):
        if ln.reason == "blank":
            continue
        if ln.reason == "heading":
            return i
        if ln.reason is not None:
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        followed_by_blank = nxt is None or nxt.reason == "blank"
        fits = ln.words <= TITLE_MAX_WORDS and not _ends_sentence(ln.visible)
        if fits and followed_by_blank and not _continued(lines, i):
            return i
        return None
    return None


def _continued(lines: list[_Line], i: int) -> bool:
    """True when line ``i`` is cut mid-sentence: the next non-boilerplate line starts lowercase."""
    if _ends_sentence(lines[i].visible):
        return False
    for ln in lines[i + 1 :]:
        if ln.reason is None:
            return _starts_lower(ln.visible)
    return False


def explain(article: Article) -> list[LineVerdict]:
    """Every line of the article with the rule that decided it, so a user can see why.

    The article is only read: ``clean`` marks the same lines' prose spans on a copy.
    """
    lines, t = _judge(article)
    verdicts = []
    for i, ln in enumerate(lines):
        keep = ln.keep if ln.reason is None and i != t else []
        verdicts.append(LineVerdict(ln.start, ln.start + len(ln.raw), ln.reason or "prose", keep))
    return verdicts


def _judge(article: Article) -> tuple[list[_Line], int | None]:
    """Every line with the rule that decided it (``reason``, None for prose), and the index
    of the headline line (None when none was found)."""
    lines = _lines(article.text)
    for ln in lines:
        ln.reason = _rule(ln)
    t = _find_title(lines, article.title)
    titles = {_norm(article.title or "")} - {""}
    if t is not None:
        titles.add(_norm(lines[t].visible))
        lines[t].reason = "title"
    for i, ln in enumerate(lines):
        if ln.reason is not None and ln.reason != "heading":
            continue
        if i != t and not _sentence_like(ln) and _norm(ln.visible) in titles:
            ln.reason = "repeated headline"
    for i, ln in enumerate(lines):
        if ln.reason is not None or _starts_lower(ln.visible) or _continued(lines, i):
            continue
        words = ln.words
        if (words <= CAPS_MAX_WORDS and _all_caps(ln.visible)) or (
            words <= KICKER_MAX_WORDS and not _ends_sentence(ln.visible)
        ):
            ln.reason = "kicker"
    return lines, t


def clean(article: Article) -> Article:
    """Stage 2: a copy of ``article`` with ``prose``, ``title_span`` and ``language`` filled in.

    The article given is left as it is, and so is the text of the copy. Prose spans are
    sorted, non-overlapping, and trimmed of whitespace and Markdown markers; a prose line
    with inline links keeps the link text but not the ``](url)`` syntax. ``title_span`` is
    the headline line cleaning found (``None`` when it found none), whatever the reader said.
    ``language`` is what ``storyline.language.identify`` makes of the prose.
    """
    lines, t = _judge(article)
    spans: list[Span] = []
    for i, ln in enumerate(lines):
        if ln.reason is not None or i == t:  # the headline line is no prose
            continue
        for s, e in ln.keep:
            if spans and spans[-1][1] == s:
                spans[-1] = (spans[-1][0], e)
            else:
                spans.append((s, e))
    title = None
    if t is not None:
        head = lines[t].keep
        title = (head[0][0], head[-1][1]) if head else None
    marked = replace(article, prose=spans, title_span=title)
    marked.language = identify(marked)  # a copy of its own: set in place, not copied again
    return marked


def cleaned(article: Article) -> Article:
    """``article`` itself when cleaning has marked it, else ``clean(article)``.

    For the stages after cleaning, which read only prose: an article with prose spans, or
    with a blank text, is taken as cleaned. One that has neither (made by hand, or read
    without stage 2) is read as ``clean`` would mark it. An article that cleaning left
    without prose is cleaned again here, with the same result.
    """
    if article.prose or not article.text.strip():
        return article
    return clean(article)


def prose_text(article: Article) -> str:
    """``article.text`` with everything outside prose blanked, same length, same offsets.

    Line breaks outside prose are kept so that two prose regions separated by boilerplate
    never read as one sentence; the one exception is the gap inside a hard-wrapped sentence
    (a prose span not ending a sentence, followed after only whitespace by one starting
    lowercase), which becomes spaces so a sentence splitter sees one sentence there.
    """
    text = article.text
    out = [c if c in _LINE_BREAKS else " " for c in text]
    prev: Span | None = None
    for s, e in article.prose:
        out[s:e] = text[s:e]
        if prev is not None:
            gap = text[prev[1] : s]
            if (
                not gap.strip()
                and not _ends_sentence(text[prev[0] : prev[1]])
                and _starts_lower(text[s:e])
            ):
                out[prev[1] : s] = " " * len(gap)
        prev = (s, e)
    return "".join(out)
