"""What adding articles to a grown archive costs, against analysing them alone (issue #17).

A store is filled with real articles: AllSides coverage (dated, ``../shared/eval/allsides``)
and, past its 731 articles, ECB+ texts (undated). Then 100 AllSides articles held out of it
are analysed twice, each time with the spaCy model and the encoder already loaded:

* alone, into a fresh store;
* added to the filled store (a copy of it), where about half of them join stored stories
  (their AllSides story has other articles stored) and half start new ones.

The ratio "added / alone" is the figure of the issue (about 1 is the aim: the stored stories a
run can join are clustered again, not the archive). Building the store is not timed.

    .venv/bin/python benchmarks/archive_speed.py --store 1500
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from ecbplus import load as load_ecbplus

ALLSIDES = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "allsides"
#: Articles added (the issue's figure).
ADDED = 100


def allsides() -> tuple[list[dict[str, object]], dict[str, int]]:
    rows = [json.loads(x) for x in (ALLSIDES / "articles.jsonl").read_text("utf-8").splitlines()]
    gold: dict[str, int] = json.loads((ALLSIDES / "gold.json").read_text("utf-8"))
    return rows, gold


def split(rows: list[dict[str, object]], gold: dict[str, int]) -> tuple[list, list]:
    """``ADDED`` held-out rows, half from stories that keep other articles in the store (every
    second article of multi-article stories), half from stories held out whole."""
    by_story: dict[int, list[dict[str, object]]] = {}
    for r in rows:
        by_story.setdefault(gold[str(r["url"])], []).append(r)
    joining = [r for rs in by_story.values() if len(rs) > 2 for r in rs[1::2]][: ADDED // 2]
    whole: list[dict[str, object]] = []
    for rs in sorted(by_story.values(), key=len):
        if len(whole) >= ADDED - len(joining):
            break
        if not any(r in joining for r in rs):
            whole += rs
    held = joining + whole[: ADDED - len(joining)]
    return [r for r in rows if r not in held], held


def write_jsonl(rows: list[dict[str, object]], path: Path) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def timed_analyze(paths: list[Path], db: Path, nlp: object, embedder: object) -> float:
    from storyline.pipeline import analyze
    from storyline.store import Store

    with Store(db) as store:
        t0 = time.perf_counter()
        analyze(paths, store, nlp=nlp, embedder=embedder)
        return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=int, default=1500, help="articles in the filled store")
    args = ap.parse_args()
    from storyline.nlp import load_nlp
    from storyline.reconcile import load_embedder

    nlp, embedder = load_nlp(), load_embedder()
    rows, gold = allsides()
    kept, held = split(rows, gold)
    root = Path(tempfile.mkdtemp(prefix="archive-speed-"))
    stored = [write_jsonl(kept[: args.store], root / "allsides-stored.jsonl")]
    extra = args.store - len(kept)
    if extra > 0:
        folder = root / "ecbplus"
        folder.mkdir()
        for d in load_ecbplus()[:extra]:
            (folder / f"{d.name}.txt").write_text(d.article.text, encoding="utf-8")
        stored.append(folder)
    new = [write_jsonl(held, root / "added.jsonl")]
    t0 = time.perf_counter()
    timed_analyze(stored, root / "filled.duckdb", nlp, embedder)
    print(f"filled store: {min(args.store, len(kept) + max(extra, 0))} articles "
          f"({time.perf_counter() - t0:.0f} s, not part of the figure)")  # fmt: skip
    alone = timed_analyze(new, root / "alone.duckdb", nlp, embedder)
    shutil.copy(root / "filled.duckdb", root / "grown.duckdb")
    added = timed_analyze(new, root / "grown.duckdb", nlp, embedder)
    print(f"{len(held)} articles analysed alone: {alone:.1f} s")
    print(f"the same added to the filled store: {added:.1f} s")
    print(f"ratio added / alone: {added / alone:.2f}")
    shutil.rmtree(root)


if __name__ == "__main__":
    main()
