"""Where adding articles to a store costs more than analysing them alone (issue #17), by function.

The 100 articles of ``archive_speed.py`` are analysed alone into a fresh store and added to
(a copy of) a store holding the AllSides articles ``archive_speed.split`` keeps (631, analysed
once: about two minutes here; ``--filled PATH`` keeps it there for the next call), or, with
``--seed PATH --store N``, a store of N articles generated from that seed store and analysed
whole (``archive_speed.generated_store``, as ``archive_speed.py --seed`` builds it), each run
under cProfile, with the spaCy model and the encoder loaded and warmed by one untimed run.
Printed: both runs' seconds (cProfile on: slower than ``archive_speed.py``) and the
functions of ``storyline`` whose cumulative seconds grow most from the run alone to the added
run. CPU figures of a shared machine move by a third from run to run: compare functions
within one call, not calls.

    cd benchmarks && ../.venv/bin/python archive_profile.py --filled /tmp/filled.duckdb
    cd benchmarks && ../.venv/bin/python archive_profile.py --seed /tmp/seed.duckdb \
        --store 10000 --filled /tmp/filled10k.duckdb
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import tempfile
from pathlib import Path

from archive_speed import allsides, generated_store, split, timed_analyze, write_jsonl

#: Functions printed: those whose cumulative seconds grow most in the added run.
SHOWN = 25


def cumulative(profile: cProfile.Profile) -> dict[str, tuple[float, int]]:
    """``storyline`` function -> (cumulative seconds, calls)."""
    out: dict[str, tuple[float, int]] = {}
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    for (path, line, name), (_, calls, _, cum, _) in stats.items():
        if "/storyline/" in path:
            out[f"{path.split('/storyline/')[-1]}:{line} {name}"] = (cum, calls)
    return out


def profiled(paths: list[Path], db: Path, nlp: object, embedder: object) -> tuple[float, dict]:
    prof = cProfile.Profile()
    prof.enable()
    seconds = timed_analyze(paths, db, nlp, embedder)
    prof.disable()
    return seconds, cumulative(prof)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--filled", type=Path, help="the filled store (built there when missing)")
    ap.add_argument("--seed", type=Path, help="generate the filled store from this seed store")
    ap.add_argument("--store", type=int, default=10000, help="articles generated (with --seed)")
    args = ap.parse_args()
    from storyline.nlp import load_nlp
    from storyline.reconcile import load_embedder

    nlp, embedder = load_nlp(), load_embedder()
    kept, held = split(*allsides())
    root = Path(tempfile.mkdtemp(prefix="archive-profile-"))
    filled = args.filled or root / "filled.duckdb"
    if not filled.exists() and args.seed is not None:
        generated_store(args.seed, args.store, filled, nlp, embedder)
    elif not filled.exists():
        timed_analyze([write_jsonl(kept, root / "kept.jsonl")], filled, nlp, embedder)
    new = [write_jsonl(held, root / "added.jsonl")]
    timed_analyze(new, root / "warm.duckdb", nlp, embedder)  # first-run costs, not counted
    alone, by_alone = profiled(new, root / "alone.duckdb", nlp, embedder)
    shutil.copy(filled, root / "grown.duckdb")
    added, by_added = profiled(new, root / "grown.duckdb", nlp, embedder)
    size = len(kept) if args.seed is None else args.store
    print(f"{len(held)} articles alone {alone:.1f} s, added to {size}: {added:.1f} s "
          f"(cProfile on)")  # fmt: skip
    grown = sorted(by_added, key=lambda f: by_alone.get(f, (0.0, 0))[0] - by_added[f][0])
    print(f"{'added-alone':>11} {'alone':>6} {'added':>6} calls  function")
    for f in grown[:SHOWN]:
        (a, _), (g, calls) = by_alone.get(f, (0.0, 0)), by_added[f]
        print(f"{g - a:11.2f} {a:6.2f} {g:6.2f} {calls:5}  {f}")
    shutil.rmtree(root)


if __name__ == "__main__":
    main()
