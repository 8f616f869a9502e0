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
from typing import Any

from extraction_speed import articles
from storyline.engine import DaskEngine, Engine, LocalEngine, default_workers
from storyline.models import Article
from storyline.nlp import load_nlp


def _work(engine: Engine, arts: list[Article], texts: list[str], nlp: Any = None) -> Any:
    """What the engine does in a run: extract every article, then encode the texts. Returns
    the seconds of each half and what each gave."""
    t0 = time.perf_counter()
    res = engine.extract(arts, nlp=nlp)
    t1 = time.perf_counter()
    vecs = engine.embedder().encode(texts, normalize_embeddings=True, batch_size=64)
    t2 = time.perf_counter()
    return (t1 - t0, t2 - t1), ([e.to_dict() for e in res.extractions], vecs)


def main() -> int:
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
    rows = [("local, 1 process", *_work(one, arts, texts, nlp))]
    rows.append((f"local, {n} workers", *_work(pool, arts, texts)))
    dask = DaskEngine(workers=n)
    try:  # cold: the cluster starts inside the extract's timing, then is kept for a warm run
        t0 = time.perf_counter()
        dask.__enter__()
        start = time.perf_counter() - t0
        (t_ex, t_emb), out = _work(dask, arts, texts)
        rows.append((f"Dask {n} workers, cold", (start + t_ex, t_emb), out))
        rows.append((f"Dask {n} workers, warm", *_work(dask, arts, texts)))
    finally:
        dask.close()
    return _print(rows, len(arts), len(texts))


def _print(rows: list[tuple[str, tuple[float, float], Any]], n_arts: int, n_texts: int) -> int:
    """One line per engine: seconds and speed-up over one process, extract, embedding and
    both; and whether it gave the same output as one process. Exit status 1 if any did not."""
    import numpy as np

    print(f"{n_arts} articles, {n_texts} paragraphs embedded, {default_workers()} cores")
    print(f"{'engine':24s} extract s     x  embed s     x  total s     x")
    (b_ex, b_emb), (base_ex, base_vec) = rows[0][1], rows[0][2]
    ok = True
    for name, (t_ex, t_emb), (ex, vec) in rows:
        same = ex == base_ex and bool(np.array_equal(vec, base_vec))
        ok &= same
        print(
            f"{name:24s} {t_ex:9.2f} {b_ex / t_ex:5.2f} {t_emb:8.2f} {b_emb / t_emb:5.2f} "
            f"{t_ex + t_emb:8.2f} {(b_ex + b_emb) / (t_ex + t_emb):5.2f}  same output: {same}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
