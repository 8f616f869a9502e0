"""The command line: a thin layer over the library.

Each command calls library functions; no command holds logic of its own beyond formatting.
Errors are turned into one-line messages in one place, ``_Group.invoke``: every error storyline
raises on purpose is a ``StorylineError`` (``storyline.errors``), and the commands raise one
too (``_fail``) for what they check themselves. ``storyline COMMAND --help`` shows an example.

Text that comes from input (titles, outlets, quotes, file and store names, error messages) is
printed as plain text, never parsed as rich markup: a title such as ``[/x]`` is text.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup

from storyline.errors import StorylineError
from storyline.ingest import MAX_ARTICLE_BYTES
from storyline.models import Article, ReadError, one_line
from storyline.store import DEFAULT_DB, Store

#: Where the one-line error of a failed command goes, before its message.
ERROR_PREFIX = "storyline: error:"
#: Bytes in a MiB, the unit of ``--max-mb`` (and of the size limit's messages).
MIB = 1 << 20

out = Console()
err = Console(stderr=True)


def _error_line(message: str) -> str:
    """``message`` on one line: a DuckDB error, for one, spans several."""
    return " ".join(line.strip() for line in message.splitlines() if line.strip())


class _Group(TyperGroup):
    """The command group; its ``invoke`` is the one place where errors become one line.

    A ``StorylineError`` from any command, or from the library under it, is printed as
    ``storyline: error: <message>`` on stderr and exits with status 1; anything else is a
    bug and keeps its traceback. Typer's own usage errors (status 2) are not touched.
    """

    def invoke(self, ctx: Any) -> Any:  # a Context of the click that typer bundles
        try:
            return super().invoke(ctx)
        except StorylineError as exc:
            line = Text.assemble((ERROR_PREFIX, "red"), " ", _error_line(str(exc)))
            err.print(line, highlight=False, soft_wrap=True)
            raise typer.Exit(1) from exc


app = typer.Typer(
    cls=_Group,
    help="Group news articles into stories and write briefings that cite their sources.\n\n"
    "Example: storyline analyze articles/ --out report/",
    no_args_is_help=True,
    add_completion=False,
)

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB store file.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _fail(message: str) -> StorylineError:
    """The error a command raises for what it checks itself; ``_Group.invoke`` prints it."""
    return StorylineError(message)


def _report_error(error: ReadError) -> None:
    err.print(
        Text.assemble(("skipped", "yellow"), " ", str(error)), highlight=False, soft_wrap=True
    )


def _report_languages(articles: Sequence[Article]) -> None:
    """One line per article in another language: kept and clustered, but not read for
    claims, quotes or headlines (``storyline.language``)."""
    from storyline.language import ENGLISH, language_of

    for a in articles:
        lang = language_of(a)
        if lang is not None and lang != ENGLISH:
            where = one_line(a.source_path) + (f" ({one_line(a.record)})" if a.record else "")
            line = f"{where}: written in '{lang}', not English: kept out of claims and quotes"
            err.print(Text.assemble(("note", "cyan"), " ", line), highlight=False, soft_wrap=True)


@contextmanager
def _store(db: Path, *, read_only: bool = False) -> Iterator[Store]:
    if read_only and not db.exists():
        raise _fail(f"{db}: no such store (run `storyline ingest` or `storyline analyze` first)")
    with Store(db, read_only=read_only) as store:
        yield store


@contextmanager
def _progress(enabled: bool = True) -> Iterator[Progress]:
    """A progress bar on stderr; rich hides it when stderr is not a terminal."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True, disable=not enabled) as bar:
        yield bar


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or globs.")],
    db: DbOption = Path(DEFAULT_DB),
    registry: Annotated[
        Path | None, typer.Option(help="Your own outlet registry (JSON) on top of the bundled one.")
    ] = None,
    max_mb: Annotated[
        float, typer.Option(help="Largest single article, in MiB (1 MiB = 1,048,576 bytes).")
    ] = MAX_ARTICLE_BYTES / MIB,
) -> None:
    """Read articles into the store; bad files are reported and skipped.

    Example: storyline ingest news/ 'feeds/*.xml' crawl.warc.gz --db news.duckdb
    """
    from storyline.ingest import OutletRegistry
    from storyline.pipeline import ingest as run_ingest

    try:
        reg = OutletRegistry.load(registry) if registry else None
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    with _store(db) as store, _progress() as bar:
        task = bar.add_task("ingest", total=None)
        result = run_ingest(
            paths,
            store,
            progress=lambda n: bar.advance(task, n),
            on_error=_report_error,
            registry=reg,
            max_bytes=int(max_mb * MIB),
        )
    out.print(
        f"{len(result.added)} added, {len(result.skipped)} already stored, "
        f"{len(result.errors)} skipped as unreadable → {db}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    if not result.added and not result.skipped:
        raise typer.Exit(1)


@app.command("list")
def list_articles(
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonFlag = False,
    limit: Annotated[int, typer.Option(help="Show at most N.")] = 1000,
) -> None:
    """List stored articles.

    Example: storyline list --db news.duckdb --json
    """
    with _store(db, read_only=True) as store:
        articles = store.articles()[:limit]
    if as_json:
        keys = ("id", "title", "outlet", "published", "wire", "url", "source_path", "record")
        _print_json([{k: getattr(a, k) for k in keys} for a in articles])
        return
    table = Table("id", "published", "outlet", "wire", "title")
    for a in articles:
        table.add_row(
            a.id,
            Text(a.published or "–"),
            Text(a.outlet or "–"),
            Text(a.wire or "–"),
            Text((a.title or Path(a.source_path).name)[:70]),
        )
    out.print(table)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix).")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonFlag = False,
) -> None:
    """Show one stored article with its metadata and its prose.

    Example: storyline show 3f2a9c --db news.duckdb
    """
    with _store(db, read_only=True) as store:
        article = store.get_article(article_id)
    if article is None:
        raise _fail(f"no article with id {article_id!r} in {db}")
    if as_json:
        _print_json(article.to_dict())
        return
    for key in ("id", "title", "outlet", "byline", "wire", "published", "url", "source_path"):
        out.print(
            Text.assemble((key, "bold"), f": {getattr(article, key) or '–'}"), highlight=False
        )
    out.print()
    for start, end in article.prose:
        out.print(article.text[start:end], highlight=False, markup=False)


