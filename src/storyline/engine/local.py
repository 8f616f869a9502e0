"""The local engine: the per-article work in this process, or over a pool of local processes.

The per-article half of stage 4 (parse + extract, ``storyline.extract.extract_parts``) is
the costly, CPU-bound part of a run and needs nothing from other articles, so it spreads over
cores. The run-level steps (canonical entities, clustering, reconcile) need every article and
stay in the calling process. ``LocalEngine.extract`` returns the same ``ExtractResult``
however many workers it uses (``tests/test_engine.py`` compares them), and
``benchmarks/engine_speed.py`` prints the speed-up. Sentence embeddings, the costly part of
reconcile, are per text too: ``LocalEngine.embedder`` spreads them over the same number of
workers. The worker-side functions here (``_run_chunk``, ``_embed_chunk``) are the Dask
engine's tasks too (``storyline.engine.dask``).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar

from storyline.engine.base import Engine, EngineError, Progress, by_length, chunks, unsort
from storyline.extract import ArticleParts, extract_parts
from storyline.models import Article

# Articles per task sent to a worker: enough for spaCy's batching and for one pickling of the
# results to amortise, few enough that every worker stays busy until the end of the run.
CHUNK_ARTICLES = 32
# Below this many articles a pool costs more than it saves: each worker first loads the
# spaCy model (1-2 s), the time in which one process parses about 30 short articles.
MIN_POOL_ARTICLES = 64

# Texts per embedding task: a few batches of the encoder each, so the pickled vectors stay
# small and the workers finish together.
EMBED_CHUNK_TEXTS = 256
# Below this many texts the encoder runs in the caller: a worker loads its own copy of the
# model (about 1 s) first, the time the encoder needs for ~100 texts.
MIN_POOL_TEXTS = 1024

# The models of a worker process, loaded once in the worker (on its first task, or by
# ``_init_worker``) and kept for its life. They live only in the workers (the pools use
# fresh "spawn" processes; Dask workers are processes of their own), never in the caller.
_WORKER_NLP: Any = None
_WORKER_EMBEDDER: Any = None


def _worker_nlp() -> Any:
    global _WORKER_NLP
    if _WORKER_NLP is None:
        from storyline.nlp import load_nlp

        _WORKER_NLP = load_nlp()
    return _WORKER_NLP


def _init_worker() -> None:
    _worker_nlp()


def _run_chunk(articles: list[Article], anchors: dict[str, str]) -> list[ArticleParts]:
    """One task in a worker: the chunk's parts, returned (and pickled) together."""
    return extract_parts(articles, _worker_nlp(), anchors)


def _embed_chunk(texts: list[str], kw: dict[str, Any] | None = None) -> Any:
    """One task in a worker: unit-normalised vectors of ``texts`` (``kw``: ``encode``'s, and
    the ``runtime`` the client chose, so a worker on another CPU gives the client's vectors)."""
    global _WORKER_EMBEDDER
    kw = dict(kw or {})
    runtime = kw.pop("runtime", None)
    if _WORKER_EMBEDDER is None or (runtime and _WORKER_EMBEDDER.runtime != runtime):
        from storyline.embed import load_embedder

        _WORKER_EMBEDDER = load_embedder(**({"runtime": runtime} if runtime else {}))
    return _WORKER_EMBEDDER.encode(texts, normalize_embeddings=True, **kw)


def encode_kw(kw: Mapping[str, Any]) -> tuple[int, dict[str, Any]]:
    """The batch size an ``encode`` call asks for (the encoder's default when none), and the
    keywords a worker's ``encode`` takes (the progress bar stays off there)."""
    from storyline.embed import DEFAULT_BATCH_SIZE, EMBED_RUNTIME

    batch = int(kw.get("batch_size", DEFAULT_BATCH_SIZE))
    return batch, {"batch_size": batch, "runtime": EMBED_RUNTIME}


