"""What a fetched response is (a page, a feed, a sitemap) and the links a feed or sitemap lists.

The parsing is trafilatura's (``trafilatura.feeds.find_links`` for RSS, Atom and JSON feeds,
``trafilatura.sitemaps.SitemapObject`` for XML and text sitemaps, ``determine_feed`` for the
feeds a home page announces), run on responses fetched by storyline's own client, so every
request follows its rules. trafilatura's own link filters are not used: they drop every URL
whose host is an address rather than a domain name, and storyline checks addresses itself
(``storyline.fetch.safety``).
"""

from __future__ import annotations

import logging
import re
from typing import Literal
from urllib.parse import urljoin, urlsplit

from courlan.filters import extension_filter
from trafilatura.feeds import FeedParameters, determine_feed, find_links
from trafilatura.sitemaps import DETECT_SITEMAP_LINK, SitemapObject

from storyline.fetch.client import Response
from storyline.fetch.safety import SCHEMES
from storyline.ingest.sniff import Unreadable, declared_charset, decode

__all__ = ["Kind", "feed_links", "feeds_on_page", "kind_of", "sitemap_links", "text_of"]

#: Links taken from one feed or sitemap: the sitemap protocol's own limit per file.
MAX_LINKS = 50_000
#: Feeds a home page may announce that are looked at (trafilatura checks as many).
MAX_FEEDS_FOUND = 3
#: Bytes at the start of a response looked at to tell a feed or sitemap from a page.
HEAD_BYTES = 4096

Kind = Literal["page", "feed", "sitemap", "other"]

_FEED = re.compile(r"<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s>]")
_SITEMAP = re.compile(r"<(?:[\w.-]+:)?(?:urlset|sitemapindex)[\s>]")
_HTML = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]", re.I)

# trafilatura logs each link it rejects as a warning; storyline reports what it skips itself.
logging.getLogger("trafilatura").addHandler(logging.NullHandler())
logging.getLogger("trafilatura").propagate = False


def text_of(resp: Response) -> str:
    """The body as text, in the charset HTTP or the document declares."""
    from storyline.ingest.warc import _http_charset  # the WARC reader's reading of HTTP

    charset = _http_charset(resp.content_type) or declared_charset(resp.body)
    try:
        return decode(resp.body, charset)
    except Unreadable:
        return resp.body.decode("utf-8", errors="replace")


def kind_of(resp: Response) -> Kind:
    """What the response holds, by its first bytes, else its Content-Type."""
    head = resp.body[:HEAD_BYTES].decode("utf-8", errors="replace")
    ctype = resp.content_type.split(";")[0].strip().lower()
    if _SITEMAP.search(head):
        return "sitemap"
    if _FEED.search(head) or ctype == "application/feed+json":
        return "feed"
    if _HTML.search(head) or "html" in ctype:
        return "page"
    return "other"


def _keep(links: list[str], base: str) -> list[str]:
    """Absolute http(s) links to pages, each once, in order; not the site's home page."""
    out: dict[str, None] = {}
    for link in links:
        url = urljoin(base, link.strip())
        parts = urlsplit(url)
        if parts.scheme not in SCHEMES or url == base or parts.path in ("", "/"):
            continue
        if extension_filter(parts.path):
            out.setdefault(url.split("#", 1)[0], None)
        if len(out) >= MAX_LINKS:
            break
    return list(out)


def _params(url: str) -> FeedParameters:
    parts = urlsplit(url)
    return FeedParameters(f"{parts.scheme}://{parts.netloc}", parts.hostname or "", url)


def feed_links(resp: Response) -> list[str]:
    """The article links of an RSS, Atom or JSON feed, in the feed's order."""
    return _keep(find_links(text_of(resp).strip(), _params(resp.final_url)), resp.final_url)


class _Sitemap(SitemapObject):
    """trafilatura's sitemap parser with storyline's link filter (see the module docstring)."""

    def handle_link(self, link: str) -> None:
        if link == self.current_url:
            return
        if DETECT_SITEMAP_LINK.search(link):
            self.sitemap_urls.append(link)
        else:
            self.urls.append(link)


def sitemap_links(resp: Response) -> tuple[list[str], list[str]]:
    """``(pages, sitemaps)``: the page links of a sitemap, and the sitemaps an index lists."""
    parts = urlsplit(resp.final_url)
    sitemap = _Sitemap(f"{parts.scheme}://{parts.netloc}", parts.hostname or "", [])
    sitemap.current_url = resp.final_url
    sitemap.content = text_of(resp)
    sitemap.process()
    base = resp.final_url
    return _keep(sitemap.urls, base), _keep(sitemap.sitemap_urls, base)


def feeds_on_page(resp: Response) -> list[str]:
    """The feeds a page announces (``<link rel="alternate">``, else feed-like links)."""
    found = determine_feed(text_of(resp), _params(resp.final_url))
    return _keep(found, resp.final_url)[:MAX_FEEDS_FOUND]
