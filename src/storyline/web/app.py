"""The local web UI: server-rendered pages from the store, and a JSON API.

Pages use the very templates of the static report (``storyline.report.html``) with routes for
links (``WEB_LINKS``), so the UI and the files written by ``analyze`` never disagree. Every
request opens the store read-only and closes it again: the UI never holds DuckDB's write lock,
so ``storyline analyze`` can update the store while the UI is running, and the next page load
shows the new stories.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyline.reconcile.briefing import SCHEMA_VERSION, storyline_json
from storyline.report.html import environment, render_article, render_story, render_storyline
from storyline.report.view import WEB_LINKS, cited_spans
from storyline.store import Store, StoreError
from storyline.web.models import (
    ArticleDetail,
    StoryBriefing,
    StorylineDetail,
    StorylineSummary,
    StorySummary,
)
from storyline.web.search import SearchIndex, SearchUnavailable
from storyline.web.storylines import (
    story_nav,
    storyline_detail,
    storyline_of,
    storyline_pages,
    storyline_summaries,
    storyline_view,
)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

_STORY_ROWS_SQL = """
SELECT s.id, s.headline, json_array_length(s.article_ids), json_array_length(s.families),
       coalesce(json_array_length(b.data -> 'conflicts'), 0), s.first_date, s.last_date
