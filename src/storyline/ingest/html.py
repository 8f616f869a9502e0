"""Main text and metadata of one HTML page.

Later stages split the text into sentences and cite exact spans of it, so what matters here
is that the text holds the article and little else: every stray line ("Sign up for our
newsletter", a related-story link, the headline a second time) would become a "sentence" that
some source "reports". trafilatura does the heavy lifting; on top of it this module

* runs trafilatura twice, in its precision- and its recall-oriented mode, and keeps the
  precision output unless it lost much of the text (it then mostly dropped real paragraphs);
* drops lines whose *shape* marks them as page furniture: the headline repeated at the top,
  "Related: ..." / "READ MORE: ..." teasers, and runs of share / subscribe / copyright /
  credit lines at either end of the text. Lines that read as sentences are only dropped on a
  strong phrase, so "He did not respond to a request for comment." stays.

Every rule is about the shape of a line, never about one site: the same reader is measured on
pages nobody here has seen (see ``benchmarks/html_extraction.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml.etree import LxmlError
from trafilatura import bare_extraction
from trafilatura.settings import Document

__all__ = ["HtmlResult", "extract_html"]

# The precision pass is preferred when it kept at least this share of the recall pass's
# characters. Below it, the precision pass has usually thrown away real paragraphs along with
# the boilerplate (measured on the benchmark: 0.3-0.5 score the same, 0.6+ loses).
PRECISION_MIN_SHARE = 0.5

# Lines with more words than this are prose however they start: the boilerplate phrase rules
# only apply to short lines, so an article *about* newsletters or subscriptions keeps its text.
BOILERPLATE_MAX_WORDS = 30

# htmldate options: the date must come from the page's markup (meta tags, time elements,
# URL), not from a guess over every number in the text, because an unknown date stays unknown.
# The page's own declared date comes before a date in its URL's path (``deferred_url_extractor``):
# a story filed late on the 14th under /2021/07/14/ states its publication on the 15th.
_DATE_PARAMS = {
    "original_date": True,
    "extensive_search": False,
    "deferred_url_extractor": True,
    "outputformat": "%Y-%m-%d",
}

_WORD = re.compile(r"\w+")
_URL_LINE = re.compile(r"^\s*(https?://|www\.)\S+\s*$", re.IGNORECASE)

# Teasers for other pages: a label, a colon or bracket, then a headline. Safe anywhere in the
# text because real prose does not open with "Read more:".
_TEASER = re.compile(
    r"^\s*[\[(]?\s*(related( post| article| stories| story)?|read more|read also|see more|more"
    r"|also( read| see| on [\w.]+)?|watch|listen|recommended|trending|must read|don'?t miss"
    r"|leggi anche( su)?|leia (também|mais)|lesen sie auch|à lire aussi|lire aussi)\s*[:\]|)]",
    re.IGNORECASE,
)

# Phrases that mark a short line at either end of the text as page furniture, even when it
# reads as a sentence ("Sign up for our newsletter.", "Reporting by Jane Doe; editing by ...").
_FURNITURE = re.compile(
    r"\b(subscrib\w*|sign(ing)? up|newsletters?|inbox|follow (us|@)"
    r"|follow \w+( \w+)? on (twitter|facebook|instagram)|click here|all rights reserved"
    r"|copyright|advertisement|contributed (reporting|to this report)|reach the reporters?"
    r"|this copy is for your personal|an error has occurred|order reprints|print article"
    r"|explore further|you may also like|most (read|popular)|popular on|filed under"
    r"|getty images|originally published|(enjoy(ed)?|like) this (article|story)"
    r"|share (it|this)( \w+)? with)|[©ⓒ]"
    r"|^\W*follow\s.*\b(twitter|facebook|instagram|youtube)\b"
    r"|^\W*((additional )?(reporting|writing|editing) by|write to|photo|image|credit)\b",
    re.IGNORECASE,
)

# Words that mark a short line as furniture only when it is not a sentence: "Comments",
# "Updated 5:45 PM", "Tags: ..." are furniture, "He did not respond to a request for comment."
# is the article.
_FURNITURE_LABEL = re.compile(
    r"\b(comments?|updated|published|tags?|source|share|photos?|images?|credits?|download"
    r"|app|itunes|podcast|thank(s| you)|sorry|join|reading time|tempo de leitura|min(ute)? read"
    r"|e-?mail)\b|@\w",
    re.IGNORECASE,
)

# A date or time on a short line at either end: "Updated at 1:23 p.m.", "5:45 AM PST
# 11/19/2019", "22 de outubro de 2010 às 20:13".
_DATELINE = re.compile(r"\b(1[89]|20)\d\d\b|\b\d{1,2}:\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")

# A list item ("- headline") in a run at the end: trafilatura renders link lists that way.
_BULLET = re.compile(r"^\s*[-•*]\s")

# A sentence ends in one of these; a line without one is a label, a headline or a link.
_SENTENCE_END = re.compile(r"[.!?…\"'”’)。！？」』]\s*$")

# A page whose text is more than this share (in words) the text of the page's own links is
# navigation (a menu, a section front's list of headlines), not an article: on the 181 pages
# of the extraction benchmark (benchmarks/html_extraction.py) the share is at most 0.09, on a
# section front of nothing but links it is 1.0.
LINK_TEXT_MAX_SHARE = 0.5

# A line needs this many words, besides a sentence end, to count as a sentence: "Sorry!" and
# "Thank you." are widget labels.
SENTENCE_MIN_WORDS = 4


@dataclass
class HtmlResult:
    """What one HTML page yields: the article text (one paragraph per line) and metadata.

    Every field that the page does not state stays ``None``: storyline never invents a date or
    an author. ``published`` is ``YYYY-MM-DD``.
    """

    text: str
    title: str | None
    published: str | None
    byline: str | None
    sitename: str | None
    url: str | None
    #: The text found is the page's links (``LINK_TEXT_MAX_SHARE``): ``text`` is then empty.
    links_only: bool = False


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in _WORD.findall(text)]


def _run_trafilatura(
    html: str,
    url: str | None,
    *,
    with_metadata: bool,
    favor_recall: bool = False,
    favor_precision: bool = False,
) -> Document | None:
    """One trafilatura pass; ``None`` when it finds nothing or chokes on the markup."""
    try:
        result = bare_extraction(
            html,
            url=url,
            include_comments=False,
            with_metadata=with_metadata,
            date_extraction_params=dict(_DATE_PARAMS),
            favor_recall=favor_recall,
            favor_precision=favor_precision,
        )
    except (LxmlError, ValueError, TypeError, AttributeError):  # markup lxml/htmldate reject
        return None
    return result if isinstance(result, Document) else None


def choose_text(recall: str, precise: str) -> str:
    """The precision pass's text unless it kept too little of the recall pass's text.

    trafilatura's precision mode drops more navigation and teaser blocks, but on some layouts
    it also drops most of the article; the length ratio tells the two cases apart, and then
    the recall pass (which keeps more than the default mode) is the safer side to err on.
    """
    if precise and len(precise) >= PRECISION_MIN_SHARE * len(recall):
        return precise
    return recall


def _is_heading_copy(line: str, heading: str | None) -> bool:
    """Whether ``line`` repeats the page title, or three or more words in a row of it.

    A page title often carries a section or site name around the headline, so the headline
    line is usually a run of the title's words rather than all of them.
    """
    if not heading:
        return False
    words, head = _tokens(line), _tokens(heading)
    if not words:
        return False
    joined, head_joined = " ".join(words), " ".join(head)
    return joined == head_joined or (len(words) >= 3 and joined in head_joined)


def _is_sentence(line: str) -> bool:
    return len(_WORD.findall(line)) >= SENTENCE_MIN_WORDS and bool(_SENTENCE_END.search(line))


def _is_furniture(line: str) -> bool:
    """A short line built around a boilerplate phrase, a bare URL or date, or no words at all."""
    words = _WORD.findall(line)
    if not words:
        return True
    if len(words) > BOILERPLATE_MAX_WORDS:
        return False
    if _FURNITURE.search(line) or _URL_LINE.match(line):
        return True
    label = _FURNITURE_LABEL.search(line) or _DATELINE.search(line)
    return bool(label) and not _is_sentence(line)


def _tail_start(lines: list[str]) -> int:
    """Index where the trailing furniture of ``lines`` begins (``len(lines)`` if none).

    The tail is the last run of furniture and list-item lines; it is cut from its first
    furniture line on. List items above that line stay, because articles do end with lists
    (steps, results); list items below it are the "more stories" links of the page.
    """
    start = len(lines)
    while start > 0 and (_is_furniture(lines[start - 1]) or _BULLET.match(lines[start - 1])):
        start -= 1
    while start < len(lines) and not _is_furniture(lines[start]):
        start += 1
    return start


def _is_label(line: str) -> bool:
    """A line that is not a sentence: a heading, a caption, a widget's label."""
    return not _is_sentence(line) and len(_WORD.findall(line)) <= BOILERPLATE_MAX_WORDS


