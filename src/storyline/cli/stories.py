"""Commands on stories: stories (and storylines), story."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from storyline.cli.common import (
    AMBIGUOUS_SHOWN,
    TITLE_CHARS,
    DbOption,
    JsonFlag,
    _fail,
    _given_id,
    _not_one,
    _note,
    _print_json,
    _print_table,
    _store,
    app,
    out,
)
from storyline.cli.help import Command
from storyline.defaults import DEFAULT_DB

if TYPE_CHECKING:
    from storyline.briefing import Story as BriefedStory
    from storyline.briefing_parts import Changes
    from storyline.models import Article, Story
    from storyline.store import Store


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
        if not found:
            _not_analysed(store, db)
        # the conflicts each briefing holds, as /api/stories and the web index count them
        conflicts = {r.id: r.conflicts for r in store.story_rows()}
    rows: list[dict[str, Any]] = [
        {
            "id": s.id,
            "headline": s.headline,
            "articles": len(s.article_ids),
            "independent_sources": len(s.families),  # the briefing's and /api/stories' name
            "conflicts": conflicts.get(s.id, 0),
            "date_span": list(s.date_span) if s.date_span else None,
            "storyline": s.storyline or s.id,
        }
        for s in found
    ]
    if as_json:
        _print_json(rows)
        return
    from storyline.report.page import cut_words  # not at start-up: the report loads Jinja

    table = Table("id", "articles", "independent", "conflicts", "dates", "headline")
    for r in rows:  # cells as Text: a headline is the article's, never rich markup
        table.add_row(
            r["id"],
            str(r["articles"]),
            str(r["independent_sources"]),
            str(r["conflicts"]),
            _span(r["date_span"]),
            Text(cut_words(r["headline"] or "–", TITLE_CHARS)),
        )
    _print_table(table)


def _not_analysed(store: Store, db: Path) -> None:
    """Say what to run when a store with no story holds articles (an ingest, no analysis)."""
    if n := store.count_articles():
        _note(f"{n} articles stored, no stories yet: run `storyline analyze --db {db}`")


def _storylines(db: Path, as_json: bool, min_stories: int = 1) -> None:
    with _store(db, read_only=True) as store:
        found = [ln for ln in store.storylines() if len(ln.story_ids) >= min_stories]
        if not found and not store.count_stories():
            _not_analysed(store, db)
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
    if not rows and min_stories > 1:  # an empty table alone said nothing (a new user's trial)
        _note(f"no storyline of {min_stories} or more stories")
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


#: Stories a ``search`` lists at most by default (each with its best hit).
SEARCH_STORIES = 20


@app.command(cls=Command)
def search(
    query: Annotated[str, typer.Argument(help="Words to find: a name, a place, a number.")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonFlag = False,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="Most stories to list, best first.")
    ] = SEARCH_STORIES,
) -> None:
    """Find the stories whose articles or claims hold some words, best first, each with the
    sentence that matched (the web UI's search, on the command line).

    Example: storyline search "Champlain Towers" --db news.duckdb
    """
    from storyline.store.search import MAX_HITS, SearchIndex

    with _store(db, read_only=True):
        pass  # a missing store is refused as every command refuses it
    index = SearchIndex()
    try:
        hits = index.search(query, db, limit=MAX_HITS + 1)
    finally:
        index.close()
    best: dict[str, Any] = {}
    for h in hits:  # best first: a story's first hit is its best
        best.setdefault(h.group, h)
    found = list(best.values())
    rows = [
        {
            "story_id": h.story_id,
            "headline": h.story_title,
            "date_span": list(h.dates) if h.story_id else None,
            "kind": h.kind,
            "article_id": h.ref if h.kind == "article" else None,
            "claim_id": h.claim_id,
            "snippet": h.snippet,
        }
        for h in found[:limit]
    ]
    if len(found) > limit or len(hits) > MAX_HITS:
        _note(f"showing the best {len(rows)} stories: give --limit, or more words")
    if as_json:
        _print_json(rows)
        return
    if not rows:
        _note(f"nothing found for {query!r}")
        return
    from storyline.report.page import cut_words

    table = Table("story", "dates", "headline", "matched")
    for r in rows:
        table.add_row(
            r["story_id"] or f"(article {r['article_id']}, in no story yet)",
            _span(r["date_span"]),
            Text(cut_words(r["headline"] or "–", TITLE_CHARS)),
            Text(cut_words(r["snippet"], 2 * TITLE_CHARS)),
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
    from storyline.stored import stored_briefing

    story_id = _given_id("story", story_id)
    with _store(db, read_only=True) as store:
        found = store.get_story(story_id) or store.get_story(story_id.lower())
        if found is None and (now := store.current_story_id(story_id)) is not None:
            _note(f"{story_id}: a later analysis grouped its articles into {now}")
            found = store.get_story(now)
        if found is None:
            matches = store.story_ids_starting(story_id, AMBIGUOUS_SHOWN + 1)
            raise _not_one("story", story_id, matches, db)
        articles = {a.id: a for a in store.articles(found.article_ids)}
        # the JSON's briefing names the storyline the story is in now (reading storylines
        # loads the clusterer); the text prints the story's own storyline, not the briefing's
        briefing = stored_briefing(store, found) if as_json else store.get_briefing(found.id)
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
    _print_story(found, articles, briefing)


def _print_story(found: Story, articles: dict[str, Article], briefing: BriefedStory | None) -> None:
    """The text ``story`` prints: headline, id, dates and storyline; the articles by wire
    family; the summary, the conflicts (each with its values), the quote cards' count and
    what is new since the last briefing."""
    from storyline.report.view import article_label

    out.print(Text(found.headline or found.id, style="bold"), highlight=False)
    line = found.storyline or found.id
    _say(f"{found.id} · {_span(found.date_span)} · storyline {line}")
    for fam in found.families:
        label = f"family {fam.id}" + (f" ({fam.wire})" if fam.wire else "")
        _say(label)
        for aid in fam.article_ids:
            if a := articles.get(aid):
                name = article_label(a.to_dict())
                _say(f"  {aid}  {a.published or '–'}  {name}  {a.title or ''}")
    if briefing is None:
        return
    for bullet in briefing.summary:
        _say(f"• {_one_line(bullet.text)}")
    if briefing.conflicts:
        kinds = Counter(c.kind for c in briefing.conflicts)
        listed = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        _say(f"conflicts: {len(briefing.conflicts)} ({listed})")
        for c in briefing.conflicts:  # each value as its sources write it, and who does
            values = " | ".join(
                f"{_one_line(v.value)} ({_outlets(v.article_ids, articles)})" for v in c.values
            )
            subject = _one_line(c.subject).removeprefix(f"{c.kind}: ")  # "headline: headline: ..."
            _say(f"  {c.kind}: {subject}: {values}")
    if briefing.quotes:
        from storyline.report.page import speaker_key  # counted as the story page counts them

        speakers = {speaker_key(q.speaker, q.speaker_entity) for q in briefing.quotes if q.speaker}
        named_ones = {q.speaker_entity for q in briefing.quotes if q.speaker_entity}
        named = f"{len(speakers)} speaker{'s' if len(speakers) != 1 else ''}, "
        named += f"{len(named_ones)} named"
        _say(f"quote cards: {len(briefing.quotes)}, {named}")
    if (new := briefing.new_since) is not None:
        when = new.since[:16].replace("T", " ")  # as the Markdown report writes it
        _say(f"new since {when} UTC: {_changes(new)}")


def _outlets(article_ids: list[str], articles: dict[str, Article]) -> str:
    """Who gives a conflict's value: its articles' outlets (else titles or files), once each."""
    from storyline.report.view import article_label

    names = [article_label(a.to_dict()) for aid in article_ids if (a := articles.get(aid))]
    return ", ".join(dict.fromkeys(names)) or ", ".join(article_ids)


def _say(line: str) -> None:
    """Print an input-derived line as plain text, never as rich markup."""
    out.print(line, highlight=False, markup=False, soft_wrap=True)


def _one_line(text: str) -> str:
    """A cited sentence on one line: a sentence may run over a paragraph break."""
    return " ".join(text.split())


def _changes(new: Changes) -> str:
    """What a story gained since its last briefing, counted ("3 articles, 9 claims, ...")."""
    from storyline.report.page import count

    parts = [count(len(new.articles), "article")]
    if new.articles_left:
        parts.append(f"{count(len(new.articles_left), 'article')} gone to another story")
    parts += [
        count(len(new.claims), "claim"),
        count(len(new.conflicts), "conflict"),
        count(len(new.quotes), "quote card"),
    ]
    return ", ".join(parts)
