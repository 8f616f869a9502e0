"""The Dask engine: the per-article work and the sentence encoder on a Dask cluster.

``DaskEngine`` connects to a running scheduler (``--scheduler tcp://HOST:8786``) or starts a
``distributed.LocalCluster`` of ``workers`` processes (one thread each: spaCy and the numpy
encoder are CPU-bound and hold the GIL) when none is named. The client (this process) reads
and cleans the articles, looks up and writes the store's parts cache and vectors, and does the
run-level steps (canonical entities, clustering, reconcile); the workers get chunks of
articles to parse and extract, and chunks of texts to encode. Each worker loads the spaCy
model and the encoder once, on its first task, and keeps them (``storyline.engine.local``'s
worker functions are the tasks). Workers never open the store. Same results as the local
engine (``tests/test_dask_engine.py`` compares the briefings byte for byte).

Reconcile stays in the client: after the encoder (on the workers), each story's reconcile
is matrix arithmetic over its own vectors, small next to the cost of shipping them.

Dask is imported only when a ``DaskEngine`` first needs its cluster, so ``import storyline``
and the CLI stay as quick as without it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from storyline.engine.base import Engine, EngineError, Progress, by_length, chunks, unsort
from storyline.engine.local import (
    CHUNK_ARTICLES,
    EMBED_CHUNK_TEXTS,
    _embed_chunk,
    _run_chunk,
    default_workers,
    encode_kw,
)
from storyline.extract import ArticleParts
from storyline.models import Article

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

# How long to try a scheduler named by ``--scheduler`` before saying it cannot be reached:
# a live one on the network answers in well under a second; Dask's own default (30 s) makes
# a typo in the address look like a hang.
CONNECT_TIMEOUT_S = 10.0
# What the local cluster's processes log: only errors. Dask's warnings (unmanaged memory,
# slow event loop on a loaded machine) would interleave with the progress bar and say
# nothing about the run.
CLUSTER_LOG_LEVEL = logging.ERROR


def _died(exc: BaseException) -> EngineError:
    return EngineError(f"a Dask worker died or the cluster went away ({exc}); the run stops")


@dataclass
class DaskEngine(Engine):
    """Parses, extracts and encodes on a Dask cluster: the scheduler at ``scheduler``, or a
    ``LocalCluster`` of ``workers`` processes started on first use and stopped by ``close``
    (or on leaving ``with``). A client connected elsewhere is closed, the cluster left up."""

    name: ClassVar[str] = "dask"
    parses_here: ClassVar[bool] = False

    scheduler: str | None = None
    workers: int = 2
    chunk_articles: int = CHUNK_ARTICLES
    chunk_texts: int = EMBED_CHUNK_TEXTS
    connect_timeout: float | None = None  # seconds; None: CONNECT_TIMEOUT_S
    _client: Client | None = field(default=None, init=False, repr=False)
    _cluster: LocalCluster | None = field(default=None, init=False, repr=False)

    @property
    def client(self) -> Client:
        """The Dask client, connected (or its local cluster started) on first use."""
        if self._client is None:
            self._client = self._connect() if self.scheduler else self._start_local()
        return self._client

    def _connect(self) -> Client:
        from distributed import Client

        try:
            return Client(self.scheduler, timeout=self.connect_timeout or CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise EngineError(
                f"cannot reach the Dask scheduler at {self.scheduler} ({reason}); start one "
                "(dask scheduler) or leave out --scheduler to start a local cluster"
            ) from exc

    def _start_local(self) -> Client:
        from distributed import Client, LocalCluster

        try:
            self._cluster = LocalCluster(
                n_workers=max(1, self.workers or default_workers()),
                processes=True,
                threads_per_worker=1,
                dashboard_address=":0",  # any free port: 8787 may be taken by another cluster
                silence_logs=CLUSTER_LOG_LEVEL,
            )
        except RuntimeError as exc:  # dask's own words, several lines, for a missing guard
            raise EngineError(
                "cannot start a local Dask cluster: a script that starts one must run it "
                'under if __name__ == "__main__": (its worker processes import the script '
                f"again) ({' '.join(str(exc).split())[:200]})"
            ) from exc
        return Client(self._cluster)

    def __enter__(self) -> DaskEngine:
        """Connects (or starts the local cluster) at once: a scheduler that cannot be
        reached is said before the run reads anything."""
        _ = self.client
        return self

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    def options(self) -> dict[str, Any]:
        return {"engine": self.name, "scheduler": self.scheduler}

    def run(
        self,
        fn: Callable[..., Any],
        tasks: Sequence[tuple[Any, ...]],
        done: Callable[[int], None] | None = None,
    ) -> list[Any]:
        """``fn(*task)`` for every task on the workers; the results in the tasks' order.
        ``done(i)`` is called as task ``i`` finishes, in whatever order they do."""
        from distributed import KilledWorker, as_completed
        from distributed.client import FutureCancelledError

        client = self.client
        try:
            futures = [client.submit(fn, *task, pure=False) for task in tasks]
            index = {f.key: i for i, f in enumerate(futures)}
            for fut in as_completed(futures):
                if done:
                    done(index[fut.key])
            return list(client.gather(futures))
        except (KilledWorker, FutureCancelledError) as exc:
            raise _died(exc) from exc

    def _parts(
        self,
        articles: Sequence[Article],
        nlp: Any,
        anchors: Mapping[str, str],
        progress: Progress | None,
    ) -> list[ArticleParts]:
        """Each article's parts, in order, parsed chunk by chunk on the workers."""
        todo = chunks(articles, self.chunk_articles)
        tasks = [(c, {a.id: anchors[a.id] for a in c if a.id in anchors}) for c in todo]

        def done(i: int) -> None:
            if progress:
                progress(len(todo[i]))

        return [p for part in self.run(_run_chunk, tasks, done) for p in part]

    def embedder(self, local: Any = None) -> Any:
        """The run's encoder (articles' leads, then ``build_briefing``): the packaged one on
        the workers, or ``local`` itself when the caller hands one in (its weights are not
        shipped to the workers)."""
        return local if local is not None else DaskEmbedder(self)


class DaskEmbedder:
    """The packaged sentence encoder on the engine's workers, as ``build_briefing`` calls it.

    The texts are cut the way one ``encode`` call batches them (``by_length``), so each
    vector is bit for bit the one the encoder gives in one process.
    """

    def __init__(self, engine: DaskEngine) -> None:
        self.engine = engine

    @property
    def model_id(self) -> str:
        """The packaged model's id (``storyline.embed.model_id``): the workers load it."""
        from storyline.embed import model_id

        return model_id()

    def encode(self, texts: Sequence[str], normalize_embeddings: bool = True, **kw: Any) -> Any:
        import numpy as np

        texts = list(texts)
        if not texts:
            return np.zeros((0, 1), np.float32)
        if not normalize_embeddings:
            raise ValueError("the Dask engine's encoder gives unit-normalised vectors only")
        batch, task_kw = encode_kw(kw)
        order, parts = by_length(texts, self.engine.chunk_texts, batch)
        vecs = self.engine.run(_embed_chunk, [(p, task_kw) for p in parts])
        return unsort(order, np.concatenate(vecs).astype(np.float32, copy=False))


__all__ = ["CONNECT_TIMEOUT_S", "DaskEmbedder", "DaskEngine"]
