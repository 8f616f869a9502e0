"""Commands on stories: stories (and storylines), story."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from storyline.cli.common import (
    AMBIGUOUS_SHOWN,
    TITLE_CHARS,
    DbOption,
    JsonFlag,
    _fail,
    _not_one,
    _print_json,
    _print_table,
    _store,
    app,
    out,
)
from storyline.cli.help import Command
from storyline.defaults import DEFAULT_DB


def _span(span: Any) -> str:
    """A story's dates as the reports show them: one day once, a span as first – last."""
    from storyline.report.storylines import date_range

    return date_range(span) or "–"


@app.command(cls=Command)
def stories(
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonFlag = False,
    storylines: Annotated[
        bool,
        typer.Option(
            "--storylines",
            help="List storylines instead: a story and its follow-ups, in date "
            "order (a lone story is its own storyline).",
        ),
    ] = False,
    min_stories: Annotated[
        int,
        typer.Option(
            "--min-stories",
            min=1,
            help="With --storylines: only storylines of at least this many stories.",
        ),
    ] = 1,
) -> None:
    """List the stories in the store (of every analysis), or with --storylines their storylines.

    Example: storyline stories --db news.duckdb --json

    Example: storyline stories --storylines --min-stories 2
    """
    if storylines:
        _storylines(db, as_json, min_stories)
        return
    if min_stories > 1:  # it was ignored, and every story listed (a new user's trial)
        raise _fail("--min-stories counts a storyline's stories: give --storylines too")
    with _store(db, read_only=True) as store:
        found = store.stories()
    rows: list[dict[str, Any]] = [
        {
            "id": s.id,
            "headline": s.headline,
            "articles": len(s.article_ids),
            "independent_sources": len(s.families),  # the briefing's and /api/stories' name
            "date_span": list(s.date_span) if s.date_span else None,
            "storyline": s.storyline or s.id,
        }
        for s in found
    ]
    if as_json:
        _print_json(rows)
        return
    from storyline.report.page import cut_words  # not at start-up: the report loads Jinja

    table = Table("id", "articles", "independent", "dates", "headline")
    for r in rows:  # cells as Text: a headline is the article's, never rich markup
        table.add_row(
            r["id"],
            str(r["articles"]),
            str(r["independent_sources"]),
            _span(r["date_span"]),
            Text(cut_words(r["headline"] or "–", TITLE_CHARS)),
        )
    _print_table(table)


def _storylines(db: Path, as_json: bool, min_stories: int = 1) -> None:
    with _store(db, read_only=True) as store:
        found = [ln for ln in store.storylines() if len(ln.story_ids) >= min_stories]
    rows: list[dict[str, Any]] = [
        {
            "id": ln.id,
            "stories": len(ln.story_ids),
            "story_ids": ln.story_ids,
            "date_span": list(ln.date_span) if ln.date_span else None,
            "headline": ln.headline,
        }
        for ln in found
    ]
    if as_json:
        _print_json(rows)
        return
    from storyline.report.page import cut_words

    table = Table("storyline", "stories", "dates", "headline")
    for r in rows:
        table.add_row(
            r["id"],
            str(r["stories"]),
            _span(r["date_span"]),
            Text(cut_words(r["headline"] or "–", TITLE_CHARS)),
        )
    _print_table(table)


@app.command(cls=Command)
def story(
    story_id: Annotated[str, typer.Argument(help="Story id (or a unique prefix).")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonFlag = False,
) -> None:
    """Show one story: its articles, wire families and, after `analyze`, its briefing.

    Example: storyline story 9b1e --db news.duckdb --json
    """
    with _store(db, read_only=True) as store:
        found = store.get_story(story_id)
        if found is None:
            matches = store.story_ids_starting(story_id, AMBIGUOUS_SHOWN + 1)
            raise _not_one("story", story_id, matches, db)
        articles = {a.id: a for a in store.articles(found.article_ids)}
        briefing = store.get_briefing(found.id)
    if as_json:
        _print_json(
            {
                "id": found.id,
                "headline": found.headline,
                "storyline": found.storyline or found.id,
                "article_ids": found.article_ids,
                "families": [f.__dict__ for f in found.families],
                "date_span": found.date_span,
                "briefing": briefing.model_dump(mode="json") if briefing else None,
            }
        )
        return
    out.print(Text(found.headline or found.id, style="bold"), highlight=False)
    for fam in found.families:
        label = f"family {fam.id}" + (f" ({fam.wire})" if fam.wire else "")
        out.print(label, highlight=False, markup=False)
        for aid in fam.article_ids:
            a = articles.get(aid)
            if a:
                out.print(
                    f"  {aid}  {a.published or '–'}  {a.outlet or '–'}  {a.title or ''}",
                    highlight=False,
                    markup=False,
                )
    if briefing:
        for line in briefing.summary:
            out.print(f"• {line.text}", highlight=False, markup=False)
