"""Peak memory and time of extracting one very long article, parsed in pieces and batches
as ``storyline.nlp`` does now (``PIECE_CHARS``, ``BATCH_CHARS``) against pieces of spaCy's
own limit (1,000,000 characters) in batches of any length (before stop 56).

The article is the seeds' texts (``../shared/seeds``) one after another, again and again,
until it holds ``--mb`` megabytes, built at run time; each setting runs in a fresh process
(peak RSS of that child), both printed with their ratio in one run.

    .venv/bin/python benchmarks/long_article.py            # 1.5 MB, ~3 min on 2 cores
    .venv/bin/python benchmarks/long_article.py --mb 0.5
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from big_story import child_json

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"

#: One child: the text as an article, extracted with the piece and batch sizes given.
_CHILD = """
import json, resource, sys
from pathlib import Path
from storyline import nlp
nlp.PIECE_CHARS, nlp.BATCH_CHARS = int(sys.argv[2]), int(sys.argv[3])
from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.ingest import read_paths
(article,) = [clean(a) for a in read_paths([Path(sys.argv[1])])]
result = extract_articles([article], nlp.load_nlp())
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
ex = result.extractions[0]
print(json.dumps({"sentences": len(ex.sentences), "quotes": len(ex.quotes), "peak_mb": peak}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=1.5, help="megabytes of text")
    args = parser.parse_args()
    from storyline.nlp import BATCH_CHARS, PIECE_CHARS

    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    text = (seeds + "\n\n") * int(args.mb * 1_000_000 / len(seeds) + 1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.txt"
        path.write_text(text, encoding="utf-8")
        now = child_json(_CHILD, str(path), str(PIECE_CHARS), str(BATCH_CHARS))
        before = child_json(_CHILD, str(path), str(1_000_000), str(10**12))
    print(f"{len(text) / 1e6:.1f} MB of text")
    for name, row in (("now", now), ("before", before)):
        print(
            f"{name:7} {row['sentences']:.0f} sentences, {row['quotes']:.0f} quotes; "
            f"peak {row['peak_mb']:.0f} MB, {row['seconds']:.0f} s"
        )
    print(f"peak memory before / now: {before['peak_mb'] / now['peak_mb']:.2f}x")


if __name__ == "__main__":
    main()
