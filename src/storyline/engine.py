"""Where the per-article work runs: in this process, or over a pool of local worker processes.

The per-article half of stage 4 (parse + extract, ``storyline.extract.extract_parts``) is
the costly, CPU-bound part of a run and needs nothing from other articles, so it spreads over
cores. The run-level steps (canonical entities, clustering, reconcile) need every article and
stay in the calling process. ``LocalEngine.extract`` returns the same ``ExtractResult``
however many workers it uses (``tests/test_engine.py`` compares them), and
``benchmarks/engine_speed.py`` prints the speed-up. A Dask engine is a later issue, behind
the same ``extract`` method.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from storyline.extract import ArticleParts, ExtractResult, extract_articles, extract_parts, finish
from storyline.models import Article

# Articles per task sent to a worker: enough for spaCy's batching and for one pickling of the
# results to amortise, few enough that every worker stays busy until the end of the run.
CHUNK_ARTICLES = 32
# Below this many articles a pool costs more than it saves: each worker first loads the
# spaCy model (1-2 s), the time in which one process parses about 30 short articles.
MIN_POOL_ARTICLES = 64

# The model of a worker process, loaded once by ``_init_worker`` when the worker starts. It
# lives only in the workers (the pool uses fresh "spawn" processes), never in the caller.
_WORKER_NLP: Any = None


class EngineError(RuntimeError):
    """A worker process died (out of memory, killed): the run cannot be completed."""


def _init_worker() -> None:
    global _WORKER_NLP
    from storyline.nlp import load_nlp

    _WORKER_NLP = load_nlp()


def _run_chunk(articles: list[Article], anchors: dict[str, str]) -> list[ArticleParts]:
    """One task in a worker: the chunk's parts, returned (and pickled) together."""
    return extract_parts(articles, _WORKER_NLP, anchors)


def default_workers() -> int:
    """The cores this process may use (its CPU affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class LocalEngine:
    """Runs the per-article work here (``workers=1``) or over ``workers`` local processes."""

    workers: int = 1
    chunk_articles: int = CHUNK_ARTICLES
    min_pool_articles: int = MIN_POOL_ARTICLES

    def extract(
        self,
        articles: Sequence[Article],
        nlp: Any = None,
        anchors: Mapping[str, str] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> ExtractResult:
        """``extract_articles`` with the parsing spread over the pool; same result, in order.

        ``nlp`` is used only when the work stays in this process (one worker, or too few
        articles to be worth a pool); workers load their own copy of the same model.
        """
        if self.workers <= 1 or len(articles) < self.min_pool_articles:
            return extract_articles(articles, nlp=nlp, anchors=anchors, progress=progress)
        from storyline.nlp import ensure_clean

        for a in articles:  # cleaning marks prose on the caller's articles, not on copies
            ensure_clean(a)
        anchors = anchors or {}
        size = max(1, self.chunk_articles)
        chunks = [list(articles[i:i + size]) for i in range(0, len(articles), size)]
        parts: list[ArticleParts] = []
        ctx = multiprocessing.get_context("spawn")  # no forked copies of BLAS or spaCy state
        try:
            with ProcessPoolExecutor(self.workers, mp_context=ctx,
                                     initializer=_init_worker) as pool:
                futures = [pool.submit(_run_chunk, chunk,
                                       {a.id: anchors[a.id] for a in chunk if a.id in anchors})
                           for chunk in chunks]
                for chunk, fut in zip(chunks, futures, strict=True):
                    parts.extend(fut.result())
                    if progress:
                        progress(len(chunk))
        except BrokenProcessPool as exc:
            raise EngineError(f"a worker process died during extraction ({exc}); "
                              "try fewer --workers") from exc
        return finish(parts)


__all__ = ["CHUNK_ARTICLES", "EngineError", "LocalEngine", "MIN_POOL_ARTICLES",
           "default_workers"]
