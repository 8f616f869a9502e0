"""Articles split over several runs against one run over all of them (issue #17, point 1).

AllSides dev (``../shared/eval/allsides``, days as given) is analysed once into a fresh store,
then again into other stores in parts, each part a later ``storyline analyze`` of the same
store. The stored stories are compared as sets of articles: the stories only the split
store holds, and those only the one run holds (their sizes), and the articles the split
store left in no story (a store must never lose one). Storylines of two or more stories are
compared the same way, each as the set of its articles: how many of the one run's the split
store holds too. Last, each split store is analysed again whole (``analyze`` with no path,
the CLI's ``storyline analyze`` with none) and its stories compared with the one run's again:
a later run regroups only the stored stories its articles reach, weighed by the words the
store holds then, so a story settled weeks before it may keep the grouping its own run made.

    .venv/bin/python benchmarks/archive_split.py                 # every split, ~6 min
    .venv/bin/python benchmarks/archive_split.py rand40 halves_by_date
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from cluster_eval import allsides_rows
from storyline.pipeline import analyze
from storyline.store import Store


def splits(rows: list[dict[str, Any]]) -> dict[str, list[list[int]]]:
    """The parts (row positions, in analysis order) of each split."""
    shuffled = list(range(len(rows)))
    random.Random(7).shuffle(shuffled)
    by_date = sorted(range(len(rows)), key=lambda i: (rows[i]["published"], i))
    half = len(rows) // 2
    return {
        "rand40": [shuffled[40:], shuffled[:40]],  # 40 drawn at random, added later
        "rand3": [shuffled[0::3], shuffled[1::3], shuffled[2::3]],
        "halves_by_date": [by_date[:half], by_date[half:]],
        "last2_by_date": [by_date[:-2], by_date[-2:]],
    }


def stories_in(db: Path, rows: list[dict[str, Any]], parts: list[list[int]], work: Path) -> Any:
    """Analyse ``parts`` of ``rows`` into ``db``, one run each; the stored stories, the
    storylines of 2+ stories (each as its articles) and the number of stored articles."""
    with Store(db) as store:
        for k, part in enumerate(parts):
            path = work / f"{db.stem}_{k}.jsonl"
            path.write_text("".join(json.dumps(rows[i]) + "\n" for i in sorted(part)), "utf-8")
            analyze([path], store)
        stories = store.stories()
        lines: dict[str, list[str]] = {}
        count: dict[str, int] = {}
        for s in stories:
            line = s.storyline or s.id
            lines.setdefault(line, []).extend(s.article_ids)
            count[line] = count.get(line, 0) + 1
        linked = {frozenset(ids) for line, ids in lines.items() if count[line] > 1}
        return {frozenset(s.article_ids) for s in stories}, linked, store.count_articles()


def whole_again(db: Path) -> set[frozenset[str]]:
    """The stories of ``db`` once it is analysed again whole (no path)."""
    with Store(db) as store:
        analyze([], store)
        return {frozenset(s.article_ids) for s in store.stories()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="splits to run (default: all)")
    args = ap.parse_args()
    rows = allsides_rows(False)
    every = splits(rows)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        one, one_lines, _ = stories_in(work / "one.duckdb", rows, [list(range(len(rows)))], work)
        print(
            f"one run: {len(one)} stories of {sum(map(len, one))} articles, "
            f"{len(one_lines)} storylines of 2+ stories"
        )
        for name in args.names or every:
            t = time.perf_counter()
            got, lines, stored = stories_in(work / f"{name}.duckdb", rows, every[name], work)
            parts = "+".join(str(len(p)) for p in every[name])
            print(
                f"{name:15} ({parts}): {len(got)} stories; only split {sorted(map(len, got - one))}"
                f", only one run {sorted(map(len, one - got))}; articles in no story "
                f"{stored - sum(map(len, got))}; storylines of 2+ stories {len(lines)}, "
                f"the same as one run's {len(lines & one_lines)} ({time.perf_counter() - t:.0f} s)"
            )
            again = whole_again(work / f"{name}.duckdb")
            print(
                f"{'':15} analysed again whole: only split {sorted(map(len, again - one))}, "
                f"only one run {sorted(map(len, one - again))}"
            )


if __name__ == "__main__":
    main()
