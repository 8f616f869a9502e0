"""Where the per-article work of a run goes: this process, local worker processes
(``LocalEngine``, ``storyline.engine.local``) or a Dask cluster (``DaskEngine``,
``storyline.engine.dask``, which imports Dask only when it starts its client). Both implement
``storyline.engine.base.Engine``: ``extract`` (parse + extract, with the store's parts cache
looked up and written in the caller) and ``embedder`` (the run's sentence encoder).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from storyline.engine.base import Engine, EngineError
from storyline.engine.dask import DaskEngine
from storyline.engine.local import (
    CHUNK_ARTICLES,
    MIN_POOL_ARTICLES,
    LocalEngine,
    PooledEmbedder,
    default_workers,
)

#: The names ``storyline analyze --engine`` takes.
ENGINES = ("local", "dask")


def make_engine(name: str, *, workers: int = 1, scheduler: str | None = None) -> Engine:
    """The engine ``--engine NAME`` names: ``local`` (``workers`` processes) or ``dask``
    (the scheduler at ``scheduler``, or a local cluster of ``workers`` processes)."""
    if name == "local":
        if scheduler:
            raise EngineError("--scheduler is for the Dask engine: add --engine dask")
        return LocalEngine(workers)
    if name == "dask":
        return DaskEngine(scheduler=scheduler, workers=workers)
    raise EngineError(f"unknown engine {name!r}: one of {', '.join(ENGINES)}")


@contextmanager
def open_engine(
    engine: Engine | str, *, workers: int = 1, scheduler: str | None = None
) -> Iterator[Engine]:
    """``engine`` itself when it is one (the caller stops it), else the engine it names,
    stopped on leaving."""
    if isinstance(engine, Engine):
        yield engine
        return
    with make_engine(engine, workers=workers, scheduler=scheduler) as made:
        yield made


__all__ = [
    "CHUNK_ARTICLES",
    "DaskEngine",
    "ENGINES",
    "Engine",
    "EngineError",
    "LocalEngine",
    "MIN_POOL_ARTICLES",
    "PooledEmbedder",
    "default_workers",
    "make_engine",
    "open_engine",
]
