"""Where the per-article work runs: in this process, or over a pool of local worker processes.

The per-article half of stage 4 (parse + extract, ``storyline.extract.extract_parts``) is
the costly, CPU-bound part of a run and needs nothing from other articles, so it spreads over
cores. The run-level steps (canonical entities, clustering, reconcile) need every article and
stay in the calling process. ``LocalEngine.extract`` returns the same ``ExtractResult``
however many workers it uses (``tests/test_engine.py`` compares them), and
``benchmarks/engine_speed.py`` prints the speed-up. Sentence embeddings, the costly part of
reconcile, are per text too: ``LocalEngine.embedder`` spreads them over the same number of
workers. A Dask engine is a later issue, behind the same two methods.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from storyline.errors import StorylineError
from storyline.extract import ArticleParts, ExtractResult, date_anchor, extract_parts, finish
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

# The models of a worker process, loaded once in the worker (``_init_worker``, or on the
# first embedding task). They live only in the workers (the pools use fresh "spawn"
# processes), never in the caller.
_WORKER_NLP: Any = None
_WORKER_EMBEDDER: Any = None


class EngineError(StorylineError, RuntimeError):
    """A worker process died (out of memory, killed): the run cannot be completed."""


def _init_worker() -> None:
    global _WORKER_NLP
    from storyline.nlp import load_nlp

    _WORKER_NLP = load_nlp()


def _run_chunk(articles: list[Article], anchors: dict[str, str]) -> list[ArticleParts]:
    """One task in a worker: the chunk's parts, returned (and pickled) together."""
    return extract_parts(articles, _WORKER_NLP, anchors)


def _embed_chunk(texts: list[str]) -> Any:
    global _WORKER_EMBEDDER
    if _WORKER_EMBEDDER is None:
        from storyline.reconcile import load_embedder

        _WORKER_EMBEDDER = load_embedder()
    return _WORKER_EMBEDDER.encode(texts, normalize_embeddings=True)


class PooledEmbedder:
    """The sentence encoder's ``encode`` with the texts spread over worker processes.

    A drop-in for the embedder ``build_briefing`` takes. Each text's vector is the one the
    encoder gives it alone (padding is masked out), so the briefing is the same however the
    texts are split.
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
        size = self.chunk_texts
        chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
        ctx = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(self.workers, mp_context=ctx) as pool:
                vecs = list(pool.map(_embed_chunk, chunks))
        except BrokenProcessPool as exc:
            raise EngineError(
                f"a worker process died while embedding ({exc}); try fewer --workers"
            ) from exc
        return np.concatenate(vecs).astype(np.float32, copy=False)


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
        store: Any = None,
    ) -> ExtractResult:
        """``extract_articles`` with the parsing spread over the pool; same result, in order.

        ``nlp`` is used only when the work stays in this process (one worker, or too few
        articles to be worth a pool); workers load their own copy of the same model. With a
        ``store`` (``storyline.store.Store``), each article's parts are kept there and
        articles whose parts are already kept (same text, date anchor and extractor) are not
        parsed again (``storyline.extract.parts``).
        """
        from storyline.clean import cleaned
        from storyline.extract.parts import extractor_id, parts_from_json, parts_key, parts_to_json

        anchors = anchors or {}
        # as the parser will read them (the key holds the headline span); the caller's stay
        articles = [cleaned(a) for a in articles]
        keys: dict[str, str] = {}
        known: dict[str, ArticleParts] = {}
        if store is not None:
            extractor = extractor_id()
            keys = {a.id: parts_key(extractor, a, date_anchor(a, anchors)) for a in articles}
            rows = store.get_parts(list(keys.values()))
            known = {aid: parts_from_json(rows[k]) for aid, k in keys.items() if k in rows}
            if progress and known:
                progress(len(known))
        fresh = self._parts([a for a in articles if a.id not in known], nlp, anchors, progress)
        if store is not None and fresh:
            store.put_parts([(keys[p[0].article_id], parts_to_json(p)) for p in fresh])
        by_id = known | {p[0].article_id: p for p in fresh}
        return finish([by_id[a.id] for a in articles])

    def _parts(
        self,
        articles: Sequence[Article],
        nlp: Any,
        anchors: Mapping[str, str],
        progress: Callable[[int], None] | None,
    ) -> list[ArticleParts]:
        """Each article's parts, in order: here, or over the pool when it is worth one."""
        if not articles:  # all kept: the model is not even touched
            return []
        if self.workers <= 1 or len(articles) < self.min_pool_articles:
            return extract_parts(articles, nlp, anchors, progress)
        size = max(1, self.chunk_articles)
        chunks = [list(articles[i : i + size]) for i in range(0, len(articles), size)]
        parts: list[ArticleParts] = []
        ctx = multiprocessing.get_context("spawn")  # no forked copies of BLAS or spaCy state
        try:
            with ProcessPoolExecutor(
                self.workers, mp_context=ctx, initializer=_init_worker
            ) as pool:
                futures = [
                    pool.submit(
                        _run_chunk, chunk, {a.id: anchors[a.id] for a in chunk if a.id in anchors}
                    )
                    for chunk in chunks
                ]
                for chunk, fut in zip(chunks, futures, strict=True):
                    parts.extend(fut.result())
                    if progress:
                        progress(len(chunk))
        except BrokenProcessPool as exc:
            raise EngineError(
                f"a worker process died during extraction ({exc}); try fewer --workers"
            ) from exc
        return parts

    def embedder(self, local: Any = None) -> Any:
        """The encoder for ``build_briefing``: ``local`` itself with one worker, else one
        whose texts are spread over the pool (``local`` still encodes small batches)."""
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