@app.command()
def extract(
    path: Annotated[Path, typer.Argument(help="One article file (or an archive: each record).")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonFlag = False,
) -> None:
    """Extract entities, quotes, quantities and dates from one article, and store them.

    Example: storyline extract samples/valley-herald.txt --json
    """
    from storyline.extract import extract_articles
    from storyline.nlp import load_nlp
    from storyline.pipeline import read_and_clean

    items = list(read_and_clean([path]))
    for e in items:
        if isinstance(e, ReadError):
            _report_error(e)
    articles = [a for a in items if not isinstance(a, ReadError)]
    if not articles:
        raise _fail(f"{path}: nothing could be read")
    result = extract_articles(articles, nlp=load_nlp())
    with _store(db) as store:
        store.add_articles(articles)
        store.put_extractions(result.extractions)
        store.put_entities(result.entities)
    docs = [
        {
            "article": {k: v for k, v in a.to_dict().items() if k != "prose"},
            "extraction": ex.to_dict(),
        }
        for a, ex in zip(articles, result.extractions, strict=True)
    ]
    if as_json:
        _print_json({"articles": docs, "entities": [e.__dict__ for e in result.entities]})
        return
    for a, ex in zip(articles, result.extractions, strict=True):
        out.print(Text.assemble((a.title or a.source_path, "bold"), f" ({a.id})"), highlight=False)
        for q in ex.quotes:
            out.print(
                f"  quote [{q.kind}] {q.speaker_name or '?'}: {q.text[:90]}",
                highlight=False,
                markup=False,
            )
        for n in ex.quantities:
            out.print(f"  quantity {n.text} → {n.counted or '?'}", highlight=False, markup=False)
        for d in ex.dates:
            out.print(
                f"  date {d.text} → {d.value or '–'} ({d.rule})", highlight=False, markup=False
            )


def _span(span: Any) -> str:
    return " – ".join(span) if span else "–"


@app.command()
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
    """List the stories found by the last analysis, or with --storylines their storylines.

    Example: storyline stories --db news.duckdb --json

    Example: storyline stories --storylines --min-stories 2
    """
    if storylines:
        _storylines(db, as_json, min_stories)
        return
    with _store(db, read_only=True) as store:
        found = store.stories()
    rows: list[dict[str, Any]] = [
        {
            "id": s.id,
            "headline": s.headline,
            "articles": len(s.article_ids),
            "independent_families": len(s.families),
            "date_span": list(s.date_span) if s.date_span else None,
            "storyline": s.storyline or s.id,
        }
        for s in found
    ]
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "articles", "independent", "dates", "headline")
    for r in rows:  # cells as Text: a headline is the article's, never rich markup
        table.add_row(
            r["id"],
            str(r["articles"]),
            str(r["independent_families"]),
            _span(r["date_span"]),
            Text((r["headline"] or "–")[:70]),
        )
    out.print(table)


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
    table = Table("storyline", "stories", "dates", "headline")
    for r in rows:
        table.add_row(
            r["id"], str(r["stories"]), _span(r["date_span"]), Text((r["headline"] or "–")[:70])
        )
    out.print(table)


