"""The web on the command line (#18): ``storyline ingest URL``, ``--urls``, ``feeds``.

The commands run in process (typer's runner) against a site served on 127.0.0.1, with the
fetch options of the flags shortened (no pause between requests, short timeouts).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import storyline.cli.articles
import storyline.cli.fetch
from fetchserver import ARTICLES, Site, html, page, rss, serve
from storyline.cli import app
from storyline.store import Store

runner = CliRunner()
NEWS = [p for p in ARTICLES if p.startswith("/news/")]


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """The flags' options, without the pause between requests and with short timeouts."""
    original = storyline.cli.fetch.fetch_options

    def fetch_options(*args: Any) -> Any:
        return replace(original(*args), host_interval=0, timeout=0.5, retries=0)

    monkeypatch.setattr(storyline.cli.fetch, "fetch_options", fetch_options)
    monkeypatch.setattr(storyline.cli.articles, "fetch_options", fetch_options)


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    with serve(s):
        s.add_articles()
        feed = rss(s.base, NEWS)
        s.routes["/feed.xml"] = lambda _: (200, {"Content-Type": "application/rss+xml"}, feed)
        home = (
            b"<!DOCTYPE html><html><head><title>Elmsport Courier</title>"
            b'<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>'
            b"<body><p>The news of Elmsport, every day.</p></body></html>"
        )
        s.routes["/"] = html(home)
        yield s


FETCH_COMMANDS = [["feeds", "add"], ["feeds", "list"], ["feeds", "remove"], ["feeds", "fetch"],
                  ["versions"], ["watch"]]  # fmt: skip


@pytest.mark.parametrize("command", FETCH_COMMANDS)
def test_every_fetch_command_has_help_with_an_example(command: list[str]) -> None:
    code, out, _ = cli(*command, "--help")
    assert code == 0 and "Example: storyline " + " ".join(command) in " ".join(out.split())


def test_ingest_urls_and_a_url_file(site: Site, tmp_path: Path) -> None:
    db = str(tmp_path / "news.duckdb")
    listed = tmp_path / "urls.txt"
    listed.write_text(f"# today\n{site.base}{NEWS[1]}\n\n{site.base}/gone.html\n")
    code, out, err = cli(
        "ingest", site.base + NEWS[0], "--urls", str(listed), "--db", db, "--allow-private"
    )
    assert code == 0, err
    assert "2 added, 0 already stored, 1 skipped as unreadable" in out
    assert f"skipped {site.base}/gone.html: HTTP 404 Not Found" in err
    assert (tmp_path / "news.warc.gz").stat().st_size > 0  # beside the store
    code, out, _ = cli("ingest", site.base + NEWS[0], "--db", db, "--allow-private")
    assert code == 0 and "0 added, 1 already stored" in out


def test_the_test_server_is_refused_without_allow_private(site: Site, tmp_path: Path) -> None:
    db = str(tmp_path / "news.duckdb")
    code, out, err = cli("ingest", site.base + NEWS[0], "--db", db)
    assert code == 1 and "0 added" in out
    assert (
        f"skipped {site.base}{NEWS[0]}: refused: 127.0.0.1 is a loopback address; "
        "use --allow-private to fetch it" in err
    )
    assert site.log == []


def test_feeds_add_list_fetch_remove(site: Site, tmp_path: Path) -> None:
    db = str(tmp_path / "news.duckdb")
    code, out, err = cli("feeds", "add", site.base + "/", "--db", db, "--allow-private")
    assert code == 0, err
    assert f"following feed {site.base}/feed.xml (Elmsport Courier)" in out  # found on the page
    code, out, _ = cli("feeds", "add", site.base + "/feed.xml", "--db", db, "--allow-private")
    assert code == 0 and "already following feed" in out
    code, out, _ = cli("feeds", "list", "--db", db, "--json")
    assert [(f["url"], f["kind"]) for f in json.loads(out)] == [(site.base + "/feed.xml", "feed")]
    code, out, err = cli("feeds", "fetch", "--db", db, "--allow-private")
    assert code == 0 and "3 added" in out, err
    with Store(db, read_only=True) as store:
        assert sorted(a.url or "" for a in store.articles()) == sorted(site.base + p for p in NEWS)
    code, out, _ = cli("feeds", "remove", site.base + "/feed.xml", "--db", db)
    assert code == 0 and "no longer following" in out
    code, _, err = cli("feeds", "remove", site.base + "/feed.xml", "--db", db)
    assert code == 1 and "is not a followed feed" in err
    code, _, err = cli("feeds", "add", site.base + "/news/none.html", "--db", db,
                       "--allow-private")  # fmt: skip
    assert code == 1 and f"storyline: error: {site.base}/news/none.html: HTTP 404" in err


def test_the_warc_reads_back_offline(site: Site, tmp_path: Path) -> None:
    db = str(tmp_path / "news.duckdb")
    code, _, err = cli("ingest", site.base + "/feed.xml", "--db", db, "--allow-private")
    assert code == 0, err
    offline = str(tmp_path / "offline.duckdb")
    code, out, err = cli("ingest", str(tmp_path / "news.warc.gz"), "--db", offline)
    assert code == 0 and "3 added, 0 already stored, 0 skipped" in out, err
    with Store(db, read_only=True) as a, Store(offline, read_only=True) as b:
        assert {x.id: x.text for x in a.articles()} == {x.id: x.text for x in b.articles()}


def test_versions_shows_what_changed(site: Site, tmp_path: Path) -> None:
    db = str(tmp_path / "news.duckdb")
    url = site.base + NEWS[1]
    title, lead, body = ARTICLES[NEWS[1]]
    assert cli("ingest", url, "--db", db, "--allow-private")[0] == 0
    site.routes[NEWS[1]] = html(page(title, lead, body.replace("4,000", "5,200")))
    code, out, err = cli("ingest", url, "--db", db, "--allow-private", "--refetch")
    assert code == 0 and "1 added" in out, err
    code, out, _ = cli("versions", url, "--db", db)
    text = " ".join(out.split())
    assert code == 0 and "version 1" in text and "version 2" in text
    assert f"- {body}" in text and f"+ {body.replace('4,000', '5,200')}" in text
    code, _, err = cli("versions", site.base + "/never.html", "--db", db)
    assert code == 1 and "no fetched page with this URL" in err


@pytest.mark.parametrize(
    ("every", "said"),
    [("15", "give a duration such as 30s, 15m, 1h"), ("10s", "at least a minute apart"),
     ("2x", "give a duration")],
)  # fmt: skip
def test_watch_refuses_an_interval_it_cannot_read_or_too_short(every: str, said: str) -> None:
    code, _, err = cli("watch", "--every", every, "--db", "never.duckdb")
    assert code == 1 and said in err


def test_watch_without_followed_feeds_says_how_to_add_one(tmp_path: Path) -> None:
    db = str(tmp_path / "news.duckdb")
    code, _, err = cli("watch", "--once", "--db", db)
    assert code == 1 and "no followed feeds (add one with `storyline feeds add URL`)" in err
