"""Reconcile-stage time as a share of the NLP (parse + extract) stage, measured in one run.

Run: ``.venv/bin/python benchmarks/reconcile_speed.py [--n 1000]``. Articles are ECB+ documents
(real news, grouped into real stories by ``cluster``), the first ``n`` in corpus order. Both
models are loaded before timing; the figure printed is reconcile / extract (target <= 0.30).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

# The budget: reconcile may cost at most this share of the NLP stage on 1,000 articles.
TARGET_SHARE = 0.30


class _Timed:
    """The embedder with a stopwatch: how much of reconcile is the sentence encoder."""

    def __init__(self, inner: object) -> None:
        self.inner, self.seconds, self.texts = inner, 0.0, 0

    def encode(self, texts: list[str], **kw: object) -> object:
        t0 = time.perf_counter()
        out = self.inner.encode(texts, **kw)  # type: ignore[attr-defined]
        self.seconds += time.perf_counter() - t0
        self.texts += len(texts)
        return out


def main() -> int:
    ap = argparse.ArgumentParser(
        description="Example: python benchmarks/reconcile_speed.py --n 200"
    )
    ap.add_argument("--n", type=int, default=1000, help="number of articles")
    args = ap.parse_args()
    import ecbplus
    from storyline.clean import clean
    from storyline.cluster import cluster_articles
    from storyline.extract import extract_articles
    from storyline.nlp import load_nlp
    from storyline.reconcile import build_briefing, load_embedder

    arts = [clean(d.article) for d in ecbplus.load()[: args.n]]
    nlp, embedder = load_nlp(), load_embedder()
    t0 = time.perf_counter()
    res = extract_articles(arts, nlp=nlp)
    t_nlp = time.perf_counter() - t0
    stories = cluster_articles(arts, res.extractions, res.entities)
    timed = _Timed(embedder)
    t0 = time.perf_counter()
    doc = build_briefing(arts, res.extractions, res.entities, stories, embedder=timed).to_json()
    t_rec = time.perf_counter() - t0
    n_claims = sum(len(s["claims"]) for s in doc["stories"])
    print(
        f"articles {len(arts)}  stories {len(stories)}  claims {n_claims}  "
        f"texts embedded {timed.texts}"
    )
    print(f"nlp (parse + extract) {t_nlp:8.2f} s")
    print(f"reconcile             {t_rec:8.2f} s")
    print(
        f"  of which embedding  {timed.seconds:8.2f} s  (MiniLM over every claim unit, "
        f"quotation and counted noun)"
    )
    print(
        f"  alignment and rest  {t_rec - timed.seconds:8.2f} s  "
        f"({(t_rec - timed.seconds) / t_nlp:.2f} of nlp)"
    )
    share = t_rec / t_nlp
    print(f"reconcile / nlp       {share:8.2f}  (target <= {TARGET_SHARE})")
    return 0 if share <= TARGET_SHARE else 1


if __name__ == "__main__":
    sys.exit(main())
