"""The encoder on ONNX Runtime (storyline.embed_onnx) against the numpy reference pass.

The numpy pass is the one tests/test_embed.py checks against sentence-transformers; the ONNX
graph is built from the same packaged weights, in memory, with no download, and must give the
same vectors to float32 rounding on the sample articles' real sentences.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from storyline.embed import EMBED_RUNTIME, Embedder, EmbedError, load_embedder, model_id
from storyline.ingest import read_paths
from storyline.models import Article
from test_embed import SAMPLES, _sample_sentences

# Every ONNX Runtime vector within this cosine of numpy's: the two runtimes sum the same
# products in another order (measured worst 2e-7 on 3,704 texts of a run, embed_runtimes.py).
MIN_RUNTIME_COSINE = 1 - 1e-5
# Batching must not leak into a vector on ONNX Runtime either (as in tests/test_embed.py).
BATCH_ATOL = 1e-5


@pytest.fixture(scope="module")
def numpy_encoder() -> Embedder:
    return load_embedder(runtime="numpy")


@pytest.fixture(scope="module")
def onnx_encoder() -> Iterator[Embedder]:
    """Built with the network closed: a graph that reached for a hub would fail here."""

    def refuse(*_: Any, **__: Any) -> None:
        raise OSError("no network in this test")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", refuse)
        enc = load_embedder(runtime="onnx")
        enc.encode(["The graph is built on the first text."])
    yield enc


def _paragraphs() -> list[str]:
    """Whole paragraphs of the sample articles: longer texts than the sentences."""
    arts = [a for a in read_paths([SAMPLES]) if isinstance(a, Article)]
    return [p for a in arts for p in a.text.split("\n") if len(p.split()) > 12]


def test_onnx_vectors_match_numpy(numpy_encoder: Embedder, onnx_encoder: Embedder) -> None:
    texts = _sample_sentences() + _paragraphs()
    ours, ref = onnx_encoder.encode(texts), numpy_encoder.encode(texts)
    assert ours.shape == ref.shape and ours.dtype == np.float32
    cos = np.sum(ours * ref, axis=1)
    worst = int(np.argmin(cos))
    assert cos[worst] >= MIN_RUNTIME_COSINE, (texts[worst], float(cos[worst]))
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def assert_batch_free(encoder: Embedder, texts: list[str], atol: float) -> None:
    """``texts`` encoded alone, in one batch and in reversed order in batches of five give
    one vector each (to ``atol``)."""
    together = encoder.encode(texts, batch_size=len(texts))
    alone = np.vstack([encoder.encode([t]) for t in texts])
    reversed_ = encoder.encode(texts[::-1], batch_size=5)[::-1]
    np.testing.assert_allclose(together, alone, atol=atol)
    np.testing.assert_allclose(reversed_, alone, atol=atol)


def test_onnx_padding_and_batching_change_nothing(onnx_encoder: Embedder) -> None:
    """Padding keys are masked in the fused attention as in numpy: a text alone, in a batch
    with longer ones and in reversed order gives one vector."""
    assert_batch_free(onnx_encoder, _sample_sentences()[:12], BATCH_ATOL)


def test_each_runtime_names_its_own_vectors() -> None:
    """A store keeps vectors under the model id: one runtime's are never read as the other's."""
    assert model_id(runtime="numpy") != model_id(runtime="onnx")
    assert model_id() == model_id(runtime=EMBED_RUNTIME)
    assert load_embedder(runtime="numpy").model_id == model_id(runtime="numpy")


def test_unknown_runtime_is_refused() -> None:
    with pytest.raises(EmbedError, match="unknown encoder runtime"):
        load_embedder(runtime="tensorflow")
