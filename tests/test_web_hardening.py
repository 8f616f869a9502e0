"""The web UI answers only this machine's host names, serves nothing from a CDN, answers HEAD
and 405 as HTTP says, takes id prefixes literally and documents its 404s (issue #16)."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from storyline.web import app as web_app
from storyline.web import create_app
from storylinerun import linked_store
from test_browser import serve_in_thread

LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hardening") / "linked.duckdb"
    linked_store(path)
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url=LOCAL) as c:
        yield c


# -- Host header: DNS rebinding ------------------------------------------------------------
@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "127.0.0.1:8000", "localhost", "LOCALHOST:8000", "[::1]", "[::1]:8000"],
)
def test_this_machine_is_served(client: TestClient, host: str) -> None:
    assert client.get("/api/stories", headers={"host": host}).status_code == 200


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.", "testserver", ""],
)
def test_other_host_names_get_400(client: TestClient, host: str) -> None:
    for path in ("/", "/api/stories", "/api/articles/a1", "/openapi.json"):
        r = client.get(path, headers={"host": host})
        assert r.status_code == 400, (host, path)
        assert "Varn" not in r.text


def test_the_host_it_was_started_on_is_served(monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
    import uvicorn

    apps: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: apps.append(app))
    web_app.serve(db, host="192.168.7.7", allowed_hosts=["news.lan"])
    web_app.serve(db, host="::")
    with TestClient(apps[0], base_url=LOCAL) as c:
        for host in ("192.168.7.7:8000", "news.lan", "localhost:8000"):
            assert c.get("/api/stories", headers={"host": host}).status_code == 200, host
        assert c.get("/api/stories", headers={"host": "evil.example"}).status_code == 400
    with TestClient(apps[1], base_url=LOCAL) as c:
        assert c.get("/api/stories", headers={"host": "[::]:8000"}).status_code == 200
        assert c.get("/api/stories", headers={"host": "192.168.7.7"}).status_code == 400


def test_a_real_server_refuses_other_hosts_and_answers_head(db: Path) -> None:
    """The same through uvicorn, raw HTTP: a rebinding page's Host, and HEAD's framing."""
    servers = serve_in_thread(db)
    base = next(servers)
    try:
        where = urlsplit(base)
        assert where.hostname and where.port

        def ask(method: str, path: str, host: str) -> tuple[int, dict[str, str], bytes]:
            con = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
            try:
                con.putrequest(method, path, skip_host=True)
                con.putheader("Host", host)
                con.endheaders()
                r = con.getresponse()
                return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
            finally:
                con.close()

        assert ask("GET", "/api/stories", f"rebind.example:{where.port}")[0] == 400
        status, headers, body = ask("GET", "/stories/sa", f"localhost:{where.port}")
        assert status == 200 and body
        head_status, head_headers, head_body = ask("HEAD", "/stories/sa", where.netloc)
        assert head_status == 200 and head_body == b""
        assert head_headers["content-length"] == headers["content-length"] == str(len(body))
    finally:
        servers.close()


# -- /docs without a CDN ----------------------------------------------------------------------
def test_docs_is_a_self_contained_page(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    doc = lxml_html.fromstring(r.text)
    assert not doc.xpath(
        "//script[@src] | //link[@href and not(starts-with(@href, 'data:'))]"
        " | //img[@src] | //iframe"
    )
    assert "cdn" not in r.text.lower()
    operations = [c.text_content() for c in doc.xpath("//section/h2/code")]
    assert "GET /api/stories/{story_id}" in operations
    assert "GET /storylines/{storyline_id}" in operations
    assert doc.xpath("//a[@href='/openapi.json']")
    assert client.get("/redoc").status_code == 404


# -- HEAD and 405 ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    ["/", "/?q=bridge", "/api/stories", "/stories/sa", "/api/stories/sa", "/storylines/sa",
     "/articles/a1", "/api/articles/a1", "/api/storylines", "/docs", "/openapi.json"],
)  # fmt: skip
def test_head_answers_like_get_without_a_body(client: TestClient, path: str) -> None:
    got, head = client.get(path), client.head(path)
    assert got.status_code == head.status_code == 200
    assert head.content == b""
    for header in ("content-type", "content-length"):
        assert head.headers[header] == got.headers[header]


@pytest.mark.parametrize("path", ["/nowhere", "/stories/nope", "/api/stories/nope"])
def test_head_of_a_missing_page_is_a_404(client: TestClient, path: str) -> None:
    r = client.head(path)
    assert r.status_code == 404 and r.content == b""


@pytest.mark.parametrize(
    ("method", "path", "kind"),
    [
        ("POST", "/api/stories", "application/json"),
        ("DELETE", "/api/stories/sa", "application/json"),
        ("PUT", "/stories/sa", "text/html"),
        ("POST", "/", "text/html"),
    ],
)
def test_405_says_what_is_allowed(client: TestClient, method: str, path: str, kind: str) -> None:
    r = client.request(method, path)
    assert r.status_code == 405 and r.headers["content-type"].startswith(kind)
    assert sorted(m.strip() for m in r.headers["allow"].split(",")) == ["GET", "HEAD"]


# -- id prefixes: LIKE wildcards are plain characters -----------------------------------------
@pytest.mark.parametrize(
    "path",
    ["/api/stories/%25a", "/api/stories/_a", "/api/stories/%25", "/stories/_a",
     "/api/articles/%251", "/api/articles/_1", "/articles/%251", "/api/stories/%5C"],
)  # fmt: skip
def test_like_wildcards_in_an_id_match_nothing(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_unique_id_prefix_still_finds_its_story(client: TestClient) -> None:
    assert client.get("/api/stories/sa").json()["stories"][0]["id"] == "sa"
    assert client.get("/api/articles/a").status_code == 404  # a1 to a4: ambiguous
    assert client.get("/api/articles/a3").json()["id"] == "a3"


# -- OpenAPI documents every 404 ------------------------------------------------------------
def test_openapi_documents_every_404(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    with_ids = [p for p in paths if "{" in p]
    assert sorted(with_ids) == [
        "/api/articles/{article_id}",
        "/api/stories/{story_id}",
        "/api/storylines/{storyline_id}",
        "/articles/{article_id}",
        "/stories/{story_id}",
        "/storylines/{storyline_id}",
    ]
    for path in with_ids:
        missing = paths[path]["get"]["responses"]["404"]
        assert missing["description"].startswith("No ")
        if path.startswith("/api/"):
            schema = missing["content"]["application/json"]["schema"]
            assert schema["$ref"].endswith("/ErrorDetail")
            assert client.get(path.split("{")[0] + "nope").json()["detail"]
        else:
            assert "text/html" in missing["content"]
    for path, ops in paths.items():  # every path reads the store, which may be unreadable
        assert "503" in ops["get"]["responses"], path
    assert "/docs" not in paths
