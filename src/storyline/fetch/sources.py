"""Articles from URLs: a page is read like a local HTML file, a feed or a sitemap brings in
the pages it lists.

``WebReader.read(urls)`` yields ``Article`` and ``ReadError`` items like
``storyline.ingest.read_paths``, so the pipeline stores both the same way; one URL that fails
is one ``ReadError`` naming it and the reason, and the batch goes on. A page's article keeps
the URL that answered (after redirects) as its ``url``, its identity; the same page read back
from the WARC archive gets the same id. A URL whose article is stored is not fetched again
unless ``FetchOptions.refetch``; its stored ids are reported in ``known`` (the run's articles
include them). Links found in feeds and sitemaps obey robots.txt. A page fetched again whose
text changed gives a new article, kept as the page's next version (``storyline.store.web``):
from then on the URL stands for that latest version only.

What each URL answered (validators for conditional requests) is kept in the store only by
``commit``, called once the run's articles are stored: a run stopped before that leaves no
validator that would make the next run believe it has what it never stored. ``commit`` also
marks the WARC archive as read up to its end when the store held all of it before the run
(``storyline.fetch.recover`` reads what lies after that mark).

``storyline watch`` asks again for stored pages a feed still lists while they are young
(``FetchOptions.revisit_after``), conditionally, so that a page changed between polls
becomes its next version; ``FetchOptions.stop`` stops a run between two URLs (a listing cut
short keeps no validator, so the next run reads it whole again).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from storyline.fetch.client import (
    REVISIT_AGE_FACTOR,
    Fetcher,
    FetchError,
    FetchOptions,
    Response,
)
from storyline.fetch.listing import feed_links, kind_of, sitemap_links, text_of
from storyline.fetch.safety import check_url
from storyline.ingest.build import Given
from storyline.ingest.readers import html_article
from storyline.ingest.registry import OutletRegistry
from storyline.ingest.sniff import Unreadable
from storyline.models import Article, ReadError, one_line
from storyline.store import Store
from storyline.store.web import Fetched, WebState

__all__ = ["WebReader", "is_url"]

#: Sitemaps read from one sitemap index (an index of indexes included): enough for a news
#: site's daily sitemaps, not a whole archive's.
MAX_SITEMAPS = 50


def is_url(text: str) -> bool:
    """True for what ``ingest`` reads as a URL rather than a file name."""
    return text.strip().lower().startswith(("http://", "https://"))


def _http_error(resp: Response) -> str:
    import http

    try:
        phrase = http.HTTPStatus(resp.status).phrase
    except ValueError:
        phrase = ""
    return f"HTTP {resp.status} {phrase}".strip()


@dataclass
class _Listing:
    """A feed or sitemap being read: its answer, and whether all its links came in."""

    resp: Response
    kind: str
    complete: bool = True
    errors: list[ReadError] = field(default_factory=list)  # of the sitemaps it lists


@dataclass
class WebReader:
    """Reads URLs into articles for one run (see the module docstring)."""

    store: Store
    registry: OutletRegistry
    options: FetchOptions = field(default_factory=FetchOptions)
    known: list[str] = field(default_factory=list)  # stored ids of URLs not fetched again
    done: set[str] = field(default_factory=set)  # pages read in this run
    pending: list[Fetched] = field(default_factory=list)
    pages: list[tuple[str, str]] = field(default_factory=list)  # (url, article id) read
    changed: list[tuple[str, int]] = field(default_factory=list)  # new versions of pages

    def __post_init__(self) -> None:
        self.state = WebState(self.store)
        self.warc_begin = self._warc_size()  # the archive's size before this run

    def _warc_size(self) -> int:
        warc = self.options.warc
        return warc.stat().st_size if warc is not None and warc.exists() else 0

    def stopped(self) -> bool:
        """True once ``FetchOptions.stop`` asks the run to read no further URL."""
        return self.options.stop is not None and self.options.stop()

    def read(self, urls: Iterable[str]) -> Iterator[Article | ReadError]:
        """Articles and errors of ``urls`` (pages, feeds, sitemaps), in order."""
        with Fetcher(self.options) as fetcher:
            for url in urls:
                if self.stopped():
                    return
                try:
                    yield from self._source(fetcher, url.strip())
                except Exception as exc:  # a bug on one odd answer must not end the batch
                    yield ReadError(one_line(url), f"unexpected error: {type(exc).__name__}: {exc}")

    def commit(self) -> None:
        """Keep what the fetched URLs answered (call after their articles are stored)."""
        self.state.remember(self.pending)
        self.changed += self.state.add_versions(self.pages)
        self.pending.clear()
        self.pages.clear()
        warc = self.options.warc
        if warc is not None and self.state.warc_read(str(warc)) == self.warc_begin:
            self.warc_begin = self._warc_size()  # every response of the run is accounted for
            self.state.set_warc_read(str(warc), self.warc_begin)

    def _stored(self, url: str) -> list[str] | None:
        """The stored ids of ``url`` when it need not be fetched again, else None."""
        ids = self.state.article_ids(url)
        o = self.options
        if not ids or o.refetch:
            return None
        if o.revisit_after is not None and self.state.due(
            url, o.revisit_after, o.revisit_within, REVISIT_AGE_FACTOR
        ):
            return None
        return ids

    def _fetch(
        self, fetcher: Fetcher, url: str, *, discovered: bool
    ) -> Response | ReadError | None:
        """The answer at ``url``; None when it is unchanged (its stored ids are ``known``)."""
        last = self.state.last(url)
        stored = self.state.article_ids(url)
        usable = last is not None and (last.kind != "page" or bool(stored))
        try:
            check_url(url)
            resp = fetcher.get(
                url,
                discovered=discovered,
                etag=last.etag if usable and last else None,
                modified=last.last_modified if usable and last else None,
            )
        except FetchError as exc:
            return ReadError(one_line(url), str(exc))
        if resp.unchanged:  # a page's stored ids, or those of the pages a listing listed
            if last is not None:  # asked again just now: not due for a while
                self.pending.append(replace(last, etag=resp.headers.get("etag") or last.etag))
            self.known.extend(stored)
            for link in last.links if last else ():
                self.known.extend(self.state.article_ids(link))
            return None
        if not 200 <= resp.status < 300:
            return ReadError(one_line(url), _http_error(resp))
        return resp

    def _source(self, fetcher: Fetcher, url: str) -> Iterator[Article | ReadError]:
        """One URL the user named: a page, or a feed or sitemap and its pages."""
        if (ids := self._stored(url)) is not None:
            self.known.extend(ids)
            return
        if url in self.done:
            return
        self.done.add(url)
        resp = self._fetch(fetcher, url, discovered=False)
        if isinstance(resp, ReadError):
            yield resp
        if not isinstance(resp, Response):
            return
        kind = kind_of(resp)
        if kind == "page":
            yield self._page(resp)
        elif kind in ("feed", "sitemap"):
            listing = _Listing(resp, kind)
            links = feed_links(resp) if kind == "feed" else self._sitemap(fetcher, listing)
            yield from listing.errors
            yield from self._pages(fetcher, links, listing)
            if listing.complete:
                self._keep(resp, kind, links)
        else:
            what = resp.content_type or "no Content-Type"
            yield ReadError(one_line(url), f"not an HTML page, a feed or a sitemap ({what})")

    def _keep(self, resp: Response, kind: str, links: list[str] | None = None) -> None:
        h = resp.headers
        self.pending.append(
            Fetched(
                resp.url,
                resp.final_url,
                kind,
                resp.status,
                h.get("etag"),
                h.get("last-modified"),
                tuple(links or ()),
            )  # fmt: skip
        )

    def _page(self, resp: Response) -> Article | ReadError:
        """The article of an HTML page, read as the WARC reader reads the same response."""
        try:
            html = text_of(resp)
            given = Given(url=resp.final_url)
            article = html_article(html, "html", one_line(resp.url), self.registry, given=given)
        except Unreadable as exc:
            return ReadError(one_line(resp.url), str(exc))
        self._keep(resp, "page")
        self.pages.append((resp.final_url, article.id))
        return article

    def _pages(
        self, fetcher: Fetcher, links: list[str], listing: _Listing
    ) -> Iterator[Article | ReadError]:
        """The pages a feed or sitemap lists (robots.txt obeyed), those stored skipped."""
        where = f"listed in {one_line(listing.resp.url)}"
        for link in links:
            if self.stopped():
                listing.complete = False
                return
            if link in self.done:
                continue
            self.done.add(link)
            if (ids := self._stored(link)) is not None:
                self.known.extend(ids)
                continue
            resp = self._fetch(fetcher, link, discovered=True)
            if isinstance(resp, ReadError):
                listing.complete = False
                yield ReadError(resp.path, resp.reason, where)
            elif resp is not None and kind_of(resp) != "page":
                listing.complete = False
                yield ReadError(one_line(link), "not an HTML page", where)
            elif resp is not None:
                item = self._page(resp)
                if isinstance(item, ReadError):
                    listing.complete = False
                    item = ReadError(item.path, item.reason, where)
                yield item

    def _sitemap(self, fetcher: Fetcher, listing: _Listing) -> list[str]:
        """The pages of a sitemap and of the sitemaps it lists (at most ``MAX_SITEMAPS``)."""
        pages, todo = sitemap_links(listing.resp)
        seen = {listing.resp.url, listing.resp.final_url}
        while todo and len(seen) < MAX_SITEMAPS:
            url = todo.pop(0)
            if url in seen:
                continue
            seen.add(url)
            resp = self._fetch(fetcher, url, discovered=True)
            where = f"listed in {one_line(listing.resp.url)}"
            if isinstance(resp, Response) and kind_of(resp) == "sitemap":
                more, deeper = sitemap_links(resp)
                pages += [p for p in more if p not in pages]
                todo += deeper
            elif isinstance(resp, Response):
                listing.errors.append(ReadError(one_line(url), "not a sitemap", where))
            elif resp is not None:
                listing.errors.append(ReadError(resp.path, resp.reason, where))
            listing.complete = listing.complete and not listing.errors
        return pages
