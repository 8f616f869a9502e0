"""Analysing a grown archive again: extractions and sentence vectors kept in the store vs
computed afresh.

Run: ``.venv/bin/python benchmarks/rerun_speed.py [--n 300] [--grow 0.1]``. The first ``n``
ECB+ articles (real news, written out as plain-text files) are analysed in three runs, each
with both models loaded beforehand and timed in this one process:

1. the archive less its last ``grow`` share, into a fresh store (every vector is encoded);
2. the whole archive into that same store: only the new articles are parsed and only their
   sentences encoded;
3. the whole archive into a fresh store with ``cache=False``, the reference.

It prints the times, the texts each run encoded, whether runs 2 and 3 wrote the same stories
and claims (vectors of one text differ by float rounding with its batch-mates, so a claim at
the edge of a threshold could in principle move), and what the kept data cost on disk.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))


class _Counting:
    """The encoder with a counter of the texts it had to encode."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.model_id, self.texts = inner, inner.model_id, 0

    def encode(self, texts: list[str], **kw: Any) -> Any:
        self.texts += len(texts)
        return self.inner.encode(texts, **kw)


def _shape(briefing: dict[str, Any]) -> list[tuple[tuple[str, ...], int]]:
    """Stories by their articles, with their claim counts: what a reader would see differ."""
    return sorted((tuple(sorted(s["article_ids"])), len(s["claims"])) for s in briefing["stories"])


def _table_bytes(db: Path, table: str, scratch: Path) -> int:
    """What one table of a store takes on disk: copied alone into an empty file, minus the
    empty file (a store analysed twice also holds the first run's replaced rows)."""
    import duckdb

    con = duckdb.connect(str(scratch))
    con.execute("CHECKPOINT")
    empty = scratch.stat().st_size
    con.execute(f"ATTACH '{db}' AS src (READ_ONLY)")
    con.execute(f"CREATE TABLE copy AS SELECT * FROM src.{table}")
    con.execute("DETACH src")
    con.execute("CHECKPOINT")
    con.close()
    return scratch.stat().st_size - empty


def main() -> int:
    ap = argparse.ArgumentParser(description="Example: python benchmarks/rerun_speed.py --n 100")
    ap.add_argument("--n", type=int, default=300, help="articles in the grown archive")
    ap.add_argument("--grow", type=float, default=0.1, help="share of articles added")
    args = ap.parse_args()
    import ecbplus
    from storyline.nlp import load_nlp
    from storyline.pipeline import analyze
    from storyline.reconcile import load_embedder
    from storyline.store import Store

    nlp, enc = load_nlp(), _Counting(load_embedder())
    docs = ecbplus.load()[: args.n]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = []
        for d in docs:
            paths.append(root / "in" / f"{d.article.id}.txt")
            paths[-1].parent.mkdir(exist_ok=True)
            paths[-1].write_text(d.article.text, encoding="utf-8")
        old = paths[: int(len(paths) * (1 - args.grow))]
        runs = [
            ("1 archive less the new", old, "a.duckdb", True),
            ("2 grown archive, kept vectors", paths, "a.duckdb", True),
            ("3 grown archive, no vectors kept", paths, "b.duckdb", False),
        ]
        out: dict[str, Any] = {}
        for name, inputs, db, keep in runs:
            before, t0 = enc.texts, time.perf_counter()
            with Store(root / db) as store:
                out[name] = analyze(
                    inputs, store, nlp=nlp, embedder=enc, cache=keep
                ).briefing.to_json()
                kept = [
                    store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                    for table in ("parts", "vectors")
                ]
            print(
                f"run {name:34} {len(inputs):5} articles {time.perf_counter() - t0:7.1f} s"
                f"  texts encoded {enc.texts - before:6}  kept: extraction parts {kept[0]}, "
                f"vectors {kept[1]}"
            )
        sizes = {
            table: _table_bytes(root / "a.duckdb", table, root / f"{table}.duckdb")
            for table in ("parts", "vectors")
        }
    same = _shape(out[runs[1][0]]) == _shape(out[runs[2][0]])
    print(f"runs 2 and 3 give the same stories and claim counts: {same}")
    for table, size in sizes.items():
        print(
            f"kept {table} take {size / 1e6:.1f} MB on disk, "
            f"{size / 1e6 / len(paths) * 1000:.0f} MB per 1,000 articles"
        )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
