"""A small web site on 127.0.0.1 for the fetch tests: pages, a feed, a sitemap, and every way
a site can misbehave (404, 500 then success, a redirect loop, a slow page, a huge page).

Each route is a function of the request's headers that answers ``(status, headers, body)``;
``Site.log`` lists the paths requested, in order, so a test can say what was never fetched.
The articles are short reports written for these tests.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

#: How often the server looks for its stop signal (its shutdown waits up to this long).
POLL_SECONDS = 0.05

Answer = tuple[int, dict[str, str], bytes]
Route = Callable[[dict[str, str]], Answer]

ARTICLES = {
    "/news/harbour-crane.html": (
        "Harbour crane topples in storm",
        "A container crane at the Elmsport harbour toppled during Tuesday's storm, the port "
        "authority said. Nobody was on the crane when it fell onto an empty quay.",
        "Port director Mara Quist said the crane had been locked down an hour before the "
        'gusts peaked. "We will inspect every crane on the quay before work resumes," she '
        "said on Wednesday.",
    ),
    "/news/library-reopens.html": (
        "Old town library reopens after flood repairs",
        "The old town library of Elmsport reopened on Monday after eight months of repairs to "
        "its flooded basement, the city council said.",
        "Head librarian Tomas Wendt said about 4,000 damaged books had been replaced. "
        '"Readers kept asking when they could come back," he said.',
    ),
    "/news/ferry-timetable.html": (
        "Ferry timetable cut for the winter",
        "The Elmsport ferry will run four crossings a day instead of seven from November, the "
        "operator announced on Thursday.",
        "The operator blamed falling passenger numbers and higher fuel costs. Commuters said "
        "the first crossing would now leave too late for the morning shift.",
    ),
    "/private/council-draft.html": (
        "Council draft budget",
        "This page sits under a path the site's robots.txt closes to crawlers; storyline must "
        "not fetch it when it finds the link itself.",
        "The draft lists spending on roads and schools for the coming year.",
    ),
}


def page(title: str, *paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body><header><nav><a href='/'>Home</a></nav></header>"
        f"<article><h1>{title}</h1>\n{body}</article>"
        "<footer>Elmsport Courier</footer></body></html>"
    ).encode()


def html(body: bytes, **headers: str) -> Route:
    return lambda _: (200, {"Content-Type": "text/html; charset=utf-8", **headers}, body)


def with_etag(body: bytes, etag: str) -> Route:
    """A page that answers 304 when the client already has ``etag``."""

    def route(req: dict[str, str]) -> Answer:
        if req.get("if-none-match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": "text/html; charset=utf-8", "ETag": etag}, body

    return route


def failing_first(times: int, then: Route) -> Route:
    """HTTP 500 for the first ``times`` requests, then ``then``."""
    count = {"n": 0}

    def route(req: dict[str, str]) -> Answer:
        count["n"] += 1
        if count["n"] <= times:
            return 500, {"Content-Type": "text/plain"}, b"try later"
        return then(req)

    return route


def redirect(to: str) -> Route:
    return lambda _: (302, {"Location": to}, b"")


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Item {i}</title><link>{base}{p}</link>"
        f"<description>Summary {i} only.</description></item>"
        for i, p in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Elmsport Courier</title><link>{base}/</link>{items}</channel></rss>"
    ).encode()


def sitemap(urls: list[str], index: bool = False) -> bytes:
    tag, inner = ("sitemapindex", "sitemap") if index else ("urlset", "url")
    locs = "".join(f"<{inner}><loc>{u}</loc></{inner}>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<{tag} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</{tag}>'
    ).encode()


@dataclass
class Site:
    """The routes of the test site and what was asked of it."""

    routes: dict[str, Route] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    base: str = ""
    stop: threading.Event = field(default_factory=threading.Event)

    def add_articles(self) -> None:
        """Serve every page of ``ARTICLES`` at its path."""
        for path, (title, *paragraphs) in ARTICLES.items():
            self.routes[path] = html(page(title, *paragraphs))


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.site.log.append(self.path)
        route = self.site.routes.get(self.path)
        req = {k.lower(): v for k, v in self.headers.items()}
        status, headers, body = route(req) if route else (404, {}, b"no such page")
        if status == 0:  # a slow page: wait, then nothing (the client has given up)
            self.site.stop.wait(float(headers.get("delay", "5")))
            return
        self.send_response(status)
        unsized = headers.pop("unsized", None) is not None  # HTTP/1.0: the body ends at close
        for k, v in headers.items():
            self.send_header(k, v)
        if not unsized and "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (a page over the size limit)

    def log_message(self, format: str, *args: object) -> None:
        pass


def slow(delay: float) -> Route:
    return lambda _: (0, {"delay": str(delay)}, b"")


def streamed(size: int) -> Route:
    """A page of ``size`` bytes sent without a Content-Length (the client must count)."""
    chunk = b"<p>" + b"filler words " * 200 + b"</p>\n"
    body = b"<!DOCTYPE html><html><body>" + chunk * (size // len(chunk) + 1)
    return lambda _: (200, {"Content-Type": "text/html", "unsized": "1"}, body)


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    """The site on 127.0.0.1 (a free port) for the ``with`` block."""
    handler = type("Handler", (_Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(POLL_SECONDS,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.stop.set()
        server.shutdown()
        server.server_close()
