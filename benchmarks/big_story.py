"""Peak memory and time of ``analyze`` on one very large story, with and without the cap on
the units its pairwise stages compare (``storyline.reconcile.story_cap.MAX_STORY_UNITS``).

The articles are the seeds (``../shared/seeds``) reworded at run time, none written into the
project: each copy keeps its headline, shuffles its paragraphs, drops up to three and ends
with a line of its own, so most copies are articles of their own and one event's coverage
runs to hundreds of articles. Each run is a fresh process (``resource`` peak RSS of that
child); both are printed, with their ratio, in one run.

    .venv/bin/python benchmarks/big_story.py            # 800 copies, ~6 min on 2 cores
    .venv/bin/python benchmarks/big_story.py --n 400
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"

#: What one child runs: analyze the folder with the cap given, and print the largest story's
#: articles, the articles its claims cite, and the child's peak RSS.
_CHILD = """
import json, resource, sys
from pathlib import Path
from storyline.reconcile import story_cap
story_cap.MAX_STORY_UNITS = int(sys.argv[2])
from storyline import analyze
doc = analyze([Path(sys.argv[1])]).briefing.to_json()
big = max(doc["stories"], key=lambda s: len(s["article_ids"]))
cited = {s["article_id"] for c in big["claims"] for s in c["sources"]}
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"articles": len(big["article_ids"]), "cited": len(cited), "peak_mb": peak}))
"""


def write_copies(folder: Path, n: int, seed: int = 2) -> None:
    """``n`` reworded copies of the seeds in ``folder``."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(n):
        head, *body = texts[i % len(texts)].split("\n\n")
        rng.shuffle(body)
        body = body[: max(3, len(body) - rng.randrange(0, 4))]
        end = f"This report was filed by correspondent {i} of desk {i * 7 % 13}.\n"
        (folder / f"a{i:04d}.txt").write_text("\n\n".join([head, *body, end]), encoding="utf-8")


def child_json(code: str, *args: str) -> dict[str, float]:
    """Run ``code`` in a fresh Python process with ``args``: the JSON object of its last line
    of output, and the wall seconds it took (``seconds``)."""
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    ).stdout
    row: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    row["seconds"] = time.perf_counter() - t0
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=800, help="reworded copies of the seeds")
    args = parser.parse_args()
    from storyline.reconcile.story_cap import MAX_STORY_UNITS

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_copies(folder, args.n)
        capped = child_json(_CHILD, str(folder), str(MAX_STORY_UNITS))
        whole = child_json(_CHILD, str(folder), str(10**9))
    for name, row in (("capped", capped), ("uncapped", whole)):
        print(
            f"{name:9} largest story {row['articles']:.0f} articles, {row['cited']:.0f} cited; "
            f"peak {row['peak_mb']:.0f} MB, {row['seconds']:.0f} s"
        )
    print(f"peak memory uncapped / capped: {whole['peak_mb'] / capped['peak_mb']:.2f}x")


if __name__ == "__main__":
    main()
