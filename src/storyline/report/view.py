"""The view of a briefing that every renderer shares: lookups, the coverage matrix, the timeline
geometry and the segmentation of article text for highlighting.

Renderers (static HTML, Markdown, the web UI) only format what this module computes, so the
three always agree on what a briefing says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from storyline.models import outlet_key, site_of
from storyline.report.page import (
    FRAGMENT_WORDS,
    SpeakerGroup,
    conflict_heading,
    cut_words,
    speaker_groups,
    text_fragment,
    url_host,
)

#: Timeline drawing: width of the SVG in px, left/right margin, and vertical step per event.
TIMELINE_WIDTH = 1040
TIMELINE_MARGIN = 70
TIMELINE_ROW = 26
#: Average width of one character of the 12px label font, to cut labels before the SVG's edge.
TIMELINE_CHAR_PX = 6.4
#: A label starts this far left of its date's dot (never left of the SVG's edge).
TIMELINE_LABEL_LEAD = 60


@dataclass
class Links:
    """How pages point at each other: relative files for the static report, routes for the UI."""

    index: str = "index.html"
    story_pattern: str = "story-{id}.html"
    article_pattern: str = "article-{id}.html"
    storyline_pattern: str = "storyline-{id}.html"
    #: Left out of a story's or storyline's id in its file name: ids begin with "story-", and
    #: "story-story-3f2a.html" says it twice (routes of the web UI keep the whole id).
    drop: str = "story-"

    def story(self, story_id: str) -> str:
        return self.story_pattern.format(id=story_id.removeprefix(self.drop))

    def storyline(self, storyline_id: str) -> str:
        return self.storyline_pattern.format(id=storyline_id.removeprefix(self.drop))

    def article(self, article_id: str, start: int | None = None, end: int | None = None) -> str:
        url = self.article_pattern.format(id=article_id)
        return f"{url}#span-{start}-{end}" if start is not None else url


WEB_LINKS = Links(
    index="/",
    story_pattern="/stories/{id}",
    article_pattern="/articles/{id}",
    storyline_pattern="/storylines/{id}",
    drop="",
)


@dataclass
class Segment:
    """A run of article text; ``cited`` when some briefing span covers it."""

    start: int
    end: int
    text: str
    cited: bool


@dataclass
class StoryView:
    story: dict[str, Any]
    articles: dict[str, dict[str, Any]]
    claims: dict[str, dict[str, Any]]
    outlets: list[tuple[str, str]]  # (article id, label) in table order
    matrix: list[tuple[dict[str, Any], list[bool]]]  # claim, carried by each article
    timeline: list[dict[str, Any]] = field(default_factory=list)
    timeline_height: int = 0
    headings: dict[str, str] = field(default_factory=dict)  # conflict id -> its heading
    speakers: list[SpeakerGroup] = field(default_factory=list)
    #: Article id -> the earliest member of its family when it is another (the same source:
    #: a copy of its text, or another report of the same outlet or agency), else None.
    copy_of: dict[str, str | None] = field(default_factory=dict)
    #: Articles of the briefing outside the story that it names (``new_since.articles_left``).
    elsewhere: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Article id -> the wire agency its family credits, where one does.
    wires: dict[str, str] = field(default_factory=dict)

    def source_note(self, article_id: str) -> tuple[str, str] | None:
        """Why an article is not an independent source, as (badge, the rest): another
        report of the same known outlet, one of the same agency, or a copy; ``None`` for
        the first member of its family (``copy_of``)."""
        first = self.copy_of.get(article_id)
        if first is None:
            return None
        if _same_outlet(self.articles, article_id, first):
            # the outlet names both: which of its reports is told by the title
            title = (self.articles.get(first) or {}).get("title")
            which = f", “{cut_words(title, LABEL_TITLE_CHARS)}”" if title else ""
            return "same outlet", f"as {self.label(first)}{which}"
        if wire := self.wires.get(article_id):
            return "same agency", f"({wire}) as {self.label(first)}"
        return "copy", f"of {self.label(first)}"

    @property
    def summary_heading(self) -> str:
        """ "Consensus summary" when every summary line is stated by two independent sources
        or more; else "Summary" (a story of one source, or one whose summary had to take a
        line one source alone states)."""
        lines = self.story.get("summary", [])
        agreed = all(
            self.claims.get(cid, {}).get("independent_sources", 0) >= 2
            for line in lines
            for cid in line["claim_ids"]
        )
        return "Consensus summary" if lines and agreed else "Summary"

    def column(self, label: str) -> str:
        """An outlet's label as a table column's heading: whole up to ``COLUMN_LEEWAY`` past
        ``COLUMN_CHARS``, else cut at a word with the number of one of its reports kept
        ("Washington Examiner… (2)"; a plain cut lost it)."""
        if len(label) <= COLUMN_CHARS + COLUMN_LEEWAY:
            return label
        head, number = label, ""
        if label.endswith(")") and " (" in label:
            before, _, last = label.rpartition(" (")
            if last[:-1].isdigit():
                head, number = before, f" ({last}"
        return cut_words(head, COLUMN_CHARS - len(number)) + number

    @cached_property
    def _labels(self) -> dict[str, str]:
        return dict(self.outlets)

    def label(self, article_id: str) -> str:
        """How the page names the article: its outlet wherever one is known (an article
        the story gave up to another story, too, when the briefing holds it), numbered in
        the story's table order where the story holds two of one outlet's articles."""
        if (label := self._labels.get(article_id)) is not None:
            return label
        article = self.articles.get(article_id) or self.elsewhere.get(article_id)
        return article_label(article) if article else article_id

    def original(self, span: dict[str, Any]) -> str | None:
        """The span's sentence on the article's original page (a text-fragment link), when
        the article has an http(s) URL."""
        article = self.articles.get(span["article_id"])
        if not article:
            return None
        text, start = article.get("text") or "", span.get("start")
        # the words before it, when the words a link starts with occur more than once on the
        # page (a browser matches them whatever their case)
        head = " ".join(span["text"].split()[:FRAGMENT_WORDS]).lower()
        repeated = _flat_lower(text).count(head) > 1
        before = text[:start] if isinstance(start, int) and repeated else ""
        return text_fragment(article.get("url"), span["text"], before)


@lru_cache(maxsize=64)
def _flat_lower(text: str) -> str:
    """An article's text on one line, lower-cased (read once per article, not once a link)."""
    return " ".join(text.split()).lower()


