"""Commands and options for the web: ``storyline feeds add/list/remove/fetch``, ``watch``,
``versions``, and the fetch options ``ingest`` shares (``--urls``, ``--refetch``,
``--allow-private``, ``--obey-robots``, ``--warc``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from storyline.cli.common import (
    MIB,
    DbOption,
    JsonFlag,
    _fail,
    _print_json,
    _progress,
    _report_error,
    _store,
    app,
    out,
)
from storyline.cli.help import Command, Group
from storyline.defaults import DEFAULT_DB
from storyline.ingest import MAX_ARTICLE_BYTES

if TYPE_CHECKING:
    from storyline.fetch import FetchOptions
    from storyline.pipeline import IngestResult

UrlsOption = Annotated[
    Path | None, typer.Option("--urls", help="A file of URLs to fetch, one per line.")
]
RefetchFlag = Annotated[
    bool, typer.Option("--refetch", help="Fetch URLs again although their article is stored.")
]
AllowPrivateFlag = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Fetch private, loopback and link-local addresses too (refused by default, so "
        "that a feed cannot make storyline read your intranet).",
    ),
]
ObeyRobotsFlag = Annotated[
    bool,
    typer.Option(
        "--obey-robots",
        help="Obey robots.txt for the URLs you name too (always obeyed for the links "
        "storyline finds in feeds and sitemaps).",
    ),
]
WarcOption = Annotated[
    Path | None,
    typer.Option(help="WARC file that keeps every response [default: the store's name, .warc.gz]."),
]


def _url_list(path: Path | None) -> list[str]:
    """The URLs of a ``--urls`` file: one per line, blank lines and ``#`` comments skipped."""
    if path is None:
        return []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"{path}: cannot read the URL list ({exc})") from exc
    return [u.strip() for u in lines if u.strip() and not u.lstrip().startswith("#")]


def summary(result: IngestResult, db: Path) -> str:
    """The line an ingest ends with: added (new versions of stored pages among them),
    already stored, skipped."""
    n = len(result.versions)
    versions = f" ({n} new version{'' if n == 1 else 's'} of stored pages)" if n else ""
    return (
        f"{result.n_added} added{versions}, {result.n_skipped} already stored, "
        f"{result.unreadable} skipped as unreadable → {db}"
    )


def fetch_options(
    db: Path,
    max_bytes: int,
    refetch: bool,
    allow_private: bool,
    obey_robots: bool,
    warc: Path | None,
) -> FetchOptions:
    """The fetch options of a command's flags; the archive beside the store by default."""
    from storyline.fetch import FetchOptions, warc_path

    return FetchOptions(
        allow_private=allow_private,
        obey_robots=obey_robots,
        refetch=refetch,
        max_bytes=max_bytes,
        warc=warc or warc_path(db),
    )


feeds_app = typer.Typer(
    cls=Group,
    help="The feeds and sitemaps you follow, kept in the store.\n\n"
    "Example: storyline feeds add https://example.com/",
    no_args_is_help=True,
)
app.add_typer(feeds_app, name="feeds")


@feeds_app.command("add", cls=Command)
def feeds_add(
    url: Annotated[str, typer.Argument(help="A feed or sitemap URL, or a site's home page.")],
    db: DbOption = Path(DEFAULT_DB),
    allow_private: AllowPrivateFlag = False,
    obey_robots: ObeyRobotsFlag = False,
) -> None:
    """Follow a feed or sitemap; given a home page, follow the feeds it announces.

    Example: storyline feeds add https://example.com/ --db news.duckdb
    """
    from storyline.fetch.feeds import follow

    options = fetch_options(db, MAX_ARTICLE_BYTES, False, allow_private, obey_robots, None)
    with _store(db) as store:
        added = follow(store, url, options)
    for a in added:
        said = "following" if a.new else "already following"
        title = f" ({a.title})" if a.title else ""
        out.print(f"{said} {a.kind} {a.url}{title}", highlight=False, markup=False, soft_wrap=True)


@feeds_app.command("list", cls=Command)
def feeds_list(db: DbOption = Path(DEFAULT_DB), as_json: JsonFlag = False) -> None:
    """List the followed feeds and sitemaps.

    Example: storyline feeds list --db news.duckdb --json
    """
    from storyline.fetch.feeds import followed

    with _store(db, read_only=True) as store:
        feeds = followed(store)
    if as_json:
        _print_json([f.__dict__ for f in feeds])
        return
    table = Table("url", "kind", "title", "added")
    for f in feeds:
        table.add_row(Text(f.url), f.kind, Text(f.title or "–"), f.added_at)
    out.print(table)


