"""What every command shares: the app, its one error handler, consoles, options, helpers."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from storyline.cli.help import Group
from storyline.errors import StorylineError
from storyline.models import Article, ReadError, one_line

if TYPE_CHECKING:
    from storyline.store import Store

#: Where the one-line error of a failed command goes, before its message.
ERROR_PREFIX = "storyline: error:"
#: Longest headline or title in a table row, cut at a word with "…" (as the report cuts its
#: headings): with the id, dates and counts, a row of the tables stays within a wide terminal.
TITLE_CHARS = 70
# Widest a table printed to a pipe or a file may grow to fit its rows (``_print_table``).
PIPE_MAX_WIDTH = 1000
#: Bytes in a MiB, the unit of ``--max-mb`` (and of the size limit's messages).
MIB = 1 << 20

#: Control characters of input text (ESC sequences in a title) that would drive the terminal:
#: clear it, retitle its window, hide what follows. Tab and newline are text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(m: re.Match[str]) -> str:
    """A control character's Unicode control picture ("␛" for ESC, "␡" for DEL; "�" for a C1
    code): one character for one, so the styles of a ``Text`` keep their offsets."""
    code = ord(m.group())
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def visible(text: str) -> str:
    """``text`` with its control characters shown, not obeyed (``_CONTROL``)."""
    return _CONTROL.sub(_picture, text)


def _shown(thing: Any) -> Any:
    """A renderable whose input-derived text is ``visible``: a string, a ``Text``, and the
    cells of a ``Table`` (rich keeps them per column)."""
    if isinstance(thing, str):
        return visible(thing)
    if isinstance(thing, Text):
        copy = thing.copy()
        copy.plain = visible(thing.plain)
        return copy
    if isinstance(thing, Table):
        for column in thing.columns:
            column._cells = [_shown(c) for c in column._cells]
    return thing


class _Console(Console):
    """rich's console, printing input-derived text with its control characters shown: a new
    user's titles and outlets with ESC sequences cleared the screen and hid text in ``list``,
    ``stories`` and ``show``. rich strips a few such characters, not ESC."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(_shown(o) for o in objects), **kwargs)


out = _Console()
err = _Console(stderr=True)


def plain(line: str | Text) -> None:
    """Print one line of input-derived text as plain text (no markup): to a terminal wrapped
    at words, to a pipe or a file whole, one line per line, so that grep and cut read each
    entity, quote and date on one line (at a pipe's 80 columns a long alias list or quote was
    broken in two, a new user's trial)."""
    out.print(line, highlight=False, markup=False, soft_wrap=not out.is_terminal)


def _error_line(message: str) -> str:
    """``message`` on one line: a DuckDB error, for one, spans several."""
    return " ".join(line.strip() for line in message.splitlines() if line.strip())


class _Group(Group):
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

