"""Commands that run the pipeline or the UI: analyze, serve."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from storyline.cli.common import (
    FOLDER_FILES,
    DbOption,
    FollowLinksFlag,
    _fail,
    _progress,
    _refuse_missing,
    _report_error,
    _report_languages,
    _store,
    app,
    err,
    out,
)
from storyline.cli.help import Command
from storyline.defaults import DEFAULT_DB

if TYPE_CHECKING:
    from storyline.briefing import Briefing
    from storyline.pipeline import IngestResult


class EngineName(StrEnum):
    """The names of ``storyline.engine.ENGINES`` (``tests/test_dask_engine.py`` checks that they
    agree), written out because importing ``storyline.engine`` loads spaCy, which
    ``storyline --help`` never needs."""

    local = "local"
    dask = "dask"


@app.command(cls=Command)
def analyze(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, directories or globs to add; none: analyse the whole store again. "
            + FOLDER_FILES
        ),
    ] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Where the reports go.")] = Path("report"),
    db: DbOption = Path(DEFAULT_DB),
    registry: Annotated[
        Path | None, typer.Option(help="Your own outlet registry (JSON) on top of the bundled one.")
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            help="Processes that parse articles (0: one per core). Worth it from ~100 articles. "
            "With --engine dask and no --scheduler: the local cluster's workers.",
            min=0,
        ),
    ] = 1,
    engine: Annotated[
        EngineName,
        typer.Option(
            help="Where articles are parsed and sentences encoded: local (this machine's "
            "processes) or dask (a Dask cluster; see --scheduler).",
        ),
    ] = EngineName.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="The Dask scheduler to use with --engine dask (tcp://host:8786); without "
            "it, a local cluster of --workers processes is started for the run.",
        ),
    ] = None,
    cache: Annotated[
        bool,
        typer.Option(
            help="Keep each article's extraction and sentence vectors in the store, so a re-run "
            "only parses new articles (store grows ~60 MB per 1,000 articles)."
        ),
    ] = True,
    follow_links: FollowLinksFlag = False,
    per_story: Annotated[
        bool | None,
        typer.Option(
            "--per-story/--one-file",
            help="Write the JSON per story (stories/<id>.json, briefing.jsonl and an index "
            "briefing.json) or as one briefing.json; by default per story past "
            "2000 stories (ARCHIVE_SCALE_STORIES).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run the whole pipeline and write briefing.json and the reports to --out.

    New articles join the stories already stored that they belong to (those keep their ids
    and list what is new); stories they do not touch are left as they are. With no path, the
    whole store is analysed again.

    Example: storyline analyze samples/ --out report/ --workers 0

    Example (on a Dask cluster): storyline analyze archive/ --engine dask --scheduler
    tcp://host:8786

    Example: storyline analyze --db news.duckdb --out report/
    """
    from storyline.engine import default_workers
    from storyline.ingest import OutletRegistry
    from storyline.pipeline import analyze as run_analyze

    try:
        reg = OutletRegistry.load(registry) if registry else None
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    if scheduler and engine is not EngineName.dask:
        raise _fail("--scheduler is for the Dask engine: add --engine dask")
    if not paths and not db.exists():  # re-analyse a store that is not there: create none
        raise _fail(f"{db}: no such store (give the articles to analyse, or the store's --db)")
    _refuse_missing(paths or [])
    with _store(db) as store, _progress() as bar:
        retired = store.retired_ids()
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if not total and stage not in tasks:  # nothing to do: no bar (not "0/?")
                return
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        result = run_analyze(
            paths or [],
            store,
            out=out_dir,
            progress=progress,
            on_error=_report_error,
            registry=reg,
            workers=workers or default_workers(),
            cache=cache,
            engine=engine.value,
            scheduler=scheduler,
            follow_links=follow_links,
            per_story=per_story,
        )
        retired = store.retired_ids() - retired
    for failure in result.failed:  # one line each; the other stories are briefed
        err.print(
            Text.assemble(("failed", "red"), " ", str(failure)), highlight=False, soft_wrap=True
        )
    n_articles = len(result.articles) or result.analysed  # a whole store streamed holds none
    if not n_articles and not result.failed:
        raise _fail("nothing could be read" if paths else f"{db}: no articles stored")
    if result.failed and not result.briefing.stories and not result.streamed:
        raise _fail("no story could be briefed")
    _report_languages(result.articles)
    n = len(result.briefing.stories) or result.streamed  # batch by batch at archive scale
    stories = _stories(n)
    what = _what_was_read(result.ingest, n_articles, stories, bool(paths), result.first_analysed)
    if result.ingest.unreadable:  # each was named on its own line above
        what += f"; {result.ingest.unreadable} skipped as unreadable"
    out.print(f"{what} → {db}", highlight=False, markup=False, soft_wrap=True)
    if paths:
        for line in _updated(result.briefing, set(result.ingest.added)):
            out.print(line, highlight=False, markup=False, soft_wrap=True)
    if retired:
        out.print(_regrouped(retired), highlight=False, markup=False, soft_wrap=True)
    for kind, path in result.reports.items():
        out.print(f"{kind}: {path}", highlight=False, markup=False, soft_wrap=True)


