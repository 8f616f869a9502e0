"""The numpy kernels of the encoder's forward pass (``storyline.embed``): one layer's weights,
layer norm, a float32 erf and GELU, and dense products as single 2-D multiplies."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DTYPE = np.float32
# Coefficients of the float32 erf approximation (Eigen, ``generic_fast_erf_float``): erf(x) ~
# x * P(x^2) / Q(x^2) on [-4, 4], max error ~5e-7 (checked against scipy in tests/test_embed.py).
ERF_CLAMP = DTYPE(4.0)
ERF_P = tuple(
    DTYPE(c)
    for c in (
        -2.72614225801306e-10,
        2.77068142495902e-08,
        -2.10102402082508e-06,
        -5.69250639462346e-05,
        -7.34990630326855e-04,
        -2.95459980854025e-03,
        -1.60960333262415e-02,
    )
)
ERF_Q = tuple(
    DTYPE(c)
    for c in (
        -1.45660718464996e-05,
        -2.13374055278905e-04,
        -1.68282697438203e-03,
        -7.37332916720468e-03,
        -1.42647390514189e-02,
    )
)
INV_SQRT2 = DTYPE(1.0 / np.sqrt(2.0))
# Elements per GELU chunk: 64k float32 = 256 KB, small enough for L2 with its temporaries.
GELU_CHUNK = 1 << 16


@dataclass(frozen=True)
class _Layer:
    """One transformer layer's weights, pre-transposed so every dense layer is ``x @ w + b``."""

    qkv_w: np.ndarray  # (hidden, 3*hidden): query, key and value fused into one matmul
    qkv_b: np.ndarray
    attn_out_w: np.ndarray
    attn_out_b: np.ndarray
    attn_ln_w: np.ndarray
    attn_ln_b: np.ndarray
    inter_w: np.ndarray
    inter_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    out_ln_w: np.ndarray
    out_ln_b: np.ndarray


def _load_layer(weights: dict[str, np.ndarray], prefix: str) -> _Layer:
    """One layer's weights; dense matrices transposed once here instead of on every batch."""

    def get(name: str) -> np.ndarray:
        return np.ascontiguousarray(weights[prefix + name], dtype=DTYPE)

    def dense(name: str) -> np.ndarray:
        return np.ascontiguousarray(get(name + ".weight").T)

    att = "attention.self."
    return _Layer(
        qkv_w=np.concatenate([dense(att + n) for n in ("query", "key", "value")], axis=1),
        qkv_b=np.concatenate([get(att + n + ".bias") for n in ("query", "key", "value")]),
        attn_out_w=dense("attention.output.dense"),
        attn_out_b=get("attention.output.dense.bias"),
        attn_ln_w=get("attention.output.LayerNorm.weight"),
        attn_ln_b=get("attention.output.LayerNorm.bias"),
        inter_w=dense("intermediate.dense"),
        inter_b=get("intermediate.dense.bias"),
        out_w=dense("output.dense"),
        out_b=get("output.dense.bias"),
        out_ln_w=get("output.LayerNorm.weight"),
        out_ln_b=get("output.LayerNorm.bias"),
    )


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    return centred / np.sqrt(var + eps) * w + b


def _erf(x: np.ndarray) -> np.ndarray:
    """erf in float32 to within 5e-7: Eigen's rational approximation (``generic_fast_erf``).

    Why not ``scipy.special.erf``: importing scipy.special adds ~0.4 s to a cold start and its
    erf is ~5x slower than this on BERT's intermediate activations (the largest tensor).
    Beyond |x| = 4, erf is +-1 to float32 precision, hence the clamp.
    """
    c = np.clip(x, -ERF_CLAMP, ERF_CLAMP)
    c2 = c * c
    p = c2 * ERF_P[0]
    p += ERF_P[1]
    for coef in ERF_P[2:]:
        p *= c2
        p += coef
    p *= c
    q = c2 * ERF_Q[0]
    q += ERF_Q[1]
    for coef in ERF_Q[2:]:
        q *= c2
        q += coef
    p /= q
    return p


def _gelu_inplace(h: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as BERT's ``hidden_act: gelu`` means; the tanh form drifts ~1e-3.

    Works through the array in cache-sized chunks: the dozen elementwise passes of ``_erf``
    then stay in cache instead of streaming a 20 MB tensor from memory each time (2x faster).
    """
    flat = h.reshape(-1)
    for start in range(0, flat.size, GELU_CHUNK):
        part = flat[start : start + GELU_CHUNK]
        e = _erf(part * INV_SQRT2)
        e += 1.0
        e *= 0.5
        part *= e
    return h


def _dense(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``x @ w + b`` over the last axis, as one 2-D product.

    NumPy runs a 3-D ``(B, S, H) @ (H, K)`` as B separate products; flattening the batch
    into one ``(B*S, H)`` matrix lets BLAS do a single large multiply, about 10x faster here.
    """
    flat = x.reshape(-1, x.shape[-1]) @ w
    flat += b
    return flat.reshape(*x.shape[:-1], w.shape[1])
