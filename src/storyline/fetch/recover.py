"""What a stopped run fetched, read back from the WARC archive instead of the web.

Every response is appended to the archive as soon as it has arrived (``storyline.fetch.
archive``), but a run's articles reach the store in batches and what each URL answered only at
the end (``WebReader.commit``). A run killed in between leaves responses in the archive that
the store does not hold. The store remembers how much of the archive it accounts for
(``WebState.warc_read``); ``recover`` reads the pages after that mark with the WARC reader
(``storyline.ingest.warc``, the reader of ``storyline ingest crawl.warc.gz``, so they give the
articles fetching them gave), stores the new ones as their page's next version, and moves the
mark to the end. Those URLs, and those that redirected to them, are then stored and not
fetched again. A record that cannot be
read (cut by a crash of the machine) is left: its URL is fetched again.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from storyline.ingest.registry import OutletRegistry
from storyline.ingest.warc import read_warc
from storyline.models import Article
from storyline.store import Store
from storyline.store.web import Fetched, WebState

__all__ = ["Recovered", "recover"]


@dataclass
class Recovered:
    """What ``recover`` found: the articles it stored, and pages it already held."""

    added: list[str] = field(default_factory=list)
    versions: list[tuple[str, int]] = field(default_factory=list)  # new versions of pages
    held: int = 0  # pages read back whose article the store had


def _tail(warc: Path, start: int, end: int, into: Path) -> None:
    """Copy bytes ``start`` to ``end`` of ``warc`` (whole gzip members) into ``into``."""
    with warc.open("rb") as src, into.open("wb") as dst:
        src.seek(start)
        left = end - start
        while left > 0:
            chunk = src.read(min(left, 1 << 20))
            if not chunk:
                break
            dst.write(chunk)
            left -= len(chunk)


def _pages(
    warc: Path, start: int, end: int, registry: OutletRegistry, max_bytes: int
) -> tuple[list[Article], dict[str, str]]:
    """The articles of the HTML responses between ``start`` and ``end``, in archive order,
    and the redirects answered there (URL -> where it led)."""
    from storyline.clean import clean

    with tempfile.TemporaryDirectory(prefix="storyline-recover-") as tmp:
        part = Path(tmp) / "tail.warc.gz"
        if start == 0:
            shutil.copyfile(warc, part)
        else:
            _tail(warc, start, end, part)
        # errors are left: an unreadable record's URL is simply fetched again
        pages = [clean(a) for a in read_warc(part, str(warc), registry, max_bytes)
                 if isinstance(a, Article)]  # fmt: skip
        return pages, _redirects(part)


def _redirects(part: Path) -> dict[str, str]:
    """URL -> the URL it redirected to, of the redirect responses in ``part``."""
    from urllib.parse import urljoin

    from warcio.archiveiterator import ArchiveIterator

    hops: dict[str, str] = {}
    try:
        with part.open("rb") as f:
            for record in ArchiveIterator(f):
                http = record.http_headers
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                if record.rec_type != "response" or http is None or not url:
                    continue
                where = http.get_header("Location")
                if (http.get_statuscode() or "").startswith("3") and where:
                    hops[url] = urljoin(url, where.strip())
    except Exception:  # a cut record ends the list; those after it are fetched again
        pass
    return hops


def _final(url: str, hops: dict[str, str]) -> str:
    seen = {url}
    while (url := hops.get(url, url)) not in seen:
        seen.add(url)
    return url


def recover(store: Store, warc: Path, registry: OutletRegistry, max_bytes: int) -> Recovered:
    """Store the pages of ``warc`` that the store does not account for (see the module
    docstring); the mark moves to the archive's end."""
    state = WebState(store)
    found = Recovered()
    end = warc.stat().st_size if warc.exists() else 0
    start = state.warc_read(str(warc))
    if start > end:  # the archive was replaced by a shorter one: read it all
        start = 0
    if end == start:
        return found
    articles, hops = _pages(warc, start, end, registry, max_bytes)
    added, _ = store.add_articles(articles)
    found.added = added
    new = set(added)
    for a in articles:
        url = a.url or ""
        if a.id not in new:
            found.held += 1
        if not url or state.has_version(url, a.id):
            continue
        found.versions += state.add_versions([(url, a.id)])
    # each URL that led to a page read back stands for it, like a fetched one (a feed's link
    # through a redirect is then not fetched again); fetched just now: not due for a while
    pages = {a.url for a in articles if a.url}
    asked = [(u, _final(u, hops)) for u in [*pages, *hops]]
    state.remember([Fetched(u, final, "page", 200) for u, final in asked
                    if final in pages and state.last(u) is None])  # fmt: skip
    state.set_warc_read(str(warc), end)
    return found