@feeds_app.command("remove", cls=Command)
def feeds_remove(
    url: Annotated[str, typer.Argument(help="A followed feed's URL, as `feeds list` shows it.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Stop following a feed or sitemap (its articles stay in the store).

    Example: storyline feeds remove https://example.com/feed.xml --db news.duckdb
    """
    from storyline.fetch.feeds import unfollow

    with _store(db) as store:
        if not unfollow(store, url):
            raise _fail(f"{url} is not a followed feed (see `storyline feeds list`)")
    out.print(f"no longer following {url}", highlight=False, markup=False, soft_wrap=True)


@feeds_app.command("fetch", cls=Command)
def feeds_fetch(
    db: DbOption = Path(DEFAULT_DB),
    allow_private: AllowPrivateFlag = False,
    obey_robots: ObeyRobotsFlag = False,
    max_mb: Annotated[
        float, typer.Option(help="Largest single article, in MiB (1 MiB = 1,048,576 bytes).")
    ] = MAX_ARTICLE_BYTES / MIB,
) -> None:
    """Fetch the new articles of every followed feed and sitemap, once.

    Example: storyline feeds fetch --db news.duckdb
    """
    from storyline.fetch.feeds import followed
    from storyline.pipeline import ingest

    max_bytes = int(max_mb * MIB)
    options = fetch_options(db, max_bytes, False, allow_private, obey_robots, None)
    with _store(db) as store, _progress() as bar:
        urls = [f.url for f in followed(store)]
        if not urls:
            raise _fail("no followed feeds (add one with `storyline feeds add URL`)")
        task = bar.add_task("fetch", total=None)
        result = ingest(
            urls,
            store,
            progress=lambda n: bar.advance(task, n),
            on_error=_report_error,
            fetch=options,
            max_bytes=max_bytes,
        )
    _say(summary(result, db))


@app.command(cls=Command)
def versions(
    url: Annotated[str, typer.Argument(help="A page's URL, as `storyline list` shows it.")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonFlag = False,
) -> None:
    """Show the versions of a fetched page and what changed between them.

    A page fetched again (ingest --refetch) with changed text is a new version of one
    article, not a second source.

    Example: storyline versions https://example.com/news/story.html --db news.duckdb
    """
    from storyline.fetch.versions import page_versions

    with _store(db, read_only=True) as store:
        found = page_versions(store, url)
    if not found:
        raise _fail(f"{url}: no fetched page with this URL in {db}")
    if as_json:
        _print_json(
            [{**p.version.__dict__, "changes": [c.__dict__ for c in p.changes]} for p in found]
        )
        return
    for p in found:
        v = p.version
        head = Text.assemble((f"version {v.version}", "bold"), f" {v.article_id} {v.fetched_at}")
        out.print(head, highlight=False)
        for c in p.changes:
            if c.old:
                out.print(Text("  - " + c.old, style="red"), highlight=False, soft_wrap=True)
            if c.new:
                out.print(Text("  + " + c.new, style="green"), highlight=False, soft_wrap=True)


#: The shortest ``--every``: a feed asked more often than once a minute gains nothing (news
#: feeds are rebuilt every few minutes) and only loads the site.
MIN_EVERY = 60.0
_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0}


def _duration(text: str) -> float:
    """Seconds of ``30s``, ``15m``, ``1h`` or ``1h30m``; a command error otherwise."""
    import re

    parts = re.findall(r"(\d+(?:\.\d+)?)([smh])", text.strip().lower())
    if not parts or "".join(n + u for n, u in parts) != text.strip().lower():
        raise _fail(f"--every {text!r}: give a duration such as 30s, 15m, 1h or 1h30m")
    return sum(float(n) * _UNITS[u] for n, u in parts)


@app.command(cls=Command)
def watch(
    db: DbOption = Path(DEFAULT_DB),
    every: Annotated[
        str, typer.Option(help="Time between two polls: 90s, 15m, 1h (at least a minute).")
    ] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll once, then stop.")] = False,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Write each poll's reports here (its stories).")
    ] = None,
    allow_private: AllowPrivateFlag = False,
    obey_robots: ObeyRobotsFlag = False,
    max_mb: Annotated[
        float, typer.Option(help="Largest single article, in MiB (1 MiB = 1,048,576 bytes).")
    ] = MAX_ARTICLE_BYTES / MIB,
) -> None:
    """Poll the followed feeds, fetch new articles and analyse them, until stopped.

    Each poll prints one line: what arrived and the stories briefed again (the web UI shows
    them). Ctrl+C or SIGTERM stops between steps (Ctrl+C twice: at once); a stop at any moment
    loses nothing, and what a stopped run fetched is read back from the WARC archive.

    Example: storyline watch --db news.duckdb --every 15m
    """
    from storyline.fetch.feeds import followed
    from storyline.fetch.watch import Watcher

    seconds = _duration(every)
    if seconds < MIN_EVERY and not once:
        raise _fail(f"--every {every}: polls at least a minute apart, please")
    with _store(db) as store:
        if not followed(store):
            raise _fail("no followed feeds (add one with `storyline feeds add URL`)")
    max_bytes = int(max_mb * MIB)
    options = fetch_options(db, max_bytes, False, allow_private, obey_robots, None)
    watcher = Watcher(db, options, seconds, out_dir, _report_error, _say)
    _say(f"watching the feeds followed in {db}, every {every} (Ctrl+C to stop)")
    try:
        with _stop_on_signals(watcher):
            watcher.run(once=once)
    except KeyboardInterrupt:
        _say("stopped at once; the next start picks up what this poll left")
        raise typer.Exit(130) from None
    if watcher.stopping:
        _say("stopped")


def _say(line: str) -> None:
    out.print(line, highlight=False, markup=False, soft_wrap=True)


@contextmanager
def _stop_on_signals(watcher: Any) -> Iterator[None]:
    """Ctrl+C and SIGTERM stop the watcher between steps; a second Ctrl+C stops at once.
    The handlers before are restored on the way out."""
    import signal
    import sys

    def handler(signum: int, frame: object) -> None:
        if watcher.stopping and signum == signal.SIGINT:
            raise KeyboardInterrupt
        watcher.stop()
        sys.stderr.write("stopping after this step (Ctrl+C again to stop at once)\n")

    before = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in before.items():
            signal.signal(sig, old)
