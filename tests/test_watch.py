"""``storyline watch`` (#18 point 3) and versions of a page (point 5), against a site served on
127.0.0.1 whose feed lists the seeds as web pages.

One watcher polls three times: the feed lists seeds 000-002, then also 003-004 (the second
poll fetches those two only, and the story they join is briefed again), then seed 000's page
corrects a figure (a second version of one article, not a second source: the story and its
briefing read the latest text only).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import markupsafe
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from fetchserver import Site, html, rss, serve
from seedrun import SEEDS
from storyline.briefing import Story as BriefedStory
from storyline.cli import app
from storyline.fetch import FetchOptions
from storyline.fetch.feeds import follow
from storyline.fetch.watch import Poll, Watcher
from storyline.store import Store
from storyline.store.web import WebState

#: The local site, no pause between requests, short timeouts.
QUICK = FetchOptions(allow_private=True, host_interval=0, timeout=2.0, retries=0)
#: The seeds' publication day (they report the same Wednesday).
DAY = "2025-04-09"
#: Seed 000's figure corrected on its page: the number of Chinese citizens Kyiv named.
OLD_FIGURE, NEW_FIGURE = "168", "176"


def seed_page(path: Path, text: str | None = None) -> bytes:
    """A seed as a news page: its lines as paragraphs, its first line as title, dated."""
    lines = [ln.strip().lstrip("#").strip() for ln in (text or path.read_text()).splitlines()]
    lines = [ln for ln in lines if ln]
    title = lines[0][:80].rsplit(" ", 1)[0]
    body = "".join(f"<p>{markupsafe.escape(ln)}</p>\n" for ln in lines)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{markupsafe.escape(title)}</title>"
        f"<meta property='article:published_time' content='{DAY}'></head><body>"
        f"<article>{body}</article></body></html>"
    ).encode()


@dataclass
class Watched:
    """The three polls: their reports, the requests each made, the store's briefings."""

    site: Site
    db: Path
    polls: list[Poll] = field(default_factory=list)
    requests: list[list[str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    briefings: list[list[BriefedStory]] = field(default_factory=list)

    def url(self, n: int) -> str:
        return f"{self.site.base}/news/{n:03}.html"


def _briefings(db: Path) -> list[BriefedStory]:
    with Store(db, read_only=True) as store:
        return [b for s in store.stories() if (b := store.get_briefing(s.id))]


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Watched]:
    seeds = sorted(SEEDS.iterdir())
    site = Site()
    db = tmp_path_factory.mktemp("watch") / "news.duckdb"
    with serve(site):
        w = Watched(site, db)
        for n, path in enumerate(seeds):
            site.routes[f"/news/{n:03}.html"] = html(seed_page(path))
        listed = [f"/news/{n:03}.html" for n in range(3)]
        site.routes["/feed.xml"] = lambda _: (200, {"Content-Type": "application/rss+xml"},
                                              rss(site.base, listed))  # fmt: skip
        with Store(db) as store:
            follow(store, site.base + "/feed.xml", QUICK)
        watcher = Watcher(db, QUICK, say=w.lines.append)

        def poll() -> None:
            start = len(site.log)
            w.polls += watcher.run(once=True)
            w.requests.append(site.log[start:])
            w.briefings.append(_briefings(db))

        poll()  # seeds 000-002
        listed += ["/news/003.html", "/news/004.html"]
        poll()  # the feed gained 003 and 004
        changed = seeds[0].read_text().replace(OLD_FIGURE, NEW_FIGURE)
        site.routes["/news/000.html"] = html(seed_page(seeds[0], changed))
        watcher.options = replace(QUICK, revisit_after=0)  # the stored pages are due again
        poll()  # seed 000 corrected
        yield w


def test_each_poll_fetches_only_what_is_new(watched: Watched) -> None:
    first, second, third = watched.requests
    pages = [[p for p in r if p.startswith("/news/")] for r in (first, second, third)]
    assert pages[0] == ["/news/000.html", "/news/001.html", "/news/002.html"]
    assert pages[1] == ["/news/003.html", "/news/004.html"]  # the stored ones not again
    assert sorted(pages[2]) == [f"/news/{n:03}.html" for n in range(5)]  # all due again
    assert [(p.added, p.versions, p.stored) for p in watched.polls] == [
        (3, 0, 0), (2, 0, 3), (1, 1, 4)]  # fmt: skip
    assert re.search(r"poll 2: 2 new articles, 3 already stored, 0 failed; 1 story briefed",
                     watched.lines[1]), watched.lines  # fmt: skip


def test_the_story_the_new_articles_join_is_briefed_again(watched: Watched) -> None:
    (before,), (after,), _ = watched.briefings
    assert after.id == before.id and len(after.article_ids) == 5
    assert after.new_since is not None
    with Store(watched.db, read_only=True) as store:
        new = {a.url for a in store.articles(after.new_since.articles)}
    assert new == {watched.url(3), watched.url(4)}
    assert watched.polls[1].stories == [(after.id, 2)]


def test_a_changed_page_is_a_second_version_not_a_second_source(watched: Watched) -> None:
    url = watched.url(0)
    with Store(watched.db, read_only=True) as store:
        versions = WebState(store).versions(url)
        old, new = (store.get_article(v.article_id) for v in versions)
    assert [v.version for v in versions] == [1, 2] and old and new
    assert OLD_FIGURE in old.text and NEW_FIGURE in new.text and NEW_FIGURE not in old.text
    (story,) = watched.briefings[2]
    assert new.id in story.article_ids and old.id not in story.article_ids
    assert len(story.article_ids) == 5 and story.new_since is not None
    assert story.new_since.articles == [new.id]
    # every span the briefing cites in that page is a span of its latest text
    cited = [s for c in story.claims for s in c.sources if s.article_id in (old.id, new.id)]
    cited += [s for q in story.quotes for s in q.renderings if s.article_id in (old.id, new.id)]
    assert cited and {s.article_id for s in cited} == {new.id}
    assert all(new.text[s.start : s.end] == s.text for s in cited if s.text)
    assert any(NEW_FIGURE in s.text for s in cited if s.text)


def test_list_shows_the_latest_version_only(watched: Watched) -> None:
    result = CliRunner().invoke(app, ["list", "--db", str(watched.db), "--json"])
    listed = json.loads(result.stdout)
    assert sorted(a["url"] for a in listed) == [watched.url(n) for n in range(5)]
    with Store(watched.db, read_only=True) as store:
        latest = WebState(store).versions(watched.url(0))[-1].article_id
    assert latest in {a["id"] for a in listed}


def test_the_article_page_shows_what_changed(watched: Watched) -> None:
    with Store(watched.db, read_only=True) as store:
        old, new = (v.article_id for v in WebState(store).versions(watched.url(0)))
        before = store.get_article(old)
    assert before is not None
    paragraph = next(p for p in before.text.splitlines() if OLD_FIGURE in p)
    from storyline.web import create_app

    with TestClient(create_app(watched.db), base_url="http://127.0.0.1") as client:
        page = client.get(f"/articles/{new}").text
    assert 'id="versions"' in page and "Version 2" in page
    shown = markupsafe.escape(paragraph)
    assert f"<del>{shown}</del>" in page
    assert f"<ins>{markupsafe.escape(paragraph.replace(OLD_FIGURE, NEW_FIGURE))}</ins>" in page


def test_a_poll_with_nothing_new_analyses_nothing(watched: Watched, monkeypatch: Any) -> None:
    """A fourth poll: nothing listed is new or due, so no page is fetched, nothing analysed."""
    import storyline.pipeline

    def no_analysis(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("analyze called with nothing new")

    monkeypatch.setattr(storyline.pipeline, "analyze", no_analysis)
    start = len(watched.site.log)
    (poll,) = Watcher(watched.db, QUICK, say=lambda _: None).run(once=True)
    assert (poll.added, poll.analysed, poll.stories) == (0, 0, [])
    assert not [p for p in watched.site.log[start:] if p.startswith("/news/")]


def test_a_story_that_cannot_be_briefed_is_one_line_of_the_poll(
    tmp_path: Path, monkeypatch: Any
) -> None:
    from storyline.reconcile import briefing as rb

    real_story = rb._story

    def broken(plan: Any, run: Any, family_of: dict[str, str]) -> dict[str, Any]:
        return {**real_story(plan, run, family_of), "date_span": "not a span"}

    monkeypatch.setattr(rb, "_story", broken)  # every story's briefing is refused
    site, db, lines = Site(), tmp_path / "news.duckdb", []
    with serve(site):
        for n, path in enumerate(sorted(SEEDS.iterdir())[:2]):
            site.routes[f"/news/{n:03}.html"] = html(seed_page(path))
        listed = ["/news/000.html", "/news/001.html"]
        site.routes["/feed.xml"] = lambda _: (200, {"Content-Type": "application/rss+xml"},
                                              rss(site.base, listed))  # fmt: skip
        with Store(db) as store:
            follow(store, site.base + "/feed.xml", QUICK)
        (poll,) = Watcher(db, QUICK, say=lines.append).run(once=True)
    failed = [ln for ln in lines if ln.startswith("failed story ")]
    assert failed and all("not briefed: invalid briefing: date_span" in ln for ln in failed)
    assert poll.added == 2 and "poll 1: 2 new articles" in lines[-1]
