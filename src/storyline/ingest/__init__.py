"""Stage 1, ingest: files, directories, globs and archives in, ``Article`` objects out.

``read_paths`` is the whole public surface: give it what the user typed, get a stream of
``Article`` and ``ReadError`` items in a deterministic order. Errors are items, not
exceptions, because one bad file in a pile of thousands must cost one line of output and
nothing else; callers decide what to print and what exit status to return.
"""

from __future__ import annotations

import glob
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from storyline.ingest.archives import read_feed
from storyline.ingest.build import article_from_text, article_id, make_article
from storyline.ingest.readers import read_jsonl, read_text_file
from storyline.ingest.registry import Outlet, OutletRegistry
from storyline.ingest.sniff import (
    EXTENSIONS,
    SNIFF_BYTES,
    Unreadable,
    extension_format,
    gzipped_warc,
    is_gzip,
    sniff,
)
from storyline.ingest.warc import read_warc
from storyline.models import Article, ReadError, one_line

__all__ = [
    "MAX_ARTICLE_BYTES", "Outlet", "OutletRegistry", "ReadError", "article_from_text",
    "article_id", "expand_paths",
    "make_article", "read_file", "read_paths",
]  # fmt: skip

#: One article (or one archive record) larger than this is not an article: a mis-saved dump or
#: a binary. 20 MiB is far above any real news page (a long page with inline images is ~5 MB).
#: Messages state sizes in the binary unit of this limit ("over the 20 MiB limit").
MAX_ARTICLE_BYTES = 20 << 20

_GLOB_CHARS = set("*?[")
#: Compressed WARC files, read from a folder beside the extensions of ``EXTENSIONS``.
WARC_GZ = (".warc.gz", ".warc.gzip")
#: The suffixes of a gzip-compressed file of another kind (``page.html.gz``), read decompressed.
GZ_SUFFIXES = (".gz", ".gzip")
#: Bytes decompressed at a time into the temporary file such a file is read from.
GZ_COPY_CHUNK = 1 << 20
#: What begins the ``briefing.json`` that storyline writes into a report folder: its pages
#: (index.html, story-*.html, article-*.html, briefing.md) are storyline's, not news, and
#: ``analyze news/ --out news/report`` would read them in on the next day's run.
REPORT_MARK = re.compile(rb'"made_by"\s*:\s*\{\s*"storyline"\s*:')
#: The mark stands near the file's start (after the schema version or the layout).
REPORT_HEAD_BYTES = 512


def _without_gz(name: str) -> str:
    """A file's name without its gzip suffix (``page.html.gz`` -> ``page.html``), if any."""
    suffix = next((s for s in GZ_SUFFIXES if name.lower().endswith(s)), "")
    return name[: len(name) - len(suffix)]


def _wanted(path: Path) -> bool:
    """Files picked up when expanding a directory: known article formats (each also
    gzip-compressed: ``page.html.gz``, ``crawl.warc.gz``), nothing hidden."""
    return extension_format(_without_gz(path.name)) is not None


def _known_kinds() -> str:
    return ", ".join([*sorted(EXTENSIONS), *WARC_GZ, "each of them gzip-compressed (.gz)"])


def _passed_over(folder: Path, shown: str, passed: list[Path]) -> ReadError:
    """One note for the files of a folder whose names say no format storyline reads
    (``bundle.zip``, ``README``, a saved page's images): never passed over in silence, and
    not a line each, as a folder of saved pages holds dozens of images and scripts; a note,
    not a skip, as none was tried. Named on its own, such a file is read by its content
    (``sniff``)."""
    kinds = Counter(p.suffix.lower() or "no extension" for p in passed)
    listed = ", ".join(f"{n} {k}" if n > 1 else k for k, n in sorted(kinds.items()))
    first = one_line(str(passed[0].relative_to(folder)))
    some = "1 file" if len(passed) == 1 else f"{len(passed)} files"
    return ReadError(
        shown,
        f"{some} not read, of kinds not read from a folder ({listed}; first: {first}); name "
        "a file itself to read it by its content",
        note=True,
    )


def _inside(target: str, folder: str) -> bool:
    return os.path.commonpath([target, folder]) == folder


def _written_by_storyline(head: bytes) -> bool:
    """Whether a file that begins with ``head`` is a briefing storyline wrote (``REPORT_MARK``
    within its first ``REPORT_HEAD_BYTES``)."""
    return REPORT_MARK.search(head[:REPORT_HEAD_BYTES]) is not None


def report_folder(folder: Path) -> bool:
    """Whether ``folder`` holds a report storyline wrote (its ``briefing.json``)."""
    try:
        with (folder / "briefing.json").open("rb") as f:
            return _written_by_storyline(f.read(REPORT_HEAD_BYTES))
    except OSError:
        return False