@app.command(cls=Command)
def serve(
    db: DbOption = Path(DEFAULT_DB),
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
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
    from storyline.store import refuse_other_files

    refuse_other_files(db, read_only=True)  # by its header: no wait on a writer of the store
    _check_port(host, port)
    out.print(
        f"serving {db} on http://{host}:{port}/ (Ctrl+C to stop)",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    run_server(db, host=host, port=port, allowed_hosts=allow_host or [])


def _check_port(host: str, port: int) -> None:
    """Refuse, in one line, a port this machine will not give (in use, or not allowed):
    the server's own error came after "serving ... on" and ran over several lines."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            probe.bind(infos[0][4])
    except OSError as exc:
        raise _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc


#: Stored stories a run's new articles joined that its summary names, one line each; the
#: others are counted (a run of a day's articles joins a few dozen stories at most).
UPDATED_LINES = 20


def _updated(briefing: Briefing, added: set[str]) -> list[str]:
    """One line per stored story this run's new articles (``added``) joined: what changed
    in it is on its page ("new since"), and which stories changed must not take opening
    every page of the run to find."""
    from storyline.report.page import count

    grown = [
        (s, sum(a in added for a in s.new_since.articles))
        for s in briefing.stories
        if s.new_since is not None and added.intersection(s.new_since.articles)
    ]
    if not grown:
        return []
    lines = [f"{_stories(len(grown), 'stored ')} updated by new articles:"]
    lines += [
        f"  {s.id}: {s.headline or 'untitled'} (+{count(n, 'article')})"
        for s, n in grown[:UPDATED_LINES]
    ]
    if len(grown) > UPDATED_LINES:
        lines.append(f"  and {_stories(len(grown) - UPDATED_LINES, 'more ')}")
    return lines


def _regrouped(retired: set[str]) -> str:
    """The line that says a run regrouped stored stories, whose ids are gone: a reader's
    links and notes name them (``storyline story`` and the web UI follow them on)."""
    first = min(retired)
    return (
        f"{_stories(len(retired), 'stored ')} regrouped, their ids retired "
        f"(`storyline story {first}` names the story that holds its articles now)"
    )


def _stories(n: int, what: str = "") -> str:
    """ "1 story", "2 stories", with ``what`` before the noun ("3 stored stories")."""
    return f"{n} {what}stor{'y' if n == 1 else 'ies'}"


def _what_was_read(
    ingest: IngestResult, n_articles: int, stories: str, paths: bool, first: int = 0
) -> str:
    """The run's summary: what it read (new, or stored already: the same input analysed
    twice must not read as news, nor articles an ``ingest`` stored and no run analysed, of
    which there are ``first``, as old), its stories, and how many of their articles earlier
    runs stored; a run with no path, the whole store."""
    from storyline.report.page import count

    if not paths:
        every = count(n_articles, "article")
        if first and first >= n_articles:
            return f"the whole store, analysed for the first time: {every}, {stories}"
        new = f" ({first} of them analysed for the first time)" if first else ""
        return f"the whole store again: {every}{new}, {stories}"
    if ingest.added or ingest.skipped:  # ids kept: an article the input repeats is read once
        read = len(set(ingest.added) | set(ingest.skipped))
        again = len(set(ingest.skipped) - set(ingest.added))
    else:
        read, again = ingest.n_added + ingest.n_skipped, ingest.n_skipped
    stored = _stored_note(read, again, first)
    before = n_articles - read
    if before > 0 and again == read:  # nothing new: every article was stored before
        every = f"{count(n_articles, 'article')}, all stored before"
        return f"{count(read, 'article')} read{stored}; {stories} ({every})"
    if before > 0:  # added to stored stories: say which is which
        more = "more " if again else ""
        return (
            f"{count(read, 'article')} read{stored}; {stories} "
            f"({count(n_articles, 'article')}, {before} {more}of them stored before)"
        )
    if again:
        return f"{count(read, 'article')} read{stored}; {stories}"
    return f"{count(n_articles, 'article')}, {stories}"


def _stored_note(read: int, again: int, first: int) -> str:
    """What the summary says of the ``again`` articles of ``read`` the store held before,
    ``first`` of which no run had analysed (kept by ``storyline ingest`` or ``extract``)."""
    if not again:
        return ""
    if again == read and first == again:
        return ", stored before and analysed now for the first time"
    if again == read:
        new = f" ({first} of them analysed for the first time)" if first else ""
        return f", none new{new}"
    if first == again:
        return f" ({again} stored before, analysed now for the first time)"
    first_note = f", {first} of them analysed now for the first time" if first else ""
    return f" ({again} stored already{first_note})"
