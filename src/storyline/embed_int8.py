"""The encoder's matrix products in int8, each token's activations scaled on their own.

A product ``x @ W`` (``x`` a batch's hidden states, one row a token) is written into the ONNX
graph of ``storyline.embed_onnx`` as: a scale per row, ``s = max|x_row| / 127``; the row
quantised to uint8 around 128 (``QuantizeLinear`` along the rows); ONNX Runtime's
``MatMulIntegerToFloat`` against ``W`` quantised per output column (int8, scale
``max|W_col| / 127``), which turns the integer sums to float times the column scales; then
times the row's ``s``. Each token row has its own scale and integer sums are exact, so a text's
vector does not depend on the texts batched with it, which ``quantize_dynamic`` (one scale a
tensor, so a batch) broke.

Two refinements, each measured (``benchmarks/embed_runtimes.py``, BENCHMARKS.md):

- Smoothing (SmoothQuant): the inputs of the query/key/value and intermediate products are
  layer-norm outputs whose channels differ in range (one channel of the intermediate's input
  reaches 28 where most stay under 2). Channel ``j`` of ``x`` is divided by
  ``c_j = sqrt(max|x_j| / max|W_j|)`` and row ``j`` of ``W`` multiplied by it (the product is
  the same), evening out the ranges the two int8 grids must cover. ``max|x_j|`` comes from the
  seeds (``benchmarks/embed_calibrate.py`` writes ``CALIBRATION_FILE``).
- The down product reads GELU's output, which is never below ``GELU_LOW``: shifted by it, a row
  is quantised to uint8 over ``[0, max]`` (twice the steps of a symmetric grid), and the shift's
  share of the product (``-GELU_LOW`` times each column's sum) is taken off again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from storyline.embed import Embedder
    from storyline.embed_onnx import _Graph

# The products of a layer, named by their weight in ``storyline.embed_ops._Layer``: the fused
# query/key/value projection, the attention's output, the intermediate (FFN up) and FFN down.
PRODUCTS = ("qkv_w", "attn_out_w", "inter_w", "out_w")
# Products whose input is a layer norm's output, smoothed per channel (see the docstring).
NORMED_INPUTS = ("qkv_w", "inter_w")
# SmoothQuant's migration strength: 0.5 splits a channel's range evenly between activation and
# weight (its paper's default for BERT-sized models); 0.7 measured no better here.
SMOOTH_ALPHA = 0.5
# GELU's output is at least -0.16997 (at -0.75); the shift is a little wider, so a shifted
# value is never negative.
GELU_LOW = -0.17
# Symmetric int8 range of the weights and of a row's activations: -128 is never used, so zero
# is exact and a grid is symmetric; a shifted (non-negative) row uses uint8's whole range.
QMAX = 127.0
UQMAX = 255.0
# uint8 zero point of symmetric activations: the VNNI kernels multiply unsigned activations by
# signed weights (MLAS's fast u8s8 path), so a row's int8 values are stored shifted by 128.
ACT_ZERO = 128
# Floor under a row's or a column's scale: an all-zero row divides by it, not by zero.
MIN_SCALE = 1e-12
# Per-channel input maxima of the smoothed products, measured on the seeds: written by
# ``benchmarks/embed_calibrate.py``, with the numpy ``model_id`` they were measured with.
CALIBRATION_FILE = Path(__file__).with_name("data") / "embed_int8_calibration.json"
# Worst cosine an int8 vector may have to the numpy reference's of the same text, on a run's
# real texts (benchmarks/embed_runtimes.py) and in tests/test_embed_int8.py: 0.99 keeps every
# vector within 8 degrees of the reference's. quantize_dynamic's worst, 0.952 (18 degrees),
# dropped the seeds' omission precision under its floor; the floors (reconcile_eval.py and the
# other figures reading vectors) are the check that counts, this bound the first screen.
MIN_COSINE = 0.99
# Bumped whenever the int8 graph or its calibration changes its vectors: part of the int8
# runtime's ``model_id`` (``storyline.embed.model_id``), so stored vectors are not reused.
INT8_VERSION = 2


@dataclass(frozen=True)
class ProductSpec:
    """One int8 product: its float weights, the smoothing factors of its input channels (or
    none) and the lower bound its input is shifted by (or none)."""

    w: np.ndarray
    chan: np.ndarray | None = None
    low: float | None = None


@dataclass(frozen=True)
class Int8Plan:
    """Which products run in int8: ``products`` in every layer but ``fp32_layers``, less the
    (layer, product) pairs of ``fp32_products``; ``smooth`` and ``shift_gelu`` turn the
    refinements of the module docstring on."""

    products: tuple[str, ...] = PRODUCTS
    fp32_layers: tuple[int, ...] = ()
    fp32_products: tuple[tuple[int, str], ...] = ()
    smooth: bool = True
    shift_gelu: bool = True

    def quantised(self, layer: int, product: str) -> bool:
        return (
            layer not in self.fp32_layers
            and (layer, product) not in self.fp32_products
            and product in self.products
        )

    def spec(self, enc: Embedder, layer: int, product: str) -> ProductSpec:
        w = getattr(enc.layers[layer], product)
        low = GELU_LOW if self.shift_gelu and product == "out_w" else None
        if not (self.smooth and product in NORMED_INPUTS):
            return ProductSpec(w, low=low)
        act = np.asarray(calibration(enc)[f"l{layer}_{product}"], dtype=np.float32)
        w_max = np.maximum(np.abs(w).max(axis=1), MIN_SCALE)
        chan = np.maximum(act, MIN_SCALE) ** SMOOTH_ALPHA / w_max ** (1 - SMOOTH_ALPHA)
        return ProductSpec(w, chan.astype(np.float32), low)


# The plan of the "onnx-int8" runtime: every product in int8, smoothed and shifted, but two
# of the first layer's: its query/key/value projection and its FFN down product. With every
# product in int8 the encoder is 2.31x as fast as float32, but the seeds' claim alignment F1
# falls 0.873 -> 0.853, under its 0.86 floor; so it does with either of those two in int8 (the
# first layer's attention output, FFN up, or both, in int8 keep 0.873 and every other seeds
# and AllSides gold figure). On 5,658 texts of a run (150 articles, one thread, best of three):
# the whole first layer in float32 (the plan before this one) 14.98 CPU s, this plan 13.85;
# worst cosine to numpy 0.9946 and 0.9942 (BENCHMARKS.md, #17).
DEFAULT_PLAN = Int8Plan(fp32_products=((0, "qkv_w"), (0, "out_w")))


def calibration(enc: Embedder) -> dict[str, Any]:
    """The smoothed products' input maxima (``CALIBRATION_FILE``): name -> per-channel list.
    Measured on one model: another model's encoder is refused rather than smoothed wrongly."""
    return _calibration_of(str(enc.folder))


