"""Extract and embedding time in one process and over a local pool of workers, in one run.

Run: ``.venv/bin/python benchmarks/engine_speed.py [--n 400] [--workers 2]``. The articles are
those of ``extraction_speed.py`` (PolNeAR texts, topped up with ECB+). The pooled time
includes starting the workers and loading their models, as a real run pays it; the figure
printed is time(1 process) / time(pool), which cannot exceed the number of free cores. The
embedding half encodes the articles' paragraphs (``--texts`` of them), as reconcile does
its claim units.
"""

from __future__ import annotations

import argparse
import time

from extraction_speed import articles
from storyline.engine import LocalEngine, PooledEmbedder, default_workers
from storyline.nlp import load_nlp
from storyline.reconcile import load_embedder


def main() -> int:
    ap = argparse.ArgumentParser(
        description="Example: python benchmarks/engine_speed.py --n 400 --workers 2"
    )
    ap.add_argument("--n", type=int, default=400, help="number of articles")
    ap.add_argument("--workers", type=int, default=default_workers(), help="pool size")
    ap.add_argument("--texts", type=int, default=3000, help="paragraphs to embed")
    args = ap.parse_args()
    arts = articles(args.n)
    nlp = load_nlp()
    list(nlp.pipe(["Warm up the model before timing."]))
    t0 = time.perf_counter()
    one = LocalEngine(workers=1).extract(arts, nlp=nlp)
    t_one = time.perf_counter() - t0
    t0 = time.perf_counter()
    pooled = LocalEngine(workers=args.workers).extract(articles(args.n))
    t_pool = time.perf_counter() - t0
    same = [e.to_dict() for e in one.extractions] == [e.to_dict() for e in pooled.extractions]
    print(f"articles {len(arts)}  cores available {default_workers()}")
    print(f"1 process      {t_one:8.2f} s")
    print(f"{args.workers} workers      {t_pool:8.2f} s  (same extractions: {same})")
    print(f"speed-up       {t_one / t_pool:8.2f}")
    import numpy as np

    texts = [p.strip() for a in arts for p in a.text.split("\n") if len(p.split()) > 3]
    texts = texts[: args.texts]
    local = load_embedder()
    t0 = time.perf_counter()
    alone = local.encode(texts)
    t_e1 = time.perf_counter() - t0
    t0 = time.perf_counter()
    spread = PooledEmbedder(args.workers, local).encode(texts)
    t_e2 = time.perf_counter() - t0
    close = bool(np.allclose(alone, spread, atol=1e-5))
    print(
        f"embedding {len(texts)} paragraphs: 1 process {t_e1:.2f} s, {args.workers} workers "
        f"{t_e2:.2f} s (same vectors: {close}), speed-up {t_e1 / t_e2:.2f}"
    )
    return 0 if same and close else 1


if __name__ == "__main__":
    raise SystemExit(main())
