"""Extract-stage time on real articles as a ratio to bare ``nlp.pipe`` over the same text.

Run: ``.venv/bin/python benchmarks/extraction_speed.py [--n 1000]``. Articles are PolNeAR
texts (train and dev), topped up with ECB+ documents, cycled to ``n``. Both timings parse the
same prose text; the ratio says what extraction adds on top of the parse (target <= 1.3).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from storyline.clean import clean, prose_text
from storyline.extract import extract_articles
from storyline.models import Article
from storyline.nlp import load_nlp

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def articles(n: int) -> list[Article]:
    paths = sorted((EVAL / "polnear").glob("*/text/*.txt"))
    base = [
        Article(id=p.stem, source_path=str(p), text=p.read_text(encoding="utf-8"), fmt="txt")
        for p in paths[:n]
    ]
    if len(base) < n:
        from extraction_eval import ecb_doc

        for p in sorted((EVAL / "ecbplus" / "ECB+").glob("*/*.xml"))[: n - len(base)]:
            base.append(ecb_doc(p, set())[0])
    return [clean(replace(base[i % len(base)], id=f"{i}")) for i in range(n)]


def main() -> int:
    ap = argparse.ArgumentParser(
        description="Example: python benchmarks/extraction_speed.py --n 200"
    )
    ap.add_argument("--n", type=int, default=1000, help="number of articles")
    args = ap.parse_args()
    arts = articles(args.n)
    nlp = load_nlp()
    list(nlp.pipe([prose_text(a) for a in arts[:20]]))  # warm up caches before timing
    t0 = time.perf_counter()
    for _ in nlp.pipe((prose_text(a) for a in arts), batch_size=32):
        pass
    bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = extract_articles(arts, nlp=nlp)
    full = time.perf_counter() - t0
    n_q = sum(len(x.quotes) for x in res.extractions)
    print(
        f"articles {len(arts)}  chars {sum(len(a.text) for a in arts)}  quotes {n_q}  "
        f"entities {len(res.entities)}"
    )
    print(f"bare nlp.pipe  {bare:8.2f} s")
    print(f"extract stage  {full:8.2f} s")
    print(f"ratio          {full / bare:8.2f}  (target <= 1.3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
