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
from storyline.briefing import SCHEMA_VERSION
from storyline.models import Article
from storyline.reconcile import validate_briefing
from storyline.report.view import Links
from storyline.store import Store, StoreError
from storyline.web import app as web_app
from storyline.web import create_app
from storylinerun import linked_store

PAGE = Links()  # the static report's page names

#: Where the tests address the app: this machine by IP (the default host of TestClient,
#: ``testserver``, is refused like any other name).
LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def seeds(seed_analysis: SeedReport) -> SeedReport:
    return seed_analysis


@pytest.fixture(scope="module")
def client(seeds: SeedReport) -> TestClient:
    with TestClient(create_app(seeds.db), base_url=LOCAL) as c:
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


def test_api_story_is_a_briefing_document_with_exact_spans(
    client: TestClient, seeds: SeedReport
) -> None:
    story = _story(seeds)
    doc = client.get(f"/api/stories/{story['id']}").json()
    assert doc["schema_version"] == SCHEMA_VERSION
    validate_briefing(doc)
    got = doc["stories"][0]
    assert got["claims"] == story["claims"] and got["conflicts"] == story["conflicts"]
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    assert set(texts) == set(story["article_ids"])
    family = {aid: f["id"] for f in story["families"] for aid in f["article_ids"]}
    assert {a["id"]: a["family"] for a in doc["articles"]} == family
    spans = _spans(got)
    assert spans
    for s in spans:
        assert texts[s["article_id"]][s["start"] : s["end"]] == s["text"]


def test_api_article_lists_the_spans_its_story_cites(client: TestClient, seeds: SeedReport) -> None:
    story = _story(seeds)
    aid = story["claims"][0]["sources"][0]["article_id"]
    got = client.get(f"/api/articles/{aid}").json()
    assert got["story_id"] == story["id"]
    expected = {(s["start"], s["end"]) for s in _spans(story) if s["article_id"] == aid}
    assert {(c["start"], c["end"]) for c in got["cited"]} == expected
    for c in got["cited"]:
        assert got["text"][c["start"] : c["end"]] == c["text"]


