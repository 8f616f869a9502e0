"""Fetching articles from the web (#18), against a site the test serves on 127.0.0.1.

The library is driven through ``storyline.pipeline.ingest`` with short timeouts and no pause
between requests; the command line through typer's runner, its fetch options shortened the
same way. No other address than 127.0.0.1 is ever connected to: the private addresses some
tests name are refused before any connection.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from fetchserver import (
    ARTICLES,
    Route,
    Site,
    failing_first,
    html,
    page,
    redirect,
    rss,
    serve,
    sitemap,
    slow,
    streamed,
    with_etag,
)
from storyline.fetch import FetchOptions
from storyline.fetch.safety import public_only
from storyline.models import ReadError
from storyline.pipeline import IngestResult, ingest
from storyline.store import Store

#: Options of the library tests: the local site, no pause, short timeouts, quick retries.
QUICK = FetchOptions(allow_private=True, host_interval=0, timeout=0.5, retries=1, backoff=0.01)
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
NEWS = [p for p in ARTICLES if p.startswith("/news/")]


def _xml(body: bytes, ctype: str = "application/rss+xml") -> Route:
    return lambda _: (200, {"Content-Type": ctype}, body)


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    with serve(s):
        s.add_articles()
        s.routes["/robots.txt"] = lambda _: (200, {"Content-Type": "text/plain"}, ROBOTS)
        s.routes["/feed.xml"] = _xml(rss(s.base, [*NEWS, "/private/council-draft.html"]))
        yield s


def run(
    tmp_path: Path, urls: list[str], options: FetchOptions = QUICK, db: str = "s.duckdb"
) -> tuple[IngestResult, list[str]]:
    """Ingest ``urls`` into ``tmp_path/db``; the result and the error lines."""
    errors: list[str] = []

    def on_error(e: ReadError) -> None:
        errors.append(str(e))

    options = replace(options, warc=options.warc or tmp_path / "crawl.warc.gz")
    with Store(tmp_path / db) as store:
        result = ingest(urls, store, fetch=options, on_error=on_error)
    return result, errors


def stored(tmp_path: Path, db: str = "s.duckdb") -> dict[str, str]:
    """url -> title of the stored articles."""
    with Store(tmp_path / db, read_only=True) as store:
        return {a.url or "": a.title or "" for a in store.articles()}


def test_a_page_is_read_like_an_html_file_and_not_fetched_twice(site: Site, tmp_path: Path) -> None:
    url = site.base + NEWS[0]
    result, errors = run(tmp_path, [url, site.base + "/missing.html"])
    assert len(result.added) == 1 and errors == [f"{site.base}/missing.html: HTTP 404 Not Found"]
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        (article,) = store.articles()
    assert article.url == url and article.title == ARTICLES[NEWS[0]][0]
    assert ARTICLES[NEWS[0]][2] in article.text and "Elmsport Courier" not in article.text
    asked = len(site.log)
    again, _ = run(tmp_path, [url])
    assert again.added == [] and again.skipped == result.added
    assert len(site.log) == asked  # stored: not fetched again


def test_etag_answered_with_304_is_unchanged(site: Site, tmp_path: Path) -> None:
    title, *paragraphs = ARTICLES[NEWS[1]]
    site.routes["/tagged.html"] = with_etag(page(title, *paragraphs), '"v1"')
    url = site.base + "/tagged.html"
    first, _ = run(tmp_path, [url])
    again, errors = run(tmp_path, [url], replace(QUICK, refetch=True))
    assert errors == [] and again.added == [] and again.skipped == first.added
    assert site.log.count("/tagged.html") == 2  # asked again, answered 304


def test_a_feed_brings_in_its_pages_and_robots_txt_keeps_one_out(
    site: Site, tmp_path: Path
) -> None:
    result, errors = run(tmp_path, [site.base + "/feed.xml"])
    assert sorted(stored(tmp_path)) == sorted(site.base + p for p in NEWS)
    assert len(result.added) == 3
    assert errors == [
        f"{site.base}/private/council-draft.html (listed in {site.base}/feed.xml): "
        "refused by the site's robots.txt"
    ]
    assert "/private/council-draft.html" not in site.log
    # the feed's pages, not its summaries
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        assert all("Summary" not in a.text for a in store.articles())
    # a URL the user names is fetched as a browser would, unless asked to obey robots.txt
    named = site.base + "/private/council-draft.html"
    _, errors = run(tmp_path, [named], replace(QUICK, obey_robots=True), db="t.duckdb")
    assert errors == [f"{named}: refused by the site's robots.txt"]
    result, errors = run(tmp_path, [named], db="t.duckdb")
    assert len(result.added) == 1 and errors == []


def test_a_sitemap_index_brings_in_the_pages_of_its_sitemaps(site: Site, tmp_path: Path) -> None:
    site.routes["/sitemap-news.xml"] = _xml(
        sitemap([site.base + p for p in NEWS[:2]]), "application/xml"
    )
    site.routes["/sitemap.xml"] = _xml(
        sitemap([site.base + "/sitemap-news.xml"], index=True), "application/xml"
    )
    result, errors = run(tmp_path, [site.base + "/sitemap.xml"])
    assert errors == [] and len(result.added) == 2
    assert sorted(stored(tmp_path)) == sorted(site.base + p for p in NEWS[:2])


def test_a_500_is_retried_and_a_lasting_one_reported(site: Site, tmp_path: Path) -> None:
    title, *paragraphs = ARTICLES[NEWS[2]]
    site.routes["/flaky.html"] = failing_first(1, html(page(title, *paragraphs)))
    site.routes["/down.html"] = failing_first(99, html(page(title, *paragraphs)))
    result, errors = run(tmp_path, [site.base + "/flaky.html", site.base + "/down.html"])
    assert len(result.added) == 1 and site.log.count("/flaky.html") == 2
    assert errors == [f"{site.base}/down.html: HTTP 500 Internal Server Error"]
    assert site.log.count("/down.html") == 1 + QUICK.retries


def test_redirects_are_followed_and_a_loop_is_named(site: Site, tmp_path: Path) -> None:
    site.routes["/old-address.html"] = redirect(NEWS[0])
    site.routes["/loop/a"] = redirect("/loop/b")
    site.routes["/loop/b"] = redirect("/loop/a")
    result, errors = run(tmp_path, [site.base + "/old-address.html", site.base + "/loop/a"])
    assert list(stored(tmp_path)) == [site.base + NEWS[0]]  # the URL that answered
    a, b = site.base + "/loop/a", site.base + "/loop/b"
    assert errors == [f"{a}: redirect loop ({a} → {b} → {a})"]


def test_a_slow_page_times_out_and_the_batch_goes_on(site: Site, tmp_path: Path) -> None:
    site.routes["/slow.html"] = slow(5)
    start = time.monotonic()
    result, errors = run(
        tmp_path, [site.base + "/slow.html", site.base + NEWS[0]], replace(QUICK, retries=0)
    )
    assert time.monotonic() - start < 3
    assert errors == [f"{site.base}/slow.html: no answer within 0.5 s"]
    assert len(result.added) == 1


def test_an_oversized_page_is_abandoned(site: Site, tmp_path: Path) -> None:
    big = page("Big", "words " * 20_000)  # about 120 KB
    site.routes["/big.html"] = html(big)
    site.routes["/endless.html"] = streamed(200_000)  # no Content-Length
    options = replace(QUICK, max_bytes=64 << 10)
    result, errors = run(tmp_path, [site.base + "/big.html", site.base + "/endless.html"], options)
    assert result.added == []
    size = f"{-(-len(big) * 10 // 1024) / 10:.1f}"
    assert errors == [
        f"{site.base}/big.html: page is {size} KiB, over the 64 KiB limit for one article",
        f"{site.base}/endless.html: page is over the 64 KiB limit for one article",
    ]


def only_the_test_server(ip: object) -> str | None:
    """The address policy of the private-address tests: 127.0.0.1 passes (it is the test
    site), every other address is judged as storyline judges it without --allow-private."""
    return None if str(ip) == "127.0.0.1" else public_only(ip)  # type: ignore[arg-type]


def test_feed_items_and_redirects_to_private_addresses_are_refused(
    site: Site, tmp_path: Path
) -> None:
    port = site.base.rsplit(":", 1)[1]
    intranet = [
        "http://10.1.2.3/intranet/payroll.html",
        "http://169.254.169.254/latest/meta-data/iam.html",
        f"http://127.0.0.2:{port}/news/harbour-crane.html",
    ]
    site.routes["/feed.xml"] = _xml(rss("", [*intranet, site.base + NEWS[0]]))
    site.routes["/sneaky.html"] = redirect("http://192.168.1.1/router.html")
    options = replace(QUICK, allow_private=False, policy=only_the_test_server)
    result, errors = run(tmp_path, [site.base + "/feed.xml", site.base + "/sneaky.html"], options)
    assert list(stored(tmp_path)) == [site.base + NEWS[0]]
    feed = f"(listed in {site.base}/feed.xml)"
    hint = "address; use --allow-private to fetch it"
    assert errors == [
        f"{intranet[0]} {feed}: refused: 10.1.2.3 is a private {hint}",
        f"{intranet[1]} {feed}: refused: 169.254.169.254 is a link-local {hint}",
        f"{intranet[2]} {feed}: refused: 127.0.0.2 is a loopback {hint}",
        f"{site.base}/sneaky.html: refused: 192.168.1.1 is a private {hint}",
    ]


def test_the_warc_of_a_fetch_run_reads_back_as_the_same_articles(
    site: Site, tmp_path: Path
) -> None:
    site.routes["/old-address.html"] = redirect(NEWS[1])
    run(tmp_path, [site.base + "/feed.xml", site.base + "/old-address.html"])
    offline, errors = run(tmp_path, [str(tmp_path / "crawl.warc.gz")], db="offline.duckdb")
    # the responses that are no pages (the feed) are said to be; a redirect is no such response
    assert [e.split(": ", 1)[1] for e in errors] == ["2 responses not read as pages: not HTML (2)"]
    with (
        Store(tmp_path / "s.duckdb", read_only=True) as a,
        Store(tmp_path / "offline.duckdb", read_only=True) as b,
    ):
        fetched = {x.id: (x.url, x.title, x.text) for x in a.articles()}
        reread = {x.id: (x.url, x.title, x.text) for x in b.articles()}
    assert len(fetched) == 3 and reread == fetched


def test_a_page_with_changed_text_is_a_new_version_not_a_second_article(
    site: Site, tmp_path: Path
) -> None:
    from storyline.fetch.versions import Change, page_versions
    from storyline.store.web import WebState

    title, lead, body = ARTICLES[NEWS[0]]
    site.routes["/live.html"] = html(page(title, lead, body))
    url = site.base + "/live.html"
    first, _ = run(tmp_path, [url])
    corrected = lead.replace("Nobody was on the crane", "One worker was hurt")
    site.routes["/live.html"] = html(page(title, corrected, body))
    second, errors = run(tmp_path, [url], replace(QUICK, refetch=True))
    assert errors == [] and len(second.added) == 1 and second.added != first.added
    third, _ = run(tmp_path, [url])  # not fetched again: the latest version stands for it
    assert third.skipped == second.added and third.added == []
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        versions = page_versions(store, url)
        assert WebState(store).superseded() == first.added
    assert [v.version.article_id for v in versions] == [*first.added, *second.added]
    assert versions[1].changes == [Change(lead, corrected)]


def test_a_feed_answered_304_fetches_nothing_more(site: Site, tmp_path: Path) -> None:
    body = rss(site.base, NEWS)
    stamp = "Wed, 21 Oct 2026 07:28:00 GMT"

    def feed(req: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if req.get("if-modified-since") == stamp:
            return 304, {}, b""
        return 200, {"Content-Type": "application/rss+xml", "Last-Modified": stamp}, body

    site.routes["/dated-feed.xml"] = feed
    first, _ = run(tmp_path, [site.base + "/dated-feed.xml"])
    asked = len(site.log)
    again, errors = run(tmp_path, [site.base + "/dated-feed.xml"])
    assert errors == [] and len(first.added) == 3 and again.added == []
    assert sorted(again.skipped) == sorted(first.added)  # still the feed's articles
    assert site.log[asked:] == ["/dated-feed.xml"]  # answered 304: no page asked for


def test_a_files_copy_of_a_fetched_page_joins_its_versions(site: Site, tmp_path: Path) -> None:
    """A page fetched, then its corrected copy read from a file under the same URL: one
    article, the copy its latest version, listed under the URL fetch asked (the review of
    storyline.store.pages: the copy had started versions of its own, and both were read)."""
    import json

    from storyline.fetch.versions import page_versions
    from storyline.store.web import WebState

    url = site.base + NEWS[0]
    first, _ = run(tmp_path, [url])
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        (page,) = [a for a in store.articles() if a.id in first.added]
    copy = tmp_path / "copy.jsonl"
    corrected = page.text.replace(".", ", it said.", 1)
    copy.write_text(json.dumps({"url": url, "title": page.title, "text": corrected}) + "\n")
    with Store(tmp_path / "s.duckdb") as store:
        second = ingest([copy], store)
        assert WebState(store).superseded() == first.added
        versions = page_versions(store, url)
    assert [v.version.article_id for v in versions] == [*first.added, *second.added]