#: What a folder given on the command line is read for (``storyline.ingest.folder_files``;
#: written out, as importing the readers would slow every command's start; a test checks it
#: names every extension they read).
FOLDER_FILES = (
    "A folder is read for its .txt/.text, .md/.markdown, .html/.htm/.xhtml, "
    ".json/.jsonl/.ndjson, .rss/.atom/.xml and .warc/.warc.gz/.warc.gzip files; its other "
    "files are counted on one line."
)

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB store file.")]
FollowLinksFlag = Annotated[
    bool,
    typer.Option(
        "--follow-links",
        help="Follow symbolic links out of the folders given (by default a link that leads "
        "outside a folder is reported and not read).",
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _fail(message: str) -> StorylineError:
    """The error a command raises for what it checks itself; ``_Group.invoke`` prints it."""
    return StorylineError(message)


#: How many of the ids an ambiguous prefix matches a "not one" error lists.
AMBIGUOUS_SHOWN = 4


def _not_one(kind: str, given: str, matches: list[str], db: Path) -> StorylineError:
    """The error for an id that names no stored ``kind`` or, as a prefix, several: the
    latter lists a few of them ("'0ff' begins several story ids ...; give more of the id")."""
    if len(matches) < 2:
        return _fail(f"no {kind} with id {given!r} in {db}")
    shown = ", ".join(matches[:AMBIGUOUS_SHOWN])
    more = " and more" if len(matches) > AMBIGUOUS_SHOWN else ""
    return _fail(
        f"{given!r} begins several {kind} ids in {db} ({shown}{more}); give more of the id"
    )


def _given_id(kind: str, given: str) -> str:
    """The id as given, without spaces around it; an empty id, which as a prefix would begin
    every stored ``kind`` id, is refused. The commands look it up as given, then in lower
    case: the ids storyline makes are lower-case hexadecimal ("4B96", copied from a page in
    capitals, is "4b96"), an ``Article`` made in Python may have any id."""
    if not given.strip():
        raise _fail(f"empty {kind} id: give an id or its first characters")
    if given.strip().lower() == f"{kind}-":  # "story-" alone begins every id
        raise _fail(f"{given.strip()!r} begins every {kind} id: give the characters after it")
    return given.strip()


def _refuse_missing(sources: Sequence[str]) -> None:
    """Refuse a run none of whose ``sources`` is there (no file, folder, glob match or URL),
    before the store is opened: a mistyped path made an empty store, which later commands
    listed as empty. One source that is there runs the batch; the others are reported."""
    import glob

    def there(s: str) -> bool:
        s = os.path.expanduser(s)  # as ``read_paths`` reads "~/news/*.txt"
        return (
            "://" in s
            or Path(s).exists()
            or (glob.has_magic(s) and bool(glob.glob(s, recursive=True)))
        )

    if sources and not any(there(s) for s in sources):
        shown = ", ".join(sources[:AMBIGUOUS_SHOWN]) + (
            " ..." if len(sources) > AMBIGUOUS_SHOWN else ""
        )
        raise _fail(f"{shown}: no such file or folder; nothing read")


def _note(message: str) -> None:
    """A note on what a command printed (cut, empty), on stderr, as plain text."""
    err.print(Text.assemble(("note", "cyan"), " ", message), highlight=False, soft_wrap=True)


def _report_error(error: ReadError) -> None:
    label = ("note", "cyan") if error.note else ("skipped", "yellow")
    err.print(Text.assemble(label, " ", str(error)), highlight=False, soft_wrap=True)


def _report_languages(articles: Sequence[Article]) -> None:
    """One line per article in another language: kept and clustered, but not read for
    claims, quotes or headlines (``storyline.language``)."""
    from storyline.language import is_english, language

    for a in articles:
        if not is_english(a):
            lang = language(a)
            where = one_line(a.source_path) + (f" ({one_line(a.record)})" if a.record else "")
            line = f"{where}: written in '{lang}', not English: kept out of claims and quotes"
            _note(line)


@contextmanager
def _store(db: Path, *, read_only: bool = False) -> Iterator[Store]:
    if read_only and not db.exists():
        raise _fail(f"{db}: no such store (run `storyline ingest` or `storyline analyze` first)")
    from storyline.store import Store  # not at start-up: --help needs no DuckDB

    with Store(db, read_only=read_only) as store:
        yield store


@contextmanager
def _progress(enabled: bool = True) -> Iterator[Progress]:
    """A progress bar on stderr, when stderr is a terminal (elsewhere rich would still end it
    with a blank line, before the command's last line)."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    shown = enabled and err.is_terminal
    with Progress(*columns, console=err, transient=True, disable=not shown) as bar:
        yield bar


def _whole_ids(table: Table) -> Table:
    """``table`` with its first column, the ids, never cut: a table narrower than its rows (a
    pipe is 80 columns) wraps the other cells instead of writing "story-171e4661…", which
    no command takes back."""
    ids = table.columns[0]
    ids.no_wrap = True
    ids.min_width = max((len(str(cell)) for cell in ids.cells), default=0)
    return table


def _print_table(table: Table) -> None:
    """Print ``table``, ids whole; to a pipe or a file as wide as its widest row, so that each
    row stays one line for grep and sort (at a pipe's 80 columns the headlines of ``storyline
    stories`` wrapped every dozen characters)."""
    table = _whole_ids(table)
    if out.is_terminal:
        out.print(table)
        return
    from rich.measure import Measurement

    natural = Measurement.get(out, out.options.update_width(PIPE_MAX_WIDTH), table).maximum
    _Console(width=max(out.width, natural)).print(table)  # a print's width stops at the console's


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
