"""storyline: group news articles into stories and write briefings in which every line cites
the exact sentences of its sources. See :mod:`storyline.pipeline` for the stages.

The Python API, all importable from here::

    from storyline import analyze

    result = analyze(["samples/"])            # every stage, in an in-memory store
    for story in result.briefing.stories:    # a storyline.Briefing (storyline.briefing)
        print(story.headline, len(story.claims))

``analyze`` runs the whole pipeline, on paths or on ``Article`` objects (made from strings
with ``article_from_text``); ``read_paths``, ``clean``, ``extract_articles``,
``cluster_articles``, ``resolve_undated``, ``build_briefing`` and ``write_outputs`` (the
JSON, Markdown and HTML reports; ``write_reports`` the Markdown and HTML alone) are its
stages, one call each; ``ReadError`` is an input that could not be read; ``Briefing`` is
the typed briefing they build and render; ``Store`` is the DuckDB store; every error
storyline raises on purpose is a ``StorylineError``.

The names are imported on first use (PEP 562 ``__getattr__``), not here: the stages pull in
spaCy, numpy and DuckDB, and ``import storyline`` (which every ``storyline`` command and
worker process does) must stay cheap. ``clean`` is the exception: it is imported here, because
it shares its name with its module, and importing ``storyline.clean`` later would otherwise
make ``storyline.clean`` the module instead of the function (the module only needs ``re`` and
the dataclasses of ``storyline.models``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from storyline.clean import clean

__version__ = "0.1.0"

# Public name -> the module that defines it.
_EXPORTS = {
    "Analysis": "storyline.pipeline",
    "Briefing": "storyline.briefing",
    "resolve_undated": "storyline.extract",
    "analyze": "storyline.pipeline",
    "read_paths": "storyline.ingest",
    "article_from_text": "storyline.ingest",
    "Article": "storyline.models",
    "extract_articles": "storyline.extract",
    "cluster_articles": "storyline.cluster",
    "build_briefing": "storyline.reconcile",
    "write_reports": "storyline.report",
    "write_outputs": "storyline.pipeline",
    "ReadError": "storyline.models",
    "Store": "storyline.store",
    "StorylineError": "storyline.errors",
    "BriefingError": "storyline.reconcile.schema",
    "EmbedError": "storyline.embed",
    "EngineError": "storyline.engine",
    "StoreError": "storyline.store",
    "StoryError": "storyline.reconcile.guard",
}

__all__ = [
    "Analysis", "Article", "Briefing", "BriefingError", "EmbedError", "EngineError",
    "ReadError", "Store", "StoreError", "StoryError", "StorylineError", "__version__",
    "analyze",
    "article_from_text", "build_briefing", "clean", "cluster_articles", "extract_articles",
    "read_paths", "resolve_undated", "write_outputs", "write_reports",
]  # fmt: skip

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time __getattr__ imports these
    from storyline.briefing import Briefing
    from storyline.cluster import cluster_articles
    from storyline.embed import EmbedError
    from storyline.engine import EngineError
    from storyline.errors import StorylineError
    from storyline.extract import extract_articles, resolve_undated
    from storyline.ingest import article_from_text, read_paths
    from storyline.models import Article, ReadError
    from storyline.pipeline import Analysis, analyze, write_outputs
    from storyline.reconcile import build_briefing
    from storyline.reconcile.guard import StoryError
    from storyline.reconcile.schema import BriefingError
    from storyline.report import write_reports
    from storyline.store import Store, StoreError


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'storyline' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
