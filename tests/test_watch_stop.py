"""``storyline watch`` stopped (#18 point 3): killed (SIGKILL) during a poll and started again,
it loses nothing and fetches no page again whose response the WARC archive holds; SIGTERM
stops it cleanly between polls. The command runs as a subprocess (``python -m storyline.cli``)
against a site served on 127.0.0.1, with the polite default pace (one request a second)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from fetchserver import ARTICLES, Site, html, page, redirect, rss, serve, slow
from storyline.fetch import Fetcher, FetchOptions
from storyline.fetch.feeds import follow
from storyline.fetch.recover import recover
from storyline.fetch.watch import Watcher
from storyline.ingest import MAX_ARTICLE_BYTES, OutletRegistry
from storyline.ingest.warc import read_warc
from storyline.models import Article
from storyline.store import Store
from storyline.store.web import WebState

QUICK = FetchOptions(allow_private=True, host_interval=0, timeout=2.0, retries=0)
NEWS = [p for p in ARTICLES if p.startswith("/news/")]
SRC = Path(__file__).resolve().parents[1] / "src"
#: Seconds a subprocess may take to reach the point a test waits for (start-up included).
PATIENCE = 60.0


def _rss(site: Site, paths: list[str]) -> Callable[[dict[str, str]], tuple[int, dict, bytes]]:
    return lambda _: (200, {"Content-Type": "application/rss+xml"}, rss(site.base, paths))


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    with serve(s):
        s.add_articles()
        s.routes["/robots.txt"] = lambda _: (200, {"Content-Type": "text/plain"}, b"")
        s.routes["/feed.xml"] = _rss(s, NEWS)
        yield s


def _watch(db: Path, *args: str) -> subprocess.Popen[str]:
    """``storyline watch`` on ``db`` in a subprocess, killed if it outlives ``PATIENCE``."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", "watch", "--db", str(db), "--allow-private", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    timer = threading.Timer(PATIENCE, proc.kill)
    timer.daemon = True
    timer.start()
    return proc


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, "the subprocess never got there"
        time.sleep(0.05)


def _followed(site: Site, db: Path) -> None:
    with Store(db) as store:
        follow(store, site.base + "/feed.xml", QUICK)


def test_a_kill_during_a_poll_loses_nothing_and_fetches_no_archived_page_again(
    site: Site, tmp_path: Path
) -> None:
    db = tmp_path / "news.duckdb"
    _followed(site, db)
    site.routes[NEWS[2]] = slow(PATIENCE)  # the third page hangs: the kill comes then
    proc = _watch(db, "--once")
    _until(lambda: NEWS[2] in site.log)  # asked for: the first two are in the archive
    proc.kill()
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    archived = [a for a in read_warc(tmp_path / "news.warc.gz", "w", OutletRegistry.load(),
                                     MAX_ARTICLE_BYTES) if isinstance(a, Article)]  # fmt: skip
    assert sorted(a.url or "" for a in archived) == sorted(site.base + p for p in NEWS[:2])
    with Store(db) as store:
        assert store.count_articles() == 0  # fetched, but the kill came before storing them

    title, *paragraphs = ARTICLES[NEWS[2]]
    site.routes[NEWS[2]] = html(page(title, *paragraphs))
    start = len(site.log)
    lines: list[str] = []
    (poll,) = Watcher(db, QUICK, say=lines.append).run(once=True)
    assert [p for p in site.log[start:] if p.startswith("/news/")] == [NEWS[2]]
    assert (poll.recovered, poll.added, poll.stored) == (2, 3, 2)
    assert "3 new articles, 2 read back from the WARC archive, 2 already stored" in lines[0]
    with Store(db, read_only=True) as store:
        articles = store.articles()
        assert sorted(a.url or "" for a in articles) == sorted(site.base + p for p in NEWS)
        assert {a.id for a in archived} <= {a.id for a in articles}  # as fetched, not doubled
        assert WebState(store).unanalysed() == []  # all analysed, in stories
        assert sorted(i for s in store.stories() for i in s.article_ids) == sorted(
            a.id for a in articles
        )
        assert len(WebState(store).versions(site.base + NEWS[0])) == 1


def test_sigterm_stops_the_watch_between_polls(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    site.routes["/feed.xml"] = _rss(site, [])  # nothing to analyse: the test stays quick
    _followed(site, db)
    proc = _watch(db, "--every", "1m")
    assert proc.stdout is not None
    first = proc.stdout.readline() + proc.stdout.readline()
    assert "watching the feeds followed in" in first and "poll 1: 0 new articles" in first
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert out.strip().endswith("stopped") and "stopping after this step" in err
    assert site.log.count("/feed.xml") == 2  # feeds add, and the one poll


def test_a_page_read_back_through_a_redirect_is_not_fetched_again(
    site: Site, tmp_path: Path
) -> None:
    """A feed's link that redirects (a tracking link): read back from the archive, the page
    stands for the link too, and the archive is read back once."""
    site.routes["/go/ferry"] = redirect(NEWS[2])
    warc = tmp_path / "news.warc.gz"
    with Fetcher(replace(QUICK, warc=warc)) as fetcher:  # fetched; the run stopped there
        fetcher.get(site.base + "/go/ferry", discovered=True)
    registry = OutletRegistry.load()
    with Store(tmp_path / "news.duckdb") as store:
        found = recover(store, warc, registry, MAX_ARTICLE_BYTES)
        (added,) = found.added
        state = WebState(store)
        assert store.articles([added])[0].url == site.base + NEWS[2]
        assert state.article_ids(site.base + "/go/ferry") == [added]
        assert state.article_ids(site.base + NEWS[2]) == [added]
        again = recover(store, warc, registry, MAX_ARTICLE_BYTES)
        assert (again.added, again.held) == ([], 0)  # the mark is at the archive's end