@lru_cache(maxsize=4)
def _calibration_of(folder: str) -> dict[str, Any]:
    from storyline.embed import EmbedError, model_id

    data: dict[str, Any] = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    if data["model"] != model_id(folder, runtime="numpy"):
        raise EmbedError(
            f"{folder}: the int8 encoder's calibration is of model {data['model']}; "
            "run benchmarks/embed_calibrate.py for this one, or use runtime 'onnx'"
        )
    inputs: dict[str, Any] = data["inputs"]
    return inputs


def quantise_columns(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``w`` (in, out) as int8 and a float32 scale per output column: ``w ~ q * scale``."""
    scale = np.maximum(np.abs(w).max(axis=0), MIN_SCALE) / QMAX
    q = np.clip(np.rint(w / scale), -QMAX, QMAX).astype(np.int8)
    return q, scale.astype(np.float32)


def _f32(value: float) -> np.ndarray:
    return np.array(value, dtype=np.float32)


def _rows_shape(g: _Graph, width: int) -> str:
    """(batch, tokens, ``width``) as a shape tensor, written once per width."""
    name, seq = f"rows_shape_{width}", "batch_tokens"
    if seq not in g.made:
        g.made.add(seq)
        g.node("Shape", ["input_ids"], seq)
    if name not in g.made:
        g.made.add(name)
        g.node("Concat", [seq, g.const(f"width_{width}", np.array([width]))], name, axis=0)
    return name


def _quantise_rows(g: _Graph, rows: str, name: str, low: float | None) -> tuple[str, str, str]:
    """Rows (tokens, in) -> (uint8 rows, their scales (tokens, 1), the zero point): symmetric
    around ``ACT_ZERO``, or, shifted by ``low``, over uint8's whole range from zero."""
    from onnx import numpy_helper

    if low is None:
        top = g.node("Abs", [rows], name + "_abs")
        qmax, zero = QMAX, ACT_ZERO
    else:
        rows = top = g.node("Sub", [rows, g.const(f"low_{low}", _f32(low))], name + "_shift")
        qmax, zero = UQMAX, 0
    top = g.node("ReduceMax", [top], name + "_top", axes=[1])
    top = g.node("Max", [top, g.const("min_scale", _f32(MIN_SCALE))], name + "_top_floor")
    scale = g.node("Mul", [top, g.const(f"inv_{qmax:g}", _f32(1 / qmax))], name + "_scale")
    flat = g.node("Reshape", [scale, g.const("flat", np.array([-1]))], name + "_scale_flat")
    zeros = g.node("Shape", [flat], name + "_rows_n")
    value = numpy_helper.from_array(np.array([zero], dtype=np.uint8))
    zeros = g.node("ConstantOfShape", [zeros], name + "_zero_points", value=value)
    q = g.node("QuantizeLinear", [rows, flat, zeros], name + "_q", axis=0)
    return q, scale, g.const(f"zero_{zero}", np.array(zero, dtype=np.uint8))


def int8_product(g: _Graph, x: str, spec: ProductSpec, name: str) -> str:
    """``x @ spec.w`` (no bias) with ``x`` (batch, tokens, in) quantised per token row and the
    weights per output column; the output is float32 (batch, tokens, out)."""
    w = spec.w if spec.chan is None else spec.w * spec.chan[:, None]
    k, n = w.shape
    if spec.chan is not None:
        x = g.node("Mul", [x, g.const(name + "_unsmooth", 1 / spec.chan)], name + "_smoothed")
    rows = g.node("Reshape", [x, g.const(f"rows_of_{k}", np.array([-1, k]))], name + "_rows")
    q, scale, zero = _quantise_rows(g, rows, name, spec.low)
    q_w, col_scale = quantise_columns(w)
    w_in = [g.const(name + "_wq", q_w), g.const("one", _f32(1.0)), g.const(name + "_ws", col_scale)]
    acc = g.node("MatMulIntegerToFloat", [q, *w_in, zero], name + "_acc", ms=True)
    out = g.node("Mul", [acc, scale], name + "_rows_out")
    if spec.low is not None:  # (x - low) @ w = x @ w - low * (column sums of w)
        sums = (q_w.astype(np.float32) * col_scale).sum(axis=0) * np.float32(spec.low)
        out = g.node("Add", [out, g.const(name + "_unshift", sums)], name + "_unshifted")
    return g.node("Reshape", [out, _rows_shape(g, n)], name)
