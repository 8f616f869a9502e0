"""Measure the per-channel input maxima the int8 encoder smooths with (``storyline.embed_int8``).

The query/key/value and intermediate products of each layer read a layer norm's output; the
largest absolute value each of its channels takes over every token of the seeds' paragraphs
(one text a paragraph, each encoded alone so no padding counts), in the numpy reference pass,
is written to ``storyline.embed_int8.CALIBRATION_FILE`` with the numpy ``model_id``. The seeds
are training data: no evaluation text is read.

Run: ``.venv/bin/python benchmarks/embed_calibrate.py [--seeds ../shared/seeds]``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
# A paragraph of fewer words (a date line, a one-word heading) adds no channel range.
MIN_WORDS = 3
# Digits kept of each maximum: the smoothing factor is its square root, 4 digits are plenty.
DIGITS = 4


def paragraphs(folder: Path) -> list[str]:
    """The seeds' paragraphs (their lines) of at least ``MIN_WORDS`` words."""
    lines = (
        line.strip() for f in sorted(folder.glob("*.txt")) for line in f.read_text().split("\n")
    )
    return [line for line in lines if len(line.split()) >= MIN_WORDS]


def maxima(texts: list[str]) -> dict[str, list[float]]:
    """Per smoothed product, the per-channel max |input| over every token of ``texts``."""
    from storyline.embed import load_embedder

    enc = load_embedder(runtime="numpy")
    top: dict[str, np.ndarray] = {}

    def tap(name: str, x: np.ndarray) -> None:
        seen = np.abs(x.reshape(-1, x.shape[-1])).max(axis=0)
        top[name] = np.maximum(top.get(name, seen), seen)

    for e in enc.tokenizer.encode_batch(texts):
        enc._numpy_hidden(*enc._padded([e]), tap=tap)
    return {k: [round(float(v), DIGITS) for v in arr] for k, arr in sorted(top.items())}


def main() -> int:
    from storyline.embed import model_id
    from storyline.embed_int8 import CALIBRATION_FILE

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=SEEDS, help="folder of the seed articles")
    args = ap.parse_args()
    texts = paragraphs(args.seeds)
    data = {
        "model": model_id(runtime="numpy"),
        "source": f"{len(texts)} paragraphs of the seeds (benchmarks/embed_calibrate.py)",
        "inputs": maxima(texts),
    }
    lines = [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in data["inputs"].items()]
    head = f'"model": {json.dumps(data["model"])},\n"source": {json.dumps(data["source"])}'
    text = "{\n" + head + ',\n"inputs": {\n' + ",\n".join(lines) + "\n}}\n"
    CALIBRATION_FILE.write_text(text, encoding="utf-8")
    print(f"{CALIBRATION_FILE}: {len(data['inputs'])} inputs from {data['source']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
