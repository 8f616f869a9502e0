"""Score storyline's HTML reader against plain trafilatura on the article-extraction benchmark.

The data is Zyte's article-extraction-benchmark (``../shared/eval/article-extraction/``): 181
real news pages (``html/<id>.html.gz``) and the hand-made article body of each
(``ground-truth.json``). The scoring follows that benchmark's ``evaluate.py`` so the figures
compare with its published table:

* text is cut into ``\\w+`` tokens (case kept) and into word 4-grams ("shingles"), counted as
  a multiset;
* per page, true positives / false positives / false negatives are the shingle counts in
  both / only the output / only the truth, divided by their sum so every page weighs the same;
* precision is averaged over the pages with some output, recall over the pages with some
  truth (a page with neither scores 1 on both; an empty output adds nothing to precision and
  0 to recall), and F1 is the harmonic mean of those two averages.

Both readers run in this process on the same pages. The pages are also split in two halves
by file name and scored apart, to see whether a gain holds on both (a guard against rules
that fit a few pages).

Example::

    .venv/bin/python benchmarks/html_extraction.py --limit 40
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from storyline.ingest.html import extract_html

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "article-extraction"

# The benchmark's shingle length: word 4-grams.
SHINGLE_N = 4

_TOKEN = re.compile(r"\w+")

Counts = tuple[float, float, float]


def shingles(text: str | None, n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """Multiset of the word n-grams of ``text``; a text shorter than n is one short shingle."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def page_counts(truth: str | None, output: str | None) -> Counts:
    """(tp, fp, fn) of one page, normalised to sum to 1 so that pages weigh the same."""
    true, pred = shingles(truth), shingles(output)
    tp = float(sum((true & pred).values()))
    fp = float(sum((pred - true).values()))
    fn = float(sum((true - pred).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def page_f1(truth: str | None, output: str | None) -> float:
    """Shingle F1 of one page (used by the tests; the benchmark itself averages P and R)."""
    counts = page_counts(truth, output)
    p, r = _precision(*counts), _recall(*counts)
    return 2 * p * r / (p + r) if p + r else 0.0


def score(rows: list[Counts]) -> dict[str, float]:
    """Precision, recall and F1 of a set of pages, the way the benchmark averages them."""
    precisions = [_precision(*c) for c in rows if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in rows if c[0] + c[2] > 0]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r}


def storyline_reader(html: str) -> str:
    """The reader under test: storyline's own HTML extraction."""
    return extract_html(html).text


def trafilatura_reader(html: str) -> str:
    """The baseline: trafilatura as the benchmark's own runner calls it."""
    return trafilatura.extract(html, include_comments=False) or ""


def load_pages(data: Path, limit: int | None) -> list[tuple[str, str, str]]:
    """(id, html, true article body) for the benchmark's pages, sorted by file name."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf8"))
    paths = sorted((data / "html").glob("*.html.gz"))[:limit]
    pages = []
    for path in paths:
        page_id = path.name.split(".")[0]
        with gzip.open(path, "rt", encoding="utf8") as handle:
            pages.append((page_id, handle.read(), truth[page_id].get("articleBody", "")))
    return pages


def run_reader(
    reader: Callable[[str], str], pages: list[tuple[str, str, str]]
) -> tuple[list[Counts], float]:
    """Per-page counts of one reader, and the seconds it took."""
    started = time.perf_counter()
    rows = [page_counts(truth, reader(html)) for _, html, truth in pages]
    return rows, time.perf_counter() - started


def _line(name: str, metrics: dict[str, float]) -> str:
    return f"{name} F1={metrics['f1']:.4f} P={metrics['precision']:.4f} R={metrics['recall']:.4f}"


def main(argv: list[str] | None = None) -> int:
    """Run both readers on the pages, print per-half and overall scores, optionally as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"error: {args.data}: no ground-truth.json (benchmark data missing)", file=sys.stderr)
        return 2
    pages = load_pages(args.data, args.limit)
    half = len(pages) // 2
    results: dict[str, object] = {}
    overall: dict[str, dict[str, float]] = {}
    for name, reader in (("storyline", storyline_reader), ("trafilatura", trafilatura_reader)):
        rows, seconds = run_reader(reader, pages)
        overall[name] = score(rows)
        first, second = score(rows[:half] or rows), score(rows[half:])
        results[name] = {
            "all": overall[name],
            "first_half": first,
            "second_half": second,
            "seconds": round(seconds, 1),
        }
        print(
            f"{name:<11} first half {first['f1']:.4f}  second half {second['f1']:.4f}"
            f"  ({seconds:.1f} s)"
        )
    results["pages"] = {"count": len(pages), "trafilatura_version": trafilatura.__version__}
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf8")
    ours, plain = (
        _line("storyline", overall["storyline"]),
        _line("trafilatura", overall["trafilatura"]),
    )
    print(f"{ours} | {plain}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