def folder_files(
    folder: Path, shown: str, follow_links: bool = False
) -> Iterator[tuple[str, Path] | ReadError]:
    """The article files under ``folder``, depth first in name order, hidden entries skipped.

    Symbolic links are followed only while they stay inside ``folder``: a link to a file or
    folder outside it (``notes.txt -> /etc/passwd``) is not read, and says so on one line,
    since a folder of downloaded or unpacked files must not pull in what lies beside it. A
    link to a folder inside is not walked (its files are read where they are), and a file
    reached twice (a link and its target) is read once. A folder holding a report storyline
    wrote (``report_folder``) is not read, and says so. A subfolder that cannot be listed is a
    ``ReadError`` naming it; the walk goes on with the rest.

    ``follow_links`` (``--follow-links``) lifts the bound: links are followed wherever they
    lead, folders included, each real folder walked once (a link back up is not a loop).
    """
    real_root = os.path.realpath(folder)
    seen: set[str] = set()
    walked = {real_root}
    found = errors = 0

    def walk(here: Path, real_here: str) -> Iterator[tuple[str, Path] | ReadError]:
        nonlocal found, errors
        if report_folder(here):
            errors += 1
            name = shown if here == folder else one_line(str(here))
            yield ReadError(
                name, "a report storyline wrote (its briefing.json): not news, not read"
            )
            return
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            errors += 1
            name = shown if here == folder else one_line(str(here))
            yield ReadError(name, f"cannot read the folder: {exc.strerror or exc}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            real = os.path.join(real_here, entry.name)
            try:
                if entry.is_symlink():
                    real = os.path.realpath(path)
                    if os.path.isdir(real):
                        if follow_links and real not in walked:
                            walked.add(real)
                            yield from walk(path, real)
                        elif not follow_links and not _inside(real, real_root):
                            errors += 1
                            yield ReadError(
                                one_line(str(path)),
                                f"link to the folder {one_line(real)}, outside {shown}: not "
                                "followed (--follow-links follows it)",
                            )
                        continue
                    if not _wanted(path):
                        passed.append(path)
                        continue
                    if not os.path.exists(real):
                        errors += 1
                        yield ReadError(one_line(str(path)), "broken symbolic link")
                        continue
                    if not follow_links and not _inside(real, real_root):
                        errors += 1
                        yield ReadError(
                            one_line(str(path)),
                            f"link to {one_line(real)}, outside {shown}: not read "
                            "(--follow-links reads it)",
                        )
                        continue
                    if not os.path.isfile(real):
                        continue
                elif entry.is_dir(follow_symlinks=False):
                    if real not in walked:
                        walked.add(real)
                        yield from walk(path, real)
                    continue
                elif not entry.is_file(follow_symlinks=False):
                    continue
                elif not _wanted(path):
                    passed.append(path)
                    continue
            except OSError as exc:
                errors += 1
                yield ReadError(one_line(str(path)), f"cannot read: {exc.strerror or exc}")
                continue
            if real in seen:
                continue
            seen.add(real)
            found += 1
            yield one_line(str(path)), path

    passed: list[Path] = []
    yield from walk(folder, real_root)
    if passed:
        yield _passed_over(folder, shown, passed)
    elif not found and not errors:
        yield ReadError(shown, f"directory holds no article files ({_known_kinds()})")


def expand_paths(
    paths: Iterable[str | Path] | str | Path, follow_links: bool = False
) -> Iterator[tuple[str, Path] | ReadError]:
    """What the user named, as ``(shown path, path)`` pairs: directories recursively (see
    ``folder_files``), globs, plain files; sorted so a run is repeatable. A name that matches
    nothing is a ``ReadError``. A link named here, or matched by a glob, is followed: the user
    pointed at it. One path given alone (a ``str`` is iterable: "samples/" was read as eight
    names of one character each, and "/..." as the root folder) is read as that path.

    The shown path is the name as ``one_line`` writes it (a byte that is not UTF-8 as ``\\xe9``,
    a newline as ``\\n``): it is what messages and ``Article.source_path`` carry, and it always
    encodes as UTF-8; the path is the name itself, for opening the file."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for given in paths:
        shown = one_line(str(given))
        path = Path(given).expanduser()
        if path.is_dir():
            yield from folder_files(path, shown, follow_links)
        elif path.exists() or path.is_symlink():
            yield shown, path
        elif _GLOB_CHARS & set(str(given)):
            matches = sorted(glob.glob(os.path.expanduser(str(given)), recursive=True))
            files = [m for m in matches if Path(m).is_file()]
            if not files:
                yield ReadError(shown, "no files match this pattern")
            yield from ((one_line(m), Path(m)) for m in files)
        elif "://" in str(given):  # a URL of a scheme storyline does not fetch ("ftp://...")
            yield ReadError(shown, "not a file, and not an http(s) URL storyline could fetch")
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
        if _written_by_storyline(head):
            yield ReadError(shown, "a briefing storyline wrote: not news, not read")
            return
        if is_gzip(head) and not gzipped_warc(head):
            yield from _read_gzipped(path, shown, registry, max_bytes)
            return
        fmt = sniff(head, path)
    except Unreadable as exc:
        yield ReadError(shown, str(exc))
        return
    except OSError as exc:
        yield ReadError(shown, f"cannot open: {exc.strerror or exc}")
        return
    if fmt == "jsonl":
        yield from read_jsonl(path, shown, registry, max_bytes)
    elif fmt == "json":
        from storyline.ingest.json_array import read_json_array

        yield from read_json_array(path, shown, registry, max_bytes)
    elif fmt == "feed":
        yield from read_feed(path, shown, registry, max_bytes)
    elif fmt == "warc":
        yield from read_warc(path, shown, registry, max_bytes)
    else:
        yield from read_text_file(path, shown, fmt, registry, max_bytes)


def _read_gzipped(
    path: Path, shown: str, registry: OutletRegistry, max_bytes: int
) -> Iterator[Article | ReadError]:
    """A gzip-compressed file other than a WARC (``page.html.gz``, ``articles.jsonl.gz``):
    decompressed into a temporary folder under its name without ``.gz``, then read as that
    file, its articles and errors named by the compressed file's name. Cut short or corrupt,
    what decompressed before the damage is read, then the damage is reported (as a WARC's
    records before it are kept)."""
    import tempfile

    inner = _without_gz(path.name)
    # one article's file is refused past max_bytes: no more of it is unpacked (a gzip bomb)
    many = extension_format(inner) in ("jsonl", "feed", "warc")
    with tempfile.TemporaryDirectory(prefix="storyline-gz-") as tmp:
        plain = Path(tmp) / (inner or "decompressed")
        with path.open("rb") as src, plain.open("wb") as dst:
            damage = _gunzip(src, dst, None if many else max_bytes + 1)
        if plain.stat().st_size or damage is None:
            yield from read_file(plain, shown, registry, max_bytes)
        if damage is not None:
            yield ReadError(shown, f"truncated or corrupt gzip data ({damage})")


def _gunzip(src: BinaryIO, dst: BinaryIO, limit: int | None = None) -> str | None:
    """Decompress gzip ``src`` (one member or several) into ``dst``, a chunk at a time, so
    that what comes before damage is kept, and at most ``limit`` bytes; the damage, or
    None. Zero bytes after the last member are padding (``gzip -t`` passes them)."""
    import zlib

    unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
    started, written = False, 0
    while chunk := src.read(GZ_COPY_CHUNK):
        while chunk:
            if unzip.eof and not chunk.strip(b"\0"):
                break  # padding
            try:
                out = unzip.decompress(chunk, 0 if limit is None else limit - written + 1)
            except zlib.error as exc:
                return str(exc)
            dst.write(out)
            written, started = written + len(out), True
            if limit is not None and written > limit:
                return None  # the reader refuses the file by its size
            chunk = unzip.unconsumed_tail or (unzip.unused_data if unzip.eof else b"")
            if unzip.eof and chunk.strip(b"\0"):  # another member follows
                unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
    if started and not unzip.eof:
        return "the file ends before its compressed data does"
    return None


def read_paths(
    paths: Iterable[str | Path] | str | Path,
    *,
    registry: OutletRegistry | None = None,
    max_bytes: int = MAX_ARTICLE_BYTES,
    follow_links: bool = False,
) -> Iterator[Article | ReadError]:
    """Articles and errors from files, directories and globs, in a deterministic order.
    ``follow_links`` follows symbolic links out of the folders given (``folder_files``).

    Never raises for bad input: an unreadable file or record, or a crash inside one reader,
    becomes a ``ReadError`` and the batch goes on with the next file.
    """
    registry = registry or OutletRegistry.load()
    for item in expand_paths(paths, follow_links):
        if isinstance(item, ReadError):
            yield item
            continue
        shown, path = item
        last: str | None = None
        try:
            for out in read_file(path, shown, registry, max_bytes):
                last = out.record
                yield out
        except Unreadable as exc:  # a reason a reader gave where it reads one text
            yield ReadError(shown, str(exc), f"after {last}" if last else None)
        except Exception as exc:  # a reader bug on odd input must not end the batch
            where = f"after {last}" if last else None
            yield ReadError(shown, f"unexpected error: {type(exc).__name__}: {exc}", where)