class PooledEmbedder:
    """The sentence encoder's ``encode`` with the texts spread over worker processes.

    A drop-in for the embedder ``build_briefing`` takes. The texts are cut the way one call
    would batch them (``storyline.engine.base.by_length``), so each vector is bit for bit the
    one the encoder gives in one process, and the briefing is the same however many workers.
    """

    def __init__(
        self,
        workers: int,
        local: Any = None,
        *,
        chunk_texts: int = EMBED_CHUNK_TEXTS,
        min_pool_texts: int = MIN_POOL_TEXTS,
    ) -> None:
        self.workers = workers
        self._local = local
        self.chunk_texts, self.min_pool_texts = max(1, chunk_texts), min_pool_texts

    @property
    def model_id(self) -> str | None:
        """Which vectors these are (``storyline.embed.model_id``): the workers load the
        packaged model, and so does the caller unless it was handed its own."""
        if self._local is not None:
            return getattr(self._local, "model_id", None)
        from storyline.embed import model_id

        return model_id()

    def _in_process(self) -> Any:
        if self._local is None:
            from storyline.reconcile import load_embedder

            self._local = load_embedder()
        return self._local

    def encode(self, texts: Sequence[str], normalize_embeddings: bool = True, **kw: Any) -> Any:
        import numpy as np

        texts = list(texts)
        if self.workers <= 1 or len(texts) < self.min_pool_texts:
            return self._in_process().encode(texts, normalize_embeddings=normalize_embeddings, **kw)
        batch, task_kw = encode_kw(kw)
        order, parts = by_length(texts, self.chunk_texts, batch)
        ctx = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(self.workers, mp_context=ctx) as pool:
                vecs = list(pool.map(_embed_chunk, parts, [task_kw] * len(parts)))
        except BrokenProcessPool as exc:
            raise EngineError(
                f"a worker process died while embedding ({exc}); try fewer --workers"
            ) from exc
        return unsort(order, np.concatenate(vecs).astype(np.float32, copy=False))


def default_workers() -> int:
    """The cores this process may use (its CPU affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class LocalEngine(Engine):
    """Runs the per-article work here (``workers=1``) or over ``workers`` local processes."""

    name: ClassVar[str] = "local"

    workers: int = 1
    chunk_articles: int = CHUNK_ARTICLES
    min_pool_articles: int = MIN_POOL_ARTICLES
    # The parsing workers, kept from one call to the next while the engine is entered
    # (``with``, as ``analyze`` enters it for a run): a run that parses a chunk of articles at
    # a time (``storyline.whole``) would otherwise start its workers, each loading spaCy,
    # once a chunk. Used bare, an engine starts a pool per call and keeps nothing.
    _pool: ProcessPoolExecutor | None = field(default=None, init=False, repr=False, compare=False)
    _kept: bool = field(default=False, init=False, repr=False, compare=False)

    def __enter__(self) -> LocalEngine:
        self._kept = True
        return self

    def close(self) -> None:
        """Stop the parsing workers kept while the engine was entered."""
        self._kept = False
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.shutdown()

    @contextmanager
    def _parsers(self) -> Iterator[ProcessPoolExecutor]:
        """The pool to parse over: the kept one (started on first use) while entered, else
        one for this call."""
        ctx = multiprocessing.get_context("spawn")  # no forked copies of BLAS or spaCy state
        if not self._kept:
            with ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker) as p:
                yield p
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker)
        try:
            yield self._pool
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None  # a pool a worker died in is not used again
            raise

    def _parts(
        self,
        articles: Sequence[Article],
        nlp: Any,
        anchors: Mapping[str, str],
        progress: Progress | None,
    ) -> list[ArticleParts]:
        """Each article's parts, in order: here, or over the pool when it is worth one."""
        if self.workers <= 1 or len(articles) < self.min_pool_articles:
            return extract_parts(articles, nlp, anchors, progress)
        parts: list[ArticleParts] = []
        todo = chunks(articles, self.chunk_articles)
        try:
            with self._parsers() as pool:
                futures = [
                    pool.submit(_run_chunk, c, {a.id: anchors[a.id] for a in c if a.id in anchors})
                    for c in todo
                ]
                for chunk, fut in zip(todo, futures, strict=True):
                    parts.extend(fut.result())
                    if progress:
                        progress(len(chunk))
        except BrokenProcessPool as exc:
            raise EngineError(
                f"a worker process died during extraction ({exc}); try fewer --workers"
            ) from exc
        return parts

    def embedder(self, local: Any = None) -> Any:
        """The run's encoder (articles' leads, then ``build_briefing``): ``local`` itself with
        one worker, else one whose texts are spread over the pool (``local`` still encodes
        small batches)."""
        return (
            local
            if self.workers <= 1 and local is not None
            else PooledEmbedder(self.workers, local)
        )


__all__ = [
    "CHUNK_ARTICLES",
    "EngineError",
    "LocalEngine",
    "MIN_POOL_ARTICLES",
    "PooledEmbedder",
    "default_workers",
]
