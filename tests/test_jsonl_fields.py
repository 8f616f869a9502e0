"""A JSON Lines export of another tool is read as it is: NewsAPI's and news-please's field
names, a date as a Unix time (a new user's trial: records with "body"/"content"/"headline"/
"link" were refused, "author" ignored, and an epoch date read silently as no date)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from allsides_pick import ALLSIDES
from storyline.ingest import read_paths
from storyline.models import Article


def _records(n: int) -> list[dict[str, str]]:
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()[:n]
    return [json.loads(x) for x in lines]


def _epoch_ms(day: str) -> int:
    when = datetime.fromisoformat(day[:10]).replace(hour=15, tzinfo=UTC)
    return int(when.timestamp() * 1000)


def test_newsapi_and_news_please_records(tmp_path: Path) -> None:
    recs = _records(2)
    newsapi = {
        "source": {"id": None, "name": recs[0]["outlet"]},
        "author": "Ann Cole",
        "title": recs[0]["title"],
        "url": recs[0]["url"],
        "publishedAt": f"{recs[0]['published'][:10]}T15:00:00Z",
        "content": recs[0]["text"],
    }
    news_please = {
        "authors": ["Ann Cole", "Tom Baker"],
        "date_publish": _epoch_ms(recs[1]["published"]),
        "maintext": recs[1]["text"],
        "source_domain": recs[1]["outlet"],
        "title": recs[1]["title"],
        "url": recs[1]["url"],
    }
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (newsapi, news_please)) + "\n", "utf-8")
    got = [a for a in read_paths([path]) if isinstance(a, Article)]
    assert [(a.title, a.url, a.outlet) for a in got] == [
        (r["title"], r["url"], r["outlet"]) for r in recs
    ]
    assert [a.published for a in got] == [r["published"][:10] for r in recs]
    assert [a.byline for a in got] == ["Ann Cole", "Ann Cole, Tom Baker"]


def test_a_blank_field_gives_way_and_the_first_date_field_wins(tmp_path: Path) -> None:
    """The review: an empty "text" hid a "content", a number in a later date field beat a
    date in "published", and 20210604 would have been a day in 1970."""
    recs = _records(3)
    rows = [
        {"text": " ", "content": recs[0]["text"], "url": recs[0]["url"]},
        {"published": "2021-06-04", "date": 1577836800, "text": recs[1]["text"]},
        {"date": 20210604, "text": recs[2]["text"]},
    ]
    path = tmp_path / "odd.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    got = [a for a in read_paths([path]) if isinstance(a, Article)]
    assert got[0].text.strip() == recs[0]["text"].strip()
    assert [a.published for a in got[1:]] == ["2021-06-04", None]
