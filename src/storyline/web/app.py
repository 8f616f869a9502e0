"""The local web UI: server-rendered pages from the store, and a JSON API.

Pages use the very templates of the static report (``storyline.report.html``) with routes for
links (``WEB_LINKS``), so the UI and the files written by ``analyze`` never disagree. Requests
read a private copy of the store, taken again when the file changes (``storyline.web.snapshot``):
the UI never opens the user's file, so ``analyze`` and ``ingest`` can write the store while the
UI serves it, and the next page load after they finish shows the new stories.

The server answers only requests addressed to this machine by name (``LOCAL_HOSTS``, and the
interface it was started on): a web page elsewhere that points its own host name at 127.0.0.1
(DNS rebinding) gets 400, not the store. Nothing is loaded from another site: ``/docs`` is a
page rendered here from the OpenAPI description, not Swagger UI from a CDN.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from storyline.briefing import Briefing
from storyline.report.html import environment, render_article, render_story, render_storyline
from storyline.report.view import WEB_LINKS, cited_spans
from storyline.store import Store, StoreError
from storyline.store.search import MAX_HITS, SearchIndex, SearchUnavailable
from storyline.web.briefings import article_briefing, story_briefing, story_summaries
from storyline.web.http import (
    API_ERRORS,
    UNREADABLE,
    HeadAsGet,
    api_missing,
    host_header,
    operations,
    page_missing,
)
from storyline.web.models import (
    ArticleDetail,
    StoryBriefing,
    StorylineDetail,
    StorylineSummary,
    StorySummary,
)
from storyline.web.search import date_range, hit_groups
from storyline.web.snapshot import StoreSnapshots
from storyline.web.storylines import (
    moved_story,
    moved_storyline,
    story_nav,
    storyline_detail,
    storyline_pages,
    storyline_summaries,
    storyline_view,
)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: Status of the redirect from a retired story's or storyline's page: permanent (its id will
#: not come back but as another grouping's), so bookmarks and link checkers update.
MOVED = 301

#: Host headers always answered: this machine by name. Others get 400 (DNS rebinding).
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


@contextmanager
def open_store(snapshots: StoreSnapshots) -> Iterator[Store]:
    """The store, as of its latest readable copy, for one request; ``StoreError`` (a 503)
    when there is no copy to read."""
    with snapshots.lease() as path, Store(path, read_only=True, wait=0) as store:
        yield store


def create_app(db_path: Path, allowed_hosts: Sequence[str] = ()) -> FastAPI:
    """The UI and API over the store at ``db_path`` (which must exist: run ``analyze``).

    Requests are answered when their Host header names this machine (``LOCAL_HOSTS``) or one
    of ``allowed_hosts`` (the interface the server listens on, for one), 400 otherwise.
    """
    db_path = Path(db_path)
    if not db_path.is_file():
        raise StoreError(f"{db_path}: no store here; run `storyline analyze` first")
    snapshots = StoreSnapshots(db_path)
    index = SearchIndex()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        index.close()
        snapshots.close()

    app = FastAPI(
        title="storyline",
        version="1",
        lifespan=lifespan,
        description="Briefings in which every line cites exact source spans.",
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(HeadAsGet)
    hosts = list(dict.fromkeys([*LOCAL_HOSTS, *(host_header(h) for h in allowed_hosts)]))
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts, www_redirect=False)
    env = environment()
    app.state.search = index
    app.state.snapshots = snapshots

    def page(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(links=WEB_LINKS, **context)
        return HTMLResponse(html, status_code=status_code)

    def error(request: Request, status: int, detail: Any, headers: Any = None) -> Any:
        """JSON for the API, an HTML page for a person with a browser."""
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": detail}, status_code=status, headers=headers)
        html = env.get_template("error.html").render(links=WEB_LINKS, status=status, message=detail)
        return HTMLResponse(html, status_code=status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        headers = dict(exc.headers or {})
        if exc.status_code == 405 and "Allow" in headers:
            allowed = [m.strip() for m in headers["Allow"].split(",")]
            if "GET" in allowed and "HEAD" not in allowed:
                headers["Allow"] = ", ".join([*allowed, "HEAD"])
        return error(request, exc.status_code, exc.detail, headers or None)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Any:
        return error(request, 503, str(exc))

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page() -> HTMLResponse:
        spec = app.openapi()
        return page(
            "api.html",
            title=spec["info"]["title"],
            description=spec["info"].get("description", ""),
            openapi_version=spec["openapi"],
            spec_url=app.openapi_url,
            operations=operations(spec),
        )

    @app.get(
        "/",
        response_class=HTMLResponse,
        summary="Stories, with full-text search",
        responses={
            503: {
                "description": UNREADABLE + "; or search is unavailable",
                "content": {"text/html": {}},
            }
        },
    )
    def index_page(
        q: Annotated[str | None, Query(description="words to find in articles and claims")] = None,
    ) -> HTMLResponse:
        with open_store(snapshots) as store:
            rows = [
                {
                    "id": s.id,
                    "headline": s.headline,
                    "articles": s.articles,
                    "families": s.independent_sources,
                    "conflicts": s.conflicts,
                    "dates": date_range(s.first_date, s.last_date),
                }
                for s in story_summaries(store)
            ]
            lines = storyline_pages(store)
            hits, more = None, False
            if q is not None and q.strip():
                try:
                    found = index.search(q, store.path, limit=MAX_HITS + 1)
                except SearchUnavailable as exc:
                    raise HTTPException(503, f"search is unavailable: {exc}") from exc
                more, found = len(found) > MAX_HITS, found[:MAX_HITS]  # cut: said so
                hits = hit_groups(found)
        return page(
            "index.html", stories=rows, storylines=lines, search=True, query=q, hits=hits, more=more
        )

    @app.get(
        "/stories/{story_id}",
        response_class=HTMLResponse,
        summary="A story's report",
        responses=page_missing("story"),
    )
    def story_page(story_id: str) -> Response:
        with open_store(snapshots) as store:
            briefing = story_briefing(store, story_id)
            doc = briefing.to_json() if briefing else None
            nav = story_nav(store, doc["stories"][0]) if doc else None
            moved = moved_story(store, story_id) if doc is None else None
        if moved is not None:  # a later run grouped its articles into another story
            return RedirectResponse(moved, status_code=MOVED)
        if doc is None:
            raise HTTPException(404, f"no story {story_id!r}")
        html = render_story(env, doc, doc["stories"][0], WEB_LINKS, nav)
        return HTMLResponse(html)

    @app.get(
        "/storylines/{storyline_id}",
        response_class=HTMLResponse,
        summary="A storyline: its stories on a dated timeline",
        responses=page_missing("storyline", ""),
    )
    def storyline_page(storyline_id: str) -> Response:
        with open_store(snapshots) as store:
            found = storyline_view(store, storyline_id)
            moved = moved_storyline(store, storyline_id) if found is None else None
        if moved is not None:  # its first story now follows up another, or was regrouped
            return RedirectResponse(moved, status_code=MOVED)
        if found is None:
            raise HTTPException(404, f"no storyline {storyline_id!r}")
        return HTMLResponse(render_storyline(env, found[0], WEB_LINKS))

    @app.get(
        "/articles/{article_id}",
        response_class=HTMLResponse,
        summary="An article with the cited spans marked",
        responses=page_missing("article"),
    )
    def article_page(article_id: str) -> HTMLResponse:
        from storyline.fetch.versions import versions_view

        with open_store(snapshots) as store:
            found = article_briefing(store, article_id)
            versions = versions_view(store, found[0].get("url")) if found else []
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        article, briefing = found
        return HTMLResponse(render_article(env, briefing, article, WEB_LINKS, versions))

    @app.get(
        "/api/stories",
        response_model=list[StorySummary],
        summary="Every story",
        responses=API_ERRORS,
    )
    def api_stories() -> list[StorySummary]:
        with open_store(snapshots) as store:
            return story_summaries(store)

    @app.get(
        "/api/stories/{story_id}",
        response_model=StoryBriefing,
        summary="One story's briefing document",
        responses=api_missing("story"),
    )
    def api_story(story_id: str) -> Briefing:
        with open_store(snapshots) as store:
            briefing = story_briefing(store, story_id)
            now = store.current_story_id(story_id) if briefing is None else None
        if briefing is None:  # a retired id names where its articles went, as the CLI does
            moved = f"; a later analysis grouped its articles into {now!r}" if now else ""
            raise HTTPException(404, f"no story {story_id!r}{moved}")
        return briefing

    @app.get(
        "/api/storylines",
        response_model=list[StorylineSummary],
        summary="Every storyline (a lone story is its own), in date order",
        responses=API_ERRORS,
    )
    def api_storylines(
        min_stories: Annotated[
            int, Query(ge=1, description="only storylines of at least this many stories")
        ] = 1,
    ) -> list[dict[str, Any]]:
        with open_store(snapshots) as store:
            return storyline_summaries(store, min_stories)

    @app.get(
        "/api/storylines/{storyline_id}",
        response_model=StorylineDetail,
        summary="One storyline with its stories in date order",
        responses=api_missing("storyline", ""),
    )
    def api_storyline(storyline_id: str) -> dict[str, Any]:
        with open_store(snapshots) as store:
            found = storyline_view(store, storyline_id)
        if found is None:
            raise HTTPException(404, f"no storyline {storyline_id!r}")
        return storyline_detail(*found)

    @app.get(
        "/api/articles/{article_id}",
        response_model=ArticleDetail,
        summary="One article with the spans its story's briefing cites",
        responses=api_missing("article"),
    )
    def api_article(article_id: str) -> dict[str, Any]:
        with open_store(snapshots) as store:
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


def serve(
    db_path: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    allowed_hosts: Sequence[str] = (),
) -> None:
    """Run the UI with uvicorn until interrupted. Binds 127.0.0.1 unless told otherwise: the
    store may hold articles that are not public. Requests must name this machine, ``host`` or
    one of ``allowed_hosts`` in their Host header."""
    import uvicorn

    app = create_app(db_path, allowed_hosts=[host, *allowed_hosts])
    uvicorn.run(app, host=host, port=port, log_level="info")
