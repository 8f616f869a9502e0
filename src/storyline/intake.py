"""Stages 1-2 of the pipeline (``storyline.pipeline``) for a run: what the user gave, read
and cleaned, into the store. Paths (files, folders, globs), ``http(s)`` URLs and ``Article``
objects made in Python may be given together; bad input is a ``ReadError`` item, and the
batch goes on."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.errors import StorylineError
from storyline.models import Article, ReadError

if TYPE_CHECKING:
    from storyline.fetch import FetchOptions, WebReader

__all__ = ["IngestResult", "InputError", "Paths", "Progress", "ingest", "read_and_clean"]

Progress = Callable[[int], None]


@dataclass
class IngestResult:
    """What an ingest did: how many articles were new, already stored, and what failed.

    ``added`` and ``skipped`` list the ids, except after ``ingest(..., keep_ids=False)``, which
    leaves them empty; ``n_added`` and ``n_skipped`` count them either way. ``errors`` holds
    each file or record skipped as unreadable, and the notes (``ReadError.note``: read all the
    same, or not tried) among them; ``unreadable`` counts the skipped ones alone."""

    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)
    versions: list[tuple[str, int]] = field(default_factory=list)  # (url, n): pages changed
    n_added: int = 0
    n_skipped: int = 0

    @property
    def unreadable(self) -> int:
        """The files and records skipped as unreadable (``errors`` also holds notes)."""
        return sum(not e.note for e in self.errors)


#: What the stages read: one file, directory or glob, or several; ``Article`` objects made
#: in Python (``storyline.ingest.article_from_text``) may stand among them.
Paths = str | Path | Article | Iterable[str | Path | Article]


class InputError(StorylineError, TypeError):
    """Something given to read that is neither a path nor an ``Article``."""


#: What ``read_and_clean`` (and ``analyze``, ``ingest``) pass on to ``read_paths``.
READER_OPTIONS = frozenset({"registry", "max_bytes", "follow_links"})


def _reader_options(options: dict[str, Any]) -> dict[str, Any]:
    """``options`` for ``read_paths``: a registry given as a file's path loaded; a name
    ``read_paths`` does not take refused in one line (it was a ``TypeError`` naming
    ``read_paths``, which the caller never called)."""
    if unknown := sorted(set(options) - READER_OPTIONS):
        raise InputError(f"unknown option {unknown[0]!r}: reading takes {sorted(READER_OPTIONS)}")
    if isinstance(options.get("registry"), str | os.PathLike):
        from storyline.ingest import OutletRegistry

        return {**options, "registry": OutletRegistry.load(options["registry"])}
    return options


def _given(article: Article) -> Article | ReadError:
    """An ``Article`` given as it is, or a ``ReadError`` when it holds no text (an empty one
    was briefed as a story of no words, and None failed deep in ``clean``)."""
    text: object = article.text  # a caller may pass anything, whatever the hint says
    if not isinstance(text, str) or not text.strip():
        return ReadError(article.source_path, "the article's text is empty", article.record)
    return article


def read_and_clean(paths: Paths, **reader_options: Any) -> Iterable[Article | ReadError]:
    """Stages 1–2 for a batch of inputs, streamed, in their order: errors come out in place
    of articles; an ``Article`` given is cleaned as one read from a file is. ``reader_options``
    are ``read_paths``' (``READER_OPTIONS``; ``registry`` may be a registry file's path)."""
    from storyline.clean import clean
    from storyline.ingest import read_paths

    reader_options = _reader_options(reader_options)
    files: list[str | Path] = []

    def read() -> Iterable[Article | ReadError]:
        for item in read_paths(files, **reader_options) if files else ():
            yield item if isinstance(item, ReadError) else clean(item)
        files.clear()

    for given in inputs(paths):
        if isinstance(given, Article):
            yield from read()
            checked = _given(given)
            yield checked if isinstance(checked, ReadError) else clean(checked)
        else:
            files.append(given)
    yield from read()


def inputs(paths: Paths) -> list[str | Path | Article]:
    """What was given, as a list: one path or ``Article`` as a list of one (not the
    characters of its name), an ``os.PathLike`` as a ``Path``; anything else an
    ``InputError`` on one line."""
    given_: object = paths  # a caller may pass anything, whatever the hint says
    many = not isinstance(given_, str | os.PathLike | Article | bytes) and hasattr(
        given_, "__iter__"
    )
    items: Iterable[object] = given_ if many else [given_]  # type: ignore[assignment]
    out: list[str | Path | Article] = []
    for given in items:
        if isinstance(given, str | Path | Article):
            out.append(given)
        elif isinstance(given, os.PathLike) and not isinstance(given, bytes):
            out.append(Path(os.fspath(given)))
        else:
            raise InputError(
                "storyline reads paths (str or Path) and Article objects, not "
                f"{type(given).__name__} (storyline.article_from_text makes an Article of a text)"
            )
    return out


def ingest(
    paths: Paths,
    store: Any,
    *,
    progress: Progress | None = None,
    on_error: Callable[[ReadError], None] | None = None,
    fetch: FetchOptions | None = None,
    keep_ids: bool = True,
    **reader_options: Any,
) -> IngestResult:
    """Stages 1–2 into the store. Bad files are reported and skipped; the batch goes on.

    An ``http(s)://`` path is fetched (``storyline.fetch``, with ``fetch``'s options): a page,
    or the pages a feed or sitemap lists; a URL whose article is stored is not fetched again
    (unless ``fetch.refetch``) and counts as already stored. ``keep_ids=False`` counts the
    articles added and skipped without listing their ids (``Store.count_added``), so that the
    memory of an ingest of files stays flat however large they are."""
    from storyline.fetch import split_urls
    from storyline.store.pages import record_page_versions

    result = IngestResult()
    reader_options = _reader_options(reader_options)  # a registry's path loaded once
    files, urls = split_urls(inputs(paths))
    web = _web_reader(store, fetch, reader_options) if urls else None

    def items() -> Iterable[Article | ReadError]:
        yield from read_and_clean(files, **reader_options)
        if web is not None:
            from storyline.clean import clean

            for item in web.read(urls):
                yield item if isinstance(item, ReadError) else clean(item)

    first_read: dict[str, tuple[str, str | None]] = {}  # article id -> where first read

    def report(error: ReadError) -> None:
        result.errors.append(error)
        if on_error:
            on_error(error)

    def articles() -> Iterable[Article]:
        for item in items():
            if progress:
                progress(1)
            if isinstance(item, ReadError):
                report(item)
                continue
            if keep_ids and (again := _read_before(item, first_read)):
                report(again)
            yield item

    def same_pages(ids: list[str]) -> None:
        # a page stored already under another text (its feed's summary, a corrected copy) is
        # a version of one article, not a second source (storyline.store.pages; a count-only
        # ingest of a large file leaves it to the next whole analysis, record_stored_pages)
        result.versions += record_page_versions(store, ids)

    if not keep_ids and web is None:
        result.n_added, result.n_skipped = store.count_added(articles())
        return result
    added, skipped = store.add_articles(articles(), same_pages)
    if web is not None:
        web.commit()  # what each URL answered, kept now that its articles are stored
        skipped += [i for i in web.known if i not in skipped]
        result.versions += list(web.changed)
    result.added, result.skipped = added, skipped
    result.n_added, result.n_skipped = len(added), len(skipped)
    return result


def _read_before(
    article: Article, first_read: dict[str, tuple[str, str | None]]
) -> ReadError | None:
    """A note when the run read the same article (the same id) from another file before: a
    copy of a file in the folder given was stored once, with no word of the second (a new
    user's trial). A record its own file repeats is no news."""
    path, record = first_read.setdefault(article.id, (article.source_path, article.record))
    if path == article.source_path:
        return None
    first = f"{path} ({record})" if record else path
    return ReadError(article.source_path, f"the same article as {first}: read once", note=True)


def _web_reader(
    store: Any, fetch: FetchOptions | None, reader_options: dict[str, Any]
) -> WebReader:
    """The reader of a run's URLs, with the reader options of its files."""
    from storyline.fetch import WebReader, options_for
    from storyline.ingest import MAX_ARTICLE_BYTES, OutletRegistry

    max_bytes = reader_options.get("max_bytes", MAX_ARTICLE_BYTES)
    registry = reader_options.get("registry") or OutletRegistry.load()
    return WebReader(store, registry, options_for(store.path, fetch, max_bytes))
