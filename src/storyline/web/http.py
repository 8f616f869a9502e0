"""The web UI's HTTP plumbing, apart from its routes (``storyline.web.app``): HEAD answered
as GET, an interface as a Host header names it, what the OpenAPI description says of each
path's errors, and the operations the ``/docs`` page lists.
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline.web.models import ErrorDetail

#: What the OpenAPI description says of the errors a path can answer.
UNREADABLE = "The store cannot be read (nothing stored yet, or not a storyline store)"
API_ERRORS: dict[int | str, dict[str, Any]] = {
    503: {"description": UNREADABLE, "model": ErrorDetail}
}
PAGE_ERRORS: dict[int | str, dict[str, Any]] = {
    503: {"description": UNREADABLE, "content": {"text/html": {}}}
}


BY_PREFIX = " (or unique prefix of one)"


def api_missing(what: str, prefix: str = BY_PREFIX) -> dict[int | str, dict[str, Any]]:
    missing = {"description": f"No {what} with this id{prefix}", "model": ErrorDetail}
    return {404: missing, **API_ERRORS}


def page_missing(what: str, prefix: str = BY_PREFIX) -> dict[int | str, dict[str, Any]]:
    missing = {"description": f"No {what} with this id{prefix}", "content": {"text/html": {}}}
    return {404: missing, **PAGE_ERRORS}


class HeadAsGet:
    """HEAD answered as GET without the body (same status and headers, Content-Length
    included), for every GET route, without listing HEAD operations in the OpenAPI."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headless(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headless)


def host_header(host: str) -> str:
    """An interface as a Host header names it: IPv6 addresses in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The operations of an OpenAPI description, as the ``/docs`` page lists them."""
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            ops.append(
                {
                    "id": op.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p.get("in", ""),
                            "required": p.get("required", False),
                            "description": p.get("description")
                            or p.get("schema", {}).get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "responses": [
                        {
                            "status": status,
                            "content": ", ".join(r.get("content", {})) or "–",
                            "description": r.get("description", ""),
                        }
                        for status, r in op.get("responses", {}).items()
                    ],
                }
            )
    return ops
