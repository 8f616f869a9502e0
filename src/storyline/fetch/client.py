"""storyline's HTTP client: polite to the sites it reads, careful with what they send back.

Every request storyline makes goes through ``Fetcher.get``:

* at most one request per ``HOST_INTERVAL`` seconds to one site (host and port);
* timeouts on connecting and on each read, and a ceiling on the whole response
  (``TOTAL_TIMEOUT``), so a server that trickles bytes cannot hold a run;
* ``RETRIES`` more tries, after ``BACKOFF``, 2 × ``BACKOFF``, ... seconds (a numeric
  ``Retry-After`` is followed up to ``MAX_BACKOFF``), on a lost connection, a timeout, or an
  answer that says "try later" (``RETRY_STATUSES``); never on a refusal;
* redirects followed by hand, each hop checked like the first (scheme, address, robots.txt),
  at most ``MAX_REDIRECTS`` of them, a loop named as such;
* the body read as a stream and abandoned past the size limit (the ingest limit,
  ``storyline.ingest.MAX_ARTICLE_BYTES``), before and after decompression;
* conditional requests: ``ETag`` / ``Last-Modified`` given by the caller become
  ``If-None-Match`` / ``If-Modified-Since``, and a 304 answer is "unchanged";
* every complete response appended to the WARC archive (``storyline.fetch.archive``).

A failure is a ``FetchError`` whose message is the reason; the caller names the URL.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

import storyline
from storyline.fetch.archive import WarcArchive
from storyline.fetch.robots import ROBOTS_MAX_BYTES, Robots
from storyline.fetch.safety import (
    AddressPolicy,
    FetchError,
    GuardedBackend,
    Refused,
    allow_all,
    check_url,
    public_only,
)
from storyline.ingest import MAX_ARTICLE_BYTES
from storyline.ingest.readers import size_error, size_limit
from storyline.ingest.sniff import Unreadable

__all__ = ["FetchError", "FetchOptions", "Fetcher", "Refused", "Response"]

#: Seconds between two requests to the same site: one a second is the usual courtesy of
#: crawlers (and what most robots.txt ``Crawl-delay`` lines ask or less).
HOST_INTERVAL = 1.0
#: Seconds to wait for a connection, and for each read of the answer.
TIMEOUT = 15.0
#: Seconds the body of one response may take to arrive, however steadily it trickles in.
TOTAL_TIMEOUT = 60.0
#: Tries after the first one, for failures that may pass (see ``RETRY_STATUSES``).
RETRIES = 2
#: Seconds before the first retry; each further retry waits twice as long.
BACKOFF = 2.0
#: The longest wait before a retry, whatever ``Retry-After`` asks.
MAX_BACKOFF = 30.0
#: Answers that mean "try again later".
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Redirects followed from one URL (browsers allow 20; news pages need one or two).
MAX_REDIRECTS = 5
#: Bytes read from the network at a time.
CHUNK_BYTES = 1 << 16
#: Sent with every request, so a site can tell who is reading it.
USER_AGENT = f"storyline/{storyline.__version__} (news briefing reader)"
#: Encodings asked for: those the WARC reader can always decode (brotli needs a package).
ACCEPT_ENCODING = "gzip, deflate"

#: Seconds after its first version during which a stored page a feed lists again is asked
#: again by ``storyline watch`` (conditionally): corrections and updated tolls come in the
#: first day or two; later, a page is left alone.
REVISIT_WINDOW = 2 * 86400.0
#: A page is asked again no sooner than its age divided by this: every poll while it is an
#: hour old, every few hours once it is a day old, about a dozen requests over the window.
REVISIT_AGE_FACTOR = 4.0

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchOptions:
    """How a run fetches; the defaults are the polite ones (tests pass short times)."""

    allow_private: bool = False
    obey_robots: bool = False  # also for the URLs the user names
    refetch: bool = False  # fetch a URL again although its article is stored
    timeout: float = TIMEOUT
    total_timeout: float = TOTAL_TIMEOUT
    retries: int = RETRIES
    backoff: float = BACKOFF
    host_interval: float = HOST_INTERVAL
    max_bytes: int = MAX_ARTICLE_BYTES
    warc: Path | None = None  # where responses are archived; None: not archived
    policy: AddressPolicy | None = None  # which addresses; None: by ``allow_private``
    # A stored page is asked again once its last fetch is this many seconds old (and its
    # first version younger than ``revisit_within``); None: never (``storyline watch`` sets
    # its poll interval, so that a page changed between polls becomes a new version).
    revisit_after: float | None = None
    revisit_within: float = REVISIT_WINDOW
    # Asked before each URL; True: read no further URL (a stopped ``watch``).
    stop: Callable[[], bool] | None = None


@dataclass
class Response:
    """A complete answer: the URL asked, the URL that answered, the decoded body."""

    url: str
    final_url: str
    status: int
    headers: httpx.Headers
    body: bytes
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def unchanged(self) -> bool:
        return self.status == 304


def _reason(exc: httpx.TransportError, timeout: float) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"no connection within {timeout:g} s"
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer within {timeout:g} s"
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"connection failed ({text})"


class _HostClock:
    """Keeps requests to one site ``interval`` seconds apart."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.last: dict[str, float] = {}

    def wait(self, url: str) -> None:
        site = urlsplit(url).netloc.lower()
        if site in self.last:
            time.sleep(max(0.0, self.last[site] + self.interval - time.monotonic()))
        self.last[site] = time.monotonic()


