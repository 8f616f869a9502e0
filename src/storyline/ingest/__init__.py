"""Stage 1, ingest: files, directories, globs and archives in, ``Article`` objects out.

``read_paths`` is the whole public surface: give it what the user typed, get a stream of
``Article`` and ``ReadError`` items in a deterministic order. Errors are items, not
exceptions, because one bad file in a pile of thousands must cost one line of output and
nothing else; callers decide what to print and what exit status to return.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.ingest.archives import read_feed, read_warc
from storyline.ingest.build import article_id, make_article
from storyline.ingest.readers import read_jsonl, read_text_file
from storyline.ingest.registry import Outlet, OutletRegistry
from storyline.ingest.sniff import EXTENSIONS, SNIFF_BYTES, Unreadable, extension_format, sniff
from storyline.models import Article, ReadError, one_line

__all__ = [
    "MAX_ARTICLE_BYTES", "Outlet", "OutletRegistry", "ReadError", "article_id", "expand_paths",
    "make_article", "read_file", "read_paths",
]  # fmt: skip

#: One article (or one archive record) larger than this is not an article: a mis-saved dump or
#: a binary. 20 MB is far above any real news page (a long page with inline images is ~5 MB).
MAX_ARTICLE_BYTES = 20_000_000

_GLOB_CHARS = set("*?[")


def _wanted(path: Path) -> bool:
    """Files picked up when expanding a directory: known article formats, nothing hidden."""
    return extension_format(path) is not None or path.name.lower().endswith(".warc.gz")


def expand_paths(paths: Iterable[str | Path]) -> Iterator[tuple[str, Path] | ReadError]:
    """What the user named, as ``(shown path, path)`` pairs: directories recursively (hidden
    entries skipped, only files with an article extension), globs, plain files; sorted so a run
    is repeatable. A name that matches nothing is a ``ReadError``.

    The shown path is the name as ``one_line`` writes it (a byte that is not UTF-8 as ``\\xe9``,
    a newline as ``\\n``): it is what messages and ``Article.source_path`` carry, and it always
    encodes as UTF-8; the path is the name itself, for opening the file."""
    for given in paths:
        shown = one_line(str(given))
        path = Path(given).expanduser()
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and _wanted(p)
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )  # fmt: skip
            if not found:
                yield ReadError(
                    shown,
                    "directory holds no article files ("
                    + ", ".join(sorted(EXTENSIONS))
                    + ", .warc.gz)",
                )
            yield from ((one_line(str(p)), p) for p in found)
        elif path.exists() or path.is_symlink():
            yield shown, path
        elif _GLOB_CHARS & set(shown):
            matches = sorted(glob.glob(os.path.expanduser(shown), recursive=True))
            files = [m for m in matches if Path(m).is_file()]
            if not files:
                yield ReadError(shown, "no files match this pattern")
            yield from ((one_line(m), Path(m)) for m in files)
        else:
            yield ReadError(shown, "no such file or directory")


def read_file(
    path: Path, shown: str, registry: OutletRegistry, max_bytes: int = MAX_ARTICLE_BYTES
) -> Iterator[Article | ReadError]:
    """Every article (or error) in one file, the reader chosen by content and extension."""
    try:
        if not path.is_file():
            yield ReadError(shown, "not a regular file")
            return
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
        fmt = sniff(head, path)
    except Unreadable as exc:
        yield ReadError(shown, str(exc))
        return
    except OSError as exc:
        yield ReadError(shown, f"cannot open: {exc.strerror or exc}")
        return
    if fmt == "jsonl":
        yield from read_jsonl(path, shown, registry, max_bytes)
    elif fmt == "feed":
        yield from read_feed(path, shown, registry, max_bytes)
    elif fmt == "warc":
        yield from read_warc(path, shown, registry, max_bytes)
    else:
        yield from read_text_file(path, shown, fmt, registry, max_bytes)


def read_paths(
    paths: Iterable[str | Path],
    *,
    registry: OutletRegistry | None = None,
    max_bytes: int = MAX_ARTICLE_BYTES,
) -> Iterator[Article | ReadError]:
    """Articles and errors from files, directories and globs, in a deterministic order.

    Never raises for bad input: an unreadable file or record, or a crash inside one reader,
    becomes a ``ReadError`` and the batch goes on with the next file.
    """
    registry = registry or OutletRegistry.load()
    for item in expand_paths(paths):
        if isinstance(item, ReadError):
            yield item
            continue
        shown, path = item
        last: str | None = None
        try:
            for out in read_file(path, shown, registry, max_bytes):
                last = out.record
                yield out
        except Exception as exc:  # a reader bug on odd input must not end the batch
            where = f"after {last}" if last else None
            yield ReadError(shown, f"unexpected error: {type(exc).__name__}: {exc}", where)
