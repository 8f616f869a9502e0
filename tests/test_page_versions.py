"""One page read from two files is one article: its feed's summary and the page itself, or
two copies of it, are versions of it, and stories hold its fullest text only (a new user's
trial: an RSS file's one-line summaries and a crawl's pages of the same URLs were stored
twice, and a summary was briefed as a second independent source)."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from allsides_pick import ALLSIDES
from storyline.pipeline import analyze
from storyline.store import Store
from storyline.store.web import WebState

#: CNBC, the Guardian and Fox Business on the May 2021 jobs report (AllSides dev).
PICKED = [
    "cnbc.com/2021/06/04/jobs-report-may-2021",
    "us-jobs-report-may-2021-hiring-pandemic",
    "stocks-jobs-report-economy-oil-gold-europe-asia",
]


def _records() -> list[dict[str, str]]:
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()
    recs = [json.loads(x) for x in lines if any(k in json.loads(x)["url"] for k in PICKED)]
    assert len(recs) == len(PICKED)
    return recs


def _feed(recs: list[dict[str, str]], path: Path) -> Path:
    """An RSS file whose items give each article's first twenty words as its description."""
    items = "".join(
        f"<item><title>{escape(r['title'])}</title><link>{escape(r['url'])}</link>"
        f"<pubDate>Fri, 04 Jun 2021 12:00:00 GMT</pubDate>"
        f"<description>{escape(' '.join(r['text'].split()[:20]))} ...</description></item>"
        for r in recs
    )
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>',
        encoding="utf-8",
    )
    return path


def _pages(recs: list[dict[str, str]], path: Path) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return path


def _briefed_texts(tmp_path: Path, runs: list[list[Path]]) -> tuple[list[tuple[str, int]], int]:
    """The URL and words of each article the stories read after ``runs`` (the paths of each
    ``analyze``) into a fresh store, and the versions superseded there."""
    db = tmp_path / f"store-{len(list(tmp_path.glob('store-*')))}.duckdb"
    with Store(db) as store:
        for paths in runs:
            analyze(paths, store)
        run = analyze([], store)
        words = sorted((a.url or "", len(a.text.split())) for a in run.articles)
        versions = len(WebState(store).superseded())
    return words, versions


def test_a_feed_summary_and_its_page_are_one_article_in_either_order(tmp_path: Path) -> None:
    recs = _records()
    feed, pages = _feed(recs, tmp_path / "feed.rss"), _pages(recs, tmp_path / "pages.jsonl")
    full = sorted((r["url"], len(r["text"].split())) for r in recs)
    for runs in ([[feed], [pages]], [[pages], [feed]], [[feed, pages]]):
        words, superseded = _briefed_texts(tmp_path, runs)
        assert words == full, runs
        assert superseded == len(recs)


def test_pages_stored_twice_by_count_only_ingests_are_found_by_a_whole_analysis(
    tmp_path: Path,
) -> None:
    """``storyline ingest`` of a feed, then of the pages (counts only, no look-up a batch),
    then ``storyline analyze`` of the whole store."""
    from storyline.intake import ingest

    recs = _records()
    feed, pages = _feed(recs, tmp_path / "feed.rss"), _pages(recs, tmp_path / "pages.jsonl")
    with Store(tmp_path / "s.duckdb") as store:
        for path in (feed, pages):
            assert ingest([path], store, keep_ids=False).n_added == len(recs)
        run = analyze([], store)
        got = sorted((a.url or "", len(a.text.split())) for a in run.articles)
    assert got == sorted((r["url"], len(r["text"].split())) for r in recs)


def test_the_versions_answer_to_the_pages_url_and_other_texts_at_it_stay_articles(
    tmp_path: Path,
) -> None:
    """``storyline versions URL`` and the web UI ask by the article's URL; and two unrelated
    articles at one address (a site's front page read twice) are two articles, neither
    hidden (the review of this change: the later had hidden the earlier)."""
    recs = _records()
    feed, pages = _feed(recs, tmp_path / "feed.rss"), _pages(recs, tmp_path / "pages.jsonl")
    front = [{**r, "url": "https://www.example.org/"} for r in recs[:2]]
    home = _pages(front, tmp_path / "front.jsonl")
    with Store(tmp_path / "s.duckdb") as store:
        analyze([feed], store)
        analyze([pages, home], store)
        web = WebState(store)
        assert [len(web.versions(r["url"])) for r in recs] == [2] * len(recs)
        assert web.versions("https://www.example.org/") == []
        run = analyze([], store)
    assert sum(a.url == "https://www.example.org/" for a in run.articles) == 2


def test_a_count_only_ingest_then_an_analysis_of_the_same_paths(tmp_path: Path) -> None:
    from storyline.intake import ingest

    recs = _records()
    feed, pages = _feed(recs, tmp_path / "feed.rss"), _pages(recs, tmp_path / "pages.jsonl")
    with Store(tmp_path / "s.duckdb") as store:
        ingest([feed, pages], store, keep_ids=False)
        run = analyze([feed, pages], store)
        got = sorted((a.url or "", len(a.text.split())) for a in run.articles)
    assert got == sorted((r["url"], len(r["text"].split())) for r in recs)
