"""Self-contained HTML pages: inline CSS and JS, no CDN, opens from disk.

Article text is untrusted input: the Jinja2 environment escapes everything it renders
(``autoescape=True``), and no template marks article-derived text as safe.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from storyline.report.page import (
    OPEN_ITEMS,
    count,
    counterclaims,
    date_label,
    http_url,
    quote_marks,
    said_parts,
    said_text,
    stance_label,
    value_label,
    word_diff,
)
from storyline.report.storylines import (
    StorylineNav,
    StorylinePage,
    story_entries,
    storyline_nav,
    storyline_pages,
)
from storyline.report.view import (
    TIMELINE_MARGIN,
    TIMELINE_WIDTH,
    Links,
    article_label,
    byline_and_wire,
    cited_spans,
    marked,
    segments,
    story_view,
)


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("storyline", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["label"] = article_label
    env.filters["http_url"] = http_url
    env.globals["diff"] = word_diff
    env.globals["date_label"] = date_label
    env.globals["marked"] = marked
    env.globals["byline_and_wire"] = byline_and_wire
    env.globals["timeline_width"] = TIMELINE_WIDTH
    env.globals["timeline_margin"] = TIMELINE_MARGIN
    env.globals["open_items"] = OPEN_ITEMS
    env.globals["stance_label"] = stance_label
    env.globals["quote_marks"] = quote_marks
    env.globals["said_text"] = said_text
    env.globals["said_parts"] = said_parts
    env.globals["counterclaims"] = counterclaims
    env.globals["value_label"] = value_label
    env.globals["count"] = count
    return env


def story_rows(briefing: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per story for the index page (``render_index_rows`` puts them in date order)."""
    dates_by_article = {a["id"]: a.get("published") for a in briefing["articles"]}
    rows = []
    for s in briefing["stories"]:
        dates = sorted(d for aid in s["article_ids"] if (d := dates_by_article.get(aid)))
        span = (
            f"{dates[0]} – {dates[-1]}"
            if dates and dates[0] != dates[-1]
            else (dates[0] if dates else None)
        )
        rows.append(
            {
                "id": s["id"],
                "headline": s.get("headline"),
                "articles": len(s["article_ids"]),
                "families": len(s.get("families", [])),
                "conflicts": len(s.get("conflicts", [])),
                "dates": span,
                "first_date": (s.get("date_span") or [None])[0],
                "last_date": (s.get("date_span") or [None, None])[-1],
                # articles this story's briefing lists as new since the one before, and when
                "new": len((s.get("new_since") or {}).get("articles") or []),
                "new_since": ((s.get("new_since") or {}).get("since") or "")[:10],
            }
        )
    return rows


def by_date(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows in the web index's order (``Store.story_rows``): the latest coverage first (last
    date, then first date, both newest first), undated last, then id: a reader opens the
    index for what is new (oldest first, a run over weeks put today's stories at the end)."""
    by_id = sorted(rows, key=lambda r: r["id"])
    return sorted(
        by_id, key=lambda r: (r.get("last_date") or "", r.get("first_date") or ""), reverse=True
    )


def render_index(env: Environment, briefing: dict[str, Any], links: Links, **extra: Any) -> str:
    """The story list, and the storylines that have more than one story."""
    lines = storyline_pages(briefing, story_entries(briefing))
    return render_index_rows(env, story_rows(briefing), lines, links, **extra)


def render_index_rows(
    env: Environment,
    rows: list[dict[str, Any]],
    lines: list[StorylinePage],
    links: Links,
    **extra: Any,
) -> str:
    """The index page of ``story_rows`` (newest first, as the web index lists them)
    and storylines gathered by the caller."""
    return env.get_template("index.html").render(
        stories=by_date(rows), storylines=lines, links=links, **extra
    )


def render_story(
    env: Environment,
    briefing: dict[str, Any],
    story: dict[str, Any],
    links: Links,
    nav: StorylineNav | None = None,
) -> str:
    """A story's page. ``nav`` places it in its storyline; without it, it is computed from
    ``briefing``, which then must hold the story's neighbours for their headlines."""
    if nav is None:
        nav = storyline_nav(story, story_entries(briefing))
    view = story_view(briefing, story)
    return env.get_template("story.html").render(
        story=story,
        view=view,
        nav=nav,
        links=links,
    )


def render_storyline(env: Environment, page: StorylinePage, links: Links) -> str:
    """A storyline's page: its stories on a dated timeline, each linking to its briefing."""
    return env.get_template("storyline.html").render(line=page, links=links)


def render_article(
    env: Environment,
    briefing: dict[str, Any],
    article: dict[str, Any],
    links: Links,
    versions: list[dict[str, Any]] | None = None,
) -> str:
    """An article's page; ``versions``: its page's versions and what changed between them
    (``storyline.fetch.versions.versions_view``), shown under the text when given."""
    story_id = next(
        (s["id"] for s in briefing["stories"] if article["id"] in s["article_ids"]), None
    )
    segs = segments(article["text"], cited_spans(briefing, article["id"]))
    return env.get_template("article.html").render(
        article=article, segments=segs, story_id=story_id, links=links, versions=versions or []
    )
