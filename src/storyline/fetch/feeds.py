"""The feeds a user follows, kept in the store (``storyline feeds add/list/remove``).

``follow`` fetches what the user names: a feed (RSS, Atom, JSON) or a sitemap is followed as
it is; a page (an outlet's home page) is searched for the feeds it announces
(trafilatura's ``determine_feed``), and each of them that answers as a feed is followed.
The feeds found on a page are links storyline found itself, so robots.txt is obeyed for them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from storyline.fetch.client import Fetcher, FetchError, FetchOptions, Response
from storyline.fetch.listing import feeds_on_page, kind_of, text_of
from storyline.fetch.safety import check_url
from storyline.models import one_line
from storyline.store import Store
from storyline.store.web import Followed, WebState

__all__ = ["Added", "follow", "followed", "unfollow"]

#: Characters of a feed's title kept (a title, not a description).
MAX_TITLE_CHARS = 200

_TITLE = re.compile(r"<title[^>]*>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</title>", re.S | re.I)
_JSON_TITLE = re.compile(r'"title"\s*:\s*"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class Added:
    """A feed ``follow`` found: ``new`` is False when it was followed already."""

    url: str
    kind: str
    title: str | None
    new: bool


def feed_title(resp: Response) -> str | None:
    """The feed's own title (its first ``<title>``), as plain text on one line."""
    text = text_of(resp)[:65536]
    m = _TITLE.search(text) or _JSON_TITLE.search(text)
    if not m:
        return None
    title = " ".join(html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).split())
    return title[:MAX_TITLE_CHARS] or None


def _answer(fetcher: Fetcher, url: str, discovered: bool) -> Response:
    resp = fetcher.get(check_url(url), discovered=discovered)
    if not 200 <= resp.status < 300:
        raise FetchError(f"HTTP {resp.status}")
    return resp


def follow(store: Store, url: str, options: FetchOptions | None = None) -> list[Added]:
    """Follow ``url`` (a feed or sitemap, or a page announcing feeds). Raises ``FetchError``
    naming the URL when it cannot be fetched or holds no feed."""
    state = WebState(store)
    with Fetcher(options) as fetcher:
        try:
            resp = _answer(fetcher, url, discovered=False)
        except FetchError as exc:
            raise FetchError(f"{one_line(url)}: {exc}") from exc
        kind = kind_of(resp)
        found: list[tuple[Response, str]] = []
        if kind in ("feed", "sitemap"):
            found = [(resp, kind)]
        elif kind == "page":
            found = _discovered(fetcher, resp)
        else:
            raise FetchError(f"{one_line(url)}: not a feed, a sitemap or a web page")
    if not found:
        raise FetchError(f"{one_line(url)}: the page announces no feed (no RSS or Atom link)")
    added = []
    for r, k in found:
        title = feed_title(r)
        added.append(Added(r.url, k, title, state.follow(r.url, k, title)))
    return added


def _discovered(fetcher: Fetcher, page: Response) -> list[tuple[Response, str]]:
    """The feeds a page announces that answer as feeds (robots.txt obeyed)."""
    found: list[tuple[Response, str]] = []
    for link in feeds_on_page(page):
        try:
            resp = _answer(fetcher, link, discovered=True)
        except FetchError:
            continue
        if kind_of(resp) == "feed":
            found.append((resp, "feed"))
    return found


def followed(store: Store) -> list[Followed]:
    """The followed feeds and sitemaps, oldest first."""
    return WebState(store).followed()


def unfollow(store: Store, url: str) -> bool:
    """Stop following ``url``; False when it was not followed."""
    return WebState(store).unfollow(url)