class _Transport(httpx.HTTPTransport):
    """httpx's transport over ``GuardedBackend``. httpx has no parameter for httpcore's
    network backend, so the pool it built is replaced by one that uses it."""

    def __init__(self, policy: AddressPolicy) -> None:
        import httpcore

        super().__init__(trust_env=False)  # no proxy from the environment: it would connect
        self._pool = httpcore.ConnectionPool(network_backend=GuardedBackend(policy))


class Fetcher:
    """One run's HTTP client. Use as a context manager (it holds connections)."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        policy = self.options.policy or (allow_all if self.options.allow_private else public_only)
        self.client = httpx.Client(
            transport=_Transport(policy),
            timeout=httpx.Timeout(self.options.timeout),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
            follow_redirects=False,
            trust_env=False,
        )
        self.clock = _HostClock(self.options.host_interval)
        self.robots = Robots(self._robots_text)
        self.archive = WarcArchive(self.options.warc) if self.options.warc else None

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        discovered: bool = False,
        etag: str | None = None,
        modified: str | None = None,
    ) -> Response:
        """The answer at ``url`` after redirects. ``discovered``: storyline found the URL
        itself (robots.txt is obeyed); ``etag``/``modified``: what the last answer said."""
        obey = discovered or self.options.obey_robots
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        hops = [url]
        while True:
            check_url(hops[-1])
            if obey:
                self.robots.check(hops[-1])
            resp = self._retried(hops[-1], headers, self.options.max_bytes)
            target = resp.headers.get("location")
            if resp.status not in _REDIRECTS or not target:
                resp.url, resp.redirects = url, hops[:-1]
                return resp
            headers = {}  # validators belong to the first URL
            nxt = urljoin(hops[-1], target.strip())
            if nxt in hops:
                raise FetchError(f"redirect loop ({' → '.join([*hops[hops.index(nxt) :], nxt])})")
            if len(hops) > MAX_REDIRECTS:
                raise FetchError(f"more than {MAX_REDIRECTS} redirects")
            hops.append(nxt)

    def _robots_text(self, url: str) -> tuple[int, str]:
        resp = self._follow_plain(url)
        return resp.status, resp.body.decode("utf-8", errors="replace")

    def _follow_plain(self, url: str) -> Response:
        """robots.txt itself: redirects followed, no robots check, a small size limit."""
        for _ in range(MAX_REDIRECTS + 1):
            check_url(url)
            resp = self._retried(url, {}, ROBOTS_MAX_BYTES, truncate=True)
            target = resp.headers.get("location")
            if resp.status not in _REDIRECTS or not target:
                return resp
            url = urljoin(url, target.strip())
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _retried(
        self, url: str, headers: dict[str, str], limit: int, *, truncate: bool = False
    ) -> Response:
        """One hop, tried again on failures that may pass."""
        opts = self.options
        for attempt in range(opts.retries + 1):
            last = attempt == opts.retries
            try:
                resp = self._send(url, headers, limit, truncate)
            except httpx.TransportError as exc:
                if last:
                    raise FetchError(_reason(exc, opts.timeout)) from exc
                self._pause(attempt, None)
                continue
            if resp.status not in RETRY_STATUSES or last:
                return resp
            self._pause(attempt, resp.headers.get("retry-after"))
        raise AssertionError("unreachable")  # the last attempt returns or raises

    def _pause(self, attempt: int, retry_after: str | None) -> None:
        wait = self.options.backoff * 2**attempt
        if retry_after and retry_after.strip().isdigit():
            wait = float(retry_after.strip())
        time.sleep(min(wait, MAX_BACKOFF))

    def _send(self, url: str, headers: dict[str, str], limit: int, truncate: bool) -> Response:
        """One request: the whole answer read within the limits, archived, decoded."""
        self.clock.wait(url)
        try:
            request = self.client.build_request("GET", url, headers=headers)
        except httpx.InvalidURL as exc:
            raise Refused(f"not a valid URL ({exc})") from exc
        r = self.client.send(request, stream=True)
        try:
            raw = self._body(r, limit, truncate)
        finally:
            r.close()
        pairs = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in r.headers.raw]
        if self.archive is not None and len(raw) <= limit:
            self.archive.write(url, r.status_code, r.reason_phrase, pairs, raw)
        body = _decoded(raw, r.headers.get("content-encoding", ""), limit, truncate)
        return Response(url, url, r.status_code, r.headers, body)

    def _body(self, r: httpx.Response, limit: int, truncate: bool) -> bytes:
        """The bytes of the answer as sent, read until ``limit`` (then an error, or with
        ``truncate`` the first bytes over it) or ``total_timeout``."""
        declared = r.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit and not truncate:
            raise FetchError(size_error(int(declared), limit, "page"))
        start = time.monotonic()
        raw = bytearray()
        for chunk in r.iter_raw(CHUNK_BYTES):
            raw += chunk
            if len(raw) > limit:
                if truncate:
                    break
                raise FetchError(f"page is over the {size_limit(limit)} limit for one article")
            if time.monotonic() - start > self.options.total_timeout:
                raise FetchError(f"answer not complete after {self.options.total_timeout:g} s")
        return bytes(raw)


def _decoded(raw: bytes, encoding: str, limit: int, truncate: bool) -> bytes:
    """The body under its ``Content-Encoding``, at most ``limit`` bytes of it."""
    from storyline.ingest.warc import _decompress  # the WARC reader's own decoder

    try:
        body = _decompress(raw, encoding.strip().lower(), limit)
    except Unreadable as exc:
        raise FetchError(str(exc)) from exc
    if len(body) > limit:
        if truncate:
            return body[:limit]
        raise FetchError(f"page is over the {size_limit(limit)} limit once decompressed")
    return body
