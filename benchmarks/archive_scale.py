"""Time and peak memory of re-analysing a whole store whose extractions and vectors are kept.

The issue's figure: clustering, reconciling and writing 100,000 articles whose extractions and
sentence vectors are already stored, generated from real ones. The store is written by
``archive_gen.py`` (copies of analysed AllSides articles under new ids, URLs and dates, their
kept parts and vectors copied through the store's write path); then ``analyze`` with no path
(``storyline analyze --out DIR`` with no path: the whole store, every story briefed again)
runs in a fresh process, stages timed as ``analyze_speed.py`` times them, reports written.
Peak RSS is that process's own (``ru_maxrss`` of the child), so each size's peak is its own.

    .venv/bin/python benchmarks/archive_scale.py --seed /tmp/seed.duckdb --sizes 10000,100000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def child(db: Path, out: Path) -> dict[str, Any]:
    """The whole-store ``analyze`` of ``db`` into ``out``, stages timed."""
    from analyze_speed import Clock, _hooks

    t0, c0 = time.perf_counter(), time.process_time()
    clock = Clock()
    _hooks(clock)
    from storyline.report.stream import StreamedReports

    for name in ("add", "close"):  # the reports of a run briefed batch by batch
        clock.wrap(StreamedReports, name, "reports")
    from storyline.pipeline import analyze
    from storyline.store import Store

    with Store(db) as store:
        res = analyze([], store, out=out)
    total, cpu = time.perf_counter() - t0, time.process_time() - c0
    claims = sum(len(s.claims) for s in res.briefing.stories)
    if res.streamed:  # briefed batch by batch: the stories are in the JSON Lines, one a line
        with (out / "briefing.jsonl").open(encoding="utf-8") as lines:
            claims = sum(len(json.loads(line)["stories"][0]["claims"]) for line in lines)
    return {
        "total": total,
        "cpu": cpu,
        "stages": clock.seconds,
        "stages_cpu": clock.cpu,
        "articles": len(res.articles) or res.analysed,
        "stories": len(res.briefing.stories) or res.streamed,
        "claims": claims,
    }


def measure(seed: Path, n: int, tmp: Path) -> dict[str, Any]:
    from archive_gen import generate

    db = tmp / f"g{n}.duckdb"
    gen = generate(seed, db, n)
    cli = [sys.executable, __file__, "--child", str(db), str(tmp / f"out{n}")]
    done = subprocess.run(cli, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"analyze failed: {done.stderr.strip()[-2000:]}")
    run = dict(json.loads(done.stdout.strip().splitlines()[-1]))
    run["peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    run["generated_s"] = gen["seconds"]
    return run


def _print(n: int, run: dict[str, Any]) -> None:
    total, stages, cpu = run["total"], run["stages"], run["stages_cpu"]
    print(f"\n{n} articles generated in {run['generated_s']:.0f} s; whole-store analyze: "
          f"{run['articles']} articles, {run['stories']} stories, {run['claims']} claims, "
          f"{total:.1f} s ({run['cpu']:.1f} CPU s), peak RSS {run['peak_mb']:.0f} MB")  # fmt: skip
    print(f"  {'stage':44s} {'seconds':>8s} {'share':>6s} {'CPU s':>8s}")
    rows = sorted(stages.items(), key=lambda kv: -kv[1])
    other = ("other", total - sum(stages.values()))
    for name, s in [*rows, other]:
        c = cpu.get(name, run["cpu"] - sum(cpu.values()))
        print(f"  {name:44s} {s:8.2f} {s / total:6.1%} {c:8.2f}")
    print(f"  {'ms per article':44s} {1000 * total / max(1, run['articles']):8.2f}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=Path, help="seed store (archive_gen.py; built if missing)")
    ap.add_argument("--sizes", default="10000", help="articles per store, comma-separated")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), Path(args.child[1]))))
        return
    if args.seed is None:
        raise SystemExit("--seed is required")
    if not args.seed.exists():
        from archive_gen import build_seed

        print(f"seed: {build_seed(args.seed)} articles analysed", flush=True)
    for n in (int(x) for x in args.sizes.split(",")):
        # rising sizes: ru_maxrss of children is the largest child so far
        with tempfile.TemporaryDirectory(prefix="archive-scale-") as tmp:
            _print(n, measure(args.seed, n, Path(tmp)))


if __name__ == "__main__":
    main()
