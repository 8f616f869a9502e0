"""The web UI and JSON API over a store holding the seeds' analysis (FastAPI's TestClient)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from seedrun import SeedReport
from storyline.models import Article
from storyline.store import Store, StoreError
from storyline.web import app as web_app
from storyline.web import create_app


@pytest.fixture(scope="module")
def seeds(seed_analysis: SeedReport) -> SeedReport:
    return seed_analysis


@pytest.fixture(scope="module")
def client(seeds: SeedReport) -> TestClient:
    with TestClient(create_app(seeds.db)) as c:
        yield c


def _story(seeds: SeedReport) -> dict[str, Any]:
    return max(seeds.briefing["stories"], key=lambda s: len(s["article_ids"]))


def _spans(story: dict[str, Any]) -> list[dict[str, Any]]:
    out = [s for c in story["claims"] for s in c["sources"]]
    out += [r for q in story["quotes"] for r in q["renderings"]]
    return out + [s for k in story["conflicts"] for v in k["values"] for s in v["sources"]]


def test_api_lists_every_stored_story(client: TestClient, seeds: SeedReport) -> None:
    rows = client.get("/api/stories").json()
    assert {r["id"] for r in rows} == {s["id"] for s in seeds.briefing["stories"]}
    story = _story(seeds)
    row = next(r for r in rows if r["id"] == story["id"])
    assert row["articles"] == len(story["article_ids"])
    assert row["independent_sources"] == len(story["families"])
    assert row["conflicts"] == len(story["conflicts"])
    assert client.get(row["url"]).status_code == 200


def test_api_story_is_a_briefing_document_with_exact_spans(client: TestClient,
                                                           seeds: SeedReport) -> None:
    story = _story(seeds)
    doc = client.get(f"/api/stories/{story['id']}").json()
    assert doc["schema_version"] == 1
    got = doc["stories"][0]
    assert got["claims"] == story["claims"] and got["conflicts"] == story["conflicts"]
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    assert set(texts) == set(story["article_ids"])
    family = {aid: f["id"] for f in story["families"] for aid in f["article_ids"]}
    assert {a["id"]: a["family"] for a in doc["articles"]} == family
    spans = _spans(got)
    assert spans
    for s in spans:
        assert texts[s["article_id"]][s["start"]:s["end"]] == s["text"]


def test_api_article_lists_the_spans_its_story_cites(client: TestClient,
                                                      seeds: SeedReport) -> None:
    story = _story(seeds)
    aid = story["claims"][0]["sources"][0]["article_id"]
    got = client.get(f"/api/articles/{aid}").json()
    assert got["story_id"] == story["id"]
    expected = {(s["start"], s["end"]) for s in _spans(story) if s["article_id"] == aid}
    assert {(c["start"], c["end"]) for c in got["cited"]} == expected
    for c in got["cited"]:
        assert got["text"][c["start"]:c["end"]] == c["text"]


@pytest.mark.parametrize("path", ["/api/stories/no-such-story", "/api/articles/no-such-article"])
def test_api_unknown_id_is_a_json_404(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json")
    assert "no-such" in r.json()["detail"]


@pytest.mark.parametrize("path", ["/stories/no-such-story", "/articles/no-such-article",
                                  "/nowhere"])
def test_page_unknown_id_is_an_html_404(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "Not found" in r.text and 'href="/"' in r.text


def test_openapi_describes_the_responses(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    ok = spec["paths"]["/api/stories/{story_id}"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"]["$ref"].endswith("/StoryBriefing")
    assert "404" in spec["paths"]["/api/articles/{article_id}"]["get"]["responses"]
    schemas = spec["components"]["schemas"]
    assert {"Claim", "Conflict", "ConflictValue", "Quote", "StorySummary", "ArticleDetail"} <= \
        set(schemas)
    assert set(schemas["Span"]["required"]) == {"article_id", "text", "start", "end"}


def test_story_page_cites_the_same_spans_as_the_static_report(client: TestClient,
                                                              seeds: SeedReport) -> None:
    story = _story(seeds)
    web = client.get(f"/stories/{story['id']}")
    assert web.status_code == 200
    static = (seeds.out / f"story-{story['id']}.html").read_text("utf-8")

    def cites(page: str, pattern: str) -> list[tuple[str, str, str]]:
        hrefs = lxml_html.fromstring(page).xpath("//a/@href")
        return sorted(m.groups() for h in hrefs if (m := re.match(pattern, h)))

    web_cites = cites(web.text, r"^/articles/([^#]+)#span-(\d+)-(\d+)$")
    assert web_cites and web_cites == cites(static, r"^article-([^#]+)\.html#span-(\d+)-(\d+)$")


def test_article_page_marks_cited_spans(client: TestClient, seeds: SeedReport) -> None:
    story = _story(seeds)
    src = story["claims"][0]["sources"][0]
    doc = lxml_html.fromstring(client.get(f"/articles/{src['article_id']}").text)
    segs = doc.xpath("//div[@id='text']/span")
    inside = [s for s in segs if src["start"] <= int(s.get("data-s")) < src["end"]]
    assert "".join(s.text_content() for s in inside) == src["text"]
    assert all("cited" in s.get("class") for s in inside)
    assert doc.xpath(f"//a[@href='/stories/{story['id']}']")


def _hits(client: TestClient, q: str) -> list[str]:
    doc = lxml_html.fromstring(client.get("/", params={"q": q}).text)
    return doc.xpath("//h2[starts-with(., 'Results')]/following-sibling::ul[1]/li/a/@href")


def test_search_finds_exactly_the_articles_holding_a_word(client: TestClient,
                                                          seeds: SeedReport) -> None:
    holding = {a["id"] for a in seeds.briefing["articles"] if "mandarin" in a["text"].lower()}
    assert holding, "one seed mentions the language the captured man spoke"
    hits = _hits(client, "Mandarin")
    assert {h.removeprefix("/articles/") for h in hits if h.startswith("/articles/")} == holding


def test_search_finds_claims_and_links_to_their_row(client: TestClient, seeds: SeedReport) -> None:
    story = _story(seeds)
    claims = {c["id"] for c in story["claims"] if "captur" in c["text"].lower()}
    assert claims
    hits = _hits(client, "captured")
    assert {f"/stories/{story['id']}#claim-{cid}" for cid in claims} <= set(hits)
    assert "Nothing found." in client.get("/", params={"q": "zzyzxquux"}).text


def test_search_index_follows_the_store(seeds: SeedReport, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(seeds.db, db)
    with TestClient(create_app(db)) as c:
        assert not _hits(c, "okapi")
        with Store(db) as store:
            store.add_articles([Article(id="new1", source_path="n.txt", fmt="txt",
                                        title="Zoo news", text="An okapi was born today.")])
        assert _hits(c, "okapi") == ["/articles/new1"]


def test_app_needs_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        create_app(tmp_path / "missing.duckdb")


def test_serve_binds_localhost_by_default(monkeypatch: pytest.MonkeyPatch,
                                          seeds: SeedReport) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    web_app.serve(seeds.db)
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8000