def numbered_labels(labels: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(article id, label)`` pairs with a label that two or more articles share numbered
    in their order ("Fox News (1)", "Fox News (2)"): a citation "Fox News [120–184]" would not
    say which of the outlet's two reports holds those characters."""
    total: dict[str, int] = {}
    for _, label in labels:
        total[label] = total.get(label, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for aid, label in labels:
        if total[label] > 1:
            seen[label] = seen.get(label, 0) + 1
            label = f"{label} ({seen[label]})"
        out.append((aid, label))
    return out


#: Longest column heading of an outlet in a story page's tables, and how much longer a label
#: may be and still be kept whole (as Jinja's ``truncate`` keeps it: a cut that saves a few
#: characters only hides words).
COLUMN_CHARS = 24
COLUMN_LEEWAY = 5


#: Longest title used as a column label when an article has no known outlet.
LABEL_TITLE_CHARS = 48


#: Files that hold many articles (JSON Lines, feeds, WARC crawls): their name tells none of
#: them apart, so an article read from one with no outlet, URL or title is named by its
#: first words instead.
CONTAINER_SUFFIXES = (".jsonl", ".ndjson", ".json", ".xml", ".rss", ".atom", ".warc", ".gz")


def article_label(article: dict[str, Any]) -> str:
    """How pages name an article: its outlet, else its URL's domain, else its title, else its
    file name (its first words, for a record of a file of many articles)."""
    if article.get("outlet"):
        return str(article["outlet"])
    host = url_host(article.get("url"))
    if host:
        return host
    title = article.get("title")
    if title:
        return cut_words(title, LABEL_TITLE_CHARS)
    name = Path(article.get("source_path") or "").name
    if name and not name.lower().endswith(CONTAINER_SUFFIXES):
        return name
    words = " ".join((article.get("text") or "").split()[:20])
    return cut_words(words, LABEL_TITLE_CHARS) if words else name or article["id"]


def byline_and_wire(article: dict[str, Any]) -> tuple[str, str]:
    """(byline, wire) for display, the wire left out when the byline already says it."""
    byline, wire = article.get("byline") or "", article.get("wire") or ""
    return byline, ("" if wire and wire.lower() == byline.lower() else wire)


def articles_left(story: dict[str, Any]) -> list[str]:
    """Ids of the articles the story gave up to another story since its last briefing
    (``new_since.articles_left``)."""
    return (story.get("new_since") or {}).get("articles_left") or []


def named_articles(story: dict[str, Any]) -> list[str]:
    """Ids of the articles a story's page names: its own, then ``articles_left``."""
    return [*story["article_ids"], *articles_left(story)]


def story_view(briefing: dict[str, Any], story: dict[str, Any]) -> StoryView:
    articles = {a["id"]: a for a in briefing["articles"] if a["id"] in story["article_ids"]}
    order = sorted(articles.values(), key=lambda a: (a.get("published") or "9999", a["id"]))
    outlets = numbered_labels([(a["id"], article_label(a)) for a in order])
    claims = {c["id"]: c for c in story.get("claims", [])}
    ranked = sorted(
        story.get("claims", []),
        key=lambda c: (-c.get("independent_sources", 0), -len(c["sources"]), c["id"]),
    )
    matrix = []
    for claim in ranked:
        carried = {s["article_id"] for s in claim["sources"]}
        matrix.append((claim, [aid in carried for aid, _ in outlets]))
    view = StoryView(story=story, articles=articles, claims=claims, outlets=outlets, matrix=matrix)
    view.timeline, view.timeline_height = timeline_geometry(story.get("timeline", []))
    view.headings = {
        c["id"]: conflict_heading(c, story.get("claims", [])) for c in story.get("conflicts", [])
    }
    view.speakers = speaker_groups(story.get("quotes", []))
    view.copy_of = copies(articles, story)
    left = set(articles_left(story))
    view.elsewhere = {a["id"]: a for a in briefing["articles"] if a["id"] in left}
    view.wires = {
        aid: f["wire"]
        for f in story.get("families", [])
        if f.get("wire")
        for aid in f["article_ids"]
    }
    return view


def _same_outlet(articles: dict[str, dict[str, Any]], a: str, b: str) -> bool:
    """Whether two articles are one outlet's: its name, or the site their URLs lie on (a
    columnist's page at the outlet's site, ``cluster.families.sources_of``)."""
    outlet, site = _outlet(articles, a), site_of((articles.get(a) or {}).get("url"))
    return (outlet is not None and outlet == _outlet(articles, b)) or (
        site is not None and site == site_of((articles.get(b) or {}).get("url"))
    )


def _outlet(articles: dict[str, dict[str, Any]], article_id: str) -> str | None:
    return outlet_key((articles.get(article_id) or {}).get("outlet"))


def copies(articles: dict[str, dict[str, Any]], story: dict[str, Any]) -> dict[str, str | None]:
    """Article id -> the earliest member of its family (its source: a wire text and its
    copies, or one outlet's reports) when it is another member (not independent), else
    None."""
    published = {aid: (a.get("published") or "9999", aid) for aid, a in articles.items()}
    out: dict[str, str | None] = {}
    for fam in story.get("families", []):
        members = sorted(fam["article_ids"], key=lambda aid: published.get(aid, ("9999", aid)))
        for i, aid in enumerate(members):
            out[aid] = members[0] if i > 0 else None
    return out


def _date_order(value: str) -> tuple[str, int, str]:
    """A timeline date's place: its first day ("2021-W19" is 10 May, not after every day of
    2021, as text would have it), then the finer date first, as the briefing orders them."""
    from storyline.reconcile.lines import first_day

    return (first_day(value), -len(value), value) if value else ("", 0, "")


def timeline_geometry(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Place timeline items on an axis: x by date order (equal steps per distinct date)."""
    dates = sorted({i["date"] for i in items if i.get("date")}, key=_date_order)
    if not dates:
        return [], 0
    usable = TIMELINE_WIDTH - 2 * TIMELINE_MARGIN
    step = usable / max(len(dates) - 1, 1)
    xs = {d: TIMELINE_MARGIN + i * step for i, d in enumerate(dates)}
    placed = []
    for row, item in enumerate(
        sorted(items, key=lambda i: (_date_order(i.get("date") or ""), i["text"]))
    ):
        if not item.get("date"):
            continue
        x = xs[item["date"]]
        label_x = max(4.0, x - TIMELINE_LABEL_LEAD)
        room = int((TIMELINE_WIDTH - label_x) / TIMELINE_CHAR_PX)
        label = cut_words(item["text"], room)  # at a whole word: "said Ukrain…" misreads
        placed.append(
            {
                **item,
                "x": round(x, 1),
                "y": 40 + row * TIMELINE_ROW,
                "label_x": round(label_x, 1),
                "label": label,
            }
        )
    return placed, 40 + len(placed) * TIMELINE_ROW + 10


def cited_spans(briefing: dict[str, Any], article_id: str) -> list[tuple[int, int]]:
    """Every (start, end) the briefing cites in one article, from every section."""
    from storyline.reconcile.schema import all_spans

    return sorted(
        {(s["start"], s["end"]) for s in all_spans(briefing) if s["article_id"] == article_id}
    )


def segments(text: str, spans: Iterable[tuple[int, int]]) -> list[Segment]:
    """Cut ``text`` at every span boundary so any cited span is a run of whole segments."""
    bounds = {0, len(text)}
    spans = [(max(0, s), min(len(text), e)) for s, e in spans if s < e]
    for s, e in spans:
        bounds.update((s, e))
    cuts = sorted(bounds)
    at = {c: i for i, c in enumerate(cuts)}
    # spans open at each cut, counted in one sweep (a segment never straddles a span's bounds,
    # so it is cited when one is open over it): testing every span per segment is quadratic
    opened = [0] * len(cuts)
    for s, e in spans:
        opened[at[s]] += 1
        opened[at[e]] -= 1
    out, depth = [], 0
    for i, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False)):
        depth += opened[i]
        out.append(Segment(a, b, text[a:b], depth > 0))
    return out


def marked(text: str, words: Sequence[str] | None) -> list[tuple[str, bool]]:
    """``text`` cut into runs, each with whether it is one of a detail claim's ``words`` as
    written (the place, person, count or label that makes the sentence one outlet's alone,
    or what an outlet leaves out): a reader sees which words of the cited sentence the line
    is about, not the whole sentence as if all of it were the outlet's own."""
    hits: list[tuple[int, int]] = []
    for w in words or ():
        if not w.strip():
            continue
        # as a whole word: "Hill" is not marked inside "Hillary", nor "19" inside "2019"
        pattern = re.compile(rf"(?<!\w){re.escape(w)}(?!\w)")
        m = pattern.search(text) or re.compile(pattern.pattern, re.I).search(text)
        if m and not any(m.start() < e and s < m.end() for s, e in hits):
            hits.append((m.start(), m.end()))
    out: list[tuple[str, bool]] = []
    pos = 0
    for s, e in sorted(hits):
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < len(text):
        out.append((text[pos:], False))
    return out
