"""Commands on articles: ingest, list, show, extract."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from storyline.cli.common import (
    AMBIGUOUS_SHOWN,
    FOLDER_FILES,
    MIB,
    TITLE_CHARS,
    DbOption,
    FollowLinksFlag,
    JsonFlag,
    _fail,
    _given_id,
    _not_one,
    _note,
    _print_json,
    _print_table,
    _progress,
    _refuse_missing,
    _report_error,
    _store,
    app,
    out,
    plain,
)
from storyline.cli.fetch import (
    AllowPrivateFlag,
    ObeyRobotsFlag,
    RefetchFlag,
    UrlsOption,
    WarcOption,
    _url_list,
    fetch_options,
    summary,
)
from storyline.cli.help import Command
from storyline.defaults import DEFAULT_DB
from storyline.ingest import MAX_ARTICLE_BYTES
from storyline.models import ReadError


@app.command(cls=Command)
def ingest(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files, directories, globs or http(s) URLs. " + FOLDER_FILES),
    ] = None,
    db: DbOption = Path(DEFAULT_DB),
    registry: Annotated[
        Path | None, typer.Option(help="Your own outlet registry (JSON) on top of the bundled one.")
    ] = None,
    max_mb: Annotated[
        float, typer.Option(help="Largest single article, in MiB (1 MiB = 1,048,576 bytes).")
    ] = MAX_ARTICLE_BYTES / MIB,
    urls: UrlsOption = None,
    refetch: RefetchFlag = False,
    allow_private: AllowPrivateFlag = False,
    obey_robots: ObeyRobotsFlag = False,
    warc: WarcOption = None,
    follow_links: FollowLinksFlag = False,
) -> None:
    """Read articles into the store; bad files and URLs are reported and skipped.

    A URL is fetched and read like an HTML file; a feed or sitemap URL brings in the pages it
    lists. What is fetched is also kept in a WARC file beside the store (news.warc.gz).

    Example: storyline ingest news/ 'feeds/*.xml' https://example.com/feed.xml --db news.duckdb
    """
    from storyline.ingest import OutletRegistry
    from storyline.pipeline import ingest as run_ingest

    try:
        reg = OutletRegistry.load(registry) if registry else None
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    sources = [*(paths or []), *_url_list(urls)]
    if not sources:
        raise _fail("nothing to read: give files, folders, globs or URLs (or --urls FILE)")
    _refuse_missing(sources)
    max_bytes = int(max_mb * MIB)
    options = fetch_options(db, max_bytes, refetch, allow_private, obey_robots, warc)
    with _store(db) as store, _progress() as bar:
        task = bar.add_task("ingest", total=None)
        result = run_ingest(
            sources,
            store,
            progress=lambda n: bar.advance(task, n),
            on_error=_report_error,
            fetch=options,
            registry=reg,
            max_bytes=max_bytes,
            follow_links=follow_links,
            keep_ids=False,  # counts only: flat memory on a file of millions of articles
        )
    out.print(summary(result, db), highlight=False, markup=False, soft_wrap=True)
    if not result.n_added and not result.n_skipped:
        raise typer.Exit(1)


@app.command("list", cls=Command)
def list_articles(
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonFlag = False,
    limit: Annotated[int, typer.Option(min=1, help="Show at most N.")] = 1000,
) -> None:
    """List stored articles by publication date (of a page fetched in several versions, the
    latest).

    Example: storyline list --db news.duckdb --json
    """
    from storyline.report.page import cut_words  # not at start-up: the report loads Jinja
    from storyline.report.view import article_label
    from storyline.store.web import WebState

    with _store(db, read_only=True) as store:
        earlier = set(WebState(store).superseded())  # a page's earlier versions: not listed
        listed = [a for a in store.articles() if a.id not in earlier]
    listed.sort(key=lambda a: (a.published is None, a.published or "", a.id))  # by date
    articles = listed[:limit]
    if len(listed) > limit:  # on stderr: the JSON printed stays the list itself
        _note(f"showing {limit} of {len(listed)} articles (--limit {limit})")
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
            Text(cut_words(a.title or article_label(a.to_dict()), TITLE_CHARS)),
        )
    _print_table(table)


@app.command(cls=Command)
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix).")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonFlag = False,
) -> None:
    """Show one stored article with its metadata and its prose.

    Example: storyline show 3f2a9c --db news.duckdb
    """
    article_id = _given_id("article", article_id)
    with _store(db, read_only=True) as store:
        article = store.get_article(article_id) or store.get_article(article_id.lower())
        if article is None:
            matches = store.article_ids_starting(article_id, AMBIGUOUS_SHOWN + 1)
            raise _not_one("article", article_id, matches, db)
    if as_json:
        _print_json(article.to_dict())
        return
    keys = ["id", "title", "outlet", "byline", "wire", "published", "url", "source_path"]
    keys += ["record"] if article.record else []  # which record of an archive (JSONL, WARC)
    for key in keys:
        line = Text.assemble((key, "bold"), f": {getattr(article, key) or '–'}")
        out.print(line, highlight=False, soft_wrap=True)  # a URL is not broken across lines
    out.print()
    last = None
    for start, end in article.prose:
        if last is not None and "\n\n" in article.text[last:start]:
            out.print()  # paragraphs apart as the article has them (a new user's trial)
        plain(article.text[start:end])
        last = end


@app.command(cls=Command)
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
        added, skipped = store.add_articles(articles)
        # a copy of a stored file is that article (``copy_key``): no extraction of its own
        stored = set(added) | set(skipped)
        store.put_extractions([ex for ex in result.extractions if ex.article_id in stored])
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
        plain(Text.assemble((a.title or a.source_path, "bold"), f" ({a.id})"))
        for ent in result.entities:
            if a.id in ent.article_ids:
                also = f" (also {', '.join(ent.aliases)})" if ent.aliases else ""
                plain(f"  entity [{ent.type}] {ent.name}{also}")
        for q in ex.quotes:
            plain(f"  quote [{q.kind}] {q.speaker_name or '?'}: {q.text[:90]}")
        for n in ex.quantities:
            plain(f"  quantity {n.text} → {n.counted or '?'}")
        for d in ex.dates:
            plain(f"  date {d.text} → {d.value or '–'} ({d.rule})")
