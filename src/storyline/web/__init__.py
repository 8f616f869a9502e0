"""The local web UI (``storyline serve``): story list with full-text search, story reports live
from the store, article pages with cited spans highlighted, and a JSON API."""

from storyline.web.app import create_app, serve

__all__ = ["create_app", "serve"]