@app.command()
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
            raise _fail(f"no story with id {story_id!r} in {db}")
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
                "briefing": briefing,
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
        for line in briefing.get("summary", []):
            out.print(f"• {line['text']}", highlight=False, markup=False)


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or globs.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Where the reports go.")] = Path("report"),
    db: DbOption = Path(DEFAULT_DB),
    registry: Annotated[
        Path | None, typer.Option(help="Your own outlet registry (JSON) on top of the bundled one.")
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            help="Processes that parse articles (0: one per core). Worth it from ~100 articles.",
            min=0,
        ),
    ] = 1,
    cache: Annotated[
        bool,
        typer.Option(
            help="Keep each article's extraction and sentence vectors in the store, so a re-run "
            "only parses new articles (store grows ~60 MB per 1,000 articles)."
        ),
    ] = True,
) -> None:
    """Run the whole pipeline and write briefing.json and the reports to --out.

    Example: storyline analyze samples/ --out report/ --workers 0
    """
    from storyline.engine import default_workers
    from storyline.ingest import OutletRegistry
    from storyline.pipeline import analyze as run_analyze

    try:
        reg = OutletRegistry.load(registry) if registry else None
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    with _store(db) as store, _progress() as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        result = run_analyze(
            paths,
            store,
            out=out_dir,
            progress=progress,
            on_error=_report_error,
            registry=reg,
            workers=workers or default_workers(),
            cache=cache,
        )
    if not result.articles:
        raise _fail("nothing could be read")
    _report_languages(result.articles)
    n = len(result.briefing.get("stories", []))
    out.print(
        f"{len(result.articles)} articles, {n} stories → {db}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    for kind, path in result.reports.items():
        out.print(f"{kind}: {path}", highlight=False, markup=False, soft_wrap=True)


@app.command()
def serve(
    db: DbOption = Path(DEFAULT_DB),
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    host: Annotated[
        str, typer.Option(help="Interface to bind; only this machine by default.")
    ] = "127.0.0.1",
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            metavar="<host>",
            help="Another host name the UI may be reached by (repeatable); requests naming "
            "any other host than this machine and --host are refused.",
        ),
    ] = None,
) -> None:
    """Browse and search stored stories in a local web UI.

    Example: storyline serve --db news.duckdb --port 8000
    """
    from storyline.web.app import serve as run_server

    if not db.exists():
        raise _fail(f"{db}: no such store (run `storyline analyze` first)")
    out.print(
        f"serving {db} on http://{host}:{port}/ (Ctrl+C to stop)",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    run_server(db, host=host, port=port, allowed_hosts=allow_host or [])


def main() -> None:
    """Console entry point.

    storyline never uses torch (its MiniLM encoder is ``storyline.embed``, in numpy), but
    torch is installed as a dependency of the model package, and thinc (spaCy's backend)
    imports it at start-up just to probe for GPUs: about 2.5 s of every command. Marking it
    unavailable in this process, before spaCy is imported, makes the probe fail fast.
    """
    sys.modules.setdefault("torch", None)  # type: ignore[arg-type]
    app()


if __name__ == "__main__":
    main()
