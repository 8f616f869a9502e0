"""Time and peak memory of ``storyline ingest`` of one large generated JSON Lines file.

The file is made of real articles again and again, each copy under its own URL (so each
record is a new article to the store), until it holds ``--mb`` megabytes. Each size is
ingested by the CLI in a fresh process into a fresh store; peak RSS is that process's own
(``ru_maxrss`` of the child). A streamed ingest keeps the peak flat as the file grows; one that
holds the batch grows with it.

``--source`` picks the articles:

- ``allsides`` (the default): the AllSides articles (``../shared/eval/allsides/articles.jsonl``),
  as they were collected: a title and the first paragraphs, ~770 bytes of text each, every copy
  at the article's own date.
- ``polnear``: the PolNeAR articles' full texts (train and dev, ``*/text/*.txt``, ~4.6 KB
  each) with their title, publisher, author and publication date from ``metadata.tsv``. Real
  news articles are several KB long, so this is the file an archive is made of: per byte the
  ingest does the same work, but per article (the JSON record, the id, the metadata, the row
  written) it does it six times less often, so gigabytes stay within a run that can be timed
  here (5 GB of AllSides is 7 million articles, ~26 CPU minutes). Copy ``k`` moves every date
  ``k`` days later, so the file spans the corpus's year plus a day per copy and each day holds
  the coverage of the copies that overlap it (~700 articles a day over four years at 5 GB, a
  crawl of many outlets), as an archive's dates spread, not one day repeated.

    cd benchmarks && ../.venv/bin/python ingest_memory.py --mb 50,500
    cd benchmarks && ../.venv/bin/python ingest_memory.py --source polnear --mb 50,500
    cd benchmarks && ../.venv/bin/python ingest_memory.py --stages --mb 10   # where time goes
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
ALLSIDES = EVAL / "allsides" / "articles.jsonl"
POLNEAR = EVAL / "polnear"
MB = 1024 * 1024
# PolNeAR's publisher codes (metadata.tsv) as the outlets name themselves.
OUTLETS = {
    "breitbart": "Breitbart",
    "huff-post": "HuffPost",
    "nyt": "The New York Times",
    "politico": "Politico",
    "usa-today": "USA Today",
    "wash-post": "The Washington Post",
    "west-journal": "Western Journal",
}


def allsides() -> list[dict[str, str]]:
    return [json.loads(line) for line in ALLSIDES.read_text(encoding="utf-8").splitlines()]


def polnear() -> list[dict[str, str]]:
    """PolNeAR's train and dev articles as JSONL records: full text and the metadata's fields."""
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8", newline="") as f:
        meta = {row["filename"]: row for row in csv.DictReader(f, delimiter="\t")}
    records = []
    for path in sorted(POLNEAR.glob("*/text/*.txt")):
        row = meta[path.stem]
        rec = {"title": row["title"], "text": path.read_text(encoding="utf-8")}
        rec["outlet"] = OUTLETS[row["publisher"]]
        rec["published"] = row["publication_date"]
        if row["author"] not in ("", "None"):
            rec["byline"] = row["author"]
        records.append(rec)
    return records


SOURCES: dict[str, Callable[[], list[dict[str, str]]]] = {
    "allsides": allsides,
    "polnear": polnear,
}


def _later(published: str | None, days: int) -> str | None:
    """``published`` (YYYY-MM-DD) ``days`` later; anything else as it is."""
    try:
        return (date.fromisoformat(published or "") + timedelta(days=days)).isoformat()
    except ValueError:
        return published


def generate(path: Path, mb: int, source: str = "allsides") -> int:
    """Write ``mb`` megabytes of JSON Lines to ``path``; return the number of records."""
    base = SOURCES[source]()
    size = n = 0
    with path.open("w", encoding="utf-8") as f:
        while size < mb * MB:
            rec = dict(base[n % len(base)])
            rec["url"] = f"https://generated.example/{n}"
            if source != "allsides":  # copy k, k days later (AllSides: as the figures before)
                rec["published"] = _later(rec.get("published"), n // len(base))
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
    list(items())  # untimed: dateparser's first call compiles its languages (~2 CPU s)
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
    ap.add_argument("--source", choices=sorted(SOURCES), default="allsides", help="the articles")
    args = ap.parse_args()
    if args.stages:
        with tempfile.TemporaryDirectory(dir=os.environ.get("INGEST_TMP")) as tmp:
            path = Path(tmp) / "big.jsonl"
            generate(path, int(args.mb.split(",")[0]), args.source)
            print(stages(path))
        return
    print("file MB  articles  seconds  articles/s  MB/s  CPU s  per CPU s  peak RSS MB  store MB")
    for mb in (int(x) for x in args.mb.split(",")):
        # one size at a time, each in its own folder: the file and the store are deleted after
        with tempfile.TemporaryDirectory(dir=os.environ.get("INGEST_TMP")) as tmp:
            path, db = Path(tmp) / "big.jsonl", Path(tmp) / "s.duckdb"
            n = generate(path, mb, args.source)
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
