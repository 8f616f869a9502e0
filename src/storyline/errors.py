"""One base class for every error storyline raises on purpose.

Callers catch ``StorylineError`` to tell storyline's own, explained failures (a store that
cannot be opened, a missing model package, a worker that died, a briefing that breaks its
schema) from bugs; the CLI turns each into one line on stderr (``storyline.cli``). Each
subclass keeps the built-in base it had before (``RuntimeError``, ``ValueError``), so code
that catches those still works. The subclasses live beside the code that raises them:

- ``storyline.store.StoreError``: the store file cannot be opened or written;
- ``storyline.embed.EmbedError``: the sentence encoder's model files are missing or unusable;
- ``storyline.engine.EngineError``: a worker process died, or a Dask scheduler cannot be
  reached;
- ``storyline.reconcile.BriefingError``: a briefing breaks its schema or miscites a span;
- ``storyline.store.search.SearchUnavailable``: DuckDB's full-text extension cannot be loaded;
- ``storyline.ingest.sniff.Unreadable``: one file or record cannot be read (``read_paths``
  turns it into a ``ReadError`` item, so the batch goes on).

This module imports nothing, so every other module can import it cheaply.
"""

from __future__ import annotations

__all__ = ["StorylineError"]


class StorylineError(Exception):
    """Base of storyline's own errors; ``str(error)`` is a message meant for the user."""
