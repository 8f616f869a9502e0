"""The report stage: a briefing document rendered as Markdown and self-contained HTML.

``write_reports(briefing, out_dir)`` writes ``briefing.md``, ``index.html``, one page per story,
one per storyline of more than one story (its stories on a dated timeline) and one per article
(the target of every citation link, with the cited span highlighted). The web UI renders the
same templates from the store.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment

from storyline.briefing import Briefing, document
from storyline.errors import StorylineError
from storyline.report.html import (
    environment,
    render_article,
    render_index,
    render_story,
    render_storyline,
)
from storyline.report.markdown import markdown_of, render_markdown
from storyline.report.storylines import (
    StoryEntry,
    story_entries,
    storyline_nav,
    storyline_pages,
)
from storyline.report.view import Links, named_articles

__all__ = ["ReportError", "check_out_dir", "render_markdown", "write_pages", "write_reports"]


class ReportError(StorylineError):
    """The reports cannot be written where they were asked for; the message says why."""


def check_out_dir(out_dir: Path) -> None:
    """Refuse, before any work, a report folder that cannot be one: a file of that name, or a
    path under a file or a folder this process cannot write to."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ReportError(f"{out_dir}: is a file, not a folder for the reports (see --out)")
    there = next(p for p in (out_dir, *out_dir.parents) if p.exists())
    if not there.is_dir():
        raise ReportError(f"{out_dir}: cannot be a folder, {there} is a file")
    if not os.access(there, os.W_OK | os.X_OK):
        raise ReportError(f"{out_dir}: cannot write the reports there ({there} is not writable)")


def write_reports(
    briefing: Briefing | dict[str, Any],
    out_dir: str | Path,
    progress: Any = None,
    written: set[str] | None = None,
    elsewhere: Mapping[str, StoryEntry] | None = None,
) -> dict[str, Path]:
    """Write the Markdown and HTML reports of ``briefing`` into ``out_dir``; a dict (a
    ``briefing.json`` read back) is read through the model (``storyline.briefing.document``).
    Returns the files to name to the user; adds the name (relative to ``out_dir``) of every
    file written to ``written`` (``storyline.report.prune``). ``elsewhere``: stories of its
    storylines that the briefing does not hold (``storylines.stored_entries``), named on
    its storyline pages, story pages and in ``briefing.md`` without a link."""
    briefing = document(briefing)
    out_dir = Path(out_dir)
    check_out_dir(out_dir)  # a file of that name: one line, not the OS's FileExistsError
    out_dir.mkdir(parents=True, exist_ok=True)
    names = written if written is not None else set()
    env, links = environment(), Links()
    md = out_dir / "briefing.md"
    md.write_text(markdown_of(briefing, elsewhere), encoding="utf-8")
    index = out_dir / "index.html"
    index.write_text(render_index(env, briefing, links), encoding="utf-8")
    names |= {md.name, index.name}
    entries = {**(elsewhere or {}), **story_entries(briefing)}
    write_pages(briefing, out_dir, entries, env, links, progress, names)
    for line in storyline_pages(briefing, entries):
        name = links.storyline(line.id)
        (out_dir / name).write_text(render_storyline(env, line, links), encoding="utf-8")
        names.add(name)
    return {"markdown": md, "html": index}


def write_pages(
    briefing: dict[str, Any],
    out_dir: Path,
    entries: Mapping[str, StoryEntry],
    env: Environment,
    links: Links,
    progress: Any = None,
    written: set[str] | None = None,
) -> None:
    """The page of each story of ``briefing`` and of each of its articles; ``entries`` (every
    story of the run, ``story_entries``) place each story in its storyline. Each page is
    rendered from the part of the briefing it shows: the renderers look articles and stories
    up by scanning lists, which over a whole archive is quadratic. Each page's name (relative
    to ``out_dir``) is added to ``written``."""
    names = written if written is not None else set()
    by_id = {a["id"]: a for a in briefing["articles"]}
    stories_of: dict[str, list[dict[str, Any]]] = {aid: [] for aid in by_id}
    for story in briefing["stories"]:
        part = {
            "articles": [by_id[a] for a in named_articles(story) if a in by_id],
            "stories": [story],
        }
        for aid in story["article_ids"]:
            stories_of.setdefault(aid, []).append(story)
        name = links.story(story["id"])
        html = render_story(env, part, story, links, storyline_nav(story, entries))
        (out_dir / name).write_text(html, encoding="utf-8")
        names.add(name)
        if progress:
            progress(1)
    for article in briefing["articles"]:
        part = {"articles": [article], "stories": stories_of[article["id"]]}
        name = links.article(article["id"])
        (out_dir / name).write_text(render_article(env, part, article, links), encoding="utf-8")
        names.add(name)
