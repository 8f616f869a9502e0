"""The per-article work (extract, then embedding) on each engine, on the same articles, in one
run: local with 1 process, local with N worker processes, and Dask on a ``LocalCluster`` of N
worker processes.

Run: ``.venv/bin/python benchmarks/engine_speed.py [--n 400] [--workers 2] [--texts 3000]``.
The articles are those of ``extraction_speed.py`` (PolNeAR texts, topped up with ECB+); the
embedding half encodes their paragraphs (``--texts`` of them), as reconcile does its claim
units. Each engine's time is what a run pays: the local pool starts its workers and they load
their models; the Dask time includes starting the cluster ("cold"), and is measured again with
the cluster up and its workers' models loaded ("warm", as on a long-lived cluster). Printed:
seconds and the speed-up over 1 process (time(1 process) / time(engine)), which cannot exceed
the number of free cores; and whether each engine gave the same extractions and bit for bit
the same vectors.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from extraction_speed import articles
from storyline.engine import DaskEngine, Engine, LocalEngine, default_workers
from storyline.models import Article
from storyline.nlp import load_nlp


def _work(engine: Engine, arts: list[Article], texts: list[str], nlp: Any = None) -> Any:
    """What the engine does in a run: extract every article, then encode the texts."""
    res = engine.extract(arts, nlp=nlp)
    vecs = engine.embedder().encode(texts, normalize_embeddings=True, batch_size=64)
    return [e.to_dict() for e in res.extractions], vecs


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> int:
    import numpy as np

    ap = argparse.ArgumentParser(
        description="Example: python benchmarks/engine_speed.py --n 400 --workers 2"
    )
    ap.add_argument("--n", type=int, default=400, help="number of articles")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (local and Dask)")
    ap.add_argument("--texts", type=int, default=3000, help="paragraphs to embed")
    args = ap.parse_args()
    arts = articles(args.n)
    texts = [p.strip() for a in arts for p in a.text.split("\n") if len(p.split()) > 3]
    texts = texts[: args.texts]
    nlp = load_nlp()
    list(nlp.pipe(["Warm up the model before timing."]))
    n = args.workers
    one, pool = LocalEngine(workers=1), LocalEngine(workers=n, min_pool_articles=0)
    rows: list[tuple[str, float, Any]] = [
        ("local, 1 process", *_timed(lambda: _work(one, arts, texts, nlp))),
        (f"local, {n} workers", *_timed(lambda: _work(pool, arts, texts))),
    ]
    dask = DaskEngine(workers=n)
    try:  # cold: the cluster starts inside the timing (__enter__), then kept for a warm run
        rows.append(
            (f"Dask {n} workers, cold", *_timed(lambda: _work(dask.__enter__(), arts, texts)))
        )
        rows.append((f"Dask {n} workers, warm", *_timed(lambda: _work(dask, arts, texts))))
    finally:
        dask.close()
    base_t, (base_ex, base_vec) = rows[0][1], rows[0][2]
    print(f"articles {len(arts)}, paragraphs embedded {len(texts)}, cores {default_workers()}")
    ok = True
    for name, t, (ex, vec) in rows:
        same = ex == base_ex and np.array_equal(vec, base_vec)
        ok &= same
        print(f"{name:24s} {t:8.2f} s  speed-up {base_t / t:5.2f}  same output: {same}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
