"""The sentence encoder on each runtime, on a run's real texts: numpy float32 (the reference),
ONNX Runtime float32, ONNX Runtime int8 by dynamic quantisation of the same graph (one
activation scale a tensor), and int8 products with a scale per token row written into the
graph (``storyline.embed_int8``) in several plans: which products, smoothing, GELU shift.

Run: ``.venv/bin/python benchmarks/embed_runtimes.py [--n 150] [--rounds 2] [--texts F]``.
The texts are what ``analyze`` hands the encoder (the claim units, quotes and phrases of the
run) on the ``n`` articles of ``extraction_speed.py`` (PolNeAR, topped up with ECB+),
gathered by running ``analyze`` on them once with the encoder's input recorded (``--texts F``
keeps them in F and reads them from there next time). Every runtime runs on one thread, as
``storyline.embed.EMBED_THREADS`` has it, in this one process, round after round in turn, so
a loaded machine slows them alike; the figure is CPU seconds (best round). Printed per runtime:
texts/s, its speed over numpy and over ONNX Runtime float32, the worst and mean cosine between
its vector of each text and numpy's, and the worst cosine between a text's vector alone and in
its batch.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# What quantize_dynamic quantises, per output channel (one scale a weight tensor measured a
# worst cosine of 0.92 against numpy): the dense products and the attention's fused projection,
# or the dense products alone.
QUANT_OPS = {"int8": ["MatMul", "Attention"], "int8, products only": ["MatMul"]}
# Plans of per-row int8 (storyline.embed_int8.Int8Plan's arguments): every product or some,
# layers kept in float32, the calibrated smoothing of normed inputs, GELU's output shifted.
_PLAIN = {"smooth": False, "shift_gelu": False}
_FFN = ("inter_w", "out_w")
ROW_PLANS: dict[str, dict[str, Any]] = {
    "rows: all products": _PLAIN,
    "rows: FFN only": {**_PLAIN, "products": _FFN},
    "rows: all but Q/K/V": {**_PLAIN, "products": ("attn_out_w", *_FFN)},
    "rows: layers 1-4": {**_PLAIN, "fp32_layers": (0, 5)},
    "rows: all, smoothed": {"shift_gelu": False},
    "rows: FFN, smoothed + shift": {"products": _FFN},
    "rows: all, smoothed + shift": {},
    "rows: all but Q/K/V, sm. + shift": {"products": ("attn_out_w", *_FFN)},
    "rows: layers 1-5, sm. + shift": {"fp32_layers": (0,)},
}
# Texts encoded one by one as well, to see whether a vector depends on its batch: dynamic
# quantisation scales a product's activations by the whole batch's range.
ALONE = 64


def run_texts(n: int) -> list[str]:
    """The texts ``analyze`` encodes on ``n`` articles, in the order it hands them over."""
    import storyline.embed
    from analyze_speed import record_encoded
    from extraction_speed import articles
    from storyline.pipeline import analyze
    from storyline.store import Store

    seen: list[str] = []
    fn = storyline.embed.Embedder.encode
    record_encoded(seen)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i, a in enumerate(articles(n)):
            (folder / f"{i:05d}.txt").write_text(a.text, encoding="utf-8")
        with Store(Path(tmp) / "s.duckdb") as store:
            analyze([folder], store, cache=False, workers=1)
    storyline.embed.Embedder.encode = fn  # type: ignore[method-assign]
    return seen


def int8_embedder(tmp: Path, ops: list[str]) -> Any:
    """The ONNX Runtime embedder with its graph's ``ops`` quantised to int8 (weights per
    channel, activations per batch), built here from the packaged weights."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from storyline.embed import load_embedder
    from storyline.embed_onnx import build_model, session

    enc = load_embedder(runtime="onnx")
    model, _ = build_model(enc, inline=True)
    onnx.save(model, tmp / "fp32.onnx")
    quantize_dynamic(
        tmp / "fp32.onnx",
        tmp / "int8.onnx",
        per_channel=True,
        weight_type=QuantType.QInt8,
        op_types_to_quantize=ops,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    sess = session((tmp / "int8.onnx").read_bytes(), enc.threads)

    def forward(ids: np.ndarray, type_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        feeds = {"input_ids": ids, "token_type_ids": type_ids, "attention_mask": mask}
        return np.asarray(sess.run(["hidden"], feeds)[0])

    enc._onnx = forward
    return enc


def rows_embedder(plan: dict[str, Any]) -> Any:
    """The ONNX Runtime embedder with the products of ``plan`` in per-row int8."""
    from storyline.embed import load_embedder
    from storyline.embed_int8 import Int8Plan
    from storyline.embed_onnx import OnnxForward

    enc = load_embedder(runtime="onnx")
    enc._onnx = OnnxForward(enc, enc.threads, Int8Plan(**plan))
    return enc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=150, help="articles whose texts are encoded")
    ap.add_argument("--rounds", type=int, default=2, help="timed rounds per runtime (best)")
    ap.add_argument("--texts", type=Path, help="JSON file keeping the run's texts")
    args = ap.parse_args()
    if args.texts and args.texts.exists():
        texts = json.loads(args.texts.read_text(encoding="utf-8"))
    else:
        texts = run_texts(args.n)
        if args.texts:
            args.texts.write_text(json.dumps(texts), encoding="utf-8")
    from storyline.embed import load_embedder, token_lengths

    with tempfile.TemporaryDirectory() as tmp:
        encoders = {
            "numpy fp32": load_embedder(runtime="numpy"),
            "onnxruntime fp32": load_embedder(runtime="onnx"),
            **{f"onnxruntime {k}": int8_embedder(Path(tmp), ops) for k, ops in QUANT_OPS.items()},
            **{name: rows_embedder(plan) for name, plan in ROW_PLANS.items()},
        }
        for enc in encoders.values():
            enc.encode(texts[:64])  # first call: the session is built, buffers allocated
        best = {name: float("inf") for name in encoders}
        vecs: dict[str, np.ndarray] = {}
        for _ in range(args.rounds):
            for name, enc in encoders.items():
                c0 = time.process_time()
                vecs[name] = enc.encode(texts, batch_size=64)
                best[name] = min(best[name], time.process_time() - c0)
        alone = {n: np.vstack([e.encode([t]) for t in texts[:ALONE]]) for n, e in encoders.items()}
    print(f"{len(texts)} texts, {sum(token_lengths(texts))} tokens ({args.n} articles), 1 thread")
    print(
        f"{'runtime':32s} {'CPU s':>7s} {'texts/s':>8s} {'x numpy':>8s} {'x ORT':>6s} "
        f"{'worst cos':>10s} {'mean cos':>10s} {'alone/batch':>11s}"
    )
    ref = vecs["numpy fp32"]
    for name, secs in best.items():
        cos = np.sum(vecs[name] * ref, axis=1)
        own = np.sum(vecs[name][:ALONE] * alone[name], axis=1).min()
        print(
            f"{name:32s} {secs:7.2f} {len(texts) / secs:8.1f} {best['numpy fp32'] / secs:8.2f} "
            f"{best['onnxruntime fp32'] / secs:6.2f} "
            f"{cos.min():10.7f} {cos.mean():10.7f} {own:11.7f}"
        )
    print(
        "worst cos: against numpy's vector of the same text; alone/batch: the worst cosine "
        f"between a text's vector encoded alone and in its batch (first {ALONE} texts)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
