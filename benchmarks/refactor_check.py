"""Does a refactor change what ``analyze`` gives? Save a normalised run at one commit, compare now.

The seeds (``../shared/seeds``) and the first N ECB+ articles (``ecbplus.load()``, written out
as ``.txt`` files as ``cluster_eval.py`` does: undated, so their dates go through the
re-resolution of undated articles) are analysed by ``storyline.pipeline.analyze``, each set
into a fresh temporary store. The files are written to the same temporary folder in every
run, because an article read from a file without URL or outlet is identified by its path.
Saved, per set:

* ``briefing``: the ``briefing`` dictionary, normalised: the ids of quotes, claims and
  conflicts (numbered in the order a run builds them) become their kind and position in their
  story (``q0``, ``c3``, ``x1``), everywhere they are referred to; ``source_path`` keeps only
  the file name. Article, story, family and entity ids are hashes (of text and path, words,
  names) and are kept;
* ``articles``: what the store kept of each article after cleaning (prose spans, headline
  span, publication date);
* ``extractions``: each article's extraction as the store kept it (sentences, mentions with
  their canonical entities, quotes, quantities, dates with their anchors).

``--compare`` prints the count per section for both runs and the first differences::

    .venv/bin/python benchmarks/refactor_check.py --save before.json    # at one commit
    .venv/bin/python benchmarks/refactor_check.py --compare before.json # after the change

To run an older commit's code with this script, put its ``src`` first on ``PYTHONPATH``
(``git worktree add /tmp/before <commit>``; ``PYTHONPATH=/tmp/before/src``).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
# ECB+ articles analysed by default: enough for several stories and many undated articles,
# few enough for a run of a few minutes on two cores.
ECB_ARTICLES = 200
# Differences printed per set.
SHOW_DIFFS = 15

_LOCAL_ID = re.compile(r"^(?P<story>.+)-(?P<kind>[qcx])\d+$")


def normalise(briefing: dict[str, Any]) -> dict[str, Any]:
    """The briefing with run-order ids replaced by position and temporary paths cut."""
    rename: dict[str, str] = {}
    for story in briefing.get("stories", []):
        for section, kind in (("quotes", "q"), ("claims", "c"), ("conflicts", "x")):
            for pos, item in enumerate(story.get(section, [])):
                old = item.get("id")
                if isinstance(old, str) and _LOCAL_ID.match(old):
                    rename[old] = f"{story['id']}:{kind}{pos}"

    def walk(x: Any, key: str = "") -> Any:
        if isinstance(x, dict):
            return {k: walk(v, k) for k, v in x.items()}
        if isinstance(x, list):
            return [walk(v, key) for v in x]
        if isinstance(x, str):
            if key == "source_path":
                return Path(x).name
            return rename.get(x, x)
        return x

    out: dict[str, Any] = walk(briefing)
    return out


def run_set(paths: list[Path], work: Path) -> dict[str, Any]:
    """Analyse ``paths`` into a fresh store under ``work``; the normalised results."""
    from storyline.pipeline import analyze
    from storyline.store import Store

    t0 = time.perf_counter()
    with Store(work / "store.duckdb") as store:
        result = analyze(paths, store)
        ids = [a.id for a in result.articles]
        kept = {a.id: a for a in store.articles(ids)}
        articles = {
            aid: {
                "published": kept[aid].published,
                "title_span": list(kept[aid].title_span) if kept[aid].title_span else None,
                "prose": [list(s) for s in kept[aid].prose],
            }
            for aid in sorted(ids)
        }
        extractions = {}
        for aid in sorted(ids):
            ex = store.get_extraction(aid)
            extractions[aid] = json.loads(json.dumps(ex.to_dict())) if ex else None
    seconds = time.perf_counter() - t0
    print(f"  {len(ids)} articles, {len(result.briefing.stories)} stories, {seconds:.1f} s")
    return {
        "briefing": normalise(result.briefing.to_json()),
        "articles": articles,
        "extractions": extractions,
    }


def run_all(n_ecb: int) -> dict[str, Any]:
    from ecbplus import load

    out: dict[str, Any] = {}
    # A fixed folder: an article read from a file without URL or outlet is identified by its
    # path (``storyline.ingest.build.article_id``), so both runs must read the same paths.
    root = Path(tempfile.gettempdir()) / "storyline-refactor-check"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    try:
        print("seeds")
        (root / "seeds").mkdir()
        out["seeds"] = run_set([SEEDS], root / "seeds")
        print(f"ecbplus ({n_ecb} articles)")
        folder = root / "ecbplus" / "articles"
        folder.mkdir(parents=True)
        for d in load()[:n_ecb]:
            (folder / f"{d.name}.txt").write_text(d.article.text, encoding="utf-8")
        out["ecbplus"] = run_set([folder], root / "ecbplus")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return out


def counts(run: dict[str, Any]) -> dict[str, int]:
    """How many items each section holds, summed over stories."""
    b = run["briefing"]
    c = {"articles": len(b["articles"]), "stories": len(b["stories"])}
    c["storylines"] = len(b.get("storylines", []))
    for story in b["stories"]:
        for key, value in story.items():
            if isinstance(value, list):
                c[key] = c.get(key, 0) + len(value)
            elif isinstance(value, dict) and key != "storyline":
                c[key] = c.get(key, 0) + sum(
                    len(v) if isinstance(v, list | dict) else 1 for v in value.values()
                )
    exs = [e for e in run["extractions"].values() if e]
    for key in ("sentences", "mentions", "quotes", "stances", "quantities", "dates"):
        c[f"extraction {key}"] = sum(len(e[key]) for e in exs)
    c["extraction dates resolved"] = sum(1 for e in exs for d in e["dates"] if d["value"])
    c["articles with prose"] = sum(1 for a in run["articles"].values() if a["prose"])
    c["articles with a headline span"] = sum(1 for a in run["articles"].values() if a["title_span"])
    return c


def diffs(a: Any, b: Any, path: str = "") -> list[str]:
    """Every place where ``a`` and ``b`` differ, as ``path: a != b`` lines."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b), key=str):
            if k not in a:
                out.append(f"{path}/{k}: only after")
            elif k not in b:
                out.append(f"{path}/{k}: only before")
            else:
                out += diffs(a[k], b[k], f"{path}/{k}")
        return out
    if isinstance(a, list) and isinstance(b, list):
        out = []
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items before, {len(b)} after")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            out += diffs(x, y, f"{path}[{i}]")
        return out
    if a != b:
        return [f"{path}: {_short(a)} != {_short(b)}"]
    return []