@pytest.mark.parametrize("path", ["/api/stories/no-such-story", "/api/articles/no-such-article"])
def test_api_unknown_id_is_a_json_404(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json")
    assert "no-such" in r.json()["detail"]


@pytest.mark.parametrize(
    "path", ["/stories/no-such-story", "/articles/no-such-article", "/nowhere"]
)
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
    assert {"Claim", "Conflict", "ConflictValue", "Quote", "StorySummary", "ArticleDetail"} <= set(
        schemas
    )
    assert set(schemas["Span"]["required"]) == {"article_id", "text", "start", "end"}


def test_story_page_cites_the_same_spans_as_the_static_report(
    client: TestClient, seeds: SeedReport
) -> None:
    story = _story(seeds)
    web = client.get(f"/stories/{story['id']}")
    assert web.status_code == 200
    static = (seeds.out / PAGE.story(story["id"])).read_text("utf-8")

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
    return doc.xpath("//ul[@class='hits']//a[@class='hit']/@href")


def test_hits_are_shown_story_by_story(client: TestClient, seeds: SeedReport) -> None:
    """A new user's search for "jobless claims" listed one story up to four times in its first
    15 hits, undated, above the whole index of stories. The seeds are one story: its matching
    articles and claims are one entry, under its headline and days, and the index is not
    shown under the results."""
    story = _story(seeds)
    doc = lxml_html.fromstring(client.get("/", params={"q": "captured"}).text)
    entries = doc.xpath("//ul[@class='hits']/li")
    assert len(entries) == 1
    (head,) = entries[0].xpath("./a/@href")
    assert head == f"/stories/{story['id']}"
    assert story["date_span"][0] in entries[0].text_content()
    hits = entries[0].xpath(".//a[@class='hit']")
    kinds = {a.text_content() for a in hits}
    assert len(hits) > 2 and kinds == {"article", "claim"}
    snippets = [s.text_content() for s in entries[0].xpath("./ul/li/span[last()]")]
    assert len(snippets) == len(set(snippets))
    assert not doc.xpath("//table")  # the whole index is not listed under the results


def test_search_finds_exactly_the_articles_holding_a_word(
    client: TestClient, seeds: SeedReport
) -> None:
    holding = {a["id"] for a in seeds.briefing["articles"] if "mandarin" in a["text"].lower()}
    assert holding, "one seed mentions the language the captured man spoke"
    hits = _hits(client, "Mandarin")
    assert {h.removeprefix("/articles/") for h in hits if h.startswith("/articles/")} == holding


def test_search_finds_a_number(client: TestClient, seeds: SeedReport) -> None:
    """Numbers are words of the index (DuckDB's default drops digits: "1978" found nothing)."""
    whole = r"(?<![\d,])\d{3,}\b(?!,\d)"  # a number as written, not a group of "10,000"
    counts = {m for a in seeds.briefing["articles"] for m in re.findall(whole, a["text"])}
    number = min(counts)
    holding = {
        a["id"] for a in seeds.briefing["articles"] if re.search(rf"\b{number}\b", a["text"])
    }
    hits = _hits(client, number)
    assert {h.removeprefix("/articles/") for h in hits if h.startswith("/articles/")} == holding


def test_a_number_s_thousands_separator_is_no_gap(client: TestClient, seeds: SeedReport) -> None:
    """A new user's search for "266,000" found every ",000" of the run: the index read the
    number as two words. "10,000" finds the articles holding it, not those holding a "10"."""
    grouped = r"(?<![\d,])\d{1,3}(?:,\d{3})+(?![\d,])"  # a whole number as written
    numbers = {m for a in seeds.briefing["articles"] for m in re.findall(grouped, a["text"])}
    assert numbers, "a seed gives a number with a thousands separator"
    for number in numbers:
        holding = {
            a["id"] for a in seeds.briefing["articles"] if number in re.findall(grouped, a["text"])
        }
        hits = _hits(client, number)
        assert {h.removeprefix("/articles/") for h in hits if h.startswith("/articles/")} == holding


def test_a_word_with_a_hyphen_is_found_without_it_and_back(
    client: TestClient, seeds: SeedReport
) -> None:
    """Two seeds write "ceasefire", one "cease-fire": a search for either finds all three (a
    new user's search for "ceasefire" missed every "cease-fire" of the AllSides run)."""
    written = r"\bcease-?fire\b"
    holding = {a["id"] for a in seeds.briefing["articles"] if re.search(written, a["text"], re.I)}
    forms = {
        m.lower() for a in seeds.briefing["articles"] for m in re.findall(written, a["text"], re.I)
    }
    assert forms == {"ceasefire", "cease-fire"}, forms
    for query in ("ceasefire", "cease-fire"):
        hits = _hits(client, query)
        assert {h.removeprefix("/articles/") for h in hits if h.startswith("/articles/")} == holding


def test_search_finds_claims_and_links_to_their_row(client: TestClient, seeds: SeedReport) -> None:
    story = _story(seeds)
    claims = {c["id"] for c in story["claims"] if "captur" in c["text"].lower()}
    assert claims
    hits = _hits(client, "captured")
    assert {f"/stories/{story['id']}#claim-{cid}" for cid in claims} <= set(hits)
    assert "Nothing found." in client.get("/", params={"q": "zzyzxquux"}).text


def test_search_finds_a_claim_by_its_own_words(client: TestClient, seeds: SeedReport) -> None:
    """A claim is found by its text, not by its story's headline: "Zelensky" (in the seeds'
    headline) found every claim of the story, and a page of 50 such hits hid the rest."""
    story = _story(seeds)
    assert "zelensky" in (story["headline"] or "").lower()
    texts = {f"/stories/{story['id']}#claim-{c['id']}": c["text"] for c in story["claims"]}
    hits = [h for h in _hits(client, "Zelensky") if h in texts]
    assert hits and all("zelensk" in texts[h].lower() for h in hits)


def test_search_index_follows_the_store(seeds: SeedReport, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(seeds.db, db)
    with TestClient(create_app(db), base_url=LOCAL) as c:
        assert not _hits(c, "okapi")
        with Store(db) as store:
            store.add_articles(
                [
                    Article(
                        id="new1",
                        source_path="n.txt",
                        fmt="txt",
                        title="Zoo news",
                        text="An okapi was born today.",
                    )
                ]
            )
        assert _hits(c, "okapi") == ["/articles/new1"]


def test_app_needs_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        create_app(tmp_path / "missing.duckdb")


def test_serve_binds_localhost_by_default(
    monkeypatch: pytest.MonkeyPatch, seeds: SeedReport
) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    web_app.serve(seeds.db)
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8000


# -- storylines: an event and its follow-up, linked, plus a lone story --------------------------
#: The follow-up's headline, with markup that must be shown as text.
FOLLOW_UP = "Cables <script>alert(1)</script> blamed for <b>Varn</b> collapse"


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("linked") / "linked.duckdb"
    linked_store(db, FOLLOW_UP)
    with TestClient(create_app(db), base_url=LOCAL) as c:
        yield c


def test_api_lists_storylines_in_date_order(linked: TestClient) -> None:
    rows = linked.get("/api/storylines").json()
    assert [(r["id"], r["story_ids"]) for r in rows] == [("sa", ["sa", "sb"]), ("sc", ["sc"])]
    assert rows[0]["date_span"] == ["2025-03-01", "2025-03-09"]
    assert rows[0]["headline"] == "Varn bridge collapses" and rows[0]["url"] == "/storylines/sa"
    assert [r["id"] for r in linked.get("/api/storylines?min_stories=2").json()] == ["sa"]
    assert linked.get("/api/storylines?min_stories=0").status_code == 422


def test_api_storyline_has_its_stories_in_date_order(linked: TestClient) -> None:
    got = linked.get("/api/storylines/sa").json()
    assert got["story_ids"] == ["sa", "sb"]
    assert [
        (s["id"], s["headline"], s["articles"], s["date_span"], s["url"]) for s in got["stories"]
    ] == [
        ("sa", "Varn bridge collapses", 2, ["2025-03-01", "2025-03-02"], "/stories/sa"),
        ("sb", FOLLOW_UP, 1, ["2025-03-09", "2025-03-09"], "/stories/sb"),
    ]
    r = linked.get("/api/storylines/sb")  # a story id that is not a storyline's
    assert r.status_code == 404 and "no storyline 'sb'" in r.json()["detail"]


def test_api_story_names_its_storyline(linked: TestClient) -> None:
    doc = linked.get("/api/stories/sb").json()
    validate_briefing(doc)
    assert doc["stories"][0]["storyline"] == {"id": "sa", "story_ids": ["sa", "sb"]}
    assert [ln["id"] for ln in doc["storylines"]] == ["sa"]
    lone = linked.get("/api/stories/sc").json()["stories"][0]
    assert lone["storyline"] == {"id": "sc", "story_ids": ["sc"]}


def test_storyline_page_links_its_stories_in_date_order(linked: TestClient) -> None:
    r = linked.get("/storylines/sa")
    assert r.status_code == 200
    doc = lxml_html.fromstring(r.text)
    items = doc.xpath("//ol[@class='storyline-timeline']/li")
    assert [li.xpath(".//a/@href")[0] for li in items] == ["/stories/sa", "/stories/sb"]
    assert items[1].xpath(".//a")[0].text_content() == FOLLOW_UP
    assert not doc.xpath("//main//script | //main//b")
    missing = linked.get("/storylines/nope")
    assert missing.status_code == 404 and "Not found" in missing.text


def test_story_pages_link_previous_and_next(linked: TestClient) -> None:
    first = lxml_html.fromstring(linked.get("/stories/sa").text)
    second = lxml_html.fromstring(linked.get("/stories/sb").text)
    assert first.xpath("//nav//a[@rel='next']/@href") == ["/stories/sb"]
    assert first.xpath("//nav//a[@rel='next']")[0].text_content() == FOLLOW_UP + " →"
    assert second.xpath("//nav//a[@rel='prev']/@href") == ["/stories/sa"]
    assert second.xpath("//nav//a[@class='storyline-link']/@href") == ["/storylines/sa"]
    assert not lxml_html.fromstring(linked.get("/stories/sc").text).xpath("//nav")


def test_index_lists_storylines_of_several_stories(linked: TestClient) -> None:
    doc = lxml_html.fromstring(linked.get("/").text)
    assert doc.xpath("//table[@class='storylines']//a/@href") == ["/storylines/sa"]


def test_openapi_documents_the_storyline_404(linked: TestClient) -> None:
    paths = linked.get("/openapi.json").json()["paths"]
    assert "404" in paths["/api/storylines/{storyline_id}"]["get"]["responses"]
    assert "/api/storylines" in paths and "/storylines/{storyline_id}" in paths


def test_a_store_from_before_storylines_shows_each_story_alone(tmp_path: Path) -> None:
    """A store written before storylines: each story is its own storyline, and its briefing,
    of an older version, is not misread: the story shows unbriefed until analysed again."""
    import duckdb

    db = tmp_path / "old.duckdb"
    linked_store(db)
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE stories DROP COLUMN storyline")
    # RFC 7396 merge patch: a null removes the key, as in a briefing from before storylines.
    con.execute("""UPDATE briefings SET data = json_merge_patch(data,
                   '{"storyline": null, "date_span": null, "headline": "old"}')""")
    assert "storyline" not in con.execute("SELECT data FROM briefings").fetchone()[0]
    con.close()
    with TestClient(create_app(db), base_url=LOCAL) as c:
        page = lxml_html.fromstring(c.get("/stories/sb").text)
        heading = page.xpath("//h1")[0].text_content()
        assert heading == "Cables blamed for Varn collapse" and not page.xpath("//nav")
        assert c.get("/api/stories/sb").json()["stories"][0]["claims"] == []
        assert c.get("/api/stories/sb").json()["stories"][0]["storyline"] == {
            "id": "sb",
            "story_ids": ["sb"],
        }
        assert [r["id"] for r in c.get("/api/storylines").json()] == ["sa", "sc", "sb"]
        assert c.get("/storylines/sb").status_code == 200


def test_a_search_cut_at_its_most_hits_says_so(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new user's search for "Biden" showed exactly 50 hits and no word that more matched."""
    every = _hits(client, "captured")
    assert len(every) > 2
    monkeypatch.setattr(web_app, "MAX_HITS", 2)
    page = client.get("/", params={"q": "captured"}).text
    assert len(_hits(client, "captured")) == 2 and "more match" in page
    monkeypatch.setattr(web_app, "MAX_HITS", len(every))
    assert "more match" not in client.get("/", params={"q": "captured"}).text