FROM stories s LEFT JOIN briefings b ON b.story_id = s.id
ORDER BY s.first_date NULLS LAST, s.id
"""

_STORY_OF_ARTICLE_SQL = """
SELECT id FROM stories WHERE list_contains(CAST(article_ids AS VARCHAR[]), ?) ORDER BY id LIMIT 1
"""


@contextmanager
def open_store(db_path: Path) -> Iterator[Store]:
    """The store, read-only, for one request; 503 while another process holds the write lock."""
    try:
        store = Store(db_path, read_only=True)
    except StoreError as exc:
        raise HTTPException(503, f"the store is busy or unreadable: {exc}") from exc
    try:
        yield store
    finally:
        store.close()


def story_briefing(store: Store, story_id: str) -> dict[str, Any] | None:
    """A one-story briefing document, as the renderers take it, built from the store.

    The stored briefing holds the story; its articles come from the articles table, each with
    the id of its wire family, and its storyline from the stories table (a story stored
    before storylines is its own). A story stored without a briefing renders with empty
    sections.
    """
    story = store.get_story(story_id)
    if story is None:
        return None
    data = store.get_briefing(story.id) or {
        "id": story.id,
        "headline": story.headline,
        "article_ids": story.article_ids,
        "families": [f.__dict__ for f in story.families],
        "entities": [],
        "quotes": [],
        "claims": [],
        "conflicts": [],
        "unique": {},
        "omissions": {},
        "timeline": [],
        "framing": {},
        "summary": [],
    }
    line = storyline_of(store, story)
    data["storyline"] = storyline_json(line, brief=True)
    data.setdefault("date_span", list(story.date_span) if story.date_span else None)
    family_of = {aid: f["id"] for f in data.get("families", []) for aid in f["article_ids"]}
    articles = [_article_dict(a, family_of.get(a.id)) for a in store.articles(data["article_ids"])]
    return {
        "schema_version": SCHEMA_VERSION,
        "articles": articles,
        "stories": [data],
        "storylines": [storyline_json(line)],
    }


def article_briefing(store: Store, article_id: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """An article and the briefing of the story that covers it (empty when it is in none)."""
    article = store.get_article(article_id)
    if article is None:
        return None
    row = store.con.execute(_STORY_OF_ARTICLE_SQL, [article.id]).fetchone()
    briefing = story_briefing(store, row[0]) if row else None
    if briefing is None:
        return _article_dict(article, None), {
            "schema_version": SCHEMA_VERSION,
            "articles": [],
            "stories": [],
            "storylines": [],
        }
    found = next(a for a in briefing["articles"] if a["id"] == article.id)
    return found, briefing


def _article_dict(article: Any, family: str | None) -> dict[str, Any]:
    keys = ("id", "source_path", "title", "outlet", "url", "published", "byline", "wire", "text")
    d = {k: getattr(article, k) for k in keys}
    d["family"] = family
    return d


def story_summaries(store: Store) -> list[StorySummary]:
    return [
        StorySummary(
            id=sid,
            headline=headline,
            articles=n,
            independent_sources=fams,
            conflicts=conflicts,
            first_date=first,
            last_date=last,
            url=WEB_LINKS.story(sid),
        )
        for sid, headline, n, fams, conflicts, first, last in store.con.execute(
            _STORY_ROWS_SQL
        ).fetchall()
    ]


def create_app(db_path: Path) -> FastAPI:
    """The UI and API over the store at ``db_path`` (which must exist: run ``analyze``)."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise StoreError(f"{db_path}: no store here; run `storyline analyze` first")
    index = SearchIndex(db_path)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        index.close()

    app = FastAPI(
        title="storyline",
        version="1",
        lifespan=lifespan,
        description="Briefings in which every line cites exact source spans.",
    )
    env = environment()
    app.state.search = index

    def page(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(links=WEB_LINKS, **context)
        return HTMLResponse(html, status_code=status_code)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        """JSON for the API, an HTML page for a person with a browser."""
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return page("error.html", exc.status_code, status=exc.status_code, message=exc.detail)

    @app.get("/", response_class=HTMLResponse, summary="Stories, with full-text search")
    def index_page(q: str | None = None) -> HTMLResponse:
        with open_store(db_path) as store:
            rows = [
                {
                    "id": s.id,
                    "headline": s.headline,
                    "articles": s.articles,
                    "families": s.independent_sources,
                    "conflicts": s.conflicts,
                    "dates": _date_range(s.first_date, s.last_date),
                }
                for s in story_summaries(store)
            ]
            lines = storyline_pages(store)
        hits = None
        if q is not None and q.strip():
            try:
                found = index.search(q)
            except SearchUnavailable as exc:
                raise HTTPException(503, f"search is unavailable: {exc}") from exc
            hits = [
                {
                    "link": _hit_link(h.kind, h.ref, h.claim_id),
                    "title": h.title,
                    "kind": h.kind,
                    "snippet": h.snippet,
                }
                for h in found
            ]
        return page("index.html", stories=rows, storylines=lines, search=True, query=q, hits=hits)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, summary="A story's report")
    def story_page(story_id: str) -> HTMLResponse:
        with open_store(db_path) as store:
            briefing = story_briefing(store, story_id)
            nav = story_nav(store, briefing["stories"][0]) if briefing else None
        if briefing is None:
            raise HTTPException(404, f"no story {story_id!r}")
        html = render_story(env, briefing, briefing["stories"][0], WEB_LINKS, nav)
        return HTMLResponse(html)

    @app.get(
        "/storylines/{storyline_id}",
        response_class=HTMLResponse,
        summary="A storyline: its stories on a dated timeline",
    )
    def storyline_page(storyline_id: str) -> HTMLResponse:
        with open_store(db_path) as store:
            found = storyline_view(store, storyline_id)
        if found is None:
            raise HTTPException(404, f"no storyline {storyline_id!r}")
        return HTMLResponse(render_storyline(env, found[0], WEB_LINKS))

    @app.get(
        "/articles/{article_id}",
        response_class=HTMLResponse,
        summary="An article with the cited spans marked",
    )
    def article_page(article_id: str) -> HTMLResponse:
        with open_store(db_path) as store:
            found = article_briefing(store, article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        article, briefing = found
        return HTMLResponse(render_article(env, briefing, article, WEB_LINKS))

    @app.get("/api/stories", response_model=list[StorySummary], summary="Every story")
    def api_stories() -> list[StorySummary]:
        with open_store(db_path) as store:
            return story_summaries(store)

    @app.get(
        "/api/stories/{story_id}",
        response_model=StoryBriefing,
        summary="One story's briefing document",
        responses={404: {"description": "No story with this id"}},
    )
    def api_story(story_id: str) -> dict[str, Any]:
        with open_store(db_path) as store:
            briefing = story_briefing(store, story_id)
        if briefing is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return briefing

    @app.get(
        "/api/storylines",
        response_model=list[StorylineSummary],
        summary="Every storyline (a lone story is its own), in date order",
    )
    def api_storylines(
        min_stories: Annotated[
            int, Query(ge=1, description="only storylines of at least this many stories")
        ] = 1,
    ) -> list[dict[str, Any]]:
        with open_store(db_path) as store:
            return storyline_summaries(store, min_stories)

    @app.get(
        "/api/storylines/{storyline_id}",
        response_model=StorylineDetail,
        summary="One storyline with its stories in date order",
        responses={404: {"description": "No storyline with this id"}},
    )
    def api_storyline(storyline_id: str) -> dict[str, Any]:
        with open_store(db_path) as store:
            found = storyline_view(store, storyline_id)
        if found is None:
            raise HTTPException(404, f"no storyline {storyline_id!r}")
        return storyline_detail(*found)

    @app.get(
        "/api/articles/{article_id}",
        response_model=ArticleDetail,
        summary="One article with the spans its story's briefing cites",
        responses={404: {"description": "No article with this id"}},
    )
    def api_article(article_id: str) -> dict[str, Any]:
        with open_store(db_path) as store:
            found = article_briefing(store, article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        article, briefing = found
        spans = cited_spans(briefing, article["id"])
        story_id = briefing["stories"][0]["id"] if briefing["stories"] else None
        return {
            **article,
            "story_id": story_id,
            "cited": [{"start": s, "end": e, "text": article["text"][s:e]} for s, e in spans],
        }

    return app


def _date_range(first: str | None, last: str | None) -> str | None:
    if first and last and first != last:
        return f"{first} – {last}"
    return first or last


def _hit_link(kind: str, ref: str, claim_id: str | None) -> str:
    if kind == "article":
        return WEB_LINKS.article(ref)
    return WEB_LINKS.story(ref) + (f"#claim-{claim_id}" if claim_id else "")


def serve(db_path: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Run the UI with uvicorn until interrupted. Binds 127.0.0.1 unless told otherwise: the
    store may hold articles that are not public."""
    import uvicorn

    uvicorn.run(create_app(db_path), host=host, port=port, log_level="info")