def clean_lines(text: str, title: str | None) -> str:
    """Drop the lines of ``text`` that are page furniture rather than article.

    Anywhere: teaser lines ("Related: ..."), exact copies of the title, and labels built on a
    furniture phrase ("Pick Six Newsletter"). At the top: copies of the title and furniture
    lines. At the bottom: the trailing furniture block (see :func:`_tail_start`).
    """
    title_words = _tokens(title or "")
    lines = [
        line
        for line in text.splitlines()
        if line.strip()
        and not _TEASER.match(line)
        and not (title_words and _tokens(line) == title_words)
        and not (_is_label(line) and _FURNITURE.search(line))
    ]
    start = 0
    while start < len(lines) and (
        _is_heading_copy(lines[start], title) or _is_furniture(lines[start])
    ):
        start += 1
    end = start + _tail_start(lines[start:])
    return "\n".join(line.strip() for line in lines[start:end])


def _page_root(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fromstring(html)
    except (LxmlError, ValueError):
        return None


def link_share(root: lxml.html.HtmlElement | None, text: str) -> float:
    """The share of the words of ``text`` on lines that are the whole text of a link of the
    page (``root``, ``<a>``): how much of what was extracted is navigation."""
    if root is None:
        return 0.0
    links = {" ".join(a.text_content().split()) for a in root.iter("a")}
    longest_first = sorted((k for k in links if k), key=len, reverse=True)
    words = linked = 0
    for line in text.splitlines():
        n = len(line.split())
        words += n
        linked += n if _all_links(" ".join(line.split()), links, longest_first) else 0
    return linked / words if words else 0.0


def _all_links(line: str, links: set[str], longest_first: list[str]) -> bool:
    """The line is a link's text, or nothing but links' texts side by side (a menu's "Home
    About" on one line, a new user's page): a sentence with a linked phrase has words left."""
    if line in links:
        return True
    rest = f" {line} "
    for link in longest_first:
        if f" {link} " in rest:
            rest = rest.replace(f" {link} ", "  ")
    return bool(line) and not rest.strip()


def declared_url(root: lxml.html.HtmlElement | None) -> str | None:
    """The address the page declares as its own, ``<link rel="canonical">`` or ``og:url``,
    when absolute: trafilatura's metadata missed it on 13 of the 181 pages of the extraction
    benchmark (Reuters, Rolling Stone, BGR, Sportsnet), which then had no link to the
    original, no outlet and no identity by URL (a new user's trial of the formats)."""
    if root is None:
        return None
    found = root.xpath(
        "//link[translate(@rel, 'CANONICAL', 'canonical')='canonical']/@href"
        " | //meta[@property='og:url']/@content"
    )
    return next(
        (u.strip() for u in found if str(u).strip().startswith(("http://", "https://"))), None
    )


#: A byline's piece that is a date's: a weekday, a month, or anything with a digit.
_DATE_PIECE = re.compile(
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march"
    r"|april|may|june|july|august|september|october|november|december|updated|published)"
    r"|.*\d.*",
    re.I,
)
#: A weekday run on at a name's end: "Maria López Tuesday".
_TRAILING_WEEKDAY = re.compile(
    r"\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*$", re.I
)


def byline_names(author: str | None) -> str | None:
    """trafilatura's author without the date a byline line ran on into ("By Maria López --
    Tuesday, July 13, 2021" gave "Maria López Tuesday; July"): the pieces it split the line
    into that are a date's are dropped, a weekday run on at a name's end cut."""
    if not author:
        return None
    names = [_TRAILING_WEEKDAY.sub("", p).strip() for p in author.split(";")]
    kept = [n for n in names if n and not _DATE_PIECE.fullmatch(n)]
    return "; ".join(kept) or None


def _short_title(title: str | None, sitename: str | None) -> str | None:
    """The title without a trailing " - Site name" / " | Site name" suffix."""
    if not title:
        return None
    if sitename:
        for sep in (" - ", " | ", " – ", " — ", " :: "):
            suffix = f"{sep}{sitename}"
            if title.casefold().endswith(suffix.casefold()) and len(title) > len(suffix):
                return title[: -len(suffix)].strip()
    return title.strip() or None


def extract_html(html: str, url: str | None = None) -> HtmlResult:
    """Main text and metadata of an HTML page; empty text (not an error) when there is none,
    or when what there is is the page's links (``links_only``: a menu, a section front).

    ``url`` is the page's address if known; it helps trafilatura with relative links and
    htmldate with dates written in the path.
    """
    empty = HtmlResult(text="", title=None, published=None, byline=None, sitename=None, url=url)
    if not html or not html.strip():
        return empty
    # The metadata is the same in both passes (it is read before the body), so only one
    # pass pays for it.
    recall = _run_trafilatura(html, url, with_metadata=True, favor_recall=True)
    if recall is None:
        return empty
    precise = _run_trafilatura(html, url, with_metadata=False, favor_precision=True)
    text = clean_lines(
        choose_text(recall.text or "", (precise.text if precise else "") or ""), recall.title
    )
    root = _page_root(html)
    links_only = bool(text) and link_share(root, text) > LINK_TEXT_MAX_SHARE
    return HtmlResult(
        text="" if links_only else text,
        title=_short_title(recall.title, recall.sitename),
        published=recall.date or None,
        byline=byline_names(recall.author),
        sitename=recall.sitename or None,
        url=recall.url or url or declared_url(root),
        links_only=links_only,
    )
