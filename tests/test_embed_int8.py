"""The int8 encoder (storyline.embed_int8 on ONNX Runtime) against the numpy reference pass.

Its products run in int8 with a scale per token row, so it is a close approximation, not the
same computation: every vector of the sample articles' real sentences and paragraphs must be
within ``MIN_COSINE`` of numpy's, and a text's vector must not depend on the texts batched with
it (the rule ``quantize_dynamic``'s one scale a batch broke; the store keeps one vector a text).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from storyline.embed import (
    BERT_CONFIG_FILE,
    Embedder,
    EmbedError,
    cpu_has_vnni,
    load_embedder,
    model_id,
    packaged_model_dir,
)
from storyline.embed_int8 import CALIBRATION_FILE, DEFAULT_PLAN, MIN_COSINE, NORMED_INPUTS
from test_embed import _sample_sentences
from test_embed_onnx import _paragraphs, assert_batch_free

# A text alone and in a batch: the integer sums are exact and everything else is float32
# per row, so the vectors agree to float32 rounding (as the float32 runtimes do).
BATCH_ATOL = 1e-5


# int8 runs (and is checked) only where it is used: on CPUs with VNNI (``embed.cpu_has_vnni``).
needs_vnni = pytest.mark.skipif(not cpu_has_vnni(), reason="int8 encoder is used only with VNNI")


@pytest.fixture(scope="module")
def int8_encoder() -> Embedder:
    return load_embedder(runtime="onnx-int8")


@needs_vnni
def test_int8_vectors_close_to_numpy(int8_encoder: Embedder) -> None:
    texts = _sample_sentences() + _paragraphs()
    ours = int8_encoder.encode(texts)
    ref = load_embedder(runtime="numpy").encode(texts)
    cos = np.sum(ours * ref, axis=1)
    worst = int(np.argmin(cos))
    assert cos[worst] >= MIN_COSINE, (texts[worst], float(cos[worst]))
    # An approximation, not a copy: were the products float32, this would be 1 - 1e-7.
    assert cos.mean() < 1 - 1e-5
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


@needs_vnni
def test_int8_vector_does_not_depend_on_its_batch(int8_encoder: Embedder) -> None:
    """Each token row is quantised on its own scale: a text alone, in a batch with longer and
    shorter ones and in another order gives one vector."""
    assert_batch_free(int8_encoder, _sample_sentences()[:10] + _paragraphs()[:6], BATCH_ATOL)


def test_int8_names_its_own_vectors_and_calibration() -> None:
    """The int8 vectors have their own model id, and the smoothing's calibration was measured
    on this model with the products it smooths (benchmarks/embed_calibrate.py)."""
    ids = {model_id(runtime=r) for r in ("numpy", "onnx", "onnx-int8")}
    assert len(ids) == 3
    assert load_embedder(runtime="onnx-int8").model_id == model_id(runtime="onnx-int8")
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert data["model"] == model_id(runtime="numpy")
    assert {k.split("_", 1)[1] for k in data["inputs"]} == set(NORMED_INPUTS)
    assert all(len(v) == 384 and min(v) > 0 for v in data["inputs"].values())


def test_int8_refuses_a_model_it_was_not_calibrated_on(tmp_path: Path) -> None:
    """Another model's channels have other ranges: its int8 graph is refused, not built with
    this model's smoothing."""
    src = packaged_model_dir()
    for f in src.rglob("*"):
        if f.is_file():
            (tmp_path / f.relative_to(src)).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / f.relative_to(src)).symlink_to(f)
    config = json.loads((src / BERT_CONFIG_FILE).read_text(encoding="utf-8"))
    (tmp_path / BERT_CONFIG_FILE).unlink()
    (tmp_path / BERT_CONFIG_FILE).write_text(json.dumps({**config, "note": "fine-tuned"}))
    other = load_embedder(tmp_path, runtime="onnx-int8")
    with pytest.raises(EmbedError, match="calibration"):
        other.encode(["A sentence the other model would encode."])
    assert DEFAULT_PLAN.quantised(1, "qkv_w") and not DEFAULT_PLAN.quantised(0, "qkv_w")


def test_the_default_runtime_follows_the_cpu(tmp_path: Path) -> None:
    """int8 where the flags line names VNNI, float32 ONNX where it does not or is unreadable."""
    from storyline import embed

    for flags, has in (
        ("fpu sse2 avx2 avx512f avx512bw avx512_vnni", True),
        ("fpu sse2 avx2 avx_vnni", True),
        ("fpu sse2 avx2 avx512f avx512bw", False),
    ):
        info = tmp_path / f"cpuinfo-{has}-{len(flags)}"
        info.write_text(f"processor\t: 0\nflags\t\t: {flags}\n", encoding="utf-8")
        assert embed.cpu_has_vnni(info) is has
    assert embed.cpu_has_vnni(tmp_path / "missing") is False
    assert embed.EMBED_RUNTIME == ("onnx-int8" if embed.cpu_has_vnni() else "onnx")
