"""Time and peak memory of ``storyline ingest`` of one large generated JSON Lines file.

The file is made of the AllSides articles (``../shared/eval/allsides/articles.jsonl``) again
and again, each copy under its own URL (so each record is a new article to the store), until
it holds ``--mb`` megabytes. Each size is ingested by the CLI in a fresh process into a fresh
store; peak RSS is that process's own (``ru_maxrss`` of the child). A streamed ingest keeps
the peak flat as the file grows; one that holds the batch grows with it.

    cd benchmarks && ../.venv/bin/python ingest_memory.py --mb 50,500
    cd benchmarks && ../.venv/bin/python ingest_memory.py --stages --mb 10   # where time goes
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "eval" / "allsides" / "articles.jsonl"
MB = 1024 * 1024


def generate(path: Path, mb: int) -> int:
    """Write ``mb`` megabytes of JSON Lines to ``path``; return the number of records."""
    base = [json.loads(line) for line in ALLSIDES.read_text(encoding="utf-8").splitlines()]
    size = n = 0
    with path.open("w", encoding="utf-8") as f:
        while size < mb * MB:
            rec = dict(base[n % len(base)])
            rec["url"] = f"https://generated.example/{n}"
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            f.write(line)
            size += len(line.encode("utf-8"))
            n += 1
    return n


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def ingest(path: Path, db: Path) -> dict[str, float]:
    """Run ``storyline ingest`` on ``path`` in a child process: seconds, its CPU seconds (the
    figure a loaded machine changes least) and peak RSS (MB)."""
    cli = [sys.executable, "-m", "storyline.cli", "ingest", str(path), "--db", str(db)]
    t0, cpu0 = time.perf_counter(), _cpu()
    done = subprocess.run(cli, capture_output=True, text=True)
    seconds, cpu = time.perf_counter() - t0, _cpu() - cpu0
    if done.returncode != 0:
        raise SystemExit(f"ingest failed: {done.stderr.strip()[-500:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak, "store_mb": os.path.getsize(db) / MB}


def stages(path: Path) -> str:
    """CPU microseconds an article of each ingest stage over ``path``, in this process: the
    reader (JSON, metadata, id), cleaning with the language check, the store's write."""
    from storyline.clean import clean
    from storyline.ingest import OutletRegistry, read_paths
    from storyline.models import Article
    from storyline.store import Store

    registry = OutletRegistry.load()
    clean(Article(id="w", source_path="w", fmt="txt", text="Le chat dort sur la table. " * 9))

    def cpu(run: Callable[[], object]) -> float:
        start = time.process_time()
        run()
        return time.process_time() - start

    articles: list[Article] = []
    items = lambda: read_paths([path], registry=registry)  # noqa: E731
    read = cpu(lambda: list(items()))
    both = cpu(lambda: articles.extend(clean(a) for a in items() if isinstance(a, Article)))
    with tempfile.TemporaryDirectory(dir=os.environ.get("INGEST_TMP")) as tmp:
        with Store(Path(tmp) / "s.duckdb") as store:
            write = cpu(lambda: store.count_added(articles))
    n = len(articles)
    parts = {"read": read, "clean": both - read, "write": write, "all": both + write}
    return f"{n} articles, CPU us an article: " + ", ".join(
        f"{k} {v / n * 1e6:.0f}" for k, v in parts.items()
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", default="50,500", help="file sizes in MB, comma-separated")
    ap.add_argument("--stages", action="store_true", help="CPU of each stage, in-process")
    args = ap.parse_args()
    if args.stages:
        with tempfile.TemporaryDirectory(dir=os.environ.get("INGEST_TMP")) as tmp:
            path = Path(tmp) / "big.jsonl"
            generate(path, int(args.mb.split(",")[0]))
            print(stages(path))
        return
    print("file MB  articles  seconds  articles/s  MB/s  CPU s  per CPU s  peak RSS MB  store MB")
    for mb in (int(x) for x in args.mb.split(",")):
        # one size at a time, each in its own folder: the file and the store are deleted after
        with tempfile.TemporaryDirectory(dir=os.environ.get("INGEST_TMP")) as tmp:
            path, db = Path(tmp) / "big.jsonl", Path(tmp) / "s.duckdb"
            n = generate(path, mb)
            r = ingest(path, db)
        # ru_maxrss of children is the largest child so far: sizes run in rising order
        print(
            f"{mb:7d}  {n:8d}  {r['seconds']:7.1f}  {n / r['seconds']:10.0f}  "
            f"{mb / r['seconds']:4.1f}  {r['cpu']:5.0f}  {n / r['cpu']:9.0f}  "
            f"{r['peak_mb']:11.0f}  {r['store_mb']:8.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
