"""Live input: articles fetched from the web, politely and safely.

``storyline ingest URL...`` reads each page like a local HTML file; a feed (RSS, Atom, JSON)
or a sitemap brings in the pages it lists; ``storyline feeds`` keeps the feeds a user
follows. The parts:

* ``client``: the HTTP client every request goes through (timeouts, retries with backoff,
  a per-site rate limit, conditional requests, a size limit, redirects checked hop by hop);
* ``safety``: only http(s), and no private, loopback or link-local address unless allowed;
* ``robots``: robots.txt, obeyed for every link storyline finds itself;
* ``archive``: every response appended to a WARC file beside the store, readable again
  offline with ``storyline ingest store.warc.gz``;
* ``listing``: feeds and sitemaps, parsed with trafilatura's parsers;
* ``sources``: URLs in, ``Article`` and ``ReadError`` items out (``WebReader``);
* ``feeds``: the followed feeds (``follow``, discovery on a home page).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from storyline.fetch.archive import warc_path
from storyline.fetch.client import Fetcher, FetchError, FetchOptions, Response
from storyline.fetch.safety import Refused
from storyline.fetch.sources import WebReader, is_url

__all__ = [
    "FetchError", "FetchOptions", "Fetcher", "Refused", "Response", "WebReader", "is_url",
    "options_for", "split_urls", "warc_path",
]  # fmt: skip

#: The database name of a store that lives in memory (its crawl is not archived).
_MEMORY = ":memory:"


#: What ``split_urls`` is given: paths, and ``Article`` objects passed through.
P = TypeVar("P")


def split_urls(paths: Iterable[P]) -> tuple[list[P], list[str]]:
    """``(files, urls)``: what ``ingest`` reads (from disk, or ``Article`` objects given) and
    what it fetches."""
    files: list[P] = []
    urls: list[str] = []
    for p in paths:
        if isinstance(p, str) and is_url(p):
            urls.append(p)
        else:
            files.append(p)
    return files, urls


def options_for(
    store_path: str | Path, options: FetchOptions | None, max_bytes: int
) -> FetchOptions:
    """``options`` (the defaults when None) with the store's archive when none is named."""
    options = options or FetchOptions(max_bytes=max_bytes)
    if options.warc is None and str(store_path) != _MEMORY:
        options = replace(options, warc=warc_path(store_path))
    return options