def _short(x: Any) -> str:
    s = json.dumps(x, ensure_ascii=False)
    return s if len(s) <= 90 else s[:87] + "..."


def compare(before: dict[str, Any], after: dict[str, Any]) -> int:
    """Print counts and first differences per set; the number of differences."""
    total = 0
    for name in sorted(set(before) | set(after)):
        if name not in before or name not in after:
            print(f"{name}: only in {'after' if name in after else 'before'}")
            total += 1
            continue
        cb, ca = counts(before[name]), counts(after[name])
        print(f"\n== {name}")
        print(f"  {'section':34} {'before':>8} {'after':>8}")
        for key in sorted(set(cb) | set(ca)):
            mark = "" if cb.get(key) == ca.get(key) else "   <-- differs"
            print(f"  {key:34} {cb.get(key, '-'):>8} {ca.get(key, '-'):>8}{mark}")
        found = diffs(before[name], after[name])
        total += len(found)
        print(f"  differences: {len(found)}")
        for line in found[:SHOW_DIFFS]:
            print(f"    {line}")
        if len(found) > SHOW_DIFFS:
            print(f"    ... {len(found) - SHOW_DIFFS} more")
    print(f"\n{'SAME' if total == 0 else 'DIFFERENT'}: {total} differences")
    return total


def main() -> int:
    ap = argparse.ArgumentParser(
        description="Example: python benchmarks/refactor_check.py --save before.json"
    )
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", type=Path, help="write this run's normalised results here")
    mode.add_argument("--compare", type=Path, help="compare this run with a saved one")
    ap.add_argument("--ecb", type=int, default=ECB_ARTICLES, help="ECB+ articles analysed")
    args = ap.parse_args()
    import storyline

    print(f"storyline from {Path(storyline.__file__).parent}")
    run = run_all(args.ecb)
    if args.save:
        args.save.write_text(json.dumps(run, ensure_ascii=False), encoding="utf-8")
        print(f"saved to {args.save}")
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    return 1 if compare(before, run) else 0


if __name__ == "__main__":
    raise SystemExit(main())
