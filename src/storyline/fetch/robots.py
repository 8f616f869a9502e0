"""robots.txt, read once per site and kept for the run (RFC 9309).

storyline obeys robots.txt for every URL it finds itself (feed items, sitemap entries, feeds
found on a home page): a site that asks crawlers to stay out of a path is not crawled there.
A URL the user names is fetched as a browser would fetch it, unless the user asks
(``--obey-robots``). As the RFC says, a robots.txt that is missing (4xx) allows everything,
and one that cannot be fetched (5xx, no connection) forbids everything for the run.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from storyline.fetch.safety import FetchError, Refused

#: The name storyline answers to in robots.txt (``User-agent: storyline``).
ROBOTS_TOKEN = "storyline"
#: The most of a robots.txt that is read: RFC 9309 asks crawlers to parse at least 500 KiB.
ROBOTS_MAX_BYTES = 512 << 10

#: What the cache needs of the client: the status and text of a robots.txt URL (raising a
#: ``FetchError`` when it cannot be fetched).
GetText = Callable[[str], tuple[int, str]]


class Robots:
    """The robots.txt rules of every site met during one run, fetched on first use."""

    def __init__(self, get_text: GetText) -> None:
        self.get_text = get_text
        self.rules: dict[str, RobotFileParser | str] = {}  # origin -> rules, or why none

    def _rules(self, origin: str) -> RobotFileParser | str:
        if origin not in self.rules:
            parser = RobotFileParser(origin + "/robots.txt")
            try:
                status, text = self.get_text(origin + "/robots.txt")
            except Refused:
                raise  # the site itself is refused (an address storyline does not fetch)
            except FetchError as exc:
                self.rules[origin] = f"its robots.txt cannot be fetched ({exc})"
                return self.rules[origin]
            if status >= 500:
                self.rules[origin] = f"its robots.txt answers HTTP {status}"
                return self.rules[origin]
            parser.parse(text.splitlines() if 200 <= status < 300 else [])
            self.rules[origin] = parser
        return self.rules[origin]

    def check(self, url: str) -> None:
        """Raise ``Refused`` when the site's robots.txt keeps storyline out of ``url``."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self._rules(origin)
        if isinstance(rules, str):
            raise Refused(f"not fetched: {rules}, so the site counts as closed to crawlers")
        if not rules.can_fetch(ROBOTS_TOKEN, url):
            raise Refused("refused by the site's robots.txt")
